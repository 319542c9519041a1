"""The API layer on the canonical seed database: every filter selects what the unfiltered listing
shows filtered by hand, pages are complete and stable, full-text search finds what the articles
say and forgets what `augury forget` removes, and the store imports nothing above it."""

from __future__ import annotations

import ast
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from augury import api
from augury.api import Filters, Row
from augury.cli import app
from augury.errors import FilterError
from augury.names import key
from augury.store import Store

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "samples" / "seeds"
FIRST = "000_91115d8a09209f64.txt"  # dated 2024-11-06, quotes Alexandra Filippenko
# From FIRST: "“Trump is accustomed to achieving what he wants by all possible means …,” said
# Filippenko"; no other seed has the word.
WORD = "accustomed"
LISTINGS: dict[str, Callable[..., list[Row]]] = {
    "documents": api.documents, "quotes": api.quotes, "forecasts": api.forecasts,
    "actors": api.actors, "questions": api.questions,
}
# Fields that identify a row of each listing.
IDENTITY = {"documents": ("doc",), "quotes": ("doc", "start", "end"), "forecasts": ("id",),
            "actors": ("id", "name"), "questions": ("id",)}


@pytest.fixture(scope="module")
def everything(seeds_db: Path) -> dict[str, list[Row]]:
    """Every unfiltered listing of the seed database."""
    with Store(seeds_db, create=False) as store:
        return {name: listing(store) for name, listing in LISTINGS.items()}


def listed(seeds_db: Path, name: str, **filters: Any) -> list[Row]:
    with Store(seeds_db, create=False) as store:
        return LISTINGS[name](store, Filters(**filters))


def days(everything: dict[str, list[Row]]) -> dict[str, str | None]:
    return {d["doc"]: d["date"] for d in everything["documents"]}


def test_the_seeds_give_each_filter_something_to_narrow(everything: dict[str, list[Row]]) -> None:
    dates = days(everything)
    assert dates[FIRST] == "2024-11-06" and sum(d is None for d in dates.values()) >= 2
    assert WORD in (SEEDS / FIRST).read_text(encoding="utf-8")
    assert all(WORD not in p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")
               if p.name != FIRST)
    assert all(len(rows) >= 5 for rows in everything.values())


@pytest.mark.parametrize("actor", ["Vladimir Putin", "Putin", "vladimir putin"])
def test_an_actor_by_any_name_selects_their_quotes_and_forecasts(
    seeds_db: Path, everything: dict[str, list[Row]], actor: str
) -> None:
    quotes = listed(seeds_db, "quotes", actor=actor)
    assert quotes and quotes == [q for q in everything["quotes"]
                                 if q["speaker"] == "Vladimir Putin"]
    assert len(quotes) < len(everything["quotes"])
    forecasts = listed(seeds_db, "forecasts", actor=actor)
    assert forecasts == [f for f in everything["forecasts"] if f["holder"] == "Vladimir Putin"]
    [putin] = listed(seeds_db, "actors", actor=actor)
    assert putin["name"] == "Vladimir Putin"


def test_a_source_that_is_no_actor_is_selected_as_written(
    seeds_db: Path, everything: dict[str, list[Row]]
) -> None:
    quotes = listed(seeds_db, "quotes", actor="Experts")
    assert quotes == [q for q in everything["quotes"] if key(q["speaker"] or "") == "experts"]
    assert quotes and listed(seeds_db, "actors", actor="Experts") == []
    assert listed(seeds_db, "quotes", actor="Nobody Known") == []


def test_an_actor_selects_the_documents_and_questions_they_appear_in(
    seeds_db: Path, everything: dict[str, list[Row]]
) -> None:
    name = "Natasha Kuhrt"
    [kuhrt] = [a for a in everything["actors"] if a["name"] == name]
    speaking = {r["doc"] for r in everything["quotes"] if r["speaker"] == name}
    holding = {r["doc"] for r in everything["forecasts"] if r["holder"] == name}
    expected = set(kuhrt["documents"]) | speaking | holding
    assert [d["doc"] for d in listed(seeds_db, "documents", actor="Kuhrt")] == [
        d["doc"] for d in everything["documents"] if d["doc"] in expected]
    questions = listed(seeds_db, "questions", actor="Kuhrt")
    assert questions and questions == [
        q for q in everything["questions"] if any(f["holder"] == name for f in q["forecasts"])]


