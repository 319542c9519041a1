"""Throughput of Augury's full analysis against bare `nlp.pipe` on the same model and texts.

Prints words per second of both and their ratio (target ≥ 0.6), then the peak resident memory of
the full analysis at two corpus sizes, each measured in a fresh process (target: flat).

    python bench/throughput.py [--data ../shared/eval/polnear/data] [--split train] [--limit N]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

from augury.analyze.pipeline import Analyzer, load_model
from augury.model import Document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "polnear" / "data"
BATCH = 32


def load_texts(data: Path, split: str, limit: int | None) -> list[str]:
    files = sorted((data / split / "text").glob("*.txt"))[:limit]
    if not files:
        sys.exit(f"no texts under {data / split / 'text'}")
    return [f.read_text(encoding="utf-8") for f in files]


def words(texts: list[str]) -> int:
    return sum(Document(text=t, source="").words for t in texts)


def bare(texts: list[str]) -> float:
    nlp = load_model()
    list(nlp.pipe(texts[:8]))  # warm-up outside the timing
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH):
        pass
    return time.perf_counter() - start


def full(texts: list[str]) -> float:
    analyzer = Analyzer()
    docs = [Document(text=t, source=str(i)) for i, t in enumerate(texts)]
    list(analyzer.analyze_many(docs[:8]))
    start = time.perf_counter()
    for _ in analyzer.analyze_many(docs):
        pass
    return time.perf_counter() - start


def peak_memory_mb(args: argparse.Namespace, limit: int) -> float:
    """Run the full analysis over `limit` texts in a child process; its peak RSS in MiB."""
    cmd = [sys.executable, __file__, "--data", str(args.data), "--split", args.split,
           "--limit", str(limit), "--child"]
    result = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return float(result.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="train")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    texts = load_texts(args.data, args.split, args.limit)
    if args.child:
        full(texts)
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        return
    n_words = words(texts)
    t_bare = bare(texts)
    t_full = full(texts)
    print(f"texts: {len(texts)} PolNeAR {args.split} articles, {n_words:,} words")
    print(f"bare nlp.pipe:  {n_words / t_bare:>9,.0f} words/s ({t_bare:.1f} s)")
    print(f"full analysis:  {n_words / t_full:>9,.0f} words/s ({t_full:.1f} s)")
    print(f"ratio full/bare: {t_bare / t_full:.2f}")
    small = max(1, len(texts) // 4)
    print(f"peak memory, full analysis of {small} texts: {peak_memory_mb(args, small):.0f} MiB")
    print(f"peak memory, full analysis of {len(texts)} texts: "
          f"{peak_memory_mb(args, len(texts)):.0f} MiB")


if __name__ == "__main__":
    main()
