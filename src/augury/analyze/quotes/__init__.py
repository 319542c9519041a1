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

The passes, in order (`find_quotes`), with the module that holds each:
1. quotation marks (`marks`): “…”, "…", the typewriter pair ''…'', top-level ‘…’ and '…',
   paired per paragraph; an open paragraph continues into the next one that opens with a mark;
2. direct quotes (`direct`): a stretch that stands alone, framed before ("X said:", "stating,",
   "Peskov said “…”") or after ("…,” she added", "…,” said Filippenko", "…?” X, a lecturer,
   wrote on X.", "…” Markov says.", "…,” Tulsa police Chief Chuck Jordan said"), or signed
   with a dash and a name that close the paragraph ("…” ― Edwin G. Monroy", cue `signed`);
3. reported speech (`reported`, `labels`): a cue verb with a speaker subject and its clause
   ("X said that …"), or the rest of the sentence around a frame the parser left clause-less
   ("…, Sanders said."); object verbs with their complements ("called him “a loser”", "urged
   Congress to act"); "according to X"; headline and transcript labels ("Graham: …",
   "PENCE: …"); "X's statement that …";
4. reports inside another report's content are dropped, the outer one kept (here);
5. framed-less utterances (`continuations`) go on with the speaker of the attribution right
   before them ("“A,” she said. “B.”"; a signature closes its speaker's turn), else stand as
   unattributed speech when they make a sentence;
6. quoted fragments left over (`fragments`) go to a speaking subject of their clause, or to the
   attribution of the next or previous sentence of the same paragraph;
7. speakers are resolved by `augury.analyze.speakers`.

Every pass reads `layout` (the cue words, the document's layout, found quotes and the spans
cut from it) and takes speaker mentions from `mentions`; dependency-parse helpers are
`augury.analyze.deps`.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from augury.analyze.deps import subject_of
from augury.analyze.quotes.continuations import find_continuations
from augury.analyze.quotes.direct import LEAD_WORDS, find_direct
from augury.analyze.quotes.fragments import find_fragments, find_orphans
from augury.analyze.quotes.labels import find_headline_says, find_labelled
from augury.analyze.quotes.layout import (
    CUES_PATH,
    SENTENCE_END,
    Attribution,
    Cues,
    Layout,
    lemma_of,
    load_cues,
    overlap,
)
from augury.analyze.quotes.marks import DOUBLE_MARKS, Stretch, find_stretches
from augury.analyze.quotes.reported import find_according, find_noun_clauses, find_reported
from augury.analyze.speakers import SpeakerResolver
from augury.model import Quote

# The names this module had before it became a package, so imports of them keep working.
__all__ = [
    "CUES_PATH", "DOUBLE_MARKS", "LEAD_WORDS", "SENTENCE_END", "Attribution", "Cues", "Layout",
    "QuoteFinder", "Stretch", "find_quotes", "find_stretches", "lemma_of", "load_cues",
    "make_quotes", "subject_of",
]

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


def _drop_duplicates(direct: list[Attribution], reported: list[Attribution]) -> list[Attribution]:
    """A reported clause that is mostly a direct quote already found adds nothing."""
    kept = []
    spans = [s for a in direct for s in a.spans]
    for att in reported:
        span = att.spans[0]
        covered = sum(overlap(span, s) for s in spans)
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
    direct, pending = find_direct(layout)
    layout.used = {a.cue_i for a in direct if a.cue_i is not None}
    reported = find_reported(layout) + find_according(layout) + find_labelled(layout)
    reported += find_headline_says(layout) + find_noun_clauses(layout)
    found = _drop_nested(direct + _drop_duplicates(direct, reported), layout)
    found += find_continuations(layout, found, pending)
    found += find_fragments(layout, found)
    found += find_orphans(layout, found)
    _resolve_speakers(doc, found)
    quotes = [quote for att in found for quote in _to_quotes(layout.text, att)]
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


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
