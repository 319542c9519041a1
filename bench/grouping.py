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

    .venv/bin/python bench/grouping.py --corpus DB [--pairs 300] [--dump FILE]

--corpus reads the questions stored in an Augury database (e.g. the one bench/scale.py builds
from PolNeAR) and prints their size distribution, then draws `--pairs` co-grouped forecast pairs
at random (seeded) and prints the pairwise precision of those judged by hand in
bench/judgments/grouping_pairs.jsonl, with a 95% Wilson interval. A judgment names each forecast
by its document and character offsets, never by its text, and says whether a reader would compare
the two side by side: same outcome, same parties, compatible time frame. --dump writes the pairs
not judged yet, with their texts, to FILE (outside the repository) for a judge.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "fixtures" / "seeds_gold"
QUESTIONS_GOLD = ROOT / "tests" / "fixtures" / "questions_gold.json"
JUDGMENTS = ROOT / "bench" / "judgments" / "grouping_pairs.jsonl"
SEEDS = ROOT / "samples" / "seeds"
SIZE_BINS = ((1, 1), (2, 2), (3, 5), (6, 10), (11, 20), (21, 50), (51, 10**9))

from augury.analyze import hedges  # noqa: E402
from augury.analyze.pipeline import load_model  # noqa: E402
from augury.resolve.embeddings import load_encoder  # noqa: E402
from augury.resolve.questions import (  # noqa: E402
    ForecastRef,
    GroupingSettings,
    Question,
    context_before,
    document_parties,
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


def seed_parties() -> dict[str, frozenset[str]]:
    """Each seed's principal parties, from its analysis as ingest stores it."""
    from augury.analyze.pipeline import Analyzer
    from augury.ingest import read_paths

    analyzer = Analyzer()
    return {Path(d.source).stem: document_parties(analyzer.analyze(d).actors)
            for d in read_paths([SEEDS])}


def load_gold() -> Gold:
    """Forecasts from seeds_gold, labels and polarities from questions_gold.json."""
    forecasts = []
    parties = seed_parties()
    for path in sorted(GOLD_DIR.glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        stem = Path(entry["doc"]).stem
        seed = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
        for i, f in enumerate(entry["forecasts"]):
            at = seed.find(f["text"])
            forecasts.append(
                ForecastRef(
                    id=f"{stem}#{i}",
                    text=f["text"],
                    holder=f["holder"],
                    probability=hint_probability(f["probability_hint"]),
                    date=entry["metadata"].get("date"),
                    doc=stem,
                    parties=parties[stem],
                    kind=f["kind"],
                    context=context_before(seed, at) if at >= 0 else "",
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


def pair_key(a: dict, b: dict) -> tuple[str, str]:
    """A co-grouped pair by document and offsets, in a fixed order."""
    first, second = sorted(f"{f['doc']}:{f['start']}-{f['end']}" for f in (a, b))
    return first, second


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def corpus(db: Path, pairs: int, seed: int, dump: Path | None) -> None:
    """Size distribution of the stored questions and precision on judged co-grouped pairs."""
    from augury.store import Store

    with Store(db, create=False) as store:
        forecasts = {f["id"]: f for f in store.list_forecasts()}
        questions = store.questions()
    sizes = Counter(len(q.members) for q in questions)
    print(f"{db}: {len(forecasts):,} forecasts in {len(questions):,} questions")
    for low, high in SIZE_BINS:
        n = sum(c for size, c in sizes.items() if low <= size <= high)
        label = str(low) if low == high else f"{low}-{high}" if high < 10**9 else f"{low}+"
        print(f"  size {label:>6}: {n:>6} questions")
    largest = sorted(questions, key=lambda q: -len(q.members))[:5]
    for q in largest:
        print(f"  largest: {len(q.members):>4}  {q.proposition[:90]!r}")
    grouped = [(forecasts[a.forecast_id], forecasts[b.forecast_id], q)
               for q in questions for a, b in itertools.combinations(q.members, 2)]
    sample = random.Random(seed).sample(grouped, min(pairs, len(grouped)))
    judged = {}
    if JUDGMENTS.exists():
        for line in JUDGMENTS.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            judged[(row["a"], row["b"])] = row["same"]
    verdicts = [judged.get(pair_key(a, b)) for a, b, _ in sample]
    print(f"{len(grouped):,} co-grouped pairs; {len(sample)} drawn (seed {seed}), "
          f"{sum(v is not None for v in verdicts)} judged")
    # A sentence repeated word for word (boilerplate, a re-run article) is trivially one
    # question; the pairs of different texts say how well grouping reads outcomes.
    shared = sum(len(q.members) for q in questions if len(q.members) > 1)
    print(f"forecasts sharing a question with another: {shared:,} of {len(forecasts):,} "
          f"({shared / max(len(forecasts), 1):.1%})")
    # One large question of repeated boilerplate can hold most pairs; without it the figure
    # says how the rest are grouped.
    top = largest[0].id if largest else None
    for label, keep in (("all judged pairs", lambda a, b, q: True),
                        ("pairs of different texts", lambda a, b, q: a["text"] != b["text"]),
                        ("pairs outside the largest question", lambda a, b, q: q.id != top)):
        chosen = [v for (a, b, q), v in zip(sample, verdicts, strict=True)
                  if v is not None and keep(a, b, q)]
        same, known = sum(chosen), len(chosen)
        if known:
            low, high = wilson(same, known)
            print(f"pairwise precision, {label}: {same / known:.3f} ({same}/{known}; "
                  f"95% interval {low:.3f}-{high:.3f})")
    if dump is not None:
        todo = [(a, b, q) for (a, b, q), v in zip(sample, verdicts, strict=True) if v is None]
        with dump.open("w", encoding="utf-8") as out:
            for a, b, q in todo:
                key_a, key_b = pair_key(a, b)
                first, second = (a, b) if f"{a['doc']}:{a['start']}-{a['end']}" == key_a else (b, a)
                out.write(json.dumps({"a": key_a, "b": key_b, "question": q.proposition,
                                      "a_text": first["text"], "a_holder": first["holder"],
                                      "a_date": first["published"], "b_text": second["text"],
                                      "b_holder": second["holder"],
                                      "b_date": second["published"]}, ensure_ascii=False) + "\n")
        print(f"{len(todo)} pairs to judge written to {dump}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    defaults = GroupingSettings()
    parser.add_argument("--similarity", type=float, default=defaults.similarity)
    parser.add_argument("--concept-weight", type=float, default=defaults.concept_weight)
    parser.add_argument("--actor-weight", type=float, default=defaults.actor_weight)
    parser.add_argument("--sweep", action="store_true", help="figures over similarity thresholds")
    parser.add_argument("--floor", type=float, default=defaults.floor)
    parser.add_argument("--all", action="store_true", help="list singleton questions too")
    parser.add_argument("--corpus", type=Path, help="an Augury database to measure instead")
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dump", type=Path, help="write the pairs not judged yet here")
    args = parser.parse_args()
    if args.corpus:
        corpus(args.corpus, args.pairs, args.seed, args.dump)
        return

    gold = load_gold()
    nlp, encoder = load_model(), load_encoder()
    claims = read_claims([f.text for f in gold.forecasts], nlp, [f.parties for f in gold.forecasts])
    absorbed = {f.id: c.absorbed for f, c in zip(gold.forecasts, claims, strict=True)}

    def run(similarity: float) -> list[Question]:
        settings = GroupingSettings(similarity, args.concept_weight, args.actor_weight,
                                    args.floor)
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
        f"settings: similarity {args.similarity}, floor {args.floor}, concept weight "
        f"{args.concept_weight}, actor weight {args.actor_weight}; {len(questions)} predicted "
        f"questions, "
        f"{sum(len(q.members) > 1 for q in questions)} with two or more members"
    )
    print_figures(score(questions, gold, absorbed))
    print_questions(questions, gold, args.all)


if __name__ == "__main__":
    main()
