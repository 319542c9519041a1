"""Scale-out of analysis: words/s of the local engine on 1 process and on `--workers N`, and of
`--engine ray` on N workers (a local Ray), over the same PolNeAR articles.

Each engine runs twice: over N one-sentence documents (its start-up: processes or Ray and its
actors started, the model loaded by each worker, shut down) and over the articles. Words/s are
the articles' words over the difference, so model loading is excluded; start-up is printed
apart. Targets on 2 cores: Ray ≥ 1.6× the 1-process engine, matching `--workers 2`.

    python bench/ray_scaleout.py [--articles 200] [--workers 2] [--split train]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import augury.analyze.pipeline  # noqa: F401  (spaCy imported before any clock starts)
from augury.analyze.engines import Engine, analyze
from augury.errors import IngestError
from augury.model import Document

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear" / "data"


@dataclass
class Figures:
    """One engine's run: seconds to start, seconds over the articles, their words."""

    startup: float
    total: float
    words: int

    @property
    def words_per_second(self) -> float:
        return self.words / (self.total - self.startup)


def articles(split: str, count: int) -> list[Document]:
    paths = sorted((POLNEAR / split / "text").glob("*.txt"))[:count]
    if len(paths) < count:
        sys.exit(f"fewer than {count} PolNeAR texts under {POLNEAR / split / 'text'}")
    return [Document(text=p.read_text(encoding="utf-8"), source=p.name) for p in paths]


def timed(documents: list[Document], engine: Engine, workers: int) -> float:
    """Wall time of analysing `documents` on `engine`, start and shut-down included."""
    began = time.perf_counter()
    for document, outcome in analyze(documents, engine, workers=workers):
        if isinstance(outcome, IngestError):
            sys.exit(f"{document.source}: {outcome}")
    return time.perf_counter() - began


def measure(documents: list[Document], engine: Engine, workers: int) -> Figures:
    tiny = [Document(text=f"Smith said it would rain on day {i}.", source=f"tiny-{i}")
            for i in range(workers)]
    startup = timed(tiny, engine, workers)
    return Figures(startup, timed(documents, engine, workers), sum(d.words for d in documents))


def engine_figures(documents: list[Document], workers: int) -> dict[str, Figures]:
    """The local engine on 1 process and on `workers`, and Ray on `workers`."""
    return {"local, 1 process": measure(documents, Engine.local, 1),
            f"local, --workers {workers}": measure(documents, Engine.local, workers),
            f"ray, {workers} workers": measure(documents, Engine.ray, workers)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--split", default="train")
    args = parser.parse_args()
    documents = articles(args.split, args.articles)
    print(f"{len(documents)} PolNeAR {args.split} articles, "
          f"{sum(d.words for d in documents):,} words; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.2f} before")
    figures = engine_figures(documents, args.workers)
    base = next(iter(figures.values())).words_per_second
    print(f"{'engine':<22} {'start s':>8} {'total s':>8} {'words/s':>8} {'× 1 process':>11}")
    for name, f in figures.items():
        print(f"{name:<22} {f.startup:>8.1f} {f.total:>8.1f} {f.words_per_second:>8.0f} "
              f"{f.words_per_second / base:>11.2f}")
    ray, local = list(figures.values())[2], list(figures.values())[1]
    print(f"ray / --workers {args.workers}: {ray.words_per_second / local.words_per_second:.2f}; "
          f"load average {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
