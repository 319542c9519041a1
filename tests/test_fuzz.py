"""Fuzzing the whole way through: random and mutated articles (bytes, encodings, quotation marks,
brackets and markup, control characters, huge lines, odd file names), built from the real seed
articles, go through `augury ingest` → the store → every listing in every format, the export and
the briefing. Whatever comes in: no traceback, one stderr line per input that is not stored, an
intact database, and every stored span inside its document's text.

Bounded in time: a few examples per run (the `ci` profile); `HYPOTHESIS_PROFILE=long` runs more.
Pieces are cut small here (AUGURY_PIECE_CHARS) so that the long-document path is fuzzed too."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from augury import api
from augury.cli import EXIT_SKIPPED, app
from augury.store import Store

settings.register_profile("ci", max_examples=8, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("long", max_examples=200, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

runner = CliRunner()
SEEDS = sorted((Path(__file__).resolve().parent.parent / "samples" / "seeds").glob("*.txt"))
PARAGRAPHS = [p for path in SEEDS for p in path.read_text(encoding="utf-8").split("\n\n")
              if p.strip()]
LISTINGS = ["documents", "actors", "quotes", "forecasts", "questions", "scores"]
FORMATS = ["table", "json", "csv"]
SKIPPED = re.compile(r"augury: skipped .+: .+")

QUOTE_MARKS = "\"'“”‘’«»„‹›"
MARKUP = ["[/x]", "[bold]", "[for]", "<script>alert(1)</script>", "<b>", "</p>", "{{ x }}",
          "{% if %}", "=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "&amp;", "&#0;", "]]>"]
CONTROL = "".join(map(chr, [*range(0, 32), 127])) + "\x1b[31m"


def mutation() -> st.SearchStrategy[tuple[str, float, str]]:
    """One change to a text: where (a fraction of its length) and what."""
    where = st.floats(0, 1)
    return st.one_of(
        st.tuples(st.just("insert"), where, st.text(QUOTE_MARKS, min_size=1, max_size=400)),
        st.tuples(st.just("insert"), where, st.lists(st.sampled_from(MARKUP), min_size=1,
                                                     max_size=5).map(" ".join)),
        st.tuples(st.just("insert"), where, st.text(CONTROL, min_size=1, max_size=20)),
        st.tuples(st.just("insert"), where, st.text(max_size=60)),
        # A huge line: one word over and over, with no line break or sentence end.
        st.tuples(st.just("insert"), where, st.integers(1_000, 12_000).map(
            lambda n: " ".join(["unending"] * n))),
        st.tuples(st.just("cut"), where, st.integers(1, 2_000).map(str)),
    )


def mutate(text: str, changes: list[tuple[str, float, str]]) -> str:
    for kind, where, what in changes:
        at = int(where * len(text))
        text = text[:at] + what + text[at:] if kind == "insert" else text[:at] + text[
            at + int(what):]
    return text


@dataclass
class Input:
    name: str
    content: bytes


def wrap(text: str, suffix: str) -> str:
    if suffix == ".html":
        return f"<html><head><title>{text[:80]}</title></head><body><p>{text}</p></body></html>"
    if suffix == ".jsonl":
        return json.dumps({"text": text, "title": text[:40]}, ensure_ascii=False) + "\n"
    return text


@st.composite
def inputs(draw: st.DrawFn) -> Input:
    """A file: seed paragraphs, mutated, wrapped as text, HTML or JSON Lines, and encoded; or
    random bytes."""
    stem = draw(st.text("abcxyz \n\t'\"[]é中-", min_size=1, max_size=12))
    suffix = draw(st.sampled_from([".txt", ".md", "", ".html", ".htm", ".jsonl", ".pdf", ".bin"]))
    if draw(st.integers(0, 9)) == 0:
        return Input(stem + suffix, draw(st.binary(max_size=3_000)))
    first = draw(st.integers(0, len(PARAGRAPHS) - 1))
    text = "\n\n".join(PARAGRAPHS[first:first + draw(st.integers(1, 8))])
    text = mutate(text, draw(st.lists(mutation(), max_size=6)))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "latin-1"]))
    return Input(stem + suffix, wrap(text, suffix).encode(encoding, errors="replace"))


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args[0]} raised {result.exception!r}")
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def assert_spans_inside(db: Path) -> None:
    with Store(db) as store:
        for stored in api.stored_documents(store):
            size = len(stored.document.text)
            analysis = stored.analysis
            spans = [(e.start, e.end) for e in analysis.entities]
            spans += [(q.start, q.end) for q in analysis.quotes]
            spans += [(q.speaker_start, q.speaker_end) for q in analysis.quotes
                      if q.speaker_start is not None]
            spans += [(f.start, f.end) for f in analysis.forecasts]
            spans += [(f.condition_start, f.condition_end) for f in analysis.forecasts
                      if f.condition_start is not None]
            spans += [(r.start, r.end) for a in analysis.actors for r in a.roles]
            bad = [s for s in spans if not 0 <= s[0] <= s[1] <= size]
            assert not bad, f"{stored.document.source}: spans outside 0..{size}: {bad[:5]}"


def assert_intact(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


@given(st.lists(inputs(), min_size=1, max_size=4, unique_by=lambda i: i.name))
def test_random_and_mutated_articles_break_nothing(files: list[Input]) -> None:
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUGURY_PIECE_CHARS", "4000")
        folder = Path(tmp)
        batch = folder / "batch"
        batch.mkdir()
        for item in files:
            (batch / item.name).write_bytes(item.content)
        db = folder / "fuzz.db"
        code, stdout, stderr = invoke("ingest", str(batch), "--db", str(db))
        assert code in (0, EXIT_SKIPPED)
        lines = [line for line in stderr.splitlines() if line]  # the progress bar leaves ""
        assert all(SKIPPED.fullmatch(line) for line in lines), lines
        counts = re.search(r"stored (\d+) new documents .*; (\d+) already stored; (\d+) skipped",
                           stdout)
        assert counts is not None, stdout
        stored, already, skipped = map(int, counts.groups())
        assert skipped == len(lines) and (code == EXIT_SKIPPED) == (skipped > 0)
        # Each file is one input (a JSON Lines file holds one article here).
        assert stored + already + skipped == len(files)
        assert_intact(db)
        assert_spans_inside(db)
        for listing in LISTINGS:
            for fmt in FORMATS:
                code, stdout, _ = invoke(listing, "--db", str(db), "--format", fmt)
                assert code == 0
                if fmt == "json":
                    json.loads(stdout)
        assert invoke("export", str(folder / "out"), "--db", str(db))[0] == 0
        assert invoke("brief", "--db", str(db), "-o", str(folder / "brief.html"))[0] == 0
        assert (folder / "brief.html").stat().st_size > 0
        assert_intact(db)
