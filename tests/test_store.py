"""The store on a real SQLite file and a real PostgreSQL database: migrations, idempotent ingest,
one transaction per document, clear errors for a database that is not there or not one."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from conftest import BACKENDS

from augury.analyze.pipeline import Analyzer
from augury.errors import StoreError
from augury.ingest import read_paths
from augury.model import Analysis, Document, Quote
from augury.runner import ingest
from augury.store import Store
from augury.store.backends.postgres import shown
from augury.store.migrations import TABLE, available


@pytest.fixture(scope="module")
def seed_analyses(analyzer: Analyzer, seed_paths: list[Path]) -> list[tuple[Document, Analysis]]:
    docs = [Document(text=p.read_text(encoding="utf-8"), source=p.name) for p in seed_paths[:2]]
    return list(analyzer.analyze_many(docs))


def test_migrations_are_recorded_and_applied_once(fresh_db: str) -> None:
    first = Store(fresh_db)
    shipped = [name for name, _ in available(first.backend.dialect)]
    assert first.migrations == shipped
    first.close()
    again = Store(fresh_db)
    assert again.migrations == []
    names = [r[0] for r in again.conn.execute(f"SELECT name FROM {TABLE} ORDER BY name")]
    assert names == shipped
    again.close()


def test_both_backends_ship_the_same_numbered_migrations() -> None:
    assert [n for n, _ in available("sqlite")] == [n for n, _ in available("postgresql")]


def _open_and_count(path: str) -> int:
    with Store(path) as store:
        return len(store.conn.execute(f"SELECT name FROM {TABLE}").fetchall())


@pytest.mark.parametrize("backend", BACKENDS)
def test_processes_opening_a_new_database_at_once_all_succeed(
    tmp_path: Path, request: pytest.FixtureRequest, backend: str
) -> None:
    # each round: three processes race to create and migrate the same new database
    with ProcessPoolExecutor(3) as pool:
        for round_ in range(8 if backend == "sqlite" else 4):
            db = (str(tmp_path / f"race-{round_}.db") if backend == "sqlite"
                  else request.getfixturevalue("new_pg_db")())
            counts = list(pool.map(_open_and_count, [db] * 3))
            assert counts == [len(available(backend))] * 3


def test_a_database_that_does_not_exist_is_not_created_unless_asked(fresh_db: str) -> None:
    with pytest.raises(StoreError, match="no such database|no Augury database there"):
        Store(fresh_db, create=False)
    if fresh_db.startswith("postgresql://"):
        with Store(fresh_db, create=True, upgrade=False) as store:
            assert store.backend.is_new()
    else:
        assert not Path(fresh_db).exists()


def test_round_trip_keeps_every_field(
    fresh_db: str, seed_analyses: list[tuple[Document, Analysis]]
) -> None:
    document, analysis = seed_analyses[0]
    with Store(fresh_db) as store:
        doc_id = store.add(document, analysis)
        assert doc_id is not None
        [(stored_id, stored)] = store.documents()
        assert stored_id == doc_id
        assert stored == document
        assert store.analysis(doc_id) == analysis


def test_same_text_twice_is_a_noop(
    fresh_db: str, seed_analyses: list[tuple[Document, Analysis]]
) -> None:
    document, analysis = seed_analyses[0]
    with Store(fresh_db) as store:
        assert store.add(document, analysis) is not None
        renamed = Document(text=document.text, source="copy.txt")
        assert store.add(renamed, analysis) is None
        assert len(store.list_documents()) == 1
        assert len(store.list_quotes()) == len(analysis.quotes)


def test_an_ingest_counts_only_what_it_stored(
    fresh_db: str, tmp_path: Path, seed_paths: list[Path], analyzer: Analyzer
) -> None:
    # Another process stores the same texts after this ingest has found them new.
    db = fresh_db
    folder = tmp_path / "batch"
    folder.mkdir()
    for path in seed_paths[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    documents = [d for d in read_paths([folder]) if isinstance(d, Document)]

    def other_process_stores(_: int) -> None:
        with Store(db) as other:
            for document, analysis in analyzer.analyze_many(documents):
                other.add(document, analysis)

    with Store(db) as store:
        report = ingest([folder], store, on_start=other_process_stores)
        assert report.added == []
        assert sorted(report.duplicates) == sorted(p.name for p in seed_paths[:2])
        assert len(store.list_documents()) == 2


def test_a_failing_document_leaves_nothing_half_written(
    fresh_db: str, seed_analyses: list[tuple[Document, Analysis]]
) -> None:
    (good, good_analysis), (bad, bad_analysis) = seed_analyses
    broken = Analysis(
        entities=bad_analysis.entities,
        actors=bad_analysis.actors,
        quotes=[*bad_analysis.quotes, Quote(text="x", start=0, end=1, kind="sung")],  # type: ignore[arg-type]
    )
    with Store(fresh_db) as store:
        store.add(good, good_analysis)
        before = [store.list_documents(), store.list_quotes(), store.list_document_actors()]
        with pytest.raises(store.backend.IntegrityError):
            store.add(bad, broken)
        assert [store.list_documents(), store.list_quotes(), store.list_document_actors()] == before
        counts = {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("entities", "actors", "quotes", "forecasts")}
        assert counts["entities"] == len(good_analysis.entities)
        assert counts["actors"] == len(good_analysis.actors)


def test_listings_carry_the_documented_keys(
    fresh_db: str, seed_analyses: list[tuple[Document, Analysis]]
) -> None:
    with Store(fresh_db) as store:
        for document, analysis in seed_analyses:
            store.add(document, analysis)
        assert set(store.list_documents()[0]) == {
            "doc", "title", "author", "outlet", "date", "url", "words", "copies"}
        assert set(store.list_document_actors()[0]) == {
            "doc", "name", "kind", "aliases", "mentions", "roles"}
        quotes = store.list_quotes()
        assert quotes and set(quotes[0]) == {
            "doc", "text", "speaker", "speaker_kind", "speaker_mention", "speaker_start",
            "speaker_end", "cue", "kind", "start", "end"}
        for q in quotes:
            text = next(d.text for d, _ in seed_analyses if d.source == q["doc"])
            assert text[q["start"]:q["end"]] == q["text"]


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)

    with pytest.raises(StoreError, match="junk.db"):
        Store(junk)


def test_a_server_that_cannot_be_reached_is_one_line_without_the_password() -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    url = "postgresql://ana:s3cret@127.0.0.1:1/augury?password=s3cret&connect_timeout=5"
    with pytest.raises(StoreError) as caught:
        Store(url)
    message = str(caught.value)
    assert message.startswith("postgresql://ana@127.0.0.1:1/augury?connect_timeout=5: cannot "
                              "connect: ")
    assert "s3cret" not in message and "\n" not in message


def test_a_url_is_shown_without_its_password() -> None:
    assert shown("postgresql://ana:pw@db.example:5432/news") == "postgresql://ana@db.example:5432/news"
    assert shown("postgresql://ana@db/news?password=pw&sslmode=require") == (
        "postgresql://ana@db/news?sslmode=require")
