"""Speakers of cue verbs: the mention at a subject, and whether it names someone who can speak."""

from __future__ import annotations

from spacy.tokens import Span, Token

from augury.analyze.deps import subject_of
from augury.analyze.quotes.layout import Cues, Layout
from augury.analyze.speakers import mention_span

_NP_START = {"DET", "PROPN", "PRON", "NOUN", "ADJ", "NUM"}


def np_at(layout: Layout, t: Token) -> Span | None:
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


def speaker_np(layout: Layout, verb: Token) -> Span | None:
    """The mention of a cue verb's subject, unless it is quoted, in another paragraph or a word
    that names no one ("it", "there", "you")."""
    subject = subject_of(verb)
    if subject is None or subject.lower_ in ("it", "there", "this", "that", "you", "which"):
        return None
    if layout.quoted[subject.i] >= 0 or layout.para[subject.i] != layout.para[verb.i]:
        return None
    return np_at(layout, subject)


_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE"}


def names_someone(np: Span, cues: Cues) -> bool:
    """A subject that can speak: a name, a personal pronoun, or a noun for people ("aides")."""
    root = np.root
    if root.pos_ == "PRON":
        return root.lower_ in _SPEAKING_PRONOUNS
    if root.pos_ == "PROPN" or root.ent_type_ in _NAME_LABELS:
        return True
    return root.lemma_.lower() in cues.people or root.lower_ in cues.people
