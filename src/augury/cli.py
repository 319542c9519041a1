"""The `augury` command: a thin veneer over runner, api and report."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from augury import api, settings
from augury.analyze.engines import Engine, import_ray
from augury.api import Filters, Row
from augury.errors import AuguryError
from augury.escaping import for_csv, for_line, for_table
from augury.model import Correction
from augury.store import Store

if TYPE_CHECKING:
    from augury.runner import IngestReport

app = typer.Typer(
    help="Augury: who said, predicted and did what, from a pile of news.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(soft_wrap=True)
# Errors are one line each, never wrapped to the terminal's width.
err = Console(stderr=True, soft_wrap=True)

EXIT_SKIPPED = 3
EXIT_INTERRUPTED = 130
MOVES_SHOWN = 20
TABLE_HIDDEN = {"roles", "documents", "speaker_start", "speaker_end", "forecasts", "published",
                "coin_flip_brier"}


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


DbOption = Annotated[str | None, typer.Option(
    "--db", help="SQLite file or postgresql://user@host/db (default: $AUGURY_DB, else augury.db)")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ReplaceOption = Annotated[
    bool, typer.Option("--replace", help="Record over an existing resolution (history kept).")
]
ByOption = Annotated[
    str | None, typer.Option("--by", help="Who records it (default: $AUGURY_USER, else login).")
]
ActorFilter = Annotated[str | None, typer.Option(
    "--actor", help="Only what concerns this actor (any of its names or aliases).")]
DocFilter = Annotated[str | None, typer.Option(
    "--doc", help="Only this document, as `augury documents` names it.")]
QuestionFilter = Annotated[str | None, typer.Option(
    "--question", help="Only what concerns this question (q-…).")]
SinceFilter = Annotated[str | None, typer.Option(
    "--since", help="Only documents dated on or after this day, YYYY-MM-DD.")]
UntilFilter = Annotated[str | None, typer.Option(
    "--until", help="Only documents dated on or before this day, YYYY-MM-DD.")]
SearchFilter = Annotated[str | None, typer.Option(
    "--search", help='Only text holding every word ("a phrase" together, prefix* as a prefix).')]
LimitOption = Annotated[int | None, typer.Option("--limit", help="At most this many rows.")]
OffsetOption = Annotated[int, typer.Option("--offset", help="Skip this many rows first.")]


def _say(console: Console, line: str) -> None:
    """One line, shown as written: as `Text` Rich reads no markup, emoji or highlighting in it,
    and for_line keeps a file name or id from breaking it or filling the screen."""
    console.print(Text(for_line(line)))


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """Augury's own errors end the command with one line on stderr and exit code 1."""
    try:
        yield
    except AuguryError as e:
        _say(err, f"augury: {e}")
        raise typer.Exit(1) from e


def _open(db: str | None, create: bool = False) -> Store:
    """The database; only `ingest` creates one, so a mistyped --db is an error, not a new file."""
    with _one_line_errors():
        return Store(db or settings.database(), create=create)


ModelOption = Annotated[
    str | None, typer.Option(help="spaCy pipeline (default: $AUGURY_MODEL or en_core_web_sm)")
]
DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _seconds(value: str) -> float:
    """A duration as written for --every ("30m", "1h", "45s", "90"), in seconds."""
    match = DURATION.fullmatch(value.strip().lower())
    if match is None or float(match[1]) <= 0:
        raise typer.BadParameter(f"{value!r} is not a duration such as 30m, 1h or 45s")
    return float(match[1]) * SECONDS[match[2]]


