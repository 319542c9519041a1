"""Settings read from the environment, so every command and test can be pointed elsewhere."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from augury.errors import AuguryError

DEFAULT_MODEL = "en_core_web_sm"
DEFAULT_DB = "augury.db"
# Pieces well under spaCy's 1,000,000-character limit, so one piece's parse stays small.
DEFAULT_PIECE_CHARS = 100_000
# A news article takes under a second; a runaway text is skipped within half a minute.
DEFAULT_DOC_SECONDS = 30.0
DEFAULT_MAX_BYTES = 10_000_000
# Above the model's own 0.8 GiB: what a parse of the longest piece needs, and twice more.
DEFAULT_DOC_MEGABYTES = 1024.0
# Polite fetching: a second between requests to one host, and a page that takes longer than
# 30 s to answer is given up.
DEFAULT_FETCH_DELAY = 1.0
DEFAULT_FETCH_TIMEOUT = 30.0
DEFAULT_FETCH_RETRIES = 3
# Copies of one story share most of their five-word shingles; different stories share few.
DEFAULT_COPY_SIMILARITY = 0.7


def model_name() -> str:
    """The spaCy pipeline to load: AUGURY_MODEL, else en_core_web_sm."""
    return os.environ.get("AUGURY_MODEL") or DEFAULT_MODEL


def database() -> str:
    """The database: AUGURY_DB (a SQLite file's path or a postgresql:// URL), else augury.db in
    the working directory."""
    return os.environ.get("AUGURY_DB") or DEFAULT_DB


def ray_address() -> str | None:
    """The Ray cluster `--engine ray` connects to: RAY_ADDRESS (Ray's own variable, set in a Ray
    job), else none: a local Ray is started for the run."""
    return os.environ.get("RAY_ADDRESS") or None


def piece_chars() -> int:
    """The longest piece a document is analysed in: AUGURY_PIECE_CHARS, else 100,000."""
    return int(_positive("AUGURY_PIECE_CHARS", DEFAULT_PIECE_CHARS, int))


def doc_seconds() -> float:
    """How long analysing one document may take before it is skipped: AUGURY_DOC_SECONDS,
    else 30."""
    return _positive("AUGURY_DOC_SECONDS", DEFAULT_DOC_SECONDS, float)


def doc_megabytes() -> float:
    """How much memory (MiB of resident memory above the process's before it) analysing one
    document may take before it is skipped: AUGURY_DOC_MEGABYTES, else 1024."""
    return _positive("AUGURY_DOC_MEGABYTES", DEFAULT_DOC_MEGABYTES, float)


def max_bytes() -> int:
    """The largest input file ingest reads: AUGURY_MAX_BYTES, else 10,000,000 bytes."""
    return int(_positive("AUGURY_MAX_BYTES", DEFAULT_MAX_BYTES, int))


def fetch_delay() -> float:
    """Seconds between the end of one request to a host and the start of the next:
    AUGURY_FETCH_DELAY, else 1 (0 allowed; a robots.txt Crawl-delay may ask for more)."""
    return _number("AUGURY_FETCH_DELAY", DEFAULT_FETCH_DELAY, float, allow_zero=True)


def fetch_timeout() -> float:
    """Seconds to wait for a connection or for the next bytes of an answer: AUGURY_FETCH_TIMEOUT,
    else 30."""
    return _positive("AUGURY_FETCH_TIMEOUT", DEFAULT_FETCH_TIMEOUT, float)


def fetch_retries() -> int:
    """Retries of a request answered 429 or 5xx: AUGURY_FETCH_RETRIES, else 3 (0 allowed)."""
    return int(_number("AUGURY_FETCH_RETRIES", DEFAULT_FETCH_RETRIES, int, allow_zero=True))


def cache_dir() -> Path:
    """Where fetched pages are kept: AUGURY_CACHE_DIR, else augury/pages under $XDG_CACHE_HOME
    (else ~/.cache)."""
    given = os.environ.get("AUGURY_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "augury" / "pages"


def copy_similarity() -> float:
    """The estimated Jaccard similarity of shingles at which a document is folded as a copy of
    a stored one: AUGURY_COPY_SIMILARITY, else 0.7."""
    value = _positive("AUGURY_COPY_SIMILARITY", DEFAULT_COPY_SIMILARITY, float)
    if value > 1:
        raise AuguryError(f"AUGURY_COPY_SIMILARITY must be at most 1, not {value:g}")
    return value


def _positive(var: str, default: float, kind: type[int] | type[float]) -> float:
    """A positive `kind` from the environment variable `var`, else `default`."""
    return _number(var, default, kind, allow_zero=False)


def _number(var: str, default: float, kind: type[int] | type[float], allow_zero: bool) -> float:
    """A positive (with `allow_zero`, non-negative) `kind` from `var`, else `default`."""
    value = os.environ.get(var)
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = -1
    if not (number >= 0 if allow_zero else number > 0):  # also refuses "nan"
        what = "whole number" if kind is int else "number"
        sign = "non-negative" if allow_zero else "positive"
        raise AuguryError(f"{var} must be a {sign} {what}, not {value!r}")
    return number


def grouping_overrides() -> dict[str, float]:
    """Thresholds for grouping forecasts by question, from AUGURY_GROUP_SIMILARITY,
    AUGURY_GROUP_FLOOR, AUGURY_GROUP_CONCEPT_WEIGHT and AUGURY_GROUP_ACTOR_WEIGHT where set."""
    names = {"similarity": "AUGURY_GROUP_SIMILARITY",
             "floor": "AUGURY_GROUP_FLOOR",
             "concept_weight": "AUGURY_GROUP_CONCEPT_WEIGHT",
             "actor_weight": "AUGURY_GROUP_ACTOR_WEIGHT"}
    overrides = {}
    for field, var in names.items():
        value = os.environ.get(var)
        if value:
            try:
                overrides[field] = float(value)
            except ValueError:
                raise AuguryError(f"{var} must be a number, not {value!r}") from None
    return overrides


def token() -> str | None:
    """The access token `augury serve` requires for every write: AUGURY_TOKEN, else none."""
    return os.environ.get("AUGURY_TOKEN") or None


def user() -> str:
    """Who records resolutions: AUGURY_USER, else the login name."""
    return os.environ.get("AUGURY_USER") or getpass.getuser()
