"""Who was right: each resolved forecast's outcome, and Brier scores per holder and per outlet."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from augury.ledger.scoring import COIN_FLIP_BRIER, Outcome, Score, score
from augury.model import Resolution

# Holders that are no one in particular: scored as groups, never beside named people.
UNNAMED = frozenset({"group", "document"})


@dataclass(frozen=True)
class Settled:
    """A forecast whose claim resolved yes or no, with what it had said."""

    forecast_id: str
    holder: str | None
    outlet: str | None
    outcome: Outcome
    via: str  # the forecast or question id whose resolution settled it
    holder_kind: str | None = None


def settle(
    forecasts: Sequence[dict[str, Any]],
    members: Sequence[dict[str, Any]],
    resolutions: dict[str, Resolution],
) -> list[Settled]:
    """Forecasts settled by their own resolution, else by their question's (read through the
    forecast's polarity). Void, unresolved and probability-less forecasts are never scored."""
    question_of = {m["forecast_id"]: m for m in members}
    settled = []
    for f in forecasts:
        if f["probability"] is None:
            continue
        own = resolutions.get(f["id"])
        member = question_of.get(f["id"])
        via = own or (resolutions.get(member["question"]) if member else None)
        if via is None or via.outcome == "void":
            continue
        happened = via.outcome == "yes"
        if own is None and member is not None and member["polarity"] < 0:
            happened = not happened  # the question says yes; this forecast claimed the opposite
        settled.append(Settled(f["id"], f["holder"], f["outlet"],
                               Outcome(f["probability"], happened), via.target,
                               f.get("holder_kind")))
    return settled


@dataclass(frozen=True)
class GroupScore:
    group: str  # "all", "holder", "group" (unnamed sources: "analysts") or "outlet"
    name: str
    score: Score

    def as_dict(self) -> dict[str, Any]:
        s = self.score
        return {
            "group": self.group, "name": self.name, "resolved": s.n,
            "brier": s.brier, "coin_flip_brier": COIN_FLIP_BRIER, "skill": s.skill,
            "calibration": [
                {"low": b.low, "high": b.high, "n": b.n,
                 "mean_probability": b.mean_probability, "observed": b.observed}
                for b in s.calibration
            ],
        }


def group_scores(settled: Sequence[Settled], bins: int = 5) -> list[GroupScore]:
    """Scores of everyone together, then per named holder, per group of unnamed sources
    ("analysts", "officials": kept apart from named people) and per outlet, most resolved first;
    unknown holders and outlets are not scored as a group."""
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for s in settled:
        groups[("all", "all holders")].append(s.outcome)
        if s.holder:
            kind = "group" if s.holder_kind in UNNAMED else "holder"
            groups[(kind, s.holder)].append(s.outcome)
        if s.outlet:
            groups[("outlet", s.outlet)].append(s.outcome)
    scores = [GroupScore(g, name, score(outcomes, bins)) for (g, name), outcomes in groups.items()]
    order = {"all": 0, "holder": 1, "group": 2, "outlet": 3}
    return sorted(scores, key=lambda x: (order[x.group], -x.score.n, x.name))
