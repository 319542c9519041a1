"""The briefing: one self-contained HTML file of who said and forecast what, with sources."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from augury import api
from augury.api import UNFILTERED, Filters
from augury.model import Document, Forecast, Quote
from augury.report.charts import calibration_svg
from augury.report.markup import Mark, forecast_title, mark_up, quote_title
from augury.resolve.actors import ResolvedActors
from augury.store import Store


@dataclass
class Item:
    """A quote or forecast with what the briefing needs to show and link it."""

    anchor: str
    doc: DocView
    who: str | None
    quote: Quote | None = None
    forecast: Forecast | None = None
    id: str | None = None
    outcome: str | None = None


@dataclass
class DocView:
    anchor: str
    document: Document
    quotes: list[Item] = field(default_factory=list)
    forecasts: list[Item] = field(default_factory=list)
    body: str = ""

    @property
    def label(self) -> str:
        return self.document.title or self.document.source


@dataclass
class ActorView:
    name: str
    kind: str | None = None
    roles: list[dict[str, Any]] = field(default_factory=list)
    documents: int = 0
    quotes: list[Item] = field(default_factory=list)
    forecasts: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Scope:
    """What a filtered briefing shows: these documents and, where the filters select items
    (by actor, question or words), only those quotes (doc, start, end) and forecasts (ids)."""

    documents: frozenset[str]
    quotes: frozenset[tuple[str, int, int]] | None = None
    forecasts: frozenset[str] | None = None


def scope(store: Store, filters: Filters, actors: ResolvedActors) -> Scope | None:
    """The part of the database `filters` select, as the listings select it; None for all.
    A briefing is not paged: limit and offset are ignored."""
    whole = replace(filters, limit=None, offset=0)
    if whole == UNFILTERED:
        return None
    if (whole.actor, whole.question, whole.search) == (None, None, None):
        return Scope(frozenset(r["doc"] for r in api.documents(store, whole)))
    forecasts = {r["id"]: r["doc"] for r in api.forecasts(store, whole, actors)}
    # Quotes predict nothing, so a question selects none of them.
    quotes = set() if whole.question else {
        (r["doc"], r["start"], r["end"]) for r in api.quotes(store, whole, actors)}
    return Scope(frozenset(forecasts.values()) | {doc for doc, _, _ in quotes},
                 frozenset(quotes), frozenset(forecasts))


def describe(filters: Filters) -> str:
    """The filters in words for the briefing's header: `actor Natasha Kuhrt · since 2024-11-01`."""
    words = {"date_from": "since", "date_to": "until"}
    return " · ".join(f"{words.get(f.name, f.name)} {getattr(filters, f.name)}"
                      for f in fields(filters)
                      if f.name not in {"limit", "offset"} and getattr(filters, f.name) is not None)


def _documents(store: Store, actors: ResolvedActors,
               chosen: Scope | None) -> tuple[list[DocView], dict[str, Item]]:
    """Every document (in `chosen`) with its items (in `chosen`) marked in its text; and each
    forecast's item by its id."""
    docs: list[DocView] = []
    by_id: dict[str, Item] = {}
    resolutions = api.outcomes(store)
    for stored in api.stored_documents(store):
        doc_id, document, analysis = stored.id, stored.document, stored.analysis
        if chosen is not None and document.source not in chosen.documents:
            continue
        view = DocView(anchor=f"doc{doc_id}", document=document)
        marks: list[Mark] = []
        for i, q in enumerate(analysis.quotes):
            if chosen is not None and chosen.quotes is not None and (
                    document.source, q.start, q.end) not in chosen.quotes:
                continue
            item = Item(f"doc{doc_id}-q{i}", view, actors.name_of(q.speaker), quote=q)
            view.quotes.append(item)
            marks.append(Mark(item.anchor, f"quote {q.kind}", q.start, q.end,
                              quote_title(q, item.who)))
        for i, (f, fid) in enumerate(zip(analysis.forecasts, stored.forecast_ids, strict=True)):
            if chosen is not None and chosen.forecasts is not None and fid not in chosen.forecasts:
                continue
            resolution = resolutions.get(fid)
            item = Item(f"doc{doc_id}-f{i}", view, actors.name_of(f.holder), forecast=f, id=fid,
                        outcome=resolution.outcome if resolution else None)
            view.forecasts.append(item)
            by_id[fid] = item
            marks.append(Mark(item.anchor, f"forecast {f.kind}", f.start, f.end,
                              forecast_title(f, item.who)))
        view.body = mark_up(document.text, marks)
        docs.append(view)
    return docs, by_id


def build(store: Store, filters: Filters = UNFILTERED) -> dict[str, object]:
    """Everything the template shows, read from the store; with filters, what they select."""
    actors = api.resolved_actors(store)
    chosen = scope(store, filters, actors)
    docs, by_id = _documents(store, actors, chosen)

    views: dict[str, ActorView] = {}
    for view in docs:
        for item in view.quotes + view.forecasts:
            if not item.who:
                continue
            actor = views.get(item.who)
            if actor is None:
                resolved = actors.lookup(item.who)
                actor = views[item.who] = ActorView(
                    item.who, resolved.kind if resolved else None,
                    resolved.roles if resolved else [], len(resolved.documents) if resolved else 0,
                )
            (actor.quotes if item.quote else actor.forecasts).append(item)
    ranked = sorted(views.values(), key=lambda a: (-len(a.forecasts) - len(a.quotes), a.name))

    forecasts = [i for d in docs for i in d.forecasts]
    ledger = sorted(forecasts, key=lambda i: (i.who is None, i.who or ""))
    grouped = api.questions(store, replace(filters, limit=None, offset=0), resolved=actors)
    questions = [q for q in grouped if q["n"] > 1]
    for q in questions:
        for member in q["forecasts"]:
            member["anchor"] = by_id[member["id"]].anchor if member["id"] in by_id else None
    scores = api.scores(store, actors)
    if chosen is not None:
        # The track records of the holders and outlets shown, over all they said; the row of
        # all holders would speak for the whole database, so it is left out.
        shown = set(views) | {d.document.outlet for d in docs if d.document.outlet}
        scores = [row for row in scores if row["group"] != "all" and row["name"] in shown]
    for row in scores:
        row["chart"] = calibration_svg(row["calibration"], f"Calibration: {row['name']}")
    return {
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "scope": describe(filters),
        "documents": docs,
        "actors": ranked,
        "ledger": ledger,
        "questions": questions,
        "singletons": len(grouped) - len(questions),
        "scores": scores,
        "counts": {
            "documents": len(docs),
            "quotes": sum(len(d.quotes) for d in docs),
            "forecasts": sum(len(d.forecasts) for d in docs),
            "actors": len(ranked),
            "resolved": sum(1 for i in ledger if i.outcome),
        },
    }


def render(store: Store, filters: Filters = UNFILTERED) -> str:
    env = Environment(
        loader=PackageLoader("augury.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("briefing.html.j2").render(**build(store, filters))


def write_briefing(store: Store, path: str | Path, filters: Filters = UNFILTERED) -> Path:
    """Render the briefing for everything in `store`, or what `filters` select, to `path`."""
    path = Path(path)
    path.write_text(render(store, filters), encoding="utf-8")
    return path
