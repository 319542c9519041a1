"""What every pass reads: the cue words (`cues.txt`), a found quote before its speaker is resolved,
the per-document layout (quoted tokens, link noise, paragraphs) and spans cut from it."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from augury.analyze.doctext import text_of
from augury.analyze.quotes.marks import DOUBLE_MARKS, find_stretches
from augury.analyze.speakers import Resolved
from augury.model import QuoteKind
from augury.words import load

CUES_PATH = Path(__file__).with_name("cues.txt")
SENTENCE_END = {".", "?", "!", ";"}
# Markdown link syntax that scraped text carries: "[wrote](#)" reads as "wrote".
_LINK_NOISE = re.compile(r"\[|\]\([^)\s]*\)")
_MAX_FRAME = 45


@dataclass(frozen=True)
class Cues:
    """Cue words from cues.txt: verb lemmas, fixed phrases, colon nouns, object verbs."""

    verbs: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    nouns: frozenset[str]
    objects: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()


def load_cues(path: Path = CUES_PATH) -> Cues:
    """Read a cue file: `[section]` headers, one cue per line, `#` comments."""
    sections: dict[str, list[str]] = defaultdict(list)
    current = "verbs"
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        elif line:
            sections[current].append(line)
    return Cues(
        verbs=frozenset(sections["verbs"]),
        phrases=tuple(tuple(p.split()) for p in sections["phrases"]),
        nouns=load("statement_nouns"),
        objects=frozenset(sections["objects"]),
        people=load("person_nouns"),
    )


@dataclass
class Attribution:
    """A found quote before its speaker is resolved; `cue_i` is the cue token's index."""

    spans: list[tuple[int, int]]
    kind: QuoteKind
    cue: str | None
    cue_i: int | None
    speaker: Span | None
    resolved: Resolved | None = field(default=None, repr=False)


class Layout:
    """Per-document lookups: which tokens are quoted, link noise, noun chunks."""

    def __init__(self, doc: Doc, cues: Cues) -> None:
        self.doc = doc
        self.cues = cues
        self.text = text_of(doc)
        self.stretches = find_stretches(self.text)
        self.starts = [t.idx for t in doc]
        self.quoted = [-1] * len(doc)
        for k, s in enumerate(self.stretches):
            for i in range(self.token_at(s.open), self.token_at(s.close) + 1):
                self.quoted[i] = k
        self.noise = [False] * len(doc)
        for m in _LINK_NOISE.finditer(self.text):
            for i in range(self.token_at(m.start()), self.token_at(m.end() - 1) + 1):
                if doc[i].idx >= m.start() and doc[i].idx + len(doc[i]) <= m.end():
                    self.noise[i] = True
        self.used: set[int] = set()
        self.para: list[int] = []
        n = 0
        for t in doc:
            n += "\n" in t.text
            self.para.append(n)
        self.chunk: dict[int, Span] = {}
        for chunk in doc.noun_chunks:
            for t in chunk:
                self.chunk[t.i] = chunk
        self.sentence_start, self.sentence_end = self._sentences()

    def _sentences(self) -> tuple[list[int], list[int]]:
        """Per token, where its sentence starts and ends (see `sentence_bounds`), in one pass
        each way rather than a walk per lookup."""
        breaks = ["\n" in t.text or (t.text in (".", "?", "!") and self.quoted[t.i] < 0)
                  for t in self.doc]
        starts, at = [], 0
        for i, brk in enumerate(breaks):
            starts.append(at)
            at = i + 1 if brk else at
        ends, at = [0] * len(breaks), len(breaks)
        for i in range(len(breaks) - 1, -1, -1):
            at = i if breaks[i] else at
            ends[i] = at
        return starts, ends

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)

    def is_cue_verb(self, t: Token) -> bool:
        if self.quoted[t.i] >= 0 or self.noise[t.i]:
            return False
        if lemma_of(t) not in self.cues.verbs:
            return t.lower_ in _CUE_FORMS
        return t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")

    def words(self, i: int, step: int, limit: int = _MAX_FRAME) -> list[Token]:
        """Unquoted tokens from i in one direction, up to a line break, quote or sentence end."""
        out: list[Token] = []
        n = len(self.doc)
        while 0 <= i < n and len(out) < limit:
            t = self.doc[i]
            if "\n" in t.text or self.quoted[i] >= 0:
                break
            if step < 0 and t.text in SENTENCE_END:
                break
            if not (t.is_space or self.noise[i]):
                out.append(t)
            if step > 0 and (t.text in SENTENCE_END or _ends_sentence(t)):
                break
            i += step
        return out if step > 0 else out[::-1]


