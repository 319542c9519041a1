"""Score the quote component against PolNeAR's attribution relations (brat .ann files).

    .venv/bin/python bench/polnear.py --split dev [--limit N] [--errors 20]

The texts are read from `--data` at run time (default `../shared/eval/polnear/data`, relative to
the repository root); nothing from PolNeAR is stored in this repository. Tune on train and dev
only; test is for one final figure.

Gold: one annotator file per article, the first in sorted order (PolNeAR has several for a few
articles). Every `E` relation with a Content is one gold attribution; its content, source and cue
are the union of their `;`-separated fragments. A gold attribution is *quoted* when its content
holds a double quotation mark (" “ ” or the typewriter pair '' that some NYT texts use), an
opening ‘, or a straight ' that opens a word; ’ alone is left out because it is far more often
an apostrophe.

Predictions: the full Analyzer pipeline. Quotes that share a speaker mention span and cue are one
predicted attribution (a quote split around "she added", or continued in the next paragraph, is
one attribution in PolNeAR too); a quote without a speaker mention stands alone.

Matching: a predicted and a gold attribution match when the characters they share are at least
50% of the shorter of the two contents. Pairs are made one-to-one, greedily, largest overlap
first. A strict figure (at least 50% of the longer content) is printed alongside.

Figures:
- precision: matched predicted attributions / predicted attributions (per-Quote precision, each
  Quote against any gold content and not one-to-one, is printed too);
- quoted recall: matched quoted gold attributions / quoted gold attributions;
- all recall: matched gold attributions / gold attributions;
- speaker: of the matched pairs whose gold has a Source, the share where the predicted speaker
  mention overlaps the gold Source (a pair with no predicted mention counts as wrong).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / ".." / "shared" / "eval" / "polnear" / "data"
QUOTED = re.compile(r"[\"“”‘]|''|(?:^|[\s(—])'[A-Za-z]")

Spans = list[tuple[int, int]]


@dataclass
class Attribution:
    """One attribution, gold or predicted: content, source and cue as character spans."""

    content: Spans
    source: Spans = field(default_factory=list)
    cue: str | None = None
    kind: str | None = None
    relation: str | None = None  # the gold E id
    speaker: str | None = None  # the predicted resolved speaker
    speaker_kind: str | None = None

    @property
    def size(self) -> int:
        return sum(e - s for s, e in self.content)


@dataclass
class Article:
    name: str
    text: str
    gold: list[Attribution]


def parse_ann(path: Path) -> list[Attribution]:
    """Gold attributions of one brat .ann file."""
    spans: dict[str, Spans] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("T") and line.count("\t") >= 2:
            tid, middle, _ = line.split("\t", 2)
            _, offsets = middle.split(" ", 1)
            spans[tid] = [(int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))]
        elif line.startswith("E") and "\t" in line:
            eid, rest = line.split("\t", 1)
            args = dict(part.split(":", 1) for part in rest.split())
            relations.append({**args, "id": eid})
    gold = []
    for args in relations:
        if "Content" not in args:
            continue
        source = spans.get(args.get("Source", ""), [])
        cue = spans.get(args.get("Cue", ""), [])
        gold.append(Attribution(sorted(spans[args["Content"]]), source, str(cue),
                                relation=args["id"]))
    return gold


def load_split(data: Path, split: str, limit: int | None = None) -> list[Article]:
    """Articles of one split with the first annotator's attributions."""
    texts = sorted((data / split / "text").glob("*.txt"))[:limit]
    articles = []
    for path in texts:
        anns = sorted((data / split / "attributions").glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        articles.append(Article(path.stem, path.read_text(encoding="utf-8"), parse_ann(anns[0])))
    return articles


def group_quotes(quotes: Iterable) -> list[Attribution]:
    """Predicted attributions: quotes sharing a speaker mention and cue form one."""
    groups: dict[object, Attribution] = {}
    for n, q in enumerate(quotes):
        key = (q.speaker_start, q.speaker_end, q.cue) if q.speaker_start is not None else n
        source = [(q.speaker_start, q.speaker_end)] if q.speaker_start is not None else []
        att = groups.setdefault(key, Attribution([], source, q.cue, q.kind, speaker=q.speaker,
                                                 speaker_kind=getattr(q, "speaker_kind", None)))
        att.content.append((q.start, q.end))
        if q.kind != att.kind:
            att.kind = "partial" if "partial" in (q.kind, att.kind) else att.kind
    return list(groups.values())


def overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _fits(a: Spans, b: Spans, strict: bool) -> bool:
    shared = overlap(a, b)
    size_a, size_b = sum(e - s for s, e in a), sum(e - s for s, e in b)
    return shared > 0 and shared * 2 >= (max(size_a, size_b) if strict else min(size_a, size_b))


def match(pred: list[Attribution], gold: list[Attribution], strict: bool = False
          ) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), greedy by overlap."""
    candidates = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            shared = overlap(p.content, g.content)
            need = max(p.size, g.size) if strict else min(p.size, g.size)
            if shared and shared * 2 >= need:
                candidates.append((shared, i, j))
    pairs, used_p, used_g = [], set(), set()
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_p and j not in used_g:
            pairs.append((i, j))
            used_p.add(i)
            used_g.add(j)
    return pairs


def is_quoted(text: str, att: Attribution) -> bool:
    return any(QUOTED.search(text[s:e]) for s, e in att.content)


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, article: Article, pred: list[Attribution], strict: bool) -> list[tuple]:
        c = self.counts
        pairs = match(pred, article.gold, strict)
        for p in pred:
            for span in p.content:
                c["quotes"] += 1
                c["quotes_matched"] += any(_fits([span], g.content, strict) for g in article.gold)
        gold_hit = {j for _, j in pairs}
        pred_hit = {i for i, _ in pairs}
        c["pred"] += len(pred)
        c["pred_matched"] += len(pairs)
        for i, p in enumerate(pred):
            c[f"pred_{p.kind}"] += 1
            c[f"pred_{p.kind}_matched"] += i in pred_hit
        for j, g in enumerate(article.gold):
            quoted = is_quoted(article.text, g)
            c["gold"] += 1
            c["gold_matched"] += j in gold_hit
            c["gold_quoted"] += quoted
            c["gold_quoted_matched"] += quoted and j in gold_hit
        for i, j in pairs:
            if article.gold[j].source:
                c["speaker_pairs"] += 1
                c["speaker_ok"] += bool(overlap(pred[i].source, article.gold[j].source))
        return pairs


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a (0/0)"


def report(tally: Tally, title: str) -> None:
    c = tally.counts
    print(title)
    print(f"  precision      {ratio(c['pred_matched'], c['pred'])}")
    print(f"  quoted recall  {ratio(c['gold_quoted_matched'], c['gold_quoted'])}")
    print(f"  all recall     {ratio(c['gold_matched'], c['gold'])}")
    print(f"  speaker        {ratio(c['speaker_ok'], c['speaker_pairs'])}")
    print(f"  per Quote      {ratio(c['quotes_matched'], c['quotes'])}  (each predicted Quote "
          "against any gold content, not one-to-one)")
    for kind in ("direct", "partial", "indirect"):
        print(f"    {kind:9} predicted {c[f'pred_{kind}']:5d}   precision "
              f"{ratio(c[f'pred_{kind}_matched'], c[f'pred_{kind}'])}")


def show_errors(article: Article, pred: list[Attribution], pairs: list[tuple], limit: int) -> int:
    """Print unmatched predictions and missed quoted gold of one article; returns lines printed."""
    text = article.text
    shown = 0
    hit_p = {i for i, _ in pairs}
    hit_g = {j for _, j in pairs}

    def fmt(spans: Spans) -> str:
        return " | ".join(text[s:e] for s, e in spans).replace("\n", " ")[:220]

    for i, p in enumerate(pred):
        if i not in hit_p and shown < limit:
            print(f"  FP [{article.name[:40]}] {p.kind}/{p.cue} <{fmt(p.source)}> {fmt(p.content)}")
            shown += 1
    for j, g in enumerate(article.gold):
        if j not in hit_g and is_quoted(text, g) and shown < limit:
            print(f"  FN [{article.name[:40]}] <{fmt(g.source)}> {fmt(g.content)}")
            shown += 1
    for i, j in pairs:
        g = article.gold[j]
        if g.source and not overlap(pred[i].source, g.source) and shown < limit:
            print(f"  SPK [{article.name[:40]}] pred <{fmt(pred[i].source)}> gold "
                  f"<{fmt(g.source)}> {fmt(g.content)[:100]}")
            shown += 1
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors in all")
    args = parser.parse_args(argv)

    from augury.analyze.pipeline import Analyzer
    from augury.model import Document

    articles = load_split(args.data.resolve(), args.split, args.limit)
    if not articles:
        print(f"no articles under {args.data / args.split}", file=sys.stderr)
        return 1
    analyzer = Analyzer()
    documents = [Document(text=a.text, source=a.name) for a in articles]
    started = time.perf_counter()
    predicted = [group_quotes(analysis.quotes) for _, analysis in analyzer.analyze_many(documents)]
    seconds = time.perf_counter() - started

    loose, strict = Tally(), Tally()
    budget = args.errors
    for article, pred in zip(articles, predicted, strict=True):
        pairs = loose.add(article, pred, strict=False)
        strict.add(article, pred, strict=True)
        if budget > 0:
            budget -= show_errors(article, pred, pairs, budget)
    words = sum(len(a.text.split()) for a in articles)
    print(f"PolNeAR {args.split}: {len(articles)} articles, {words} words, first annotator file "
          f"per article; analysis {seconds:.1f}s")
    report(loose, "overlap >= 50% of the shorter content (main figures)")
    report(strict, "overlap >= 50% of the longer content (strict)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
