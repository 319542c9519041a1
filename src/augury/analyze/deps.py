"""Dependency-parse helpers shared by the analyzers: label sets and subject finders over spaCy
tokens (ClearNLP labels, as en_core_web_sm assigns them)."""

from __future__ import annotations

from spacy.tokens import Token

# Every subject: nominal, clausal and expletive ("there is a chance").
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# Nominal subjects only, active and passive.
NOMINAL_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Labels that start another clause: a path up the tree that crosses one leaves the clause.
CLAUSE_BOUNDARIES = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "conj", "parataxis"})
# Words in front of a noun that modify it: the title before a name ("Kremlin spokesman").
NOUN_MODIFIERS = frozenset({"compound", "amod", "nmod"})


def subject_of(verb: Token) -> Token | None:
    """The subject of a cue verb. A participle without one ("…, noting that", "stating, “…”")
    or an infinitive after a verb of doing ("going on to say") borrows the subject of the main
    clause it hangs from.

    Unlike `nominal_subject`: an active subject (nsubj or csubj, never nsubjpass), the nearest
    one first and a PERSON or ORG entity over others; a relative pronoun stands for the noun
    its clause hangs from, and a conjoined verb without one takes the subject of the verb it
    joins."""
    own = _own_subject(verb)
    if own is not None or verb.tag_ not in ("VBG", "VBN") and not _subject_control(verb):
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


# Verbs after which an infinitive is something done, not meant: "went on to say", "took to
# Twitter to write" (but "wants to say", "seems to think", "urged him to say" are not sayings).
_DOING_VERBS = frozenset({"go", "continue", "proceed", "take", "rise"})


def _subject_control(verb: Token) -> bool:
    """An infinitive whose doer is the subject of a verb of doing above it ("going on to say")."""
    return verb.tag_ == "VB" and verb.dep_ == "xcomp" and verb.head.lemma_ in _DOING_VERBS


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


def nominal_subject(verb: Token) -> Token | None:
    """A verb's subject; of two (a misparsed title before a name), the name.

    Unlike `subject_of`: only the verb's own nominal subject, active or passive (nsubj,
    nsubjpass), the first in the parse and a proper noun over others; nothing is borrowed
    from another clause and a relative pronoun is returned as it is."""
    subjects = [c for c in verb.children if c.dep_ in NOMINAL_SUBJECTS]
    return next((s for s in subjects if s.pos_ == "PROPN"), subjects[0] if subjects else None)


def is_passive(verb: Token) -> bool:
    """Whether a verb is passive: it has a passive auxiliary or a passive subject."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
