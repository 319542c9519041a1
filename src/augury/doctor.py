"""`augury doctor`: what is wrong with an installation, one line each.

Each check is a function of the `Context` that returns its findings (one line per problem, none
when all is well); `CHECKS` runs them in order. A check of something else (an analysis engine, a
cluster) is one more function added to `CHECKS`, reading what it needs from the context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from augury.errors import StoreError
from augury.store import Store
from augury.store.migrations import applied, available


@dataclass
class Context:
    """What the checks look at: the database as named (a path or a URL), opened as it is, with
    no migration applied; `store` is None when it could not be opened (`opening` says why)."""

    db: str
    name: str = ""  # as messages show it: no password
    store: Store | None = None
    opening: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


Check = Callable[[Context], list[str]]


def database_opens(ctx: Context) -> list[str]:
    """The database is there and answers (a SQLite file that is one, a server that accepts)."""
    return [] if ctx.opening is None else [ctx.opening]


def migrations_applied(ctx: Context) -> list[str]:
    """Every migration this version ships is recorded, and none it does not know."""
    if ctx.store is None:
        return []
    shipped = [name for name, _ in available(ctx.store.backend.dialect)]
    recorded = applied(ctx.store.backend)
    return ([f"migration {n} is not applied (any other augury command applies it)"
             for n in shipped if n not in recorded]
            + [f"migration {n} is recorded but unknown to this version of augury"
               for n in recorded if n not in shipped])


def integrity(ctx: Context) -> list[str]:
    """The engine's own checks (SQLite: integrity_check and foreign_key_check)."""
    if ctx.store is None:
        return []
    return ctx.store.backend.integrity()


def consistency(ctx: Context) -> list[str]:
    """Rows that agree with each other: members of stored forecasts, resolutions that are the
    latest event of their history. Read only once the schema is complete."""
    if ctx.store is None or migrations_applied(ctx):
        return []
    return ctx.store.inconsistencies()


def row_counts(ctx: Context) -> list[str]:
    """Counts the rows of each table (shown by the command; nothing to find wrong)."""
    if ctx.store is not None:
        ctx.counts = ctx.store.table_counts()
    return []


CHECKS: list[Check] = [database_opens, migrations_applied, integrity, consistency, row_counts]


def examine(db: str, checks: list[Check] = CHECKS) -> tuple[Context, list[str]]:
    """Run `checks` on the database `db`; the context (with its row counts) and every finding.
    A check the database fails to answer is a finding too, named after the check."""
    ctx = Context(db)
    try:
        ctx.store = Store(db, create=False, upgrade=False)
        ctx.name = ctx.store.name
    except StoreError as e:
        ctx.opening = str(e)
    findings: list[str] = []
    try:
        for check in checks:
            try:
                findings += check(ctx)
            except Exception as e:  # the database's own error, e.g. a damaged page
                if ctx.store is None or not isinstance(e, ctx.store.backend.DatabaseError):
                    raise
                findings.append(f"{check.__name__.replace('_', ' ')}: "
                                f"{' '.join(str(e).split())}")
    finally:
        if ctx.store is not None:
            ctx.store.close()
    return ctx, findings
