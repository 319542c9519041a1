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
    stands_for_government,
)
from augury.analyze.roles import find_roles
from augury.model import Actor

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)

KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group"}
_SPACE = re.compile(r"\s+")


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
    if kind == "organisation" and is_government_body(name):
        return name, "government"
    return name, kind


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
    for ent in _joined(ents):
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
    return ActorFinder()


class ActorFinder:
    """Sets doc._.actors: the document's people, organisations, places and groups, with the
    roles the text gives each person."""

    def __call__(self, doc: Doc) -> Doc:
        actors = group_entities(list(doc.ents))
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
