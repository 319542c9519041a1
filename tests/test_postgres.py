"""PostgreSQL against SQLite on the seeds: the same JSON from every listing, filter and search;
and writers in several processes at once lose no resolution or merge."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from augury import api
from augury.api import Filters
from augury.cli import app
from augury.model import Correction
from augury.store import Store

ROOT = Path(__file__).resolve().parent.parent
RESOLUTIONS = ROOT / "samples" / "resolutions.csv"
FILTERS = [
    Filters(),
    Filters(actor="Putin"),
    Filters(actor="analysts"),
    Filters(doc="001_df6a18557ff6e7a7.txt"),
    Filters(date_from="2016-01-01", date_to="2016-12-31"),
    Filters(limit=7, offset=3),
    Filters(search="sanction"),
    Filters(search="Cenusa"),
    Filters(search='"deep state"'),
    Filters(search="Russ* relations"),
    Filters(search="Trump’s U.S."),
    Filters(search="the"),
]
LISTINGS = {"documents": api.documents, "quotes": api.quotes, "forecasts": api.forecasts,
            "actors": api.actors, "questions": api.questions}


def _everything(db: str | Path) -> dict[str, object]:
    with Store(db, create=False) as store:
        seen: dict[str, object] = {}
        for name, listing in LISTINGS.items():
            for filters in FILTERS:
                seen[f"{name} {filters}"] = listing(store, filters)
        seen["scores"] = api.scores(store)
        seen["resolutions"] = api.resolutions(store)
        seen["history"] = [{k: v for k, v in e.items() if k != "recorded_at"}
                           for t in sorted(store.resolutions()) for e in api.history(store, t)]
        seen["counts"] = api.counts(store)
    return seen


def test_every_listing_is_the_same_on_postgresql_as_on_sqlite(
    writable_seeds: Path, pg_seeds: str
) -> None:
    for db in (writable_seeds, pg_seeds):
        result = CliRunner().invoke(app, ["resolutions", "import", str(RESOLUTIONS), "--db",
                                          str(db), "--by", "ana"])
        assert result.exit_code == 0, result.output
    sqlite, postgres = _everything(writable_seeds), _everything(pg_seeds)
    assert sqlite["resolutions"] and sqlite["scores"] and sqlite["counts"]["documents"] == 5
    assert sqlite["documents " + str(Filters(search="Cenusa"))]  # folded accents find it
    for key in sqlite:
        assert postgres[key] == sqlite[key], key


def _resolve_many(db: str, writer: int, targets: list[str], rounds: int) -> int:
    """One writer process: resolve each target `rounds` times over, replacing; returns how many
    resolutions it recorded."""
    done = 0
    with Store(db, create=False) as store:
        for n in range(rounds):
            for target in targets:
                api.resolve(store, target, "yes" if (writer + n) % 2 else "no", "2025-01-31",
                            f"https://example.org/{writer}/{n}", f"writer {writer} round {n}",
                            by=f"writer-{writer}", replace=True)
                done += 1
    return done


def _merge(db: str, pairs: list[tuple[str, str]]) -> int:
    with Store(db, create=False) as store:
        for name, other in pairs:
            api.correct(store, Correction("merge", name, other))
    return len(pairs)


def test_concurrent_writers_lose_no_resolution_or_merge(pg_seeds: str) -> None:
    with Store(pg_seeds, create=False) as store:
        targets = [f["id"] for f in store.list_forecasts()[:4]]
    pairs = [("Joe Biden", "Hunter Biden"), ("Natasha Kuhrt", "Kirill Dmitriev")]
    writers, rounds = 4, 6
    with ProcessPoolExecutor(writers + 1) as pool:
        resolving = [pool.submit(_resolve_many, pg_seeds, w, targets, rounds)
                     for w in range(writers)]
        merging = pool.submit(_merge, pg_seeds, pairs)
        recorded = sum(f.result() for f in resolving)
        assert merging.result() == len(pairs)
    assert recorded == writers * rounds * len(targets)
    with Store(pg_seeds, create=False) as store:
        current = store.resolutions()
        events = 0
        for target in targets:
            history = store.resolution_history(target)
            events += len(history)
            # one chain: each event supersedes the one before it, and the last is the current
            assert [e["supersedes"] for e in history] == [None] + [
                e["event"] for e in history[:-1]]
            last = history[-1]
            assert (current[target].outcome, current[target].source, current[target].note) == (
                last["outcome"], last["source"], last["note"])
        assert events == recorded
        assert [(c.name, c.other) for c in store.corrections()] == pairs
        resolved = api.resolved_actors(store)
        for name, other in pairs:
            assert resolved.lookup(name) is resolved.lookup(other)


@pytest.mark.parametrize("search", ["Cenusă", "sanction*", '"the deep state"'])
def test_search_words_reach_postgresql_as_words(pg_seeds: str, search: str) -> None:
    # Punctuation and quotes in a search are never tsquery syntax.
    with Store(pg_seeds, create=False) as store:
        assert api.documents(store, Filters(search=search + " !&|:*'()"))
