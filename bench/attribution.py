"""Who said it, who predicts it: attribution accuracy on our own PolNeAR annotations and the seeds.

    .venv/bin/python bench/attribution.py [--errors 30] [--split dev]

Annotations: `tests/fixtures/attribution/` (its README gives the format and the rules): gold
source mentions of PolNeAR articles resolved to names, and forecasts and pledges marked by hand.
The article texts and metadata are read from `--data` (default `../shared/eval/polnear/data`).
Each article is analysed as a JSONL ingest with its byline and date would give it.

Figures:
- resolved speaker: of the gold attributions with an annotated source that the quote stage finds
  (matched as in bench/polnear.py: shared characters >= 50% of the shorter content), the share
  whose resolved speaker is the annotated name;
- forecast recall: gold forecasts and pledges that a predicted forecast overlaps and covers
  (>= 50% of the gold claim's words, in runs; tests/seed_gold.py's rule);
- holder: of the gold forecasts found, the share with a covering forecast held by the gold holder;
- condition: of the gold conditional forecasts found, the share whose covering forecast carries a
  condition span covering the gold condition;
- titles: PolNeAR headlines recovered by ingest from the plain text, against metadata.tsv;
- wire datelines: over all PolNeAR train and dev articles, the wire service that metadata.tsv
  credits (AP, UPI, Reuters, AFP) found from the text's opening dateline, and articles that
  credit none but get a wire all the same.

Names match by surname (and given name when both have one) for people and authors; by words
for organisations, governments and documents (the gold's words within the prediction's, or the
prediction's within the gold's with the same last word: "Post" ~ "The Washington Post", but not
"Trump" ~ "Trump campaign");
by head noun for groups ("Republican lawmakers" ~ "lawmakers"). `accept` lists alternatives.
The seeds' figures come from tests/seed_gold.py, as bench/seeds.py prints them.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from polnear import DEFAULT_DATA, group_quotes, match, parse_ann  # noqa: E402
from seed_gold import coverage, fold, load_gold, score_seed, words  # noqa: E402

ANNOTATIONS = ROOT / "tests" / "fixtures" / "attribution"
PERSONS = {"person", "author"}
PRONOUNS = {"he", "she", "they", "i", "we", "him", "her", "his", "it"}


def _content(name: str) -> list[str]:
    return [w for w in words(name) if w not in ("the", "s")]


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def same_actor(gold_name: str | None, gold_kind: str, accept: list[str],
               predicted: str | None) -> bool:
    """Whether a predicted name is the annotated actor (rules in the module docstring)."""
    if not predicted or not gold_name:
        return False
    got = _content(predicted)
    if not got:
        return False
    for want_name in [gold_name, *accept]:
        want = _content(want_name)
        if not want:
            continue
        if gold_kind in PERSONS:
            if want[-1] == got[-1] and (len(want) == 1 or len(got) == 1 or want[0] == got[0]):
                return True
        elif gold_kind == "group" and _singular(want[-1]) == _singular(got[-1]):
            return True
        if set(want) <= set(got) or set(got) <= set(want) and got[-1] == want[-1]:
            return True
    return False


def read_metadata(data: Path) -> dict[str, dict[str, str]]:
    with (data / "metadata.tsv").open(encoding="utf-8") as f:
        return {row["filename"]: row for row in csv.DictReader(f, delimiter="\t")}


def _none(value: str | None) -> str | None:
    return None if value in (None, "", "None") else value


def load_annotations(kind: str) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((ANNOTATIONS / kind).glob("*.json"))]


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a (0/0)"


def mention_type(text: str) -> str:
    first = text.split()[0].lower() if text.split() else ""
    if text.lower() in PRONOUNS:
        return "pronoun"
    if first in ("the", "a", "an", "this", "that", "one", "some", "many") or text.islower():
        return "description"
    return "name"


class Bench:
    def __init__(self, data: Path, errors: int) -> None:
        from augury.analyze.pipeline import Analyzer

        self.data = data
        self.meta = read_metadata(data)
        self.analyzer = Analyzer()
        self.errors = errors
        self.counts: Counter[str] = Counter()

    def _say(self, line: str) -> None:
        if self.errors > 0:
            print("  " + line)
            self.errors -= 1

    def analyse(self, article: str, split: str) -> tuple[str, Any]:
        from augury.model import Document

        text = (self.data / split / "text" / f"{article}.txt").read_text(encoding="utf-8")
        row = self.meta.get(article, {})
        document = Document(text=text, source=article, author=_none(row.get("author")),
                            date=_none(row.get("publication_date")))
        return text, self.analyzer.analyze(document)

    def sources(self, note: dict[str, Any]) -> None:
        c = self.counts
        text, analysis = self.analyse(note["article"], note["split"])
        annotated = {row["relation"]: row for row in note["sources"]}
        gold = parse_ann(self.data / note["split"] / "attributions" / note["ann"])
        pred = group_quotes(analysis.quotes)
        pairs = match(pred, gold)
        c["gold_sources"] += sum(g.relation in annotated for g in gold)
        for i, j in pairs:
            row = annotated.get(gold[j].relation)
            if row is None:
                continue
            kind = mention_type(text[row["start"]:row["end"]])
            ok = same_actor(row["name"], row["kind"], row.get("accept", []), pred[i].speaker)
            for key in ("found", f"found:{row['kind']}", f"found:{kind}"):
                c[key] += 1
                c[key.replace("found", "right")] += ok
            if not ok:
                mention = text[row["start"]:row["end"]].replace("\n", " ")
                self._say(f"SPK [{note['article'][:32]}] <{mention}> want {row['name']!r} "
                          f"({row['kind']}), got {pred[i].speaker!r} ({pred[i].speaker_kind})")

    def forecasts(self, note: dict[str, Any]) -> None:
        c = self.counts
        text, analysis = self.analyse(note["article"], note["split"])
        for g in note["forecasts"]:
            claim = text[g["start"]:g["end"]]
            c["forecasts"] += 1
            hits = [f for f in analysis.forecasts if f.start < g["end"] and g["start"] < f.end
                    and coverage(claim, f.text) >= 0.5]
            short = claim.replace("\n", " ")[:90]
            if not hits:
                self._say(f"MISS [{note['article'][:32]}] {g['kind']}: {short}")
                continue
            c["forecasts_found"] += 1
            holders = [f.holder for f in hits]
            if any(same_actor(g["holder"], g["holder_kind"], g.get("holder_accept", []), h)
                   for h in holders):
                c["holder_right"] += 1
            else:
                self._say(f"HOLDER [{note['article'][:32]}] want {g['holder']!r} "
                          f"({g['holder_kind']}), got {holders}: {short}")
            if g.get("condition_start") is None:
                continue
            c["conditions"] += 1
            condition = text[g["condition_start"]:g["condition_end"]]
            if any(f.condition and coverage(condition, f.condition) >= 0.5 for f in hits):
                c["conditions_right"] += 1
            else:
                self._say(f"COND [{note['article'][:32]}] want {condition!r}, got "
                          f"{[f.condition for f in hits]}")

    def titles(self, articles: list[tuple[str, str]]) -> None:
        from augury.ingest import read_paths
        from augury.model import Document

        for article, split in articles:
            want = _none(self.meta.get(article, {}).get("title"))
            if want is None:
                continue
            found = [d for d in read_paths([self.data / split / "text" / f"{article}.txt"])
                     if isinstance(d, Document)]
            got = found[0].title if found else None
            self.counts["titles"] += 1
            if got and fold(" ".join(words(got))) == fold(" ".join(words(want))):
                self.counts["titles_right"] += 1
            else:
                self._say(f"TITLE [{article[:32]}] want {want!r}, got {got!r}")


WIRE_NAMES = {"ap": "Associated Press", "upi": "United Press International", "reuters": "Reuters",
              "afp": "Agence France-Presse"}


def wire_datelines(data: Path, meta: dict[str, dict[str, str]]) -> Counter[str]:
    """Wire services found by their datelines, against metadata.tsv's `wire` column."""
    from augury.ingest.metadata import wire_outlet

    counts: Counter[str] = Counter()
    for article, row in meta.items():
        if row["compartment"] not in ("train", "dev"):
            continue
        text = (data / row["compartment"] / "text" / f"{article}.txt").read_text(encoding="utf-8")
        found = wire_outlet([line.strip() for line in text.splitlines() if line.strip()])
        want = WIRE_NAMES.get((row.get("wire") or "").lower())
        if want is not None:
            counts["wired"] += 1
            counts["wired_right"] += found == want
        else:
            counts["unwired"] += 1
            counts["unwired_wrong"] += found is not None
    return counts


