"""Quotes and reported speech on the real seed articles, and the quote-mark scanner alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from augury.analyze.pipeline import Analyzer, load_model
from augury.analyze.quotes import find_stretches, load_cues
from augury.model import Document, Quote

SEEDS = Path(__file__).resolve().parent.parent / "samples" / "seeds"


@pytest.fixture(scope="module")
def seeds(analyzer: Analyzer) -> dict[str, tuple[str, list[Quote]]]:
    """Raw seed text and its quotes, by the seed's number ("000" … "004")."""
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out[path.name[:3]] = text, analyzer.analyze(Document(text=text, source=path.name)).quotes
    return out


def quote_with(quotes: list[Quote], words: str) -> Quote:
    found = [q for q in quotes if words in q.text]
    assert found, f"no quote contains {words!r}"
    return found[0]


def analyze(analyzer: Analyzer, text: str) -> list[Quote]:
    return analyzer.analyze(Document(text=text, source="test")).quotes


@pytest.mark.parametrize(
    ("seed", "words", "speaker", "mention", "cue"),
    [
        ("000", "This doesn't mean that sanctions", "Alexandra Filippenko", "Filippenko", "tell"),
        ("000", "Instead, we can expect", "Alexandra Filippenko", "she", "add"),
        ("000", "Assuming Trump carries out his pledge", "Natasha Kuhrt", "Kuhrt", "tell"),
        ("000", "Biden could try to draw up", "Natasha Kuhrt", "she", "add"),
        ("000", "While it might seem as if", "Natasha Kuhrt", "Kuhrt", "note"),
        ("000", "Trump is accustomed to achieving", "Alexandra Filippenko", "Filippenko", "say"),
        ("000", "Trump will do that if he really", "Alexandra Filippenko", "she", "add"),
        ("000", "How does NATO survive", "Ruth Deyermond", "Ruth Deyermond", "write"),
        ("000", "Many people are rightly saying", "Ruth Deyermond", "she", "add"),
        ("000", "Crises are possible", "Dionis Cenusă", "Cenusă", "write"),
        ("002", "The question is how much Trump", "Dmitry Medvedev", "Medvedev", "state"),
        ("003", "this is an unofficial congratulation", "Sergei Markov", "Sergei Markov", "tell"),
        ("003", "the war will continue", "Sergei Markov", "Markov", "say"),
        ("003", "Probably, the deep state will again", "Sergei Markov", "Markov", "according to"),
        ("003", "Both leaders believe in the value", "Oleg Ignatov", "Ignatov", "say"),
        ("003", "There is a chance because Trump", "Oleg Ignatov", "Ignatov", "conclude"),
        ("004", "I don’t like Assad at all", "Donald Trump", "Mr. Trump", "explain"),
        ("004", "I don’t know Putin, he said nice", "Donald Trump", "Mr. Trump", "respond"),
        ("004", "there should be severe consequences", "Mike Pence", "Mr. Pence", "statements"),
        ("004", "it is phenomenal how", "Dmitry Peskov", "Dmitry Peskov", "say"),
        ("004", "President Putin has never had any", "Dmitry Peskov", "Mr. Peskov", "say"),
    ],
)
def test_direct_quotes_of_the_seeds(seeds, seed, words, speaker, mention, cue) -> None:
    quote = quote_with(seeds[seed][1], words)
    assert (quote.kind, quote.speaker, quote.speaker_mention, quote.cue) == (
        "direct", speaker, mention, cue)


def test_direct_quote_text_is_the_words_inside_the_marks(seeds) -> None:
    quote = quote_with(seeds["000"][1], "Instead, we can expect")
    assert quote.text.startswith("Instead, we can expect")
    assert quote.text.endswith("under Kamala Harris")  # the trailing comma is dropped
    markov = quote_with(seeds["003"][1], "Probably, the deep state")
    assert markov.text == "Probably, the deep state will again not allow Trump to improve ties " \
                          "with Russia."


def test_offsets_slice_the_text_exactly(seeds) -> None:
    for text, quotes in seeds.values():
        assert quotes == sorted(quotes, key=lambda q: (q.start, q.end))
        for q in quotes:
            assert text[q.start:q.end] == q.text
            if q.speaker_mention is not None:
                assert text[q.speaker_start:q.speaker_end] == q.speaker_mention
            else:
                assert q.speaker_start is q.speaker_end is q.speaker is None


def test_partial_quote_is_the_reported_clause(seeds) -> None:
    kuhrt = quote_with(seeds["000"][1], "unlikely at this point in time")
    assert (kuhrt.kind, kuhrt.speaker, kuhrt.cue) == ("partial", "Natasha Kuhrt", "believe")
    assert kuhrt.text.startswith("a “reset” in relations to be “unlikely")
    markov = quote_with(seeds["003"][1], "Putin is waiting")
    assert (markov.kind, markov.speaker, markov.speaker_mention) == (
        "partial", "Sergei Markov", "Markov")
    assert markov.text.endswith("during his first term")


