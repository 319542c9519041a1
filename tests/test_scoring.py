"""Brier and calibration arithmetic on hand-computed cases."""

from __future__ import annotations

import pytest

from augury.ledger.scoring import COIN_FLIP_BRIER, Outcome, brier, calibration, score, skill


def test_brier_by_hand() -> None:
    # (0.8-1)² = 0.04, (0.2-0)² = 0.04, (0.7-0)² = 0.49 → mean 0.19
    outcomes = [Outcome(0.8, True), Outcome(0.2, False), Outcome(0.7, False)]
    assert brier(outcomes) == pytest.approx(0.19)
    assert skill(0.19) == pytest.approx(1 - 0.19 / 0.25)


def test_coin_flip_scores_the_baseline_and_no_skill() -> None:
    outcomes = [Outcome(0.5, True), Outcome(0.5, False), Outcome(0.5, False)]
    assert brier(outcomes) == pytest.approx(COIN_FLIP_BRIER)
    assert skill(brier(outcomes)) == pytest.approx(0.0)


def test_perfect_and_worst() -> None:
    assert brier([Outcome(1.0, True), Outcome(0.0, False)]) == 0.0
    assert brier([Outcome(0.0, True)]) == 1.0
    assert skill(1.0) == pytest.approx(-3.0)
    assert brier([]) is None and skill(None) is None


def test_calibration_bins_count_and_observe() -> None:
    outcomes = [Outcome(0.1, False), Outcome(0.15, True), Outcome(0.7, True), Outcome(0.75, True),
                Outcome(0.79, False), Outcome(1.0, True)]
    table = calibration(outcomes, bins=5)
    assert [b.n for b in table] == [2, 0, 0, 3, 1]
    assert table[0].mean_probability == pytest.approx(0.125)
    assert table[0].observed == pytest.approx(0.5)
    assert table[1].mean_probability is None and table[1].observed is None
    assert table[3].observed == pytest.approx(2 / 3)
    assert table[4].low == pytest.approx(0.8) and table[4].observed == 1.0


def test_score_bundles_everything() -> None:
    s = score([Outcome(0.9, True), Outcome(0.3, False)], bins=2)
    assert s.n == 2
    assert s.brier == pytest.approx((0.01 + 0.09) / 2)
    assert [b.n for b in s.calibration] == [1, 1]
