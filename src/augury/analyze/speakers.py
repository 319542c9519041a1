"""Who a speaker mention refers to: names through the document's actors, pronouns and
descriptions ("the Russian president", "the expert") through what the document said before.

Resolution never guesses wildly: a mention that no earlier name supports resolves to None.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from augury.analyze.actors import ActorIndex, group_entities, normalize_name

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
                    "miss": "f", "sir": "m", "madam": "f", "lady": "f", "lord": "m"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sen",
              "sen.", "rep", "rep.", "gov", "gov.", "gen", "gen.", "miss", "sir"}
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
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


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
        names = [t for t in chunk if t.ent_type_ in NAME_LABELS and t.pos_ == "PROPN"]
        if names and names[-1].i == chunk.end - 1:
            name = _name_at(names[-1])
    if name is not None:
        start = name.start
        while start > 0 and doc[start - 1].lower_ in HONORIFICS:
            start -= 1
        return doc[start:name.end]
    if chunk is not None:
        start = max([chunk.start, *[t.i + 1 for t in chunk if "\n" in t.text]])
        return doc[start:chunk.end] if start < chunk.end else doc[token.i:token.i + 1]
    return doc[token.i:token.i + 1]


def _name_at(token: Token) -> Span | None:
    """The entity (or run of proper nouns) that token belongs to."""
    doc = token.doc
    if token.ent_type_ in NAME_LABELS:
        start, end = token.i, token.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
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
    descriptions: list[frozenset[str]] = field(default_factory=list)
    gender: Counter[str] = field(default_factory=Counter)
    mentions: list[int] = field(default_factory=list)

    def fits(self, head: str, mods: set[str]) -> bool:
        """Whether a description "the <mods> <head>" fits one of this person's descriptions."""
        for words in self.descriptions:
            titled = head in words or (head == "leader" and bool(words & LEADER_TITLES))
            if titled and mods <= words and ("former" in words) == ("former" in mods):
                return True
        return False

    @property
    def sex(self) -> str | None:
        if not self.gender:
            return None
        (best, n), *rest = self.gender.most_common(2) + [("", 0)]
        return best if n > rest[0][1] else None


class SpeakerResolver:
    """Resolves speaker mentions of one document, in text order."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        actors = doc._.actors if doc.has_extension("actors") and doc._.actors else None
        self.index = ActorIndex(actors if actors is not None else group_entities(list(doc.ents)))
        self.people: dict[str, Person] = {}
        self.events: list[tuple[int, str]] = []  # (char offset, name): who was salient where
        self._read_people()

    # -- what the text says about people

    def name_of(self, mention: str) -> str | None:
        """The canonical name of a name mention; a lone surname becomes the one full name of
        the document that ends with it, even one the tagger filed as an organisation."""
        actor = self.index.lookup(mention)
        name = actor.name if actor is not None else normalize_name(mention)
        if not name or not name[0].isupper():
            return None
        if " " not in name:
            longer = {a.name for a in self.index.actors
                      if a.name.endswith(" " + name) and len(a.name.split()) <= 4}
            if len(longer) == 1:
                return longer.pop()
        return name

    def _person(self, name: str) -> Person:
        if name not in self.people:
            self.people[name] = Person(name)
        return self.people[name]

    def _read_people(self) -> None:
        for actor in self.index.actors:
            if actor.kind == "person":
                for role in getattr(actor, "roles", []):
                    words = frozenset(w.lower() for w in role.text.replace(",", " ").split())
                    self._person(actor.name).descriptions.append(words)
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            name = self.name_of(ent.text)
            if name is None:
                continue
            person = self._person(name)
            person.mentions.append(ent.start_char)
            head = ent.root
            self._read_titles(person, ent, head)
            before = self.doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if before in HONORIFIC_GENDER:
                person.gender[HONORIFIC_GENDER[before]] += 2
            if head.dep_ in SUBJECT_DEPS and (head.head.dep_ == "ROOT" or head.head.i == head.i):
                self.events.append((ent.start_char, name))
                self._read_pronoun_gender(person, ent)

    def _read_titles(self, person: Person, ent: Span, head: Token) -> None:
        """Titles before a name ("Russian President Vladimir Putin") and appositions
        ("Sergei Markov, a Russian political scientist")."""
        groups: list[list[Token]] = []
        words: list[Token] = []
        i = ent.start - 1
        while i >= 0 and self.doc[i].dep_ in ("compound", "amod", "nmod") and \
                self.doc[i].pos_ in ("NOUN", "PROPN", "ADJ") and i < self.doc[i].head.i < ent.end:
            words.append(self.doc[i])
            i -= 1
        groups.append(words)
        nouns = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if head.dep_ == "appos" and head.head.pos_ == "NOUN":
            nouns.append(head.head)
        for noun in [*nouns, *[c for n in nouns for c in n.children if c.dep_ == "conj"]]:
            groups.append([noun, *[c for c in noun.children if c.dep_ in ("amod", "compound")]])
        for group in groups:
            described = frozenset(w.lower_ for w in group)
            if described:
                person.descriptions.append(described)
            for word in described & GENDERED_NOUNS.keys():
                person.gender[GENDERED_NOUNS[word]] += 2

    def _read_pronoun_gender(self, person: Person, ent: Span) -> None:
        """A subject named alone in its sentence and a he/she later in it: weak gender evidence."""
        sent = ent.sent
        others = [e for e in sent.ents if e.label_ == "PERSON" and e.start != ent.start]
        if others:
            return
        for t in sent:
            if t.i >= ent.end and t.lower_ in PRONOUN_GENDER:
                person.gender[PRONOUN_GENDER[t.lower_]] += 1
                return

    # -- resolution

    def resolve(self, mention: Span, content: tuple[int, int] | None = None) -> str | None:
        """The name a speaker mention refers to, or None; `content` is what the speaker said
        (names inside it are not candidates for a pronoun in the frame)."""
        head = mention.root
        word = head.lower_
        if head.pos_ == "PRON":
            name = self._pronoun(word, mention.start_char, content)
        elif any(t.pos_ == "PROPN" for t in mention) or mention.label_ in NAME_LABELS:
            name = self.name_of(mention.text)
        else:
            name = self._description(mention)
        if name is not None:
            self.events.append((mention.start_char, name))
            if word in PRONOUN_GENDER:
                self._person(name).gender[PRONOUN_GENDER[word]] += 1
        return name

    def _pronoun(self, word: str, at: int, content: tuple[int, int] | None) -> str | None:
        gender = {"he": "m", "she": "f", "his": "m", "her": "f"}.get(word)
        if gender is None:
            return None
        for pos, name in sorted(self.events, reverse=True):
            if pos >= at or (content is not None and content[0] <= pos < content[1]):
                continue
            person = self.people.get(name)
            if person is None and not _could_be_person(self.index, name):
                continue
            sex = person.sex if person is not None else None
            if sex is None or sex == gender:
                return name
        return None

    def _description(self, mention: Span) -> str | None:
        """"the Russian president" -> the person last mentioned with a description that fits."""
        head = mention.root.lower_
        mods = {t.lower_ for t in mention
                if t.i != mention.root.i and t.pos_ in ("ADJ", "NOUN", "PROPN")}
        if mention[0].lower_ not in ("the", "this", "that"):
            return None
        best: tuple[int, str] | None = None
        for person in self.people.values():
            seen = [p for p in person.mentions if p < mention.start_char]
            if seen and person.fits(head, mods) and (best is None or seen[-1] > best[0]):
                best = (seen[-1], person.name)
        return best[1] if best else None


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
