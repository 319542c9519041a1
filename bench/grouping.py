"""Forecast grouping (augury.resolve.questions) against the hand grouping of the seed forecasts.

    .venv/bin/python bench/grouping.py [--similarity S] [--concept-weight W] [--actor-weight W]
                                       [--sweep] [--all]

Input: the 95 gold forecasts of tests/fixtures/seeds_gold, as ForecastRefs with id
"<doc stem>#<index>", the gold text and holder, the seed's date, and a probability read from the
gold probability_hint (see `hint_probability`). Gold: tests/fixtures/questions_gold.json, every
forecast with a question label and a polarity against that question's proposition.

Figures:
- pairwise precision, recall and F1 of "same question" over all pairs of forecasts;
- polarity: of the pairs that are in one question in both gold and prediction, the share whose
  relative polarity (same side or opposite sides) is right. Gold polarity is that of the claim as
  written; a member's polarity is that of the event its probability is of (negation the hedge
  absorbed removed: hedges.py), so it is turned back to the claim as written before comparing;
- then every predicted question with two or more members, with each member's polarity,
  probability for the proposition and gold label (--all: singletons too).
--sweep prints the figures over a range of similarity thresholds instead.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "fixtures" / "seeds_gold"
QUESTIONS_GOLD = ROOT / "tests" / "fixtures" / "questions_gold.json"

from augury.analyze import hedges  # noqa: E402
from augury.analyze.pipeline import load_model  # noqa: E402
from augury.resolve.embeddings import load_encoder  # noqa: E402
from augury.resolve.questions import (  # noqa: E402
    ForecastRef,
    GroupingSettings,
    Question,
    group_forecasts,
    read_claims,
)

_NOT = re.compile(r"n[’']t\b")


def hint_probability(hint: str) -> float | None:
    """A simple reading of a gold probability_hint, in the forecasts stage's convention.

    The first alternative is read ("can expect / will" -> "can expect"), ellipses dropped. The
    probability is for the event as the clause states it, so a negator that negates the verb
    ("won't", "probably wouldn't") is left out of the reading, and one that negates a predicate
    hedge ("shouldn't be expected", "not impossible") is kept.
    """
    words = _NOT.sub(" not", hint.split("/")[0].replace("...", " ")).split()
    plain = " ".join(w for w in words if w.lower() not in ("not", "never"))
    predicate = any(
        h.role in ("predicate", "pledge") and re.search(rf"\b{re.escape(h.phrase)}", plain)
        for h in hedges.table().values()
    )
    return hedges.probability(" ".join(words) if predicate else plain)


@dataclass
class Gold:
    """The gold forecasts as grouping input, and each one's question label and polarity."""

    forecasts: list[ForecastRef]
    label: dict[str, str]
    polarity: dict[str, int]


def load_gold() -> Gold:
    """Forecasts from seeds_gold, labels and polarities from questions_gold.json."""
    forecasts = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        stem = Path(entry["doc"]).stem
        for i, f in enumerate(entry["forecasts"]):
            forecasts.append(
                ForecastRef(
                    id=f"{stem}#{i}",
                    text=f["text"],
                    holder=f["holder"],
                    probability=hint_probability(f["probability_hint"]),
                    date=entry["metadata"].get("date"),
                    doc=stem,
                )
            )
    gold = json.loads(QUESTIONS_GOLD.read_text(encoding="utf-8"))
    label = {m["id"]: q["label"] for q in gold["questions"] for m in q["members"]}
    polarity = {m["id"]: m["polarity"] for q in gold["questions"] for m in q["members"]}
    missing = {f.id for f in forecasts} ^ set(label)
    if missing:
        sys.exit(f"questions_gold.json and seeds_gold disagree on: {sorted(missing)}")
    return Gold(forecasts, label, polarity)


@dataclass
class Figures:
    """Pairwise same-question scores and relative-polarity accuracy."""

    precision: float
    recall: float
    f1: float
    polarity_right: int
    polarity_pairs: int


