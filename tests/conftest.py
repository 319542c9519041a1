"""Shared fixtures: the real spaCy pipeline and the real seed articles."""

from __future__ import annotations

from pathlib import Path

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
    import shutil

    target = tmp_path / "writable.db"
    shutil.copy(seeds_db, target)
    return target
