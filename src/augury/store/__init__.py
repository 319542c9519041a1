"""Storage: `Store` saves and fetches records, in a SQLite file or a PostgreSQL database (see
`backends/`), and imports nothing above it; `augury.api`, one layer up, is what the CLI, the
briefing and the exports call."""

from augury.store.store import Store

__all__ = ["Store"]
