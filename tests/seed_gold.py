"""Scoring of the pipeline against the hand-annotated seed articles (tests/fixtures/seeds_gold).

One copy of the comparison, used by tests/test_seed_accuracy.py and by bench/seeds.py.
Predictions are matched to the gold by words, never by offsets: ingest may clean the raw text.

- quotes: a gold direct quote of >= MIN_QUOTE_WORDS words is found when a predicted quote of kind
  direct or partial covers >= COVER of its words and its speaker has the gold surname
  (case- and accent-insensitive);
- metadata: each field the text gives (non-null gold) is right when title has the same words,
  author/outlet are equal ignoring case and spacing, date and url are equal;
- forecasts: a gold claim is found when a predicted forecast covers >= COVER of its words, and
  found with the right holder when one such forecast's holder has the gold surname (None = None).
  Predicted forecasts that cover no gold claim are counted as extra.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from augury.model import Analysis, Document, Forecast, Quote

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "samples" / "seeds"
GOLD_DIR = Path(__file__).resolve().parent / "fixtures" / "seeds_gold"

MIN_QUOTE_WORDS = 4
COVER = 0.5
MIN_RUN = 3  # covered words must come in runs of at least this many (or the whole gold text)
METADATA_FIELDS = ("title", "author", "outlet", "date", "url")
SPOKEN_KINDS = ("direct", "partial")

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_WORD = re.compile(r"\w+(?:'\w+)*")
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def fold(text: str) -> str:
    """Casefolded, accent-free, with one kind of apostrophe."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The words of a text, folded; quotation marks, markup and punctuation drop out."""
    return _WORD.findall(fold(text).replace("_", " "))


def coverage(gold_text: str, predicted_text: str) -> float:
    """Share of the gold text's words that the prediction contains, in order, in runs."""
    gold, predicted = words(gold_text), words(predicted_text)
    if not gold:
        return 0.0
    run = min(MIN_RUN, len(gold))
    matcher = SequenceMatcher(None, gold, predicted, autojunk=False)
    covered = sum(b.size for b in matcher.get_matching_blocks() if b.size >= run)
    return covered / len(gold)


def covers(gold_text: str, predicted_text: str) -> bool:
    return coverage(gold_text, predicted_text) >= COVER


def surname(name: str | None) -> str | None:
    """Last word of a name, folded ('Dionis Cenusă' -> 'cenusa'); None for no name."""
    if not name:
        return None
    tokens = [t for t in words(re.sub(r"['’]s\b", "", name)) if t not in _NAME_SUFFIXES]
    return tokens[-1] if tokens else None


def same_person(gold_surname: str | None, predicted_name: str | None) -> bool:
    return surname(gold_surname) == surname(predicted_name)


def _spaced(value: str | None) -> str | None:
    return " ".join(value.split()).casefold() if value else None


def metadata_right(name: str, gold: str, predicted: str | None) -> bool:
    if predicted is None:
        return False
    if name == "title":
        return words(gold) == words(predicted)
    if name in ("author", "outlet"):
        return _spaced(gold) == _spaced(predicted)
    return gold.strip() == predicted.strip()


# --- gold -----------------------------------------------------------------------------------


