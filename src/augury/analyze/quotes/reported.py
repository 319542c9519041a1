"""Pass 3, reported speech: a cue verb with a speaker subject and its clause, object verbs with
their complements, "according to X", and "X's statement that …"."""

from __future__ import annotations

from spacy.tokens import Span, Token

from augury.analyze.deps import NOMINAL_SUBJECTS, is_passive
from augury.analyze.quotes.layout import (
    Attribution,
    Layout,
    clause_span,
    content_has_verb,
    kind_of,
    lemma_of,
    sentence_bounds,
)
from augury.analyze.quotes.mentions import names_someone, np_at, speaker_np
from augury.analyze.speakers import mention_span


def find_reported(layout: Layout) -> list[Attribution]:
    """`X said that …`, `…, Markov says.`, `X believes …`, `X called him “a loser”`: a cue verb,
    its subject and what it reports."""
    found: list[Attribution] = []
    cues = layout.cues
    for verb in layout.doc:
        if verb.i in layout.used or layout.quoted[verb.i] >= 0 or is_passive(verb):
            continue
        speech = layout.is_cue_verb(verb)
        if not (speech or lemma_of(verb) in cues.objects and verb.pos_ == "VERB"):
            continue
        np = speaker_np(layout, verb)
        if np is None or not (speech or names_someone(np, cues)):
            continue
        clauses = [c for c in verb.children if c.dep_ == "ccomp" and _reports(verb, c)]
        if clauses:
            tokens = _reported_clause(layout, clauses)
            if not content_has_verb(tokens):
                continue
            lo, hi = min(t.i for t in tokens), max(t.i for t in tokens)
            if lo <= verb.i <= hi or lo <= np.start < hi:
                continue
            spans = [clause_span(layout, tokens, verb.i)] if len(tokens) >= 3 else []
        else:
            spans = _around_frame(layout, verb, np) if speech else []
            if not spans and lemma_of(verb) in cues.objects:
                tokens = _complements(verb)
                spans = [clause_span(layout, tokens, verb.i)] if tokens else []
        spans = [sp for sp in spans if sp is not None]
        if not spans:
            continue
        tokens = [t for sp in spans for t in layout.doc.char_span(*sp, alignment_mode="expand")]
        found.append(Attribution(spans, kind_of(layout, tokens), lemma_of(verb), verb.i, np))
    return found


def _reported_clause(layout: Layout, clauses: list[Token]) -> list[Token]:
    """The tokens of a cue's clauses without what is not part of the report: an "according to
    X" inside it, or a second report by the same speaker that the parser hung on the clause
    ("he makes $41,000 a year and questioned how …", "…, telling reporters that …")."""
    cut: set[int] = set()
    for clause in clauses:
        for t in clause.subtree:
            if t.lower_ == "according" or (
                t.dep_ in ("advcl", "conj") and t.i > clause.i
                and not any(c.dep_ in NOMINAL_SUBJECTS for c in t.children)
                and (layout.is_cue_verb(t) or lemma_of(t) in layout.cues.objects)
            ):
                cut.update(w.i for w in t.subtree)
    return [t for c in clauses for t in c.subtree if t.i not in cut]


def _reports(verb: Token, clause: Token) -> bool:
    """Whether a verb's clause is something reported. "Find" and "show" report only a full
    clause ("found that …", "polls show Clinton leads"), not "find themselves navigating"."""
    if lemma_of(verb) not in _WEAK_CUES:
        return True
    return clause.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("mark", "aux") for c in clause.children)


_WEAK_CUES = {"show", "find", "see", "know"}
_OBJECT_DEPS = {"dobj", "xcomp", "oprd", "dative", "attr", "acomp"}
_OBJECT_PREPS = {"as", "of", "for", "to", "about", "on", "against", "with"}


def _complements(verb: Token) -> list[Token]:
    """What a verb like "called", "urged" or "promised" reports: its objects and complements
    after it ("him “a loser”", "Congress to act", "to cut taxes")."""
    kids = [c for c in verb.children if c.i > verb.i and (
        c.dep_ in _OBJECT_DEPS or c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS)]
    lemma = lemma_of(verb)
    if lemma in _NEEDS_CLAUSE and not any(
            c.dep_ in ("xcomp", "oprd", "ccomp") or (lemma, c.lower_) in _CLAUSE_PREPS
            for c in kids):
        return []
    tokens = [t for c in kids for t in c.subtree]
    return tokens if len(tokens) >= 2 else []


