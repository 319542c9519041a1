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

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # rebuilt from both fields when it comes back from a worker process
        return IngestError, (self.source, self.reason)


class TooSlow(IngestError):
    """Analysing one document took longer than the per-document budget; the batch goes on."""

    def __init__(self, source: str, seconds: float) -> None:
        super().__init__(
            source, f"analysis took longer than {seconds:g} s (setting AUGURY_DOC_SECONDS)"
        )
        self.seconds = seconds

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return TooSlow, (self.source, self.seconds)


class TooMuchMemory(IngestError):
    """Analysing one document took more memory than the per-document budget; the batch goes
    on."""

    def __init__(self, source: str, megabytes: float) -> None:
        super().__init__(
            source, f"analysis took more than {megabytes:g} MiB of memory "
            "(setting AUGURY_DOC_MEGABYTES)"
        )
        self.megabytes = megabytes

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return TooMuchMemory, (self.source, self.megabytes)


class ModelNotFound(AuguryError):
    """The configured spaCy pipeline is not installed."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy model {name!r} is not installed; run `make setup` "
            "or set AUGURY_MODEL / --model to an installed pipeline"
        )
        self.name = name

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # rebuilt from the name when it comes back from a Ray worker
        return ModelNotFound, (self.name,)


class WorkerFailed(IngestError):
    """Analysing one document failed on a Ray worker (an error in the analysis, or the worker
    died, e.g. killed for memory); the batch goes on."""

    def __init__(self, source: str, cause: str) -> None:
        super().__init__(source, f"analysis failed on a Ray worker: {cause}")
        self.cause = cause

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return WorkerFailed, (self.source, self.cause)


class EngineError(AuguryError):
    """The analysis engine cannot run: Ray is not installed, its cluster cannot be reached, or
    it has too few CPUs for the workers asked for."""


class StoreError(AuguryError):
    """The database could not be opened, migrated or written."""


class LedgerError(AuguryError):
    """A resolution is malformed or names no known forecast or question; nothing was written."""


class ExportError(AuguryError):
    """An export cannot be written: an unknown format, or a folder that cannot hold it."""


class FilterError(AuguryError):
    """A listing's filter is malformed: a date that is no YYYY-MM-DD, a search with no words."""


class ActorError(AuguryError):
    """A correction names no known actor, or would change nothing; nothing was recorded."""
