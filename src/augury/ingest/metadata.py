"""What an article says about itself: title, author, outlet, date and url, read from its text.

Every finder returns None unless the text states the fact; nothing is guessed. The rules:

- title: the first non-blank line, if it is shaped like a headline (3 to 30 words, not ending in
  "," ":" or ";", nor in "." unless it is in title case); bylines, datelines and a site's chrome
  above it ("Support The Moscow Times!", "Democracy Dies in Darkness": title_chrome.txt) are
  skipped, and a leading "date 2017-07-07" marker is cut; anything else means no title.
- author: a byline among the first ten lines ("By Moscow Times Reporter", "by Maia Otarashvili*",
  "Author: ..."), a name of capitalised words. Without a byline, a closing bio: the last
  paragraph opens "Name is (a|an|the) ... <role>", with a role from bio_roles.txt ("Ian Hill is a
  retired senior career diplomat ..."); the subject of the bio is the author.
- date: a line among the first ten that holds only a date, maybe after "Published:" or a weekday
  and before a time ("November 06, 2024", "15 November 2024"), else the date in the url's path
  ("/2016/11/16/", "/2016-11-16/"). A date inside a sentence or a caption ("... Sochi, Russia,
  Nov. 7, 2024. Photo: AP") is never the publication date.
- url: the link after "Original url:" (on that line or a later one), else a line that is only
  "<https://...>".
- outlet: the publication the text belongs to. Evidence, strongest first:
  1. the text says where it was published: "The article was first published on The Interpreter.",
     "originally published in ...", "This article first appeared on ...";
  2. the url's domain is a known outlet's (outlets.tsv: nytimes.com -> The New York Times);
  3. a name in the text spells the url's domain: "The Moscow Times" for themoscowtimes.com;
  4. a wire dateline opens the text: "MOSCOW (Reuters) -", "WASHINGTON, July 10. /TASS/."
     (wires.tsv names the services);
  5. someone speaks to the outlet at the end of a sentence: "..., Filippenko told The Moscow
     Times.", "Ignatov tells TRT World." This counts only when the same name is addressed twice,
     or once and it also matches the url's domain or the byline ("By Moscow Times Reporter"):
     a lone "an official told Reuters." is as often a citation of Reuters' reporting.
  Citing an outlet is never evidence: "The Washington Post reported ...", "according to ...".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dateparser

ROLES_FILE = Path(__file__).with_name("bio_roles.txt")
TOP_LINES = 10
DATEPARSER_SETTINGS: dict[str, Any] = {"REQUIRE_PARTS": ["day", "month", "year"]}
NAME_CONNECTORS = {"and", "&", "de", "van", "von", "der", "da", "bin", "al", "la", "le", "y"}

_WORD = r"[A-Z][\w&-]*"
_NAME = rf"(?:The\s+)?{_WORD}(?:\s+{_WORD}){{0,4}}"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATELINE = re.compile(
    rf"^(?:(?:Published|Posted|Updated|Date)(?:\s+on)?:?\s+)?(?:[A-Z][a-z]+day,?\s+)?"
    rf"(?P<date>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\b.*)?$"
)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
BYLINE = re.compile(r"^(?:[Bb]y|BY|Author:|Written by)\s+(?P<name>.+)$")
BIO = re.compile(r"^\*?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s+is\s+(?P<what>.{0,120})")
ORIGINAL_URL = re.compile(r"Original (?:url|link):\s*<?(https?://[^\s>]+)", re.IGNORECASE)
BRACKETED_URL = re.compile(r"^\s*<(https?://[^\s>]+)>\s*$", re.MULTILINE)
PUBLISHED_IN = re.compile(
    rf"\b(?:(?:first|originally)\s+(?:published|appeared)|(?:article|piece|story)\s+appeared)"
    rf"\s+(?:on|in|by|at)\s+(?P<name>{_NAME})"
)
SPOKE_TO = re.compile(
    rf"\b(?:told|tells|said to|speaking to|spoke to|in an interview with)\s+(?P<name>{_NAME})"
    r"(?=[.;]|\s+(?:in an? (?:\w+ )?interview|on [A-Z][a-z]+day)\b)"
)
NAME = re.compile(_NAME)
WIRE_DATELINE = re.compile(
    r"^[A-Z][\w .'’-]{0,40}?(?:,\s*[^(/\n]{0,40}?)?\s*(?:\((?P<paren>[^)\n]{2,30})\)"
    r"|/(?P<slash>[A-Za-z-]{2,20})/)\s*[-—–:.]"
)
URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-]?(?P<m>[01]\d)[/-]?(?P<d>[0-3]\d)(?:[/._-]|$)")
DATE_MARKER = re.compile(r"^date\s+\d{4}-\d{2}-\d{2}\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Metadata:
    """What is known about one article; None means unknown."""

    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None

    def or_else(self, fallback: Metadata) -> Metadata:
        """Each field from self where known, else from fallback."""
        return Metadata(
            **{f.name: getattr(self, f.name) or getattr(fallback, f.name) for f in fields(self)}
        )


@cache
def bio_roles() -> frozenset[str]:
    """The role words of bio_roles.txt."""
    lines = ROLES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _pairs(name: str) -> dict[str, str]:
    """A tab-separated table beside this module: first column (lower-cased) -> second."""
    text = Path(__file__).with_name(name).read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if "\t" in line and line[0] != "#")
    return {key.strip().lower(): value.strip() for key, value in rows}


@cache
def outlets() -> dict[str, str]:
    return _pairs("outlets.tsv")


@cache
def wires() -> dict[str, str]:
    return _pairs("wires.tsv")


@cache
def title_chrome() -> re.Pattern[str]:
    """One pattern of every chrome line of title_chrome.txt, each matched as a whole line."""
    lines = Path(__file__).with_name("title_chrome.txt").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def normalise_date(value: str) -> str | None:
    """value (ISO, or a date written in English) as YYYY-MM-DD when it names a day, else None."""
    if ISO_DATE.match(value):
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    parsed = dateparser.parse(value, languages=["en"], settings=DATEPARSER_SETTINGS)
    return None if parsed is None else parsed.date().isoformat()


def dateline_date(line: str) -> str | None:
    """The date of a line that holds only a date, as YYYY-MM-DD."""
    match = DATELINE.match(line)
    return None if match is None else normalise_date(match["date"])


def byline_name(line: str) -> str | None:
    """The name in a byline ("By Moscow Times Reporter", "by Maia Otarashvili*")."""
    match = BYLINE.match(line)
    if match is None:
        return None
    name = match["name"].strip(" ,*†")
    words = name.replace(",", " ").split()
    if not 0 < len(words) <= 8 or not words[0][0].isupper():
        return None
    if all(word[0].isupper() or word in NAME_CONNECTORS for word in words):
        return name
    return None


def bio_subject(paragraph: str) -> str | None:
    """The person a bio paragraph is about ("Ian Hill is a retired ... diplomat ...")."""
    match = BIO.match(paragraph)
    if match is None:
        return None
    first_sentence = re.split(r"(?<=[a-z])\.\s", match["what"])[0]
    words = re.findall(r"[a-z]+", first_sentence.lower())
    roles = bio_roles()
    return match["name"] if any(w in roles or w.rstrip("s") in roles for w in words) else None


# Words a title-case headline leaves in lower case.
_SMALL_WORDS = {"and", "but", "for", "nor", "the", "via", "from", "into", "with", "over", "amid"}


def is_headline(line: str, after: str | None = None) -> bool:
    """A line shaped like a headline: 3 to 30 words, not ending like a lead-in, and not a
    sentence, though some archives end a headline with a full stop: a title-case one ("Small
    Steps Toward College Savings."), or a short one-sentence line over a paragraph at least
    twice as long (`after`: "Former DNC chairman calls for Clinton contingency plan.")."""
    words = line.split()
    if line[-1] == ".":
        if re.search(r"[a-z]{3}[.?!]\s", line):
            return False
        title_case = all(w[0].isupper() for w in words
                         if w[0].isalpha() and len(w) > 2 and w.lower() not in _SMALL_WORDS)
        short = after is not None and len(words) <= 14 and len(after.split()) >= 2 * len(words)
        return 3 <= len(words) <= 25 and (title_case or short)
    return 3 <= len(words) <= 30 and line[-1] not in ",:;"


def find_title(lines: Sequence[str]) -> str | None:
    """The headline: the first line, unless it is a byline, dateline or the site's chrome (then
    the next), less a leading "date 2017-07-07" marker."""
    for k, line in enumerate(lines[:TOP_LINES]):
        line = DATE_MARKER.sub("", line)
        if title_chrome().fullmatch(line) or title_chrome().fullmatch(line.strip(" .!")):
            continue
        if byline_name(line) is None and dateline_date(line) is None:
            after = lines[k + 1] if k + 1 < len(lines) else None
            return line.removesuffix(".") if is_headline(line, after) else None
    return None


def find_byline(lines: Sequence[str]) -> str | None:
    """The byline's name among the first lines."""
    return next(filter(None, map(byline_name, lines[:TOP_LINES])), None)