# Verbs that report nothing by a bare object ("called him", "wants a deal", "asked about it").
_NEEDS_CLAUSE = {"call", "want", "plan", "hope", "expect", "seek", "intend", "decline", "refuse",
                 "ask", "tell"}
_CLAUSE_PREPS = {("call", "for"), ("call", "on")}


def _around_frame(layout: Layout, verb: Token, np: Span) -> list[tuple[int, int] | None]:
    """`…, Sanders said.` / `A, he said, B.` when the parse gave the verb no clause: the rest
    of the sentence around the frame."""
    doc = layout.doc
    lo = min(np.start, verb.i)
    last = max(np.end - 1, verb.i)
    between = doc[min(np.end, verb.i + 1):max(np.start, verb.i)]
    if any(t.pos_ not in ("ADV", "AUX", "PART") for t in between):
        return []
    start, end = sentence_bounds(layout, verb.i)
    prev = lo - 1
    while prev >= start and (doc[prev].is_space or layout.noise[prev]):
        prev -= 1
    if prev < start or doc[prev].text not in (",", "—", "–"):
        return []
    j = last + 1
    while j < end and doc[j].text not in (",", "—", "–"):
        if doc[j].pos_ in ("VERB", "AUX") or layout.quoted[j] >= 0:
            return []
        j += 1
    left = list(doc[start:prev])
    right = list(doc[j + 1:end]) if j < end else []
    if right and any(t.dep_ in ("appos", "relcl", "acl") and lo <= t.head.i <= j for t in right):
        right = []
    return [clause_span(layout, part) for part in (left, right)
            if len(part) >= 3 and content_has_verb(part)]


def find_according(layout: Layout) -> list[Attribution]:
    """`…, according to Markov.` / `According to X, …`: the sentence around the phrase."""
    found: list[Attribution] = []
    doc = layout.doc
    for phrase in layout.cues.phrases:
        n = len(phrase)
        for t in doc:
            if t.lower_ != phrase[0] or layout.quoted[t.i] >= 0:
                continue
            words = [w for w in doc[t.i:t.i + n + 6] if not layout.noise[w.i]][:n + 1]
            if [w.lower_ for w in words[:n]] != list(phrase) or len(words) <= n:
                continue
            np = np_at(layout, words[n])
            if np is None:
                continue
            prep = words[n - 1]
            source_end = max(w.i for w in prep.subtree) + 1 if prep.head.i != prep.i else np.end
            source_end = max(source_end, np.end)
            first, last = sentence_bounds(layout, t.i)
            before = list(doc[first:t.i])
            after = list(doc[source_end:last])
            side = before if len(before) >= len(after) else after
            span = clause_span(layout, side)
            if span is None or not content_has_verb(side):
                continue
            found.append(Attribution([span], kind_of(layout, side), " ".join(phrase), t.i, np))
    return found


def find_noun_clauses(layout: Layout) -> list[Attribution]:
    """`Dmitriev's statement that Trump's victory “opens up new opportunities”`: a cue noun, its
    possessor and its that-clause."""
    found: list[Attribution] = []
    for noun in layout.doc:
        if noun.pos_ != "NOUN" or noun.lower_ not in layout.cues.nouns:
            continue
        if layout.quoted[noun.i] >= 0:
            continue
        owners = [c for c in noun.children if c.dep_ == "poss"]
        clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
        if not owners or not clauses:
            continue
        owner = owners[0]
        if owner.pos_ == "PRON" and owner.lower_ not in ("his", "her", "their"):
            continue
        np = mention_span(owner, layout.chunk.get(owner.i)) if owner.pos_ != "PRON" else \
            layout.doc[owner.i:owner.i + 1]
        if owner.pos_ != "PRON":
            np = layout.doc[np.start:min(np.end, noun.i)]
            while len(np) > 1 and np[-1].tag_ == "POS":
                np = np[:-1]
        tokens = list(clauses[0].subtree)
        span = clause_span(layout, tokens, noun.i)
        if span is not None and len(np):
            found.append(Attribution([span], kind_of(layout, tokens), noun.lower_, noun.i, np))
    return found
