"""Pass 6, fragments: quoted words left over go to a speaking subject of their clause, or to the
attribution of the next or previous sentence of the same paragraph."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Token

from augury.analyze.deps import is_passive
from augury.analyze.quotes.layout import (
    Attribution,
    Coverage,
    Layout,
    clause_span,
    content_has_verb,
    lemma_of,
    sentence_bounds,
)
from augury.analyze.quotes.marks import Stretch
from augury.analyze.quotes.mentions import names_someone, speaker_np


def find_fragments(layout: Layout, taken: list[Attribution]) -> list[Attribution]:
    """Quoted words inside a clause whose subject can speak are that subject's words:
    `he mourned the “senseless, tragic deaths” of …`. A quoted word or name alone stays a
    scare quote or title and is left out."""
    found: list[Attribution] = []
    doc = layout.doc
    covered = Coverage(len(layout.text), (sp for a in taken for sp in a.spans))
    by_cue: dict[int, list[Attribution]] = {}
    for att in taken:
        if att.cue_i is not None:
            by_cue.setdefault(att.cue_i, []).append(att)
    for stretch in layout.stretches:
        where = (stretch.start, stretch.end)
        if covered.overlaps(where):
            continue
        if len(layout.text[stretch.start:stretch.end].split()) < 2:
            continue
        inner = [t for t in doc.char_span(*where, alignment_mode="expand") or []]
        heads = [t for t in inner if not stretch.start <= t.head.idx < stretch.end]
        if not heads or all(t.pos_ == "PROPN" for t in inner if t.is_alpha):
            continue
        verb = heads[0].head
        for _ in range(4):
            if verb.pos_ == "VERB" or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb.pos_ != "VERB" or layout.quoted[verb.i] >= 0 or verb.i > heads[0].i:
            continue
        if is_passive(verb) or verb.i in layout.used:
            continue
        same = [a for a in by_cue.get(verb.i, []) if len(a.spans) == 1]
        if same:
            lo, hi = same[0].spans[0]
            same[0].spans = [(min(lo, stretch.start), max(hi, stretch.end))]
            same[0].kind = "partial"
            covered.add(same[0].spans[0])
            continue
        np = speaker_np(layout, verb)
        if np is None or not names_someone(np, layout.cues) or np.start > verb.i:
            continue
        tokens = [t for c in verb.children if c.i > verb.i and c.dep_ not in _NOT_CONTENT
                  for t in c.subtree]
        span = clause_span(layout, tokens, verb.i)
        if span is None or not (span[0] <= stretch.start and stretch.end <= span[1]):
            continue
        found.append(Attribution([span], "partial", lemma_of(verb), verb.i, np))
        by_cue.setdefault(verb.i, []).append(found[-1])
        covered.add(span)
    return found


_NOT_CONTENT = {"punct", "cc", "conj", "advcl", "mark", "nsubj", "aux", "neg", "advmod"}


def find_orphans(layout: Layout, found: list[Attribution]) -> list[Attribution]:
    """A sentence that quotes someone without a cue of its own, right before or after an
    attributed sentence of the same paragraph, goes with that attribution:
    `But if Trump is "powerful and brave enough" …, then … . Otherwise, "the war will
    continue," says Markov.` A quoted word alone (a scare quote: `a Trump-led "reset"`) does
    not make a sentence someone's words."""
    extra: list[Attribution] = []
    covered = Coverage(len(layout.text), (sp for a in found for sp in a.spans))
    neighbours = _Neighbours(layout, found)
    sentences = _Sentences(layout)
    for stretch in layout.stretches:
        where = (stretch.start, stretch.end)
        if covered.overlaps(where):
            continue
        alone = len(layout.text[stretch.start:stretch.end].split()) < 2
        first, last = sentence_bounds(layout, layout.token_at(stretch.open))
        cue = sentences.cue(first, last)
        if cue is not None:
            att = _unparsed_report(sentences, cue, stretch, last)
            if att is not None:
                extra.append(att)
                for sp in att.spans:
                    covered.add(sp)
            continue
        if alone or not sentences.has_verb(first, last):
            continue
        span = sentences.clause(first, last, layout.token_at(stretch.open))
        if span is None:
            continue
        att = neighbours.next_to(first, last)
        if att is not None:
            extra.append(Attribution([span], "partial", att.cue, att.cue_i, att.speaker))
            covered.add(span)
    return extra


