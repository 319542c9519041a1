"""Shared fixtures: the real spaCy pipeline, the real seed articles, and databases on every
backend: a SQLite file, and a fresh database on the real PostgreSQL server that AUGURY_TEST_PG
names (skipped when none is, unless AUGURY_REQUIRE_PG=1, as in CI)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from augury.analyze.pipeline import Analyzer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "samples" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The full pipeline on the real model, loaded once per test session."""
    return Analyzer()


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads or writes the user's augury.db or page cache."""
    monkeypatch.setenv("AUGURY_DB", str(tmp_path / "augury.db"))
    monkeypatch.setenv("AUGURY_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The canonical fixture database: the five seeds ingested once, shared read-only by tests."""
    from augury.runner import ingest
    from augury.store import Store

    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Store(path) as store:
        report = ingest([SEEDS], store)
    assert len(report.added) == 5 and not report.errors
    return path


# Markup, script, a javascript: URL and template syntax, put into a real seed article's title,
# byline, outlet, file name and first quote by `hostile_db`.
HOSTILE_TITLE = '<script>alert("title")</script> What does Trump’s {{ 7*7 }} return mean?'
HOSTILE_AUTHOR = '<img src=x onerror=alert("author")> Jane {{ config }} Doe'
HOSTILE_OUTLET = '<svg onload=alert("outlet")> The {% raw %} Wire'
HOSTILE_URL = 'javascript:alert("url")'
HOSTILE_QUOTE = ('the underlying causes <script>alert("quote")</script> of the {{ 7*7 }} '
                 '<a href="javascript:alert(1)" onerror=alert(2)>Russia–US</a> confrontation')
HOSTILE_FILE = '<img src=x onerror=alert("file")>.jsonl'


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of one real seed article carrying the hostile strings above, ingested from
    JSON Lines so that title, byline, outlet and URL are the hostile ones."""
    import json

    from augury.runner import ingest
    from augury.store import Store

    seed = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    quote = "the underlying causes of the Russia–US confrontation"
    assert quote in seed
    record = {"text": seed.replace(quote, HOSTILE_QUOTE, 1), "title": HOSTILE_TITLE,
              "author": HOSTILE_AUTHOR, "outlet": HOSTILE_OUTLET, "url": HOSTILE_URL,
              "date": "2024-11-15"}
    folder = tmp_path_factory.mktemp("hostile")
    (folder / HOSTILE_FILE).write_text(json.dumps(record, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    path = folder.parent / "hostile-web.db"
    with Store(path) as store:
        report = ingest([folder], store)
    assert len(report.added) == 1 and not report.errors
    return path


@pytest.fixture
def writable_seeds(seeds_db: Path, tmp_path: Path) -> Path:
    """A copy of the canonical seed database that a test may write to."""
    target = tmp_path / "writable.db"
    shutil.copy(seeds_db, target)
    return target


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The URL of a PostgreSQL database on the test server (AUGURY_TEST_PG), whose user may
    create databases; each test gets one of its own beside it."""
    import psycopg

    url = os.environ.get("AUGURY_TEST_PG")
    required = os.environ.get("AUGURY_REQUIRE_PG") == "1"
    if not url:
        if required:
            pytest.fail("AUGURY_REQUIRE_PG=1 but AUGURY_TEST_PG names no PostgreSQL server")
        pytest.skip("no PostgreSQL server: set AUGURY_TEST_PG=postgresql://user@127.0.0.1/db")
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as e:
        if required:
            pytest.fail(f"AUGURY_TEST_PG: cannot connect: {e}")
        pytest.skip(f"AUGURY_TEST_PG: cannot connect: {e}")
    return url


def _database(server: str, name: str) -> str:
    """The URL of database `name` on the server of `server`."""
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def _admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql)


def _new_database(server: str, template: str | None = None) -> str:
    name = f"augury_test_{uuid.uuid4().hex[:12]}"
    _admin(server, f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    return name


@pytest.fixture
def new_pg_db(pg_server: str) -> Iterator[Callable[[], str]]:
    """Makes new, empty PostgreSQL databases (their URLs), all dropped after the test."""
    made: list[str] = []

    def new() -> str:
        made.append(_new_database(pg_server))
        return _database(pg_server, made[-1])

    yield new
    for name in made:
        _admin(pg_server, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def pg_db(new_pg_db: Callable[[], str]) -> str:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    return new_pg_db()


@pytest.fixture(params=BACKENDS)
def fresh_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database that does not hold Augury's tables yet, on each backend: a SQLite file's
    path (not made yet), or an empty PostgreSQL database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "a.db")
    return request.getfixturevalue("pg_db")


@pytest.fixture(scope="session")
def pg_seeds_template(pg_server: str) -> Iterator[str]:
    """The five seeds ingested once into a PostgreSQL database that no test connects to, so
    that each test gets a copy of it (CREATE DATABASE … TEMPLATE needs it idle)."""
    from augury.runner import ingest
    from augury.store import Store

    name = _new_database(pg_server)
    with Store(_database(pg_server, name)) as store:
        report = ingest([SEEDS], store)
    assert len(report.added) == 5 and not report.errors
    yield name
    _admin(pg_server, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def pg_seeds(pg_server: str, pg_seeds_template: str) -> Iterator[str]:
    """A copy of the seed database on PostgreSQL that a test may write to."""
    name = _new_database(pg_server, template=pg_seeds_template)
    yield _database(pg_server, name)
    _admin(pg_server, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=BACKENDS)
def seeds(request: pytest.FixtureRequest) -> str:
    """A copy of the seed database that a test may write to, on each backend."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("writable_seeds"))
    return request.getfixturevalue("pg_seeds")
