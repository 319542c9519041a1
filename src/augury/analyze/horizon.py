"""Horizon dates: by when a forecast says it will have come true, read against the article's date.

Convention: the horizon is the END of the period the text names, as YYYY-MM-DD.
- a year ("in 2017", "by 2030", "2017 is likely to ...") -> 31 December of that year;
- a month ("in March 2025", "by March") -> its last day; a day ("on 20 January 2025") -> that day;
- "this/next year|month|week", "by the end of the year" -> the last day of that year, month or
  (Monday-based) week;
  "tomorrow" -> the next day;
- a span from the article's date ("within 24 hours", "over the next four years", "in two weeks")
  -> the article's date plus the span; hours are rounded up to days; an unquantified span
  ("over the coming months", "in the next few weeks") counts as three units, "a couple" as two.
Relative phrases need the article's date: without one they give None. Vague phrases ("in the
short term", "longer-term", "soon") give None, and so does a date before the article's date
("earlier this year" is never read as a horizon).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "couple of": 2,
    "few": 3, "several": 3,
}  # fmt: skip
_MONTH_NAMES = [*calendar.month_name[1:], *calendar.month_abbr[1:]]
_MONTH = r"(?-i:(?P<month>" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r"))\.?"
_COUNT = r"(?P<count>\d+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>hour|day|week|month|year|decade)(?P<plural>s)?"
_PATTERNS = [
    ("day", rf"\b(?:on|by|until|before)\s+{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"),
    ("day", rf"\b(?:on|by|until|before)\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}"
            rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"),
    ("month", rf"\b(?:in|by|until|before|through|during)\s+(?:early\s+|mid-?|late\s+)?{_MONTH}"
              rf"(?:\s+(?P<year>(?:19|20)\d\d))?\b"),
    ("year", r"\b(?:in|by|until|before|through|during|throughout)\s+(?:the\s+end\s+of\s+)?"
             r"(?:early\s+|mid-?|late\s+)?(?P<year>(?:19|20)\d\d)\b(?!\s*(?:percent|%))"),
    ("year", r"^\W*(?P<year>(?:19|20)\d\d)\b(?=\s+(?:is|will|could|may|might|would)\b)"),
    ("calendar", r"(?<!earlier )(?<!last )\b(?:(?P<which>this|next)|end\s+of\s+the)\s+"
                 r"(?P<unit>year|month|week)\b"),
    ("span", rf"\b(?:within|in|over|during)\s+(?:the\s+)?(?:next|coming|following)?\s*"
             rf"{_COUNT}\s+{_UNIT}\b"),
    ("span", rf"\b(?:within|in|over|during)\s+the\s+(?:next|coming)\s+{_UNIT}\b"),
    ("tomorrow", r"\btomorrow\b"),
]  # fmt: skip
_HINT = re.compile(r"\d|tomorrow|hour|day|week|month|year|decade|" + "|".join(_MONTH_NAMES), re.I)
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _PATTERNS]


def _month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """The (year, month) a number of months after a given one."""
    years, index = divmod(month - 1 + months, 12)
    return year + years, index + 1


def _add(start: date, count: int, unit: str) -> date:
    """A date plus a number of hours (rounded up to days), days, weeks, months, years or decades."""
    if unit in ("hour", "day", "week"):
        days = {"hour": -(-count // 24), "day": count, "week": 7 * count}[unit]
        return start + timedelta(days=days)
    months = count * {"month": 1, "year": 12, "decade": 120}[unit]
    end = _month_end(*_shift_month(start.year, start.month, months))
    return end.replace(day=min(start.day, end.day))


def _resolve(kind: str, groups: dict[str, str], published: date | None) -> date | None:
    """The end date one matched phrase names, or None when it needs a missing article date."""
    if "year" in groups:
        year = int(groups["year"])
    elif published is None:
        return None
    else:
        year = published.year
    if kind == "year":
        return date(year, 12, 31)
    if kind in ("day", "month"):
        month = _MONTHS[groups["month"]]
        if "year" not in groups and published is not None and month < published.month:
            year += 1
        return date(year, month, int(groups["day"])) if kind == "day" else _month_end(year, month)
    assert published is not None
    if kind == "tomorrow":
        return published + timedelta(days=1)
    if kind == "span":
        count = groups.get("count", "few" if "plural" in groups else "one")
        return _add(published, int(count) if count.isdigit() else _NUMBERS[count], groups["unit"])
    ahead = 1 if groups.get("which") == "next" else 0
    if groups["unit"] == "year":
        return date(year + ahead, 12, 31)
    if groups["unit"] == "month":
        return _month_end(*_shift_month(year, published.month, ahead))
    return published + timedelta(days=6 - published.weekday() + 7 * ahead)


def names_period(text: str) -> bool:
    """Whether a text names a time frame ("in 24 hours", "next year", "by 2030")."""
    return bool(_HINT.search(text)) and any(pattern.search(text) for _, pattern in _COMPILED)


def find_horizon(text: str, published: str | None) -> str | None:
    """The horizon (YYYY-MM-DD) of a claim's first time phrase, read against the article's date."""
    if not _HINT.search(text):
        return None
    base = date.fromisoformat(published) if published else None
    found = [(m, kind) for kind, pattern in _COMPILED for m in pattern.finditer(text)]
    for match, kind in sorted(found, key=lambda pair: pair[0].start()):
        groups = {k: v.lower() for k, v in match.groupdict().items() if v}
        try:
            end = _resolve(kind, groups, base)
        except ValueError:  # a day that does not exist, e.g. "on February 30"
            continue
        if end is not None and (base is None or end >= base):
            return end.isoformat()
    return None
