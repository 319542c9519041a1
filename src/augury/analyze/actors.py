"""Actors of one document: named entities grouped so that "Putin" and "Vladimir Putin" are one,
"the U.S." is the United States, and "Moscow" as an actor is Russia's government."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span

from augury import names
from augury.analyze.places import (
    country_name,
    government,
    is_government_body,
    place_kind,
    place_within,
    stands_for_government,
)
from augury.analyze.roles import find_roles
from augury.model import Actor
from augury.words import load

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)

KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group"}
_SPACE = re.compile(r"\s+")
# "in Kherson": a name these govern is somewhere ("to" and "from" take people too)
PLACE_PREPOSITIONS = {"in", "at", "near", "across", "around", "outside", "inside", "into",
                      "throughout", "within"}
# a name that thinks is a person ("Lincoln knew"), as one that says is (words/saying_verbs.txt)
THINKING = {"think", "believe", "know", "hope", "fear", "feel", "wonder", "expect"}


class ActorIndex:
    """Maps mentions of one document to canonical names."""

    def __init__(self, actors: list[Actor]) -> None:
        self.actors = actors
        self._by_alias: dict[str, Actor] = {}
        for actor in actors:
            for alias in [actor.name, *actor.aliases]:
                self._by_alias.setdefault(alias.lower(), actor)

    def lookup(self, mention: str) -> Actor | None:
        """The actor a mention names, by exact alias, then by a unique surname match."""
        name = names.normalize(mention)
        if not name:
            return None
        found = self._by_alias.get(name.lower())
        if found is not None:
            return found
        last = names.surname(name).lower()
        people = [a for a in self.actors
                  if a.kind == "person" and names.surname(a.name).lower() == last]
        return people[0] if len(people) == 1 else None


def _name_and_kind(ent: Span) -> tuple[str, str | None]:
    """What one mention names: a government for "Moscow said", a country for "the U.S."."""
    kind = KINDS.get(ent.label_)
    if ent.label_ in {"GPE", "ORG", "FAC", "LOC"} and stands_for_government(ent):
        return government(ent.text) or ent.text, "government"
    name = names.normalize(ent.text, person=kind == "person")
    if ent.label_ == "GPE" and (country := country_name(name)):
        return country, "country"
    if ent.label_ == "GPE" and ent.root.pos_ == "ADJ" and " " not in name and \
            place_kind(name) is None:
        return name, "group"  # "the annexed Ukrainian territories", "a pro-Israel group"
    if kind == "organisation" and is_government_body(name):
        return name, "government"
    return name, kind


def _shows_no_place(ent: Span, name: str) -> bool:
    """Whether a mention shows a person or an organisation, not a place ("Sen. Jackson")."""
    # a title before it, a role the text gives it, a verb of saying or thinking it is the
    # subject of ("Jackson said"; a capital that says is its government), or an organisation
    # noun it names ("the Asahi newspaper", "the militant group Hamas")
    doc = ent.doc
    if names.is_honorific(ent.text.split()[0]) or \
            (ent.start > 0 and names.is_honorific(doc[ent.start - 1].text)):
        return True
    root = ent.root
    if government(name) is None:
        verb = root.head.lemma_.lower()
        if root.dep_ == "nsubj" and (verb in load("saying_verbs") or verb in THINKING):
            return True
        nouns = load("organisation_nouns")
        if root.dep_ in {"compound", "appos"} and root.head.lemma_.lower() in nouns or \
                any(c.dep_ == "appos" and c.lemma_.lower() in nouns for c in root.children):
            return True
    return ent.label_ == "PERSON" and bool(find_roles(ent))


def _shows_place(name: str, spans: list[Span], named: set[str]) -> bool:
    """Whether the article shows a gazetteer name a place: it names the place's country."""
    # a city or region lies in a country (a US state) the article names; a country is named
    # elsewhere, or a mention of it is "in" (the model's GPE tags on a person tell nothing)
    if place_kind(name) == "country":
        return bool(place_within(name) & named) or any(
            e.root.dep_ == "pobj" and e.root.head.lower_ in PLACE_PREPOSITIONS for e in spans)
    return bool(place_within(name) & named)


