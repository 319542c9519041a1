"""Words of estimative probability: the hedge table (hedges.csv) and how a claim's hedges combine.

The table is data. `survey` rows pool the two public surveys in shared/data/wep: zonination's raw
responses (n=46, median computed from probly.csv) and Fagen-Ulmschneider's published median
(n=123; only the summary is public), combined as the n-weighted mean of the two medians, rounded to
two decimals. `judgement` rows cover words no survey asked about; each row's note gives the reason.

`role` says what a phrase does in a sentence: an `auxiliary` (will, could, is going to) marks a
future statement; a `predicate` (likely, possible, expect, a chance) marks one when it is the
clause's predicate; a `pledge` verb or noun (pledge, intend, commitment) marks an actor's
commitment and a `prediction` verb (predict, forecast) an actor's forecast; a `modifier`
(probably, certainly) only qualifies a statement found otherwise.

Combining, for the words attached to one clause:
- stacking: any non-auxiliary phrase beats the auxiliary ("would likely" is "likely", 0.70), and
  among those the longest phrase wins, then the first;
- negation: the table's own negated row when it has one ("will not" 0.10, "probably not" 0.25,
  "not impossible" 0.30), else 1 - p ("not likely" 0.30).
The probability is always that of the event the clause names, negation removed ("won't go away":
P(goes away) = 0.10).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Span, Token

NEGATORS = frozenset({"not", "never"})
# "'d" is "would" only as a modal; `_plausible` keeps modals (tag MD), so "she'd left" is no hedge.
_CONTRACTIONS = {"n't": "not", "n’t": "not", "wo": "will", "ca": "can", "sha": "shall",
                 "'ll": "will", "’ll": "will", "'d": "would", "’d": "would"}
_NOMINAL_DEPS = frozenset({"amod", "compound", "nmod", "poss", "pobj", "nsubj", "appos"})
_CLIMB_DEPS = frozenset({"aux", "auxpass", "advmod", "neg", "acomp", "attr", "oprd"})
_NOT = re.compile(r"n[’']t\b")


@dataclass(frozen=True)
class Hedge:
    """One row of hedges.csv."""

    phrase: str
    probability: float
    role: str
    basis: str
    source: str
    note: str

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.phrase.split())


@dataclass(frozen=True)
class HedgeMatch:
    """A table phrase found in a parsed text, with the clause head it qualifies."""

    tokens: tuple[Token, ...]
    hedge: Hedge
    head: Token


@lru_cache(maxsize=1)
def table() -> dict[str, Hedge]:
    """The hedge table, keyed by phrase."""
    text = resources.files("augury.analyze").joinpath("hedges.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return {
        row["phrase"]: Hedge(
            phrase=row["phrase"],
            probability=float(row["probability"]),
            role=row["role"],
            basis=row["basis"],
            source=row["source"],
            note=row["note"],
        )
        for row in rows
    }


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, list[Hedge]]:
    """Phrases without a negator, indexed by first word."""
    index: dict[str, list[Hedge]] = {}
    for hedge in table().values():
        if not NEGATORS.intersection(hedge.words):
            index.setdefault(hedge.words[0], []).append(hedge)
    return index


@lru_cache(maxsize=1)
def _inflections() -> dict[str, str]:
    """Regular inflected forms of the table's words ("expects", "pledged") mapped to the word."""
    forms: dict[str, str] = {}
    for hedge in table().values():
        for word in hedge.words:
            stem = word[:-1] if word.endswith("e") else word
            for form in (word + "s", word + "d", word + "ed", word + word[-1] + "ed", stem + "ing"):
                forms.setdefault(form, word)
    return forms


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every word of the table's phrases."""
    return frozenset(w for hedge in table().values() for w in hedge.words)


def _forms(word: str) -> set[str]:
    """The forms a word may match in the table: itself, its contraction's and inflection's base."""
    word = _CONTRACTIONS.get(word, word)
    return {word, _inflections().get(word, word)}


def _match(forms: Sequence[set[str]]) -> list[tuple[int, Hedge]]:
    """Table phrases in a word sequence, longest match first, as (position, hedge)."""
    found: list[tuple[int, Hedge]] = []
    i = 0
    while i < len(forms):
        fitting = [
            h
            for first in forms[i]
            for h in _by_first_word().get(first, [])
            if len(h.words) <= len(forms) - i
            and all(w in forms[i + k] for k, w in enumerate(h.words))
        ]
        if fitting:
            hedge = max(fitting, key=lambda h: (len(h.words), h.phrase))
            found.append((i, hedge))
            i += len(hedge.words)
        else:
            i += 1
    return found


