"""Roles and affiliations that a text gives a person, each with its source span.

Read off the dependency parse, in the four shapes news writing uses:
- apposition after the name: "Natasha Kuhrt, a specialist in Russian foreign policy and …";
- apposition before it: "The CEO of Russia's sovereign wealth fund, Kirill Dmitriev, …";
- a title in front of it: "American politics expert Alexandra Filippenko", "Kremlin spokesman …";
- a copula or a leading relative clause: "Ian Hill is a retired senior career diplomat …",
  "Markov, who now leads the Institute for Political Studies, …".
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from augury.analyze.deps import NOUN_MODIFIERS
from augury.analyze.doctext import ents_in, text_of
from augury.model import Role

LEAD_VERBS = {"lead", "head", "run", "direct", "chair", "serve", "work", "teach", "found"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame"}
CLOSERS = {",", ".", ";", ":", ")", "—", "–"}
TRIM = {"a", "an", "the", ",", ";", ":", "-", "—", "–", "(", ")", "*", "currently", "now"}


def _trimmed(doc: Doc, start: int, end: int) -> Span | None:
    """Token span [start, end) without leading articles and surrounding punctuation."""
    while start < end and doc[start].lower_ in TRIM:
        start += 1
    while end > start and (doc[end - 1].lower_ in TRIM or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def _role(span: Span | None, person: Span) -> Role | None:
    if span is None or not any(t.pos_ in {"NOUN", "PROPN"} for t in span):
        return None
    if all(t.lower_ in HONORIFICS for t in span) or span.sent != person.sent:
        return None
    gap = min(span.end_char, person.end_char), max(span.start_char, person.start_char)
    between = text_of(span.doc)[gap[0]:gap[1]]
    if "\n" in span.text or "\n" in between:
        return None
    if any(e.label_ == "PERSON" and e.root == span.root for e in ents_in(span)):
        return None
    orgs = [e.text for e in ents_in(span) if e.label_ == "ORG"]
    return Role(span.text, span.start_char, span.end_char, orgs[-1] if orgs else None)


def _title_before(person: Span) -> Span | None:
    """Modifiers directly in front of the name that hang on it or on each other: 'Kremlin
    spokesman', 'American politics expert'."""
    doc, start = person.doc, person.start
    while start > 0:
        t = doc[start - 1]
        if t.dep_ not in NOUN_MODIFIERS or t.ent_type_ == "PERSON":
            break
        if not start <= t.head.i < person.end:
            break
        start -= 1
    span = _trimmed(doc, start, person.start) if start < person.start else None
    return span if span is not None and span[-1].pos_ in {"NOUN", "PROPN"} else None


def _appositions(person: Span) -> list[Span]:
    doc, root = person.doc, person.root
    spans = []
    for child in root.children:
        end = child.right_edge.i + 1
        # A real apposition is closed by punctuation; "X, the Y will …" is a misparse.
        closed = end >= len(doc) or doc[end].text in CLOSERS or doc[end].is_sent_start
        if child.dep_ == "appos" and child.i >= person.end and closed:
            spans.append(_trimmed(doc, child.left_edge.i, end))
    if root.dep_ == "appos" and root.head.i < person.start and root.head.ent_type_ != "PERSON":
        spans.append(_trimmed(doc, root.head.left_edge.i, person.start))
    return [s for s in spans if s is not None]


def _predicates(person: Span) -> list[Span]:
    root, doc = person.root, person.doc
    spans: list[Span | None] = []
    head: Token = root.head
    if root.dep_ == "nsubj" and head.lemma_ == "be":
        # The whole predicate, so "… at the Foreign Policy Research Institute" is kept.
        spans += [_trimmed(doc, c.left_edge.i, head.right_edge.i + 1)
                  for c in head.children if c.dep_ == "attr"]
    for child in root.children:
        if child.dep_ == "relcl" and child.lemma_ in LEAD_VERBS:
            spans.append(_trimmed(doc, child.i, child.right_edge.i + 1))
    return [s for s in spans if s is not None]


def find_roles(person: Span) -> list[Role]:
    """Every role the text gives the person named by this entity span."""
    candidates = [_title_before(person), *_appositions(person), *_predicates(person)]
    roles = [_role(span, person) for span in candidates]
    return [r for r in roles if r is not None]
