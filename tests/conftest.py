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
