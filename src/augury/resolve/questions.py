"""Forecasts grouped by question: who, anywhere and at any time, predicted the same outcome.

Each forecast's text is parsed (spaCy) and read as a `Claim`:
- the outcome it states, in positive form (`statement`): attribution and hope frames ("experts
  suggest that", "Russians hope that"), hedges from the hedge table (modals, likely, expect),
  conditions ("if elected"), leading discourse words ("Instead,") and negation are dropped, and a
  modal or infinitive becomes "will" ("Trump has pledged to quickly end the war" -> "Trump will
  quickly end the war");
- its event word's concept and side from lexicon.txt (mend, thaw, reset: `relations` +1;
  worsen, strain: `relations` -1), its negation (a `neg` or "never" on the way from the event word
  up to the clause; negators of hedge words are hedges, not negation) and flip words on that way
  ("the road to reconciliation would be difficult" states the opposite of reconciliation);
- its actors: named entities and known aliases in the statement (Moscow, Kremlin -> Russia), and
  those of its theme, what the event word is about ("ties with Russia" -> Russia);
- its subject: who the outcome is about, a "he" or "she" read from the forecast's own frame
  ("Trump declared he would"), its lead-in ("Mr. Ryan has long said that [he will]") or the
  sentence before ("Rubio could be the nominee. [He] will sign up donors"), an "I" or "we" its
  speaker's; for a personal concept (win, ban, release: the outcome is the subject's own) two
  claims share the concept only with one subject ("Trump will win the nomination" and "Trump
  will be the Republican nominee"; not "Clinton will win the nomination").

Two claims are compared by the cosine of their statements' MiniLM embeddings, plus
`concept_weight` when they name the same concept about compatible parties, minus it when they
name different concepts or the same one about different parties (the actors of what the event word
is about: "strains with NATO" and "ties with Russia" are both `relations`, but not one question),
minus `actor_weight` when their actors differ both ways (each names an actor the other does not).
Questions grow one forecast at a time (`Grouper`), in arrival order: a forecast joins the question
whose members it is most similar to on average, when that mean is at least `similarity` and it is
at least `floor` similar to each member; otherwise it founds a question. A forecast's claim and
embedding are read once, at ingest, and stored; adding one compares it with the stored embeddings.

Polarity: the direction of the event a member's probability is of, times the proposition's side;
`probability_for` is p or 1 - p accordingly. A forecast's probability is that of its event with
the negation its hedge absorbed removed (analyze/hedges.py: "won't go away" 0.1 = P(goes away);
"Probably, the deep state will again not allow Trump to improve ties" 0.25 = P(allows)), so the
event's direction is its concept side, flipped only by a negation the hedge did not absorb. The
proposition is the statement of a member that asserts its outcome in its own words, preferring
one that reads on its own, is central in its group and is short.

A question's id is "q-" plus a short hash of the forecast that founded it, given once and kept
for life: forecasts joining or leaving never change it. A resolved question keeps its proposition.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from augury.analyze import hedges
from augury.analyze.pipeline import shared_model
from augury.model import Actor, Member, Question
from augury.names import normalize as normalize_name
from augury.resolve.embeddings import embed, load_encoder

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
ANAPHORS = frozenset({"this", "that", "it", "which"})
PRO_VERBS = frozenset({"do", "happen", "occur"})  # "to do so": the doing said before
SENTENCE_END = re.compile(r"[.?!][\"”’')]*$")
SENTENCE_BREAK = re.compile(r"(?<=[.?!])[\"”’')]*\s+")
# a period that ends a title or an initial ends no sentence: "Mr. Ryan", "John G. Stumpf"
ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Sgt|Lt|Col|St|Jr|Sr|Prof|Rev|"
                          r"Hon|No|vs)|\b[A-Z])\.$")
COMPLEMENTS = ("ccomp", "xcomp", "acl", "relcl")
CONDITION_MARKS = frozenset({"if", "unless", "whether", "because", "since", "as", "though",
                             "although", "while", "whereas"})  # fmt: skip
CONDITION_OPENERS = frozenset({"if", "unless", "assuming", "should", "provided", "providing",
                               "considering", "given", "because", "otherwise"})  # fmt: skip
LEADING_DEPS = frozenset({"cc", "advmod", "prep", "npadvmod", "intj", "punct"})
ENTITY_LABELS = frozenset({"PERSON", "GPE", "NORP", "ORG", "LOC", "FAC"})
THEME_PREPS = frozenset({"of", "in", "with", "between", "within", "towards", "toward", "for"})
RELATIONS = "relations"  # the lexicon theme of ties between parties
TIME_PREPS = frozenset({"by", "until", "till", "through", "before", "after", "since", "at"})
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
PARTNER_PREPS = frozenset({"with", "between"})  # "meet [with Trump]", "reconcile [with Russia]"
PARTY_MARGIN = 1.5  # how much more often a document's second party is named than its third


@dataclass(frozen=True)
class ForecastRef:
    """What grouping needs of a stored forecast."""

    id: str
    text: str
    holder: str | None
    probability: float | None
    date: str | None
    doc: str
    parties: frozenset[str] = frozenset()  # its document's (`document_parties`)
    kind: str = "forecast"  # or "pledge": the holder's own commitment
    context: str = ""  # what comes before it in its paragraph (`context_before`)


@dataclass(frozen=True)
class GroupingSettings:
    """Thresholds and weights of the combined similarity (see the module docstring). Precision
    comes first: on 300 hand-judged co-grouped PolNeAR pairs (bench/grouping.py --corpus), pairs
    at 0.8 or more were the same question 9 times in 10, pairs at 0.625-0.7 one time in 4."""

    similarity: float = 0.8
    concept_weight: float = 0.6
    actor_weight: float = 0.2
    floor: float = 0.4
    concept_cosine: float = 0.1
    subject_weight: float = 0.5
    number_weight: float = 0.5
    lone_number_weight: float = 0.25


@dataclass(frozen=True)
class Lexicon:
    """lexicon.txt: concepts by lemma (`acting`: those that need one of their concept's themes
    to act on, `acts_on`; `roles`: nouns that state a concept's outcome as what someone will be,
    with the theme they are about; `personal`: concepts whose outcome is their subject's own),
    flip words, frame words, light words, actor aliases, themes by word."""

    concepts: dict[str, tuple[str, int]]
    acting: dict[str, tuple[str, int]]
    acts_on: dict[str, frozenset[str]]
    roles: dict[str, tuple[str, int, str]]
    personal: frozenset[str]
    flip: frozenset[str]
    frame: frozenset[str]
    light: frozenset[str]
    actors: dict[str, str]
    themes: dict[str, str]
    theme_names: frozenset[str]


@dataclass(frozen=True)
class Claim:
    """What grouping reads off the parse of one forecast (see the module docstring)."""

    statement: str
    concept: str | None
    side: int
    negated: bool
    actors: frozenset[str]
    theme_actors: frozenset[str] = frozenset()
    readable: bool = True
    absorbed: bool = False
    subjects: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    theme: frozenset[str] = frozenset()
    vague: bool = False

    @property
    def sign(self) -> int:
        """Direction of the event as stated: its statement's side, reversed when negated."""
        return -self.side if self.negated else self.side

    @property
    def direction(self) -> int:
        """Direction of the event its probability is of: negation the hedge absorbed removed."""
        return -self.sign if self.absorbed else self.sign


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The word lists in lexicon.txt, next to this module."""
    text = resources.files("augury.resolve").joinpath("lexicon.txt").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            lines = sections.setdefault(line[1:-1], [])
        elif line and not line.startswith("#"):
            lines.append(line)
    def sided(section: str) -> dict[str, tuple[str, int]]:
        found: dict[str, tuple[str, int]] = {}
        for line in sections[section]:
            name, listed = line.split(":", 1)
            outcome, opposite = listed.split("|")
            name = name.split("(")[0].strip()
            found.update({w: (name, 1) for w in outcome.split()})
            found.update({w: (name, -1) for w in opposite.split()})
        return found

    # "win (election nomination): ...": what a concept's acting words must act on, by theme;
    # its own name when none are given.
    acts_on = {}
    for line in sections["acting"]:
        head = line.split(":", 1)[0]
        name, _, listed = head.partition("(")
        acts_on[name.strip()] = frozenset(listed.rstrip(") ").split() or [name.strip()])
    roles = {}
    for line in sections["roles"]:
        name, listed = line.split(":", 1)
        for side, part in zip((1, -1), listed.split("|"), strict=True):
            for entry in part.split():
                word, theme = entry.split("=")
                roles[word] = (name.strip(), side, theme)

    aliases = dict(tuple(p.strip() for p in line.split("=", 1)) for line in sections["actors"])

    def words(section: str) -> frozenset[str]:
        return frozenset(w for line in sections[section] for w in line.split())

    themes = {w: name.strip() for line in sections["themes"]
              for name, listed in [line.split(":", 1)] for w in listed.split()}
    return Lexicon(sided("concepts"), sided("acting"), acts_on, roles, words("personal"),
                   words("flip"), words("frame"), words("light"), aliases, themes,
                   frozenset(themes.values()))


# --- reading one claim ------------------------------------------------------------------------


def _lemma(token: Token) -> str:
    """Lower-case lemma, joined to its particle when the lexicon knows the phrase ("go_away")."""
    lemma = token.lemma_.lower()
    for child in token.children:
        phrase = f"{lemma}_{child.lower_}"
        if child.dep_ in ("prt", "advmod") and phrase in lexicon().concepts:
            return phrase
    return lemma


def _is_frame(token: Token, hedged: set[int]) -> bool:
    """Whether a token reports, hopes for or hedges an event stated in its complement."""
    return token.lemma_.lower() in lexicon().frame or (
        token.i in hedged and token.pos_ in ("VERB", "ADJ", "NOUN")
    )


def _complement(token: Token, hedged: set[int]) -> tuple[Token, bool] | None:
    """The frame's complement that states the event, and whether it shares the frame's subject.

    A frame is the token itself or its predicate adjective or noun ("is likely to remain", "it
    seems likely that"). A hedge with no clausal complement states its event as its subject ("a
    thaw should be expected", "crises are possible").
    """
    predicates = [c for c in token.children if c.dep_ in ("acomp", "attr", "oprd")]
    frames = [t for t in (token, *predicates) if _is_frame(t, hedged)]
    for frame in frames:
        for dep in COMPLEMENTS:
            for child in frame.children:
                if child.dep_ == dep and child.pos_ in ("VERB", "AUX"):
                    return child, dep == "xcomp"
    if any(t.i in hedged for t in frames):
        subjects = [c for c in token.children if c.dep_ in SUBJECTS]
        if subjects and (subjects[0].pos_ in ("NOUN", "PROPN") or subjects[0].dep_ == "csubj"):
            return subjects[0], False
    return None


def _conditions(head: Token) -> Iterable[Token]:
    """Children of a clause that set conditions or give reasons rather than state the outcome."""
    for child in head.children:
        marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
        opens = marks & CONDITION_MARKS or child.left_edge.lower_ in CONDITION_OPENERS
        condition = child.dep_ == "advcl" and opens
        reason = child.dep_ == "prep" and child.lower_ in ("because", "given", "considering")
        if condition or reason:
            yield child


def _outcome(root: Token, hedged: set[int]) -> tuple[Token, set[int]]:
    """The head of the clause that states the event, and the claim's tokens that state it. A
    deed reported with what its doer said ("Sanders endorsed Clinton, [saying] that she would
    make an outstanding president") states the saying's complement."""
    keep = {t.i for t in root.subtree}
    head = root
    said = [c for c in root.children if c.dep_ == "advcl" and _is_frame(c, hedged)
            and _complement(c, hedged) is not None]
    if said and root.tag_ == "VBD" and not any(c.dep_ == "aux" for c in root.children):
        keep, head = {t.i for t in said[0].subtree}, said[0]
    for _ in range(len(keep)):
        found = _complement(head, hedged)
        if found is None:
            break
        complement, shares_subject = found
        inner = {t.i for t in complement.subtree}
        for child in head.children:
            if shares_subject and child.dep_ in SUBJECTS:
                continue
            keep -= {t.i for t in child.subtree} - inner
        keep.discard(head.i)
        keep -= {c.i for c in complement.children if c.dep_ == "mark"}
        head = complement
    for condition in _conditions(head):
        keep -= {t.i for t in condition.subtree}
    return head, keep


def _leading(tokens: Sequence[Token]) -> set[int]:
    """Discourse openers before the subject: "Instead,", "In the short term,", "But"."""
    dropped: set[int] = set()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.is_punct or token.dep_ in ("cc", "mark") or token.lower_ in ("then", "that"):
            dropped.add(token.i)
            i += 1
            continue
        if token.dep_ not in LEADING_DEPS:
            break
        span = [t for t in tokens[i:] if t.i <= token.right_edge.i]
        after = tokens[i + len(span)] if i + len(span) < len(tokens) else None
        if token.pos_ != "ADV" and (after is None or after.text != ","):
            break
        dropped.update(t.i for t in span)
        i += len(span)
    return dropped


def _path(token: Token, top: Token) -> list[Token]:
    """The tokens from `token` up to `top` (both included); just `token` if `top` is not above."""
    path = [token]
    while path[-1] != top and path[-1].head != path[-1]:
        path.append(path[-1].head)
    return path if path[-1] == top else [token]


def _event(head: Token, keep: set[int]) -> Token:
    """The first kept token, nearest the clause head, whose lemma names a concept; else the head.

    The search skips the subjects of content verbs ("a rapprochement could lead to X" is about X)
    but enters those of light, flip and copular words ("the road to reconciliation would be
    difficult").
    """
    light, flip = lexicon().light, lexicon().flip
    queue = [head]
    for token in queue:
        if token.i in keep and _concept(token):
            return token
        lemma = token.lemma_.lower()
        open_subject = lemma in light or lemma in flip or lemma == "be" or token.pos_ == "NOUN"
        queue.extend(
            c
            for c in token.children
            if c.i in keep
            and c.dep_ not in ("appos", "relcl")
            and (open_subject or c.dep_ not in SUBJECTS)
        )
    return head


def _theme(event: Token, keep: set[int]) -> list[Token]:
    """What the event word is about: its object or subject, its prepositional object ("a reset
    in relations"), or the noun it modifies ("improved ties"); empty when it names none.
    Adjuncts of time, place or manner inside it are not what it is about ("US-China relations
    [under the Trump administration]")."""
    if _role(event) is not None:  # "the Republican nominee"
        return [t for t in _about(event) if t.i in keep]
    if event.dep_ in ("amod", "compound"):
        inner = {t.i for t in event.subtree}
        return [t for t in _about(event.head) if t.i in keep and t.i not in inner]
    if event.pos_ in ("VERB", "AUX"):
        for deps in (("dobj",), ("nsubj", "nsubjpass")):
            found = [c for c in event.children if c.dep_ in deps]
            if found:
                return [t for t in _about(found[0]) if t.i in keep]
        return []
    for prep in event.children:
        if prep.dep_ == "prep" and prep.lower_ in THEME_PREPS:
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return [t for t in _about(objects[0]) if t.i in keep]
    return []


def _about(top: Token) -> list[Token]:
    """The subtree of `top` without the prepositional phrases in it whose preposition does not
    say what something is about or between (under, during, after, by, ...)."""
    adjuncts = {t.i for c in top.subtree if c.dep_ == "prep" and c != top
                and c.lower_ not in THEME_PREPS for t in c.subtree}
    return [t for t in top.subtree if t.i not in adjuncts]


def _actors(span: Span, keep: set[int]) -> frozenset[str]:
    """Canonical names of the entities and known aliases among the kept tokens."""
    aliases = lexicon().actors
    names: set[str] = set()
    covered: set[int] = set()
    for ent in span.ents:
        if ent.label_ not in ENTITY_LABELS or not any(t.i in keep for t in ent):
            continue
        covered.update(t.i for t in ent)
        # typographic apostrophes are one with the plain: "St. Anselm’s" is "St. Anselm's"
        name = normalize_name(ent.text.translate(APOSTROPHES), person=ent.label_ == "PERSON")
        key = name.lower()
        if key in aliases:
            names.add(aliases[key])
        elif ent.label_ == "PERSON":
            names.add(_person(ent))
        else:
            names.add(name)
    for token in span:
        if token.i in keep and token.i not in covered and token.lower_ in aliases:
            names.add(aliases[token.lower_])
    return frozenset(names)


def _render(tokens: Sequence[Token], replace: dict[int, str]) -> str:
    """Tokens as written, with replacements: text spacing between neighbours, one space across
    a gap; quotation marks dropped; first letter upper case."""
    parts: list[str] = []
    last: Token | None = None
    for token in tokens:
        if token.is_quote or token.text == "*":
            continue
        if last is not None:
            adjacent = token.i == last.i + 1
            space = last.whitespace_ if adjacent else ("" if token.is_punct else " ")
            # A clitic written onto its word ("he’d") stands apart once replaced ("he will").
            parts.append(" " if token.i in replace and not space else space)
        parts.append(replace.get(token.i, token.text))
        last = token
    text = " ".join("".join(parts).split()).strip(" ,;:.—–-")
    return text[:1].upper() + text[1:]


def _hedge_clauses(head: Token, keep: set[int], hedged: set[int]) -> set[int]:
    """Kept clauses that only hedge the event ("a reset [to be unlikely at this point]")."""
    dropped: set[int] = set()
    for token in head.subtree:
        clause = token.dep_ in ("relcl", "acl")
        if token.i in keep and clause and _is_hedge_predicate(token, hedged):
            dropped.update(t.i for t in token.subtree)
    return dropped


def _is_hedge_predicate(token: Token, hedged: set[int]) -> bool:
    """A hedge word, or a copula whose predicate is one ("is unlikely", "may not be impossible")."""
    return token.i in hedged or any(
        c.i in hedged for c in token.children if c.dep_ in ("acomp", "attr")
    )


def _negators(sent: Span, hedged: set[int]) -> set[int]:
    """Negators of events: "not", "n't", "never"; not those of a hedge ("not impossible") or of
    an "only" ("will not be the only thing that shifts": others will shift too)."""
    return {
        t.i
        for t in sent
        if _negation(t)
        and not _is_hedge_predicate(t.head, hedged)
        and not any(g.lower_ == "only" for c in t.head.children for g in c.children)
    }


def _negation(token: Token) -> bool:
    """A "not", "n't" or "never"; not the "not" of "whether or not", which denies nothing."""
    if token.lower_ == "not" and token.i > 0 and token.nbor(-1).lower_ == "or":
        return False
    return token.dep_ == "neg" or token.lower_ == "never"


def _predicates(path: Sequence[Token]) -> set[Token]:
    """The tokens on a path and the predicates they take: "be [difficult]", "prove [challenging]",
    "be a [difficult] road"."""
    found = set(path)
    for token in path:
        for child in token.children:
            if child.dep_ in ("acomp", "attr", "oprd", "xcomp"):
                found.add(child)
                found.update(g for g in child.children if g.dep_ == "amod")
    return found


def _absorbed(matches: Sequence[hedges.HedgeMatch]) -> set[int]:
    """Negators that a hedge reading folds into its probability (analyze.hedges.find_hedge):
    those on the highest hedged clause head and on its hedge words."""
    if not matches:
        return set()
    top = min(matches, key=lambda m: (hedges.depth(m.head), m.tokens[0].i))
    words = [top.head, *(t for m in matches if m.head == top.head for t in m.tokens)]
    return {c.i for t in words for c in t.children if c.dep_ == "neg"}


def _readable(tokens: Sequence[Token], replace: dict[int, str]) -> bool:
    """Whether a statement reads on its own: it opens with its subject, not "Will ..." or "It ...",
    and no "this", "that" or "it" stands for something said before."""
    return (
        bool(tokens)
        and tokens[0].i not in replace
        and tokens[0].pos_ not in ("PRON", "AUX", "VERB", "SCONJ")
        and not any(t.lower_ in ANAPHORS and t.dep_ in ARGUMENTS for t in tokens)
    )


def _will(head: Token, keep: set[int], matches: Sequence[hedges.HedgeMatch]) -> dict[int, str]:
    """Modals become "will"; so does the infinitive "to" of a clause head without a modal."""
    replace = {
        m.tokens[0].i: "will"
        for m in matches
        if m.hedge.role == "auxiliary" and m.tokens[0].dep_ == "aux" and m.tokens[0].head.i in keep
    }
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)
    infinitive = [c for c in head.children if c.dep_ == "aux" and c.lower_ == "to"]
    if infinitive and not modal:
        replace[infinitive[0].i] = "will"
    return replace


def _event_forms(token: Token) -> list[str]:
    """Keys to look a token up in the concepts: lemma, form, and the verb of "-ing"/"-ed" forms."""
    lower = token.lower_
    forms = [_lemma(token), lower]
    for suffix in ("ing", "ed"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)]
            forms += [stem, stem + "e"]
    return forms


def _concept(token: Token) -> tuple[str, int] | None:
    """The lexicon concept and side a token names, if any. A word names its concept only as the
    event itself: not a verb that takes another verb ("continue [to gain] strength", "end up
    [passing]": the event is the other verb), and not a noun about nothing named ("a global
    crisis"), only one about something ("a reset [in relations]", "strains [with NATO]")."""
    words = lexicon()
    role = _role(token)
    if role is not None:
        return role[:2]
    forms = _event_forms(token)
    found = next((words.concepts[f] for f in forms if f in words.concepts), None)
    if found is None:
        found = next((words.acting[f] for f in forms if f in words.acting), None)
        if any(c.dep_ == "prt" or c.dep_ == "prep" and c.i == token.i + 1
               and c.lower_ in ("over", "back") for c in token.children):
            return None  # "win over voters", "win back trust": no race won
        if found is None or not words.acts_on[found[0]] & {
                words.themes.get(t.lemma_.lower()) for t in _acted_on(token)}:
            return None
    if token.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")
            or c.dep_ == "prt" and c.lower_ == "up" for c in token.children):
        return None
    if token.pos_ == "NOUN" and not any(
            c.dep_ == "prep" and c.lower_ in THEME_PREPS for c in token.children):
        return None
    if token.dep_ == "pobj" and token.head.lower_ in TIME_PREPS:  # "by the end of March"
        return None
    return found


