"""`augury export` end to end: the canonical seed database, with the sample resolutions imported,
exported in every format through the real CLI and read back with json, csv, pyarrow and networkx."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from augury.cli import app
from augury.report.export import actor_graph, write_graph
from augury.store import Store

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "samples" / "seeds"
RESOLUTIONS = ROOT / "samples" / "resolutions.csv"
FORMATS = ("jsonl", "csv", "parquet", "graphml")
# Each exported table and the listing that shows the same rows.
LISTINGS = {
    "documents": ["documents"],
    "actors": ["actors"],
    "quotes": ["quotes"],
    "forecasts": ["forecasts"],
    "questions": ["questions"],
    "resolutions": ["resolutions", "list"],
}
TITLE = "What does Trump’s return mean for America’s relations with Russia?"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def listing(db: Path, name: str) -> list[dict]:
    code, stdout, stderr = invoke(*LISTINGS[name], "--db", str(db), "--format", "json")
    assert code == 0, stderr
    return json.loads(stdout)


def export(db: Path, folder: Path, fmt: str) -> list[str]:
    code, stdout, stderr = invoke("export", str(folder), "--format", fmt, "--db", str(db))
    assert code == 0, stderr
    return stdout.splitlines()


@pytest.fixture(scope="module")
def ledger_db(seeds_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed database with samples/resolutions.csv imported, so that every table has rows."""
    db = tmp_path_factory.mktemp("ledger") / "ledger.db"
    shutil.copy(seeds_db, db)
    code, _, stderr = invoke("resolutions", "import", str(RESOLUTIONS), "--db", str(db))
    assert code == 0, stderr
    return db