def score(questions: list[Question], gold: Gold, absorbed: dict[str, bool]) -> Figures:
    """Compare predicted questions with the gold over all pairs of forecasts."""
    predicted = {m.forecast_id: q.id for q in questions for m in q.members}
    polarity = {m.forecast_id: m.polarity * (-1 if absorbed[m.forecast_id] else 1)
                for q in questions for m in q.members}
    tp = fp = fn = right = 0
    for a, b in itertools.combinations(sorted(gold.label), 2):
        same_gold = gold.label[a] == gold.label[b]
        same_predicted = predicted[a] == predicted[b]
        tp += same_gold and same_predicted
        fp += same_predicted and not same_gold
        fn += same_gold and not same_predicted
        if same_gold and same_predicted:
            want = gold.polarity[a] * gold.polarity[b]
            right += polarity[a] * polarity[b] == want
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Figures(precision, recall, f1, right, tp)


def print_figures(figures: Figures, prefix: str = "") -> None:
    polarity = figures.polarity_right / figures.polarity_pairs if figures.polarity_pairs else 0
    print(
        f"{prefix}pairwise precision {figures.precision:.3f}  recall {figures.recall:.3f}  "
        f"F1 {figures.f1:.3f}   polarity {figures.polarity_right}/{figures.polarity_pairs}"
        f" ({polarity:.0%})"
    )


def print_questions(questions: list[Question], gold: Gold, singletons: bool) -> None:
    texts = {f.id: f for f in gold.forecasts}
    for q in questions:
        if len(q.members) < 2 and not singletons:
            continue
        median = "n/a" if q.median is None else f"{q.median:.2f}"
        flag = "  DISAGREEMENT" if q.disagreement else ""
        print(f"\n{q.id}  {q.proposition!r}  (median {median}, spread {q.spread}){flag}")
        for m in q.members:
            f = texts[m.forecast_id]
            p = "  - " if m.probability_for is None else f"{m.probability_for:.2f}"
            print(
                f"  {m.polarity:+d} {p} {m.forecast_id[:3]}#{m.forecast_id.split('#')[1]:<3}"
                f" [{gold.label[m.forecast_id]}] {f.holder}: “{f.text[:90]}”"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    defaults = GroupingSettings()
    parser.add_argument("--similarity", type=float, default=defaults.similarity)
    parser.add_argument("--concept-weight", type=float, default=defaults.concept_weight)
    parser.add_argument("--actor-weight", type=float, default=defaults.actor_weight)
    parser.add_argument("--sweep", action="store_true", help="figures over similarity thresholds")
    parser.add_argument("--all", action="store_true", help="list singleton questions too")
    args = parser.parse_args()

    gold = load_gold()
    nlp, encoder = load_model(), load_encoder()
    claims = read_claims([f.text for f in gold.forecasts], nlp)
    absorbed = {f.id: c.absorbed for f, c in zip(gold.forecasts, claims, strict=True)}

    def run(similarity: float) -> list[Question]:
        settings = GroupingSettings(similarity, args.concept_weight, args.actor_weight)
        return group_forecasts(gold.forecasts, settings, nlp=nlp, encoder=encoder)

    n_gold = len(set(gold.label.values()))
    print(f"{len(gold.forecasts)} forecasts, {n_gold} gold questions")
    if args.sweep:
        for step in range(-6, 7):
            similarity = round(args.similarity + step * 0.025, 3)
            questions = run(similarity)
            print_figures(score(questions, gold, absorbed), f"similarity {similarity:.3f}: ")
        return
    questions = run(args.similarity)
    print(
        f"settings: similarity {args.similarity}, concept weight {args.concept_weight}, "
        f"actor weight {args.actor_weight}; {len(questions)} predicted questions, "
        f"{sum(len(q.members) > 1 for q in questions)} with two or more members"
    )
    print_figures(score(questions, gold, absorbed))
    print_questions(questions, gold, args.all)


if __name__ == "__main__":
    main()
