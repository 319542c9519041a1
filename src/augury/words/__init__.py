"""Word lists as data: one file per list, one entry per line, `#` starts a comment.

`load("honorifics")` reads `honorifics.txt` beside this module; entries are lower-cased.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load(name: str) -> frozenset[str]:
    """The entries of one word list."""
    text = (resources.files("augury.words") / f"{name}.txt").read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(e for e in entries if e)


@cache
def load_pairs(name: str) -> dict[str, str]:
    """A two-column list (`entry<TAB>value`): entries lower-cased, values as written."""
    text = (resources.files("augury.words") / f"{name}.txt").read_text(encoding="utf-8")
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if "\t" in line:
            entry, value = line.split("\t", 1)
            pairs[entry.strip().lower()] = value.strip()
    return pairs
