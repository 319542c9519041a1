"""Article text and file names reach every output as written, and break none of them: a real seed
article with markup, a formula and an escape sequence in its title and first quote, ingested from a
file whose name holds a newline, listed through the real CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from augury.cli import EXIT_SKIPPED, app
from augury.escaping import LINE_LIMIT, for_csv, for_line, for_table, for_xml, quoted, shortened

runner = CliRunner()
SEEDS = Path(__file__).resolve().parent.parent / "samples" / "seeds"
TITLE = "What does Trump’s return mean for America’s relations with Russia?"
QUOTE = "the underlying causes of the Russia–US confrontation"
HOSTILE_TITLE = ('=HYPERLINK("http://x") What does Trump’s [for] return [/x] mean '
                 "\x1b[31mfor America?")
HOSTILE_QUOTE = "the underlying causes [for] of the [/x] \x1b[31mRussia–US confrontation"
NAME = "evil\nname.txt"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A database holding the hostile article, and the stderr of the ingest that made it."""
    seed = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    assert TITLE in seed and QUOTE in seed
    text = seed.replace(TITLE, HOSTILE_TITLE, 1).replace(QUOTE, HOSTILE_QUOTE, 1)
    batch = tmp_path_factory.mktemp("hostile")
    (batch / NAME).write_text(text, encoding="utf-8")
    (batch / "bad\nskipped.txt").write_text("", encoding="utf-8")
    db = batch.parent / "hostile.db"
    result = runner.invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert result.exit_code == EXIT_SKIPPED, result.output
    return db, result.stderr


def listing(db: Path, name: str, fmt: str) -> str:
    result = runner.invoke(app, [name, "--db", str(db), "--format", fmt], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_file_name_with_a_newline_is_one_quoted_stderr_line(hostile: tuple[Path, str]) -> None:
    _, stderr = hostile
    # The progress bar, transient, leaves an empty line behind it.
    lines = [line for line in stderr.splitlines() if line]
    assert lines == ["augury: skipped 'bad\\nskipped.txt': empty file"]


@pytest.mark.parametrize("name", ["documents", "quotes", "forecasts"])
def test_tables_show_brackets_as_written_and_no_escape_sequence(
    hostile: tuple[Path, str], name: str
) -> None:
    table = listing(hostile[0], name, "table")
    assert "[for]" in table and "[/x]" in table
    assert "\\x1b[31m" in table and "\x1b" not in table
    assert "evil\\nname.txt" in table


def test_json_keeps_the_text_exactly(hostile: tuple[Path, str]) -> None:
    [document] = json.loads(listing(hostile[0], "documents", "json"))
    assert (document["doc"], document["title"]) == (NAME, HOSTILE_TITLE)
    quotes = json.loads(listing(hostile[0], "quotes", "json"))
    assert any(HOSTILE_QUOTE in q["text"] for q in quotes)


def test_csv_cells_are_no_formulas_and_numbers_stay_numbers(hostile: tuple[Path, str]) -> None:
    [document] = csv.DictReader(io.StringIO(listing(hostile[0], "documents", "csv")))
    assert document["title"] == "'" + HOSTILE_TITLE
    assert document["doc"] == NAME
    forecasts = list(csv.DictReader(io.StringIO(listing(hostile[0], "forecasts", "csv"))))
    assert all(float(f["probability"]) <= 1 for f in forecasts)


def test_an_error_listing_many_ids_is_one_short_line(hostile: tuple[Path, str],
                                                     tmp_path: Path) -> None:
    file = tmp_path / "resolutions.csv"
    rows = [f"f-{i:010x},yes,2024-12-01,https://example.org/{i}" for i in range(100_000)]
    file.write_text("id,outcome,date,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["resolutions", "import", str(file), "--db", str(hostile[0])])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("augury: nothing imported, 100000 bad rows: resolutions.csv:2: unknown")
    assert line.endswith("… and 99995 more")
    assert len(line) <= LINE_LIMIT


def test_a_database_name_with_a_newline_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["documents", "--db", str(tmp_path / "no\nsuch.db")])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.endswith("no\\nsuch.db': no such database (`augury ingest` creates one)")


def test_for_csv_neutralises_every_formula_start_but_plain_numbers() -> None:
    for cell in ("=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "-", "+cmd|' /C calc'!A0"):
        assert for_csv(cell) == "'" + cell
    for cell in ("-0.5", "+3", "-1e-5", ".5", "plain", "", "0.5", -0.5, 3, None):
        assert for_csv(cell) == cell


def test_for_table_escapes_controls_but_keeps_tabs_and_brackets() -> None:
    assert for_table("[bold]a\tb\x1b[31m\x9b1m\nc\u2028") == "[bold]a\tb\\x1b[31m\\x9b1m\\nc\\u2028"
    assert for_table(None) == ""
    assert for_table(0.25) == "0.25"


def test_for_xml_escapes_what_xml_cannot_hold_and_keeps_the_rest() -> None:
    assert for_xml("a\x1b[31m\x00b\tc\nd\r<&>\ufffe é") == "a\\x1b[31m\\x00b\tc\nd\r<&>\\ufffe é"


def test_for_line_is_one_capped_line() -> None:
    assert for_line("a\nb\r\x1b[2J\tc") == "a\\nb\\r\\x1b[2J\\tc"
    assert for_line("x" * 30, limit=10) == "x" * 10 + "… (20 more characters)"


def test_quoted_names_only_what_does_not_print() -> None:
    assert quoted("a b.txt") == "a b.txt"
    assert quoted("a\nb.txt") == "'a\\nb.txt'"
    assert quoted("a\x1b[31m.txt") == "'a\\x1b[31m.txt'"


def test_shortened_lists_the_first_and_counts_the_rest() -> None:
    assert shortened(["a", "b"]) == "a; b"
    assert shortened([str(i) for i in range(8)], keep=3) == "0; 1; 2 … and 5 more"
