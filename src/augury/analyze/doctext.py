"""A Doc's text, paragraphs and entities, read once per Doc: spaCy's `Doc.text` joins every token
again on each call and `Span.ents` scans every entity, so a rule that reads them per mention is
quadratic in the document's length. Read after the entity recognizer, which sets them last."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span

# Where a Doc starts in its document: 0, or the offset of a piece of a long one (pieces.py).
if not Doc.has_extension("augury_offset"):
    Doc.set_extension("augury_offset", default=0)

_TEXT = "augury.text"
_BREAKS = "augury.paragraph_breaks"
_ENTS = "augury.ents"


def text_of(doc: Doc) -> str:
    """`doc.text`, joined once and kept in `doc.user_data`."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def starts_document(doc: Doc) -> bool:
    """Whether a Doc starts its document, headline included (a piece after the first does not)."""
    return not doc._.augury_offset


def headline_end(doc: Doc) -> int:
    """Where the document's first line, its headline, ends; 0 when the Doc has no headline."""
    if not starts_document(doc):
        return 0
    text = text_of(doc)
    lead = len(text) - len(text.lstrip())
    newline = text.find("\n", lead)
    return len(text) if newline < 0 else newline


def paragraph_at(doc: Doc, char: int) -> int:
    """How many blank-line breaks ("\\n\\n", counted from the start without overlap, as
    `str.count` does) end at or before `char`."""
    breaks = doc.user_data.get(_BREAKS)
    if breaks is None:
        breaks = doc.user_data[_BREAKS] = _breaks(text_of(doc))
    return bisect_right(breaks, char - 2)


def _breaks(text: str) -> list[int]:
    found, at = [], text.find("\n\n")
    while at >= 0:
        found.append(at)
        at = text.find("\n\n", at + 2)
    return found


def ents_of(doc: Doc) -> list[Span]:
    """`doc.ents`, built once."""
    cached = doc.user_data.get(_ENTS)
    if cached is None:
        ents = list(doc.ents)
        cached = doc.user_data[_ENTS] = (ents, [e.start for e in ents])
    return cached[0]


def ents_in(span: Span) -> list[Span]:
    """`span.ents`, the entities wholly inside a span, found by bisection."""
    ents_of(span.doc)
    ents, starts = span.doc.user_data[_ENTS]
    found = []
    k = bisect_left(starts, span.start)
    while k < len(ents) and ents[k].end <= span.end:
        found.append(ents[k])
        k += 1
    return found