@pytest.fixture(scope="module")
def exported(ledger_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The ledger database exported once in each format, each into a folder of its own."""
    root = tmp_path_factory.mktemp("exports")
    for fmt in FORMATS:
        export(ledger_db, root / fmt, fmt)
    return {fmt: root / fmt for fmt in FORMATS}


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def test_the_command_prints_one_line_per_file(ledger_db: Path, tmp_path: Path) -> None:
    lines = export(ledger_db, tmp_path / "out", "csv")
    counts = {name: len(listing(ledger_db, name)) for name in LISTINGS}
    assert lines == [f"{tmp_path / 'out' / name}.csv: {n} rows" for name, n in counts.items()]
    assert counts["resolutions"] == 10 and all(counts.values())
    [line] = export(ledger_db, tmp_path / "graph", "graphml")
    assert line.startswith(f"{tmp_path / 'graph' / 'actors.graphml'}: {counts['actors']} actors, ")


@pytest.mark.parametrize("name", LISTINGS)
def test_jsonl_and_parquet_hold_exactly_the_listing_rows(
    ledger_db: Path, exported: dict[str, Path], name: str
) -> None:
    rows = listing(ledger_db, name)
    lines = (exported["jsonl"] / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == rows
    table = pq.read_table(exported["parquet"] / f"{name}.parquet")
    assert table.num_rows == len(rows)
    assert table.column_names == list(rows[0])
    # Lists and records come back as lists and dicts: typed columns, not JSON text.
    assert table.to_pylist() == rows


@pytest.mark.parametrize("name", LISTINGS)
def test_csv_has_the_listing_columns_and_rows(
    ledger_db: Path, exported: dict[str, Path], name: str
) -> None:
    rows = listing(ledger_db, name)
    header, cells = read_csv(exported["csv"] / f"{name}.csv")
    assert header == list(rows[0])
    assert len(cells) == len(rows)
    assert [c[header[0]] for c in cells] == [r[header[0]] for r in rows]


def test_csv_lists_are_json_text(ledger_db: Path, exported: dict[str, Path]) -> None:
    actors = listing(ledger_db, "actors")
    _, cells = read_csv(exported["csv"] / "actors.csv")
    assert [json.loads(c["aliases"]) for c in cells] == [a["aliases"] for a in actors]
    assert [json.loads(c["roles"]) for c in cells] == [a["roles"] for a in actors]
    assert any(a["roles"] for a in actors)
    questions = listing(ledger_db, "questions")
    _, cells = read_csv(exported["csv"] / "questions.csv")
    assert [json.loads(c["forecasts"]) for c in cells] == [q["forecasts"] for q in questions]


def test_graph_nodes_are_the_actors_with_their_counts(
    ledger_db: Path, exported: dict[str, Path]
) -> None:
    graph = nx.read_graphml(exported["graphml"] / "actors.graphml")
    assert graph.is_directed()
    actors = {a["id"]: a for a in listing(ledger_db, "actors")}
    assert set(graph.nodes) == set(actors)
    for node, data in graph.nodes(data=True):
        actor = actors[node]
        assert data == {"name": actor["name"], "kind": actor["kind"],
                        "documents": len(actor["documents"]), "mentions": actor["mentions"],
                        "quotes": actor["quotes"], "forecasts": actor["forecasts"]}


def test_graph_edges_go_from_speakers_to_whom_they_talk_about(
    ledger_db: Path, exported: dict[str, Path]
) -> None:
    # 000_… quotes Alexandra Filippenko: "“This doesn't mean that sanctions would be lifted or
    # that Trump and Putin would be photographed shaking hands …,” Filippenko told The Moscow
    # Times." and "“Trump is accustomed to achieving what he wants …,” said Filippenko"; and
    # Natasha Kuhrt: "“Assuming Trump carries out his pledge …,” Kuhrt told The Moscow Times."
    article = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    for words in ("that Trump and Putin would be photographed shaking hands",
                  "“Trump is accustomed to achieving what he wants", "said Filippenko",
                  "“Assuming Trump carries out his pledge", "Kuhrt told The Moscow Times"):
        assert words in article
    graph = nx.read_graphml(exported["graphml"] / "actors.graphml")
    assert graph["alexandra-filippenko"]["donald-trump"]["count"] >= 2
    assert graph["alexandra-filippenko"]["vladimir-putin"]["count"] >= 1
    assert graph["natasha-kuhrt"]["donald-trump"]["count"] >= 1
    # Filippenko never speaks of Kuhrt, and nobody's quotes are about themselves.
    assert not graph.has_edge("alexandra-filippenko", "natasha-kuhrt")
    assert nx.number_of_selfloops(graph) == 0
    # Every edge starts at a speaker, and counts no more quotes than that speaker has.
    assert graph.number_of_edges() > 50
    for speaker, _, count in graph.edges(data="count"):
        assert 1 <= count <= graph.nodes[speaker]["quotes"]


def test_a_name_xml_cannot_hold_is_written_escaped(ledger_db: Path, tmp_path: Path) -> None:
    with Store(ledger_db, create=False) as store:
        graph = actor_graph(store)
    graph.nodes["donald-trump"]["name"] = "Donald \x1b[31mTrump"
    back = nx.read_graphml(write_graph(graph, tmp_path))
    assert back.nodes["donald-trump"]["name"] == "Donald \\x1b[31mTrump"
    assert graph.nodes["donald-trump"]["name"] == "Donald \x1b[31mTrump"


def test_a_formula_title_is_neutralised_in_csv_only(tmp_path: Path) -> None:
    seed = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    assert TITLE in seed
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "formula.txt").write_text(seed.replace(TITLE, "=" + TITLE, 1), encoding="utf-8")
    db = tmp_path / "formula.db"
    code, _, stderr = invoke("ingest", str(batch), "--db", str(db))
    assert code == 0, stderr
    for fmt in ("csv", "jsonl", "parquet"):
        export(db, tmp_path / "out", fmt)
    [document] = read_csv(tmp_path / "out" / "documents.csv")[1]
    assert document["title"] == "'=" + TITLE
    # The other formats carry the title exactly: no spreadsheet reads them.
    jsonl = (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8")
    assert json.loads(jsonl)["title"] == "=" + TITLE
    table = pq.read_table(tmp_path / "out" / "documents.parquet")
    assert table.column("title").to_pylist() == ["=" + TITLE]


def test_an_empty_database_gives_every_file_with_no_rows(
    exported: dict[str, Path], tmp_path: Path
) -> None:
    db = tmp_path / "empty.db"
    Store(db).close()
    for fmt in FORMATS:
        lines = export(db, tmp_path / fmt, fmt)
        assert len(lines) == (1 if fmt == "graphml" else len(LISTINGS))
    for name in LISTINGS:
        assert (tmp_path / "jsonl" / f"{name}.jsonl").read_text(encoding="utf-8") == ""
        header, cells = read_csv(tmp_path / "csv" / f"{name}.csv")
        assert cells == [] and header == read_csv(exported["csv"] / f"{name}.csv")[0]
        table = pq.read_table(tmp_path / "parquet" / f"{name}.parquet")
        assert table.num_rows == 0
        assert table.schema == pq.read_schema(exported["parquet"] / f"{name}.parquet")
    graph = nx.read_graphml(tmp_path / "graphml" / "actors.graphml")
    assert graph.number_of_nodes() == 0 and graph.is_directed()


def test_the_folder_is_made_and_only_the_exports_files_change(
    ledger_db: Path, tmp_path: Path
) -> None:
    made = tmp_path / "new" / "nested"
    export(ledger_db, made, "parquet")
    assert sorted(p.name for p in made.iterdir()) == sorted(f"{n}.parquet" for n in LISTINGS)

    shared = tmp_path / "shared"
    shared.mkdir()
    notes = shared / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    (shared / "documents.csv").write_text("stale", encoding="utf-8")
    (shared / "documents.jsonl").write_text("an earlier export", encoding="utf-8")
    export(ledger_db, shared, "csv")
    assert notes.read_text(encoding="utf-8") == "mine"
    assert (shared / "documents.jsonl").read_text(encoding="utf-8") == "an earlier export"
    header, cells = read_csv(shared / "documents.csv")
    assert "title" in header and len(cells) == 5
    # Nothing half-written is left behind.
    expected = {"notes.txt", "documents.jsonl", *(f"{n}.csv" for n in LISTINGS)}
    assert {p.name for p in shared.iterdir()} == expected


def test_an_unknown_format_is_one_line_and_writes_nothing(ledger_db: Path, tmp_path: Path) -> None:
    code, stdout, stderr = invoke("export", str(tmp_path / "out"), "--format", "xlsx",
                                  "--db", str(ledger_db))
    assert code == 1 and stdout == ""
    assert stderr == ("augury: unknown export format 'xlsx' "
                      "(one of jsonl, csv, parquet, graphml)\n")
    assert not (tmp_path / "out").exists()


def test_a_folder_that_is_a_file_is_one_line_and_left_alone(
    ledger_db: Path, tmp_path: Path
) -> None:
    file = tmp_path / "out"
    file.write_text("mine", encoding="utf-8")
    code, _, stderr = invoke("export", str(file), "--format", "csv", "--db", str(ledger_db))
    assert code == 1
    assert stderr == f"augury: {file}: is a file, not a folder; nothing exported\n"
    assert file.read_text(encoding="utf-8") == "mine"