def _role(token: Token) -> tuple[str, int, str] | None:
    """Concept, side and theme of a role noun stating what someone will be or become, when it is
    definite: "Trump will be the Republican nominee" (win, about the nomination); "a good
    president" is no outcome of a race."""
    role = lexicon().roles.get(token.lemma_.lower())
    if role is None or token.dep_ != "attr" or token.head.lemma_ not in ("be", "become"):
        return None
    definite = any(c.lower_ == "the" or c.dep_ == "poss" for c in token.children)
    # "the best nominee"; "the first president [to have had …]": descriptions, no race won
    described = any(c.tag_ in ("JJS", "JJR") or c.dep_ in ("acl", "relcl") for c in token.children)
    return role if definite and not described else None


def _acted_on(token: Token, keep: set[int] | None = None,
              preps: Container[str] | None = None) -> list[Token]:
    """What an event word acts on (of the `keep` tokens; all by default): its theme, and the
    objects of the theme prepositions it takes (`preps`, all by default: "win [in November]";
    for others, only those of a partner: "meet [with Trump]")."""
    keep = {t.i for t in token.doc} if keep is None else keep
    preps = THEME_PREPS if preps is None else preps
    found = _theme(token, keep)
    if token.pos_ not in ("VERB", "AUX"):
        return found
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            found += [t for o in prep.children if o.dep_ == "pobj" for t in _about(o)
                      if t.i in keep]
    return found


