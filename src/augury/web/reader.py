"""What a request reads: the store through `augury.api`, with the views of the whole database
(resolved actors, questions, scores, the actor graph) kept in memory until the database changes,
so a page of a large database costs a page."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
from fastapi import HTTPException
from markupsafe import Markup

from augury import api
from augury.api import Row
from augury.report.export import actor_graph, comention_graph
from augury.resolve.actors import ResolvedActor, ResolvedActors
from augury.store import Store
from augury.web.network import View, network_svg, subgraph

T = TypeVar("T")


class Kept:
    """Values worked out from the whole database, each kept with the change count it was read
    at; shared by the requests of one app. The least recently used go past `size` values (views
    of the graph are kept per filter, and a user can ask for any number of them)."""

    def __init__(self, size: int = 64) -> None:
        self._lock = threading.Lock()
        self._values: OrderedDict[str, tuple[int, Any]] = OrderedDict()
        self._size = size

    def get(self, name: str, version: int, make: Callable[[], T]) -> T:
        with self._lock:
            held = self._values.get(name)
            if held is not None and held[0] == version:
                self._values.move_to_end(name)
                return held[1]
        value = make()
        with self._lock:
            self._values[name] = (version, value)
            self._values.move_to_end(name)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value


class Reader:
    """One request's view of the database."""

    def __init__(self, store: Store, kept: Kept) -> None:
        self.store = store
        self._kept = kept
        self.version = api.changes(store)

    def _get(self, name: str, make: Callable[[], T]) -> T:
        return self._kept.get(name, self.version, make)

    def network(self, view: View) -> nx.Graph:
        """The part of the actor graph (of view.relation) that `view` selects."""
        whole = self.graph() if view.relation == "speaks" else self.comentions()
        return self._get(f"network {view}", lambda: subgraph(whole, view))

    def network_svg(self, view: View, zoom: float) -> Markup:
        return self._get(f"network svg {view} {zoom}",
                         lambda: network_svg(self.network(view), zoom))

    def actors(self) -> ResolvedActors:
        return self._get("actors", lambda: api.resolved_actors(self.store))

    def document(self, doc_id: int) -> api.StoredDocument:
        """One stored document, or a 404 for the page or the API route that asked for it."""
        stored = api.document(self.store, doc_id)
        if stored is None:
            raise HTTPException(404, f"no document {doc_id}")
        return stored

    def actor(self, actor_id: str) -> ResolvedActor | None:
        by_id = self._get("actor_ids", lambda: {a.id: a for a in self.actors().actors})
        return by_id.get(actor_id)

    def questions(self) -> list[Row]:
        return self._get("questions", lambda: api.questions(self.store, resolved=self.actors()))

    def question_of(self) -> dict[str, Row]:
        """Each grouped forecast's question, by forecast id."""
        return self._get("question_of", lambda: {
            m["id"]: q for q in self.questions() for m in q["forecasts"]})

    def label_of(self, target: str) -> str | None:
        """What a forecast says or a question asks, by its id; None for an id no longer stored."""
        if target.startswith("q-"):
            return next((q["proposition"] for q in self.questions() if q["id"] == target), None)
        question = self.question_of().get(target)
        if question is None:
            return None
        return next(m["text"] for m in question["forecasts"] if m["id"] == target)

    def scores(self) -> list[Row]:
        return self._get("scores", lambda: api.scores(self.store, self.actors()))

    def graph(self) -> nx.DiGraph:
        return self._get("graph", lambda: actor_graph(self.store, self.actors()))

    def comentions(self) -> nx.Graph:
        return self._get("comentions", lambda: comention_graph(self.store, self.actors()))

    def document_ids(self) -> dict[str, int]:
        return self._get("document_ids", lambda: api.document_ids(self.store))

    def outcome_of(self, forecast: str) -> str | None:
        """A forecast's outcome: its own resolution, else its question's read through its
        polarity (yes for the question is no for a forecast against it)."""
        outcomes = self._get("outcomes", lambda: api.outcomes(self.store))
        own = outcomes.get(forecast)
        if own is not None:
            return own.outcome
        question = self.question_of().get(forecast)
        if question is None or question["outcome"] is None:
            return None
        polarity = next(m["polarity"] for m in question["forecasts"] if m["id"] == forecast)
        if question["outcome"] == "void" or polarity > 0:
            return question["outcome"]
        return "no" if question["outcome"] == "yes" else "yes"


@contextmanager
def reading(path: str | Path, kept: Kept) -> Iterator[Reader]:
    """A reader on the database at `path`, closed after the request; each request opens its own
    connection, since SQLite's may not cross threads."""
    with Store(path, create=False) as store:
        yield Reader(store, kept)
