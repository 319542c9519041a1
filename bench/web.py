"""Latency of `augury serve` on a large database: p50 and p95 of each page and API route.

    python bench/web.py [--db FILE] [--requests 200] [--resolve 300] [--workers 2]

With `--db`, a copy of that database is served (the original is never written); without it,
every PolNeAR text (train, dev, test; no gold is read) is ingested into a temporary database
first. So that the ledger has something to rank, the copy's `--resolve` largest questions are
given outcomes, yes and no in turn: made up for timing, on the copy only, never a judgment of
what happened. A real server is started on 127.0.0.1; each route is asked once to fill what the
app keeps (its time printed as "first"), then `--requests` times over one kept-alive connection.
Target: p95 ≤ 100 ms for every page.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear" / "data"
SPLITS = ("train", "dev", "test")


def build(db: Path, workers: int) -> None:
    paths = [str(p) for split in SPLITS for p in sorted((POLNEAR / split / "text").glob("*.txt"))]
    if not paths:
        sys.exit(f"no PolNeAR texts under {POLNEAR}")
    print(f"ingesting {len(paths)} PolNeAR texts into {db} …", flush=True)
    subprocess.run([sys.executable, "-m", "augury", "ingest", *paths, "--db", str(db),
                    "--workers", str(workers)], check=True)


def resolve_some(db: Path, n: int) -> int:
    """Give the `n` largest questions of the copy made-up outcomes, yes and no in turn, through
    the same api call as `augury resolve`; returns how many were resolved."""
    from augury import api
    from augury.store import Store

    with Store(db) as store:
        rows = sorted(api.questions(store), key=lambda q: (-q["n"], q["id"]))[:n]
        for i, q in enumerate(r for r in rows if r["outcome"] is None):
            day = max((m["date"] or "")[:10] for m in q["forecasts"]) or "2017-01-01"
            api.resolve(store, q["id"], ("yes", "no")[i % 2], max(day, "2017-01-01"),
                        "https://example.org/bench", "bench/web.py: made up, for timing only",
                        by="bench")
    return len(rows)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(conn: http.client.HTTPConnection, path: str) -> tuple[float, bytes]:
    began = time.perf_counter()
    conn.request("GET", path)
    answer = conn.getresponse()
    body = answer.read()
    if answer.status != 200:
        sys.exit(f"{path}: HTTP {answer.status}: {body[:300]!r}")
    return (time.perf_counter() - began) * 1000, body


def routes(conn: http.client.HTTPConnection) -> list[tuple[str, str]]:
    """The routes to time, with real ids from the database: its busiest actor, its largest
    question, a forecast and a document."""
    _, body = get(conn, "/api/actors?limit=1000")
    actor = max(json.loads(body), key=lambda a: a["quotes"] + a["forecasts"])
    _, body = get(conn, "/api/questions?limit=1")
    question = json.loads(body)[0]
    forecast = question["forecasts"][0]["id"]
    _, body = get(conn, f"/api/forecasts/{forecast}")
    document = json.loads(body)["document"]
    name = quote(actor["name"])
    return [
        ("page", "/"),
        ("page", "/search?q=Trump"),
        ("page", "/search?q=Trump&kind=quotes&page=3"),
        ("page", f"/search?kind=forecasts&actor={name}"),
        ("page", f"/actors/{actor['id']}"),
        ("page", "/questions"),
        ("page", f"/questions/{question['id']}"),
        ("page", f"/forecasts/{forecast}"),
        ("page", f"/documents/{document}"),
        ("page", "/ledger"),
        ("page", "/network"),
        ("page", f"/network?actor={name}"),
        ("page", "/network?relation=named-with"),
        ("api", "/api/documents"),
        ("api", "/api/quotes?search=Trump"),
        ("api", f"/api/forecasts?actor={name}"),
        ("api", "/api/actors"),
        ("api", "/api/questions"),
        ("api", f"/api/questions/{question['id']}"),
        ("api", f"/api/forecasts/{forecast}"),
        ("api", f"/api/documents/{document}"),
        ("api", f"/api/actors/{actor['id']}"),
        ("api", "/api/scores"),
        ("api", "/api/network"),
        ("api", "/api/network?relation=named-with"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="database to serve a copy of")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--resolve", type=int, default=300,
                        help="questions given made-up outcomes on the copy, for the ledger")
    parser.add_argument("--workers", type=int, default=2, help="ingest processes, without --db")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "web.db"
        if args.db is not None:
            if not args.db.exists():
                sys.exit(f"{args.db}: no such database")
            shutil.copy(args.db, db)
        else:
            build(db, args.workers)
        resolved = resolve_some(db, args.resolve) if args.resolve else 0
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "augury", "serve", "--db", str(db),
                                   "--port", str(port)], stdout=subprocess.DEVNULL)
        try:
            for _ in range(600):
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.1)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            _, body = get(conn, "/api/documents?limit=1000")
            print(f"serving a copy of {args.db or 'the PolNeAR database'}: "
                  f"{len(json.loads(body))} documents (first 1,000 counted), {resolved} "
                  "questions given made-up outcomes")
            print(f"{'route':<48} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8}")
            for kind, path in routes(conn):
                first, _ = get(conn, path)
                times = sorted(get(conn, path)[0] for _ in range(args.requests))
                p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
                flag = "  over target" if kind == "page" and p95 > 100 else ""
                print(f"{path[:48]:<48} {first:9.1f} {statistics.median(times):8.1f} "
                      f"{p95:8.1f}{flag}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
