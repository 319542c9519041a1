"""Long and pathological documents: analysed in pieces with offsets kept, within a time and a
memory budget,
and never a traceback. Inputs are built from the seed articles at test time; timings belong to
bench/robustness.py, not here."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span
from typer.testing import CliRunner

from augury.analyze.doctext import ents_in, paragraph_at, text_of
from augury.analyze.pieces import merge_actors, split_text
from augury.analyze.pipeline import Analyzer
from augury.analyze.quotes.marks import find_stretches
from augury.cli import EXIT_SKIPPED, app
from augury.errors import TooMuchMemory, TooSlow
from augury.ingest.clean import clean_text
from augury.model import Actor, Analysis, Document, Role
from augury.store import Store

runner = CliRunner()
SEEDS = sorted((Path(__file__).resolve().parent.parent / "samples" / "seeds").glob("*.txt"))


def cleaned_seeds() -> list[str]:
    return [clean_text(p.read_text(encoding="utf-8")).strip() for p in SEEDS]


def numbered_copies(chars: int) -> str:
    """The seeds over and over to `chars`. Each copy's lines end with its number: ingest drops a
    line it has seen before as a repeated caption, so plain repetition would shrink to one copy."""
    base = "\n\n".join(cleaned_seeds())
    copies = math.ceil(chars / len(base))
    return "\n\n".join(
        "\n".join(f"{line} ({k})" if line.strip() else line for line in base.split("\n"))
        for k in range(1, copies + 1))


def quote_marks(marks: int = 20_000) -> str:
    """Seed words with `marks` quotation marks among them: “word” and "word."""
    out, count = [], 0
    for k, word in enumerate(" ".join(cleaned_seeds()).split() * 20):
        if count >= marks and k % 4 == 0:
            break
        if k % 4 != 3 and count < marks:
            word = f"“{word}”" if k % 2 == 0 else f'"{word}'
            count += 2 if k % 2 == 0 else 1
        out.append(word)
    return " ".join(out)


