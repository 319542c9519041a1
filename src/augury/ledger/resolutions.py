"""Resolutions: what happened to a forecast or question, when, and on whose record."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from augury.errors import LedgerError
from augury.escaping import quoted, shortened
from augury.model import Resolution

OUTCOMES = ("yes", "no", "void")
COLUMNS = ("id", "outcome", "date", "source", "note")


def make_resolution(
    target: str, outcome: str, when: str, source: str, note: str | None,
    known: Mapping[str, str | None], today: date | None = None,
) -> Resolution:
    """Check every field; raise LedgerError naming the first problem. `known` maps each id to
    the date its forecast was published: nothing is settled before it was said, nor after
    `today`."""
    target, outcome, when, source = (v.strip() for v in (target, outcome, when, source))
    if target not in known:
        raise LedgerError(f"unknown forecast or question id {target!r}")
    if outcome not in OUTCOMES:
        raise LedgerError(f"outcome must be yes, no or void, not {outcome!r}")
    try:
        date.fromisoformat(when)
    except ValueError:
        raise LedgerError(f"date must be YYYY-MM-DD, not {when!r}") from None
    if len(when) != 10:
        raise LedgerError(f"date must be YYYY-MM-DD, not {when!r}")
    if when > (today or date.today()).isoformat():
        raise LedgerError(f"date {when} is in the future")
    published = known[target]
    if published and when < published[:10]:
        raise LedgerError(f"date {when} is before {target} was published ({published[:10]})")
    if not source.startswith(("http://", "https://")):
        raise LedgerError(f"source must be an http(s) URL, not {source!r}")
    return Resolution(target, outcome, when, source, (note or "").strip() or None)  # type: ignore[arg-type]


def read_csv(path: Path, known: Mapping[str, str | None]) -> list[Resolution]:
    """Every row of a resolutions file, or LedgerError listing each bad row by line (an id on
    two lines is one of them: which line would stand is no guess to make)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise LedgerError(f"{quoted(str(path))}: cannot read: {e}") from e
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS[:4] if c not in (reader.fieldnames or [])]
    if missing:
        raise LedgerError(f"{quoted(str(path))}: missing columns: {', '.join(missing)}")
    rows, problems = [], []
    first_line: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        target = (row["id"] or "").strip()
        if target in first_line:
            problems.append(f"{path.name}:{line}: id {target} is also on line "
                            f"{first_line[target]}")
            continue
        first_line[target] = line
        try:
            rows.append(make_resolution(row["id"] or "", row["outcome"] or "", row["date"] or "",
                                        row["source"] or "", row.get("note"), known))
        except LedgerError as e:
            problems.append(f"{quoted(path.name)}:{line}: {e}")
    if problems:
        raise LedgerError(f"nothing imported, {len(problems)} bad rows: {shortened(problems)}")
    return rows