_CUE_FORMS = {"said", "says", "told", "tells", "wrote", "writes", "added", "adds"}
# Lemmas the lemmatizer gets wrong for cue verbs ("hopes" -> "hop").
_LEMMA_FIXES = {"hop": "hope", "hoped": "hope", "hopes": "hope"}


def lemma_of(t: Token) -> str:
    """A token's lemma, lower-cased, with the cue verbs the lemmatizer gets wrong put right."""
    lemma = t.lemma_.lower()
    if t.lower_.startswith("hop") and lemma in _LEMMA_FIXES:
        return "hope"
    return lemma


def _ends_sentence(t: Token) -> bool:
    """A token like "X." or "Jr." that closes its sentence."""
    if len(t.text) < 2 or not t.text.endswith("."):
        return False
    nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
    return nxt is None or "\n" in nxt.text or bool(nxt.is_sent_start)


def content_has_verb(tokens: list[Token]) -> bool:
    """Whether the tokens hold a verb or an auxiliary."""
    return any(t.pos_ in ("VERB", "AUX") for t in tokens)


def clause_span(layout: Layout, tokens: list[Token], anchor: int | None = None
                ) -> tuple[int, int] | None:
    """Character span of a reported clause: no leading "that", no edge punctuation, nothing
    from another paragraph than the cue at `anchor`."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if anchor is not None:
        tokens = [t for t in tokens if layout.para[t.i] == layout.para[anchor]]
    while tokens and (tokens[0].dep_ == "mark" and tokens[0].lower_ == "that"
                      or tokens[0].is_punct and layout.quoted[tokens[0].i] < 0
                      or tokens[0].is_space or layout.noise[tokens[0].i]):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_space or layout.noise[tokens[-1].i] or tokens[-1].dep_ == "cc"
                      or tokens[-1].is_punct and layout.quoted[tokens[-1].i] < 0):
        tokens = tokens[:-1]
    if len(tokens) < 2:
        return None
    start, end = _whole_quotes(layout, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    if "\n" in layout.text[start:end]:
        return None
    return start, end


def _whole_quotes(layout: Layout, start: int, end: int) -> tuple[int, int]:
    """Widen a span that cuts a quotation in two to take all of it, marks included."""
    first = layout.quoted[layout.token_at(start)]
    if first >= 0 and layout.stretches[first].open < start:
        start = layout.stretches[first].open
    last = layout.quoted[layout.token_at(end - 1)]
    if last >= 0:
        close = layout.stretches[last].close
        if close < len(layout.text) and layout.text[close] in DOUBLE_MARKS + "'’":
            close += 2 if layout.text.startswith("''", close) else 1
        end = max(end, close)
    return start, end


def kind_of(layout: Layout, tokens: list[Token]) -> QuoteKind:
    """A reported clause is `partial` when it quotes some of its words, else `indirect`."""
    return "partial" if any(layout.quoted[t.i] >= 0 for t in tokens) else "indirect"


def sentence_bounds(layout: Layout, i: int) -> tuple[int, int]:
    """Token range of the sentence around token i: from the last sentence end or line break
    before it to the next one, quoted words included."""
    return layout.sentence_start[i], layout.sentence_end[i]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """How many characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


class Coverage:
    """The characters that found quotes cover, so that "does this stretch overlap any of them"
    costs the stretch's length, not one comparison per quote found so far."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.marks = bytearray(size)
        for span in spans:
            self.add(span)

    def add(self, span: tuple[int, int]) -> None:
        end = min(span[1], len(self.marks))
        start = min(span[0], end)
        self.marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, span: tuple[int, int]) -> bool:
        return span[0] < span[1] and self.marks.find(1, span[0], span[1]) >= 0