def _stored_line(report: IngestReport) -> str:
    return (f"stored {len(report.added)} new documents ({report.quotes} quotes, "
            f"{report.forecasts} forecasts); {len(report.folded)} folded as copies; "
            f"{len(report.duplicates)} already stored; {len(report.errors)} skipped")


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="PATH|URL...", help="Files or folders (.txt, .html, .jsonl) and article URLs.")
    ] = None,
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", help="A feed (RSS, Atom, JSON Feed) or a page that names one; repeatable.")
    ] = None,
    sitemap: Annotated[list[str] | None, typer.Option(
        "--sitemap", help="A sitemap, or a site whose robots.txt names them; repeatable.")
    ] = None,
    db: DbOption = None,
    model: ModelOption = None,
    workers: Annotated[int, typer.Option(
        min=1, help="Processes (with --engine ray: Ray workers) that parse in parallel.")] = 1,
    engine: Annotated[Engine, typer.Option(
        "--engine", help="Where analysis runs: this machine's processes, or Ray.")
    ] = Engine.local,
    ray_address: Annotated[str | None, typer.Option(
        "--ray-address", metavar="ADDR",
        help="The Ray cluster for --engine ray (default: $RAY_ADDRESS, else a local Ray).")
    ] = None,
) -> None:
    """Read, analyze and store articles. Already-stored texts are skipped; near-duplicates of
    stored ones are kept as their copies."""
    from augury.runner import ingest as run_ingest

    if not (paths or feed or sitemap):
        _say(err, "augury: nothing to ingest: give files, folders, URLs, --feed or --sitemap")
        raise typer.Exit(1)
    if ray_address and engine is not Engine.ray:
        _say(err, "augury: --ray-address needs --engine ray")
        raise typer.Exit(1)
    if engine is Engine.ray:
        with _one_line_errors():  # a missing extra is said before any database is made
            import_ray()
    with _open(db, create=True) as store, Progress(
        TextColumn("[bold]analyzing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False), console=err, transient=True,
    ) as progress:
        task = progress.add_task("", total=None)
        with _one_line_errors():
            report = run_ingest(
                paths or [], store, model=model, workers=workers, engine=engine,
                ray_address=ray_address,
                on_start=lambda n: progress.update(task, total=n),
                on_stored=lambda d: progress.update(task, advance=1,
                                                    description=for_line(d.source)),
                feeds=feed or [], sitemaps=sitemap or [],
            )
    for error in report.errors:
        _say(err, f"augury: skipped {error}")
    _say(
        out,
        _stored_line(report) + "; "
        + (f"{report.questions.founded} new questions, {report.questions.joined} joined; "
           if report.added else "")
        + f"database {store.name}",
    )
    if report.errors:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def watch(
    feeds: Annotated[Path, typer.Argument(
        metavar="FEEDS.txt", help="Feed URLs, one a line (# comments); read again each poll.")],
    every: Annotated[str, typer.Option(
        "--every", help="Time between polls: 30m, 1h, 45s.")] = "30m",
    db: DbOption = None,
    model: ModelOption = None,
) -> None:
    """Poll feeds and ingest what is new, until Ctrl-C."""
    from augury.runner import WatchState
    from augury.runner import watch as run_watch

    seconds = _seconds(every)
    state = WatchState()

    def polled(number: int, report: IngestReport) -> None:
        for error in report.errors:
            _say(err, f"augury: skipped {error}")
        _say(out, f"poll {number}: {_stored_line(report)}")

    with _open(db, create=True) as store:
        try:
            with _one_line_errors():
                run_watch(feeds, store, seconds, state, polled, model=model)
        except KeyboardInterrupt:
            _say(out, f"watch stopped after {state.polls} polls: stored {state.stored} new "
                 f"documents, {state.folded} folded as copies, {state.skipped} skipped; "
                 f"database {store.name}")
            # Between polls nothing was under way; during one, its current page was dropped.
            raise typer.Exit(0 if state.waiting else EXIT_INTERRUPTED) from None


@app.command()
def brief(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "briefing.html"
    ),
    db: DbOption = None,
    actor: ActorFilter = None, doc: DocFilter = None, question: QuestionFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, search: SearchFilter = None,
) -> None:
    """Write a self-contained HTML briefing of everything stored, or of what the filters select
    (as the listings select it)."""
    from augury.report.brief import write_briefing

    with _one_line_errors():
        filters = Filters(actor=actor, doc=doc, question=question, date_from=since,
                          date_to=until, search=search)
    with _open(db) as store, _one_line_errors():
        path = write_briefing(store, output, filters)
    _say(out, f"briefing written to {path.resolve()}")


