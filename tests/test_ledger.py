"""The ledger: stable ids, resolutions that are checked before anything is written, and scores
that read a question's outcome through each forecast's polarity; on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from augury import api
from augury.cli import app
from augury.ledger.scores import group_scores, settle
from augury.model import Resolution
from augury.runner import ingest
from augury.store import Store

runner = CliRunner()
SEEDS = Path(__file__).resolve().parent.parent / "samples" / "seeds"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(seeds: str) -> str:
    """A copy of the seed database, on each backend, that the test may write to."""
    return seeds


def test_ids_survive_a_fresh_reingest_and_new_documents(
    seeds_db: Path, fresh_db: str, tmp_path: Path
) -> None:
    with Store(seeds_db) as store:
        before = {f["id"]: f["text"] for f in store.list_forecasts()}
        questions_before = {q.id for q in store.questions()}
    assert len(before) == len({*before}) and all(i.startswith("f-") for i in before)
    with Store(fresh_db) as store:
        ingest([SEEDS], store)
        assert {f["id"]: f["text"] for f in store.list_forecasts()} == before
        assert {q.id for q in store.questions()} == questions_before
        extra = tmp_path / "extra.txt"
        extra.write_text(
            (SEEDS / "001_df6a18557ff6e7a7.txt").read_text(encoding="utf-8")
            + "\nA new closing line makes this a new text.\n",
            encoding="utf-8",
        )
        ingest([extra], store)
        after = {f["id"]: f["text"] for f in store.list_forecasts()}
    assert set(before) <= set(after) and len(after) > len(before)


def test_every_forecast_is_in_exactly_one_question(db: str) -> None:
    with Store(db) as store:
        ids = [f["id"] for f in store.list_forecasts()]
        members = [m.forecast_id for q in store.questions() for m in q.members]
    assert sorted(members) == sorted(ids)


def test_resolve_checks_every_field_and_writes_nothing_on_error(db: str) -> None:
    with Store(db) as store:
        fid = store.list_forecasts()[0]["id"]
    base = ["resolve", "--db", str(db), "--date", "2025-01-31", "--source", "https://example.org/r"]
    code, _, err = invoke(*base, "f-0000000000", "--outcome", "yes")
    assert code == 1 and "unknown forecast or question id 'f-0000000000'" in err
    code, _, err = invoke(*base, fid, "--outcome", "maybe")
    assert code == 1 and "outcome must be yes, no or void" in err
    code, _, err = invoke(
        "resolve",
        fid,
        "--outcome",
        "no",
        "--date",
        "31/01/2025",
        "--source",
        "https://example.org/r",
        "--db",
        str(db),
    )
    assert code == 1 and "date must be YYYY-MM-DD" in err
    with Store(db) as store:
        assert store.resolutions() == {}
    code, out, _ = invoke(*base, fid, "--outcome", "no", "--note", "did not happen")
    assert code == 0 and f"resolved {fid}: no" in out
    with Store(db) as store:
        assert store.resolutions()[fid] == Resolution(
            fid, "no", "2025-01-31", "https://example.org/r", "did not happen"
        )


def test_import_is_all_or_nothing(db: str, tmp_path: Path) -> None:
    with Store(db) as store:
        ids = [f["id"] for f in store.list_forecasts()[:2]]
        qid = store.questions()[0].id
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,outcome,date,source,note\n"
        f"{ids[0]},yes,2025-02-01,https://example.org/a,fine\n"
        f"{ids[1]},perhaps,2025-02-01,https://example.org/b,bad outcome\n"
        "f-ffffffffff,no,2025-02-01,https://example.org/c,unknown id\n"
        f"{qid},no,2025-13-01,https://example.org/d,bad date\n",
        encoding="utf-8",
    )
    code, _, err = invoke("resolutions", "import", str(bad), "--db", str(db))
    assert code == 1
    assert "bad.csv:3: outcome must be yes, no or void" in err
    assert "bad.csv:4: unknown forecast or question id 'f-ffffffffff'" in err
    assert "bad.csv:5: date must be YYYY-MM-DD" in err
    with Store(db) as store:
        assert store.resolutions() == {}
    good = tmp_path / "good.csv"
    good.write_text(
        "id,outcome,date,source\n"
        f"{ids[0]},yes,2025-02-01,https://example.org/a\n"
        f"{qid},void,2025-02-01,https://example.org/d\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("resolutions", "import", str(good), "--db", str(db))
    assert code == 0 and "imported 2 resolutions" in out
    code, out, _ = invoke("resolutions", "list", "--db", str(db), "--format", "json")
    assert {r["target"] for r in json.loads(out)} == {ids[0], qid}


def forecast(fid: str, p: float | None, holder: str, outlet: str | None = "Outlet") -> dict:
    return {"id": fid, "probability": p, "holder": holder, "outlet": outlet}


def test_a_question_settles_its_forecasts_through_their_polarity() -> None:
    forecasts = [
        forecast("f-a", 0.8, "Filippenko"),
        forecast("f-b", 0.7, "Markov"),
        forecast("f-c", 0.2, "Kuhrt"),
        forecast("f-d", None, "Nobody"),
        forecast("f-e", 0.9, "Hill", outlet=None),
        forecast("f-f", 0.6, "Hill"),
    ]
    members = [
        {"question": "q-1", "forecast_id": "f-a", "polarity": 1},
        {"question": "q-1", "forecast_id": "f-b", "polarity": -1},
        {"question": "q-1", "forecast_id": "f-c", "polarity": 1},
        {"question": "q-1", "forecast_id": "f-d", "polarity": 1},
        {"question": "q-2", "forecast_id": "f-f", "polarity": 1},
    ]
    resolutions = {
        "q-1": Resolution("q-1", "no", "2026-01-01", "https://example.org/q1"),
        "f-e": Resolution("f-e", "yes", "2026-01-01", "https://example.org/fe"),
        "q-2": Resolution("q-2", "void", "2026-01-01", "https://example.org/q2"),
    }
    settled = {s.forecast_id: s for s in settle(forecasts, members, resolutions)}
    assert set(settled) == {"f-a", "f-b", "f-c", "f-e"}  # no probability, void: never scored
    assert settled["f-a"].outcome.happened is False
    assert settled["f-b"].outcome.happened is True  # it claimed the opposite of q-1
    assert settled["f-c"].outcome.happened is False
    assert settled["f-e"].outcome.happened is True and settled["f-e"].via == "f-e"
    scores = {(g.group, g.name): g.score for g in group_scores(list(settled.values()))}
    assert scores[("holder", "Filippenko")].brier == pytest.approx(0.64)
    assert scores[("holder", "Markov")].brier == pytest.approx(0.09)
    assert scores[("holder", "Kuhrt")].brier == pytest.approx(0.04)
    outlet = scores[("outlet", "Outlet")]
    assert outlet.n == 3 and outlet.brier == pytest.approx((0.64 + 0.09 + 0.04) / 3)
    assert ("outlet", None) not in scores and scores[("holder", "Hill")].n == 1


def test_scores_command_on_the_seeds(db: str) -> None:
    with Store(db) as store:
        f = next(f for f in store.list_forecasts() if f["probability"] is not None and f["holder"])
        holder = api.resolved_actors(store).name_of(f["holder"])
    code, _, _ = invoke(
        "resolve",
        f["id"],
        "--outcome",
        "yes",
        "--date",
        "2025-06-01",
        "--source",
        "https://example.org/x",
        "--db",
        str(db),
    )
    assert code == 0
    code, out, _ = invoke("scores", "--db", str(db), "--format", "json")
    assert code == 0
    rows = {(r["group"], r["name"]): r for r in json.loads(out)}
    mine = rows[("holder", holder)]
    assert mine["resolved"] >= 1 and mine["coin_flip_brier"] == 0.25
    assert sum(b["n"] for b in mine["calibration"]) == mine["resolved"]


def test_questions_and_scores_in_every_format(db: str) -> None:
    for command in ("questions", "scores"):
        for fmt in ("table", "json", "csv"):
            code, out, err = invoke(command, "--db", str(db), "--format", fmt)
            assert code == 0, err
    code, out, _ = invoke("questions", "--db", str(db), "--format", "json")
    rows = json.loads(out)
    assert rows and {"id", "proposition", "n", "median", "spread", "disagreement",
                     "forecasts"} <= set(rows[0])
    disagreeing = [r["disagreement"] for r in rows]
    assert disagreeing == sorted(disagreeing, reverse=True)  # disagreements first


def test_grouping_threshold_is_a_setting(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUGURY_GROUP_SIMILARITY", "2.0")  # nothing is that similar
    code, out, _ = invoke("questions", "--db", str(db), "--rebuild", "--format", "json")
    assert code == 0 and all(r["n"] == 1 for r in json.loads(out))
    monkeypatch.setenv("AUGURY_GROUP_SIMILARITY", "high")
    code, _, err = invoke("questions", "--db", str(db), "--rebuild")
    assert code == 1 and "AUGURY_GROUP_SIMILARITY must be a number" in err


def test_the_ledger_keeps_its_history(db: str, tmp_path: Path) -> None:
    with Store(db) as store:
        first = store.list_forecasts()[0]
    fid, doc = first["id"], first["doc"]
    base = ["resolve", fid, "--db", str(db), "--source", "https://example.org/r", "--by", "ana"]
    assert invoke(*base, "--outcome", "yes", "--date", "2025-01-31")[0] == 0
    # a second resolution is refused unless --replace, and then supersedes the first
    code, _, err = invoke(*base, "--outcome", "no", "--date", "2025-02-01")
    assert code == 1 and f"{fid} is already resolved (yes on 2025-01-31)" in err
    assert invoke(*base, "--outcome", "no", "--date", "2025-02-01", "--replace")[0] == 0
    code, out, _ = invoke("resolutions", "history", fid, "--db", str(db), "--format", "json")
    events = json.loads(out)
    assert [(e["action"], e["outcome"], e["recorded_by"]) for e in events] == [
        ("resolve", "yes", "ana"), ("resolve", "no", "ana")]
    assert events[1]["supersedes"] == events[0]["event"]
    # dates after today or before the forecast was published are refused
    code, _, err = invoke(*base, "--outcome", "no", "--date", "2099-12-31", "--replace")
    assert code == 1 and "date 2099-12-31 is in the future" in err
    if first["published"]:
        code, _, err = invoke(*base, "--outcome", "no", "--date", "1999-01-01", "--replace")
        assert code == 1 and f"is before {fid} was published" in err
    # forgetting the document withdraws the resolution and keeps its history
    code, out, _ = invoke("forget", doc, "--db", str(db), "--by", "ana")
    assert code == 0 and "1 resolutions withdrawn" in out
    with Store(db) as store:
        assert fid not in store.resolutions()
        assert doc not in {d["doc"] for d in store.list_documents()}
        assert [e["action"] for e in store.resolution_history(fid)] == [
            "resolve", "resolve", "forget"]
        with pytest.raises(store.backend.DatabaseError, match="append-only"):
            store.conn.execute("DELETE FROM resolution_events")
    code, _, err = invoke("forget", doc, "--db", str(db))
    assert code == 1 and "no document stored under that name" in err


def test_a_file_naming_one_id_twice_is_refused_with_both_lines(db: str, tmp_path: Path) -> None:
    with Store(db) as store:
        fid = store.list_forecasts()[0]["id"]
    twice = tmp_path / "twice.csv"
    twice.write_text(
        "id,outcome,date,source\n"
        f"{fid},yes,2025-02-01,https://example.org/a\n"
        f"{fid},no,2025-02-02,https://example.org/b\n",
        encoding="utf-8",
    )
    code, _, err = invoke("resolutions", "import", str(twice), "--db", str(db))
    assert code == 1 and f"twice.csv:3: id {fid} is also on line 2" in err
    with Store(db) as store:
        assert store.resolutions() == {}