def _owned(path: Sequence[Token]) -> bool:
    """Whether the event at the foot of `path` is the doing of the clause's own subject: reached
    from the clause head only through complements that share it ("will [go] and [secure] the
    nomination", "win delegates [to capture] the nomination", "be the [nominee]"), not through
    objects, nouns or adverbial clauses ("his chances at [winning]", "certain to [clinch] ...,
    Clinton will face")."""
    for token in path[:-1]:
        infinitive = token.dep_ == "advcl" and token.i > token.head.i and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children)  # of purpose
        if token.dep_ not in ("xcomp", "conj", "attr") and not infinitive:
            return False
        # "convince supporters [to support] Clinton": the object does it, not the subject
        if token.dep_ == "xcomp" and _causee(token.head) is None and any(
                c.dep_ == "dobj" for c in token.head.children):
            return False
    return True


def _has_content(tokens: Sequence[Token]) -> bool:
    """Whether a statement names anything: a noun, a name, or a verb other than "be"."""
    return any(t.pos_ in ("NOUN", "PROPN") or t.pos_ == "VERB" and t.lemma_ != "be" for t in tokens)


def read_claim(doc: Doc, parties: frozenset[str] = frozenset(),
               holder: str | None = None, speaker: str | None = None,
               referent: Span | None = None) -> Claim:
    """Outcome, concept, side, negation and actors of one parsed forecast text. `parties` are
    the document's principal parties (`document_parties`): who "bilateral relations" or "ties
    between the two countries" are between, when the claim names no one. `holder` is who made
    it, given for a pledge (`pledger`): a pledge with no subject ("[she] now plans to vote for
    Mr. Trump"), or with "he" or "she" ("he'd build a border wall"), is the holder's own.
    `speaker` is who made it, whatever its kind: an "I" or "we" subject is the speaker's.
    `referent` is who a "he" or "she" opening the forecast stands for, read from what comes
    before it (`read_claims`)."""
    sent = next(iter(doc.sents), None)
    if sent is None:
        return Claim(statement="", concept=None, side=1, negated=False, actors=frozenset())
    matches = hedges.matches(list(sent))
    hedged = {t.i for m in matches for t in m.tokens}
    negators = _negators(sent, hedged)
    head, keep = _outcome(sent.root, hedged)
    keep -= _hedge_clauses(head, keep, hedged)
    if not _has_content([t for t in sent if t.i in keep - hedged]):
        head, keep = sent.root, {t.i for t in sent}
    replace = _will(head, keep, matches)
    # The event's negation is read into its sign; one in a relative clause is kept as written
    # ("students who did [not] qualify").
    negations = {t.i for t in sent if _negation(t) and t.head.dep_ not in ("relcl", "acl")}
    hedge_words = {i for i in hedged if doc[i].pos_ != "NOUN"}  # not "his [readiness] to talk"
    keep = (keep - hedge_words - negations) | set(replace)
    tokens = [t for t in sent if t.i in keep]
    keep -= _leading(tokens)
    tokens = [t for t in tokens if t.i in keep]

    event = _event(head, keep)
    path = _path(event, head)
    concept, side = _concept(event) or (None, 1)
    if concept in lexicon().personal and not _owned(path):
        concept, side = None, 1
    flip = lexicon().flip
    flips = sum(1 for t in _predicates(path) if t.i not in hedged and t.lemma_.lower() in flip)
    on_path = {c.i for t in path for c in t.children if c.i in negators}
    absorbed = len(on_path & _absorbed(matches)) % 2 == 1
    acting = concept is not None and _lemma(event) not in lexicon().concepts
    theme = _acted_on(event, keep, None if acting else PARTNER_PREPS) if concept else []
    theme_words = _theme_words(theme)
    theme_actors = _actors(sent, {t.i for t in theme})
    role = _role(event)
    if role is not None:
        theme_words |= {role[2]}
    if concept in lexicon().theme_names and _party_head(event, theme):
        # A concept word about a named party is about that theme: "rapprochement with Russia",
        # "a thaw with Moscow" are relations with Russia, as "ties with Russia" are; not when
        # the party only qualifies what it is about ("improve U.S. growth").
        theme_words |= {concept}
    if concept and RELATIONS in theme_words and len(parties) == 2 and (
            not theme_actors or len(theme_actors) == 1 and theme_actors <= parties):
        # Relations with no one named, or with one of the document's two principal parties
        # ("ties with Moscow" in an article about Russia and the US), are the two parties'.
        theme_actors = parties
    subject = _subject(head)
    antecedent = _antecedent(subject) if subject is not None else None
    # "which might play a role in Trump's rapprochement with Russia": an event named by a noun
    # about named parties, reached through light words, is the whole outcome; what plays the
    # role is no part of it, so a pronoun there leaves the claim comparable.
    nominal = (event is not head and event.pos_ == "NOUN" and bool(theme_actors)
               and role is None)
    subjects = _actors(sent, {t.i for t in subject.subtree} & keep) if subject else frozenset()
    if not subjects and subject is not None and _untyped_name(subject):
        subjects = frozenset({_person(_name(subject))})  # "Rubio could very well be ..."
    named = dict(replace)
    own = _own_pronoun(subject, holder, speaker) if antecedent is None else None
    if subject is not None and antecedent is None and own is None \
            and subject.lower_ in ("he", "she"):
        antecedent = referent
    if subject is not None and antecedent is not None:  # "Trump declared he would ..."
        named[subject.i] = antecedent.text
        subjects = subjects | {_person(antecedent)}
    elif subject is not None and own is not None:  # "we will build the wall", said by Trump
        named[subject.i] = own
        subjects = subjects | {_holder_actor(own)}
    elif subject is None and holder:
        subjects = frozenset({_holder_actor(holder)})
    # An "I" or "we" of another clause is the speaker too ("…, and I am prepared to go more").
    spoken = {t.i for t in tokens if speaker and t.lower_ in ("i", "we") and t.dep_ in SUBJECTS}

    def named_by(resolved: Token | None) -> set[int]:
        return spoken | ({resolved.i} if resolved is not None else set())

    doers = subjects
    causee = _causee(head)
    if causee is not None:
        subjects = _actors(sent, {t.i for t in causee.subtree} & keep)

    return Claim(
        statement=_render(tokens, named),
        concept=concept,
        side=side * (-1) ** flips,
        negated=len(on_path) % 2 == 1,
        actors=_actors(sent, keep) | doers | subjects,
        theme_actors=theme_actors,
        readable=_readable(tokens, replace),
        absorbed=absorbed,
        subjects=subjects,
        numbers=frozenset(t.text.replace(",", "") for t in tokens
                          if t.like_num and any(c.isdigit() for c in t.text)),
        theme=theme_words,
        vague=_vague(tokens, None, named_by(subject)) if nominal else _vague(
            tokens, subject, named_by(subject if antecedent is not None or own is not None
                                      else None)),
    )


