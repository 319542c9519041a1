"""Who a speaker mention refers to, with what kind of actor it is and the evidence used.

A discourse model of one document, read in text order:
- names through the document's actors ("Trump" -> "Donald Trump"); an honorific with a given
  name ("Sir Richard") -> the full name introduced earlier with that given name;
- pronouns by discourse: the latest speaker or main-clause subject that fits the pronoun's
  gender, never a name inside what is being said; "I"/"we" outside quotes -> the byline;
  "they" -> the latest group, organisation or government that spoke;
- descriptions ("the economist", "the Indiana governor") -> the person last introduced with a
  description that fits (apposition, title, role);
- organisations by their head noun ("the campaign", "the commission") -> the organisation the
  text named with it; an unnamed person of a named body ("a White House aide", "an official at
  the State Department") -> that body;
- documents ("the report", "a Pew survey") -> their named issuer, else the document;
- groups and unnamed sources ("analysts", "a source", "few experts") -> the group as written.

A name mention that nothing supports keeps its own name; a common noun is at worst a group:
the result is None only for a pronoun with no antecedent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from augury import names
from augury.analyze.actors import ActorIndex, group_entities
from augury.analyze.deps import NOMINAL_SUBJECTS, NOUN_MODIFIERS
from augury.analyze.doctext import ents_in, ents_of, headline_end, text_of
from augury.analyze.places import is_government_body, stands_for_government
from augury.model import ActorKind
from augury.words import load

if not Doc.has_extension("speakers"):
    Doc.set_extension("speakers", default=None)

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
PLURAL_PRONOUNS = {"they", "them", "their"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
GENDERED_NOUNS = {
    "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "businesswoman": "f",
    "wife": "f", "mother": "f", "daughter": "f", "sister": "f", "woman": "f", "actress": "f",
    "queen": "f", "grandmother": "f", "widow": "f",
    "spokesman": "m", "chairman": "m", "congressman": "m", "businessman": "m", "husband": "m",
    "father": "m", "son": "m", "brother": "m", "man": "m", "actor": "m", "king": "m",
    "grandfather": "m",
}
# Heads of state or government are "leaders": "the Russian leader" is the Russian president.
LEADER_TITLES = {"president", "premier", "chancellor", "minister", "king", "queen", "leader",
                 "chairman", "dictator", "strongman", "autocrat", "ruler"}
# Abbreviated titles and synonyms, read as the word a description would use ("Gov. Pence" ~ "the
# governor", "an attorney for Pagliano" ~ "Pagliano's lawyer").
TITLE_WORDS = {"gov.": "governor", "gov": "governor", "sen.": "senator", "sen": "senator",
               "rep.": "representative", "gen.": "general", "sec.": "secretary",
               "pres.": "president", "prof.": "professor", "dr.": "doctor", "amb.": "ambassador",
               "lt.": "lieutenant", "col.": "colonel", "adm.": "admiral", "gop": "republican",
               "attorney": "lawyer"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
KIND_OF_ACTOR: dict[str, ActorKind] = {
    "person": "person", "organisation": "organisation", "government": "government",
    "country": "government", "place": "government", "group": "group",
}
# How far back (in characters) a pronoun or description looks for its antecedent.
REACH = 3000


@dataclass(frozen=True)
class Resolved:
    """What a mention refers to: a name, its kind, and the span of the evidence used (the
    mention itself, or the earlier mention it points back to)."""

    name: str
    kind: ActorKind
    evidence: tuple[int, int]


def _word(token: Token) -> str:
    return TITLE_WORDS.get(token.lower_, token.lower_)


def mention_span(token: Token, chunk: Span | None = None) -> Span:
    """The speaker mention around a token: its name ("Mr. Putin"), its pronoun, or its noun
    phrase ("the Russian president"), without appositions or relative clauses."""
    doc = token.doc
    if token.pos_ == "PRON":
        return doc[token.i:token.i + 1]
    name = None
    if chunk is not None and chunk[-1].ent_type_ == "PERSON":
        name = _name_at(chunk[-1])
    name = name or _name_at(token)
    if name is None and chunk is not None:
        proper = [t for t in chunk if t.ent_type_ in NAME_LABELS and t.pos_ == "PROPN"]
        if proper and proper[-1].i == chunk.end - 1:
            name = _name_at(proper[-1])
    if name is not None:
        start = name.start
        while start > 0 and names.is_honorific(doc[start - 1].text) and \
                doc[start - 1].text[:1].isupper():
            start -= 1
        return doc[start:name.end]
    if chunk is not None:
        start = max([chunk.start, *[t.i + 1 for t in chunk if "\n" in t.text]])
        return doc[start:chunk.end] if start < chunk.end else doc[token.i:token.i + 1]
    return doc[token.i:token.i + 1]


def _entity_at(token: Token) -> Span:
    """The entity a token is tagged in (the token must be in one), with its label."""
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type)


def _name_at(token: Token) -> Span | None:
    """The entity (or run of proper nouns) that token belongs to."""
    doc = token.doc
    if token.ent_type_ in NAME_LABELS:
        ent = _entity_at(token)
        start, end = ent.start, ent.end
        start += 1 if doc[start].lower_ == "the" else 0
        while end > start + 1 and doc[end - 1].tag_ == "POS":
            end -= 1
        return doc[start:end]
    if token.pos_ != "PROPN":
        return None
    start = end = token.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and doc[end].dep_ == "compound":
        end += 1
    return doc[start:end + 1]


@dataclass
class Person:
    """What the document says about one person: descriptions, gender evidence, mentions."""

    name: str
    descriptions: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # (head, words)
    gender: Counter[str] = field(default_factory=Counter)
    mentions: list[int] = field(default_factory=list)

    def fit(self, head: str, mods: set[str]) -> int:
        """How well a description "the <mods> <head>" fits this person: 0 when no description
        of theirs has the head; else 1 + the number of modifiers it shares."""
        best = 0
        for own, words in self.descriptions:
            titled = head == own or (head == "leader" and own in LEADER_TITLES)
            if not titled or ("former" in words) != ("former" in mods):
                continue
            shared = len(mods & words)
            if mods and not shared and len(mods) > 1:
                continue
            best = max(best, 1 + shared)
        return best

    @property
    def sex(self) -> str | None:
        if not self.gender:
            return None
        (best, n), *rest = self.gender.most_common(2) + [("", 0)]
        return best if n > rest[0][1] else None


@dataclass
class Said:
    """One resolved attribution, for the discourse: where its mention was, who, what kind."""

    at: int
    resolved: Resolved


class SpeakerResolver:
    """Resolves speaker mentions of one document, in text order. The quotes component keeps
    its resolver on `doc._.speakers`, so the forecasts component reads the same discourse
    (who spoke where) instead of reading the document's people a second time."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.headline_end = headline_end(doc)
        actors = doc._.actors if doc.has_extension("actors") and doc._.actors else None
        self.index = ActorIndex(actors if actors is not None else group_entities(list(doc.ents)))
        document = doc._.augury_document if doc.has_extension("augury_document") else None
        self.author = document.author if document is not None else None
        self.people: dict[str, Person] = {}
        self.events: list[tuple[int, str]] = []  # (char offset, name): who was salient where
        self.said: list[Said] = []
        self._chunks: dict[int, Span] = {}
        self._read_people()

    # -- what the text says about people

    def name_of(self, mention: str) -> str | None:
        """The canonical name of a name mention; a lone surname becomes the one full name of
        the document that ends with it, even one the tagger filed as an organisation."""
        actor = self.index.lookup(mention)
        name = actor.name if actor is not None else names.normalize(mention)
        if not name or not name[0].isupper():
            return None
        if " " not in name:
            longer = {a.name for a in self.index.actors
                      if a.name.endswith(" " + name) and len(a.name.split()) <= 4}
            if len(longer) == 1:
                return longer.pop()
        return name

    def _given_name(self, mention: Span) -> str | None:
        """"Sir Richard", "Dr. Fiona": an honorific with a given name -> the one person of the
        document whose full name starts with it."""
        words = mention.text.split()
        if len(words) != 2 or not names.is_honorific(words[0]):
            return None
        given = words[1].strip(".,'’")
        found = {p for p in self.people if names.given_name(p) == given}
        return found.pop() if len(found) == 1 else None

    def _person(self, name: str) -> Person:
        if name not in self.people:
            self.people[name] = Person(name)
        return self.people[name]

    def _read_people(self) -> None:
        for actor in self.index.actors:
            if actor.kind == "person":
                for role in getattr(actor, "roles", []):
                    self._person(actor.name).descriptions.append(_role_words(role.text))
        for ent in ents_of(self.doc):
            if ent.label_ != "PERSON":
                continue
            name = self.name_of(ent.text)
            if name is None:
                continue
            person = self._person(name)
            person.mentions.append(ent.start_char)
            head = ent.root
            self._read_titles(person, ent, head)
            before = self.doc[ent.start - 1].text if ent.start > 0 else ""
            if (sex := names.honorific_gender(before)) is not None:
                person.gender[sex] += 2
            if head.dep_ in NOMINAL_SUBJECTS and (head.head.dep_ == "ROOT"
                                                  or head.head.i == head.i):
                self.events.append((ent.start_char, name))
                self._read_pronoun_gender(person, ent)
        self._read_untagged_people()

    def _read_untagged_people(self) -> None:
        """A name the tagger missed is still a person when the text describes it as one:
        "Alexei Petrov, a leading economist, …"."""
        for noun in self.doc:
            head = noun.head
            if noun.dep_ != "appos" or noun.pos_ != "NOUN" or head.pos_ != "PROPN" or \
                    head.ent_type_ == "PERSON" or noun.lemma_.lower() not in load("person_nouns"):
                continue
            run = _proper_run(head)
            if not 2 <= len(run) <= 3 or any(t.ent_type_ in ("GPE", "NORP") for t in run):
                continue
            person = self._person(names.normalize(run.text))
            person.mentions.append(run.start_char)
            self._read_titles(person, run, head)
            if head.dep_ in NOMINAL_SUBJECTS:
                self.events.append((run.start_char, person.name))
        self.events.sort()

    def _read_titles(self, person: Person, ent: Span, head: Token) -> None:
        """Titles before a name ("Russian President Vladimir Putin", "Indiana Gov. Mike
        Pence"), titles the tagger put inside it, and appositions ("Sergei Markov, a Russian
        political scientist")."""
        inner = [t for t in ent if names.is_honorific(t.text)]
        before: list[Token] = []
        i = ent.start - 1
        while i >= 0 and self.doc[i].dep_ in NOUN_MODIFIERS and \
                self.doc[i].pos_ in ("NOUN", "PROPN", "ADJ") and i < self.doc[i].head.i < ent.end:
            before.append(self.doc[i])
            i -= 1
        # (head, words): a title's head is the word next to the name ("Indiana Gov." -> gov.).
        described = [(own, [*before, *inner]) for own in dict.fromkeys([*inner[-1:], *before[:1]])]
        nouns = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if head.dep_ == "appos" and head.head.pos_ == "NOUN":
            nouns.append(head.head)
        elif head.dep_ == "appos" and (owner := _described_owner(head.head)) is not None:
            nouns.append(owner)
        for noun in [*nouns, *[c for n in nouns for c in n.children if c.dep_ == "conj"]]:
            described.append((noun, [noun, *_modifiers(noun)]))
        for own, group in described:
            person.descriptions.append((_word(own), frozenset(_word(w) for w in group)))
            # common nouns only: "King's College London" says nothing of a lecturer's sex
            for word in {w.lower_ for w in group if w.pos_ != "PROPN"} & GENDERED_NOUNS.keys():
                person.gender[GENDERED_NOUNS[word]] += 2

    def _read_pronoun_gender(self, person: Person, ent: Span) -> None:
        """A subject named alone in its sentence and a he/she later in it, with no other name
        between ("Fowler said he expects …"): weak gender evidence. A name the tagger missed
        ("Trump's coming into office will …, his") is a name all the same."""
        sent = ent.sent
        others = [e for e in ents_in(sent) if e.label_ == "PERSON" and e.start != ent.start]
        if others:
            return
        for t in sent:
            if t.i < ent.end:
                continue
            if t.pos_ == "PROPN":
                return
            if t.lower_ in ("he", "she"):
                person.gender[PRONOUN_GENDER[t.lower_]] += 1
                return

    # -- resolution

    def mention_at(self, token: Token) -> Span:
        """The whole mention a token heads ("the campaign", not "campaign")."""
        if not self._chunks:
            self._chunks = {t.i: c for c in self.doc.noun_chunks for t in c}
        return mention_span(token, self._chunks.get(token.i))

    def resolve(self, mention: Span, content: tuple[int, int] | None = None,
                exclude: str | None = None) -> Resolved | None:
        """What a speaker mention refers to, or None; `content` is what the speaker said
        (names inside it are not candidates for a pronoun in the frame); `exclude` is a person
        a pronoun cannot be (the speaker of the quote it stands in: "he" in Harper's words is
        not Harper)."""
        head = mention.root
        word = head.lower_
        headline_noun = self._in_headline(mention) and len(mention) == 1 and \
            head.lemma_.lower() in load("person_nouns")
        if head.pos_ == "PRON" or word in PLURAL_PRONOUNS | FIRST_PERSON:
            found = self._pronoun(word, mention.start_char, content, exclude)
        elif headline_noun or head.pos_ == "NOUN" and head.ent_type_ not in NAME_LABELS:
            found = self._common(mention)
        else:
            found = self._named(mention)
        if found is not None:
            self.said.append(Said(mention.start_char, found))
            if found.kind == "person":
                self.events.append((mention.start_char, found.name))
                if word in PRONOUN_GENDER:
                    self._person(found.name).gender[PRONOUN_GENDER[word]] += 1
        return found

    def _in_headline(self, mention: Span) -> bool:
        """Whether a mention stands in the article's first line (its headline)."""
        return mention.start_char < self.headline_end

    def _named(self, mention: Span) -> Resolved | None:
        evidence = (mention.start_char, mention.end_char)
        name = self._given_name(mention) or self.name_of(mention.text)
        if name is None:
            return None
        actor = self.index.lookup(name)
        if name in self.people or actor is None and mention.root.ent_type_ == "PERSON":
            return Resolved(name, "person", evidence)
        if actor is not None:
            kind = KIND_OF_ACTOR.get(actor.kind, "organisation")
            if kind == "organisation" and is_government_body(name):
                kind = "government"
            return Resolved(name, kind, evidence)
        if mention.root.ent_type_ == "NORP" or mention.root.tag_ == "NNPS":
            return Resolved(name, "group", evidence)
        kind: ActorKind = "government" if is_government_body(name) else "organisation"
        return Resolved(name, kind, evidence)

    def _pronoun(self, word: str, at: int, content: tuple[int, int] | None,
                 exclude: str | None = None) -> Resolved | None:
        if word in FIRST_PERSON:
            inside = content is not None and content[0] <= at < content[1]
            return Resolved(self.author, "author", (at, at)) if self.author and not inside \
                else None
        if word in PLURAL_PRONOUNS:
            for said in reversed(self.said):
                if said.at < at and at - said.at < REACH and said.resolved.kind != "person":
                    return said.resolved
            return None
        gender = PRONOUN_GENDER.get(word)
        if gender is None:
            return None
        for pos, name in sorted(self.events, reverse=True):
            if pos >= at or at - pos > REACH or name == exclude or (
                    content is not None and content[0] <= pos < content[1]):
                continue
            person = self.people.get(name)
            if person is None and not _could_be_person(self.index, name):
                continue
            sex = person.sex if person is not None else None
            if sex is None or sex == gender:
                return Resolved(name, "person", (pos, pos + len(name)))
        return None

    def _common(self, mention: Span) -> Resolved:
        """A common-noun mention: a described person, an organisation by its head noun, the
        body an unnamed person belongs to, a document, or else a group as written."""
        head = mention.root
        named = [c for c in head.children if c.dep_ == "appos" and (
            c.ent_type_ == "PERSON" or c.pos_ == "PROPN" and not c.ent_type_)]
        if named:  # "Trump's running mate, Indiana Gov. Mike Pence, plans to …"
            return self._named(self.mention_at(named[0])) or self._common_noun(mention)
        return self._common_noun(mention)

    def _common_noun(self, mention: Span) -> Resolved:
        evidence = (mention.start_char, mention.end_char)
        head = mention.root
        lemma = head.lemma_.lower()
        definite = mention[0].lower_ in ("the", "this", "that") or any(
            c.dep_ == "poss" for c in head.children)
        organisational = lemma in load("organisation_nouns")
        owner = [t for t in head.children if t.dep_ in ("poss", "compound") and t.pos_ == "PROPN"]
        if organisational and owner:
            span = _proper_run(owner[-1])
            name = f"{names.normalize(span.text, person=False)} {head.text}"
            kind: ActorKind = "government" if is_government_body(name) else "organisation"
            return Resolved(name, kind, evidence)
        if self._in_headline(mention) and head.tag_ in ("NN", "NNP"):
            # "Analyst: Moscow may cut gas exports", "…, envoy says": the person the body
            # introduces with that description
            person = self._description(mention, anywhere=True)
            if person is not None:
                return person
        if definite and head.tag_ == "NN":
            person = self._description(mention) or (
                None if organisational else self._salient(mention))
            if person is not None:
                return person
            if organisational:
                org = self._organisation(lemma, mention.start)
                if org is not None:
                    return org
        inner = self._inner_name(mention)
        if inner is not None:
            return inner
        phrase = _head_phrase(mention)
        if lemma in load("reasoning_nouns") and self.author:
            return Resolved(self.author, "author", evidence)
        if lemma in load("document_nouns") or head.lower_ in load("document_nouns"):
            return self._issuer(mention) or Resolved(phrase, "document", evidence)
        return Resolved(phrase, "group", evidence)

    def _description(self, mention: Span, anywhere: bool = False) -> Resolved | None:
        """"the Russian president" -> the person last mentioned with the best-fitting
        description; the latest mention wins a tie. `anywhere`: a headline's description may
        point forward to the body, where the first fitting mention wins."""
        head = _word(mention.root)
        mods = {_word(t) for t in mention
                if t.i != mention.root.i and t.pos_ in ("ADJ", "NOUN", "PROPN")}
        best: tuple[int, int, str] | None = None
        for person in self.people.values():
            seen = [p for p in person.mentions if anywhere or p < mention.start_char]
            if not seen:
                continue
            score = person.fit(head, mods)
            at = -seen[0] if anywhere else seen[-1]
            if score and (best is None or (score, at) > best[:2]):
                best = (score, at, person.name)
        if best is None:
            return None
        at = abs(best[1])
        return Resolved(best[2], "person", (at, at + len(best[2])))

    def _salient(self, mention: Span) -> Resolved | None:
        """"The New York businessman said" with no description of anyone to match: news writing
        names a person, then refers back to them by a new description. The person who spoke or
        was the subject last, nearby, of a fitting gender."""
        head = mention.root.lemma_.lower()
        if head not in load("person_nouns"):
            return None
        gender = GENDERED_NOUNS.get(head)
        for pos, name in sorted(self.events, reverse=True):
            if pos >= mention.start_char:
                continue
            if mention.start_char - pos > REACH // 3:
                return None
            person = self.people.get(name)
            if person is None:
                continue
            if any(own == head for own, _ in person.descriptions) and \
                    not person.fit(head, set()):
                continue
            if gender is None or person.sex in (None, gender):
                return Resolved(name, "person", (pos, pos + len(name)))
        return None

    def _organisation(self, lemma: str, before: int) -> Resolved | None:
        """"the campaign" -> the latest organisation named with that word before token
        `before`: an entity ("the Commission on Presidential Debates") or a proper noun before
        the word ("the Clinton campaign")."""
        for token in reversed(self.doc[:before]):
            if token.lemma_.lower() != lemma:
                continue
            if token.ent_type_ in ("ORG", "FAC", "GPE"):
                ent = _entity_at(token)
                name = names.normalize(ent.text, person=False)
                kind: ActorKind = "government" if is_government_body(name) else "organisation"
                return Resolved(name, kind, (ent.start_char, ent.end_char))
            run = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
            if run:
                start = min(t.i for t in run)
                span = self.doc[start:token.i + 1]
                name = span.text
                kind = "government" if is_government_body(name) else "organisation"
                return Resolved(name, kind, (span.start_char, span.end_char))
        if lemma in load("generic_bodies"):
            return self._last_organisation(before)
        return None

    def _last_organisation(self, before: int) -> Resolved | None:
        """The organisation the text named last before token `before`, nearby."""
        end = self.doc[before].idx if before < len(self.doc) else len(self.text)
        for ent in reversed(ents_of(self.doc)):
            if ent.end_char > end:
                continue
            if end - ent.end_char > REACH // 3:
                return None
            if ent.label_ == "ORG":
                name = names.normalize(ent.text, person=False)
                kind: ActorKind = "government" if is_government_body(name) else "organisation"
                return Resolved(name, kind, (ent.start_char, ent.end_char))
        return None

    def _issuer(self, mention: Span) -> Resolved | None:
        """"an analysis by Lily Batchelder", "a report by the Tax Foundation": whoever the
        document is by."""
        for prep in mention.root.children:
            if prep.dep_ == "prep" and prep.lower_ == "by":
                by = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if by is not None and (by.pos_ == "PROPN" or by.ent_type_):
                    return self._named(self.mention_at(by))
        return None

    def _inner_name(self, mention: Span) -> Resolved | None:
        """"a White House aide", "a senior Pentagon official", "an official at the State
        Department", "a Pew survey": the body or issuer named inside an unnamed mention."""
        head = mention.root
        inside = [t for t in mention if t.i != head.i and t.pos_ == "PROPN"]
        inside += [t for c in head.children if c.dep_ == "prep" and c.lower_ in ("at", "of",
                   "for", "from", "with") for t in c.subtree if t.pos_ == "PROPN"]
        if not inside:
            return None
        token = inside[-1]
        ent = _entity_at(token) if token.ent_type_ else None
        # A person's name is no body; "a Russian official" names a nationality, not a body.
        if ent is not None and ent.label_ in ("PERSON", "GPE", "NORP"):
            return None
        span = ent if ent is not None else _proper_run(token)
        name = names.normalize(span.text, person=False)
        if len(name) < 2:
            return None
        kind: ActorKind = "government" if is_government_body(name) or (
            ent is not None and stands_for_government(ent)) else "organisation"
        return Resolved(name, kind, (span.start_char, span.end_char))


