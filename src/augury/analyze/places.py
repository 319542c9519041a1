"""Countries, and the place names that stand for a government ("Moscow said" → Russia's)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

import pycountry
from spacy.tokens import Span

from augury.words import load

# Seats of power name a government whatever their syntax; a capital does only as an actor.
SEATS = {"kremlin", "white house", "downing street", "whitehall"}
LOCATIVE = {"in", "at", "from", "to", "near", "across", "around", "outside", "inside", "into",
            "through", "via", "throughout", "within", "beyond"}


def _rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("augury.analyze") / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@cache
def _aliases() -> dict[str, str]:
    return {r["alias"].lower(): r["country"] for r in _rows("country_aliases.csv")}


@cache
def _governments() -> dict[str, tuple[str, str]]:
    return {r["mention"].lower(): (r["government"], r["country"]) for r in _rows("governments.csv")}


@cache
def country_name(name: str) -> str | None:
    """The everyday name of the country `name` denotes, or None if it is not a country."""
    key = name.strip().removeprefix("the ").strip()
    if key.lower() in _aliases():
        return _aliases()[key.lower()]
    if len(key) < 4:  # ISO codes ("US", "CA") are matched through the alias table only
        return None
    try:
        found = pycountry.countries.lookup(key)
    except LookupError:
        return None
    return getattr(found, "common_name", None) or found.name


def government(name: str) -> str | None:
    """The government a place name can stand for ("Moscow" → "Russian government")."""
    found = _governments().get(name.strip().removeprefix("the ").lower())
    return found[0] if found else None


def stands_for_government(ent: Span) -> bool:
    """Whether this mention of a capital or seat of power means its government, not the place."""
    key = ent.text.strip().removeprefix("the ").lower()
    if key not in _governments():
        return False
    if key in SEATS:
        return True
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return False
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return not (after is not None and after.text == "-")  # "Moscow-based"


def is_government_body(name: str) -> bool:
    """Whether an organisation's name is a government body or office ("State Department", "the
    Pentagon", "Obama administration", "FBI"): words of words/government_words.txt, or a whole
    name of words/government_names.txt ("the House")."""
    lowered = name.lower().removeprefix("the ")
    if lowered in load("government_names"):
        return True
    return any(w in lowered.split() or (" " in w and w in lowered)
               for w in load("government_words"))
