"""Settings read from the environment, so every command and test can be pointed elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm"
DEFAULT_DB = "augury.db"


def model_name() -> str:
    """The spaCy pipeline to load: AUGURY_MODEL, else en_core_web_sm."""
    return os.environ.get("AUGURY_MODEL") or DEFAULT_MODEL


def db_path() -> Path:
    """The SQLite database: AUGURY_DB, else augury.db in the working directory."""
    return Path(os.environ.get("AUGURY_DB") or DEFAULT_DB)
