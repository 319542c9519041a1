"""Resolutions: what happened to a forecast or question, when, and on whose record."""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from augury.errors import LedgerError
from augury.escaping import quoted, shortened

Verdict = Literal["yes", "no", "void"]
OUTCOMES = ("yes", "no", "void")
COLUMNS = ("id", "outcome", "date", "source", "note")


@dataclass(frozen=True)
class Resolution:
    """`target` is a forecast id (f-…) or question id (q-…); void means it can never be scored."""

    target: str
    outcome: Verdict
    date: str
    source: str
    note: str | None = None


def make_resolution(
    target: str, outcome: str, when: str, source: str, note: str | None, known: Collection[str]
) -> Resolution:
    """Check every field; raise LedgerError naming the first problem."""
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
    if not source.startswith(("http://", "https://")):
        raise LedgerError(f"source must be an http(s) URL, not {source!r}")
    return Resolution(target, outcome, when, source, (note or "").strip() or None)  # type: ignore[arg-type]


def read_csv(path: Path, known: Collection[str]) -> list[Resolution]:
    """Every row of a resolutions file, or LedgerError listing each bad row by line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise LedgerError(f"{quoted(str(path))}: cannot read: {e}") from e
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS[:4] if c not in (reader.fieldnames or [])]
    if missing:
        raise LedgerError(f"{quoted(str(path))}: missing columns: {', '.join(missing)}")
    rows, problems = [], []
    for line, row in enumerate(reader, start=2):
        try:
            rows.append(make_resolution(row["id"] or "", row["outcome"] or "", row["date"] or "",
                                        row["source"] or "", row.get("note"), known))
        except LedgerError as e:
            problems.append(f"{quoted(path.name)}:{line}: {e}")
    if problems:
        raise LedgerError(f"nothing imported, {len(problems)} bad rows: {shortened(problems)}")
    return rows
