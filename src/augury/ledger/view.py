"""Stored records as the listings and exports show them: quotes and forecasts with their
speakers and holders by resolved name, questions with their forecasts side by side,
resolutions, and scores."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from augury.ledger.scores import group_scores, settle
from augury.resolve.actors import ResolvedActors
from augury.store import Store


def quote_rows(store: Store, actors: ResolvedActors | None = None) -> list[dict[str, Any]]:
    """Each quote with its speaker given by the actor's resolved name ("Putin" → "Vladimir
    Putin"), as every other view shows it."""
    actors = actors or store.resolve_actors()
    return [{**r, "speaker": actors.name_of(r["speaker"])} for r in store.list_quotes()]


def forecast_rows(store: Store, actors: ResolvedActors | None = None) -> list[dict[str, Any]]:
    """Each forecast with its holder given by the actor's resolved name."""
    actors = actors or store.resolve_actors()
    return [{**r, "holder": actors.name_of(r["holder"])} for r in store.list_forecasts()]


def resolution_rows(store: Store) -> list[dict[str, Any]]:
    """Each recorded resolution: target, outcome, date, source, note."""
    return [asdict(r) for r in store.resolutions().values()]


def question_rows(store: Store, actors: ResolvedActors | None = None) -> list[dict[str, Any]]:
    """Each question with its forecasts (holder, date, probability for it, source), the median
    and spread of those probabilities, and whether holders disagree; disagreements first."""
    actors = actors or store.resolve_actors()
    forecasts = {f["id"]: f for f in store.list_forecasts()}
    resolutions = store.resolutions()
    rows = []
    for q in store.questions():
        members = []
        for m in q.members:
            f = forecasts.get(m.forecast_id)
            if f is None:
                continue
            members.append({
                "id": m.forecast_id, "holder": actors.name_of(f["holder"]),
                "date": f["published"], "probability_for": m.probability_for,
                "polarity": m.polarity, "text": f["text"], "doc": f["doc"],
                "outlet": f["outlet"], "start": f["start"], "end": f["end"],
            })
        if not members:
            continue
        resolution = resolutions.get(q.id)
        rows.append({
            "doc": members[0]["doc"], "id": q.id, "proposition": q.proposition,
            "n": len(members), "median": q.median, "spread": q.spread,
            "disagreement": q.disagreement,
            "holders": sorted({m["holder"] for m in members if m["holder"]}),
            "outcome": resolution.outcome if resolution else None,
            "forecasts": members,
        })
    rows.sort(key=lambda r: (not r["disagreement"], -r["n"], r["id"]))
    return rows


def score_rows(
    store: Store, actors: ResolvedActors | None = None, bins: int = 5
) -> list[dict[str, Any]]:
    """Scores per holder and per outlet over every settled forecast."""
    forecasts = forecast_rows(store, actors)
    members = store.question_rows()
    settled = settle(forecasts, members, store.resolutions())
    return [g.as_dict() for g in group_scores(settled, bins)]
