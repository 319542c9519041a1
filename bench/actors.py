"""One actor per person across a corpus: fragments and kinds on PolNeAR train + dev.

    .venv/bin/python bench/actors.py [--limit N] [--top 50]

Every train and dev article is analysed (as a plain-text ingest gives it) and the per-document
actors are resolved across documents, as the store does. Prints:
- fragments: person actors whose surname another person actor shares ("Donald J. Trump" beside
  "Donald Trump"), with the largest such groups; some are real namesakes (Bill and Hillary
  Clinton), the rest are one person split;
- the most-mentioned actors with kind, mentions and documents, checked against our hand check in
  tests/fixtures/attribution/actors_top.json (name -> the kind a reader gives it): an actor of the
  top that the check gives another kind is mis-kinded; a name the check lists as `fragment_of`
  another is a split.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".." / "shared" / "eval" / "polnear" / "data"
CHECK = ROOT / "tests" / "fixtures" / "attribution" / "actors_top.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--top", type=int, default=50)
    args = parser.parse_args(argv)

    from augury.analyze.pipeline import Analyzer
    from augury.ingest.text import build_document
    from augury.resolve.actors import resolve_actors

    paths = sorted([*(args.data / "train" / "text").glob("*.txt"),
                    *(args.data / "dev" / "text").glob("*.txt")])[:args.limit]
    documents = [build_document(p.read_text(encoding="utf-8"), p.name) for p in paths]
    rows = []
    for document, analysis in Analyzer().analyze_many(documents):
        for actor in analysis.actors:
            row = asdict(actor)
            rows.append({**row, "doc": document.source})
    resolution = resolve_actors(rows)
    people = [a for a in resolution.actors if a.kind == "person"]
    by_surname: dict[str, list] = defaultdict(list)
    for actor in people:
        by_surname[actor.name.split()[-1].lower()].append(actor)
    shared = {k: v for k, v in by_surname.items() if len(v) > 1}
    print(f"PolNeAR train+dev: {len(paths)} articles, {len(resolution.actors)} actors, "
          f"{len(people)} people")
    print(f"  people sharing a surname with another person: "
          f"{sum(len(v) for v in shared.values())} in {len(shared)} surnames")
    largest = sorted(shared.values(), key=lambda v: -sum(a.mentions for a in v))[:10]
    for group in largest:
        names = ", ".join(f"{a.name} ({a.mentions})" for a in
                          sorted(group, key=lambda a: -a.mentions)[:6])
        print(f"    {names}")

    check = json.loads(CHECK.read_text(encoding="utf-8")) if CHECK.exists() else {}
    top = sorted(resolution.actors, key=lambda a: -a.mentions)[:args.top]
    wrong = split = unchecked = 0
    print(f"  {args.top} most-mentioned actors (kind; hand check)")
    for actor in top:
        judged = check.get(actor.name)
        if judged is None:
            unchecked += 1
            mark = "unchecked"
        elif judged.get("fragment_of"):
            split += 1
            mark = f"SPLIT of {judged['fragment_of']}"
        elif judged["kind"] != actor.kind:
            wrong += 1
            mark = f"MIS-KINDED, a {judged['kind']}"
        else:
            mark = "ok"
        print(f"    {actor.mentions:6d} {len(actor.documents):4d} docs  {actor.name:32} "
              f"{actor.kind:12} {mark}")
    print(f"  of the top {args.top}: {wrong} mis-kinded, {split} split, {unchecked} unchecked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