def _role_words(text: str) -> tuple[str, frozenset[str]]:
    """A role's head and words: "senior lecturer at King's College London" -> ("lecturer",
    {senior, lecturer, …})."""
    words = [TITLE_WORDS.get(w.lower(), w.lower()) for w in text.replace(",", " ").split()]
    cut = next((k for k, w in enumerate(words) if w in ("at", "of", "for", "in", "with", "who")),
               len(words))
    return (words[cut - 1] if cut else words[0]), frozenset(words)


def _described_owner(name: Token) -> Token | None:
    """"An attorney for Pagliano, Mark MacDougall": the parser hangs the second name on the
    first, but one person is no apposition of another; the description is the noun above."""
    prep = name.head
    if name.dep_ != "pobj" or name.ent_type_ != "PERSON" or prep.dep_ != "prep":
        return None
    noun = prep.head
    return noun if noun.pos_ == "NOUN" and noun.lemma_.lower() in load("person_nouns") else None


def _modifiers(noun: Token) -> list[Token]:
    """The words that say which one a described person is: "a leading economist", "an attorney
    for Pagliano", "the head of the Tax Policy Center"."""
    found = [c for c in noun.children if c.dep_ in ("amod", "compound")]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at", "to"):
            found += [t for t in prep.subtree if t.pos_ == "PROPN"]
    return found