@pytest.mark.parametrize("name", LISTINGS)
def test_a_document_selects_its_own_rows(
    seeds_db: Path, everything: dict[str, list[Row]], name: str
) -> None:
    rows = listed(seeds_db, name, doc=FIRST)
    if name == "actors":
        expected = [a for a in everything[name] if FIRST in a["documents"]]
    elif name == "questions":
        expected = [q for q in everything[name] if any(f["doc"] == FIRST for f in q["forecasts"])]
    else:
        expected = [r for r in everything[name] if r["doc"] == FIRST]
    assert rows and rows == expected and len(rows) < len(everything[name])


@pytest.mark.parametrize("name", LISTINGS)
def test_a_date_range_selects_rows_of_documents_dated_within_it(
    seeds_db: Path, everything: dict[str, list[Row]], name: str
) -> None:
    dates = days(everything)
    inside = {doc for doc, day in dates.items() if day and "2024-11-01" <= day <= "2024-11-10"}
    assert inside == {FIRST}
    rows = listed(seeds_db, name, date_from="2024-11-01", date_to="2024-11-10")
    if name == "actors":
        expected = [a for a in everything[name] if inside & set(a["documents"])]
    elif name == "questions":
        expected = [q for q in everything[name] if any(f["doc"] in inside for f in q["forecasts"])]
    else:
        expected = [r for r in everything[name] if r["doc"] in inside]
    assert rows and rows == expected
    # Each end alone; undated documents are outside every range.
    since = {r["doc"] for r in listed(seeds_db, "documents", date_from="2024-11-07")}
    assert since == {doc for doc, day in dates.items() if day and day >= "2024-11-07"}
    until = {r["doc"] for r in listed(seeds_db, "documents", date_to="2024-11-06")}
    assert until == {FIRST}


def test_a_question_selects_its_forecasts_documents_and_itself(
    seeds_db: Path, everything: dict[str, list[Row]]
) -> None:
    question = max(everything["questions"], key=lambda q: len({f["doc"] for f in q["forecasts"]}))
    members = {f["id"] for f in question["forecasts"]}
    assert len(members) > 1
    forecasts = listed(seeds_db, "forecasts", question=question["id"])
    assert forecasts == [f for f in everything["forecasts"] if f["id"] in members]
    documents = listed(seeds_db, "documents", question=question["id"])
    assert [d["doc"] for d in documents] == [
        d["doc"] for d in everything["documents"]
        if d["doc"] in {f["doc"] for f in question["forecasts"]}]
    assert listed(seeds_db, "questions", question=question["id"]) == [question]
    for name in ("quotes", "actors"):
        with pytest.raises(FilterError, match="not " + name):
            listed(seeds_db, name, question=question["id"])


def test_filters_combine(seeds_db: Path, everything: dict[str, list[Row]]) -> None:
    rows = listed(seeds_db, "quotes", actor="Filippenko", doc=FIRST, search="Trump")
    speaker = [q for q in everything["quotes"] if q["speaker"] == "Alexandra Filippenko"]
    assert rows and rows == [q for q in speaker if q["doc"] == FIRST
                             and re.search(r"\bTrump\b", q["text"])]
    assert len(rows) < len(speaker)


