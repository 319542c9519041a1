"""The dataclasses every stage speaks: ingest makes Documents, analyze makes an Analysis of one."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "indirect", "partial"]
ForecastKind = Literal["forecast", "pledge"]
# Who a speaker or holder is: a named person, an organisation, a government or one of its
# offices, a group or unnamed source ("analysts", "a source"), a document ("the report"), or
# the article's own writer.
ActorKind = Literal["person", "organisation", "government", "group", "document", "author"]

_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass
class Document:
    """One article as stored: cleaned text plus what is known about it (None = unknown)."""

    text: str
    source: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None

    @property
    def content_hash(self) -> str:
        """Identity of the stored text: re-ingesting the same text is a no-op."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "words": self.words}


@dataclass
class Entity:
    """A named-entity mention; offsets are character offsets into Document.text."""

    text: str
    label: str
    start: int
    end: int


@dataclass
class Quote:
    """Something a source said or thought: `text` is the content, `speaker` the resolved name."""

    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    speaker_kind: ActorKind | None = None


@dataclass
class Forecast:
    """A statement about the future, with who holds it and how confidently."""

    text: str
    start: int
    end: int
    holder: str | None = None
    hedge: str | None = None
    probability: float | None = None
    conditional: bool = False
    horizon: str | None = None
    kind: ForecastKind = "forecast"
    holder_kind: ActorKind | None = None
    condition: str | None = None
    condition_start: int | None = None
    condition_end: int | None = None


@dataclass(frozen=True)
class Role:
    """A description the text gives a person ("senior lecturer at King's College London"),
    with its span and the organisation it names, if any."""

    text: str
    start: int
    end: int
    affiliation: str | None = None


@dataclass
class Actor:
    """A person, organisation, country or group named in one document."""

    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    roles: list[Role] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything analyze/ found in one Document."""

    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