def _combine(hedges: Sequence[Hedge], negated: bool) -> float:
    """The probability of stacked hedges (at least one) on one clause, negation applied."""
    lexical = [h for h in hedges if h.role != "auxiliary"]
    governing = max(lexical, key=lambda h: len(h.words)) if lexical else hedges[0]
    if not negated:
        return governing.probability
    rows = table()
    own = rows.get(f"{governing.phrase} not") or rows.get(f"not {governing.phrase}")
    return own.probability if own else round(1 - governing.probability, 2)


def probability(hedge_words: str, negated: bool = False) -> float | None:
    """The probability that hedge words as written ("would likely", "won't") give the event."""
    words = [_CONTRACTIONS.get(w, w) for w in _NOT.sub(" not", hedge_words.lower()).split()]
    negated ^= sum(w in NEGATORS for w in words) % 2 == 1
    found = [h for _, h in _match([_forms(w) for w in words if w not in NEGATORS])]
    return _combine(found, negated) if found else None


def _clause_head(token: Token) -> Token:
    """The verb or predicate a hedge word qualifies: up from auxiliaries, adverbs and predicates."""
    while token.dep_ in _CLIMB_DEPS and token.head != token:
        token = token.head
    return token


def depth(token: Token) -> int:
    """Steps from a token up to the root of its sentence."""
    steps = 0
    while token.head != token:
        token = token.head
        steps += 1
    return steps


def _plausible(tokens: Sequence[Token], hedge: Hedge) -> bool:
    """Whether matched tokens are used as the hedge (a modal verb, not "the will of the people")."""
    root = min(tokens, key=depth)
    if hedge.role == "auxiliary" and len(tokens) == 1:
        return root.tag_ == "MD"
    if hedge.role == "pledge":  # "pledged to", "his promise to", "is determined to"
        return root.pos_ in ("VERB", "NOUN") or root.pos_ == "ADJ" and any(
            c.dep_ == "xcomp" for c in root.children)
    if hedge.role == "prediction" or hedge.words[0] == "expect":
        return root.pos_ == "VERB"
    return root.dep_ not in _NOMINAL_DEPS or rates_predicate(root)


def rates_predicate(word: Token) -> bool:
    """An adjective on the noun a copula predicates: "it's an extremely unlikely scenario"."""
    copula = word.head.head
    return word.dep_ == "amod" and word.head.dep_ == "attr" and (
        copula.lemma_ == "be" or copula.lower_ in ("'s", "’s"))


def matches(tokens: Sequence[Token]) -> list[HedgeMatch]:
    """Table phrases among parsed tokens (lemma or form as written; negators skipped), each with
    the clause head it qualifies."""
    vocabulary = _vocabulary()
    words = [t for t in tokens if not _forms(t.lower_) & NEGATORS]
    forms = [(_forms(t.lower_) | {t.lemma_.lower()}) & vocabulary for t in words]
    found = []
    for i, hedge in _match(forms):
        matched = tuple(words[i : i + len(hedge.words)])
        if _plausible(matched, hedge):
            found.append(HedgeMatch(matched, hedge, _clause_head(min(matched, key=depth))))
    return found


def _negations(head: Token, hedged: Iterable[Token]) -> set[Token]:
    """Negators ("not", "n't", "never") attached to a clause head or to its hedge words."""
    return {c for t in {head, *hedged} for c in t.children if c.dep_ == "neg"}


def _written(tokens: Iterable[Token]) -> str:
    """Tokens as written, in text order: adjacent ones as in the text ("won't"), others spaced."""
    ordered = sorted(set(tokens), key=lambda t: t.i)
    parts = [ordered[0].text]
    for last, token in zip(ordered, ordered[1:], strict=False):
        parts.append(("" if token.i == last.i + 1 and not last.whitespace_ else " ") + token.text)
    return "".join(parts)


def find_hedge(span: Span, head: Token | None = None) -> tuple[str, float] | None:
    """The hedge of a claim and its probability: the words on its highest hedged clause, or on
    the highest clause at or above a given clause head."""
    found = [
        m for m in matches(list(span)) if head is None or m.head == head or m.head.is_ancestor(head)
    ]
    if not found:
        return None
    top = min(found, key=lambda m: (depth(m.head), m.tokens[0].i))
    group = [m for m in found if m.head == top.head]
    hedged = [t for m in group for t in m.tokens]
    negators = _negations(top.head, hedged)
    p = _combine([m.hedge for m in group], negated=len(negators) % 2 == 1)
    return _written([*hedged, *negators]), p
