"""Brier scores and calibration tables for resolved forecasts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# An always-0.5 forecaster scores (0.5 - o)² = 0.25 on every question, whatever happens.
COIN_FLIP_BRIER = 0.25


@dataclass(frozen=True)
class Outcome:
    """One resolved forecast: the probability it gave its claim, and whether the claim came true."""

    probability: float
    happened: bool


@dataclass(frozen=True)
class CalibrationBin:
    """Forecasts whose probability fell in [low, high): how many, what they said, what happened."""

    low: float
    high: float
    n: int
    mean_probability: float | None
    observed: float | None


@dataclass(frozen=True)
class Score:
    n: int
    brier: float | None
    skill: float | None
    calibration: list[CalibrationBin]


def brier(outcomes: Sequence[Outcome]) -> float | None:
    """Mean squared distance between probability and outcome (0 is perfect); None if empty."""
    if not outcomes:
        return None
    return sum((o.probability - float(o.happened)) ** 2 for o in outcomes) / len(outcomes)


def skill(score: float | None) -> float | None:
    """Brier skill against the always-0.5 forecaster: 1 is perfect, 0 no better, < 0 worse."""
    return None if score is None else 1 - score / COIN_FLIP_BRIER


def calibration(outcomes: Sequence[Outcome], bins: int = 5) -> list[CalibrationBin]:
    """Equal-width probability bins; the last one includes 1.0."""
    table = []
    for i in range(bins):
        low, high = i / bins, (i + 1) / bins
        inside = [o for o in outcomes
                  if low <= o.probability < high or (i == bins - 1 and o.probability == high)]
        n = len(inside)
        table.append(CalibrationBin(
            low=low, high=high, n=n,
            mean_probability=sum(o.probability for o in inside) / n if n else None,
            observed=sum(o.happened for o in inside) / n if n else None,
        ))
    return table


def score(outcomes: Sequence[Outcome], bins: int = 5) -> Score:
    b = brier(outcomes)
    return Score(n=len(outcomes), brier=b, skill=skill(b), calibration=calibration(outcomes, bins))
