"""Everything stored, written out for other tools: one file per table (JSON Lines, CSV or Parquet)
and the actor graph (GraphML).

The tables are the rows the listings show (`augury documents --format json` and the others),
under a declared schema each, so that an empty database still gives every column and Parquet
types never depend on the data. Lists and records inside a row (aliases, roles, a question's
forecasts) stay lists in JSON Lines, are typed Arrow lists and structs in Parquet, and are JSON
text in a CSV cell. A CSV cell never starts a spreadsheet formula (`for_csv`).

Each file is written beside its final name and then moved over it, so an interrupted export
leaves the previous file whole; files in the folder that are not the export's are never touched.
"""

from __future__ import annotations

import csv
import json
import os
import re
from bisect import bisect
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq

from augury import api
from augury.errors import ExportError
from augury.escaping import for_csv, for_xml, quoted
from augury.model import Actor, Analysis, Quote
from augury.resolve.actors import ResolvedActor, ResolvedActors
from augury.store import Store

TABLE_FORMATS = ("jsonl", "csv", "parquet")
FORMATS = (*TABLE_FORMATS, "graphml")
GRAPH_FILE = "actors.graphml"

_TEXT, _INT, _FLOAT, _BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_ROLE = pa.struct([("text", _TEXT), ("start", _INT), ("end", _INT), ("affiliation", _TEXT),
                   ("doc", _TEXT)])
_MEMBER = pa.struct([("id", _TEXT), ("holder", _TEXT), ("date", _TEXT),
                     ("probability_for", _FLOAT), ("polarity", _INT), ("text", _TEXT),
                     ("doc", _TEXT), ("outlet", _TEXT), ("start", _INT), ("end", _INT)])
_COPY = pa.struct([("doc", _TEXT), ("url", _TEXT), ("outlet", _TEXT)])
# Each table's columns in the listing's order, with their types.
SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc", _TEXT), ("title", _TEXT), ("author", _TEXT), ("outlet", _TEXT), ("date", _TEXT),
        ("url", _TEXT), ("words", _INT), ("copies", pa.list_(_COPY))]),
    "actors": pa.schema([
        ("doc", _TEXT), ("id", _TEXT), ("name", _TEXT), ("kind", _TEXT), ("role", _TEXT),
        ("aliases", pa.list_(_TEXT)), ("documents", pa.list_(_TEXT)), ("mentions", _INT),
        ("quotes", _INT), ("forecasts", _INT), ("roles", pa.list_(_ROLE))]),
    "quotes": pa.schema([
        ("doc", _TEXT), ("text", _TEXT), ("speaker", _TEXT), ("speaker_kind", _TEXT),
        ("speaker_mention", _TEXT), ("speaker_start", _INT), ("speaker_end", _INT),
        ("cue", _TEXT), ("kind", _TEXT), ("start", _INT), ("end", _INT)]),
    "forecasts": pa.schema([
        ("doc", _TEXT), ("id", _TEXT), ("published", _TEXT), ("outlet", _TEXT),
        ("text", _TEXT), ("holder", _TEXT), ("holder_kind", _TEXT), ("hedge", _TEXT),
        ("probability", _FLOAT), ("conditional", _BOOL), ("condition", _TEXT),
        ("condition_start", _INT), ("condition_end", _INT), ("horizon", _TEXT), ("kind", _TEXT),
        ("start", _INT), ("end", _INT)]),
    "questions": pa.schema([
        ("doc", _TEXT), ("id", _TEXT), ("proposition", _TEXT), ("n", _INT), ("median", _FLOAT),
        ("spread", _FLOAT), ("disagreement", _BOOL), ("holders", pa.list_(_TEXT)),
        ("outcome", _TEXT), ("forecasts", pa.list_(_MEMBER))]),
    "resolutions": pa.schema([
        ("target", _TEXT), ("outcome", _TEXT), ("date", _TEXT), ("source", _TEXT),
        ("note", _TEXT)]),
}


