"""Speaker resolution: names, pronouns and descriptions, on the seeds and on hand-made text."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from augury.analyze.pipeline import Analyzer
from augury.analyze.speakers import SpeakerResolver, mention_span
from augury.model import Document, Quote

SEEDS = Path(__file__).resolve().parent.parent / "samples" / "seeds"


@pytest.fixture(scope="module")
def seeds(analyzer: Analyzer) -> dict[str, list[Quote]]:
    return {
        p.name[:3]: analyzer.analyze(Document(text=p.read_text(encoding="utf-8"),
                                              source=p.name)).quotes
        for p in sorted(SEEDS.glob("*.txt"))
    }


@pytest.fixture(scope="module")
def nlp(analyzer: Analyzer) -> Language:
    return analyzer.nlp


def speaker_of(quotes: list[Quote], words: str) -> tuple[str | None, str | None]:
    quote = next(q for q in quotes if words in q.text)
    return quote.speaker_mention, quote.speaker


@pytest.mark.parametrize(
    ("seed", "words", "mention", "speaker"),
    [
        ("000", "Instead, we can expect", "she", "Alexandra Filippenko"),
        ("000", "Biden could try to draw up", "she", "Natasha Kuhrt"),
        ("000", "Trump will do that if he really", "she", "Alexandra Filippenko"),
        ("000", "Many people are rightly saying", "she", "Ruth Deyermond"),
        ("003", "Alleged Zelenskyy-Biden ties", "he", "Sergei Markov"),
        ("003", "Trump does not want Russia to get aligned", "he", "Sergei Markov"),
        ("003", "First of all, Trump said many times", "he", "Sergei Markov"),
        ("004", "China controls North Korea", "he", "Donald Trump"),
    ],
)
def test_pronouns_resolve_to_the_last_fitting_speaker(seeds, seed, words, mention, speaker):
    assert speaker_of(seeds[seed], words) == (mention, speaker)


def test_a_description_resolves_to_the_person_introduced_with_it(seeds) -> None:
    # "Russian President Vladimir Putin" earlier; "…, the Russian president said while in Sochi."
    assert speaker_of(seeds["003"], "Western leaders are not ready") == (
        "the Russian president", "Vladimir Putin")


@pytest.mark.parametrize(
    ("seed", "words", "mention", "speaker"),
    [
        ("000", "Assuming Trump carries out", "Kuhrt", "Natasha Kuhrt"),
        ("000", "Crises are possible", "Cenusă", "Dionis Cenusă"),
        ("003", "There is a chance because Trump", "Ignatov", "Oleg Ignatov"),
        ("004", "President Putin has never had any", "Mr. Peskov", "Dmitry Peskov"),
        ("004", "I don’t like Assad at all", "Mr. Trump", "Donald Trump"),
    ],
)
def test_surnames_resolve_to_full_names(seeds, seed, words, mention, speaker) -> None:
    assert speaker_of(seeds[seed], words) == (mention, speaker)


def test_unnamed_sources_are_groups_as_written(seeds) -> None:
    assert speaker_of(seeds["002"], "reaching a peace deal in Ukraine") == ("experts", "experts")
    assert speaker_of(seeds["004"], "Russian government experts had established") == (
        "Russian officials", "Russian officials")


def test_a_pronoun_never_takes_a_speaker_of_the_other_sex(analyzer: Analyzer) -> None:
    text = ("Mr. John Harper spoke first. “We will win this,” Mr. Harper said.\n\n"
            "“We will lose nothing,” she added.")
    quotes = analyzer.analyze(Document(text=text, source="t")).quotes
    assert speaker_of(quotes, "We will win this") == ("Mr. Harper", "John Harper")
    assert speaker_of(quotes, "We will lose nothing") == ("she", None)


def test_the_leader_is_the_president_but_not_the_former_one(nlp: Language) -> None:
    doc = nlp("Russian President Vladimir Putin met Former Russian President Dmitry Medvedev. "
              "The Russian leader said little. The former Russian president spoke.")
    resolver = SpeakerResolver(doc)
    leader = doc.char_span(doc.text.index("The Russian leader"), doc.text.index(" said little"))
    former = doc.char_span(doc.text.index("The former"), doc.text.index(" spoke."))
    assert resolver.resolve(leader).name == "Vladimir Putin"
    assert resolver.resolve(former).name == "Dmitry Medvedev"


def test_mention_is_the_name_not_the_apposition(nlp: Language) -> None:
    doc = nlp("Kremlin spokesman Dmitry Peskov said it. Mr. Trump said it too. "
              "Sergei Markov, a Russian political scientist, tells TRT World.")
    chunks = {t.i: c for c in doc.noun_chunks for t in c}
    assert mention_span(doc[3], chunks.get(3)).text == "Dmitry Peskov"
    assert mention_span(doc[8], chunks.get(8)).text == "Mr. Trump"
    markov = next(t for t in doc if t.text == "Markov")
    assert mention_span(markov, chunks.get(markov.i)).text == "Sergei Markov"
