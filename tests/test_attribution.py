"""Who said it, who predicts it: the attribution patterns news writing uses, one test each, on
sentences written for the test and on PolNeAR dev articles read from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from augury.analyze.pipeline import Analyzer
from augury.ledger.scores import Settled, group_scores
from augury.ledger.scoring import Outcome
from augury.model import Analysis, Document, Forecast, Quote
from augury.names import key, normalize, surname

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "data"


def analyse(analyzer: Analyzer, text: str, author: str | None = "Jane Roe") -> Analysis:
    return analyzer.analyze(Document(text=text, source="t.txt", author=author))


def quote(analysis: Analysis, words: str) -> Quote:
    return next(q for q in analysis.quotes if words in q.text)


def forecast(analysis: Analysis, words: str) -> Forecast:
    return next(f for f in analysis.forecasts if words in f.text)


def test_back_reference_by_description(analyzer: Analyzer) -> None:
    a = analyse(analyzer, "Alexei Petrov, a leading economist, spoke in Moscow on Monday. "
                          "“The talks will drag on,” the economist said.")
    q = quote(a, "The talks will drag on")
    assert (q.speaker_mention, q.speaker, q.speaker_kind) == (
        "the economist", "Alexei Petrov", "person")
    assert forecast(a, "The talks will drag on").holder == "Alexei Petrov"


def test_pronoun_follows_the_discourse_not_the_most_mentioned(analyzer: Analyzer) -> None:
    text = ("Donald Trump met Vladimir Putin. Trump said the war would end. Trump wants a deal.\n\n"
            "John Harper, a historian at Yale, was doubtful. “The war will not end soon,” Harper "
            "said.\n\n“Nobody trusts the Kremlin,” he said.")
    q = quote(analyse(analyzer, text), "Nobody trusts the Kremlin")
    assert (q.speaker_mention, q.speaker) == ("he", "John Harper")


@pytest.mark.parametrize(
    ("text", "words", "holder"),
    [
        ("Analysts say the ruble will fall further.", "the ruble will fall", "Analysts"),
        ("Investors fear a recession is coming.", "a recession is coming", "Investors"),
        ("The Democrats are well placed to win the Senate, observers say.",
         "well placed to win", "observers"),
    ],
)
def test_groups_hold_forecasts(analyzer: Analyzer, text: str, words: str, holder: str) -> None:
    f = forecast(analyse(analyzer, text), words)
    assert (f.holder, f.holder_kind) == (holder, "group")


def test_an_unnamed_source_is_a_group_as_written(analyzer: Analyzer) -> None:
    q = quote(analyse(analyzer, "The deal is off, a source said."), "The deal is off")
    assert (q.speaker, q.speaker_kind) == ("source", "group")


@pytest.mark.parametrize(
    ("text", "words", "speaker", "kind"),
    [
        ("A White House aide said the president would sign the bill.", "would sign the bill",
         "White House", "government"),
        ("The Clinton campaign released a statement. The campaign said it would appeal the "
         "ruling.", "would appeal", "Clinton campaign", "organisation"),
    ],
)
def test_organisations_and_offices_speak(analyzer: Analyzer, text: str, words: str,
                                         speaker: str, kind: str) -> None:
    a = analyse(analyzer, text)
    q = quote(a, words)
    assert (q.speaker, q.speaker_kind) == (speaker, kind)
    f = forecast(a, words)
    assert (f.holder, f.holder_kind) == (speaker, kind)


def test_honorifics_with_a_given_name_or_surname(analyzer: Analyzer) -> None:
    a = analyse(analyzer, "Richard Dearlove, a former head of MI6, spoke on Monday. “The talks "
                          "will drag on,” Sir Richard said. Sen. Lindsey Graham agreed. “Russia "
                          "will lose,” Sen. Graham said.")
    assert quote(a, "The talks will drag on").speaker == "Richard Dearlove"
    assert quote(a, "Russia will lose").speaker == "Lindsey Graham"


def test_nested_speech_is_held_by_the_person_reported(analyzer: Analyzer) -> None:
    a = analyse(analyzer, "President Donald Trump spoke on Monday.\n\nJohn Harper, an economist "
                          "at Yale, was doubtful. “He said he would review the tariffs,” Harper "
                          "said.")
    assert quote(a, "review the tariffs").speaker == "John Harper"
    f = forecast(a, "review the tariffs")
    assert (f.kind, f.holder) == ("pledge", "Donald Trump")


@pytest.mark.parametrize(
    ("text", "words", "probability"),
    [
        ("Traders are virtually certain to see another rate cut.", "virtually certain", 0.95),
        ("The Democrats are well placed to win the Senate, observers say.", "well placed", 0.7),
        ("Investors fear a recession is coming.", "a recession is coming", 0.6),
    ],
)
def test_everyday_forecast_cues(analyzer: Analyzer, text: str, words: str,
                                probability: float) -> None:
    assert forecast(analyse(analyzer, text), words).probability == probability


@pytest.mark.parametrize(
    ("text", "words", "holder"),
    [
        ("The Clinton campaign plans to employ Mr. Obama as much as possible.", "plans to employ",
         "Clinton campaign"),
        ("Donald Trump, who has repeatedly pledged to ban all Muslims, spoke on Monday.",
         "pledged to ban", "Donald Trump"),
        ("Barack Obama is also determined to warn his supporters.", "determined to warn",
         "Barack Obama"),
        ("Trump's running mate, Indiana Gov. Mike Pence, plans to release his own returns soon.",
         "plans to release", "Mike Pence"),
    ],
)
def test_pledges_and_their_holders(analyzer: Analyzer, text: str, words: str,
                                   holder: str) -> None:
    f = forecast(analyse(analyzer, text), words)
    assert (f.kind, f.holder) == ("pledge", holder)


def test_paraphrase_goes_on_with_the_reported_speaker(analyzer: Analyzer) -> None:
    text = ("Adam Schiff called on the administration to call out Russia. That could include "
            "indicting the hackers.\n\nAdam Schiff said the hacking was serious. Yet the "
            "sanctions will likely fail.")
    a = analyse(analyzer, text)
    assert forecast(a, "That could include").holder == "Adam Schiff"
    # A sentence that turns against the report is the writer's own.
    assert forecast(a, "the sanctions will likely fail").holder == "Jane Roe"


def test_conditions_are_data_and_otherwise_negates_the_last(analyzer: Analyzer) -> None:
    text = ("If Trump is powerful and brave enough, the war will end within months, Sergei "
            "Markov said. Otherwise, the war will continue.")
    a = analyse(analyzer, text)
    first = forecast(a, "the war will end")
    assert first.condition == "If Trump is powerful and brave enough"
    assert text[first.condition_start:first.condition_end] == first.condition
    other = forecast(a, "the war will continue")
    assert other.conditional
    assert other.condition == "not (If Trump is powerful and brave enough)"
    assert (other.condition_start, other.condition_end) == (first.condition_start,
                                                           first.condition_end)


def test_assuming_and_should_open_conditions(analyzer: Analyzer) -> None:
    a = analyse(analyzer, "Assuming Trump carries out his pledge, the aid will stop. Should "
                          "Mr. Trump win, Ukraine could lose.")
    assert forecast(a, "the aid will stop").condition == "Assuming Trump carries out his pledge"
    assert forecast(a, "Ukraine could lose").condition == "Should Mr. Trump win"


def test_names_one_place() -> None:
    assert normalize("Sen. Lindsey Graham’s") == "Lindsey Graham"
    assert normalize("President Vladimir Putin") == "Vladimir Putin"
    assert key("Donald J. Trump") == key("donald trump")
    assert key("Dionis Cenusă") == "dionis cenusa"
    assert surname("Martin Luther King Jr.") == "King"


def test_groups_are_scored_apart_from_named_people() -> None:
    settled = [Settled("f-1", "analysts", None, Outcome(0.8, True), "f-1", "group"),
               Settled("f-2", "Natasha Kuhrt", None, Outcome(0.2, False), "f-2", "person")]
    groups = {(s.group, s.name) for s in group_scores(settled)}
    assert ("group", "analysts") in groups and ("holder", "Natasha Kuhrt") in groups
    assert ("holder", "analysts") not in groups


def _polnear(article: str) -> str:
    path = POLNEAR / "dev" / "text" / f"{article}.txt"
    if not path.exists():
        pytest.skip(f"PolNeAR not found at {POLNEAR}")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("article", "mention", "speaker", "kind"),
    [
        # "The Commission on Presidential Debates says …" earlier in the article.
        ("breitbart_2016-09-30_the-latest-trump-urges-supporter", "The commission",
         "Commission on Presidential Debates", "organisation"),
        # "Polls" with no issuer named: a document.
        ("nyt_2016-09-08_obama-on-climate-change-the-tren", "Polls", "Polls", "document"),
    ],
)
def test_polnear_sources_resolve(analyzer: Analyzer, article: str, mention: str, speaker: str,
                                 kind: str) -> None:
    text = _polnear(article)
    quotes = analyzer.analyze(Document(text=text, source=article)).quotes
    found = {(q.speaker, q.speaker_kind) for q in quotes if q.speaker_mention == mention}
    assert (speaker, kind) in found


def test_actor_kinds_a_reader_gives(analyzer: Analyzer) -> None:
    a = analyse(analyzer, "The Islamic State claimed the attack. The Russian Foreign Ministry "
                          "said it would respond, and the State Department and the House "
                          "agreed. She was secretary of State for four years.")
    kinds = {actor.name: actor.kind for actor in a.actors}
    assert kinds["Islamic State"] == "organisation"
    assert kinds["Russian Foreign Ministry"] == "government"
    assert kinds["State Department"] == "government"
    assert "State" not in kinds  # the object of "secretary of State" is no actor


@pytest.mark.parametrize(
    ("text", "words", "speaker", "kind"),
    [
        ("Analyst: Moscow may cut gas exports\n\nAlexei Petrov, a senior analyst at Sberbank, "
         "said on Monday that Moscow may cut gas exports to Europe this winter.",
         "Moscow may cut gas exports", "Alexei Petrov", "person"),
        ("Economist believes tariffs can be a lever\n\nMaria Lopez, an economist at the "
         "University of Chicago, said tariffs can be a lever in the talks.",
         "tariffs can be", "Maria Lopez", "person"),
        ("Experts say the ruble will fall\n\nThe ruble fell again on Monday.",
         "the ruble will fall", "Experts", "group"),
    ],
)
def test_headlines_are_attributed_to_the_person_the_body_names(
        analyzer: Analyzer, text: str, words: str, speaker: str, kind: str) -> None:
    headline = text.split("\n")[0]
    q = next(q for q in analyse(analyzer, text).quotes
             if words in q.text and q.start < len(headline))
    assert (q.speaker, q.speaker_kind) == (speaker, kind)


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # the parser reads "Tulsa" as a verb; the frame is still the run of nouns before "said"
        ("The inquiry goes on.\n\n“I will just make this promise to you: We will achieve justice "
         "in this case,” Tulsa police Chief Chuck Jordan said Monday.", "We will achieve justice",
         "Chuck Jordan"),
        # quotes signed with a dash and a name, one per line
        ("Voters spoke to us.\n\n“I am truly afraid that Donald Trump will win.” ― Edwin G. "
         "Monroy\n“No one will change him.” ― Veronica Cruz", "No one will change him",
         "Veronica Cruz"),
        # "going on to say" borrows the subject of "said"
        ("“It is insane,” Sanders said, going on to say that the country has spent “hundreds of "
         "years fighting racism, and I think that will bring a lot of those people around.”",
         "that will bring", "Sanders"),
    ],
)
def test_frames_news_writing_uses(analyzer: Analyzer, text: str, words: str,
                                  speaker: str) -> None:
    a = analyse(analyzer, text)
    assert quote(a, words).speaker == speaker
    assert forecast(a, words).holder == speaker


@pytest.mark.parametrize(
    ("text", "words", "holder", "kind"),
    [
        ("Many Democrats are afraid that Mrs. Clinton's edge among black voters may be undercut "
         "by low turnout.", "may be undercut", "Democrats", "group"),
        ("The Tax Policy Center, reviewing the plan, came to a similar conclusion. The top 1 "
         "percent would see an average tax cut of $275,000, the group said.",
         "would see an average tax cut", "Tax Policy Center", "organisation"),
        ("Some average Americans would see their taxes go up under the plan, according to an "
         "analysis by Lily Batchelder, a former Democratic tax aide.", "would see their taxes",
         "Lily Batchelder", "person"),
        ("An attorney for Pagliano, Mark MacDougall, spoke on Monday. However, Senator Jason "
         "Chaffetz insisted he had questions. Pagliano's lawyer has said he will refuse to answer "
         "any questions.", "he will refuse", "Mark MacDougall", "person"),
        ("Donald Trump drew criticism. Chastened by the analyses, Trump revised his plan, "
         "promising to focus more of its benefits on average Americans.", "promising to focus",
         "Donald Trump", "person"),
        ("Editor's note: Donald Trump regularly incites political violence and is a serial liar "
         "and birther who has repeatedly pledged to ban all Muslims from entering the U.S.",
         "pledged to ban", "Donald Trump", "person"),
    ],
)
def test_who_holds_it(analyzer: Analyzer, text: str, words: str, holder: str,
                      kind: str) -> None:
    f = forecast(analyse(analyzer, text), words)
    assert (f.holder, f.holder_kind) == (holder, kind)


def test_speakers_inside_and_around_their_quotes(analyzer: Analyzer) -> None:
    text = ("Barack Obama spoke at the museum on Saturday. Johnnie Wilson, a veteran, was "
            "there.\n\n"
            "“We'll walk away that much more in love with this country,” Mr. Obama said.\n\n"
            "“People say, ‘Hillary Clinton will get 90 percent of the vote,’” said Charlie King, "
            "a New York Democrat.\n\n“I'll tell you, there is an issue here,” King said.")
    a = analyse(analyzer, text)
    # "we" in Obama's words is Obama, and so is the frame's subject
    assert forecast(a, "We'll walk away").holder == "Barack Obama"
    # a report inside a quote is held by who is reported
    f = forecast(a, "Hillary Clinton will get 90 percent")
    assert (f.holder, f.holder_kind) == ("People", "group")
    # announcing what one says is no forecast
    assert not [f for f in a.forecasts if "tell you" in f.text]


@pytest.mark.parametrize(
    ("text", "words", "probability"),
    [
        ("“I think by the middle of the week she’ll be out there campaigning,” Brian Fallon said.",
         "she’ll be out there", 0.9),
        ("It's unclear whether any of those methods will work here.", "methods will work", 0.5),
        ("He said he backed the idea of a woman succeeding him. That looks unlikely.",
         "That looks unlikely", 0.2),
        ("It’s an extremely unlikely scenario; Clinton’s team says she’ll continue her march.",
         "unlikely scenario", 0.2),
        ("If her ailment were to persist, it would trigger an obscure party mechanism.",
         "it would trigger", 0.8),
    ],
)
def test_forecast_cues_of_everyday_news(analyzer: Analyzer, text: str, words: str,
                                        probability: float) -> None:
    f = forecast(analyse(analyzer, text), words)
    assert f.probability == probability
    assert ";" not in f.text  # a semicolon ends a clause's sentence


def test_the_writer_goes_on_after_a_report_that_is_not_turned_against(
        analyzer: Analyzer) -> None:
    a = analyse(analyzer, "The museum, Mr. Obama said, would make visitors face uncomfortable "
                          "truths. But it would also capture the greatness of the country.")
    assert forecast(a, "it would also capture").holder == "Obama"


def test_a_headline_verb_is_no_part_of_a_name(analyzer: Analyzer) -> None:
    assert normalize("Obama Says") == "Obama"
    text = ("Obama Says Museum Will Tell of Delight\n\nWASHINGTON -- President Obama, dedicating "
            "the museum on Saturday, said it would tell an American story.")
    a = analyse(analyzer, text)
    assert "Obama Says" not in {actor.name for actor in a.actors}
    assert forecast(a, "it would tell").holder == "Obama"
