"""Per-document actors: mentions of one person grouped, different people kept apart."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import Span

from augury.analyze.actors import ActorIndex, group_entities
from augury.analyze.pipeline import Analyzer
from augury.model import Actor, Document
from augury.names import normalize as normalize_name


def actors_of(analyzer: Analyzer, path: Path) -> dict[str, Actor]:
    document = Document(text=path.read_text(encoding="utf-8"), source=path.name)
    return {a.name: a for a in analyzer.analyze(document).actors}


def test_surname_and_full_name_are_one_person(analyzer: Analyzer, seed_paths: list[Path]) -> None:
    actors = actors_of(analyzer, seed_paths[4])
    putin = actors["Vladimir Putin"]
    assert putin.kind == "person"
    assert "Putin" in putin.aliases
    assert "Putin" not in actors and "Trump" not in actors
    assert actors["Donald Trump"].mentions > 20


def test_people_sharing_a_surname_stay_apart(analyzer: Analyzer, seed_paths: list[Path]) -> None:
    actors = actors_of(analyzer, seed_paths[3])
    assert "Joe Biden" in actors and "Hunter Biden" in actors
    assert "Biden" not in actors["Joe Biden"].aliases
    assert "Biden" not in actors["Hunter Biden"].aliases


def test_component_alone_on_a_hand_made_doc() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Natasha Kuhrt spoke . Kuhrt said Trump and Donald Trump met Kuhrt .")
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 4, 5, "PERSON"), Span(doc, 6, 7, "ORG"),
                Span(doc, 8, 10, "PERSON"), Span(doc, 11, 12, "PERSON")]
    actors = {a.name: a for a in group_entities(list(doc.ents))}
    assert set(actors) == {"Natasha Kuhrt", "Donald Trump"}
    assert actors["Natasha Kuhrt"].mentions == 3
    assert actors["Donald Trump"].kind == "person"
    index = ActorIndex(list(actors.values()))
    assert index.lookup("Mr. Trump’s") is actors["Donald Trump"]
    assert index.lookup("Kuhrt") is actors["Natasha Kuhrt"]
    assert index.lookup("she") is None


def test_normalize_name_strips_titles_only_for_people() -> None:
    assert normalize_name("Senior Fellow Ian Hill") == "Ian Hill"
    assert normalize_name("Mr. Putin’s") == "Putin"
    assert normalize_name("General Motors", person=False) == "General Motors"


def test_roles_come_with_their_source_span(analyzer: Analyzer, seed_paths: list[Path]) -> None:
    text = seed_paths[0].read_text(encoding="utf-8")
    actors = {a.name: a for a in analyzer.analyze(Document(text=text, source="x")).actors}
    kuhrt = actors["Natasha Kuhrt"].roles
    assert any(r.text.startswith("specialist in Russian foreign policy and senior lecturer")
               and r.affiliation == "King's College London" for r in kuhrt)
    assert "American politics expert" in {r.text for r in actors["Alexandra Filippenko"].roles}
    for actor in actors.values():
        for role in actor.roles:
            assert text[role.start:role.end] == role.text


def test_a_misparsed_apposition_is_not_a_role(analyzer: Analyzer, seed_paths: list[Path]) -> None:
    text = seed_paths[1].read_text(encoding="utf-8")
    actors = {a.name: a for a in analyzer.analyze(Document(text=text, source="x")).actors}
    roles = {r.text for r in actors["Benjamin Netanyahu"].roles}
    assert roles == {"Prime Minister"}


def test_a_capital_as_actor_is_its_government_and_as_location_a_place(
    analyzer: Analyzer, seed_paths: list[Path]
) -> None:
    actors = actors_of(analyzer, seed_paths[3])
    russia_gov = actors["Russian government"]
    assert russia_gov.kind == "government"
    assert {"Kremlin", "Moscow"} <= set(russia_gov.aliases)
    assert actors["Moscow"].kind == "place"  # "a Moscow-based Russian think tank"
    assert actors["Sochi"].kind == "place"
    assert actors["Russia"].kind == "country"
    assert actors["United States"].kind == "country" and "US" in actors["United States"].aliases


def test_places_the_model_took_for_people_or_organisations_are_places(
    analyzer: Analyzer, seed_paths: list[Path]
) -> None:
    # "the four regions of Ukraine it has already annexed (Donetsk, Luhansk, Zaporizihya and
    # Kherson, plus Crimea)": the model tags Kherson a person, Crimea an organisation
    actors = actors_of(analyzer, seed_paths[1])
    assert actors["Kherson"].kind == "place"
    assert actors["Crimea"].kind == "place"
    assert actors["Kyiv"].kind == "place"  # "on terms palatable to Kyiv"
    assert "Notwithstanding" not in actors  # "Notwithstanding cool personal relations …"
    for seed in (seed_paths[2], seed_paths[4]):  # "including Crimea", "Russia annexed Crimea"
        assert actors_of(analyzer, seed)["Crimea"].kind == "place"


def test_a_capital_the_model_took_for_a_person_is_its_government_or_a_place(
    analyzer: Analyzer, seed_paths: list[Path]
) -> None:
    actors = actors_of(analyzer, seed_paths[3])  # "Washington has backed Kiev"
    assert "Kiev" in actors["Ukrainian government"].aliases
    assert actors["Kiev"].kind == "place"  # "military aid to Kiev"
    actors = actors_of(analyzer, seed_paths[0])  # "pressuring Kyiv to cede the annexed …"
    assert "Kyiv" in actors["Ukrainian government"].aliases
    assert actors["Ukrainian"].kind == "group"  # "the annexed Ukrainian territories"


def kinds(analyzer: Analyzer, text: str) -> dict[str, str]:
    return {a.name: a.kind for a in analyzer.analyze(Document(text=text, source="x")).actors}


def test_a_place_name_is_a_place_where_the_article_places_it(analyzer: Analyzer) -> None:
    # the model tags both "Kherson" a person, and "Crimea" an organisation
    assert kinds(analyzer, "Russian troops shelled Kherson again on Monday. Ukraine said the "
                 "attacks on Kherson killed three civilians.")["Kherson"] == "place"
    assert kinds(analyzer, "Ukraine wants Crimea back. Russia annexed Crimea in 2014 and has "
                 "held Crimea since.")["Crimea"] == "place"


def test_a_person_named_like_a_place_stays_a_person(analyzer: Analyzer) -> None:
    # Warren and Jackson are cities of the states these articles name; the article shows people
    assert kinds(analyzer, "Voters in Michigan are split. Warren told reporters the plant "
                 "should stay open, and Warren repeated it on Friday.")["Warren"] == "person"
    assert kinds(analyzer, "Mississippi lawmakers met on Monday. Sen. Jackson wants the bill "
                 "passed, and Jackson expects a vote soon.")["Jackson"] == "person"
    assert kinds(analyzer, "Lincoln was in a hurry. Lincoln knew Nebraska would vote for "
                 "him.")["Lincoln"] != "place"