@app.command()
def export(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write into (made if "
                                           "missing); only the export's own files change.")],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="jsonl, csv or parquet: one file per table; graphml: the actor "
        "graph.")] = "jsonl",
    db: DbOption = None,
) -> None:
    """Write documents, actors, quotes, forecasts, questions and resolutions, or the actor graph,
    to files for other tools."""
    from augury.report.export import export as run_export

    with _open(db) as store, _one_line_errors():
        written = run_export(store, folder, fmt)
    for path, held in written:
        _say(out, f"{path}: {held}")


def _cell(value: Any) -> Any:
    """A list as one cell: strings joined by '; ', anything richer as JSON."""
    if not isinstance(value, list):
        return value
    if all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if all(isinstance(v, dict) and {"low", "high", "n"} <= set(v) for v in value):
        return " ".join(f"[{b['low']:.1f}-{b['high']:.1f}: {b['n']}"
                        + (f", {b['observed']:.0%} came true]" if b["n"] else "]") for b in value)
    return json.dumps(value, ensure_ascii=False)


def _list(title: str, listing: Callable[[Store, Filters], list[Row]], db: str | None,
          fmt: Format, **filters: Any) -> None:
    """Show one listing, filtered and paged by `filters` (the fields of `Filters`)."""
    with _one_line_errors():
        chosen = Filters(**filters)
    with _open(db) as store, _one_line_errors():
        rows = listing(store, chosen)
    _emit(rows, fmt, title)


def _emit(rows: list[Row], fmt: Format, title: str) -> None:
    if fmt is Format.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    flat = [{k: _cell(v) for k, v in r.items()} for r in rows]
    if fmt is Format.csv:
        buffer = io.StringIO()
        if flat:
            writer = csv.DictWriter(buffer, fieldnames=list(flat[0]))
            writer.writeheader()
            writer.writerows({k: for_csv(v) for k, v in r.items()} for r in flat)
        sys.stdout.write(buffer.getvalue())
        return
    # A terminal table shows the gist; json and csv carry every field.
    flat = [{k: v for k, v in r.items() if k not in TABLE_HIDDEN} for r in flat]
    table = Table(title=Text(f"{title} ({len(rows)})", style="table.title"), show_lines=False,
                  expand=True)
    for key in flat[0] if flat else ["doc"]:
        wide = key in {"text", "title", "role", "aliases"}
        table.add_column(key, overflow="fold", ratio=4 if wide else 1, min_width=4)
    for r in flat:
        table.add_row(*(Text(for_table(v)) for v in r.values()))
    out.print(table)


actors_app = typer.Typer(help="Actors resolved across documents, and corrections to them.")
app.add_typer(actors_app, name="actors")


@actors_app.callback(invoke_without_command=True)
def actors(
    ctx: typer.Context, db: DbOption = None, fmt: FormatOption = Format.table,
    actor: ActorFilter = None, doc: DocFilter = None, since: SinceFilter = None,
    until: UntilFilter = None, search: SearchFilter = None, limit: LimitOption = None,
    offset: OffsetOption = 0,
) -> None:
    """List each actor with kind, role, documents, quotes and forecasts."""
    if ctx.invoked_subcommand is None:
        _list("actors", api.actors, db, fmt, actor=actor, doc=doc, date_from=since,
              date_to=until, search=search, limit=limit, offset=offset)


def _correct(db: str | None, correction: Correction) -> None:
    with _open(db) as store, _one_line_errors():
        api.correct(store, correction)
    _say(out, f"recorded: {correction.action} {correction.name!r} {correction.other!r}")


@actors_app.command("merge")
def actors_merge(
    name: Annotated[str, typer.Argument(help="The actor that stays.")],
    other: Annotated[str, typer.Argument(help="The actor (or alias) that joins it.")],
    db: DbOption = None,
) -> None:
    """Merge OTHER into NAME: one real entity. Survives re-ingest."""
    _correct(db, Correction("merge", name, other))


