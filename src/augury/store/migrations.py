"""Numbered SQL migrations, applied in order when a database is opened and recorded in it. Each
backend has its own folder of them (migrations/sqlite, migrations/postgresql) under the same
numbered names, since their SQL differs (types, triggers, full-text search)."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources

from augury.store.backends import Backend

TABLE = "_augury_migrations"


def available(dialect: str = "sqlite") -> list[tuple[str, str]]:
    """(name, sql) of every shipped migration of a backend, in number order."""
    folder = resources.files("augury.store") / "migrations" / dialect
    files = sorted(f for f in folder.iterdir() if f.name.endswith(".sql"))
    return [(f.name.removesuffix(".sql"), f.read_text(encoding="utf-8")) for f in files]


def applied(backend: Backend) -> list[str]:
    """The migrations recorded in the database, in name order (none before the first)."""
    if not backend.has_table(TABLE):
        return []
    return [row[0] for row in backend.conn.execute(f"SELECT name FROM {TABLE} ORDER BY name")]


def migrate(backend: Backend) -> list[str]:
    """Apply the migrations this database lacks, each in its own transaction; return their names.
    Whether one is applied is read inside its transaction: processes opening a new database at
    once take turns, and the later ones find the work done."""
    shipped = available(backend.dialect)
    if {name for name, _ in shipped} <= set(applied(backend)):
        return []
    new = []
    for name, sql in shipped:
        with backend.transaction() as conn:
            # Made inside the transaction: two servers' sessions creating it at once would clash.
            conn.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} "
                         "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            if name in applied(backend):
                continue
            backend.run_script(sql)
            conn.execute(f"INSERT INTO {TABLE} (name, applied_at) VALUES (?, ?)",
                         (name, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")))
        new.append(name)
    return new
