"""Every user-facing failure is one of these; the CLI turns them into one line and an exit code."""

from __future__ import annotations

from augury.escaping import quoted


class AuguryError(Exception):
    """Base of every error Augury raises on purpose."""


class IngestError(AuguryError):
    """One input could not be read; carries the file name and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{quoted(source)}: {reason}")
        self.source = source
        self.reason = reason


class ModelNotFound(AuguryError):
    """The configured spaCy pipeline is not installed."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy model {name!r} is not installed; run `make setup` "
            "or set AUGURY_MODEL / --model to an installed pipeline"
        )
        self.name = name


class StoreError(AuguryError):
    """The database could not be opened, migrated or written."""


class LedgerError(AuguryError):
    """A resolution is malformed or names no known forecast or question; nothing was written."""