@actors_app.command("split")
def actors_split(
    name: Annotated[str, typer.Argument(help="The actor that was merged wrongly.")],
    other: Annotated[str, typer.Argument(help="The name whose mentions become their own actor.")],
    db: DbOption = None,
) -> None:
    """Split the mentions named OTHER out of NAME. Survives re-ingest."""
    _correct(db, Correction("split", name, other))


@app.command()
def questions(
    db: DbOption = None,
    fmt: FormatOption = Format.table,
    rebuild: Annotated[bool, typer.Option(
        help="Read every forecast again and group them all afresh; ids carry over.")] = False,
    actor: ActorFilter = None, doc: DocFilter = None, question: QuestionFilter = None,
    since: SinceFilter = None, until: UntilFilter = None, search: SearchFilter = None,
    limit: LimitOption = None, offset: OffsetOption = 0,
) -> None:
    """List forecasts grouped by the question they predict, disagreements first; filters
    select the questions with a forecast they select."""
    with _one_line_errors():
        filters = Filters(actor=actor, doc=doc, question=question, date_from=since,
                          date_to=until, search=search, limit=limit, offset=offset)
    with _open(db) as store:
        if rebuild:
            from augury.runner import rebuild_questions

            with _one_line_errors():
                done = rebuild_questions(store)
            _say(err, f"rebuilt: {done.before} questions before, {done.after} now, {done.kept} "
                      f"kept their id; {len(done.moved)} forecasts moved")
            for forecast, before, after in done.moved[:MOVES_SHOWN]:
                _say(err, f"moved {forecast}: {before} → {after}")
            if len(done.moved) > MOVES_SHOWN:
                _say(err, f"… and {len(done.moved) - MOVES_SHOWN} more moved")
            for target in done.detached:
                _say(err, f"augury: warning: the resolution of {target} is detached: no question "
                          "carries its id now (`augury resolutions history` keeps it)")
        _emit(api.questions(store, filters), fmt, "questions")


