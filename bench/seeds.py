"""Accuracy of ingest + analyze on the five hand-annotated seed articles.

Prints, per seed and pooled: direct quotes (>= 4 words) found with the right speaker, metadata
fields right, gold forecasts found and found with the right holder, predicted forecasts matching
no gold claim; then every miss. The comparison lives in tests/seed_gold.py (shared with
tests/test_seed_accuracy.py).

    python bench/seeds.py [--quiet] [--extra]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from seed_gold import SEEDS_DIR, SeedScore, figures, load_gold, score_seed  # noqa: E402

from augury.analyze.pipeline import Analyzer  # noqa: E402
from augury.errors import IngestError  # noqa: E402
from augury.model import Document  # noqa: E402


def read_seeds(paths: list[Path]) -> list[Document]:
    """The seeds as ingest makes them; the raw files (no metadata) while ingest is not there."""
    try:
        from augury.ingest import read_paths
    except ImportError as exc:
        print(f"warning: augury.ingest unusable ({exc}); scoring the raw text", file=sys.stderr)
        return [Document(text=p.read_text(encoding="utf-8"), source=p.name) for p in paths]
    documents = []
    for path in paths:
        items = list(read_paths([path]))
        found = [i for i in items if isinstance(i, Document)]
        if not found:
            why = "; ".join(str(i) for i in items if isinstance(i, IngestError)) or "nothing read"
            print(f"warning: {path.name}: {why}; scoring an empty document", file=sys.stderr)
            found = [Document(text="", source=path.name)]
        documents.append(found[0])
    return documents


def pct(hit: int | float | None, total: int | None = None) -> str:
    if total is not None:
        return f"{hit}/{total}" + (f" ({hit / total:.0%})" if total else "")
    return "n/a" if hit is None else f"{hit:.0%}"


def print_seed(s: SeedScore, show_misses: bool, show_extra: bool) -> None:
    print(f"{s.doc}")
    print(
        f"  quotes  {pct(s.quotes_hit, s.quotes_total):>12}   "
        f"metadata {pct(s.meta_hit, s.meta_total):>12}"
    )
    print(
        f"  forecasts found {pct(s.forecasts_found, s.forecasts_total):>12}   "
        f"with holder {pct(s.forecasts_holder, s.forecasts_total):>12}   "
        f"extra {len(s.forecasts_extra)}/{s.forecasts_predicted} predicted"
    )
    if not show_misses:
        return
    for miss in s.quote_misses:
        print(f"    quote miss    {miss}")
    for wrong in s.meta_wrong:
        print(f"    metadata      {wrong}")
    for miss in s.forecast_misses:
        print(f"    forecast miss {miss}")
    if show_extra:
        for extra in s.forecasts_extra:
            print(f"    extra         {extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="figures only, no misses")
    parser.add_argument("--extra", action="store_true", help="list unmatched predicted forecasts")
    args = parser.parse_args()

    gold = load_gold()
    analyzer = Analyzer()
    documents = read_seeds([SEEDS_DIR / name for name in gold])
    scores = [
        score_seed(entry, document, analyzer.analyze(document))
        for entry, document in zip(gold.values(), documents, strict=True)
    ]

    for s in scores:
        print_seed(s, not args.quiet, args.extra)

    total = figures(scores)
    n_forecasts = sum(s.forecasts_total for s in scores)
    print()
    print(f"overall ({len(scores)} seeds)")
    print(
        f"  (a) direct quotes >= 4 words with right speaker: {pct(total.quotes)}"
        f"  ({sum(s.quotes_hit for s in scores)}/{sum(s.quotes_total for s in scores)})"
        "   target >= 90%"
    )
    print(
        f"  (b) metadata fields right: {pct(total.metadata)}"
        f"  ({sum(s.meta_hit for s in scores)}/{sum(s.meta_total for s in scores)})"
        "   target >= 80%"
    )
    print(
        f"  (c) forecasts found: {pct(total.forecasts_found)}"
        f"  ({sum(s.forecasts_found for s in scores)}/{n_forecasts});"
        f" with right holder: {pct(total.forecasts_holder)}"
        f"  ({sum(s.forecasts_holder for s in scores)}/{n_forecasts})   target >= 50%"
    )
    found = sum(s.forecasts_found for s in scores)
    right = sum(s.forecasts_holder for s in scores)
    print(f"      right holder among those found: {pct(right / found if found else None)}")
    print(
        f"      predicted forecasts matching no gold claim: "
        f"{total.forecasts_extra}/{total.forecasts_predicted}"
    )


if __name__ == "__main__":
    main()
