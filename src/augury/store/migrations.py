"""Numbered SQL migrations, applied in order when a database is opened and recorded in it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

TABLE = "_augury_migrations"


def available() -> list[tuple[str, str]]:
    """(name, sql) of every shipped migration, in number order."""
    folder = resources.files("augury.store") / "migrations"
    files = sorted(f for f in folder.iterdir() if f.name.endswith(".sql"))
    return [(f.name.removesuffix(".sql"), f.read_text(encoding="utf-8")) for f in files]


def applied(conn: sqlite3.Connection) -> set[str]:
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (name TEXT PRIMARY KEY, "
        "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
    )
    return {row[0] for row in conn.execute(f"SELECT name FROM {TABLE}")}


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations this database lacks, each in its own transaction; return their names.
    Whether one is applied is read inside its transaction: processes opening a new database at
    once take turns, and the later ones find the work done."""
    if {name for name, _ in available()} <= applied(conn):
        return []
    new = []
    for name, sql in available():
        # executescript would commit mid-way; run statement by statement inside one transaction.
        with transaction(conn):
            if name in applied(conn):
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"INSERT INTO {TABLE} (name) VALUES (?)", (name,))
        new.append(name)
    return new


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN … COMMIT, or ROLLBACK on any error (the connection runs in autocommit mode)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _statements(sql: str) -> list[str]:
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        statements.append(buffer.strip())
    return [s for s in statements if s]
