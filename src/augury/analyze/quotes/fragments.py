"""Pass 6, fragments: quoted words left over go to a speaking subject of their clause, or to the
attribution of the next or previous sentence of the same paragraph."""

from __future__ import annotations

from spacy.tokens import Token

from augury.analyze.deps import is_passive
from augury.analyze.quotes.layout import (
    Attribution,
    Layout,
    clause_span,
    content_has_verb,
    lemma_of,
    overlap,
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
    spans = [sp for a in taken for sp in a.spans]
    for stretch in layout.stretches:
        where = (stretch.start, stretch.end)
        if any(overlap(where, sp) for sp in spans):
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
        same = [a for a in taken + found if a.cue_i == verb.i and len(a.spans) == 1]
        if same:
            lo, hi = same[0].spans[0]
            same[0].spans = [(min(lo, stretch.start), max(hi, stretch.end))]
            same[0].kind = "partial"
            spans.append(same[0].spans[0])
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
        spans.append(span)
    return found


_NOT_CONTENT = {"punct", "cc", "conj", "advcl", "mark", "nsubj", "aux", "neg", "advmod"}


def find_orphans(layout: Layout, found: list[Attribution]) -> list[Attribution]:
    """A sentence that quotes someone without a cue of its own, right before or after an
    attributed sentence of the same paragraph, goes with that attribution:
    `But if Trump is "powerful and brave enough" …, then … . Otherwise, "the war will
    continue," says Markov.` A quoted word alone (a scare quote: `a Trump-led "reset"`) does
    not make a sentence someone's words."""
    extra: list[Attribution] = []
    spans = [sp for a in found for sp in a.spans]
    for stretch in layout.stretches:
        where = (stretch.start, stretch.end)
        if any(overlap(where, sp) for sp in spans):
            continue
        alone = len(layout.text[stretch.start:stretch.end].split()) < 2
        first, last = sentence_bounds(layout, layout.token_at(stretch.open))
        sentence = list(layout.doc[first:last])
        cues = [t for t in sentence if layout.is_cue_verb(t)]
        if cues:
            att = _unparsed_report(layout, cues[0], stretch, last)
            if att is not None:
                extra.append(att)
                spans.extend(att.spans)
            continue
        span = clause_span(layout, sentence, layout.token_at(stretch.open))
        if span is None or alone or not content_has_verb(sentence):
            continue
        near = [a for a in found if a.speaker is not None and _next_to(layout, a, first, last)]
        if near:
            att = near[0]
            extra.append(Attribution([span], "partial", att.cue, att.cue_i, att.speaker))
            spans.append(span)
    return extra


def _unparsed_report(layout: Layout, cue: Token, stretch: Stretch, last: int
                     ) -> Attribution | None:
    """`Filippenko said that Moscow's decision … should be read as … “is awaiting …”` when the
    parser lost the clause: the rest of the sentence after a speaker's cue verb."""
    if cue.i > layout.token_at(stretch.open) or cue.i in layout.used:
        return None
    np = speaker_np(layout, cue)
    if np is None or np.start > cue.i:
        return None
    span = clause_span(layout, list(layout.doc[cue.i + 1:last]), cue.i)
    if span is None or not span[0] <= stretch.start:
        return None
    return Attribution([span], "partial", lemma_of(cue), cue.i, np)


def _next_to(layout: Layout, att: Attribution, first: int, last: int) -> bool:
    """Whether an attribution's sentence is the one right before or after tokens first:last."""
    at = [layout.token_at(s) for s, _ in att.spans] + [layout.token_at(e - 1) for _, e in att.spans]
    if att.cue_i is not None:
        at.append(att.cue_i)
    if att.speaker is not None:
        at.append(att.speaker.start)
    lo, hi = sentence_bounds(layout, min(at))[0], sentence_bounds(layout, max(at))[1]
    if layout.para[lo] != layout.para[first]:
        return False
    between = list(layout.doc[last:lo]) if lo >= last else list(layout.doc[hi:first])
    return len(between) <= 2 and all(t.is_punct or t.is_space for t in between)
