"""The hedge table against the public surveys, and how hedges combine."""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

import pytest
from spacy.language import Language

from augury.analyze.hedges import find_hedge, probability, table
from augury.analyze.pipeline import load_model

WEP = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "wep"
# Kent's "almost certain": zonination asked "Almost Certainly", Fagen-Ulmschneider "Almost Certain".
SAME_PHRASE = {"almost certain": "almost certainly"}


def _key(phrase: str) -> str:
    phrase = phrase.lower()
    return SAME_PHRASE.get(phrase, phrase)


def _pooled_medians() -> dict[str, float]:
    """n-weighted mean of zonination's raw median and Fagen-Ulmschneider's published median."""
    with open(WEP / "zonination_perceptions" / "probly.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, answers = rows[0], rows[1:]
    raw = {_key(h): [float(r[i]) for r in answers] for i, h in enumerate(header)}
    with open(WEP / "wep_summary.csv", encoding="utf-8") as f:
        fagen = {
            _key(r["phrase"]): (int(r["n"]), float(r["median"]))
            for r in csv.DictReader(f)
            if r["source"].startswith("wadefagen")
        }
    pooled = {}
    for key, values in raw.items():
        n, median = fagen[key]
        total = len(values) * statistics.median(values) + n * median
        pooled[key] = round(total / (len(values) + n) / 100, 2)
    return pooled


@pytest.mark.skipif(not WEP.is_dir(), reason="shared/data/wep is not beside the repository")
def test_survey_rows_are_the_pooled_survey_medians() -> None:
    pooled = _pooled_medians()
    survey = {p: h for p, h in table().items() if h.basis == "survey"}
    assert {_key(p) for p in survey} == set(pooled)
    for phrase, hedge in survey.items():
        assert hedge.probability == pooled[_key(phrase)], phrase


def test_survey_values_by_hand() -> None:
    rows = table()
    assert rows["unlikely"].probability == 0.20  # medians 20 and 20
    assert rows["probably"].probability == 0.71  # (46 * 75 + 123 * 70) / 169 = 71.4
    assert rows["probably not"].probability == 0.25  # (46 * 26.5 + 123 * 25) / 169 = 25.4


def test_every_row_is_complete() -> None:
    for phrase, hedge in table().items():
        assert 0 <= hedge.probability <= 1, phrase
        assert hedge.basis in ("survey", "judgement"), phrase
        assert hedge.role in ("auxiliary", "predicate", "modifier", "pledge", "prediction"), phrase
        assert hedge.note, phrase


@pytest.mark.parametrize(
    ("words", "negated", "expected"),
    [
        ("will", False, 0.9),  # a bare future: high confidence
        ("won't", False, 0.1),  # the table's own "will not"
        ("will not", False, 0.1),
        ("unlikely", False, 0.2),
        ("probably not", False, 0.25),  # surveyed, not 1 - 0.71
        ("Probably will not", False, 0.25),
        ("would likely", False, 0.7),  # stacking: the lexical hedge beats the modal
        ("will certainly", False, 0.97),
        ("very likely", False, 0.9),  # longest match first
        ("highly unlikely", False, 0.05),
        ("likely", True, 0.3),  # negation without a row of its own: 1 - p
        ("unlikely", True, 0.8),
        ("not impossible", False, 0.3),  # litotes has its own row
        ("may not be impossible", False, 0.3),
        ("by no means a certainty", False, 0.5),
        ("shouldn't be expected", False, 0.2),
        ("can expect", False, 0.8),
        ("pledged", False, 0.9),
        ("is going to", False, 0.9),
        ("said", False, None),
    ],
)
def test_probability(words: str, negated: bool, expected: float | None) -> None:
    assert probability(words, negated) == expected


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


@pytest.mark.parametrize(
    ("text", "hedge", "p"),
    [
        ("Trump will likely take a hard line with Iran.", "will likely", 0.7),
        ("The deep state will again not allow Trump to improve ties.", "will not", 0.1),
        ("Russia probably wouldn't see that as the end of the matter.", "probably wouldn't", 0.25),
        ("That shouldn't be expected.", "shouldn't be expected", 0.2),
        ("The Kremlin will welcome the likely turbulence.", "will", 0.9),  # "likely" is nominal
        ("It is unlikely that sanctions would be lifted.", "unlikely", 0.2),  # the highest clause
        ("He went home.", None, None),
    ],
)
def test_find_hedge(nlp: Language, text: str, hedge: str | None, p: float | None) -> None:
    found = find_hedge(nlp(text)[:])
    assert found == ((hedge, p) if hedge else None)