def run_on(words: int = 100_000) -> str:
    """Seed words with no sentence end and no line break."""
    plain = [w.strip(".?!;:") for w in " ".join(cleaned_seeds()).split()]
    plain = [w for w in plain if w]
    return " ".join((plain * (words // len(plain) + 1))[:words])


def assert_spans_point_into(text: str, analysis: Analysis) -> None:
    """Every stored span is the text it claims to be, at its place in the document."""
    for q in analysis.quotes:
        assert text[q.start:q.end] == q.text, q
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_mention, q
    for f in analysis.forecasts:
        assert text[f.start:f.end] == f.text, f
        if f.condition_start is not None and f.condition and not f.condition.startswith("not ("):
            assert text[f.condition_start:f.condition_end] == f.condition, f
    for e in analysis.entities:
        assert text[e.start:e.end] == e.text, e
    for actor in analysis.actors:
        for role in actor.roles:
            assert text[role.start:role.end] == role.text, role


# -- what rules read of a Doc, read once


def test_text_paragraphs_and_entities_read_once_match_spacy() -> None:
    text = "Putin spoke.\n\n\nBiden answered in Kyiv.\n\nThen Zelensky, of Ukraine, said no.\n"
    doc = spacy.blank("en")(text)
    doc.ents = [Span(doc, 0, 1, "PERSON"), Span(doc, 4, 5, "PERSON"), Span(doc, 7, 8, "GPE"),
                Span(doc, 11, 12, "PERSON"), Span(doc, 14, 15, "GPE")]
    assert text_of(doc) == doc.text
    assert [paragraph_at(doc, i) for i in range(len(text) + 1)] == [
        text.count("\n\n", 0, i) for i in range(len(text) + 1)]
    for start in range(len(doc)):
        for end in range(start, len(doc) + 1):
            assert ents_in(doc[start:end]) == list(doc[start:end].ents), (start, end)


# -- cutting a text into pieces


@pytest.mark.parametrize("limit", [500, 4_000, 20_000])
def test_pieces_cover_the_text_in_order_each_within_the_limit(limit: int) -> None:
    text = numbered_copies(60_000)
    pieces = split_text(text, limit)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    assert all(0 < end - start <= limit for start, end in pieces)


def test_pieces_end_at_paragraph_breaks_when_there_are_any() -> None:
    text = numbered_copies(60_000)
    for start, end in split_text(text, 10_000)[:-1]:
        assert text[start:end].endswith("\n\n")


def test_a_text_without_paragraphs_or_sentence_ends_is_cut_between_words() -> None:
    text = run_on(20_000)
    pieces = split_text(text, 10_000)
    assert len(pieces) > 10
    for start, end in pieces[:-1]:
        assert end - start <= 10_000
        assert text[end - 1] == " " and text[end] != " "


def test_a_text_without_any_space_is_cut_at_the_limit() -> None:
    assert split_text("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


def test_a_short_text_is_one_piece() -> None:
    text = cleaned_seeds()[0]
    assert split_text(text, 100_000) == [(0, len(text))]


# -- merging the analyses of pieces


def test_actors_of_pieces_merge_by_name_and_surname() -> None:
    putin = Actor("Vladimir Putin", "person", ["Putin"], 3,
                  [Role("Russian President", 10, 27)])
    later = Actor("Vladimir Putin", "person", ["Mr. Putin"], 2,
                  [Role("Russian President", 900, 917), Role("former spy", 950, 960)])
    alone = Actor("Putin", "organisation", [], 1)
    moscow = Actor("Moscow", "place", [], 4)
    merged = merge_actors([putin, moscow, later, alone])
    assert [a.name for a in merged] == ["Vladimir Putin", "Moscow"]
    person = merged[0]
    assert person.kind == "person" and person.mentions == 6
    assert person.aliases == ["Mr. Putin", "Putin"]
    assert [(r.text, r.start) for r in person.roles] == [("Russian President", 10),
                                                         ("former spy", 950)]


def test_pieces_aligned_with_articles_find_what_each_article_alone_does(
        analyzer: Analyzer) -> None:
    first, second = cleaned_seeds()[4], cleaned_seeds()[2]
    text = first + "\n\n" + second
    in_pieces = Analyzer(nlp=analyzer.nlp, piece_chars=len(first) + 2)
    assert len(split_text(text, in_pieces.piece_chars)) == 2
    whole = in_pieces.analyze(Document(text=text, source="two.txt"))
    alone = [analyzer.analyze(Document(text=first + "\n\n", source="two.txt")),
             analyzer.analyze(Document(text=second, source="two.txt"))]
    shift = len(first) + 2
    expected = [(q.start, q.end, q.kind, q.speaker) for q in alone[0].quotes] + [
        (q.start + shift, q.end + shift, q.kind, q.speaker) for q in alone[1].quotes]
    assert [(q.start, q.end, q.kind, q.speaker) for q in whole.quotes] == expected
    assert len(whole.forecasts) == len(alone[0].forecasts) + len(alone[1].forecasts)
    assert_spans_point_into(text, whole)


def test_every_span_of_a_document_in_small_pieces_points_into_its_text(
        analyzer: Analyzer) -> None:
    text = "\n\n".join(cleaned_seeds())
    analysis = Analyzer(nlp=analyzer.nlp, piece_chars=3_000).analyze(
        Document(text=text, source="all.txt", author="Jane Doe"))
    assert len(analysis.quotes) > 20 and len(analysis.forecasts) > 20
    assert_spans_point_into(text, analysis)


# -- pathological texts


def test_twenty_thousand_quotation_marks_are_paired_and_analysed(analyzer: Analyzer) -> None:
    text = quote_marks(20_000)
    assert sum(text.count(mark) for mark in "“”\"") >= 20_000
    assert len(find_stretches(text)) > 6_000
    unbounded = Analyzer(nlp=analyzer.nlp, seconds=math.inf)
    assert_spans_point_into(text, unbounded.analyze(Document(text=text, source="marks.txt")))


# -- through the command


def test_a_document_over_the_models_limit_is_stored_with_the_rest_of_its_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUGURY_DOC_SECONDS", "3600")  # about length here, not time
    batch = tmp_path / "batch"
    batch.mkdir()
    long = numbered_copies(1_050_000)
    assert len(long) > 1_000_000 and clean_text(long) == long
    (batch / "long.txt").write_text(long, encoding="utf-8")
    for seed in SEEDS[:2]:
        (batch / seed.name).write_bytes(seed.read_bytes())
    db = tmp_path / "long.db"
    result = runner.invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.exception is None and "Traceback" not in result.output
    with Store(db) as store:
        stored = {document.source: (doc_id, document) for doc_id, document in store.documents()}
        assert sorted(stored) == sorted(["long.txt", SEEDS[0].name, SEEDS[1].name])
        doc_id, document = stored["long.txt"]
        assert document.text == long
        analysis = store.analysis(doc_id)
    assert max(q.end for q in analysis.quotes) > 900_000
    assert_spans_point_into(long, analysis)


def test_a_document_over_the_time_budget_is_skipped_with_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUGURY_DOC_SECONDS", "0.000001")
    db = tmp_path / "budget.db"
    result = runner.invoke(app, ["ingest", str(SEEDS[0]), str(SEEDS[1]), "--db", str(db)])
    assert result.exit_code == EXIT_SKIPPED, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    for seed, line in zip(SEEDS[:2], lines, strict=True):
        assert re.fullmatch(rf"augury: skipped {re.escape(seed.name)}: analysis took longer "
                            r"than 1e-06 s \(setting AUGURY_DOC_SECONDS\)", line), line
    assert "stored 0 new documents" in result.stdout and "2 skipped" in result.stdout


def test_a_document_over_the_budget_does_not_stop_the_next(analyzer: Analyzer) -> None:
    documents = [Document(text=t, source=f"{k}.txt") for k, t in enumerate(cleaned_seeds()[:2])]
    outcomes = list(Analyzer(nlp=analyzer.nlp, seconds=1e-9).attempt_many(documents))
    assert [type(o) for _, o in outcomes] == [TooSlow, TooSlow]
    with pytest.raises(TooSlow):
        Analyzer(nlp=analyzer.nlp, seconds=1e-9).analyze(documents[0])
    outcomes = list(Analyzer(nlp=analyzer.nlp, seconds=3600).attempt_many(documents))
    assert all(isinstance(o, Analysis) for _, o in outcomes)


def test_a_document_over_the_memory_budget_is_skipped_and_the_next_goes_on(
        analyzer: Analyzer) -> None:
    # A budget below nothing is spent at the first reading, however much memory this long-lived
    # test process already holds; how much a parse takes is measured in a fresh process below.
    long = Document(text=numbered_copies(300_000), source="long.txt")
    short = Document(text=cleaned_seeds()[0], source="short.txt")
    spent = Analyzer(nlp=analyzer.nlp, seconds=3600, megabytes=-1)
    outcomes = list(spent.attempt_many([long, short]))
    assert [type(o) for _, o in outcomes] == [TooMuchMemory, TooMuchMemory]
    with pytest.raises(TooMuchMemory):
        spent.analyze(long)
    roomy = Analyzer(nlp=analyzer.nlp, seconds=3600)
    assert all(isinstance(o, Analysis) for _, o in roomy.attempt_many([long, short]))


def test_the_memory_budget_skips_one_line_per_document_through_the_command(
        tmp_path: Path) -> None:
    # In a fresh process, a parse of 300,000 characters (three pieces) takes tens of MiB of
    # token arrays: far past a budget of 1 MiB, far under the default's 1024.
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "long.txt").write_text(numbered_copies(300_000), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "augury", "ingest", str(batch), "--db", str(tmp_path / "m.db")],
        capture_output=True, text=True, env={**os.environ, "AUGURY_DOC_MEGABYTES": "1"},
        check=False)
    assert result.returncode == EXIT_SKIPPED, result.stderr
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        "augury: skipped long.txt: analysis took more than 1 MiB of memory (setting "
        "AUGURY_DOC_MEGABYTES)"]
    with Store(tmp_path / "m.db") as store:
        assert store.documents() == []


@pytest.mark.parametrize("var, value", [("AUGURY_DOC_SECONDS", "soon"),
                                        ("AUGURY_DOC_SECONDS", "0"),
                                        ("AUGURY_DOC_MEGABYTES", "-1"),
                                        ("AUGURY_PIECE_CHARS", "-5")])
def test_a_bad_limit_setting_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         var: str, value: str) -> None:
    monkeypatch.setenv(var, value)
    result = runner.invoke(app, ["ingest", str(SEEDS[0]), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"augury: {var} must be a positive " + (
        "whole number" if var == "AUGURY_PIECE_CHARS" else "number") + f", not {value!r}"
