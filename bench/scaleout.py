"""Scaling out: SQLite against PostgreSQL, and writers at once on PostgreSQL.

    python bench/scaleout.py --pg postgresql://user@127.0.0.1/postgres
                             [--articles 200] [--writers 4] [--resolutions 500]

`--pg` names a database on a server where that user may create databases: the bench makes its
own beside it and drops them after.

1. Ingest: `--articles` PolNeAR texts (train, then dev; no gold is read) with the local engine,
   into a new SQLite file and into a new PostgreSQL database, models loaded first. Prints words/s
   of the whole ingest on each, and documents/s of the store's writes alone (the stored analyses
   written again into a new database of each kind).
2. Engines: local against `--engine ray` with 2 workers, on the same articles: its place is
   marked in `main` (added with the Ray engine, issue 12).
3. Writers: `--writers` processes, each running `--resolutions` `augury resolve --replace`
   commands one after another, at once, on one PostgreSQL copy of the ingested database, over
   the same forecasts (so they collide). Prints resolutions recorded, lost (commands that
   succeeded but left no event), and whether every target's history is one unbroken chain
   ending in its current resolution.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from augury import api
from augury.store import Store

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear" / "data"
AUGURY = Path(sys.executable).parent / "augury"


def articles(n: int) -> list[Path]:
    paths = [p for split in ("train", "dev") for p in sorted((POLNEAR / split / "text").glob(
        "*.txt"))][:n]
    if len(paths) < n:
        sys.exit(f"fewer than {n} PolNeAR texts under {POLNEAR}")
    return paths


class Server:
    """Scratch databases on the PostgreSQL server of one URL, dropped by `drop_all`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.made: list[str] = []

    def new(self, template: str | None = None) -> str:
        name = f"augury_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        self.made.append(name)
        parts = urlsplit(self.url)
        return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))

    def drop_all(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            for name in self.made:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def ingest_into(db: str, paths: list[Path]) -> tuple[float, int]:
    """Seconds to ingest `paths` into `db` with the local engine, and the words stored."""
    from augury.runner import ingest

    began = time.perf_counter()
    with Store(db) as store:
        report = ingest(paths, store)
        seconds = time.perf_counter() - began
        words = sum(d["words"] for d in store.list_documents())
    assert len(report.added) == len(paths), report.errors
    return seconds, words


def rewrite_into(source: str, db: str) -> tuple[float, int]:
    """Seconds to write every stored document and analysis of `source` into `db` again."""
    with Store(source) as store:
        stored = list(api.stored_documents(store))
    began = time.perf_counter()
    with Store(db) as target:
        for s in stored:
            target.add(s.document, s.analysis)
    return time.perf_counter() - began, len(stored)


def storage(server: Server, paths: list[Path], folder: Path) -> str:
    """Section 1; returns the PostgreSQL database ingested into."""
    from augury.analyze.pipeline import shared_model
    from augury.resolve.embeddings import load_encoder

    shared_model()
    load_encoder()
    sqlite, postgres = str(folder / "ingest.db"), server.new()
    print(f"ingest of {len(paths)} PolNeAR articles, local engine, models loaded first:")
    for name, db in (("SQLite", sqlite), ("PostgreSQL", postgres)):
        seconds, words = ingest_into(db, paths)
        print(f"  {name:<10} {words:,} words in {seconds:.1f} s: {words / seconds:,.0f} words/s")
    print("the store's writes alone (each stored analysis written again):")
    for name, db in (("SQLite", str(folder / "rewrite.db")), ("PostgreSQL", server.new())):
        seconds, n = rewrite_into(sqlite, db)
        print(f"  {name:<10} {n} documents in {seconds:.2f} s: {n / seconds:,.0f} documents/s")
    return postgres


def writer(db: str, number: int, targets: list[str], count: int) -> int:
    """One writer: `count` `augury resolve --replace` commands in turn; how many succeeded."""
    succeeded = 0
    for n in range(count):
        target = targets[(number + n) % len(targets)]
        done = subprocess.run(
            [str(AUGURY), "resolve", target, "--outcome", "yes" if n % 2 else "no",
             "--date", "2020-01-31", "--source", f"https://example.org/{number}/{n}",
             "--note", f"writer {number} command {n}", "--replace", "--by",
             f"writer-{number}", "--db", db], capture_output=True, text=True)
        if done.returncode == 0:
            succeeded += 1
        else:
            print(f"  writer {number}: {done.stderr.strip()}", file=sys.stderr)
    return succeeded


def writers(server: Server, ingested: str, n: int, count: int) -> None:
    """Section 3."""
    template = urlsplit(ingested).path.lstrip("/")
    db = server.new(template=template)
    with Store(db) as store:
        targets = [f["id"] for f in store.list_forecasts()][:50]
    began = time.perf_counter()
    with ThreadPoolExecutor(n) as pool:
        succeeded = sum(pool.map(lambda w: writer(db, w, targets, count), range(n)))
    seconds = time.perf_counter() - began
    with Store(db) as store:
        current = store.resolutions()
        histories = [store.resolution_history(t) for t in targets]
        events = sum(len(h) for h in histories)
        resolved = [(t, h) for t, h in zip(targets, histories, strict=True) if h]
        whole = sum([e["supersedes"] for e in h] == [None] + [e["event"] for e in h[:-1]]
                    and t in current and current[t].note == h[-1]["note"] for t, h in resolved)
    print(f"{n} concurrent `augury resolve` writers × {count} on PostgreSQL, over "
          f"{len(targets)} forecasts, {seconds:.0f} s ({succeeded / seconds:.1f} commands/s):")
    print(f"  resolutions recorded: {events} of {n * count} commands ({succeeded} succeeded)")
    print(f"  lost: {succeeded - events}")
    print(f"  history complete: {whole} of {len(resolved)} targets resolved have one unbroken "
          "chain ending in their current resolution")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("AUGURY_TEST_PG"), required=False,
                        help="a database on the server (default: $AUGURY_TEST_PG)")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--resolutions", type=int, default=500, help="per writer")
    args = parser.parse_args()
    if not args.pg:
        sys.exit("give --pg postgresql://user@host/db (or set AUGURY_TEST_PG)")
    server = Server(args.pg)
    paths = articles(args.articles)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            ingested = storage(server, paths, Path(tmp))
            # Section 2, engines: words/s of the local engine against `--engine ray` with 2
            # workers on `paths` goes here, with the Ray engine.
            writers(server, ingested, args.writers, args.resolutions)
    finally:
        server.drop_all()


if __name__ == "__main__":
    main()
