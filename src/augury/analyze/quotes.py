"""Quotations and reported speech, with who said them: pure rules over spaCy's parse and entities.

What `doc._.quotes` holds (a list of `augury.model.Quote`, sorted by start):

- `direct`: quoted words that stand as a whole utterance. `text` is the words inside the
  quotation marks, a trailing comma dropped. A quote split around its attribution
  ("“A,” she said. “B.”") gives one Quote per contiguous quoted stretch; the stretches share
  speaker mention and cue. A quote left open at the end of a paragraph and continued by a
  paragraph that opens with a quotation mark is one Quote over both paragraphs.
- `partial`: a reported clause that quotes some of its words (`believes a “reset” in relations
  to be “unlikely at this point in time,”`); `text` is the whole clause, marks included.
- `indirect`: a reported clause without quotation marks ("X said that …", "according to X, …");
  `text` is the clause, without a leading "that".

Quoted words that are neither a whole utterance nor part of a reported clause (scare quotes,
titles, a quoted word used as a noun) are not emitted. Cue words live in `cues.txt`.

The passes, in order (`find_quotes`):
1. quotation marks: “…”, "…", the typewriter pair ''…'', top-level ‘…’ and '…', paired per
   paragraph; an open paragraph continues into the next one that opens with a mark;
2. direct quotes: a stretch that stands alone, framed before ("X said:", "stating,", "Peskov
   said “…”") or after ("…,” she added", "…,” said Filippenko", "…?” X, a lecturer, wrote on
   X.", "…” Markov says.");
3. reported speech: a cue verb with a speaker subject and its clause ("X said that …"), or the
   rest of the sentence around a frame the parser left clause-less ("…, Sanders said."); object
   verbs with their complements ("called him “a loser”", "urged Congress to act"); "according
   to X"; headline and transcript labels ("Graham: …", "PENCE: …"); "X's statement that …";
4. reports inside another report's content are dropped (the outer one is kept);
5. framed-less utterances go on with the speaker of the attribution right before them
   ("“A,” she said. “B.”"), else stand as unattributed speech when they make a sentence;
6. quoted fragments left over go to a speaking subject of their clause, or to the attribution
   of the next or previous sentence of the same paragraph;
7. speakers are resolved by `augury.analyze.speakers`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from augury.analyze.speakers import Resolved, SpeakerResolver, mention_span
from augury.model import Quote, QuoteKind
from augury.words import load

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)

CUES_PATH = Path(__file__).with_name("cues.txt")
DOUBLE_MARKS = "“”\""
SENTENCE_END = {".", "?", "!", ";"}
LEAD_WORDS = {"however", "but", "and", "yet", "still", "so", "otherwise", "also", "now", "then",
              "indeed", "instead", "meanwhile", "moreover", "ultimately", "though", "or"}
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
class Stretch:
    """One contiguous quoted stretch: marks at `open`/`close`, words at `start`:`end`."""

    open: int
    close: int
    start: int
    end: int


@dataclass
class Attribution:
    """A found quote before its speaker is resolved; `cue_i` is the cue token's index."""

    spans: list[tuple[int, int]]
    kind: QuoteKind
    cue: str | None
    cue_i: int | None
    speaker: Span | None
    resolved: Resolved | None = field(default=None, repr=False)


# ---------------------------------------------------------------- quotation marks


def _is_open_context(text: str, i: int) -> bool:
    """A mark at i opens a quote when it follows a space, an opening bracket or a line start."""
    return i == 0 or text[i - 1] in " \t\n([{—–-/:" or text[i - 1] in "“‘"


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Positions and lengths of double quotation marks: “ ” " and the typewriter pair ''."""
    marks = []
    i = lo
    while i < hi:
        if text[i] in DOUBLE_MARKS:
            marks.append((i, 1))
        elif text.startswith("''", i) and i + 1 < hi:
            marks.append((i, 2))
            i += 1
        i += 1
    return marks


def _misprinted_close(text: str, i: int, hi: int) -> bool:
    """An opening mark typed where the closing one belongs: `…a fascist?“ he asked`."""
    return i > 0 and text[i - 1] in ".,?!" and (i + 1 >= hi or text[i + 1].isspace())


