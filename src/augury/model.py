"""The dataclasses every stage speaks: ingest makes Documents, analyze makes an Analysis of one;
the store keeps them with the questions, resolutions and corrections made across documents."""

from __future__ import annotations

import hashlib
import re
import statistics
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "indirect", "partial"]
ForecastKind = Literal["forecast", "pledge"]
# Who a speaker or holder is: a named person, an organisation, a government or one of its
# offices, a group or unnamed source ("analysts", "a source"), a document ("the report"), or
# the article's own writer.
ActorKind = Literal["person", "organisation", "government", "group", "document", "author"]
Verdict = Literal["yes", "no", "void"]
CorrectionAction = Literal["merge", "split"]

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


@dataclass(frozen=True)
class Copy:
    """Another input that carried a stored document's story (a syndicated, AMP or mirrored
    copy): its name, what it said about itself, its text's hash and how similar it is."""

    source: str
    content_hash: str
    similarity: float
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    date: str | None = None

    @classmethod
    def of(cls, document: Document, similarity: float) -> Copy:
        """document as a copy of another, `similarity` alike."""
        return cls(document.source, document.content_hash, round(similarity, 4), document.url,
                   document.outlet, document.title, document.date)


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


@dataclass
class Member:
    """One forecast in a question: polarity +1 when the event its probability is of is the
    proposition, -1 when it is the opposite; `probability_for` is then p or 1 - p."""

    forecast_id: str
    polarity: int
    probability_for: float | None


@dataclass
class Question:
    """Forecasts that predict one outcome, each with its polarity against `proposition`."""

    id: str
    proposition: str
    members: list[Member]

    @property
    def probabilities(self) -> list[float]:
        """The members' probabilities for the proposition, where known."""
        return [m.probability_for for m in self.members if m.probability_for is not None]

    @property
    def median(self) -> float | None:
        """Median probability for the proposition (None when no member gives one)."""
        values = self.probabilities
        return statistics.median(values) if values else None

    @property
    def spread(self) -> float | None:
        """Range of the probabilities for the proposition: max - min (None when none is known)."""
        values = self.probabilities
        return round(max(values) - min(values), 4) if values else None

    @property
    def disagreement(self) -> bool:
        """Whether one member gives the proposition more than even odds and another less."""
        values = self.probabilities
        return any(p > 0.5 for p in values) and any(p < 0.5 for p in values)

    def as_dict(self) -> dict[str, Any]:
        """The question with its members and figures, as plain data."""
        return {
            **asdict(self),
            "median": self.median,
            "spread": self.spread,
            "disagreement": self.disagreement,
        }


@dataclass(frozen=True)
class Resolution:
    """`target` is a forecast id (f-…) or question id (q-…); void means it can never be scored."""

    target: str
    outcome: Verdict
    date: str
    source: str
    note: str | None = None


@dataclass(frozen=True)
class Correction:
    """merge: `other` joins `name`; split: rows named `other` leave `name` as their own actor."""

    action: CorrectionAction
    name: str
    other: str


@dataclass(frozen=True)
class Query:
    """Which stored rows a listing reads, in the store's own terms: speaker, holder and actor
    names as stored (resolving a name to them is done above the store), a full-text expression
    in SQLite's FTS5 syntax, and a page. None selects everything; an empty tuple nothing."""

    names: tuple[str, ...] | None = None
    doc: str | None = None
    outlet: str | None = None
    questions: tuple[str, ...] | None = None
    date_from: str | None = None  # YYYY-MM-DD, the document's date, both ends included
    date_to: str | None = None
    search: str | None = None
    limit: int | None = None
    offset: int = 0
