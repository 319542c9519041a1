"""One actor per real person, organisation, country or government across the whole database.

Each document's actors are already grouped (analyze/actors.py). Across documents they join when
their names have the same key (augury/names.py: case, accents and middle initials aside); a
longer name that holds a better-known full name joins it ("Billionaire Donald Trump", "Hillary
Rodham Clinton"); a one-word name that only one full name dominates joins it (a surname, or a
given name: "Clinton" and "Hillary" are Hillary Clinton where she is mentioned five times as
often as every other Clinton or Hillary together); and a one-word name joins the full name of a
person it is the surname of when exactly one such person is known: "Putin" alone in one article
becomes "Vladimir Putin" of another, but "Biden" stays apart while both "Joe Biden" and "Hunter
Biden" are known and neither dominates. A user's corrections (merge, split) are applied last,
by name, so they survive re-ingest and re-analysis.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from augury.model import Correction
from augury.names import key


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


# A one-word name joins the best-known full name it can be part of when that person is
# mentioned at least this many times as often as all the others it could be together.
DOMINANCE = 5


def _clusters(rows: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_key[key(row["name"])].append(row)
    by_surname: dict[str, list[str]] = defaultdict(list)
    by_given: dict[str, list[str]] = defaultdict(list)
    for k, members in by_key.items():
        if " " in k and _kind(members) == "person":
            by_surname[k.split()[-1]].append(k)
            by_given[k.split()[0]].append(k)
    merged: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for k, members in by_key.items():
        target = k
        if " " not in k and _kind(members) in {"person", "organisation"}:
            target = _one_person(by_surname.get(k, []), by_key) or k
        if target == k and " " not in k and _kind(members) == "person":
            target = _one_person(by_given.get(k, []), by_key, alone=False) or k
        merged[_within(target, by_key)].extend(members)
    return merged


def _handle_owner(handle: str, by_key: dict[str, list[dict[str, Any]]]) -> str | None:
    """The one known person whose full name a social-media handle spells ("@realDonaldTrump")."""
    letters = re.sub(r"[^a-z]", "", handle)
    owners = [k for k, rows in by_key.items() if " " in k and _kind(rows) == "person"
              and len(k.replace(" ", "")) >= 6 and re.sub(r"[^a-z]", "", k) in letters]
    return _one_person(owners, by_key)


def _mentions(rows: Iterable[dict[str, Any]]) -> int:
    return sum(r["mentions"] for r in rows)


def _one_person(candidates: list[str], by_key: dict[str, list[dict[str, Any]]],
                alone: bool = True) -> str | None:
    """The full name a one-word name stands for: the only candidate (when `alone` allows a
    lone one), or the one that dominates the others ("Clinton": Hillary Clinton, 3,140
    mentions, against Bill Clinton's 173)."""
    if len(candidates) == 1 and alone:
        return candidates[0]
    if len(candidates) < 2:
        return None
    best = max(candidates, key=lambda c: _mentions(by_key[c]))
    others = sum(_mentions(by_key[c]) for c in candidates if c != best)
    return best if _mentions(by_key[best]) >= DOMINANCE * others else None


def _within(k: str, by_key: dict[str, list[dict[str, Any]]]) -> str:
    """A longer person name that holds a better-known full name is that person: the words
    before it a descriptor or a headline's fragment ("Billionaire Donald Trump", "Hillary
    Clinton Slams Donald Trump" -> "donald trump"), or a middle name between; a handle that
    spells one person's name is that person ("@realDonaldTrump Twitter")."""
    words = k.split()
    if k.startswith("@"):
        return _handle_owner(words[0], by_key) or k
    if len(words) < 3 or _kind(by_key[k]) != "person":
        return k
    # the last two words ("Billionaire Donald Trump"), or the first and last (a middle name:
    # "Hillary Rodham Clinton")
    for shorter in (" ".join(words[-2:]), f"{words[0]} {words[-1]}"):
        known = by_key.get(shorter)
        if known is not None and _kind(known) == "person" and \
                _mentions(known) >= _mentions(by_key[k]):
            return shorter
    return k


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
