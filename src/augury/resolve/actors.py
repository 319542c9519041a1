"""One actor per real person, organisation, country or government across the whole database.

Each document's actors are already grouped (analyze/actors.py). Across documents they join when
their names have the same key (augury/names.py: case, accents and middle initials aside); a
longer name that ends with a better-known full name joins it ("Billionaire Donald Trump"); and a
one-word name joins the full name of a
person it is the surname of when exactly one such person is known: "Putin" alone in one article
becomes "Vladimir Putin" of another, but "Biden" stays apart while both "Joe Biden" and "Hunter
Biden" are known. A user's corrections (merge, split) are applied last, by name, so they survive
re-ingest and re-analysis.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from augury.names import key

Action = Literal["merge", "split"]


@dataclass(frozen=True)
class Correction:
    """merge: `other` joins `name`; split: rows named `other` leave `name` as their own actor."""

    action: Action
    name: str
    other: str


@dataclass
class ResolvedActor:
    id: str
    name: str
    kind: str
    aliases: list[str]
    documents: list[str]
    mentions: int
    roles: list[dict[str, Any]] = field(default_factory=list)
    quotes: int = 0
    forecasts: int = 0

    @property
    def role(self) -> str | None:
        """The role the texts give most often (the fullest on a tie)."""
        if not self.roles:
            return None
        counts = Counter(r["text"] for r in self.roles)
        return max(counts, key=lambda text: (counts[text], len(text)))


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key(name)).strip("-") or "actor"


class ResolvedActors:
    """The resolved actors, and lookup of any name or alias to its actor."""

    def __init__(self, actors: list[ResolvedActor]) -> None:
        self.actors = actors
        self._index: dict[str, ResolvedActor] = {}
        for actor in actors:
            for alias in [actor.name, *actor.aliases]:
                self._index.setdefault(key(alias), actor)

    def lookup(self, name: str | None) -> ResolvedActor | None:
        return self._index.get(key(name)) if name else None

    def name_of(self, name: str | None) -> str | None:
        """The resolved name for a speaker or holder; the name itself when no actor has it."""
        actor = self.lookup(name)
        return actor.name if actor else name


def _clusters(rows: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_key[key(row["name"])].append(row)
    people = defaultdict(list)
    for k, members in by_key.items():
        if " " in k and _kind(members) == "person":
            people[k.split()[-1]].append(k)
    merged: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for k, members in by_key.items():
        full = people.get(k, []) if " " not in k else []
        kind = _kind(members)
        target = full[0] if len(full) == 1 and kind in {"person", "organisation"} else k
        merged[_within(target, by_key)].extend(members)
    return merged


def _within(k: str, by_key: dict[str, list[dict[str, Any]]]) -> str:
    """A longer person name that ends with a better-known full name is that person, the words
    before it a descriptor or a headline's fragment: "Billionaire Donald Trump", "Hillary
    Clinton Slams Donald Trump" -> "donald trump"."""
    words = k.split()
    if len(words) < 3 or _kind(by_key[k]) != "person":
        return k
    tail = " ".join(words[-2:])
    known = by_key.get(tail)
    if known is None or _kind(known) != "person":
        return k
    mentions = sum(r["mentions"] for r in known)
    return tail if mentions >= sum(r["mentions"] for r in by_key[k]) else k


def _kind(rows: Iterable[dict[str, Any]]) -> str:
    votes: Counter[str] = Counter()
    for row in rows:
        votes[row["kind"]] += row["mentions"]
    return votes.most_common(1)[0][0]


def _apply(
    clusters: dict[str, list[dict[str, Any]]], corrections: Sequence[Correction]
) -> dict[str, list[dict[str, Any]]]:
    def owner(name: str) -> str | None:
        k = key(name)
        return next((c for c, rows in clusters.items()
                     if c == k or any(key(r["name"]) == k or k in map(key, r["aliases"])
                                      for r in rows)), None)

    for fix in corrections:
        into, other = owner(fix.name), owner(fix.other)
        if into is None or other is None:
            continue
        if fix.action == "merge" and into != other:
            clusters[into].extend(clusters.pop(other))
        elif fix.action == "split":
            leaving = [r for r in clusters[into] if key(r["name"]) == key(fix.other)]
            staying = [r for r in clusters[into] if key(r["name"]) != key(fix.other)]
            if leaving and staying:
                clusters[into] = staying
                clusters[f"split:{key(fix.other)}"] = leaving
    return clusters


def _build(rows: list[dict[str, Any]]) -> ResolvedActor:
    mentions: Counter[str] = Counter()
    for row in rows:
        mentions[row["name"]] += row["mentions"]
    multi = [n for n in mentions if " " in n] if _kind(rows) == "person" else []
    name = max(multi or mentions, key=lambda n: (mentions[n], len(n)))
    aliases = {a for row in rows for a in [row["name"], *row["aliases"]]} - {name}
    documents = list(dict.fromkeys(row["doc"] for row in rows))
    roles = [{**role, "doc": row["doc"]} for row in rows for role in row.get("roles", [])]
    return ResolvedActor(
        id=slug(name), name=name, kind=_kind(rows), aliases=sorted(aliases),
        documents=documents, mentions=sum(mentions.values()), roles=roles,
    )


def resolve_actors(
    rows: Sequence[dict[str, Any]],
    corrections: Sequence[Correction] = (),
    speakers: Iterable[str | None] = (),
    holders: Iterable[str | None] = (),
) -> ResolvedActors:
    """Resolve per-document actor rows (doc, name, kind, aliases, mentions, roles) into actors,
    counting the quotes and forecasts whose speaker or holder names each."""
    clusters = _apply(_clusters(rows), corrections)
    actors = [_build(members) for members in clusters.values()]
    resolution = ResolvedActors(actors)
    for names, attr in ((speakers, "quotes"), (holders, "forecasts")):
        for name in names:
            if (actor := resolution.lookup(name)) is not None:
                setattr(actor, attr, getattr(actor, attr) + 1)
    actors.sort(key=lambda a: (-(a.quotes + a.forecasts), -a.mentions, a.name))
    return resolution