def _pair_double(text: str, lo: int, hi: int) -> list[tuple[int, int, int | None]]:
    """Pair the double marks of text[lo:hi] (one paragraph) as (open, mark length, close);
    an unclosed quote gets close None."""
    pairs: list[tuple[int, int, int | None]] = []
    open_at: tuple[int, int] | None = None
    for i, size in _double_marks(text, lo, hi):
        ch = text[i]
        if open_at is None:
            if ch == "“" or (ch != "”" and _is_open_context(text, i)):
                open_at = (i, size)
        elif ch == "“" and not _misprinted_close(text, i, hi):
            pairs.append((*open_at, None))
            open_at = (i, size)
        else:
            pairs.append((*open_at, i))
            open_at = None
    if open_at is not None:
        pairs.append((*open_at, None))
    return pairs


def _pair_single(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Top-level single-quoted stretches in text[lo:hi]: ‘…’ or '…' around whole words."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(lo, hi):
        ch = text[i]
        if ch not in "‘’'" or text.startswith("''", i) or text.startswith("''", i - 1):
            continue
        nxt = text[i + 1] if i + 1 < hi else " "
        prev = text[i - 1] if i > lo else " "
        if open_at is None:
            if ch in "‘'" and _is_open_context(text, i) and (nxt.isalpha() or nxt in "“\"…"):
                open_at = i
        elif ch in "’'" and not prev.isspace() and not nxt.isalnum():
            pairs.append((open_at, i))
            open_at = None
    return pairs


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Inner words of a stretch: no surrounding space, no trailing comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


def find_stretches(text: str) -> list[Stretch]:
    """Every quoted stretch of a text, paragraph by paragraph; nested quotes stay inside."""
    stretches: list[Stretch] = []
    carried: Stretch | None = None
    lo = 0
    for para in text.split("\n"):
        hi = lo + len(para)
        if not para.strip():
            lo = hi + 1
            continue
        lead = lo + len(para) - len(para.lstrip())
        doubles = [(a, n, b if b is not None else hi, b is not None)
                   for a, n, b in _pair_double(text, lo, hi)]
        if carried is not None:
            if doubles and doubles[0][0] == lead:
                a, n, b, _ = doubles[0]
                carried.close, carried.end = b, _trim(text, a + n, b)[1]
                doubles = doubles[1:]
            stretches.append(carried)
            carried = None
        for a, n, b, closed in doubles:
            s, e = _trim(text, a + n, b)
            if e <= s:
                continue
            stretch = Stretch(a, b, s, e)
            if not closed:
                carried = stretch
            else:
                stretches.append(stretch)
        for a, b in _pair_single(text, lo, hi):
            if any(x <= a <= y for x, _, y, _ in doubles):
                continue
            s, e = _trim(text, a + 1, b)
            if e > s:
                stretches.append(Stretch(a, b, s, e))
        lo = hi + 1
    if carried is not None:
        stretches.append(carried)
    stretches.sort(key=lambda s: s.open)
    return stretches


# ---------------------------------------------------------------- the document's layout


class Layout:
    """Per-document lookups: which tokens are quoted, link noise, noun chunks."""

    def __init__(self, doc: Doc, cues: Cues) -> None:
        self.doc = doc
        self.cues = cues
        self.text = doc.text
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


# ---------------------------------------------------------------- speakers of cue verbs


def subject_of(verb: Token) -> Token | None:
    """The subject of a cue verb. A participle without one ("…, noting that", "stating, “…”")
    borrows the subject of the main clause it hangs from."""
    own = _own_subject(verb)
    if own is not None or verb.tag_ not in ("VBG", "VBN"):
        return own
    found = None
    steps = 0
    while verb.dep_ in _CLIMB and verb.head.i != verb.i and steps < 6:
        verb = verb.head
        steps += 1
        if verb.pos_ in ("VERB", "AUX"):
            found = _own_subject(verb) or found
    return found


_CLIMB = ("advcl", "conj", "xcomp", "ccomp", "acl", "pcomp", "prep")


def _own_subject(verb: Token) -> Token | None:
    subjects = sorted((c for c in verb.children if c.dep_ in ("nsubj", "csubj")),
                      key=lambda c: abs(c.i - verb.i))
    named = [c for c in subjects if c.ent_type_ in ("PERSON", "ORG")]
    for child in named[:1] or subjects:
        if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            return verb.head
        return child
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _own_subject(verb.head)
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


_NP_START = {"DET", "PROPN", "PRON", "NOUN", "ADJ", "NUM"}


def _np_at(layout: Layout, t: Token) -> Span | None:
    """The mention that starts at (or contains) token t."""
    if t.pos_ not in _NP_START:
        return None
    if t.pos_ == "PRON" and t.lower_ not in _SPEAKING_PRONOUNS:
        return None
    mention = mention_span(t, layout.chunk.get(t.i))
    if mention.root.ent_type_ != "PERSON":
        named = [c for c in mention.root.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
        if named:
            return mention_span(named[0], layout.chunk.get(named[0].i))
    return mention


_SPEAKING_PRONOUNS = {"he", "she", "they", "i", "we", "some", "many", "others", "another",
                      "one", "most", "several", "few", "both", "all"}


def _content_has_verb(tokens: list[Token]) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in tokens)


# ---------------------------------------------------------------- direct quotes


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
        if rest and (np := _np_at(layout, rest[0])) is not None:
            found = words[0], np
    elif (np := _np_at(layout, words[0])) is not None:
        found = _cue_after_np(layout, after, np)
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
            np = _np_at(layout, subject)
            if np is not None:
                return cue, np, lemma_of(cue)
        np = _np_before(layout, words[:cue_at])
        return (cue, np, lemma_of(cue)) if np is not None else None
    if not colon:
        return None
    roots = [t for t in words if t.head.i == t.i or not (words[0].i <= t.head.i <= words[-1].i)]
    for root in roots:
        subject = subject_of(root) if root.pos_ in ("VERB", "AUX") else None
        if subject is not None and (np := _np_at(layout, subject)) is not None:
            nouns = [t for t in words if t.lower_ in layout.cues.nouns]
            return None, np, nouns[-1].lower_ if nouns else ":"
    return None


def _np_before(layout: Layout, words: list[Token]) -> Span | None:
    """The mention right before a cue verb ("Filippenko also said")."""
    for t in reversed(words):
        if t.pos_ in ("ADV", "AUX", "PART") or t.is_punct:
            continue
        return _np_at(layout, t)
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


def _direct_quotes(layout: Layout) -> tuple[list[Attribution], list[Stretch]]:
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
        first = after[0] if after else None
        ends_clause = (
            first is None
            or first.is_punct
            or post is not None
            or (closed_sentence and first.is_sent_start)
            or (frame is not None and not _content_has_verb(after))
        )
        inserted = post is not None and before and before[-1].text in ("—", "–", "-", "(", ";") \
            and text[stretch.start].isupper()
        if not ((frame is not None or _lead_only(before) or inserted) and ends_clause):
            continue
        span = [(stretch.start, stretch.end)]
        if post is not None and (frame is None or frame[0] is None):
            cue_t, np = post
            found.append(Attribution(span, "direct", lemma_of(cue_t), cue_t.i, np))
        elif frame is not None:
            cue_t, np, cue = frame
            cue_i = cue_t.i if cue_t is not None else None
            found.append(Attribution(span, "direct", cue, cue_i, np))
        else:
            pending.append(stretch)
    return found, pending


def _anchor(att: Attribution) -> int:
    """Where an attribution ends in the text: its content or its speaker mention."""
    end = max(e for _, e in att.spans)
    return max(end, att.speaker.end_char) if att.speaker is not None else end


def _inherit(layout: Layout, found: list[Attribution], stretch: Stretch) -> Attribution | None:
    """An unattributed utterance right after an attribution goes on with the same speaker:
    `“A,” she said. “B.”`, a paragraph of quotes after one that was attributed."""
    before = [a for a in found if a.speaker is not None and _anchor(a) <= stretch.open]
    if not before:
        return None
    last = max(before, key=_anchor)
    if any(_anchor(a) > _anchor(last) and a.spans[0][0] < stretch.open for a in found):
        return None
    gap = layout.text[_anchor(last):stretch.open]
    first, until = layout.token_at(_anchor(last)), layout.token_at(stretch.open)
    breaks = sum(layout.doc[i].text in (".", "?", "!") for i in range(first, until)
                 if layout.quoted[i] < 0)
    if gap.count("\n") > 2 or breaks > 1:
        return None
    span = [(stretch.start, stretch.end)]
    return Attribution(span, "direct", last.cue, last.cue_i, last.speaker)


def _is_speech(text: str, stretch: Stretch) -> bool:
    """Unattributed quoted words count as speech when they make a sentence of four words or more."""
    words = text[stretch.start:stretch.end].split()
    return len(words) >= 4 and text[stretch.start].isupper() and text[stretch.end - 1] in ".?!…"


# ---------------------------------------------------------------- reported speech


def _clause_span(layout: Layout, tokens: list[Token], anchor: int | None = None
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


def _kind(layout: Layout, tokens: list[Token]) -> QuoteKind:
    return "partial" if any(layout.quoted[t.i] >= 0 for t in tokens) else "indirect"


def _speaker_np(layout: Layout, verb: Token) -> Span | None:
    subject = subject_of(verb)
    if subject is None or subject.lower_ in ("it", "there", "this", "that", "you", "which"):
        return None
    if layout.quoted[subject.i] >= 0 or layout.para[subject.i] != layout.para[verb.i]:
        return None
    return _np_at(layout, subject)


def _reported(layout: Layout) -> list[Attribution]:
    """`X said that …`, `…, Markov says.`, `X believes …`, `X called him “a loser”`: a cue verb,
    its subject and what it reports."""
    found: list[Attribution] = []
    cues = layout.cues
    for verb in layout.doc:
        if verb.i in layout.used or layout.quoted[verb.i] >= 0 or _is_passive(verb):
            continue
        speech = layout.is_cue_verb(verb)
        if not (speech or lemma_of(verb) in cues.objects and verb.pos_ == "VERB"):
            continue
        np = _speaker_np(layout, verb)
        if np is None or not (speech or _names_someone(np, cues)):
            continue
        clauses = [c for c in verb.children if c.dep_ == "ccomp" and _reports(verb, c)]
        if clauses:
            tokens = _reported_clause(layout, clauses)
            if not _content_has_verb(tokens):
                continue
            lo, hi = min(t.i for t in tokens), max(t.i for t in tokens)
            if lo <= verb.i <= hi or lo <= np.start < hi:
                continue
            spans = [_clause_span(layout, tokens, verb.i)] if len(tokens) >= 3 else []
        else:
            spans = _around_frame(layout, verb, np) if speech else []
            if not spans and lemma_of(verb) in cues.objects:
                tokens = _complements(verb)
                spans = [_clause_span(layout, tokens, verb.i)] if tokens else []
        spans = [sp for sp in spans if sp is not None]
        if not spans:
            continue
        tokens = [t for sp in spans for t in layout.doc.char_span(*sp, alignment_mode="expand")]
        found.append(Attribution(spans, _kind(layout, tokens), lemma_of(verb), verb.i, np))
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
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
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
_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE"}


def _names_someone(np: Span, cues: Cues) -> bool:
    """A subject that can speak: a name, a personal pronoun, or a noun for people ("aides")."""
    root = np.root
    if root.pos_ == "PRON":
        return root.lower_ in _SPEAKING_PRONOUNS
    if root.pos_ == "PROPN" or root.ent_type_ in _NAME_LABELS:
        return True
    return root.lemma_.lower() in cues.people or root.lower_ in cues.people


def _around_frame(layout: Layout, verb: Token, np: Span) -> list[tuple[int, int] | None]:
    """`…, Sanders said.` / `A, he said, B.` when the parse gave the verb no clause: the rest
    of the sentence around the frame."""
    doc = layout.doc
    lo = min(np.start, verb.i)
    last = max(np.end - 1, verb.i)
    between = doc[min(np.end, verb.i + 1):max(np.start, verb.i)]
    if any(t.pos_ not in ("ADV", "AUX", "PART") for t in between):
        return []
    start, end = _sentence_bounds(layout, verb.i)
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
    return [_clause_span(layout, part) for part in (left, right)
            if len(part) >= 3 and _content_has_verb(part)]


def _sentence_bounds(layout: Layout, i: int) -> tuple[int, int]:
    """Token range of the sentence around token i: from the last sentence end or line break
    before it to the next one, quoted words included."""
    doc = layout.doc
    start = i
    while start > 0:
        t = doc[start - 1]
        if "\n" in t.text or (t.text in (".", "?", "!") and layout.quoted[t.i] < 0):
            break
        start -= 1
    end = i
    while end < len(doc):
        t = doc[end]
        if "\n" in t.text or (t.text in (".", "?", "!") and layout.quoted[t.i] < 0):
            break
        end += 1
    return start, end


def _according(layout: Layout) -> list[Attribution]:
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
            np = _np_at(layout, words[n])
            if np is None:
                continue
            prep = words[n - 1]
            source_end = max(w.i for w in prep.subtree) + 1 if prep.head.i != prep.i else np.end
            source_end = max(source_end, np.end)
            first, last = _sentence_bounds(layout, t.i)
            before = list(doc[first:t.i])
            after = list(doc[source_end:last])
            side = before if len(before) >= len(after) else after
            span = _clause_span(layout, side)
            if span is None or not _content_has_verb(side):
                continue
            found.append(Attribution([span], _kind(layout, side), " ".join(phrase), t.i, np))
    return found


def _fragments(layout: Layout, taken: list[Attribution]) -> list[Attribution]:
    """Quoted words inside a clause whose subject can speak are that subject's words:
    `he mourned the “senseless, tragic deaths” of …`. A quoted word or name alone stays a
    scare quote or title and is left out."""
    found: list[Attribution] = []
    doc = layout.doc
    spans = [sp for a in taken for sp in a.spans]
    for stretch in layout.stretches:
        where = (stretch.start, stretch.end)
        if any(_overlap(where, sp) for sp in spans):
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
        if _is_passive(verb) or verb.i in layout.used:
            continue
        same = [a for a in taken + found if a.cue_i == verb.i and len(a.spans) == 1]
        if same:
            lo, hi = same[0].spans[0]
            same[0].spans = [(min(lo, stretch.start), max(hi, stretch.end))]
            same[0].kind = "partial"
            spans.append(same[0].spans[0])
            continue
        np = _speaker_np(layout, verb)
        if np is None or not _names_someone(np, layout.cues) or np.start > verb.i:
            continue
        tokens = [t for c in verb.children if c.i > verb.i and c.dep_ not in _NOT_CONTENT
                  for t in c.subtree]
        span = _clause_span(layout, tokens, verb.i)
        if span is None or not (span[0] <= stretch.start and stretch.end <= span[1]):
            continue
        found.append(Attribution([span], "partial", lemma_of(verb), verb.i, np))
        spans.append(span)
    return found


_NOT_CONTENT = {"punct", "cc", "conj", "advcl", "mark", "nsubj", "aux", "neg", "advmod"}


def _noun_clauses(layout: Layout) -> list[Attribution]:
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
        span = _clause_span(layout, tokens, noun.i)
        if span is not None and len(np):
            found.append(Attribution([span], _kind(layout, tokens), noun.lower_, noun.i, np))
    return found


def _orphans(layout: Layout, found: list[Attribution]) -> list[Attribution]:
    """A sentence that quotes someone without a cue of its own, right before or after an
    attributed sentence of the same paragraph, goes with that attribution:
    `But if Trump is "powerful and brave enough" …, then … . Otherwise, "the war will
    continue," says Markov.` A quoted word alone (a scare quote: `a Trump-led "reset"`) does
    not make a sentence someone's words."""
    extra: list[Attribution] = []
    spans = [sp for a in found for sp in a.spans]
    for stretch in layout.stretches:
        where = (stretch.start, stretch.end)
        if any(_overlap(where, sp) for sp in spans):
            continue
        alone = len(layout.text[stretch.start:stretch.end].split()) < 2
        first, last = _sentence_bounds(layout, layout.token_at(stretch.open))
        sentence = list(layout.doc[first:last])
        cues = [t for t in sentence if layout.is_cue_verb(t)]
        if cues:
            att = _unparsed_report(layout, cues[0], stretch, last)
            if att is not None:
                extra.append(att)
                spans.extend(att.spans)
            continue
        span = _clause_span(layout, sentence, layout.token_at(stretch.open))
        if span is None or alone or not _content_has_verb(sentence):
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
    np = _speaker_np(layout, cue)
    if np is None or np.start > cue.i:
        return None
    span = _clause_span(layout, list(layout.doc[cue.i + 1:last]), cue.i)
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
    lo, hi = _sentence_bounds(layout, min(at))[0], _sentence_bounds(layout, max(at))[1]
    if layout.para[lo] != layout.para[first]:
        return False
    between = list(layout.doc[last:lo]) if lo >= last else list(layout.doc[hi:first])
    return len(between) <= 2 and all(t.is_punct or t.is_space for t in between)


_LABEL = re.compile(r"^[ \t]*([A-Z][^:\n]{0,60}?):[ \t]+(\S[^\n]*?)[.\s]*$", re.MULTILINE)
_NOT_SPEAKERS = {"update", "video", "watch", "exclusive", "breaking", "photos", "photo", "note",
                 "read", "more", "related", "correction", "source", "credit", "transcript",
                 "editor's note", "advertisement", "live", "analysis", "opinion", "byline",
                 "caption", "image", "graphic", "map", "chart", "listen", "follow", "share"}


def _labelled(layout: Layout) -> list[Attribution]:
    """`Graham: Trump's ‘Incredibly Hateful Rhetoric’ …` as a headline, `PENCE: Well, …` in a
    transcript: a name, a colon, and what that person said."""
    found: list[Attribution] = []
    text = layout.text
    headline = len(text) - len(text.lstrip())
    for m in _LABEL.finditer(text):
        label = m.group(1).strip()
        words = label.split()
        if not words or len(words) > 5 or label.lower() in _NOT_SPEAKERS or words[0] == "The":
            continue
        transcript = label.isupper() and len(words) <= 3 and all(
            w.replace(".", "").replace("'", "").replace("-", "").isalpha() for w in words)
        if m.start(1) != headline and not transcript:
            continue
        span = layout.doc.char_span(m.start(1), m.start(1) + len(label), alignment_mode="expand")
        if span is None or any(t.pos_ in ("VERB", "AUX", "PRON") for t in span):
            continue
        if not transcript and not all(w[0].isupper() or not w[0].isalpha() for w in words):
            continue
        np = mention_span(span[-1], span)
        content = layout.doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        if content is None or len(content) < 2:
            continue
        found.append(Attribution([(m.start(2), m.end(2))], _kind(layout, list(content)), ":",
                                 None, np))
    return found


def _headline_says(layout: Layout) -> list[Attribution]:
    """A title-case headline `Hillary Clinton Says EgyptAir Crash Seems Like …`: the tagger
    reads "Says" as a name, so find the cue word by its form."""
    doc = layout.doc
    text = layout.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    words = [t for t in doc[layout.token_at(start):layout.token_at(max(start, end - 1)) + 1]
             if not t.is_space]
    for k, t in enumerate(words[1:-1], start=1):
        if t.lower_ not in _HEADLINE_CUES or not t.text[0].isupper():
            continue
        name = words[:k]
        if not all(w.text[0].isupper() for w in name if w.is_alpha) or len(name) > 5:
            return []
        content = words[k + 1:]
        while content and content[-1].is_punct and layout.quoted[content[-1].i] < 0:
            content = content[:-1]
        if len(content) < 2:
            return []
        np = mention_span(name[-1], doc[name[0].i:name[-1].i + 1])
        span = (content[0].idx, content[-1].idx + len(content[-1]))
        return [Attribution([span], _kind(layout, content), lemma_of(t), t.i, np)]
    return []


_HEADLINE_CUES = {"says", "said", "tells", "warns", "claims", "insists", "admits", "argues",
                  "predicts", "vows", "promises", "urges", "calls", "slams", "blasts", "denies"}


# ---------------------------------------------------------------- putting it together


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _drop_duplicates(direct: list[Attribution], reported: list[Attribution]) -> list[Attribution]:
    """A reported clause that is mostly a direct quote already found adds nothing."""
    kept = []
    spans = [s for a in direct for s in a.spans]
    for att in reported:
        span = att.spans[0]
        covered = sum(_overlap(span, s) for s in spans)
        if covered * 2 >= span[1] - span[0]:
            continue
        kept.append(att)
    return kept


def _drop_nested(found: list[Attribution], layout: Layout) -> list[Attribution]:
    """Reported speech inside what someone else is reported to have said belongs to that outer
    report ("Trump has opposed aid, saying …, Markov adds"): keep the outer one only."""
    kept: list[Attribution] = []
    for att in sorted(found, key=lambda a: -sum(e - s for s, e in a.spans)):
        at = layout.doc[att.cue_i].idx if att.cue_i is not None else None
        if at is not None and any(
            o.kind != "direct" and s <= at < e for o in kept for s, e in o.spans
        ):
            continue
        kept.append(att)
    return kept


def find_quotes(doc: Doc, cues: Cues) -> list[Quote]:
    """Every direct, partial and indirect quote of a parsed Doc, speakers resolved."""
    layout = Layout(doc, cues)
    direct, pending = _direct_quotes(layout)
    layout.used = {a.cue_i for a in direct if a.cue_i is not None}
    reported = _reported(layout) + _according(layout) + _labelled(layout)
    reported += _headline_says(layout) + _noun_clauses(layout)
    found = _drop_nested(direct + _drop_duplicates(direct, reported), layout)
    found += _continuations(layout, found, pending)
    found += _fragments(layout, found)
    found += _orphans(layout, found)
    _resolve_speakers(doc, found)
    quotes = [quote for att in found for quote in _to_quotes(layout.text, att)]
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _continuations(layout: Layout, found: list[Attribution], pending: list[Stretch]
                   ) -> list[Attribution]:
    """Utterances without a frame: the previous speaker's when they go on from an attribution,
    else unattributed speech when they make a sentence of four words or more."""
    spans = [sp for a in found for sp in a.spans]
    extra: list[Attribution] = []
    for stretch in pending:
        where = (stretch.start, stretch.end)
        if any(_overlap(where, sp) for sp in spans):
            continue
        att = _inherit(layout, found + extra, stretch)
        if att is None and _is_speech(layout.text, stretch):
            att = Attribution([where], "direct", None, None, None)
        if att is not None:
            extra.append(att)
    return extra


def _resolve_speakers(doc: Doc, found: list[Attribution]) -> None:
    """Resolve speaker mentions in text order, so pronouns can lean on earlier speakers."""
    resolver = doc._.speakers = SpeakerResolver(doc)
    mentioned = [(att.speaker, att) for att in found if att.speaker is not None]
    for mention, att in sorted(mentioned, key=lambda pair: pair[0].start):
        content = (min(s for s, _ in att.spans), max(e for _, e in att.spans))
        att.resolved = resolver.resolve(mention, content)


def _to_quotes(text: str, att: Attribution) -> list[Quote]:
    mention = att.speaker
    return [
        Quote(
            text=text[start:end], start=start, end=end, kind=att.kind,
            speaker=att.resolved.name if att.resolved is not None else None,
            speaker_kind=att.resolved.kind if att.resolved is not None else None,
            speaker_mention=mention.text if mention is not None else None,
            speaker_start=mention.start_char if mention is not None else None,
            speaker_end=mention.end_char if mention is not None else None,
            cue=att.cue,
        )
        for start, end in att.spans
    ]


@Language.factory(
    "augury_quotes",
    assigns=["doc._.quotes", "doc._.speakers"],
    requires=["doc.ents", "token.dep"],
    default_config={"cues_path": None},
)
def make_quotes(nlp: Language, name: str, cues_path: str | None) -> QuoteFinder:
    return QuoteFinder(load_cues(Path(cues_path)) if cues_path else load_cues())


class QuoteFinder:
    """Sets doc._.quotes: direct, partial and indirect quotes with their speakers."""

    def __init__(self, cues: Cues) -> None:
        self.cues = cues

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc, self.cues)
        return doc
