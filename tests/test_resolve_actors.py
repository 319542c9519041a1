"""Actors across documents: one per real entity, people sharing a surname kept apart,
and a user's corrections surviving re-ingest (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from augury import api
from augury.cli import app
from augury.model import Correction
from augury.resolve.actors import resolve_actors
from augury.store import Store

runner = CliRunner()


def row(doc: str, name: str, kind: str = "person", mentions: int = 1, aliases=()) -> dict:
    return {"doc": doc, "name": name, "kind": kind, "aliases": list(aliases),
            "mentions": mentions, "roles": []}


def test_surname_alone_joins_the_one_full_name_known_elsewhere() -> None:
    resolution = resolve_actors([
        row("a.txt", "Vladimir Putin", mentions=3, aliases=["Putin"]),
        row("b.txt", "Putin", mentions=2),
        row("c.txt", "Putin", kind="organisation"),
    ])
    putin = resolution.lookup("Putin")
    assert putin is not None and putin.name == "Vladimir Putin"
    assert putin.documents == ["a.txt", "b.txt", "c.txt"] and putin.mentions == 6
    assert putin.kind == "person"
    assert resolution.lookup("vladimir putin") is putin


def test_initials_descriptors_and_headline_fragments_join_the_full_name() -> None:
    resolution = resolve_actors([
        row("a.txt", "Donald Trump", mentions=9),
        row("b.txt", "Donald J. Trump", mentions=2),
        row("c.txt", "Billionaire Donald Trump"),
        row("d.txt", "Hillary Clinton Slams Donald Trump"),
        row("e.txt", "@realDonaldTrump Twitter"),
        row("d.txt", "Hillary Clinton", mentions=4),
    ])
    trump = resolution.lookup("Donald J. Trump")
    assert trump is not None and trump.name == "Donald Trump"
    assert trump.documents == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    assert resolution.lookup("Billionaire Donald Trump") is trump
    assert resolution.lookup("@realDonaldTrump Twitter") is trump
    assert resolution.lookup("Hillary Clinton") is not trump


def test_two_people_sharing_a_surname_are_not_merged() -> None:
    resolution = resolve_actors([
        row("a.txt", "Joe Biden"), row("a.txt", "Hunter Biden"), row("b.txt", "Biden", mentions=4),
    ])
    names = {a.name for a in resolution.actors}
    assert names == {"Joe Biden", "Hunter Biden", "Biden"}
    assert resolution.lookup("Biden").name == "Biden"


def test_accents_and_case_do_not_split_an_actor() -> None:
    resolution = resolve_actors([row("a.txt", "Dionis Cenusă"), row("b.txt", "dionis cenusa")])
    assert len(resolution.actors) == 1


def test_corrections_merge_and_split() -> None:
    rows = [row("a.txt", "Joe Biden"), row("a.txt", "Hunter Biden"), row("b.txt", "Biden")]
    merged = resolve_actors(rows, [Correction("merge", "Joe Biden", "Biden")])
    assert merged.lookup("Biden").name == "Joe Biden"
    assert merged.lookup("Biden").documents == ["a.txt", "b.txt"]
    split = resolve_actors(rows, [Correction("merge", "Joe Biden", "Biden"),
                                  Correction("split", "Joe Biden", "Biden")])
    assert split.lookup("Biden").name == "Biden"


def test_counts_quotes_and_forecasts_by_resolved_name() -> None:
    resolution = resolve_actors(
        [row("a.txt", "Sergei Markov", aliases=["Markov"]), row("b.txt", "Markov")],
        speakers=["Sergei Markov", "Markov", None, "Someone Else"],
        holders=["Markov"],
    )
    markov = resolution.lookup("Markov")
    assert (markov.quotes, markov.forecasts) == (2, 1)


def test_seed_actors_across_documents(seeds_db: Path) -> None:
    with Store(seeds_db) as store:
        actors = {a["name"]: a for a in api.actors(store)}
    putin = actors["Vladimir Putin"]
    assert len(putin["documents"]) == 5 and putin["kind"] == "person"
    assert actors["Russian government"]["kind"] == "government"
    assert {"Kremlin", "Moscow"} <= set(actors["Russian government"]["aliases"])
    kuhrt = actors["Natasha Kuhrt"]
    assert "King's College London" in kuhrt["role"]
    assert kuhrt["quotes"] >= 3 and kuhrt["forecasts"] >= 1
    assert actors["Kirill Dmitriev"]["role"] == "CEO of Russia’s sovereign wealth fund"


def test_cli_corrections_survive_reingest(seeds: str) -> None:
    db = seeds  # a copy, on SQLite and on PostgreSQL

    def actors() -> dict[str, dict]:
        result = runner.invoke(app, ["actors", "--db", str(db), "--format", "json"])
        assert result.exit_code == 0, result.output
        return {a["name"]: a for a in json.loads(result.stdout)}

    assert "Hunter Biden" in actors()
    result = runner.invoke(app, ["actors", "merge", "Joe Biden", "Hunter Biden", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Hunter Biden" not in actors() and "Hunter Biden" in actors()["Joe Biden"]["aliases"]
    seeds = Path(__file__).resolve().parent.parent / "samples" / "seeds"
    assert runner.invoke(app, ["ingest", str(seeds), "--db", str(db)]).exit_code == 0
    assert "Hunter Biden" not in actors()
    runner.invoke(app, ["actors", "split", "Joe Biden", "Hunter Biden", "--db", str(db)])
    assert "Hunter Biden" in actors()
    result = runner.invoke(app, ["actors", "merge", "Joe Biden", "Nobody Known", "--db", str(db)])
    assert result.exit_code == 1
    assert "no actor named 'Nobody Known'" in result.stderr


def test_a_correction_that_changes_nothing_says_why(seeds: str) -> None:
    db = seeds  # a copy, on SQLite and on PostgreSQL
    # "Putin" and "Vladimir Putin" are already one actor.
    result = runner.invoke(app, ["actors", "merge", "Vladimir Putin", "Putin", "--db", str(db)])
    assert result.exit_code == 1
    assert "already one actor, 'Vladimir Putin'; nothing to merge" in result.stderr
    result = runner.invoke(app, ["actors", "split", "Joe Biden", "Hunter Biden", "--db", str(db)])
    assert result.exit_code == 1 and "already apart" in result.stderr
    # "Putin" is only another way of writing Vladimir Putin in the seeds: nothing to split.
    result = runner.invoke(app, ["actors", "split", "Vladimir Putin", "Putin", "--db", str(db)])
    assert result.exit_code == 1 and "cannot split 'Putin'" in result.stderr
    with Store(db) as store:
        assert store.corrections() == []


def test_a_dominant_person_takes_the_lone_surname_and_given_name() -> None:
    resolution = resolve_actors([
        row("a.txt", "Hillary Clinton", mentions=60), row("a.txt", "Bill Clinton", mentions=5),
        row("b.txt", "Clinton", mentions=9), row("c.txt", "Hillary", mentions=3),
        row("d.txt", "Hillary Rodham Clinton", mentions=2),
        row("e.txt", "Jeb Bush", mentions=10), row("e.txt", "George W. Bush", mentions=8),
        row("f.txt", "Bush", mentions=4),
    ])
    hillary = resolution.lookup("Hillary Clinton")
    for name in ("Clinton", "Hillary", "Hillary Rodham Clinton"):
        assert resolution.lookup(name) is hillary
    assert resolution.lookup("Bill Clinton") is not hillary
    assert resolution.lookup("Bush").name == "Bush"  # neither Bush dominates
