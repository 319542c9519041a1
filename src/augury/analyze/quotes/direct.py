"""Pass 2, direct quotes: a stretch that stands alone, framed before ("X said:", "stating,") or
after ("…,” she added", "…” Markov says."); unframed utterances are left for continuations."""

from __future__ import annotations

from spacy.tokens import Span, Token

from augury.analyze.deps import subject_of
from augury.analyze.doctext import ents_in
from augury.analyze.quotes.layout import Attribution, Layout, content_has_verb, lemma_of
from augury.analyze.quotes.marks import Stretch
from augury.analyze.quotes.mentions import np_at

SIGNED = "signed"  # the cue of a quote signed with a dash and a name
DASHES = {"—", "–", "―", "-", "--"}
LEAD_WORDS = {"however", "but", "and", "yet", "still", "so", "otherwise", "also", "now", "then",
              "indeed", "instead", "meanwhile", "moreover", "ultimately", "though", "or"}


def _frame_after(layout: Layout, after: list[Token], strict: bool) -> tuple[Token, Span] | None:
    """`…,” she added` / `…,” said Filippenko` / `…?” Ruth Deyermond, a lecturer, wrote on X.`

    `strict` (the quote closed its own sentence): the words after it must be nothing but an
    attribution ("Markov says."), not a new sentence that says something else."""
    words = [t for t in after if not (t.is_punct and t.text in ",—–-")]
    if not words:
        return None
    found: tuple[Token, Span] | None = None
    if layout.is_cue_verb(words[0]):
        rest = [t for t in words[1:] if t.lower_ not in ("also", "then")]
        if rest and (np := np_at(layout, rest[0])) is not None:
            found = words[0], np
    elif (np := np_at(layout, words[0])) is not None:
        found = _cue_after_np(layout, after, np)
    else:
        found = _noun_run_frame(layout, words)
    if found is None:
        return None
    cue = found[0]
    if strict and any(
        t.i > cue.i and t.pos_ in ("VERB", "AUX") and not layout.is_cue_verb(t) for t in after
    ):
        return None
    if strict and any(c.dep_ == "ccomp" and cue.i < c.i <= after[-1].i for c in cue.children):
        return None
    return found


def _noun_run_frame(layout: Layout, words: list[Token]) -> tuple[Token, Span] | None:
    """`…,” Tulsa police Chief Chuck Jordan said Monday.` when the parser reads the first name
    as a verb: a run of nouns and names before the cue, the person named in it if any."""
    k = next((k for k, t in enumerate(words) if layout.is_cue_verb(t)), None)
    if not k or k > 6 or not all(t.tag_.startswith("NN") for t in words[1:k]):
        return None
    if not (words[0].tag_.startswith("NN") or words[0].ent_type_):
        return None
    run = words[0].doc[words[0].i:words[k - 1].i + 1]
    people = [e for e in ents_in(run) if e.label_ == "PERSON"]
    return words[k], people[-1] if people else run


def _signature(layout: Layout, after: list[Token]) -> Span | None:
    """`….” ― Edwin G. Monroy`: a dash and a name closing the paragraph sign the quote."""
    if len(after) < 2 or after[0].text not in DASHES:
        return None
    name = after[1:-1] if after[-1].text == "." else after[1:]
    if not name or not all(t.text[:1].isupper() for t in name) or name[0].tag_ != "NNP":
        return None
    end = name[-1].idx + len(name[-1])
    line_end = layout.text.find("\n", end)
    rest = layout.text[end:line_end if line_end >= 0 else len(layout.text)]
    return name[0].doc[name[0].i:name[-1].i + 1] if not rest.strip().strip(".") else None


def _cue_after_np(layout: Layout, after: list[Token], np: Span) -> tuple[Token, Span] | None:
    """The cue verb after a speaker mention, skipping an apposition set off by commas."""
    depth = 0
    for t in after:
        if t.i < np.end:
            continue
        if t.text == ",":
            depth = 1 - depth
            continue
        if layout.is_cue_verb(t):
            return t, np
        verb = t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")
        if depth == 0 and verb and t.lower_ not in ("has", "have", "had"):
            return None
    return None


def _strip_tail(before: list[Token]) -> tuple[list[Token], bool]:
    """Drop the punctuation and "that" between a cue and its quote; report a colon."""
    colon = False
    while before and (before[-1].is_punct or before[-1].lower_ == "that"):
        colon = colon or before[-1].text == ":"
        before = before[:-1]
    return before, colon


_ADJUNCT = {"ADV", "ADP", "DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON", "PUNCT"}