def tables(store: Store, actors: ResolvedActors | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every table of the export, name → rows, as the listings show them."""
    actors = actors or api.resolved_actors(store)
    return {
        "documents": api.documents(store),
        "actors": api.actors(store, resolved=actors),
        "quotes": api.quotes(store, resolved=actors),
        "forecasts": api.forecasts(store, resolved=actors),
        "questions": api.questions(store, resolved=actors),
        "resolutions": api.resolutions(store),
    }


def write_tables(
    rows: Mapping[str, Sequence[dict[str, Any]]], folder: Path, fmt: str
) -> list[Path]:
    """One file per table in `folder` (made if missing), `documents.csv` and so on; returns the
    paths written. A table with no rows is still a file, with its columns where the format
    has a header or schema."""
    _check_format(fmt, TABLE_FORMATS)
    _folder(folder)
    writers = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}
    for name, table in rows.items():
        _check_columns(name, table)
    paths = []
    for name, table in rows.items():
        path = folder / f"{name}.{fmt}"
        with _replacing(path) as part:
            writers[fmt](name, table, part)
        paths.append(path)
    return paths


def actor_graph(store: Store, actors: ResolvedActors | None = None) -> nx.DiGraph:
    """Who speaks about whom: every actor a node (name, kind, and counts of documents,
    mentions, quotes and forecasts), and an edge from a quote's speaker to each other actor the
    quote mentions, `count` the number of such quotes. A quote whose speaker is no actor (a
    group such as "analysts", an unnamed source) gives no edge."""
    actors = actors or api.resolved_actors(store)
    graph = nx.DiGraph()
    nodes = _add_actors(graph, actors.actors)
    counts: Counter[tuple[str, str]] = Counter()
    for stored in api.stored_documents(store):
        analysis = stored.analysis
        names = _names(analysis.actors)
        for quote in analysis.quotes:
            speaker = actors.lookup(quote.speaker)
            if speaker is None:
                continue
            for target in _mentioned(quote, analysis, names, actors):
                if target is not speaker:
                    counts[nodes[id(speaker)], nodes[id(target)]] += 1
    graph.add_edges_from((speaker, target, {"count": n}) for (speaker, target), n in counts.items())
    return graph


def comention_graph(store: Store, actors: ResolvedActors | None = None) -> nx.Graph:
    """Who is named with whom: the nodes of `actor_graph`, and an undirected edge between two
    actors named in one paragraph (a line of the text), `count` the number of such paragraphs."""
    actors = actors or api.resolved_actors(store)
    graph = nx.Graph()
    nodes = _add_actors(graph, actors.actors)
    counts: Counter[tuple[str, str]] = Counter()
    for stored in api.stored_documents(store):
        breaks = [m.start() for m in re.finditer(r"\n", stored.document.text)]
        together: dict[int, set[str]] = {}
        for entity in stored.analysis.entities:
            actor = actors.lookup(entity.text)
            if actor is not None:
                together.setdefault(bisect(breaks, entity.start), set()).add(nodes[id(actor)])
        for named in together.values():
            for a, b in combinations(sorted(named), 2):
                counts[a, b] += 1
    graph.add_edges_from((a, b, {"count": n}) for (a, b), n in counts.items())
    return graph


def write_graph(graph: nx.DiGraph, folder: Path) -> Path:
    """The graph as `actors.graphml` in `folder` (made if missing); returns its path. Text that
    XML cannot hold (an ESC in a name) is written as its escape, \\x1b."""
    _folder(folder)
    xml = graph.copy()
    for _, data in xml.nodes(data=True):
        data.update({k: for_xml(v) for k, v in data.items() if isinstance(v, str)})
    path = folder / GRAPH_FILE
    with _replacing(path) as part:
        nx.write_graphml(xml, part)
    return path


def export(store: Store, folder: Path, fmt: str) -> list[tuple[Path, str]]:
    """Write the export in `fmt` into `folder`, all of it read in one snapshot of the database;
    returns each file written with what it holds ("5 rows", "110 actors, 95 edges")."""
    _check_format(fmt, FORMATS)
    _folder(folder)
    with store.snapshot():
        actors = api.resolved_actors(store)
        if fmt == "graphml":
            graph = actor_graph(store, actors)
            held = f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} edges"
            return [(write_graph(graph, folder), held)]
        rows = tables(store, actors)
    paths = write_tables(rows, folder, fmt)
    return [(path, f"{len(rows[path.stem])} rows") for path in paths]


def _mentioned(quote: Quote, analysis: Analysis, names: re.Pattern[str] | None,
               actors: ResolvedActors) -> list[ResolvedActor]:
    """The actors a quote mentions: named entities whose offsets lie inside it, and names or
    aliases of the document's actors written in it (a repeat the model did not tag)."""
    found = [e.text for e in analysis.entities if quote.start <= e.start and e.end <= quote.end]
    if names is not None:
        found += [m.group() for m in names.finditer(quote.text)]
    resolved = (actors.lookup(text) for text in dict.fromkeys(found))
    unique = {id(actor): actor for actor in resolved if actor is not None}
    return list(unique.values())


def _names(document_actors: Sequence[Actor]) -> re.Pattern[str] | None:
    """Every name and alias of one document's actors as whole words, longest first."""
    names = {n for a in document_actors for n in (a.name, *a.aliases) if n.strip()}
    if not names:
        return None
    alternatives = "|".join(map(re.escape, sorted(names, key=lambda n: (-len(n), n))))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _add_actors(graph: nx.Graph, actors: Sequence[ResolvedActor]) -> dict[int, str]:
    """Every actor a node of `graph` (name, kind, counts); each actor's node id, by id()."""
    nodes = _node_ids(actors)
    for actor in actors:
        graph.add_node(nodes[id(actor)], name=actor.name, kind=actor.kind,
                       documents=len(actor.documents), mentions=actor.mentions,
                       quotes=actor.quotes, forecasts=actor.forecasts)
    return nodes


def _node_ids(actors: Sequence[ResolvedActor]) -> dict[int, str]:
    """Each actor's node id: its id as `augury actors` lists it, numbered on a rare clash."""
    taken: set[str] = set()
    nodes = {}
    for actor in actors:
        node, n = actor.id, 1
        while node in taken:
            n += 1
            node = f"{actor.id}-{n}"
        taken.add(node)
        nodes[id(actor)] = node
    return nodes


def _check_format(fmt: str, allowed: Sequence[str]) -> None:
    if fmt not in allowed:
        raise ExportError(f"unknown export format {fmt!r} (one of {', '.join(allowed)})")


def _check_columns(name: str, rows: Sequence[dict[str, Any]]) -> None:
    """Every row has exactly the table's declared columns, so that no field is dropped or
    invented on the way out."""
    if name not in SCHEMAS:
        raise ValueError(f"no export schema for a table named {name!r}")
    columns = SCHEMAS[name].names
    for row in rows:
        if list(row) != columns:
            raise ValueError(f"{name}: row columns {list(row)} are not the export's {columns}")


def _folder(folder: Path) -> None:
    """Make the export folder (and its parents) unless it is there; refuse a file."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{quoted(str(folder))}: is a file, not a folder; nothing exported")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"{quoted(str(folder))}: cannot make the folder: {e.strerror}") from e


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A file beside `path` to write, moved over `path` once written: an interrupted export
    leaves the previous file whole and no partial one."""
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        yield part
        os.replace(part, path)
    except OSError as e:
        part.unlink(missing_ok=True)
        raise ExportError(f"{quoted(str(path))}: cannot write: {e.strerror or e}") from e
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _write_jsonl(name: str, rows: Sequence[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _write_csv(name: str, rows: Sequence[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(SCHEMAS[name].names)
        writer.writerows([for_csv(_cell(v)) for v in row.values()] for row in rows)


def _cell(value: Any) -> Any:
    """A list or record as its JSON text, anything else as it is."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def _write_parquet(name: str, rows: Sequence[dict[str, Any]], path: Path) -> None:
    pq.write_table(pa.Table.from_pylist(list(rows), schema=SCHEMAS[name]), path)