@pytest.mark.parametrize("name", LISTINGS)
def test_pages_are_complete_and_stable(
    seeds_db: Path, everything: dict[str, list[Row]], name: str
) -> None:
    rows, size = everything[name], 7
    pages = [listed(seeds_db, name, limit=size, offset=start)
             for start in range(0, len(rows) + size, size)]
    assert [r for page in pages for r in page] == rows
    assert all(len(page) == size for page in pages[:len(rows) // size])
    assert pages[-1] == []
    # The same page twice is the same rows; every row is on exactly one page.
    assert listed(seeds_db, name, limit=size, offset=size) == pages[1]
    identities = [tuple(r[f] for f in IDENTITY[name]) for page in pages for r in page]
    assert len(identities) == len(set(identities)) == len(rows)
    assert listed(seeds_db, name, limit=0) == []
    assert listed(seeds_db, name, offset=3) == rows[3:]
    # Paging a filtered listing pages what the filter selects.
    filtered = listed(seeds_db, name, date_to="2024-12-31")
    assert listed(seeds_db, name, date_to="2024-12-31", limit=2, offset=1) == filtered[1:3]


def test_search_finds_a_word_of_an_article_and_its_quote(
    seeds_db: Path, everything: dict[str, list[Row]]
) -> None:
    assert [d["doc"] for d in listed(seeds_db, "documents", search=WORD)] == [FIRST]
    quotes = listed(seeds_db, "quotes", search=WORD)
    assert quotes == [q for q in everything["quotes"] if WORD in q["text"]]
    assert [q["speaker"] for q in quotes] == ["Alexandra Filippenko"]
    # Stems, accents and case fold; every word must appear; a phrase is kept together.
    assert listed(seeds_db, "quotes", search="ACCUSTOM*") == quotes
    assert listed(seeds_db, "quotes", search=f"{WORD} Zelensky") == [
        q for q in quotes if "Zelensky" in q["text"]]
    assert listed(seeds_db, "quotes", search='"wants accustomed"') == []
    assert listed(seeds_db, "quotes", search='"accustomed to achieving"') == quotes
    cenusa = listed(seeds_db, "documents", search="Cenusa")
    assert cenusa and all("Cenusă" in (SEEDS / d["doc"]).read_text(encoding="utf-8")
                          for d in cenusa)
    # Forecasts match their own text; punctuation is never read as search syntax.
    sanctions = listed(seeds_db, "forecasts", search="sanctions")
    assert sanctions == [f for f in everything["forecasts"]
                         if re.search(r"\bsanctions?\b", f["text"], re.I)]
    possessive = listed(seeds_db, "quotes", search="Trump's")
    assert possessive and possessive == [q for q in everything["quotes"]
                                         if re.search(r"\bTrump['’]s\b", q["text"])]
    with pytest.raises(FilterError, match="nothing to search for"):
        Filters(search=' " * ')


def test_forget_takes_a_document_out_of_the_search_index(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(seeds_db, db)
    assert listed(db, "documents", search="Filippenko")
    result = runner.invoke(app, ["forget", FIRST, "--by", "test", "--db", str(db)])
    assert result.exit_code == 0, result.output
    for name in ("documents", "quotes", "forecasts"):
        assert listed(db, name, search="Filippenko") == [], name
        assert listed(db, name, search=WORD) == [], name
    assert listed(db, "documents", search="Trump")  # the others are still found
    with Store(db, create=False) as store:
        for index in ("documents_search", "quotes_search", "forecasts_search"):
            store.conn.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")


def test_the_migration_indexes_what_is_already_stored(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "before.db"
    shutil.copy(seeds_db, db)
    with Store(db, create=False) as store:
        # The database as it stood before full-text search.
        for index in ("documents_search", "quotes_search", "forecasts_search"):
            store.conn.execute(f"DROP TABLE {index}")
            for when in ("insert", "delete"):
                store.conn.execute(f"DROP TRIGGER {index}_{when}")
        store.conn.execute("DELETE FROM _augury_migrations WHERE name = '008_search'")
    with Store(db, create=False) as store:
        assert store.migrations == ["008_search"]
    assert [d["doc"] for d in listed(db, "documents", search=WORD)] == [FIRST]
    assert len(listed(db, "quotes", search=WORD)) == 1


def test_the_cli_filters_and_refuses_a_bad_date_in_one_line(
    seeds_db: Path, everything: dict[str, list[Row]]
) -> None:
    result = runner.invoke(app, ["quotes", "--db", str(seeds_db), "--actor", "Putin",
                                 "--limit", "2", "--offset", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    putin = [q for q in everything["quotes"] if q["speaker"] == "Vladimir Putin"]
    assert json.loads(result.stdout) == putin[1:3]
    for command in ("documents", "quotes", "forecasts", "actors", "questions"):
        for bad in ("2024-13-01", "06/11/2024", "2024-11"):
            result = runner.invoke(app, [command, "--db", str(seeds_db), "--since", bad])
            assert result.exit_code == 1, (command, bad)
            assert result.stderr == f"augury: date must be YYYY-MM-DD, not '{bad}'\n"
    result = runner.invoke(app, ["forecasts", "--db", str(seeds_db), "--limit", "-1"])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1


def test_the_store_imports_nothing_above_it() -> None:
    above = ("augury.api", "augury.resolve", "augury.ledger", "augury.report", "augury.cli",
             "augury.runner", "augury.analyze", "augury.ingest")
    files = sorted((ROOT / "src" / "augury" / "store").glob("*.py"))
    assert files
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(above), f"{path.name} imports {name}"
