"""Identities written once: forecast and question ids that no ingest, correction, forgetting or
rebuild moves, and questions that grow without regrouping what is stored."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from augury import api
from augury.cli import app
from augury.ledger.scores import settle
from augury.runner import ingest
from augury.store import Store

runner = CliRunner()
SEEDS = Path(__file__).resolve().parent.parent / "samples" / "seeds"
SOURCE = "https://example.org/record"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(seeds_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "growth.db"
    shutil.copy(seeds_db, copy)
    return copy


def grouping(path: Path) -> dict[str, tuple[str, list[tuple[str, int]]]]:
    with Store(path) as store:
        return {q.id: (q.proposition, [(m.forecast_id, m.polarity) for m in q.members])
                for q in store.questions()}


def resolve(db: Path, target: str) -> None:
    code, _, err = invoke("resolve", target, "--db", str(db), "--outcome", "yes",
                          "--date", "2025-06-01", "--source", SOURCE)
    assert code == 0, err


def largest(db: Path) -> str:
    return max(grouping(db).items(), key=lambda item: len(item[1][1]))[0]


def test_a_second_batch_moves_nothing_the_first_placed(seeds_db: Path, tmp_path: Path) -> None:
    early, late = tmp_path / "early", tmp_path / "late"
    early.mkdir(), late.mkdir()
    for k, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        shutil.copy(path, (early if k < 2 else late) / path.name)
    db = tmp_path / "two.db"
    with Store(db) as store:
        first = ingest([early], store)
    before = grouping(db)
    with Store(db) as store:
        second = ingest([late], store)
        forecasts = {f["id"] for f in store.list_forecasts()}
    after = grouping(db)
    assert first.questions.placed + second.questions.placed == len(forecasts)
    assert second.questions.joined  # later articles join questions the first ones founded
    for qid, (_, members) in before.items():
        assert after[qid][1][:len(members)] == members
    assert sorted(m for _, ms in after.values() for m, _ in ms) == sorted(forecasts)


def test_resolutions_survive_new_forecasts_joining_their_questions(
    db: Path, tmp_path: Path
) -> None:
    seed = SEEDS / "000_91115d8a09209f64.txt"
    with Store(db) as store:
        from_seed = {f["id"] for f in store.list_forecasts() if f["doc"] == seed.name}
    before = grouping(db)
    resolved = sorted(qid for qid, (_, ms) in before.items() if {m for m, _ in ms} & from_seed)
    table = tmp_path / "resolutions.csv"
    table.write_text("id,outcome,date,source\n" + "".join(
        f"{qid},yes,2025-06-01,{SOURCE}\n" for qid in resolved), encoding="utf-8")
    assert invoke("resolutions", "import", str(table), "--db", str(db))[0] == 0
    # The same article with a new closing line is a new text: its forecasts get new ids and
    # join the questions of their twins.
    extra = tmp_path / "extra.txt"
    extra.write_text(seed.read_text(encoding="utf-8") + "\nA new closing line.\n", "utf-8")
    code, out, _ = invoke("ingest", str(extra), "--db", str(db))
    assert code == 0 and "joined" in out
    after = grouping(db)
    for qid, (proposition, members) in before.items():
        assert after[qid][1][:len(members)] == members
        if qid in resolved:
            assert after[qid][0] == proposition  # a resolved question keeps its proposition
    grown = [qid for qid in resolved if len(after[qid][1]) > len(before[qid][1])]
    assert grown
    with Store(db) as store:
        assert all(store.resolutions()[qid].outcome == "yes" for qid in resolved)
        settled = settle(store.list_forecasts(), store.question_rows(), store.resolutions())
    via = {s.forecast_id: s.via for s in settled}
    joined = [(qid, m) for qid in grown for m, _ in after[qid][1][len(before[qid][1]):]]
    assert any(via.get(m) == qid for qid, m in joined)  # scored with the rest


def actor_ids(db: Path) -> dict[str, str]:
    with Store(db) as store:
        return {a["name"]: a["id"] for a in api.actors(store)}


def test_merge_and_split_move_no_id(db: Path) -> None:
    before = grouping(db)
    ids = actor_ids(db)
    with Store(db) as store:
        forecasts = [f["id"] for f in store.list_forecasts()]
        people = [a["name"] for a in api.actors(store) if a["kind"] == "person"][:2]
    assert invoke("actors", "merge", *people, "--db", str(db))[0] == 0
    assert grouping(db) == before
    merged = actor_ids(db)
    assert set(merged.values()) == set(ids.values()) - {ids[people[1]]}  # the staying id
    assert {n: i for n, i in merged.items() if n not in people} == {
        n: i for n, i in ids.items() if n not in people}
    assert invoke("actors", "split", *people, "--db", str(db))[0] == 0
    assert grouping(db) == before
    split = actor_ids(db)
    assert split[people[0]] == ids[people[0]]
    assert split[people[1]] != split[people[0]]  # split off: an id of its own again
    assert {n: i for n, i in split.items() if n not in people} == {
        n: i for n, i in ids.items() if n not in people}
    with Store(db) as store:
        assert [f["id"] for f in store.list_forecasts()] == forecasts


def test_actor_ids_survive_new_documents_and_the_resolution_is_kept(
    db: Path, tmp_path: Path
) -> None:
    ids = actor_ids(db)
    with Store(db) as store:
        generation = store.actor_generation()
        assert store.cached_actors(generation) is not None  # kept by the listing above
    extra = tmp_path / "extra.txt"
    extra.write_text((SEEDS / "003_63f1aff1d1290f93.txt").read_text(encoding="utf-8")
                     + "\nA new closing line.\n", "utf-8")
    assert invoke("ingest", str(extra), "--db", str(db))[0] == 0
    with Store(db) as store:
        assert store.actor_generation() == generation + 1
        assert store.cached_actors(generation + 1) is None  # resolved by the next read, not here
    after = actor_ids(db)
    with Store(db) as store:
        assert store.cached_actors(generation + 1) is not None
    assert all(after[name] == i for name, i in ids.items() if name in after)
    assert len(set(after.values())) == len(after)


def test_a_rebuild_of_an_unchanged_database_moves_nothing(db: Path) -> None:
    before = grouping(db)
    code, _, err = invoke("questions", "--rebuild", "--db", str(db), "--format", "json")
    assert code == 0
    assert f"rebuilt: {len(before)} questions before, {len(before)} now, {len(before)} kept" in err
    assert "0 forecasts moved" in err
    assert grouping(db) == before


def test_a_rebuild_carries_a_resolution_to_where_its_forecasts_went(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = largest(db)
    resolve(db, target)
    monkeypatch.setenv("AUGURY_GROUP_SIMILARITY", "2.0")  # nothing is that similar: all apart
    code, out, err = invoke("questions", "--rebuild", "--db", str(db), "--format", "json")
    assert code == 0 and all(r["n"] == 1 for r in json.loads(out))
    assert "moved f-" in err and "detached" not in err
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows[target]["outcome"] == "yes"


def test_forgetting_a_document_keeps_other_questions_and_withdraws_orphaned_resolutions(
    db: Path,
) -> None:
    with Store(db) as store:
        doc_of = {f["id"]: f["doc"] for f in store.list_forecasts()}
    before = grouping(db)
    docs = {qid: {doc_of[m[0]] for m in q[1]} for qid, q in before.items()}
    alone = next(qid for qid, d in docs.items() if len(d) == 1)
    [doc] = docs[alone]
    resolve(db, alone)
    code, out, _ = invoke("forget", doc, "--db", str(db))
    assert code == 0 and "1 resolutions withdrawn" in out
    after = grouping(db)
    assert alone not in after
    assert set(after) == {qid for qid, d in docs.items() if d - {doc}}
    for qid, (proposition, members) in after.items():
        assert before[qid][0] == proposition
        assert members == [m for m in before[qid][1] if doc_of[m[0]] != doc]
    with Store(db) as store:
        assert [e["action"] for e in store.resolution_history(alone)] == ["resolve", "forget"]


def test_forecast_ids_of_an_older_database_are_filled_in_once(db: Path) -> None:
    with Store(db) as store:
        ids = [f["id"] for f in store.list_forecasts()]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE forecasts SET fid = NULL")
    with Store(db) as store:
        assert [f["id"] for f in store.list_forecasts()] == ids
