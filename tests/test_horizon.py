"""Horizon dates: the end of the period a claim names, read against the article's date."""

from __future__ import annotations

import pytest

from augury.analyze.horizon import find_horizon


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("relations will improve next year", "2024-11-06", "2025-12-31"),
        ("prices will rise this year", "2024-11-06", "2024-12-31"),
        ("later this year", "2024-11-15", "2024-12-31"),
        ("next month", "2024-12-15", "2025-01-31"),
        ("next week", "2024-11-15", "2024-11-24"),  # Sunday of the following week
        ("tomorrow", "2024-11-15", "2024-11-16"),
        ("by the end of the year", "2024-03-01", "2024-12-31"),
        ("Next Year", "2024-11-06", "2025-12-31"),
        ("over the coming months, Russia will intensify", "2024-11-15", "2025-02-15"),
        ("in the next few weeks", "2024-01-31", "2024-02-21"),
        ("in the coming year", "2024-11-15", "2025-11-15"),
        ("he would end the war within 24 hours", "2024-11-15", "2024-11-16"),
        ("over the next four years", "2024-11-15", "2028-11-15"),
        ("in two decades", "2020-02-29", "2040-02-29"),
        ("in 2017", None, "2017-12-31"),
        ("by the end of 2025", "2024-11-06", "2025-12-31"),
        ("2017 is very likely usher in a whole different era", None, "2017-12-31"),
        ("by March 2025", None, "2025-03-31"),
        ("by March", "2024-11-15", "2025-03-31"),  # the next March
        ("on January 20, 2025", None, "2025-01-20"),
        ("on 20 January", "2024-11-06", "2025-01-20"),
    ],
)
def test_horizon(text: str, published: str | None, expected: str) -> None:
    assert find_horizon(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("next year", None),  # relative, and no article date
        ("over the coming months", None),
        ("in the short term", "2024-11-06"),  # vague
        ("longer-term", "2024-11-06"),
        ("the treaty it signed earlier this year", "2024-11-15"),  # the past
        ("Crimea, annexed in 2014", "2024-11-06"),  # before the article
        ("its 1800 nuclear warheads", None),
        ("they may meet", "2024-11-06"),  # "may" is not May
        ("on February 30", "2024-01-01"),  # no such day
    ],
)
def test_no_horizon(text: str, published: str | None) -> None:
    assert find_horizon(text, published) is None
