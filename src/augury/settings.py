"""Settings read from the environment, so every command and test can be pointed elsewhere."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from augury.errors import AuguryError

DEFAULT_MODEL = "en_core_web_sm"
DEFAULT_DB = "augury.db"


def model_name() -> str:
    """The spaCy pipeline to load: AUGURY_MODEL, else en_core_web_sm."""
    return os.environ.get("AUGURY_MODEL") or DEFAULT_MODEL


def db_path() -> Path:
    """The SQLite database: AUGURY_DB, else augury.db in the working directory."""
    return Path(os.environ.get("AUGURY_DB") or DEFAULT_DB)


def grouping_overrides() -> dict[str, float]:
    """Thresholds for grouping forecasts by question, from AUGURY_GROUP_SIMILARITY,
    AUGURY_GROUP_CONCEPT_WEIGHT and AUGURY_GROUP_ACTOR_WEIGHT where set."""
    names = {"similarity": "AUGURY_GROUP_SIMILARITY",
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


def user() -> str:
    """Who records resolutions: AUGURY_USER, else the login name."""
    return os.environ.get("AUGURY_USER") or getpass.getuser()