def _proper_run(token: Token) -> Span:
    doc = token.doc
    start = end = token.i
    while start > 0 and doc[start - 1].pos_ == "PROPN":
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN":
        end += 1
    return doc[start:end + 1]


def _head_phrase(mention: Span) -> str:
    """A group as written: the mention without leading quantifiers and determiners, up to its
    head ("some Republican lawmakers" -> "Republican lawmakers", "a source" -> "source")."""
    head = mention.root
    tokens = [t for t in mention if t.i <= head.i]
    while len(tokens) > 1 and (tokens[0].lower_ in load("quantifiers") or tokens[0].is_punct
                               or tokens[0].pos_ in ("DET", "NUM")):
        tokens = tokens[1:]
    phrase = head.doc[tokens[0].i:head.i + 1].text if tokens else head.text
    # "pundits in Kyiv", "voices from Moscow": a place or body that says whose group it is.
    for prep in head.children:
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "at", "of") and objects and \
                objects[0].ent_type_ in ("GPE", "NORP", "ORG", "LOC"):
            words = head.doc[prep.i:objects[0].right_edge.i + 1]
            return f"{phrase} {words.text}"
    return phrase


ORG_WORDS = {"post", "times", "news", "journal", "party", "committee", "council", "department",
             "ministry", "group", "institute", "university", "agency", "office", "house",
             "commission", "club", "network", "company", "fund", "bank", "kremlin", "campaign",
             "reuters", "cnn", "fox", "tass", "world", "administration", "government"}


def _could_be_person(index: ActorIndex, name: str) -> bool:
    """A name the entity tagger did not call a person may still be one ("Oleg Ignatov")."""
    actor = index.lookup(name)
    if actor is not None and actor.kind == "person":
        return True
    if actor is not None and actor.kind != "organisation":
        return False
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and \
        not {w.lower() for w in words} & ORG_WORDS
