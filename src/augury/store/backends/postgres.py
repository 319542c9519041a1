"""PostgreSQL by URL (`postgresql://user@host/db`), through psycopg 3: the same schema and
queries as SQLite, full-text search with tsvector columns, writers taking turns on a lock."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg.pq import TransactionStatus

from augury.errors import StoreError

# Every write transaction takes this transaction-scoped advisory lock first, so writers take
# turns as SQLite's BEGIN IMMEDIATE makes them. The Store's writes read before they write (the
# target's current resolution and the event it supersedes, the next order an actor id is given
# in, the actor generation, whether a text is stored), and under READ COMMITTED each statement
# after the lock sees every earlier writer's commit, so none of those reads can go stale and no
# update is lost. Row locks cannot lock a row not yet written (a target's first resolution), and
# SERIALIZABLE would make every caller retry its whole transaction. Readers never wait for it.
WRITE_LOCK = 0x6175677572790001
# One FTS5 term as augury.api writes it: a quoted phrase ("" inside for "), maybe a prefix (*).
_TERM = re.compile(r'"((?:[^"]|"")*)"(\*?)')
# A word: a run of letters and digits, as the tsvector columns are cut (migration 008).
_WORD = re.compile(r"[^\W_]+")


class PostgresBackend:
    """A PostgreSQL database, its connection in autocommit outside explicit transactions."""

    dialect = "postgresql"
    IntegrityError = psycopg.IntegrityError
    DatabaseError = psycopg.Error
    no_limit = None  # LIMIT NULL is no limit

    def __init__(self, url: str, create: bool) -> None:
        self.name = shown(url)
        try:
            raw = psycopg.connect(url, autocommit=True, row_factory=_rows)
        except psycopg.Error as e:
            raise StoreError(f"{self.name}: cannot connect: {_one_line(e)}") from e
        self.conn = _Connection(raw)
        if not create and self.is_new():
            self.close()
            raise StoreError(f"{self.name}: no Augury database there (`augury ingest` creates "
                             "one)")

    def is_new(self) -> bool:
        return not self.has_table("_augury_migrations")

    @contextmanager
    def transaction(self) -> Iterator[_Connection]:
        self.conn.execute("BEGIN")
        try:
            self.conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        self.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try:
            yield
        finally:
            self.conn.execute("ROLLBACK")  # nothing was written; this only ends the read

    def run_script(self, sql: str) -> None:
        self.conn.script(sql)

    def has_table(self, table: str) -> bool:
        return self.conn.execute("SELECT to_regclass(?) IS NOT NULL", (table,)).fetchone()[0]

    def listed(self) -> str:
        return "IN (SELECT value FROM json_array_elements_text(CAST(? AS json)) AS value)"

    def json_array(self, value: str, order: str) -> str:
        return f"coalesce(json_agg({value} ORDER BY {order}), '[]')::text"

    def json_object(self) -> str:
        return "json_build_object"

    def search(self, table: str) -> str:
        # Quotes and forecasts match on their own text; documents and actors on the document's.
        row = "t" if table in ("quotes", "forecasts") else "d"
        return f"{row}.search @@ to_tsquery('augury', ?)"

    def search_parameter(self, expression: str) -> str:
        return tsquery(expression)

    def integrity(self) -> list[str]:
        # PostgreSQL enforces the schema's constraints on every write; what it can tell beyond
        # that is an index it has marked unusable (a failed CREATE INDEX CONCURRENTLY).
        rows = self.conn.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND NOT i.indisvalid ORDER BY c.relname")
        return [f"index {r[0]} is invalid (rebuild it with REINDEX)" for r in rows]

    def close(self) -> None:
        self.conn.close()


def tsquery(expression: str) -> str:
    """The to_tsquery text of an FTS5 expression of quoted terms: every term must match (&),
    a phrase's words in order (<->), a term ending in * as a prefix (:*). Each word is quoted,
    so nothing in it reads as tsquery syntax; to_tsquery then folds and stems it as the
    documents were."""
    terms = []
    for phrase, star in _TERM.findall(expression):
        words = _WORD.findall(phrase.replace('""', '"'))
        if words:
            lexemes = [f"'{w}'" for w in words]
            lexemes[-1] += ":*" if star else ""
            terms.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(terms) or "''"


def shown(url: str) -> str:
    """The URL without its password (in the user part or as a parameter)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        netloc = user.split(":", 1)[0] + "@" + host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


class Row(tuple):
    """A row read by position or by column name, as sqlite3.Row is."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _rows(cursor: Any) -> Any:
    """psycopg's row factory for `Row`."""
    index = {c.name: i for i, c in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


class _Connection:
    """psycopg's connection behind the sqlite3 interface the Store speaks: `?` placeholders,
    `execute` and `executemany` on the connection, `in_transaction`."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Any = ()) -> psycopg.Cursor[Any]:
        return self.raw.execute(_placeholders(sql), tuple(params))

    def executemany(self, sql: str, rows: Any) -> psycopg.Cursor[Any]:
        cursor = self.raw.cursor()
        cursor.executemany(_placeholders(sql), [tuple(r) for r in rows])
        return cursor

    def script(self, sql: str) -> None:
        """Several statements, no parameters: sent as they are."""
        self.raw.execute(sql)

    def close(self) -> None:
        self.raw.close()


def _placeholders(sql: str) -> str:
    """sqlite3's `?` as psycopg's `%s`; a literal % doubled. The Store's SQL writes no `?` or
    `%` inside a string literal."""
    return sql.replace("%", "%%").replace("?", "%s")