def test_indirect_speech(seeds) -> None:
    quotes = seeds["000"][1]
    said = quote_with(quotes, "coming into office will undoubtedly impact")
    assert (said.kind, said.speaker, said.cue) == ("indirect", "Alexandra Filippenko", "say")
    assert said.text.startswith("Trump's coming into office")  # "that" is left out
    according = quote_with(seeds["003"][1], "expressed his readiness to negotiate")
    assert (according.kind, according.speaker, according.cue) == (
        "indirect", "Sergei Markov", "according to")
    peskov = quote_with(seeds["004"][1], "Trump could go far to rebuild")
    assert (peskov.kind, peskov.speaker, peskov.cue) == ("indirect", "Dmitry Peskov", "suggest")


def test_scare_quotes_and_titles_are_not_speech(seeds) -> None:
    texts = {q.text.strip("“”‘’\"'") for _, quotes in seeds.values() for q in quotes}
    for scare in ("reset", "world’s greatest peacemaker", "pragmatic", "endless wars",
                  "hangers-on", "overload", "growing"):
        assert scare not in texts
    # the nested ‘world’s greatest peacemaker’ stays inside Filippenko's quote
    assert "‘world’s greatest peacemaker’" in quote_with(seeds["000"][1], "laurels").text


def test_a_scare_quote_next_to_an_attribution_is_not_its_speech(seeds) -> None:
    # "It seems that Mr. Trump intends …. In the short term, a Trump-led “reset” may help …"
    assert not any("In the short term" in q.text for q in seeds["004"][1])


def test_commentary_without_quotes_has_no_direct_quotes(seeds) -> None:
    assert [q for q in seeds["001"][1] if q.kind != "indirect"] == []


def test_quote_runs_over_paragraphs_and_goes_on_with_its_speaker(analyzer) -> None:
    text = ("“We will not sign this,” Jane Smith, the union's leader, said on Monday. “The offer "
            "is too low.\n\n“And the members agree with me.”\n\nThe talks resume next week.")
    quotes = analyze(analyzer, text)
    assert [q.text for q in quotes] == [
        "We will not sign this", "The offer is too low.\n\n“And the members agree with me."]
    assert all(q.speaker == "Jane Smith" and q.kind == "direct" for q in quotes)


@pytest.mark.parametrize(
    "text",
    [
        '"We will win this race," said Jane Smith.',
        "''We will win this race,'' Ms. Smith said.",
        "Jane Smith said:\n\n“We will win this race.”",
        "Jane Smith told reporters: “We will win this race.”",
        "“We will win this race.” Jane Smith wrote on Twitter.",
    ],
)
def test_quote_marks_and_frames(analyzer, text: str) -> None:
    quote = quote_with(analyze(analyzer, text), "We will win this race")
    assert quote.kind == "direct"
    assert quote.speaker_mention in ("Jane Smith", "Ms. Smith")
    assert quote.speaker in ("Jane Smith", "Smith")


def test_a_following_sentence_is_not_taken_for_an_attribution(analyzer) -> None:
    text = "“We will win this race.” Jane Smith said the polls were wrong."
    quotes = analyze(analyzer, text)
    assert quote_with(quotes, "We will win").speaker is None
    assert quote_with(quotes, "the polls were wrong").kind == "indirect"


def test_component_alone_in_a_pipeline_without_actors() -> None:
    nlp = load_model()
    nlp.add_pipe("augury_quotes")
    doc = nlp("“Prices will rise,” the minister, Anna Berg, said. Critics doubt it.")
    assert [(q.text, q.speaker, q.cue) for q in doc._.quotes] == [
        ("Prices will rise", "Anna Berg", "say")]


# --- the quote-mark scanner, no model -------------------------------------------------------


def inner(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_stretches(text)]


def test_stretches_of_every_mark_style() -> None:
    assert inner("He said “yes, we can,” and left.") == ["yes, we can"]
    assert inner('He said "no" and "never."') == ["no", "never."]
    assert inner("''It is over,'' he said.") == ["It is over"]
    assert inner("Headline: ‘Good news’ for Russia") == ["Good news"]


def test_apostrophes_and_nested_quotes_are_not_stretches() -> None:
    assert inner("Trump’s plan isn’t the voters’ choice, it's Putin's.") == []
    assert inner("“He called it ‘a reset,’ she said.” Then it ended.") == [
        "He called it ‘a reset,’ she said."]


def test_an_open_paragraph_continues_into_the_next_quoted_one() -> None:
    text = "“First part.\n\n“Second part.”\n\nNot quoted. “Third"
    assert inner(text) == ["First part.\n\n“Second part.", "Third"]


def test_misprinted_closing_mark() -> None:
    assert inner("“Do you want a fascist?“ he asked.") == ["Do you want a fascist?"]


def test_cue_file_sections() -> None:
    cues = load_cues()
    assert {"say", "tell", "add", "note", "write", "believe"} <= cues.verbs
    assert ("according", "to") in cues.phrases
    assert "statement" in cues.nouns and "call" in cues.objects and "spokesman" in cues.people