def load_gold(directory: Path = GOLD_DIR) -> dict[str, dict[str, Any]]:
    """Gold annotations keyed by the seed's file name."""
    gold = {}
    for path in sorted(directory.glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        gold[entry["doc"]] = entry
    return gold


def scored_quotes(gold: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in gold["direct_quotes"] if len(words(q["text"])) >= MIN_QUOTE_WORDS]


def perfect_prediction(gold: dict[str, Any], text: str) -> tuple[Document, Analysis]:
    """What a flawless pipeline would return: for checking the scoring itself."""
    document = Document(text=text, source=gold["doc"], **gold["metadata"])
    quotes = [
        Quote(text=q["text"], start=0, end=0, kind="direct", speaker=q["speaker"])
        for q in gold["direct_quotes"]
    ]
    forecasts = [
        Forecast(text=f["text"], start=0, end=0, holder=f["holder"], kind=f["kind"])
        for f in gold["forecasts"]
    ]
    return document, Analysis(quotes=quotes, forecasts=forecasts)


# --- scoring --------------------------------------------------------------------------------


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class SeedScore:
    """How one seed's prediction compares with its gold."""

    doc: str
    quotes_total: int = 0
    quotes_hit: int = 0
    quote_misses: list[str] = field(default_factory=list)
    meta_total: int = 0
    meta_hit: int = 0
    meta_wrong: list[str] = field(default_factory=list)
    forecasts_total: int = 0
    forecasts_found: int = 0
    forecasts_holder: int = 0
    forecast_misses: list[str] = field(default_factory=list)
    forecasts_predicted: int = 0
    forecasts_extra: list[str] = field(default_factory=list)


def score_quotes(gold: dict[str, Any], analysis: Analysis, score: SeedScore) -> None:
    spoken = [q for q in analysis.quotes if q.kind in SPOKEN_KINDS]
    for g in scored_quotes(gold):
        score.quotes_total += 1
        overlapping = [q for q in spoken if covers(g["text"], q.text)]
        if any(same_person(g["speaker_surname"], q.speaker) for q in overlapping):
            score.quotes_hit += 1
            continue
        if overlapping:
            said = ", ".join(sorted({str(q.speaker) for q in overlapping}))
            why = f"speaker {said} (want {g['speaker_surname']})"
        else:
            why = "not found"
        score.quote_misses.append(f"{why}: “{_short(g['text'])}”")


def score_metadata(gold: dict[str, Any], document: Document, score: SeedScore) -> None:
    for name in METADATA_FIELDS:
        want = gold["metadata"].get(name)
        if want is None:
            continue
        score.meta_total += 1
        got = getattr(document, name, None)
        if metadata_right(name, want, got):
            score.meta_hit += 1
        else:
            score.meta_wrong.append(f"{name}: got {got!r}, want {want!r}")


def score_forecasts(gold: dict[str, Any], analysis: Analysis, score: SeedScore) -> None:
    predicted = analysis.forecasts
    score.forecasts_predicted = len(predicted)
    for g in gold["forecasts"]:
        score.forecasts_total += 1
        overlapping = [f for f in predicted if covers(g["text"], f.text)]
        if not overlapping:
            score.forecast_misses.append(f"not found: “{_short(g['text'])}”")
            continue
        score.forecasts_found += 1
        if any(same_person(g["holder"], f.holder) for f in overlapping):
            score.forecasts_holder += 1
        else:
            held = ", ".join(sorted({str(f.holder) for f in overlapping}))
            score.forecast_misses.append(
                f"holder {held} (want {g['holder']}): “{_short(g['text'])}”"
            )
    for f in predicted:
        if not any(covers(g["text"], f.text) for g in gold["forecasts"]):
            score.forecasts_extra.append(f"[{f.holder}] “{_short(f.text)}”")


def score_seed(gold: dict[str, Any], document: Document, analysis: Analysis) -> SeedScore:
    score = SeedScore(doc=gold["doc"])
    score_quotes(gold, analysis, score)
    score_metadata(gold, document, score)
    score_forecasts(gold, analysis, score)
    return score


def _rate(hit: int, total: int) -> float | None:
    return hit / total if total else None


@dataclass
class Figures:
    """Pooled figures over seeds (None where there is nothing to score)."""

    quotes: float | None
    metadata: float | None
    forecasts_found: float | None
    forecasts_holder: float | None
    forecasts_extra: int
    forecasts_predicted: int


def figures(scores: Iterable[SeedScore]) -> Figures:
    scores = list(scores)

    def total(attr: str) -> int:
        return sum(getattr(s, attr) for s in scores)

    return Figures(
        quotes=_rate(total("quotes_hit"), total("quotes_total")),
        metadata=_rate(total("meta_hit"), total("meta_total")),
        forecasts_found=_rate(total("forecasts_found"), total("forecasts_total")),
        forecasts_holder=_rate(total("forecasts_holder"), total("forecasts_total")),
        forecasts_extra=sum(len(s.forecasts_extra) for s in scores),
        forecasts_predicted=total("forecasts_predicted"),
    )
