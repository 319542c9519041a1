"""JSON Lines: one article per line; a bad line is one error and the others go on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from augury.errors import IngestError
from augury.ingest import read_paths
from augury.model import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS_JSONL = ROOT / "tests" / "fixtures" / "ingest" / "seeds.jsonl"


@pytest.fixture(scope="module")
def results() -> dict[str, Document | IngestError]:
    return {result.source: result for result in read_paths([SEEDS_JSONL])}


def test_every_non_blank_line_gives_one_result_named_file_colon_line(
    results: dict[str, Document | IngestError],
) -> None:
    assert list(results) == [f"seeds.jsonl:{n}" for n in (1, 2, 3, 4, 5, 7, 8)]


def test_bad_lines_give_errors_naming_the_line(results: dict[str, Document | IngestError]) -> None:
    errors = [str(r) for r in results.values() if isinstance(r, IngestError)]
    assert errors == [
        "seeds.jsonl:3: invalid JSON: Unterminated string starting at column 10",
        "seeds.jsonl:4: no 'text' or 'html' field with content",
        "seeds.jsonl:7: field 'date': cannot read 'sometime in November' as a date",
        "seeds.jsonl:8: expected a JSON object, got list",
    ]


def test_given_fields_are_kept_and_the_text_fills_the_rest(
    results: dict[str, Document | IngestError],
) -> None:
    doc = results["seeds.jsonl:1"]
    assert isinstance(doc, Document)
    assert doc.date == "2024-11-06"  # given as "November 6, 2024"
    assert doc.outlet == "The Moscow Times"
    assert doc.url.startswith("https://www.themoscowtimes.com/2024/11/06/")
    assert doc.title == "Will a Second Trump Presidency Reshape U.S.-Russia Ties? Experts Weigh In"
    assert doc.author == "Moscow Times Reporter"
    assert "Alex Brandon / AP / TASS" not in doc.text


def test_a_bare_text_record_reads_like_the_file(results: dict[str, Document | IngestError]) -> None:
    (from_file,) = read_paths([ROOT / "samples" / "seeds" / "001_df6a18557ff6e7a7.txt"])
    doc = results["seeds.jsonl:2"]
    assert isinstance(doc, Document) and isinstance(from_file, Document)
    assert (doc.text, doc.title, doc.author, doc.outlet, doc.date) == (
        from_file.text,
        from_file.title,
        from_file.author,
        from_file.outlet,
        from_file.date,
    )


def test_an_html_record_goes_through_trafilatura(
    results: dict[str, Document | IngestError],
) -> None:
    doc = results["seeds.jsonl:5"]
    assert isinstance(doc, Document)
    assert (
        doc.title == "Russia sees opportunity in second Trump term, but remains wary about future"
    )
    assert doc.outlet == "TRT World"
    assert "<p>" not in doc.text
    assert "Putin congratulated Trump during a speech in the Valdai Discussion Club" in doc.text


def write_jsonl(path: Path, *records: object) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    return path


def test_given_metadata_wins_over_the_text(tmp_path: Path) -> None:
    text = "Putin meets Trump in Helsinki\n\nNovember 06, 2024\n\nThe leaders met.\n"
    record = {"text": text, "title": "Given title", "date": "2018-07-16T10:00:00+03:00"}
    (doc,) = read_paths([write_jsonl(tmp_path / "a.jsonl", record)])
    assert isinstance(doc, Document)
    assert (doc.title, doc.date, doc.text) == ("Given title", "2018-07-16", text)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"text": 5}, "field 'text' must be a string, not int"),
        ({"text": "Body.", "title": ["a"]}, "field 'title' must be a string, not list"),
        ({"text": "   "}, "no 'text' or 'html' field with content"),
        ({"text": "Leave a Reply"}, "nothing left after removing scraper noise"),
        ({"html": "<p>"}, "no article text found in the HTML"),
    ],
)
def test_bad_records(tmp_path: Path, record: object, reason: str) -> None:
    good = {"text": "A good line stays readable."}
    results = list(read_paths([write_jsonl(tmp_path / "b.jsonl", good, record)]))
    assert isinstance(results[0], Document)
    assert isinstance(results[1], IngestError)
    assert (results[1].source, results[1].reason) == ("b.jsonl:2", reason)


def test_a_line_separator_inside_a_string_does_not_split_the_record(tmp_path: Path) -> None:
    (doc,) = read_paths([write_jsonl(tmp_path / "c.jsonl", {"text": "One\u2028two."})])
    assert isinstance(doc, Document)
    assert doc.text == "One\u2028two."


def test_an_undecodable_file_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_bytes(b'{"text": "\x00\x01"}')
    (error,) = read_paths([tmp_path / "d.jsonl"])
    assert str(error) == "d.jsonl: binary file (contains NUL bytes)"
