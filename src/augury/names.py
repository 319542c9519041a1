"""Names of people and organisations: one place for how a mention becomes a name and a key.

Used by analyze/ (one document) and resolve/ (across documents) alike:
- `normalize`: the bare name of a mention, without article, possessive, line breaks and, for
  people, the honorifics and titles before it ("Sen. Lindsey Graham" -> "Lindsey Graham") and a
  headline's verb after it ("Obama Says" -> "Obama");
- `key`: the form two names must share to be one actor: case-, accent- and space-insensitive,
  without middle initials ("Donald J. Trump" ~ "Donald Trump");
- `surname`, `given_name`, `honorific_gender`, `is_honorific`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from augury.words import load, load_pairs

_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"[’']s?$")
_INITIAL = re.compile(r"^[A-Z]\.?$")
_WORD_EDGES = re.compile(r"^[^\w@]+|[^\w.]+$")
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_EDGE = " \t\n,;:\"“”‘’()[]*"


def is_honorific(word: str) -> bool:
    """Whether a word is an honorific or title written before a name ("Sen.", "Sir")."""
    return word.lower() in load("honorifics")


def honorific_gender(word: str) -> str | None:
    """'m' or 'f' for an honorific that tells a person's sex ("Mrs." -> 'f'), else None."""
    return load_pairs("honorific_gender").get(word.lower())


def strip_honorifics(text: str) -> str:
    """Leading honorifics and titles off a person's name: "Russian President Vladimir Putin"
    keeps "Russian" (not a title), "President Vladimir Putin" -> "Vladimir Putin"."""
    words = text.split()
    while len(words) > 1 and is_honorific(words[0]):
        words = words[1:]
    return " ".join(words)


def normalize(text: str, person: bool = True) -> str:
    """The bare name of a mention: no article, possessive, line break or (for people) title."""
    text = _SPACE.sub(" ", text).strip(_EDGE)
    text = _POSSESSIVE.sub("", text)
    text = re.sub(r"^(?:the|The)\s+", "", text)
    if not person:
        return text
    words = strip_honorifics(text).strip(_EDGE).split(" ")
    # "Obama Says", from a title-case headline: the verb is no part of the name
    while len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in load(
            "headline_verbs"):
        words.pop()
    return " ".join(words)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Every lookup of a name keys it; a database of a thousand articles asks for the same 10,000 names
# again on every listing filtered by actor.
@functools.lru_cache(maxsize=1 << 17)
def key(name: str) -> str:
    """Case-, accent- and space-insensitive form of a name, middle initials dropped."""
    # editorial brackets and stray dashes are no part of a name: "[Hillary] Clinton", "-Donald"
    words = [_WORD_EDGES.sub("", w) for w in _SPACE.sub(" ", _fold(name)).strip().split(" ")]
    words = [w for w in words if w]
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if not _INITIAL.match(w)), words[-1]]
    return " ".join(words).casefold()


def surname(name: str) -> str:
    """The last word of a name that is not a suffix ("Martin Luther King Jr." -> "King")."""
    words = [w for w in name.split() if w.lower() not in _SUFFIXES]
    return words[-1] if words else name


def given_name(name: str) -> str | None:
    """The first word of a full name ("Richard" of "Richard Dearlove"); None for one word."""
    words = [w for w in name.split() if w.lower() not in _SUFFIXES]
    return words[0] if len(words) > 1 else None