def find_date(lines: Sequence[str]) -> str | None:
    """The first dateline among the first lines, as YYYY-MM-DD."""
    return next(filter(None, map(dateline_date, lines[:TOP_LINES])), None)


def url_date(url: str | None) -> str | None:
    """The date a url's path gives ("/2016/11/16/", "/2016-11-16/", "/20161116/")."""
    match = URL_DATE.search(urlsplit(url).path) if url else None
    if match is None:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
    except ValueError:
        return None


def outlet_for_url(url: str | None) -> str | None:
    """The outlet outlets.tsv gives the url's domain ("www.nytimes.com" -> The New York Times)."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = host.lower().split(".")
    for k in range(len(labels) - 1):
        if (name := outlets().get(".".join(labels[k:]))) is not None:
            return name
    return None


def wire_outlet(lines: Sequence[str]) -> str | None:
    """The wire service a dateline at the start of the text names ("MOSCOW (Reuters) -")."""
    for line in lines[:TOP_LINES]:
        match = WIRE_DATELINE.match(line)
        if match is not None:
            name = (match["paren"] or match["slash"]).strip()
            found = wires().get(name.lower())
            if found is not None:
                return found
    return None


def find_url(text: str) -> str | None:
    """The link after "Original url:", else a line that is only "<https://...>"."""
    match = ORIGINAL_URL.search(text) or BRACKETED_URL.search(text)
    return None if match is None else match[1]


def squash(name: str) -> str:
    """name in lower case with everything but letters and digits removed."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def domain_labels(url: str | None) -> set[str]:
    """The names in a url's host, less "www" and the top-level domain: {"themoscowtimes"}."""
    host = (urlsplit(url).hostname or "") if url else ""
    return {label for label in host.split(".")[:-1] if label != "www"}