def _antecedent(subject: Token) -> Span | None:
    """The person a "he" or "she" subject stands for when the forecast's own words name them
    before it, as the subject of the frame that reports it ("Trump declared he would end the
    war", "Donald Trump believes that he can"): a name, with the words compounded with it."""
    if subject.lower_ not in ("he", "she"):
        return None
    for frame in subject.head.ancestors:
        for child in frame.children:
            if child.dep_ == "nsubj" and child.pos_ == "PROPN" and child.i < subject.i:
                return _name(child)
    return None


def _previous_person(context: Doc) -> Span | None:
    """The person a sentence is about, for a "he" or "she" opening the next one: the person
    named as its subject and the only person it names ("Sanders spoke in Ohio. He will win" is
    about Sanders). None when its subject is no name ("She will win. And she will lose if he
    [Obama] ...") or it names someone else too ("Israel said Clinton called. She added ...")."""
    sent = next(iter(context.sents), None)
    return None if sent is None else _named_subject(sent)


def _named_subject(sent: Span) -> Span | None:
    """The name that is a sentence's subject, if it is the only person the sentence names."""
    for subject in sent.root.children:
        if subject.dep_ in ("nsubj", "nsubjpass") and (
                subject.ent_type_ == "PERSON" or _untyped_name(subject)):
            name = _name(subject)
            others = {_person(e) for e in sent.ents if e.label_ == "PERSON"} - {_person(name)}
            return None if others else name
    return None


