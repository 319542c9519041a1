"""The `augury` command: a thin veneer over runner, store and report."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from augury import settings
from augury.errors import AuguryError
from augury.store import Store

app = typer.Typer(
    help="Augury: who said, predicted and did what, from a pile of news.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

EXIT_SKIPPED = 3


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


DbOption = Annotated[
    Path | None, typer.Option("--db", help="SQLite database [default: $AUGURY_DB or augury.db]")
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _open(db: Path | None) -> Store:
    try:
        return Store(db or settings.db_path())
    except AuguryError as e:
        raise typer.BadParameter(str(e), param_hint="--db") from e


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt, .html, .jsonl.")],
    db: DbOption = None,
    model: Annotated[
        str | None, typer.Option(help="spaCy pipeline [default: $AUGURY_MODEL or en_core_web_sm]")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes that parse in parallel.")] = 1,
) -> None:
    """Read, analyze and store articles. Already-stored texts are skipped."""
    from augury.runner import ingest as run_ingest

    with _open(db) as store, Progress(
        TextColumn("[bold]analyzing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=err, transient=True,
    ) as progress:
        task = progress.add_task("", total=None)
        try:
            report = run_ingest(
                paths, store, model=model, workers=workers,
                on_start=lambda n: progress.update(task, total=n),
                on_stored=lambda d: progress.update(task, advance=1, description=d.source),
            )
        except AuguryError as e:
            err.print(f"augury: {e}", markup=False, highlight=False)
            raise typer.Exit(1) from e
    for error in report.errors:
        err.print(f"augury: skipped {error}", markup=False, highlight=False)
    out.print(
        f"stored {len(report.added)} new documents ({report.quotes} quotes, "
        f"{report.forecasts} forecasts); {len(report.duplicates)} already stored; "
        f"{len(report.errors)} skipped; database {store.path}",
        highlight=False,
    )
    if report.errors:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def brief(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "briefing.html"
    ),
    db: DbOption = None,
) -> None:
    """Write a self-contained HTML briefing of everything stored."""
    from augury.report.brief import write_briefing

    with _open(db) as store:
        path = write_briefing(store, output)
    out.print(f"briefing written to {path.resolve()}", highlight=False)


def _emit(rows: list[dict[str, Any]], fmt: Format, title: str) -> None:
    if fmt is Format.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    flat = [{k: "; ".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows]
    if fmt is Format.csv:
        buffer = io.StringIO()
        if flat:
            writer = csv.DictWriter(buffer, fieldnames=list(flat[0]))
            writer.writeheader()
            writer.writerows(flat)
        sys.stdout.write(buffer.getvalue())
        return
    table = Table(title=f"{title} ({len(rows)})", show_lines=False)
    for key in flat[0] if flat else ["doc"]:
        table.add_column(key, overflow="fold")
    for r in flat:
        table.add_row(*("" if v is None else str(v) for v in r.values()))
    out.print(table)


def _listing(name: str, method: Callable[[Store], list[dict[str, Any]]], doc: str) -> None:
    def command(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
        with _open(db) as store:
            _emit(method(store), fmt, name)

    command.__doc__ = doc
    app.command(name)(command)


_listing("documents", Store.list_documents, "List stored documents with their metadata.")
_listing("actors", Store.list_actors, "List the people, organisations and places per document.")
_listing("quotes", Store.list_quotes, "List quotes and reported speech with their speakers.")
_listing("forecasts", Store.list_forecasts, "List forecasts and pledges, holder, probability.")