def seeds() -> None:
    sys.path.insert(0, str(HERE))
    from seed_gold import SEEDS_DIR
    from seeds import read_seeds

    from augury.analyze.pipeline import Analyzer

    gold = load_gold()
    paths = [SEEDS_DIR / name for name in sorted(gold)]
    documents = read_seeds(paths)
    analyzer = Analyzer()
    scores = [score_seed(gold[d.source], d, a) for d, a in analyzer.analyze_many(documents)]
    total = Counter()
    for s in scores:
        for key in ("quotes_hit", "quotes_total", "meta_hit", "meta_total", "forecasts_found",
                    "forecasts_holder", "forecasts_total"):
            total[key] += getattr(s, key)
    print("Seeds (tests/fixtures/seeds_gold)")
    print(f"  resolved speaker  {ratio(total['quotes_hit'], total['quotes_total'])}"
          "  (direct quotes of 4+ words)")
    print(f"  forecast recall   {ratio(total['forecasts_found'], total['forecasts_total'])}")
    print(f"  holder            {ratio(total['forecasts_holder'], total['forecasts_found'])}"
          "  (of those found)")
    print(f"  metadata          {ratio(total['meta_hit'], total['meta_total'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors in all")
    parser.add_argument("--no-seeds", action="store_true")
    args = parser.parse_args(argv)

    bench = Bench(args.data.resolve(), args.errors)
    source_notes = load_annotations("sources")
    forecast_notes = load_annotations("forecasts")
    if any(n["split"] == "test" for n in source_notes + forecast_notes):
        print("annotations must not use PolNeAR test", file=sys.stderr)
        return 1
    for note in source_notes:
        bench.sources(note)
    for note in forecast_notes:
        bench.forecasts(note)
    bench.titles(sorted({(n["article"], n["split"]) for n in source_notes + forecast_notes}))

    c = bench.counts
    print(f"PolNeAR annotations: {len(source_notes)} articles with resolved sources "
          f"({c['gold_sources']} attributions), {len(forecast_notes)} with forecasts")
    print(f"  resolved speaker  {ratio(c['right'], c['found'])}  (of gold attributions found)")
    for key in sorted(k for k in c if k.startswith("found:")):
        label = key.split(":", 1)[1]
        print(f"    {label:12}    {ratio(c['right:' + label], c[key])}")
    print(f"  forecast recall   {ratio(c['forecasts_found'], c['forecasts'])}")
    print(f"  holder            {ratio(c['holder_right'], c['forecasts_found'])}"
          "  (of those found)")
    print(f"  condition         {ratio(c['conditions_right'], c['conditions'])}"
          "  (of conditional forecasts found)")
    print(f"  titles            {ratio(c['titles_right'], c['titles'])}")
    w = wire_datelines(bench.data, bench.meta)
    print(f"  wire datelines    {ratio(w['wired_right'], w['wired'])}  (train+dev articles "
          f"crediting a wire); false {ratio(w['unwired_wrong'], w['unwired'])}")
    if not args.no_seeds:
        seeds()
    return 0


if __name__ == "__main__":
    sys.exit(main())