def _untyped_name(token: Token) -> bool:
    """A proper noun the tagger left untyped ("Sanders campaigned in Ohio"): a person's name."""
    return token.pos_ == "PROPN" and token.ent_type_ == ""


def _name(token: Token) -> Span:
    """A name with the words compounded with it ("Sen. Bernie [Sanders]")."""
    words = [t for t in token.subtree if t.dep_ == "compound" or t == token]
    return token.doc[words[0].i:token.i + 1]


def _framing_person(lead_in: Doc) -> Span | None:
    """The person who reports a forecast that starts mid-sentence, when its lead-in is a
    reporting frame with a named subject and names no one else ("Sanders has said", "Mr. Ryan
    has long said that"): a "he" or "she" opening the report is that person."""
    sent = list(lead_in.sents)[-1] if len(lead_in) else None
    if sent is None or sent.root.lemma_.lower() not in lexicon().frame:
        return None
    return _named_subject(sent)


def _own_pronoun(subject: Token | None, pledged: str | None, speaker: str | None) -> str | None:
    """Who a pronoun subject stands for without a name in the forecast's words: "I" and "we"
    are its speaker (or the speaker's side); "he" and "she" in a pledge, the pledger."""
    if subject is None:
        return None
    word = subject.lower_
    if word in ("i", "we") and speaker:
        return speaker
    if word in ("he", "she") and pledged:
        return pledged
    return None


def pledger(holder: str | None, kind: str) -> str | None:
    """Who a forecast's subject-less statement is about: the holder of a pledge (what someone
    will do themselves); no one for other forecasts, whose subject a quote may have cut off."""
    return holder if kind == "pledge" else None


def _holder_actor(holder: str) -> str:
    """A holder's name as `_actors` names actors: a known alias's canonical name, else the last
    word (a person's surname)."""
    name = normalize_name(holder)
    return lexicon().actors.get(name.lower()) or name.split()[-1]


def _person(name: Span) -> str:
    """A person's actor name as `_actors` gives it: the surname."""
    return normalize_name(name.text, person=True).split()[-1]


def _party_head(event: Token, theme: Sequence[Token]) -> bool:
    """Whether what an event word is about is a named party itself: the object of its
    preposition ("a thaw [with Moscow]") or, for a verb, its subject ("Republicans are
    warming")."""
    inside = {t.i for t in theme}
    heads = [t for t in theme if t.head.i not in inside or t.head == t]
    if len(heads) != 1:
        return False
    head = heads[0]
    if event.pos_ in ("VERB", "AUX") and head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return head.ent_type_ in ENTITY_LABELS or head.lower_ in lexicon().actors


