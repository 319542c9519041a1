"""The shipped sample resolutions resolve real forecasts of the 2016 seed article, with sources."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from augury import api
from augury.ledger.resolutions import read_csv
from augury.store import Store

RESOLUTIONS = Path(__file__).resolve().parent.parent / "samples" / "resolutions.csv"


def test_every_row_names_a_forecast_of_the_2016_article_with_a_source_and_reason(
    seeds_db: Path,
) -> None:
    rows = list(csv.DictReader(RESOLUTIONS.read_text(encoding="utf-8").splitlines()))
    with Store(seeds_db) as store:
        forecasts = {f["id"]: f for f in store.list_forecasts()}
        resolutions = read_csv(RESOLUTIONS, store.known_ids())
    assert len(resolutions) == len(rows) >= 8
    for row in rows:
        assert forecasts[row["id"]]["doc"].startswith("004_"), row
        assert row["outcome"] in {"yes", "no"}
        assert row["source"].startswith("https://") and len(row["note"]) > 20


def test_the_demo_shows_real_scores(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    shutil.copy(seeds_db, db)
    with Store(db) as store:
        store.add_resolutions(read_csv(RESOLUTIONS, store.known_ids()), by="test")
        scores = {(r["group"], r["name"]): r for r in api.scores(store)}
    otarashvili = scores[("holder", "Maia Otarashvili")]
    assert otarashvili["resolved"] >= 5
    assert 0 <= otarashvili["brier"] <= 1
    assert scores[("all", "all holders")]["resolved"] >= otarashvili["resolved"]
