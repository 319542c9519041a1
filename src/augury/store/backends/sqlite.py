"""SQLite: one file, write-ahead logging, FTS5 for full-text search."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from augury.errors import StoreError
from augury.escaping import quoted


class SqliteBackend:
    """A SQLite database file, opened in autocommit mode with foreign keys enforced."""

    dialect = "sqlite"
    IntegrityError = sqlite3.IntegrityError
    DatabaseError = sqlite3.DatabaseError
    no_limit = -1  # SQLite reads a negative LIMIT as none

    def __init__(self, path: Path, create: bool) -> None:
        self.path = path
        self.name = str(path)
        if not create and not path.exists():
            raise StoreError(f"{quoted(self.name)}: no such database (`augury ingest` creates one)")
        try:
            self.conn = sqlite3.connect(path, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            _write_ahead(self.conn)
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{quoted(self.name)}: cannot open database: {e}") from e

    def is_new(self) -> bool:
        return not self.has_table("_augury_migrations")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error: IMMEDIATE takes the write lock
        at once, so writers take turns and none reads a state another is about to change."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Write-ahead logging keeps the state of a deferred transaction's first read."""
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("ROLLBACK")  # nothing was written; this only ends the read

    def run_script(self, sql: str) -> None:
        # executescript would commit mid-way; run statement by statement inside the transaction.
        for statement in _statements(sql):
            self.conn.execute(statement)

    def has_table(self, table: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
        return row is not None

    def listed(self) -> str:
        return "IN (SELECT value FROM json_each(?))"

    def json_array(self, value: str, order: str) -> str:
        # SQLite 3.40 has no ORDER BY inside an aggregate; the rows come from a subquery
        # ordered by `order`, which json_group_array keeps.
        return f"json_group_array({value})"

    def json_object(self) -> str:
        return "json_object"

    def search(self, table: str) -> str:
        # Quotes and forecasts match on their own text; documents and actors on the document's.
        index, row = ((f"{table}_search", "t.id") if table in ("quotes", "forecasts")
                      else ("documents_search", "d.id"))
        return f"{row} IN (SELECT rowid FROM {index} WHERE {index} MATCH ?)"

    def search_parameter(self, expression: str) -> str:
        return expression

    def integrity(self) -> list[str]:
        # integrity_check lists up to 100 faults of one damaged file: one line says it.
        faults = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        lines = [f"integrity check: {faults[0]}"
                 + (f" (and {len(faults) - 1} more faults)" if len(faults) > 1 else "")
                 ] if faults else []
        dangling: dict[tuple[str, str], int] = {}
        for table, _, parent, _ in self.conn.execute("PRAGMA foreign_key_check"):
            dangling[table, parent] = dangling.get((table, parent), 0) + 1
        lines += [f"{n} {table} rows point at a missing {parent} row"
                  for (table, parent), n in dangling.items()]
        return lines

    def close(self) -> None:
        self.conn.close()


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


def _write_ahead(conn: sqlite3.Connection, attempts: int = 50) -> None:
    """Switch to write-ahead logging. The switch takes a lock that SQLite's busy timeout does
    not wait for, so processes opening a new database at once retry it."""
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or attempt == attempts - 1:
                raise
            time.sleep(0.1)
