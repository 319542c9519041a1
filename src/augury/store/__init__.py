"""SQLite storage: `Store` saves and fetches records and imports nothing above it; `augury.api`,
one layer up, is what the CLI, the briefing and the exports call."""

from augury.store.sqlite import Store

__all__ = ["Store"]
