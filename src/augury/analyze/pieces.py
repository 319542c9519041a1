"""Long documents in pieces: a text longer than the piece limit is cut at paragraph breaks into
pieces the model can parse in bounded time and memory; each piece is analysed as a Doc of its
own, and the analyses are shifted back to document offsets and merged."""

from __future__ import annotations

from dataclasses import replace

from augury import names
from augury.model import Actor, Analysis, Forecast, Quote, Role

# Where a piece may end, best first: a blank line, a line break, a sentence end, any space.
SEPARATORS = ("\n\n", "\n", ". ", " ", "\t")


def split_text(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces that cover text, none longer than `limit`."""
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


def _cut(text: str, start: int, stop: int) -> int:
    """Where a piece that starts at `start` ends: after the last separator before `stop`, the
    best kind first; a text with no separator at all is cut at the limit."""
    for separator in SEPARATORS:
        at = text.rfind(separator, start, stop)
        if at > start:
            return at + len(separator)
    return stop


def _moved(value: int | None, by: int) -> int | None:
    return None if value is None else value + by


def shifted(analysis: Analysis, by: int) -> Analysis:
    """An analysis of a piece with every character offset moved to the document's."""
    if by == 0:
        return analysis
    return Analysis(
        entities=[replace(e, start=e.start + by, end=e.end + by) for e in analysis.entities],
        quotes=[_shift_quote(q, by) for q in analysis.quotes],
        forecasts=[_shift_forecast(f, by) for f in analysis.forecasts],
        actors=[replace(a, roles=[replace(r, start=r.start + by, end=r.end + by)
                                  for r in a.roles]) for a in analysis.actors],
    )


def _shift_quote(quote: Quote, by: int) -> Quote:
    return replace(quote, start=quote.start + by, end=quote.end + by,
                   speaker_start=_moved(quote.speaker_start, by),
                   speaker_end=_moved(quote.speaker_end, by))


def _shift_forecast(forecast: Forecast, by: int) -> Forecast:
    return replace(forecast, start=forecast.start + by, end=forecast.end + by,
                   condition_start=_moved(forecast.condition_start, by),
                   condition_end=_moved(forecast.condition_end, by))


def merged(parts: list[Analysis]) -> Analysis:
    """One analysis of the pieces' analyses (already shifted), in text order."""
    return Analysis(
        entities=[e for part in parts for e in part.entities],
        quotes=[q for part in parts for q in part.quotes],
        forecasts=[f for part in parts for f in part.forecasts],
        actors=merge_actors([a for part in parts for a in part.actors]),
    )


def merge_actors(actors: list[Actor]) -> list[Actor]:
    """Actors of several pieces as one document's: the same name is one actor, and a one-word
    name joins the one full person name it is the surname of (as within a piece)."""
    by_name: dict[str, list[Actor]] = {}
    for actor in actors:
        by_name.setdefault(actor.name, []).append(actor)
    joined = {name: _union(name, group) for name, group in by_name.items()}
    people: dict[str, list[str]] = {}
    for name, actor in joined.items():
        if actor.kind == "person" and " " in name:
            people.setdefault(names.surname(name).lower(), []).append(name)
    for name in list(joined):
        full = people.get(name.lower(), []) if " " not in name else []
        if len(full) == 1:
            alone = joined.pop(name)
            joined[full[0]] = _union(full[0], [joined[full[0]], alone])
    return sorted(joined.values(), key=lambda a: (-a.mentions, a.name))


def _union(name: str, group: list[Actor]) -> Actor:
    """One actor of several: mentions summed, aliases and roles (by text) pooled, and the kind
    of the mentions most often seen."""
    kind = max(group, key=lambda a: a.mentions).kind
    aliases = {alias for a in group for alias in [a.name, *a.aliases]} - {name}
    roles: dict[str, Role] = {}
    for actor in group:
        for role in actor.roles:
            roles.setdefault(role.text, role)
    return Actor(name=name, kind=kind, aliases=sorted(aliases),
                 mentions=sum(a.mentions for a in group), roles=list(roles.values()))
