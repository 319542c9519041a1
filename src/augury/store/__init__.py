"""SQLite storage: the product's heart. `Store` is the Python API the CLI and report call."""

from augury.store.sqlite import Store

__all__ = ["Store"]
