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


def model_name() -> str:
    """The spaCy pipeline to load: AUGURY_MODEL, else en_core_web_sm."""
    return os.environ.get("AUGURY_MODEL") or DEFAULT_MODEL


def db_path() -> Path:
    """The SQLite database: AUGURY_DB, else augury.db in the working directory."""
    return Path(os.environ.get("AUGURY_DB") or DEFAULT_DB)


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


def _positive(var: str, default: float, kind: type[int] | type[float]) -> float:
    """A positive `kind` from the environment variable `var`, else `default`."""
    value = os.environ.get(var)
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = 0
    if not number > 0:  # also refuses "nan"
        what = "whole number" if kind is int else "number"
        raise AuguryError(f"{var} must be a positive {what}, not {value!r}")
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