def _adjuncts_only(words: list[Token]) -> bool:
    """Words between a cue and its quote that do not start the quoted clause:
    "simply", "in a statement", "on Monday", "to reporters"."""
    words = [t for t in words if t.ent_type_ not in ("DATE", "TIME")]
    if not words:
        return True
    return words[0].pos_ in ("ADV", "ADP") and all(t.pos_ in _ADJUNCT for t in words) and \
        not any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in words)


def _frame_before(layout: Layout, before: list[Token]) -> tuple[Token | None, Span, str] | None:
    """`Peskov said “…”` / `Mr. Trump responded: “…”` / `…, stating, “…”` / `… Russia: “…”`."""
    words, colon = _strip_tail(before)
    if not words:
        return None
    cue_at = None
    for k in range(len(words) - 1, -1, -1):
        t = words[k]
        if layout.is_cue_verb(t) and (colon or _adjuncts_only(words[k + 1:])):
            cue_at = k
            break
        if not colon and (t.pos_ in ("VERB", "AUX") or len(words) - k > 6):
            break
    if cue_at is not None:
        cue = words[cue_at]
        subject = subject_of(cue)
        if subject is not None and layout.quoted[subject.i] < 0:
            np = np_at(layout, subject)
            if np is not None:
                return cue, np, lemma_of(cue)
        np = _np_before(layout, words[:cue_at])
        return (cue, np, lemma_of(cue)) if np is not None else None
    if not colon:
        return None
    roots = [t for t in words if t.head.i == t.i or not (words[0].i <= t.head.i <= words[-1].i)]
    for root in roots:
        subject = subject_of(root) if root.pos_ in ("VERB", "AUX") else None
        if subject is not None and (np := np_at(layout, subject)) is not None:
            nouns = [t for t in words if t.lower_ in layout.cues.nouns]
            return None, np, nouns[-1].lower_ if nouns else ":"
    return None


def _np_before(layout: Layout, words: list[Token]) -> Span | None:
    """The mention right before a cue verb ("Filippenko also said")."""
    for t in reversed(words):
        if t.pos_ in ("ADV", "AUX", "PART") or t.is_punct:
            continue
        return np_at(layout, t)
    return None


def _lead_only(words: list[Token]) -> bool:
    return all(t.is_punct or t.lower_ in LEAD_WORDS for t in words)


def _previous_colon(layout: Layout, stretch: Stretch) -> list[Token]:
    """Words of the previous paragraph's last sentence when it ends with a colon."""
    text = layout.text
    i = stretch.open - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0 or text[i] != ":" or "\n" not in text[i:stretch.open]:
        return []
    return layout.words(layout.token_at(i), -1)


def find_direct(layout: Layout) -> tuple[list[Attribution], list[Stretch]]:
    """Attribute each stretch that stands as a whole utterance; fragments are left out.
    Returns the attributed quotes and the utterances that have no frame of their own."""
    found: list[Attribution] = []
    pending: list[Stretch] = []
    text = layout.text
    for stretch in layout.stretches:
        o = layout.token_at(stretch.open)
        c = layout.token_at(stretch.close)
        before = layout.words(o - 1, -1)
        after = layout.words(c + 1, 1) if stretch.close < len(text) else []
        frame = _frame_before(layout, before)
        if frame is None and not before:
            frame = _frame_before(layout, _previous_colon(layout, stretch))
        closed_sentence = text[stretch.end - 1] in ".?!…"
        post = _frame_after(layout, after, strict=closed_sentence)
        signed = _signature(layout, after) if frame is None and post is None else None
        first = after[0] if after else None
        ends_clause = (
            first is None
            or first.is_punct
            or post is not None
            or signed is not None
            or (closed_sentence and first.is_sent_start)
            or (frame is not None and not content_has_verb(after))
        )
        inserted = post is not None and before and before[-1].text in ("—", "–", "-", "(", ";") \
            and text[stretch.start].isupper()
        if not ((frame is not None or _lead_only(before) or inserted) and ends_clause):
            continue
        span = [(stretch.start, stretch.end)]
        if signed is not None:
            found.append(Attribution(span, "direct", SIGNED, None, signed))
        elif post is not None and (frame is None or frame[0] is None):
            cue_t, np = post
            found.append(Attribution(span, "direct", lemma_of(cue_t), cue_t.i, np))
        elif frame is not None:
            cue_t, np, cue = frame
            cue_i = cue_t.i if cue_t is not None else None
            found.append(Attribution(span, "direct", cue, cue_i, np))
        else:
            pending.append(stretch)
    return found, pending
