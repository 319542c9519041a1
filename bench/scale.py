"""Growth: does adding articles cost the same whatever the database already holds?

    python bench/scale.py [--db FILE] [--batch 50] [--limit N] [--capacity 100000]
                          [--skip-ingest] [--skip-extra] [--skip-capacity]

1. Ingest: every PolNeAR text (train, dev, test; no gold is read) into one database, in batches
   of `--batch`, each batch in a fresh process as `augury ingest` would run it. Prints each
   batch's words, wall time (model loading excluded and included), peak RSS and the forecasts
   stored, then the last batch's time and peak RSS over the first's (targets: ≤ 1.3 both). As
   batches differ in length, also the last batch's time per word over the first's, and the last
   batch ingested again into an empty database: the stored articles' cost with content equal.
2. One extra article (a seed, not in PolNeAR) into a copy of the full database and into an empty
   one, model loading excluded (target: ≤ 1.5×).
3. Capacity: `--capacity` real sentences drawn from the articles, each read as a claim, embedded
   and placed in a question as a forecast would be; prints the time of each step and the peak RSS
   (targets: under 30 minutes and 8 GiB).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear" / "data"
SEED = ROOT / "samples" / "seeds" / "000_91115d8a09209f64.txt"
SPLITS = ("train", "dev", "test")


def texts(limit: int | None) -> list[Path]:
    paths = [p for split in SPLITS for p in sorted((POLNEAR / split / "text").glob("*.txt"))]
    if not paths:
        sys.exit(f"no PolNeAR texts under {POLNEAR}")
    return paths[:limit]


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_ingest(db: str, paths: list[str]) -> None:
    """In a fresh process: load the models, then ingest `paths`; print the figures as JSON."""
    began = time.perf_counter()
    from augury.analyze.pipeline import shared_model
    from augury.resolve.embeddings import load_encoder
    from augury.runner import ingest
    from augury.store import Store

    shared_model()
    load_encoder()
    loaded = time.perf_counter()
    with Store(db) as store:
        report = ingest(paths, store)
        stored = store.conn.execute("SELECT count(*) FROM forecasts").fetchone()[0]
    done = time.perf_counter()
    print(json.dumps({"seconds": done - loaded, "with_load": done - began, "rss": peak_mib(),
                      "added": len(report.added), "forecasts": stored,
                      "questions": report.questions.founded, "errors": len(report.errors)}))


def run_child(db: Path, paths: list[Path]) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", str(db), *map(str, paths)]
    result = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def ingest_batches(db: Path, paths: list[Path], batch: int) -> None:
    print(f"1. ingest {len(paths)} PolNeAR texts in batches of {batch} into {db}")
    print(f"{'batch':>5} {'articles':>8} {'words':>7} {'s':>7} {'s+load':>7} {'RSS MiB':>8} "
          f"{'forecasts':>9}")
    rows = []
    for k in range(0, len(paths), batch):
        row = run_child(db, paths[k:k + batch])
        row["words"] = sum(len(p.read_text(encoding="utf-8").split()) for p in paths[k:k + batch])
        rows.append(row)
        print(f"{k // batch + 1:>5} {k + row['added']:>8} {row['words']:>7} {row['seconds']:>7.1f} "
              f"{row['with_load']:>7.1f} {row['rss']:>8.0f} {row['forecasts']:>9}", flush=True)
    # A short final batch would flatter the ratio: compare the last batch of full size.
    first, last = rows[0], [r for r in rows if r["added"] == rows[0]["added"]][-1]
    print(f"last full/first batch: time {last['seconds'] / first['seconds']:.2f}, "
          f"peak RSS {last['rss'] / first['rss']:.2f} (targets ≤ 1.3)")
    # Batches differ in length: time per word says what the stored database adds.
    per_word = (last["seconds"] / last["words"]) / (first["seconds"] / first["words"])
    print(f"last full/first batch, time per word: {per_word:.2f} ({last['words']:,} words "
          f"against {first['words']:,})")
    # The same articles into an empty database: what the stored ones cost, content held equal.
    k = rows.index(last) * batch
    with tempfile.TemporaryDirectory() as tmp:
        alone = run_child(Path(tmp) / "empty.db", paths[k:k + batch])
    print(f"last full batch again, into an empty database: {alone['seconds']:.1f} s; into the "
          f"full one {last['seconds']:.1f} s, ratio {last['seconds'] / alone['seconds']:.2f}")


def extra_article(db: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        full, empty = Path(tmp) / "full.db", Path(tmp) / "empty.db"
        shutil.copy(db, full)
        into_full = run_child(full, [SEED])
        into_empty = run_child(empty, [SEED])
    ratio = into_full["seconds"] / into_empty["seconds"]
    print(f"2. one extra article, model load excluded: into the full database "
          f"{into_full['seconds']:.2f} s ({into_full['forecasts']} forecasts stored), into an "
          f"empty one {into_empty['seconds']:.2f} s; ratio {ratio:.2f} (target ≤ 1.5)")


def capacity(paths: list[Path], n: int) -> None:
    """Place `n` real sentences as forecasts, as ingest places each new forecast. The articles
    hold fewer distinct sentences than that (about 33,000 of 6 to 60 words in PolNeAR): each is
    read and embedded once, its time measured, and the pool is placed over and over, each copy
    a forecast of its own (as a story syndicated many times is), until `n` are placed."""
    from augury.analyze.pipeline import load_model
    from augury.resolve.embeddings import embed, load_encoder
    from augury.resolve.questions import ForecastRef, Grouper, GroupingSettings, read_claims

    nlp = load_model()
    sentences: list[str] = []
    start = time.perf_counter()
    with nlp.select_pipes(enable=["tok2vec", "parser"]):
        for doc in nlp.pipe((p.read_text(encoding="utf-8") for p in paths), batch_size=32):
            sentences += [s.text.strip() for s in doc.sents if 6 <= len(s) <= 60]
            if len(sentences) >= n:
                break
    sentences = sentences[:n]
    split = time.perf_counter()
    claims = read_claims(sentences, nlp)
    read = time.perf_counter()
    vectors = embed([c.statement for c in claims], load_encoder())
    embedded = time.perf_counter()
    grouper = Grouper(GroupingSettings(), vectors.shape[1])
    items = [(ForecastRef(id=f"s{i}", text=sentences[i % len(sentences)], holder=None,
                          probability=0.5, date=None, doc=""), claims[i % len(sentences)],
              vectors[i % len(sentences)]) for i in range(n)]
    grouper.add_many(items)
    placed = time.perf_counter()
    sizes = sorted((len(g.members) for g in grouper.groups), reverse=True)
    per = (embedded - split) / len(sentences)
    print(f"3. capacity: {len(sentences):,} distinct sentences: split {split - start:.0f} s, "
          f"claims read {read - split:.0f} s, embedded {embedded - read:.0f} s "
          f"({per * 1000:.1f} ms a sentence); {n:,} forecasts placed in questions "
          f"{placed - embedded:.0f} s; peak RSS {peak_mib():,.0f} MiB; "
          f"{len(grouper.groups):,} questions, largest {sizes[:5]}")
    total = split - start + per * n + placed - embedded
    print(f"   {n:,} forecasts read, embedded and placed: {total:.0f} s ({total / 60:.1f} min; "
          f"reading and embedding at the measured rate per sentence; target under 30 min)")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_ingest(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "augury-scale.db")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--limit", type=int, default=None, help="PolNeAR texts to ingest")
    parser.add_argument("--capacity", type=int, default=100_000)
    parser.add_argument("--skip-ingest", action="store_true", help="reuse --db as it is")
    parser.add_argument("--skip-extra", action="store_true")
    parser.add_argument("--skip-capacity", action="store_true")
    args = parser.parse_args()
    paths = texts(args.limit)
    if not args.skip_ingest:
        args.db.unlink(missing_ok=True)
        ingest_batches(args.db, paths, args.batch)
    if not args.skip_extra:
        extra_article(args.db)
    if not args.skip_capacity:
        capacity(texts(None), args.capacity)


if __name__ == "__main__":
    main()
