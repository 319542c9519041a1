"""read_paths end to end: the five real seeds, their metadata, and bad inputs in a batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from augury.errors import IngestError
from augury.ingest import read_paths
from augury.model import Document

SEEDS = Path(__file__).resolve().parent.parent / "samples" / "seeds"
MOSCOW_TIMES_URL = (
    "https://www.themoscowtimes.com/2024/11/06/"
    "will-a-second-trump-presidency-reshape-us-russia-ties-experts-weigh-in-a86922"
)

# Read off each seed by hand; None where the text does not say.
SEED_METADATA = {
    "000_91115d8a09209f64.txt": {
        "title": "Will a Second Trump Presidency Reshape U.S.-Russia Ties? Experts Weigh In",
        "author": "Moscow Times Reporter",
        "outlet": "The Moscow Times",
        "date": "2024-11-06",
        "url": MOSCOW_TIMES_URL,
    },
    "001_df6a18557ff6e7a7.txt": {
        "title": "What does Trump’s return mean for America’s relations with Russia?",
        "author": "Ian Hill",  # the closing bio; no byline
        "outlet": "The Interpreter",  # "The article was first published on The Interpreter."
        "date": "2024-11-15",
        "url": None,
    },
    "002_4f7dfeeaba64a533.txt": {  # no headline, byline, dateline or outlet in the text
        "title": None,
        "author": None,
        "outlet": None,
        "date": None,
        "url": None,
    },
    "003_63f1aff1d1290f93.txt": {
        "title": "Russia sees opportunity in second Trump term, but remains wary about future",
        "author": None,
        "outlet": "TRT World",  # "..., tells TRT World." twice
        "date": None,  # "Nov. 7, 2024" is the date of a photo, inside its caption
        "url": None,
    },
    "004_db97465ef9819302.txt": {
        "title": "The Future of US-Russia Relations Under Trump Presidency",
        "author": "Maia Otarashvili",
        "outlet": None,  # the bio names her institute, not the publication
        "date": None,
        "url": None,
    },
}


def read_one(path: Path, max_bytes: int | None = None) -> Document | IngestError:
    """The single result of reading one path."""
    (result,) = read_paths([path], max_bytes=max_bytes)
    return result


def metadata(doc: Document) -> dict[str, str | None]:
    return {key: getattr(doc, key) for key in ("title", "author", "outlet", "date", "url")}


def test_the_seed_folder_gives_one_document_per_file_in_sorted_order() -> None:
    docs = list(read_paths([SEEDS]))
    assert all(isinstance(doc, Document) for doc in docs)
    assert [doc.source for doc in docs] == sorted(SEED_METADATA)


@pytest.mark.parametrize("name", sorted(SEED_METADATA))
def test_seed_metadata(name: str) -> None:
    doc = read_one(SEEDS / name)
    assert isinstance(doc, Document)
    assert metadata(doc) == SEED_METADATA[name]


def test_a_text_with_nothing_to_clean_is_stored_byte_for_byte() -> None:
    path = SEEDS / "001_df6a18557ff6e7a7.txt"
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == path.read_bytes().decode("utf-8")
    sentence = "That’s not something susceptible to a quick fix."
    assert doc.text.index(sentence) == path.read_text(encoding="utf-8").index(sentence)


def test_cleaning_keeps_the_kept_text_as_it_was() -> None:
    doc = read_one(SEEDS / "000_91115d8a09209f64.txt")
    assert isinstance(doc, Document)
    assert doc.text.startswith("\n\nWill a Second Trump Presidency")
    # a paragraph the scraper broke in two stays broken: no reflowing
    assert "— have\n\nalready sparked discussions" in doc.text
    assert doc.text.endswith("Cenusă wrote on X.\n")


def test_sources_are_file_names(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "note").write_text("A note with enough words to be read as text.\n")
    (result,) = read_paths([tmp_path])
    assert isinstance(result, Document)
    assert result.source == "note"


def test_hidden_files_in_folders_are_skipped(tmp_path: Path) -> None:
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "a.txt").write_text("Putin congratulated Trump on Thursday.\n")
    assert [r.source for r in read_paths([tmp_path])] == ["a.txt"]


BAD_INPUTS: dict[str, tuple[bytes, str]] = {
    "blank.txt": (b" \n\t\n", "empty file"),
    "empty.txt": (b"", "empty file"),
    "image": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
              "not a text: its content is image/png (.png)"),
    # content, not the name, decides: a PDF or an archive named .txt is no article
    "report.txt": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
                   + b"BT /F1 12 Tf (Putin says the talks will go on) Tj ET\n" * 10,
                   "not a text: its content is application/pdf (.pdf)"),
    "notes.txt": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"Kremlin talks " * 20,
                  "not a text: its content is application/zip (.zip)"),
    "controls.txt": (bytes(range(1, 32)) * 20, "binary file (control characters)"),
    "mixed.txt": ("Russia’s “reset” ".encode() * 20 + b"caf\xe9", "invalid UTF-8 at byte 463"),
    "russian.txt": (
        "Президент России заявил, что готов к переговорам. ".encode("cp1251") * 5,
        "cannot decode: not UTF-8, UTF-16 or cp1252/latin-1 text",
    ),
    "paper.pdf": (b"%PDF-1.7\n", "unsupported file type .pdf"),
    "photo.png": (b"\x89PNG\r\n", "unsupported file type .png"),
    "letter.docx": (b"PK\x03\x04", "unsupported file type .docx"),
    "archive.zip": (b"PK\x03\x04", "unsupported file type .zip"),
    "broken.html": (b"<html><body><<<>>></body></html>", "no article text found in the HTML"),
}
GOOD_INPUTS: dict[str, tuple[bytes, str]] = {
    "bom.txt": (b"\xef\xbb\xbfKremlin welcomes the result.\n", "Kremlin welcomes the result.\n"),
    "cp1252.txt": (
        "He said “talks are possible” — and it’s news.\n".encode("cp1252"),
        "He said “talks are possible” — and it’s news.\n",
    ),
    "latin1.txt": (
        "Le café de Moscou a fermé à cause des sanctions.\n".encode("latin-1"),
        "Le café de Moscou a fermé à cause des sanctions.\n",
    ),
    "utf16.txt": (
        "Москва ждёт «перезагрузки», said Peskov.\n".encode("utf-16"),
        "Москва ждёт «перезагрузки», said Peskov.\n",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_each_bad_input_gives_one_clean_error(tmp_path: Path, name: str) -> None:
    data, reason = BAD_INPUTS[name]
    (tmp_path / name).write_bytes(data)
    error = read_one(tmp_path / name)
    assert isinstance(error, IngestError)
    assert (error.source, error.reason) == (name, reason)
    assert str(error) == f"{name}: {reason}"


@pytest.mark.parametrize("name", sorted(GOOD_INPUTS))
def test_encodings_that_decode(tmp_path: Path, name: str) -> None:
    data, text = GOOD_INPUTS[name]
    (tmp_path / name).write_bytes(data)
    doc = read_one(tmp_path / name)
    assert isinstance(doc, Document)
    assert doc.text == text


def test_a_file_over_the_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_bytes((SEEDS / "000_91115d8a09209f64.txt").read_bytes())
    size = seed.stat().st_size
    error = read_one(seed, max_bytes=1000)
    assert isinstance(error, IngestError)
    assert str(error) == f"seed.txt: file too large ({size} bytes > 1000 byte limit)"
    monkeypatch.setenv("AUGURY_MAX_BYTES", str(size - 1))  # the setting, when none is given
    assert f"> {size - 1} byte limit" in str(read_one(seed))
    monkeypatch.setenv("AUGURY_MAX_BYTES", str(size))
    assert isinstance(read_one(seed), Document)


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    error = read_one(tmp_path / "gone.txt")
    assert isinstance(error, IngestError)
    assert str(error) == "gone.txt: no such file or directory"


def test_bad_files_do_not_stop_the_batch(tmp_path: Path) -> None:
    for name, (data, _) in {**BAD_INPUTS, **GOOD_INPUTS}.items():
        (tmp_path / name).write_bytes(data)
    results = list(read_paths([tmp_path, SEEDS / "003_63f1aff1d1290f93.txt", tmp_path / "no"]))
    names = sorted({*BAD_INPUTS, *GOOD_INPUTS})
    assert [r.source for r in results] == [*names, "003_63f1aff1d1290f93.txt", "no"]
    errors = [r for r in results if isinstance(r, IngestError)]
    assert sorted(e.source for e in errors) == sorted([*BAD_INPUTS, "no"])
    assert all("\n" not in str(e) for e in errors)