@app.command()
def resolve(
    target: Annotated[str, typer.Argument(metavar="ID", help="Forecast (f-…) or question (q-…).")],
    outcome: Annotated[str, typer.Option(help="yes, no or void.")],
    date: Annotated[str, typer.Option(help="When it was settled, YYYY-MM-DD.")],
    source: Annotated[str, typer.Option(help="URL of the public record that settles it.")],
    note: Annotated[str | None, typer.Option(help="One line on why.")] = None,
    replace: ReplaceOption = False,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Record what happened to a forecast or question; questions pass it to their forecasts."""
    with _open(db) as store, _one_line_errors():
        api.resolve(store, target, outcome, date, source, note, by=by or settings.user(),
                    replace=replace)
    _say(out, f"resolved {target}: {outcome}")


resolutions_app = typer.Typer(help="Resolutions of forecasts and questions.")
app.add_typer(resolutions_app, name="resolutions")


@resolutions_app.command("import")
def resolutions_import(
    file: Annotated[Path, typer.Argument(help="CSV with id, outcome, date, source[, note].")],
    replace: ReplaceOption = False,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Import resolutions from a CSV file: all rows or, if any row is bad, none."""
    with _open(db) as store, _one_line_errors():
        rows = api.import_resolutions(store, file, by=by or settings.user(), replace=replace)
    _say(out, f"imported {len(rows)} resolutions from {file}")


@resolutions_app.command("history")
def resolutions_history(
    target: Annotated[str, typer.Argument(metavar="ID", help="Forecast (f-…) or question (q-…).")],
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Every resolution recorded for one id, and every withdrawal, oldest first."""
    with _open(db) as store:
        _emit(api.history(store, target), fmt, f"history of {target}")


@app.command()
def forget(
    doc: Annotated[str, typer.Argument(help="The document, as `augury documents` names it.")],
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Remove a document and all that came from it; its resolutions stay in their history."""
    with _open(db) as store, _one_line_errors():
        withdrawn = api.forget(store, doc, by=by or settings.user())
    _say(out, f"forgot {doc}; {withdrawn} resolutions withdrawn (kept in their history)")


@resolutions_app.command("list")
def resolutions_list(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """List recorded resolutions."""
    with _open(db) as store:
        _emit(api.resolutions(store), fmt, "resolutions")


@app.command()
def scores(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """Brier score and calibration of each holder and outlet over their resolved forecasts."""
    with _open(db) as store:
        _emit(api.scores(store), fmt, "scores")


@app.command()
def documents(
    db: DbOption = None, fmt: FormatOption = Format.table, actor: ActorFilter = None,
    doc: DocFilter = None, question: QuestionFilter = None, since: SinceFilter = None,
    until: UntilFilter = None, search: SearchFilter = None, limit: LimitOption = None,
    offset: OffsetOption = 0,
) -> None:
    """List stored documents with their metadata."""
    _list("documents", api.documents, db, fmt, actor=actor, doc=doc, question=question,
          date_from=since, date_to=until, search=search, limit=limit, offset=offset)


@app.command()
def quotes(
    db: DbOption = None, fmt: FormatOption = Format.table, actor: ActorFilter = None,
    doc: DocFilter = None, since: SinceFilter = None, until: UntilFilter = None,
    search: SearchFilter = None, limit: LimitOption = None, offset: OffsetOption = 0,
) -> None:
    """List quotes and reported speech with their speakers."""
    _list("quotes", api.quotes, db, fmt, actor=actor, doc=doc, date_from=since,
          date_to=until, search=search, limit=limit, offset=offset)


@app.command()
def forecasts(
    db: DbOption = None, fmt: FormatOption = Format.table, actor: ActorFilter = None,
    doc: DocFilter = None, question: QuestionFilter = None, since: SinceFilter = None,
    until: UntilFilter = None, search: SearchFilter = None, limit: LimitOption = None,
    offset: OffsetOption = 0,
) -> None:
    """List forecasts and pledges, holder, probability."""
    _list("forecasts", api.forecasts, db, fmt, actor=actor, doc=doc, question=question,
          date_from=since, date_to=until, search=search, limit=limit, offset=offset)


@app.command()
def doctor(
    db: DbOption = None,
    model: ModelOption = None,
    engine: Annotated[Engine, typer.Option(
        "--engine", help="Also check this analysis engine: with ray, that its cluster answers "
        "and a worker on every node loads the spaCy pipeline.")] = Engine.local,
    ray_address: Annotated[str | None, typer.Option(
        "--ray-address", metavar="ADDR",
        help="The Ray cluster to check (default: $RAY_ADDRESS, else a local Ray).")] = None,
) -> None:
    """Check the database: it opens, every migration is applied and none unknown, the engine's
    integrity checks, rows that agree; print row counts; with --engine ray, the Ray cluster.
    Exit code 1 when something is wrong."""
    from augury.doctor import examine

    ctx, findings = examine(db or settings.database())
    if engine is Engine.ray:
        from augury.analyze.engines import check_ray

        findings += check_ray(ray_address, model)
    if ctx.name:
        _say(out, f"database {ctx.name}")
    for table, n in ctx.counts.items():
        _say(out, f"{table}: {n}")
    for finding in findings:
        _say(err, f"augury doctor: {finding}")
    if findings:
        raise typer.Exit(1)
    _say(out, "no problems found")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; other than loopback needs a "
                                      "token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(
        help="Every write must carry this token (default: $AUGURY_TOKEN).")] = None,
) -> None:
    """Run the local web app: pages and a JSON API over the database."""
    import uvicorn

    from augury.web import create_app
    from augury.web.security import is_loopback

    token = token or settings.token()
    if not is_loopback(host) and token is None:
        _say(err, f"augury: --host {host} is reachable from other machines: give --token or set "
                  "AUGURY_TOKEN, so that every write needs it")
        raise typer.Exit(1)
    with _one_line_errors():
        web = create_app(db or settings.database(), token=token)
    _say(out, f"serving {web.state.database} at http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(web, host=host, port=port, log_level="warning")
