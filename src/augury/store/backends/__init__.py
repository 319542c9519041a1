"""The databases a Store runs on: a SQLite file (the default, nothing to set up) or a PostgreSQL
server named by URL. Each backend opens its connection and supplies the few pieces of SQL that
differ between them (lists as parameters, JSON arrays, full-text search, transactions); the
Store's queries are otherwise one body of SQL that both run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class Cursor(Protocol):
    """What a query answers: rows read by name or position (as sqlite3.Row is)."""

    rowcount: int

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A connection that takes SQL with `?` placeholders, outside a transaction in autocommit."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, params: Any = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Any) -> Any: ...

    def close(self) -> None: ...


class Backend(Protocol):
    """One open database and the SQL that is its own."""

    dialect: str  # names the folder of its migrations
    name: str  # the database as messages name it (a URL without its password)
    conn: Connection
    # What the driver raises when a constraint or the database refuses a statement.
    IntegrityError: type[Exception]
    DatabaseError: type[Exception]
    # LIMIT's parameter for no limit.
    no_limit: int | None

    def is_new(self) -> bool:
        """Whether the database holds no Augury schema yet."""
        ...

    def transaction(self) -> AbstractContextManager[Connection]:
        """A write transaction; writers take turns, so what one reads stays true until it
        commits."""
        ...

    def snapshot(self) -> AbstractContextManager[None]:
        """A read transaction that sees the database as it was at its first query."""
        ...

    def run_script(self, sql: str) -> None:
        """Run a migration's statements inside the current transaction."""
        ...

    def has_table(self, table: str) -> bool: ...

    def listed(self) -> str:
        """`IN (…)` over the values of one parameter holding a JSON list of strings."""
        ...

    def json_array(self, value: str, order: str) -> str:
        """An aggregate of `value` (a JSON object) into a JSON array in `order`, as text."""
        ...

    def json_object(self) -> str:
        """The function that builds a JSON object from key, value pairs."""
        ...

    def search(self, table: str) -> str:
        """The condition that a listing's row matches one parameter, a full-text expression."""
        ...

    def search_parameter(self, expression: str) -> str:
        """That parameter for an FTS5 expression as `augury.api` writes it."""
        ...

    def integrity(self) -> list[str]:
        """What the database engine itself finds wrong with the stored data, one line each."""
        ...

    def close(self) -> None: ...


def is_postgres(target: str | Path) -> bool:
    """Whether `target` names a PostgreSQL database rather than a SQLite file."""
    return str(target).startswith(POSTGRES_SCHEMES)


def open_backend(target: str | Path, create: bool) -> Backend:
    """The backend of `target`: a postgresql:// URL, or a SQLite file's path. Without `create`,
    a database that is not there (a missing file, a PostgreSQL database without Augury's
    tables) is refused."""
    if is_postgres(target):
        from augury.store.backends.postgres import PostgresBackend

        return PostgresBackend(str(target), create)
    from augury.store.backends.sqlite import SqliteBackend

    return SqliteBackend(Path(target), create)
