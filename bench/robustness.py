"""Bad input, run as a user would: one `augury` command per case, on generated files.

    .venv/bin/python bench/robustness.py [--timeout 120] [--only NAME]

Each case writes its input into a fresh folder (from the seed articles; nothing large is
committed), runs the real CLI in its own process and prints: exit code, the first stderr line
(cut to 70 characters) and the number of stderr lines, wall time, the process's peak RSS, and
whether the database is intact (SQLite's integrity check, and the documents it should hold).
Targets (issue 8): no case over 30 s or 1.5 GB; the 20,000-quotation-mark text under 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "samples" / "seeds"
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear" / "data" / "train" / "text"
AUGURY = [sys.executable, "-m", "augury"]


def seed_text() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


@dataclass
class Run:
    code: int | None
    stderr: str
    seconds: float
    rss_mib: float


def run(args: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Run:
    """One command in its own process, with its own peak RSS (wait4 reports the child's)."""
    started = time.perf_counter()
    with open(cwd / "stderr.txt", "w+b") as err:
        proc = subprocess.Popen([*AUGURY, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=err,
                                env={**os.environ, **(env or {})})
        code: int | None = None
        rss = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code, rss = os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                _, _, usage = os.wait4(proc.pid, 0)
                rss = usage.ru_maxrss / 1024
                break
            time.sleep(0.05)
        proc.returncode = code if code is not None else -9
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(code, stderr, time.perf_counter() - started, rss)


def intact(db: Path, documents: int | None) -> str:
    """"ok" when the database passes SQLite's integrity check and holds `documents`."""
    if not db.exists():
        return "no db" if documents is None else "missing"
    conn = sqlite3.connect(db)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()
    if check != "ok":
        return f"corrupt: {check}"
    return "ok" if documents is None or count == documents else f"{count} docs, want {documents}"


def ingest_case(files: Callable[[Path], int], env: dict[str, str] | None = None
                ) -> Callable[[Path, float], tuple[Run, str]]:
    """A case that ingests a folder of two seeds plus the bad files; `files` writes them and
    returns how many of them should be stored; `env` sets Augury's settings for the case."""
    def case(folder: Path, timeout: float) -> tuple[Run, str]:
        batch = folder / "batch"
        batch.mkdir()
        for seed in sorted(SEEDS.glob("*.txt"))[:2]:
            (batch / seed.name).write_bytes(seed.read_bytes())
        stored = files(batch) + 2
        result = run(["ingest", "batch", "--db", "a.db"], folder, timeout, env)
        return result, intact(folder / "a.db", stored)
    return case


def long_article(batch: Path) -> int:
    """1.2 million characters of distinct paragraphs (PolNeAR train articles, else the seeds
    numbered apart), past spaCy's 1,000,000-character limit."""
    paths = sorted(POLNEAR.glob("*.txt")) or sorted(SEEDS.glob("*.txt"))
    parts, size, k = [], 0, 0
    while size < 1_200_000:
        text = f"Part {k}.\n\n" + paths[k % len(paths)].read_text(encoding="utf-8")
        parts.append(text)
        size, k = size + len(text), k + 1
    (batch / "long.txt").write_text("\n\n".join(parts), encoding="utf-8")
    return 1


def quote_marks(batch: Path) -> int:
    """150 KB of seed words with 20,000 quotation marks among them: “word” and "word."""
    out, marks, size = [], 0, 0
    for k, word in enumerate(seed_text().split() * 10):
        if marks < 20_000 and k % 4 != 3:
            word = f"“{word}”" if k % 2 == 0 else f"\"{word}"
            marks += 2 if k % 2 == 0 else 1
        out.append(word)
        size += len(word) + 1
        if size > 150_000:
            break
    (batch / "quotes.txt").write_text(" ".join(out), encoding="utf-8")
    return 1


def no_sentence_end(batch: Path) -> int:
    words = [w.strip(".?!;:") for w in seed_text().split() if w.strip(".?!;:")]
    (batch / "run-on.txt").write_text(" ".join((words * 20)[:100_000]), encoding="utf-8")
    return 1


def pdf_named_txt(batch: Path) -> int:
    (batch / "report.txt").write_bytes(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
        + b"BT /F1 12 Tf (Putin says the talks will go on) Tj ET\n" * 10)
    return 0


def bad_files(batch: Path) -> int:
    (batch / "empty.txt").write_bytes(b"")
    (batch / "image.png.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (batch / "cp1251.txt").write_bytes("Президент заявил. ".encode("cp1251") * 20)
    (batch / "name\nforged.txt").write_bytes(b"")
    return 0


def hostile_text(batch: Path) -> int:
    text = (SEEDS / "001_df6a18557ff6e7a7.txt").read_text(encoding="utf-8")
    (batch / "hostile.txt").write_text(
        "[/x] Trump [for] the =HYPERLINK(\"http://x\") \x1b[31mreset\x1b[0m\n\n" + text,
        encoding="utf-8")
    return 1


def listings_after(files: Callable[[Path], int], commands: list[list[str]]
                   ) -> Callable[[Path, float], tuple[Run, str]]:
    """Ingest, then run each listing; the worst exit code and its stderr are the case's."""
    ingest = ingest_case(files)

    def case(folder: Path, timeout: float) -> tuple[Run, str]:
        first, state = ingest(folder, timeout)
        worst = first
        for command in commands:
            result = run([*command, "--db", "a.db"], folder, timeout)
            if (result.code or 0) > (worst.code or 0) or result.code is None:
                worst = result
        return worst, state
    return case


def missing_db(folder: Path, timeout: float) -> tuple[Run, str]:
    result = run(["documents", "--db", "agury.db"], folder, timeout)
    return result, "created" if (folder / "agury.db").exists() else "no db"


def concurrent_opens(folder: Path, timeout: float) -> tuple[Run, str]:
    """Three `ingest` processes creating one new database at once, five times over."""
    (folder / "one").mkdir()
    (folder / "one" / "a.txt").write_bytes(sorted(SEEDS.glob("*.txt"))[0].read_bytes())
    failures, worst = 0, None
    started = time.perf_counter()
    for round_ in range(5):
        db = f"r{round_}.db"
        procs = [subprocess.Popen([*AUGURY, "documents" if k else "ingest", *(
            [] if k else ["one"]), "--db", db], cwd=folder, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE) for k in range(3)]
        for proc in procs:
            _, err = proc.communicate(timeout=timeout)
            # a reader may find no database yet; only a failed open of an existing one counts
            if proc.returncode not in (0,) and b"no such database" not in err:
                failures += 1
                worst = err.decode("utf-8", "replace")
    return Run(failures, worst or "", time.perf_counter() - started, 0.0), \
        f"{failures} failed opens"


def resolve_twice(folder: Path, timeout: float) -> tuple[Run, str]:
    """Resolve one forecast, then resolve it again with another outcome."""
    _, state = ingest_case(lambda batch: 0)(folder, timeout)
    listing = subprocess.run([*AUGURY, "forecasts", "--db", "a.db", "--format", "json"],
                             cwd=folder, capture_output=True, text=True, check=True).stdout
    fid = json.loads(listing)[0]["id"]
    args = ["resolve", fid, "--date", "2025-01-31", "--source", "https://example.org/r",
            "--db", "a.db"]
    run([*args, "--outcome", "yes"], folder, timeout)
    return run([*args, "--outcome", "no"], folder, timeout), state


CASES: dict[str, Callable[[Path, float], tuple[Run, str]]] = {
    # the time budget raised, so that the case measures analysis in pieces, whatever the machine
    "long article (1.2M chars)": ingest_case(long_article, {"AUGURY_DOC_SECONDS": "600"}),
    # the default budget: stored or skipped with one line, whichever this machine's speed gives
    "long article, default budget": ingest_case(lambda batch: long_article(batch) - 1),
    # the budget lowered: how far past it the same document runs before it is skipped
    "long article, 5 s budget": ingest_case(lambda batch: long_article(batch) - 1,
                                            {"AUGURY_DOC_SECONDS": "5"}),
    "20,000 quotation marks": ingest_case(quote_marks),
    "100,000 words, no sentence end": ingest_case(no_sentence_end),
    "PDF named .txt": ingest_case(pdf_named_txt),
    "empty, image, cp1251, newline in name": ingest_case(bad_files),
    "markup, formula, escapes in text": listings_after(hostile_text, [
        ["documents"], ["quotes"], ["forecasts"], ["documents", "--format", "csv"]]),
    "read command, --db typo": missing_db,
    "3 processes open a new db, x5": concurrent_opens,
    "resolve an id twice": resolve_twice,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per command")
    parser.add_argument("--only", default=None, help="run the cases whose name holds this")
    args = parser.parse_args(argv)
    print(f"{'case':40} {'exit':>4} {'wall s':>7} {'RSS MiB':>8}  {'db':14} stderr")
    for name, case in CASES.items():
        if args.only and args.only not in name:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            result, state = case(Path(tmp), args.timeout)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        first = (lines[0][:70] if lines else "").encode("unicode_escape").decode()
        code = "kill" if result.code is None else str(result.code)
        print(f"{name:40} {code:>4} {result.seconds:7.1f} {result.rss_mib:8.0f}  {state:14} "
              f"{len(lines)} line(s): {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
