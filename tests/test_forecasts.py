"""The forecasts component: alone on hand-made Docs, then in the full pipeline on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from augury.analyze.actors import ActorFinder
from augury.analyze.forecasts import ForecastFinder
from augury.analyze.pipeline import Analyzer, load_model
from augury.model import Analysis, Document, Forecast, Quote, QuoteKind

SEEDS = Path(__file__).resolve().parent.parent / "samples" / "seeds"
# Author and date as the ingest stage recovers them ("Moscow Times Reporter" is no person).
SEED_META = {
    "000": (None, "2024-11-06"),
    "001": ("Ian Hill", "2024-11-15"),
    "002": (None, None),
    "003": (None, None),
    "004": ("Maia Otarashvili", None),
}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


def forecasts(
    nlp: Language,
    text: str,
    author: str | None = None,
    date: str | None = None,
    quotes: tuple[tuple[str, str | None, QuoteKind], ...] = (),
) -> list[Forecast]:
    """Run the component alone on a parsed text, with hand-set quotes (content, speaker, kind)."""
    doc: Doc = nlp(text)
    doc._.augury_document = Document(text=text, source="test", author=author, date=date)
    doc._.quotes = [
        Quote(content, text.index(content), text.index(content) + len(content), kind, speaker)
        for content, speaker, kind in quotes
    ]
    ActorFinder()(doc)
    found = ForecastFinder()(doc)._.forecasts
    assert [f.start for f in found] == sorted(f.start for f in found)
    assert all(f.text == text[f.start : f.end] for f in found)
    return found


def only(found: list[Forecast]) -> Forecast:
    assert len(found) == 1, found
    return found[0]


def test_holder_is_the_author_outside_quotes(nlp: Language) -> None:
    text = "Russia will demand full control of the four regions."
    f = only(forecasts(nlp, text, author="Ian Hill"))
    assert (f.holder, f.hedge, f.probability, f.kind) == ("Ian Hill", "will", 0.9, "forecast")
    assert f.text == "Russia will demand full control of the four regions"


def test_holder_is_the_speaker_inside_a_quote(nlp: Language) -> None:
    content = "Crises are possible if personalized relations with Putin resume."
    text = f"“{content}” Cenusă wrote on X."
    f = only(
        forecasts(nlp, text, author="Someone Else", quotes=((content, "Dionis Cenusă", "direct"),))
    )
    assert (f.holder, f.hedge, f.probability) == ("Dionis Cenusă", "possible", 0.5)
    assert f.text == content.rstrip(".")
    assert f.conditional


def test_unknown_speaker_is_no_holder(nlp: Language) -> None:
    content = "the war will continue"
    text = f"Otherwise, “{content},” says a man."
    f = only(forecasts(nlp, text, author="Ian Hill", quotes=((content, None, "direct"),)))
    assert f.holder is None
    assert f.conditional  # "Otherwise" outside the quote still makes it conditional


def test_indirect_quote_without_speaker_is_the_authors(nlp: Language) -> None:
    content = "Russia may be able to forge a special relationship with Mr. Trump's administration"
    text = f"So far the existing evidence tells us that {content}."
    quotes = ((content, None, "indirect"),)
    f = only(forecasts(nlp, text, author="Maia Otarashvili", quotes=quotes))
    assert (f.holder, f.text) == ("Maia Otarashvili", content)


def test_the_pledger_holds_a_reported_pledge(nlp: Language) -> None:
    content = "Putin also expressed his readiness to negotiate a peace deal with Trump"
    text = f"{content}, according to Markov."
    f = only(forecasts(nlp, text, quotes=((content, "Sergei Markov", "indirect"),)))
    assert (f.kind, f.holder, f.hedge, f.probability) == ("pledge", "Putin", "readiness", 0.7)


def test_coordinated_clauses_are_separate_forecasts(nlp: Language) -> None:
    text = (
        "Moscow will certainly take advantage of this, yet won't go out on a limb for Iran "
        "in the event of an Israeli attack."
    )
    first, second = forecasts(nlp, text)
    assert (first.text, first.hedge, first.probability, first.conditional) == (
        "Moscow will certainly take advantage of this",
        "will certainly",
        0.97,
        False,
    )
    assert (second.hedge, second.probability, second.conditional) == ("won't", 0.1, True)


@pytest.mark.parametrize(
    ("text", "hedge", "p"),
    [
        ("Probably, the deep state will again not allow it.", "Probably will not", 0.25),
        ("Congress is unlikely to support preferential treatment.", "unlikely", 0.2),
        ("We can expect that the process of mending relations will commence.", "can expect", 0.8),
        ("A thawing of the freeze should be expected.", "should be expected", 0.8),
        ("There is a chance because Trump is very different from Biden.", "a chance", 0.4),
        ("It shows that Mr. Putin is going to demand to be taken seriously.", "going to", 0.9),
        ("This may not be impossible.", "may not impossible", 0.3),
        ("Yet it's hard to see Trump providing such guarantees.", "hard to see", 0.2),
    ],
)
def test_hedges_of_forecasts(nlp: Language, text: str, hedge: str, p: float) -> None:
    f = only(forecasts(nlp, text))
    assert (f.hedge, f.probability) == (hedge, p)


@pytest.mark.parametrize(
    "text",
    [
        "Should Mr. Trump carry out all of his promises, relations with Moscow will shift.",
        "Assuming Trump carries out his pledge, his victory would be a disaster for Ukraine.",
        "If Putin agrees to negotiations, Moscow will take a tough stance.",
        "Russia won't stay neutral unless it is attacked.",
    ],
)
def test_conditional(nlp: Language, text: str) -> None:
    assert only(forecasts(nlp, text)).conditional


def test_not_conditional(nlp: Language) -> None:
    text = "Eastern Europe, if not NATO, will be used as a bargaining chip."
    assert not only(forecasts(nlp, text)).conditional


@pytest.mark.parametrize(
    "text",
    [
        "Will there be a fresh start?",  # a question as heading
        "The next administration needs to be tough on Russia.",  # a recommendation
        "There should be severe consequences to Russia.",  # deontic "should"
        "Exactly how he would do this remains unclear.",  # an embedded question
        "They sent mixed messages on what the policy will look like.",
        "He would have won the election if he had campaigned.",  # a past counterfactual
        "Russians hope that Trump will change the US approach.",  # a wish
        "Kyiv rejected any arrangement that would legitimize Russia's gains.",  # restrictive
        "While it might seem as if their views align, Trump is unpredictable.",  # concession
        "Moscow probably finds this difficult to deal with.",  # present, not future
        "Your email address will not be published.",  # addressed to the reader
        "He viewed the victory as a unique chance to rebuild ties.",  # "chance" as opportunity
        "If we got along well, that would be good.",  # a hypothetical, not a forecast
        "Russia can afford a long war.",  # ability without a time frame
        "In Mr. Trump's seven point plan to rebuild the economy China occupies three spots.",
    ],
)
def test_not_forecasts(nlp: Language, text: str) -> None:
    assert forecasts(nlp, text) == []


def test_pledge_by_reported_would(nlp: Language) -> None:
    text = "On the campaign trail, Donald Trump declared he would end the war within 24 hours."
    f = only(forecasts(nlp, text, author="Ian Hill", date="2024-11-15"))
    assert (f.kind, f.holder, f.hedge, f.horizon) == (
        "pledge",
        "Donald Trump",
        "would",
        "2024-11-16",
    )


def test_pledge_verb(nlp: Language) -> None:
    text = "Trump has pledged to quickly end the war in Ukraine if elected."
    f = only(forecasts(nlp, text))
    assert (f.kind, f.holder, f.hedge, f.probability, f.conditional) == (
        "pledge",
        "Trump",
        "pledged",
        0.9,
        True,
    )


def test_pledge_noun(nlp: Language) -> None:
    text = "A key component of Donald Trump's platform was his promise to quickly end the war."
    f = only(forecasts(nlp, text, author="Someone Else"))
    assert (f.kind, f.holder, f.hedge) == ("pledge", "Donald Trump", "promise")


def test_claimed_ability_with_a_time_frame_is_a_pledge(nlp: Language) -> None:
    text = "Donald Trump believes that he can finish the Ukraine war in 24 hours."
    f = only(forecasts(nlp, text))
    assert (f.kind, f.holder, f.hedge, f.probability) == ("pledge", "Donald Trump", "can", 0.5)


def test_reported_prediction_is_the_predictors(nlp: Language) -> None:
    text = (
        "It was voiced by analyst Dionis Cenusă, who forecasted new ups and downs in the dialogue."
    )
    f = only(forecasts(nlp, text, author="Moscow Times Reporter"))
    assert (f.kind, f.holder, f.hedge, f.probability) == (
        "forecast",
        "Dionis Cenusă",
        "forecasted",
        0.8,
    )


def test_only_relative_clauses_of_a_question_count(nlp: Language) -> None:
    text = (
        "Thus in a world where most of Russia's allies are bound to face difficulties with "
        "the United States, will Russia be able to execute a reset of relations?"
    )
    f = only(forecasts(nlp, text))
    assert (f.hedge, f.probability) == ("bound to", 0.95)
    assert f.text.endswith("are bound to face difficulties with the United States")


def test_a_content_clause_is_no_relative_clause(nlp: Language) -> None:
    text = "It reflects a broad sentiment in Moscow that Trump could be more amenable to Russia."
    assert only(forecasts(nlp, text)).hedge == "could"


def test_what_others_will_do_is_no_pledge(nlp: Language) -> None:
    text = "Mr. Putin said that the road to reconciliation would be difficult."
    f = only(forecasts(nlp, text, author="Maia Otarashvili"))
    assert (f.kind, f.holder) == ("forecast", "Maia Otarashvili")


def test_horizon_reads_the_article_date(nlp: Language) -> None:
    text = "Over the coming months, Russia will intensify its efforts."
    assert only(forecasts(nlp, text, date="2024-11-15")).horizon == "2025-02-15"
    assert only(forecasts(nlp, text)).horizon is None


# End to end: the full pipeline on the real seed articles.


@pytest.fixture(scope="module")
def seeds(analyzer: Analyzer) -> dict[str, Analysis]:
    documents = []
    for path in sorted(SEEDS.glob("*.txt")):
        author, date = SEED_META[path.name[:3]]
        text = path.read_text(encoding="utf-8")
        documents.append(Document(text=text, source=path.name, author=author, date=date))
    return {d.source[:3]: a for d, a in analyzer.analyze_many(documents)}


def find(analysis: Analysis, phrase: str) -> Forecast:
    """The forecast whose claim holds a phrase."""
    found = [f for f in analysis.forecasts if phrase in f.text]
    assert found, f"no forecast holds {phrase!r}"
    return found[0]


def test_seed_offsets(seeds: dict[str, Analysis], seed_paths: list[Path]) -> None:
    for path in seed_paths:
        text = path.read_text(encoding="utf-8")
        found = seeds[path.name[:3]].forecasts
        assert found and all(f.text == text[f.start : f.end] for f in found)
        assert [f.start for f in found] == sorted(f.start for f in found)


def test_seed_000_experts(seeds: dict[str, Analysis]) -> None:
    a = seeds["000"]
    f = find(a, "mending bilateral relations will commence")
    assert (f.holder, f.hedge, f.probability) == ("Alexandra Filippenko", "can expect", 0.8)
    f = find(a, "that shouldn't be expected")
    assert (f.holder, f.probability) == ("Alexandra Filippenko", 0.2)
    f = find(a, "unlikely at this point in time")
    assert (f.holder, f.hedge, f.probability) == ("Natasha Kuhrt", "unlikely", 0.2)
    f = find(a, "his victory would be a disaster for Ukraine")
    assert (f.holder, f.conditional) == ("Natasha Kuhrt", True)
    f = find(a, "Crises are possible")
    assert (f.holder, f.probability, f.conditional) == ("Dionis Cenusă", 0.5, True)
    f = find(a, "is likely to remain more on its own")
    assert (f.holder, f.probability) == ("Dionis Cenusă", 0.7)
    f = find(a, "Trump has pledged to quickly end the war")
    assert (f.kind, f.holder, f.conditional) == ("pledge", "Donald Trump", True)
    f = find(a, "forecasted new ups and downs in transatlantic dialogue")
    assert f.holder == "Dionis Cenusă"
    assert not [f for f in a.forecasts if "fresh start" in f.text or "Reshape" in f.text]


def test_seed_001_author(seeds: dict[str, Analysis]) -> None:
    a = seeds["001"]
    f = find(a, "confrontation will not go away under a new Trump administration")
    assert (f.holder, f.probability) == ("Ian Hill", 0.1)
    f = find(a, "the Kremlin will welcome Trump’s return")
    assert (f.holder, f.probability) == ("Ian Hill", 0.9)
    f = find(a, "Russia will demand full control of the four regions")
    assert (f.holder, f.probability) == ("Ian Hill", 0.9)
    f = find(a, "over the coming months, Russia will intensify")
    assert (f.holder, f.horizon) == ("Ian Hill", "2025-02-15")
    f = find(a, "it’s unlikely to be on terms palatable to Kyiv")
    assert (f.holder, f.probability) == ("Ian Hill", 0.2)
    f = find(a, "he would end the war within 24 hours")
    assert (f.kind, f.holder, f.horizon) == ("pledge", "Donald Trump", "2024-11-16")
    f = find(a, "Russia–US confrontation won’t go away")
    assert (f.holder, f.probability, f.horizon) == ("Ian Hill", 0.1, "2028-11-15")
    f = find(a, "won’t go out on a limb for Iran")
    assert (f.probability, f.conditional) == (0.1, True)


def test_seed_002_pledges(seeds: dict[str, Analysis]) -> None:
    a = seeds["002"]
    for phrase in ("his promise to quickly resolve", "stated commitment to end US involvement"):
        f = find(a, phrase)
        assert (f.kind, f.holder) == ("pledge", "Donald Trump")


def test_seed_003_experts(seeds: dict[str, Analysis]) -> None:
    a = seeds["003"]
    f = find(a, "Putin also expressed his readiness to negotiate")
    assert (f.kind, f.holder) == ("pledge", "Vladimir Putin")
    f = find(a, "he can finish the Ukraine war")
    assert (f.kind, f.holder) == ("pledge", "Donald Trump")
    f = find(a, "Probably, the deep state will again not allow Trump to improve ties with Russia")
    assert (f.holder, f.probability) == ("Sergei Markov", 0.25)
    f = find(a, "the war will continue")
    assert (f.holder, f.conditional) == ("Sergei Markov", True)
    f = find(a, "it will be difficult to do so")
    assert f.holder is not None and f.holder.endswith("Ignatov")


def test_seed_004_author(seeds: dict[str, Analysis]) -> None:
    a = seeds["004"]
    f = find(a, "a thawing of the current sanctions-based freeze between the two countries should")
    assert (f.holder, f.hedge, f.probability) == ("Maia Otarashvili", "should be expected", 0.8)
    f = find(a, "Russia is likely to lead")
    assert (f.holder, f.probability) == ("Maia Otarashvili", 0.7)
    f = find(a, "the Republican-led Congress is unlikely to support preferential treatment")
    assert (f.holder, f.probability) == ("Maia Otarashvili", 0.2)
    f = find(a, "2017 is very likely usher in")
    assert (f.holder, f.probability, f.horizon) == ("Maia Otarashvili", 0.9, "2017-12-31")
    f = find(a, "most of Russia’s allies are bound to face difficulties")
    assert (f.holder, f.probability) == ("Maia Otarashvili", 0.95)
    f = find(a, "he intends to have China labeled as a currency manipulator")
    assert (f.kind, f.holder) == ("pledge", "Donald Trump")
    for phrase in ("will look like", "needs to be tough", "severe consequences", "Your email"):
        assert not [f for f in a.forecasts if phrase in f.text], phrase


def test_a_claim_inside_an_expectation_frame_is_one_forecast(nlp: Language) -> None:
    text = ("Thus one can expect that at least Eastern Europe, if not NATO, will be used as a "
            "bargaining chip in achieving a deal over Syria.")
    f = only(forecasts(nlp, text, author="Maia Otarashvili"))
    assert f.hedge == "can expect" and f.probability == 0.8
    assert f.text.startswith("Thus one can expect that")
