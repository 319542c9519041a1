"""Accuracy on the five hand-annotated seed articles (gold in tests/fixtures/seeds_gold)."""

from __future__ import annotations

import pytest
from seed_gold import (
    SEEDS_DIR,
    Figures,
    SeedScore,
    coverage,
    figures,
    load_gold,
    perfect_prediction,
    same_person,
    score_seed,
)

from augury.analyze.pipeline import Analyzer
from augury.model import Analysis, Document

GOLD = load_gold()


def _report(scores: list[SeedScore]) -> str:
    lines = []
    for s in scores:
        lines += [f"{s.doc}:"]
        lines += [f"  quote {m}" for m in s.quote_misses]
        lines += [f"  metadata {m}" for m in s.meta_wrong]
        lines += [f"  forecast {m}" for m in s.forecast_misses]
    return "\n".join(lines)


# --- the scoring itself ---------------------------------------------------------------------


def test_gold_covers_every_seed_and_quotes_its_text_exactly() -> None:
    assert sorted(GOLD) == sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    for name, gold in GOLD.items():
        text = (SEEDS_DIR / name).read_text(encoding="utf-8")
        for item in gold["direct_quotes"] + gold["forecasts"]:
            assert item["text"] in text, (name, item["text"])


def test_perfect_prediction_scores_one() -> None:
    scores = [
        score_seed(g, *perfect_prediction(g, (SEEDS_DIR / n).read_text(encoding="utf-8")))
        for n, g in GOLD.items()
    ]
    assert figures(scores) == Figures(
        quotes=1.0,
        metadata=1.0,
        forecasts_found=1.0,
        forecasts_holder=1.0,
        forecasts_extra=0,
        forecasts_predicted=sum(len(g["forecasts"]) for g in GOLD.values()),
    )


def test_empty_prediction_scores_zero() -> None:
    scores = [score_seed(g, Document(text="", source=n), Analysis()) for n, g in GOLD.items()]
    result = figures(scores)
    assert (result.quotes, result.metadata) == (0.0, 0.0)
    assert (result.forecasts_found, result.forecasts_holder) == (0.0, 0.0)
    assert result.forecasts_extra == 0


def test_matching_rules() -> None:
    assert coverage("“the war will continue,”", 'Otherwise, "the war will continue," says') == 1.0
    assert coverage("the war will continue", "the deep state will again not allow") == 0.0
    assert same_person("Cenusă", "Dionis Cenusa") and same_person("Putin", "PUTIN")
    assert same_person(None, None) and not same_person("Hill", None)


# --- the pipeline on the seeds --------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_scores(analyzer: Analyzer) -> list[SeedScore]:
    from augury.errors import IngestError
    from augury.ingest import read_paths

    scores = []
    for name, gold in GOLD.items():
        items = list(read_paths([SEEDS_DIR / name]))
        assert len(items) == 1 and not isinstance(items[0], IngestError), items
        document = items[0]
        scores.append(score_seed(gold, document, analyzer.analyze(document)))
    return scores


def test_direct_quotes_found_with_their_speaker(seed_scores: list[SeedScore]) -> None:
    assert figures(seed_scores).quotes >= 0.90, _report(seed_scores)


def test_metadata_the_text_gives_is_extracted(seed_scores: list[SeedScore]) -> None:
    assert figures(seed_scores).metadata >= 0.80, _report(seed_scores)


def test_most_forecasts_found_with_their_holder(seed_scores: list[SeedScore]) -> None:
    assert figures(seed_scores).forecasts_holder >= 0.5, _report(seed_scores)