class _Sentences:
    """What find_orphans reads of a sentence (its first cue verb, whether it has a verb, its
    clause), read once per sentence rather than once per quotation in it: a sentence with
    thousands of quotation marks is read once."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self._cues: dict[int, Token | None] = {}
        self._verbs: dict[int, bool] = {}
        self._clauses: dict[tuple[int, int, int], tuple[int, int] | None] = {}

    def cue(self, first: int, last: int) -> Token | None:
        if first not in self._cues:
            layout = self.layout
            self._cues[first] = next(
                (t for t in layout.doc[first:last] if layout.is_cue_verb(t)), None)
        return self._cues[first]

    def has_verb(self, first: int, last: int) -> bool:
        if first not in self._verbs:
            self._verbs[first] = content_has_verb(list(self.layout.doc[first:last]))
        return self._verbs[first]

    def clause(self, first: int, last: int, anchor: int) -> tuple[int, int] | None:
        """`clause_span` of tokens first:last, which reads the anchor only for its paragraph."""
        key = (first, last, self.layout.para[anchor])
        if key not in self._clauses:
            tokens = list(self.layout.doc[first:last])
            self._clauses[key] = clause_span(self.layout, tokens, anchor)
        return self._clauses[key]


def _unparsed_report(sentences: _Sentences, cue: Token, stretch: Stretch, last: int
                     ) -> Attribution | None:
    """`Filippenko said that Moscow's decision … should be read as … “is awaiting …”` when the
    parser lost the clause: the rest of the sentence after a speaker's cue verb."""
    layout = sentences.layout
    if cue.i > layout.token_at(stretch.open) or cue.i in layout.used:
        return None
    np = speaker_np(layout, cue)
    if np is None or np.start > cue.i:
        return None
    span = sentences.clause(cue.i + 1, last, cue.i)
    if span is None or not span[0] <= stretch.start:
        return None
    return Attribution([span], "partial", lemma_of(cue), cue.i, np)


class _Neighbours:
    """The attributions with a speaker, each with the sentences it spans, sorted by where those
    start: finding the one next to a sentence looks at the attributions that can reach it, not
    at every attribution of the document."""

    def __init__(self, layout: Layout, found: list[Attribution]) -> None:
        self.layout = layout
        rows = [(*_sentences_of(layout, att), k) for k, att in enumerate(found)
                if att.speaker is not None]
        rows.sort()
        self.rows = rows
        self.starts = [lo for lo, _, _ in rows]
        self.found = found
        self.reach = max((hi - lo for lo, hi, _ in rows), default=0)

    def next_to(self, first: int, last: int) -> Attribution | None:
        """The first attribution (in found order) whose sentences are right before or after
        tokens first:last, in the same paragraph, with at most two punctuation tokens between."""
        # lo >= last needs lo <= last + 2; lo < last needs hi >= first - 2, so lo >= that - reach
        a = bisect_left(self.starts, first - 2 - self.reach)
        b = bisect_right(self.starts, last + 2)
        best: int | None = None
        for lo, hi, k in self.rows[a:b]:
            if (best is None or k < best) and self._adjacent(lo, hi, first, last):
                best = k
        return self.found[best] if best is not None else None

    def _adjacent(self, lo: int, hi: int, first: int, last: int) -> bool:
        layout = self.layout
        if layout.para[lo] != layout.para[first]:
            return False
        start, end = (last, lo) if lo >= last else (hi, first)
        if end - start > 2:
            return False
        return all(t.is_punct or t.is_space for t in layout.doc[start:end])


def _sentences_of(layout: Layout, att: Attribution) -> tuple[int, int]:
    """The token range of the sentences an attribution spans: its content, cue and speaker."""
    at = [layout.token_at(s) for s, _ in att.spans] + [layout.token_at(e - 1) for _, e in att.spans]
    if att.cue_i is not None:
        at.append(att.cue_i)
    if att.speaker is not None:
        at.append(att.speaker.start)
    return sentence_bounds(layout, min(at))[0], sentence_bounds(layout, max(at))[1]
