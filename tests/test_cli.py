"""The `augury` command end to end: real files, a real SQLite file, the real model."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from augury.cli import EXIT_SKIPPED, app

runner = CliRunner()
SEEDS = Path(__file__).resolve().parent.parent / "samples" / "seeds"

KEYS = {
    "documents": {"doc", "title", "author", "outlet", "date", "url", "words", "copies"},
    "quotes": {"doc", "text", "speaker", "speaker_kind", "speaker_mention", "speaker_start",
               "speaker_end", "cue", "kind", "start", "end"},
    "forecasts": {"doc", "id", "text", "holder", "holder_kind", "hedge", "probability",
                  "conditional", "condition", "condition_start", "condition_end", "horizon",
                  "kind", "start", "end", "published", "outlet"},
    "actors": {"doc", "id", "name", "kind", "role", "aliases", "documents", "mentions", "quotes",
               "forecasts", "roles"},
}


def listing(db: Path, name: str, fmt: str = "json") -> str:
    # A wide terminal, so that a table does not fold names across lines.
    result = runner.invoke(app, [name, "--db", str(db), "--format", fmt], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.stdout


def by_doc(db: Path, name: str) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    for row in json.loads(listing(db, name)):
        rows.setdefault(row["doc"], []).append(row)
    return rows


def table_rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                for t in ("documents", "entities", "actors", "quotes", "forecasts")}
    finally:
        conn.close()


def test_json_listings_have_the_documented_keys(seeds_db: Path) -> None:
    for name, keys in KEYS.items():
        rows = json.loads(listing(seeds_db, name))
        assert rows, name
        assert all(set(r) == keys for r in rows), name
        assert {r["doc"] for r in rows} <= {p.name for p in SEEDS.glob("*.txt")}
    docs = json.loads(listing(seeds_db, "documents"))
    assert len(docs) == 5
    assert all(d["date"] is None or len(d["date"]) == 10 for d in docs)


def test_csv_and_table_formats(seeds_db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(listing(seeds_db, "quotes", "csv"))))
    assert rows and set(rows[0]) == KEYS["quotes"]
    assert "Filippenko" in listing(seeds_db, "quotes", "table")


def test_reingest_is_a_noop(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(seeds_db, db)
    before = table_rows(db)
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "stored 0 new documents" in result.stdout
    assert "5 already stored" in result.stdout
    assert table_rows(db) == before


def test_bad_inputs_are_skipped_with_one_line_each(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(seeds_db, db)
    before = table_rows(db)
    batch = tmp_path / "batch"
    batch.mkdir()
    seed = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    (batch / "good.txt").write_text(seed + "\nAppended so the text is new.\n", encoding="utf-8")
    (batch / "empty.txt").write_text("", encoding="utf-8")
    (batch / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (batch / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    result = runner.invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert result.exit_code == EXIT_SKIPPED
    errors = [line for line in result.stderr.splitlines() if line.startswith("augury: skipped")]
    assert len(errors) == 3
    for name in ("empty.txt", "binary.txt", "report.pdf"):
        assert sum(name in line for line in errors) == 1
    after = table_rows(db)
    for table, rows in before.items():
        assert after[table][: len(rows)] == rows, table
    assert len(after["documents"]) == len(before["documents"]) + 1


def test_kill_mid_batch_leaves_committed_documents_whole(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(20):
        # Mark each copy inside the body: trailing lines may be stripped as scraper noise.
        text = texts[i % 5].replace("Trump", f"Trump (copy {i})", 1)
        (batch / f"{i:03}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "augury", "ingest", str(batch), "--db", str(db)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if db.exists():
                conn = sqlite3.connect(db)
                try:
                    n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                except sqlite3.OperationalError:
                    n = 0
                finally:
                    conn.close()
                if n >= 3:
                    break
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = conn.execute("SELECT id, source FROM documents").fetchall()
    assert 3 <= len(stored) < 20
    conn.close()
    # Whole means: what is stored for a document equals what a clean run stores for it.
    clean = tmp_path / "clean.db"
    result = runner.invoke(app, ["ingest", str(batch), "--db", str(clean)])
    assert result.exit_code == 0, result.output
    for name in ("quotes", "forecasts"):
        killed, complete = by_doc(db, name), by_doc(clean, name)
        assert {d: killed.get(d) for _, d in stored} == {d: complete.get(d) for _, d in stored}
    result = runner.invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(listing(db, "documents"))) == 20


def test_brief_writes_a_self_contained_page(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "briefing.html"
    result = runner.invoke(app, ["brief", "--db", str(seeds_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_workers_give_the_same_result(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "parallel.db"
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db), "--workers", "2"])
    assert result.exit_code == 0, result.output
    for name in ("documents", "quotes", "forecasts"):
        assert json.loads(listing(db, name)) == json.loads(listing(seeds_db, name)), name


def test_an_unknown_model_is_one_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(tmp_path / "m.db"),
                                 "--model", "en_no_such_model"])
    assert result.exit_code == 1
    assert "spaCy model 'en_no_such_model' is not installed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_read_command_refuses_a_database_that_does_not_exist(tmp_path: Path) -> None:
    typo = tmp_path / "agury.db"
    result = runner.invoke(app, ["documents", "--db", str(typo)])
    assert result.exit_code == 1
    message = f"augury: {typo}: no such database (`augury ingest` creates one)"
    assert result.stderr.strip() == message
    assert not typo.exists()