def _theme_words(theme: Sequence[Token]) -> frozenset[str]:
    """The things a theme names, by their lexicon theme where it has one ("ties" -> relations);
    something "between" parties is their relations ("a thaw of the freeze between the two
    countries")."""
    words = {lexicon().themes.get(w, w) for w in
             (t.lemma_.lower() for t in theme if t.pos_ in ("NOUN", "PROPN", "ADJ"))}
    if any(t.lower_ == "between" for t in theme):
        words.add(lexicon().themes.get(RELATIONS, RELATIONS))
    return frozenset(words)


def _vague(tokens: Sequence[Token], subject: Token | None,
           resolved: Container[int] = ()) -> bool:
    """Whether a statement says too little to be compared with another: its subject, or the
    subject of any clause it keeps, is a pronoun ("it", "they", "he": someone or something said
    before, which another article's "he" need not be) other than those `resolved` to a name
    (by index) and those of relative clauses ("a speech [she] had given": the one named), or
    it names fewer than two things or doings ("Will change")."""
    if subject is not None and subject.i not in resolved and (
            subject.lower_ in ANAPHORS or subject.pos_ == "PRON"):
        return True
    if any(t.tag_ == "PRP" and t.dep_ in SUBJECTS and t.i not in resolved
           and t.head.dep_ != "relcl" for t in tokens):
        return True
    content = [t for t in tokens if t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM")
               or t.i in resolved and t.dep_ in SUBJECTS
               or t.pos_ == "VERB" and t.lemma_ not in ("be", "have", "do", "go", "will")]
    return len(content) < 2


def _causee(head: Token) -> Token | None:
    """Who a light verb makes do what the clause states: "Trump will force [Mexico] to pay" is
    about Mexico paying."""
    objects = [c for c in head.children if c.dep_ == "dobj"]
    if objects and head.lemma_.lower() in lexicon().light and any(
            c.dep_ == "xcomp" for c in head.children):
        return objects[0]
    return None


def _subject(head: Token) -> Token | None:
    """Who or what the stated event is about: the clause's subject, or that of the verb an
    infinitive shares it with ("Trump has pledged [to end] the war": Trump)."""
    token = head
    while True:
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0]
        if token.dep_ != "xcomp" or token.head == token:
            return None
        token = token.head


# --- grouping ---------------------------------------------------------------------------------


def claim_json(claim: Claim) -> str:
    """A claim as stored: JSON, its actor sets as sorted lists."""
    row = asdict(claim)
    for name in SETS:
        row[name] = sorted(row[name])
    return json.dumps(row, ensure_ascii=False)


def claim_from_json(text: str) -> Claim:
    row = json.loads(text)
    return Claim(**{**row, **{name: frozenset(row[name]) for name in SETS if name in row}})


VAGUE = -1.0  # the similarity of a vague claim to any other: it founds a question of its own
REPEATED_WORDS = 8  # a vague statement this long, repeated word for word, is one forecast
SETS = ("actors", "theme_actors", "subjects", "numbers", "theme")  # a claim's set fields