def _placed(ents: list[Span]) -> list[Span]:
    """Entities with the places the model took for people or organisations relabelled GPE."""
    # a name the gazetteer knows ("Kiev", "Crimea") and no organisation's ("University of
    # Texas"), that the article shows a place and never a person or organisation (no title,
    # role or saying; no surname of a full name)
    mentions: dict[str, list[Span]] = defaultdict(list)
    named: set[str] = set()
    surnames: set[str] = set()
    for ent in ents:
        name = names.normalize(ent.text, person=ent.label_ == "PERSON")
        mentions[name].append(ent)
        if ent.label_ in {"GPE", "LOC"}:
            named.add(country_name(name) or name)
        elif ent.label_ == "PERSON" and " " in name:
            surnames.add(names.surname(name))
    places = {
        name for name, spans in mentions.items()
        if any(e.label_ in {"PERSON", "ORG"} for e in spans) and place_kind(name) is not None
        and name not in surnames and not is_government_body(name)
        and not load("organisation_nouns") & set(name.lower().split())
        and not any(_shows_no_place(e, name) for e in spans) and _shows_place(name, spans, named)
    }
    return [Span(ent.doc, ent.start, ent.end, label="GPE")
            if ent.label_ in {"PERSON", "ORG"} and
            names.normalize(ent.text, person=ent.label_ == "PERSON") in places else ent
            for ent in ents]


def _joined(ents: list[Span]) -> list[Span]:
    """Entities as a reader names them. A nationality tagged apart from the organisation it
    names is one organisation (the small model reads "Islamic State" and "Russian Foreign
    Ministry" as NORP + ORG, or NORP + an untagged proper noun); the object of a title ("State"
    of "Secretary of State") is no actor."""
    out: list[Span] = []
    for ent in ents:
        doc = ent.doc
        last = out[-1] if out else None
        if last is not None and last.label_ == "NORP" and ent.label_ == "ORG" and \
                last.end == ent.start:
            out[-1] = Span(doc, last.start, ent.end, label="ORG")
            continue
        if len(ent) == 1 and ent.label_ == "ORG" and ent.start >= 2 and \
                doc[ent.start - 1].lower_ == "of" and names.is_honorific(doc[ent.start - 2].text):
            continue
        end = ent.end
        while ent.label_ == "NORP" and end < len(doc) and doc[end].pos_ == "PROPN" and \
                not doc[end].ent_type_ and doc[end - 1].head.i == end:
            end += 1
        out.append(Span(doc, ent.start, end, label="ORG") if end > ent.end else ent)
    return out


def group_entities(ents: list[Span]) -> list[Actor]:
    """Group entity mentions into actors.

    A name takes the kind most of its mentions were tagged with, except that a one-word name
    which is the surname of exactly one full person name joins that person (the small model
    often tags a bare "Trump" as ORG). Different people who share a surname stay apart.
    """
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for ent in _placed(_joined(ents)):
        name, kind = _name_and_kind(ent)
        if kind is None or len(name) < 2 or not any(c.isupper() for c in name):
            continue
        surfaces[name][_SPACE.sub(" ", ent.text.strip())] += 1
        labels[name][kind] += 1

    kind_of = {name: counts.most_common(1)[0][0] for name, counts in labels.items()}
    full_by_surname: dict[str, list[str]] = defaultdict(list)
    for name, kind in kind_of.items():
        if kind == "person" and " " in name:
            full_by_surname[names.surname(name).lower()].append(name)

    merged: dict[str, Counter[str]] = defaultdict(Counter)
    for name, forms in surfaces.items():
        candidates = full_by_surname.get(name.lower(), []) if " " not in name else []
        target = candidates[0] if len(candidates) == 1 else name
        merged[target].update(forms)

    actors = [
        Actor(name=name, kind=kind_of[name], aliases=sorted(set(forms) - {name}),
              mentions=sum(forms.values()))
        for name, forms in merged.items()
    ]
    actors.sort(key=lambda a: (-a.mentions, a.name))
    return actors


@Language.factory("augury_actors", assigns=["doc._.actors"], requires=["doc.ents"])
def make_actors(nlp: Language, name: str) -> ActorFinder:
    return ActorFinder(_adverbs(nlp))


def _adverbs(nlp: Language) -> frozenset[str]:
    """English adverbs: WordNet's, from the model's lemmatizer tables (none without them)."""
    try:
        return frozenset(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["adv"])
    except (KeyError, AttributeError):
        return frozenset()


class ActorFinder:
    """Sets doc._.actors: the document's people, organisations, places and groups, with the
    roles the text gives each person."""

    def __init__(self, adverbs: frozenset[str] = frozenset()) -> None:
        self.adverbs = adverbs

    def __call__(self, doc: Doc) -> Doc:
        # the model tags a capitalised adverb opening a sentence a place ("Notwithstanding")
        ents = [e for e in doc.ents if not (e.label_ == "GPE" and e.text.isalpha() and
                e.text.lower() in self.adverbs and place_kind(e.text) is None)]
        actors = group_entities(ents)
        index = ActorIndex(actors)
        for ent in doc.ents:
            if ent.label_ != "PERSON" or (actor := index.lookup(ent.text)) is None:
                continue
            known = {r.text for r in actor.roles}
            for role in find_roles(ent):
                if role.text not in known:
                    actor.roles.append(role)
                    known.add(role.text)
        doc._.actors = actors
        return doc
