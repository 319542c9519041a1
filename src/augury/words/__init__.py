"""Word lists as data: one file per list, one entry per line, `#` starts a comment.

`load("honorifics")` reads `honorifics.txt` beside this module; entries are lower-cased.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    """The lines of one list, comments and surrounding space removed, blank ones left out."""
    text = (resources.files("augury.words") / f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].rstrip() for line in text.splitlines())
    return [line for line in lines if line.strip()]


@cache
def load(name: str) -> frozenset[str]:
    """The entries of one word list."""
    return frozenset(line.strip().lower() for line in _lines(name))


@cache
def load_pairs(name: str) -> dict[str, str]:
    """A two-column list (`entry<TAB>value`): entries lower-cased, values as written."""
    pairs = (line.split("\t", 1) for line in _lines(name) if "\t" in line)
    return {entry.strip().lower(): value.strip() for entry, value in pairs}