def exclusive(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two actor sets name different parties: each an actor the other lacks."""
    return bool(a - b) and bool(b - a)


def pair_similarity(a: Claim, b: Claim, cosine: float, settings: GroupingSettings) -> float:
    """The combined similarity of two claims whose statements' embeddings have this cosine."""
    if a.vague or b.vague:
        # A vague statement repeated word for word at length (a wire story run twice) is one
        # forecast, whoever its pronoun stands for.
        repeated = a.statement == b.statement and len(a.statement.split()) >= REPEATED_WORDS
        return cosine if repeated else VAGUE
    score = cosine
    # One's subject is no party to the other. For a personal concept that leaves one kind of
    # outcome, not one outcome: "Trump will win" and "Clinton will win"; so does a subject
    # that names no one ("whoever gets 1,237 delegates will be the nominee").
    strangers = bool(a.subjects and b.subjects
                     and not (a.subjects & b.actors and b.subjects & a.actors))
    if a.concept and b.concept:
        # One concept about different lexicon themes is two outcomes: winning the nomination is
        # not winning the election.
        names_a, names_b = a.theme & lexicon().theme_names, b.theme & lexicon().theme_names
        same = (a.concept == b.concept and not exclusive(a.theme_actors, b.theme_actors)
                and not (names_a and names_b and not names_a & names_b))
        # A lexicon theme ("relations") or a shared party makes one thing; a plain word ("the
        # case", "the race") only with an actor both name.
        shared = a.theme & b.theme
        about = (a.theme_actors & b.theme_actors or shared & lexicon().theme_names
                 or shared and a.actors & b.actors)
        if not same:
            score -= settings.concept_weight
        elif about and cosine >= settings.concept_cosine and not (
                a.concept in lexicon().personal
                and (strangers or not (a.subjects and b.subjects))):
            score += settings.concept_weight  # (one word alone is no shared outcome)
    if exclusive(a.actors, b.actors):
        score -= settings.actor_weight
    if strangers:
        score -= settings.subject_weight
    if a.numbers != b.numbers:
        # "at least 14" is not "at least 42"; a quantity or date on one side only ("make the
        # wall 2 feet shorter", "build the wall") is a more particular outcome, less so.
        score -= settings.number_weight if a.numbers and b.numbers else settings.lone_number_weight
    return score


def question_id(founder: str, taken: Container[str] = ()) -> str:
    """A question's id, given when it is created and kept for life: "q-" and 12 hex digits of
    the hash of the forecast that founded it (and a counter, in the rare case that is taken)."""
    key, n = founder, 1
    while (qid := "q-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]) in taken:
        n += 1
        key = f"{founder}#{n}"
    return qid


@dataclass
class _Group:
    id: str
    members: list[int]
    proposition: str | None = None  # set and kept once the question is resolved
    side: int = 1  # the side of the event the kept proposition states


def similarities(
    claims: Sequence[Claim], vectors: np.ndarray, settings: GroupingSettings
) -> np.ndarray:
    """The combined similarity of every pair of claims, as `pair_similarity` gives it."""
    n = len(claims)
    matrix = (vectors @ vectors.T).astype(np.float64)
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i, j] = matrix[j, i] = pair_similarity(claims[i], claims[j], matrix[i, j],
                                                          settings)
    return matrix


def clusters(matrix: np.ndarray, settings: GroupingSettings) -> list[list[int]]:
    """Average-link clusters (groups merge while their mean pairwise similarity is at least
    `similarity`), each then rid of the members least like the rest until every pair in it is
    at least `floor` similar, so no cluster chains members that are not alike; the members let
    go are clustered again among themselves. In order of first member."""
    n = len(matrix)
    if n < 2:
        return [list(range(n))]
    ceiling = float(matrix.max())
    distances = np.clip(ceiling - matrix, 0.0, None)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    labels = fcluster(tree, t=ceiling - settings.similarity, criterion="distance")
    found: list[list[int]] = []
    for label in np.unique(labels):
        core = np.flatnonzero(labels == label).tolist()
        loose = []
        while len(core) > 1 and matrix[np.ix_(core, core)].min() < settings.floor:
            rest = matrix[np.ix_(core, core)]
            loose.append(core.pop(int(np.argmin(rest.sum(axis=1)))))
        found.append(core)
        if loose:
            loose.sort()
            found += [[loose[i] for i in c] for c in clusters(matrix[np.ix_(loose, loose)],
                                                              settings)]
    return sorted(found)


class Grouper:
    """Questions grown one forecast at a time. A forecast joins the question whose members it is
    most similar to on average, if that mean is at least `similarity` and it is at least `floor`
    similar to every member (so a question never chains unrelated forecasts); otherwise it
    founds a new question. Each forecast is compared with stored embeddings only: the cost of
    adding one grows with the number stored by one dot product each."""

    BLOCK = 512  # new forecasts clustered together; their cosines with the stored: one product

    def __init__(self, settings: GroupingSettings, dimensions: int) -> None:
        self.settings = settings
        self.refs: list[ForecastRef] = []
        self.claims: list[Claim] = []
        self.vectors = np.zeros((64, dimensions), dtype=np.float32)
        self.concepts = np.zeros(64, dtype=np.int32)  # concept number, 0 for none
        self.group_of = np.zeros(64, dtype=np.int64)
        self.concept_numbers: dict[str, int] = {}
        self.groups: list[_Group] = []
        self.ids: set[str] = set()
        self.changed: set[int] = set()

    def _append(self, ref: ForecastRef, claim: Claim, vector: np.ndarray, group: int) -> None:
        n = len(self.refs)
        if n == len(self.vectors):
            self.vectors = np.concatenate([self.vectors, np.zeros_like(self.vectors)])
            self.concepts = np.concatenate([self.concepts, np.zeros_like(self.concepts)])
            self.group_of = np.concatenate([self.group_of, np.zeros_like(self.group_of)])
        self.vectors[n] = vector
        self.concepts[n] = self._concept_number(claim)
        self.group_of[n] = group
        self.refs.append(ref)
        self.claims.append(claim)
        self.groups[group].members.append(n)

    def _concept_number(self, claim: Claim) -> int:
        if not claim.concept:
            return 0
        return self.concept_numbers.setdefault(claim.concept, len(self.concept_numbers) + 1)

    def keep(self, question: Question, items: Sequence[tuple[ForecastRef, Claim, np.ndarray]],
             resolved: bool) -> None:
        """A stored question, its members in order; a resolved one keeps its proposition."""
        group = len(self.groups)
        self.groups.append(_Group(question.id, []))
        self.ids.add(question.id)
        for ref, claim, vector in items:
            self._append(ref, claim, vector, group)
        if resolved:
            stated = [c for c in self.claims[-len(items):] if c.statement == question.proposition]
            self.groups[group].proposition = question.proposition
            self.groups[group].side = stated[0].side if stated else 1

    def add(self, ref: ForecastRef, claim: Claim, vector: np.ndarray) -> str:
        """Put one forecast in its question (an existing one or a new one); its question's id."""
        return self.add_many([(ref, claim, vector)])[0]

    def add_many(self, items: Sequence[tuple[ForecastRef, Claim, np.ndarray]]) -> list[str]:
        """Place new forecasts, in blocks of `BLOCK`: a block is clustered within itself
        (`clusters`), then each of its clusters joins the stored question it is most similar to
        on average (at least `similarity`, and at least `floor` with every pair) or becomes a
        new question. Returns each forecast's question id, in order."""
        placed: list[str] = []
        for start in range(0, len(items), self.BLOCK):
            placed += self._place_block(items[start:start + self.BLOCK])
        return placed

    def _place_block(self, block: Sequence[tuple[ForecastRef, Claim, np.ndarray]]) -> list[str]:
        settings = self.settings
        n = len(self.refs)
        claims = [claim for _, claim, _ in block]
        new = np.stack([vector for _, _, vector in block]).astype(np.float32)
        stored = self.vectors[:n] @ new.T
        # A question can reach the mean only through a member that reaches it on its own.
        bound = stored.copy()
        numbers = np.array([self._concept_number(c) for c in claims])
        for k, number in enumerate(numbers):
            if number:
                named = (self.concepts[:n] == number) & (stored[:, k] >= settings.concept_cosine)
                bound[:, k] += settings.concept_weight * named
        among = similarities(claims, new, settings)

        in_block: list[int] = []  # the block forecast at each index from n on

        def similarity(k: int, j: int) -> float:
            """Of block forecast k and forecast j, stored before the block or placed in it."""
            if j >= n:
                return float(among[k, in_block[j - n]])
            return pair_similarity(claims[k], self.claims[j], float(stored[j, k]), settings)

        placed: dict[int, str] = {}
        for cluster in clusters(among, settings):
            reachable = np.unique(self.group_of[:n][(bound[:, cluster] >= settings.similarity)
                                                    .any(axis=1)])
            best, best_mean = None, settings.similarity
            for group in reachable.tolist():
                scores = [similarity(k, j) for k in cluster for j in self.groups[group].members]
                mean = sum(scores) / len(scores)
                if mean >= best_mean and min(scores) >= settings.floor:
                    best, best_mean = group, mean
            if best is None:
                best = len(self.groups)
                self.groups.append(_Group(question_id(block[cluster[0]][0].id, self.ids), []))
                self.ids.add(self.groups[best].id)
            for k in cluster:
                in_block.append(k)
                self._append(*block[k], best)
                placed[k] = self.groups[best].id
            self.changed.add(best)
        return [placed[k] for k in range(len(block))]

    def question(self, group: int) -> Question:
        """One group as a question: its proposition and each member's polarity against it."""
        g = self.groups[group]
        if g.proposition is not None:
            proposition, side = g.proposition, g.side
        else:
            chosen = self._proposition(g.members)
            proposition, side = self.claims[chosen].statement, self.claims[chosen].side
        members = []
        for i in g.members:
            polarity = self.claims[i].direction * side
            p = self.refs[i].probability
            p_for = None if p is None else (p if polarity > 0 else round(1 - p, 4))
            members.append(Member(self.refs[i].id, polarity, p_for))
        return Question(g.id, proposition, members)

    def _proposition(self, members: Sequence[int]) -> int:
        """The member whose statement becomes the proposition: one that asserts its outcome (no
        antonym or flip word) in its own words (not negated), reads on its own, is central (near
        the members' mean embedding) and short."""
        centroid = self.vectors[list(members)].mean(axis=0)

        def score(i: int) -> tuple[bool, bool, bool, float]:
            claim = self.claims[i]
            central = float(self.vectors[i] @ centroid)
            return claim.side > 0, not claim.negated, claim.readable, central - 0.02 * len(
                claim.statement.split())

        return max(members, key=score)

    def changed_questions(self) -> list[Question]:
        """The questions that were founded or joined since this grouper was filled."""
        return [self.question(g) for g in sorted(self.changed)]

    def all_questions(self) -> list[Question]:
        """Every question, largest first."""
        questions = [self.question(g) for g in range(len(self.groups))]
        return sorted(questions, key=lambda q: (-len(q.members), q.id))


def read_claims(texts: Sequence[str], nlp: Language,
                parties: Sequence[frozenset[str]] | None = None,
                holders: Sequence[str | None] | None = None,
                contexts: Sequence[str] | None = None,
                speakers: Sequence[str | None] | None = None) -> list[Claim]:
    """Claims of many texts, parsed in one batch (Augury's own components are not run), each
    with its document's principal parties and its holder where given. With `contexts` (each
    text's `context_before`), a forecast that only says how likely or hard "this" is takes its
    outcome from the sentence before it (`_refers_back`), and a "he" or "she" opening it is the
    person that sentence is about (`_previous_person`) or that its lead-in reports
    (`_framing_person`: "Sanders has said [he] will vote for Clinton")."""
    disabled = [name for name in nlp.pipe_names if name.startswith("augury_")]
    parties = parties or [frozenset()] * len(texts)
    holders = holders or [None] * len(texts)
    speakers = speakers or [None] * len(texts)
    docs = list(nlp.pipe(texts, disable=disabled))
    contexts = contexts or [""] * len(texts)
    # Only a forecast that refers back, or opens with "he" or "she", reads what comes before.
    wanted = [k for k, doc in enumerate(docs) if contexts[k] and (_opening_pronoun(doc) or (
        not _lead_in(contexts[k]) and _refers_back(doc) is not None))]
    before = dict(zip(wanted, nlp.pipe([contexts[k] for k in wanted], disable=disabled),
                      strict=True))
    claims = []
    for k, (doc, p, h, who) in enumerate(zip(docs, parties, holders, speakers, strict=True)):
        context = before.get(k)
        lead_in = _lead_in(contexts[k])
        referent = None if context is None else (
            _framing_person(context) if lead_in else _previous_person(context))
        claim = read_claim(doc, p, h, who, referent)
        flips = _refers_back(doc) if context is not None and not lead_in else None
        if flips is not None and context is not None:
            carried = read_claim(context, p, h, who)
            if not carried.vague:
                claim = dataclasses.replace(carried, side=carried.side * (-1) ** flips,
                                            negated=carried.negated != claim.negated,
                                            absorbed=claim.absorbed)
        claims.append(claim)
    return claims


def _opening_pronoun(doc: Doc) -> bool:
    """Whether a forecast's first word is a "he" or "she" subject."""
    return len(doc) > 0 and doc[0].lower_ in ("he", "she") and doc[0].dep_ in SUBJECTS


def _refers_back(doc: Doc) -> int | None:
    """For a forecast that says only how likely or how hard something said before is ("This may
    not be impossible, considering …", "But it will be difficult to do so"), the number of flip
    words in what it says (1 for "difficult"); None for one that states an outcome of its own."""
    sent = next(iter(doc.sents), None)
    if sent is None:
        return None
    root = sent.root
    subjects = [c.lower_ for c in root.children if c.dep_ in SUBJECTS]
    if root.lemma_ != "be" or not subjects or subjects[0] not in ("this", "that", "it"):
        return None
    flips, pro_verb = 0, False
    for child in root.children:
        if child.dep_ in ("attr", "dobj", "ccomp", "prep", "agent"):
            return None  # "This will be a disaster", "It won't be content with a ceasefire"
        if child.dep_ == "xcomp":
            if child.lemma_ not in PRO_VERBS or any(
                    c.dep_ in ("dobj", "attr", "ccomp", "xcomp", "prep") for c in child.children):
                return None  # "It will be difficult to pass the bill"
            pro_verb = True
        if child.dep_ == "acomp" and child.lemma_.lower() in lexicon().flip:
            flips += 1
    # "it" stands for a thing said before ("it will be difficult to do so") only with a verb
    # that stands for a doing; else it is someone or something named before.
    return flips if subjects[0] != "it" or pro_verb else None


def context_before(text: str, start: int) -> str:
    """What comes before offset `start` in its paragraph (line): the sentence before, when
    `start` begins a sentence; else the words of its own sentence before it, its lead-in
    ("Sanders has said [he will vote for Clinton]")."""
    line = text.rfind("\n", 0, start) + 1
    before = text[line:start].rstrip()
    for found in reversed(list(SENTENCE_BREAK.finditer(before))):
        # only the few characters before a break can be a title: look at those alone
        if not ABBREVIATION.search(before[max(0, found.start() - 8):found.start()]):
            return before[found.end():].strip()
    return before.strip()


def _lead_in(context: str) -> bool:
    """Whether a `context_before` is the forecast's own sentence's start, not a sentence."""
    return not SENTENCE_END.search(context)


def document_parties(actors: Iterable[Actor]) -> frozenset[str]:
    """The two countries a document is most about, counting each country's government with it
    ("Russian government" and "Kremlin" with Russia), under the names claims give them; none
    when it names fewer than two, or the second is not named half as often again as the third
    (the two are then in doubt)."""
    counts: dict[str, int] = {}
    for actor in actors:
        party = _party(actor.name, actor.kind)
        if party is not None:
            counts[party] = counts.get(party, 0) + actor.mentions
    ranked = sorted(counts.values(), reverse=True)
    if len(ranked) < 2 or len(ranked) > 2 and ranked[1] < PARTY_MARGIN * ranked[2]:
        return frozenset()
    return frozenset(sorted(counts, key=lambda p: -counts[p])[:2])


def _party(name: str, kind: str) -> str | None:
    """The country an actor is or governs, by its claim name ("United States" -> US, "Russian
    government" -> Russia); None for an actor that is neither."""
    if kind not in ("country", "government"):
        return None
    aliases = lexicon().actors
    lower = normalize_name(name).lower()
    for candidate in (lower, lower.removesuffix(" government")):
        if candidate in aliases:
            return aliases[candidate]
    return name if kind == "country" else None


def arrival(forecasts: Iterable[ForecastRef]) -> list[ForecastRef]:
    """Forecasts in the order a grouping takes them: by publication date, then document and id,
    so that a grouping does not depend on the order it was handed them in."""
    return sorted(forecasts, key=lambda f: (f.date or "", f.doc, f.id))


def group_forecasts(
    forecasts: Sequence[ForecastRef],
    settings: GroupingSettings = GroupingSettings(),  # noqa: B008  (frozen, so safe to share)
    nlp: Language | None = None,
    encoder: SentenceTransformer | None = None,
) -> list[Question]:
    """Group forecasts that predict the same outcome; every forecast is in exactly one question."""
    if not forecasts:
        return []
    ordered = arrival(forecasts)
    claims = read_claims([f.text for f in ordered], nlp or shared_model(),
                         [f.parties for f in ordered], [pledger(f.holder, f.kind) for f in ordered],
                         [f.context for f in ordered], [f.holder for f in ordered])
    vectors = embed([c.statement for c in claims], encoder or load_encoder())
    grouper = Grouper(settings, vectors.shape[1])
    grouper.add_many(list(zip(ordered, claims, vectors, strict=True)))
    return grouper.all_questions()