def name_for_domain(text: str, url: str | None) -> str | None:
    """A name written in text that spells the url's domain ("The Moscow Times")."""
    labels = domain_labels(url)
    for match in NAME.finditer(text) if labels else ():
        words = match[0].split()
        for start, end in combinations(range(len(words) + 1), 2):
            if squash(" ".join(words[start:end])) in labels:
                first = start - 1 if start > 0 and words[start - 1] == "The" else start
                return " ".join(words[first:end])
    return None


def find_outlet(text: str, url: str | None = None, byline: str | None = None) -> str | None:
    """The outlet the text says it belongs to (rules in the module docstring)."""
    published = PUBLISHED_IN.search(text)
    if published:
        return published["name"]
    from_domain = outlet_for_url(url) or name_for_domain(text, url)
    if from_domain:
        return from_domain
    wire = wire_outlet([line.strip() for line in text.splitlines() if line.strip()])
    if wire:
        return wire
    labels, byline_key = domain_labels(url), squash(byline or "")
    for name, count in Counter(m["name"] for m in SPOKE_TO.finditer(text)).most_common():
        key = squash(name.removeprefix("The "))
        if count > 1 or key in labels or (key and key in byline_key):
            return name
    return None


def text_metadata(text: str, url: str | None = None) -> Metadata:
    """Everything the text states about itself; a known url helps to name the outlet."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    byline = find_byline(lines)
    author = byline or (bio_subject(lines[-1]) if lines else None)
    return Metadata(
        title=find_title(lines),
        author=author,
        outlet=find_outlet(text, url, byline),
        date=find_date(lines) or url_date(url),
        url=url,
    )
