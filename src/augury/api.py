"""What the CLI, the briefing and the exports read and write through, one layer above the store.

The store saves and fetches rows; this layer names them. Speakers and holders are shown by their
actor's name resolved across documents ("Putin" → "Vladimir Putin"), questions carry their
forecasts side by side, and a user's `Filters` become the store's `Query`: an actor named by any
of its names or aliases becomes every name it is stored under, search words an FTS5 expression.
Filtering and paging happen in the store's SQL, except for actors, who exist only once resolved
across every document (see `actors`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from augury.errors import ActorError, FilterError
from augury.ledger.resolutions import make_resolution, read_csv
from augury.ledger.scores import group_scores, settle
from augury.model import Analysis, Correction, Document, Query, Resolution
from augury.names import key
from augury.resolve.actors import ResolvedActor, ResolvedActors, resolve_actors, slug
from augury.store import Store

Row = dict[str, Any]
# A word, or a "quoted phrase", of a search.
_TERM = re.compile(r'"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class Filters:
    """Which rows a listing shows. `actor` is any name or alias of an actor (or a source that is
    no actor, "analysts", as written); `doc` a document's name as `documents` lists it;
    `outlet` the document's outlet; `question` a question id; `date_from` and `date_to`
    (YYYY-MM-DD, both included) bound the document's date, leaving out undated ones; `search` is
    words that must all appear (a "quoted phrase" together, a word ending in * as a prefix);
    `limit` and `offset` page."""

    actor: str | None = None
    doc: str | None = None
    question: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    search: str | None = None
    limit: int | None = None
    offset: int = 0
    outlet: str | None = None

    def __post_init__(self) -> None:
        for day in (self.date_from, self.date_to):
            if day is not None:
                _check_day(day)
        if self.limit is not None and self.limit < 0:
            raise FilterError(f"limit must be 0 or more, not {self.limit}")
        if self.offset < 0:
            raise FilterError(f"offset must be 0 or more, not {self.offset}")
        if self.search is not None:
            _match(self.search)


UNFILTERED = Filters()


@dataclass(frozen=True)
class StoredDocument:
    """One stored document, its analysis, and its forecasts' ids in the analysis's order."""

    id: int
    document: Document
    analysis: Analysis
    forecast_ids: list[str]


def resolved_actors(store: Store, extra: Sequence[Correction] = ()) -> ResolvedActors:
    """Actors resolved across every stored document, with the user's corrections applied, each
    under the id it was first given. The first read after a document or a correction changes
    works it out and keeps it in the database, so an ingest never pays for it and later reads
    load it; with `extra` corrections (to see what a new one would do) it is
    worked out afresh and neither kept nor given ids."""
    if extra:
        return _resolve(store, extra)
    generation = store.actor_generation()
    cached = store.cached_actors(generation)
    if cached is not None:
        return ResolvedActors([ResolvedActor(**a) for a in json.loads(cached)])
    resolution = _resolve(store)
    new = _give_ids(store.actor_ids(), resolution.actors)
    store.keep_actors(generation, new, json.dumps([asdict(a) for a in resolution.actors],
                                                  ensure_ascii=False))
    return resolution


def _resolve(store: Store, extra: Sequence[Correction] = ()) -> ResolvedActors:
    return resolve_actors(store.list_document_actors(), [*store.corrections(), *extra],
                          speakers=store.speakers(), holders=store.holders())


def _keys(actor: ResolvedActor) -> list[str]:
    return list(dict.fromkeys(key(n) for n in [actor.name, *actor.aliases]))


def _give_ids(known: dict[str, tuple[str, int]],
              actors: Sequence[ResolvedActor]) -> list[tuple[str, str]]:
    """Give each actor the id first given to one of its names (so an actor keeps its id as
    documents come and its best-known name changes), or, when none of its names has one, a new
    id from its name; an id goes to one actor only. Returns the (name key, id) pairs to keep."""
    taken = {i for i, _ in known.values()}
    used: set[str] = set()
    new: list[tuple[str, str]] = []
    for actor in actors:
        keys = _keys(actor)
        held = sorted((known[k][1], known[k][0]) for k in keys if k in known)
        chosen = next((i for _, i in held if i not in used), None)
        if chosen is None:
            chosen, n = slug(actor.name), 1
            while chosen in taken or chosen in used:
                n += 1
                chosen = f"{slug(actor.name)}-{n}"
        actor.id = chosen
        used.add(chosen)
        new += [(k, chosen) for k in keys if k not in known]
    return new


def documents(store: Store, filters: Filters = UNFILTERED) -> list[Row]:
    """One row per document: doc, title, author, outlet, date, url, words."""
    return store.list_documents(_query(store, filters))


def quotes(store: Store, filters: Filters = UNFILTERED,
           resolved: ResolvedActors | None = None) -> list[Row]:
    """One row per quote, its speaker by resolved name."""
    _no_question(filters, "quotes")
    resolved = resolved or resolved_actors(store)
    rows = store.list_quotes(_query(store, filters, resolved))
    return [{**r, "speaker": resolved.name_of(r["speaker"])} for r in rows]


def forecasts(store: Store, filters: Filters = UNFILTERED,
              resolved: ResolvedActors | None = None) -> list[Row]:
    """One row per forecast, its holder by resolved name, with its id, the document's date
    (`published`) and outlet."""
    resolved = resolved or resolved_actors(store)
    rows = store.list_forecasts(_query(store, filters, resolved))
    return [{**r, "holder": resolved.name_of(r["holder"])} for r in rows]


def actors(store: Store, filters: Filters = UNFILTERED,
           resolved: ResolvedActors | None = None) -> list[Row]:
    """One row per resolved actor; `doc` is the first document that names it. An actor is the
    outcome of resolving every document together, not a stored row, so the store selects the
    documents and this pages the actors named in them."""
    _no_question(filters, "actors")
    resolved = resolved or resolved_actors(store)
    chosen = resolved.actors
    if filters.actor is not None:
        target = resolved.lookup(filters.actor)
        chosen = [a for a in chosen if a is target]
    if (filters.doc, filters.outlet, filters.date_from, filters.date_to,
            filters.search) != (None,) * 5:
        among = replace(filters, actor=None, limit=None, offset=0)
        docs = {r["doc"] for r in store.list_documents(_query(store, among))}
        chosen = [a for a in chosen if not docs.isdisjoint(a.documents)]
    end = None if filters.limit is None else filters.offset + filters.limit
    return [
        {"doc": a.documents[0], "id": a.id, "name": a.name, "kind": a.kind, "role": a.role,
         "aliases": a.aliases, "documents": a.documents, "mentions": a.mentions,
         "quotes": a.quotes, "forecasts": a.forecasts, "roles": a.roles}
        for a in chosen[filters.offset:end]
    ]


def questions(store: Store, filters: Filters = UNFILTERED,
              resolved: ResolvedActors | None = None) -> list[Row]:
    """Each question with a forecast the filters select, with all its forecasts (holder, date,
    probability for it, source), their median and spread, and whether holders disagree;
    disagreements first, then the largest."""
    resolved = resolved or resolved_actors(store)
    ids = store.question_ids(_query(store, filters, resolved))
    forecast_of = {f["id"]: f for f in store.list_forecasts(Query(questions=tuple(ids)))}
    outcome = store.resolutions()
    rows = []
    for q in store.questions(ids):
        members = [{
            "id": m.forecast_id, "holder": resolved.name_of(f["holder"]),
            "date": f["published"], "probability_for": m.probability_for,
            "polarity": m.polarity, "text": f["text"], "doc": f["doc"],
            "outlet": f["outlet"], "start": f["start"], "end": f["end"],
        } for m in q.members if (f := forecast_of.get(m.forecast_id)) is not None]
        resolution = outcome.get(q.id)
        rows.append({
            "doc": members[0]["doc"], "id": q.id, "proposition": q.proposition,
            "n": len(members), "median": q.median, "spread": q.spread,
            "disagreement": q.disagreement,
            "holders": sorted({m["holder"] for m in members if m["holder"]}),
            "outcome": resolution.outcome if resolution else None,
            "forecasts": members,
        })
    return rows


def scores(store: Store, resolved: ResolvedActors | None = None, bins: int = 5,
           filters: Filters = UNFILTERED) -> list[Row]:
    """Scores of everyone, each holder, each group of unnamed sources and each outlet over
    every settled forecast the filters select (all of them, unpaged, by default)."""
    chosen = forecasts(store, replace(filters, limit=None, offset=0), resolved)
    settled = settle(chosen, store.question_rows(), store.resolutions())
    return [g.as_dict() for g in group_scores(settled, bins)]


def find_actors(resolved: ResolvedActors, words: str) -> list[ResolvedActor]:
    """Actors with every one of the words in one of their names or aliases (case and accents
    folded), the most mentioned first."""
    wanted = key(words).split()
    found = [a for a in resolved.actors
             if wanted and all(any(w in key(n) for n in [a.name, *a.aliases]) for w in wanted)]
    return sorted(found, key=lambda a: (-a.mentions, a.name))


def counts(store: Store) -> dict[str, int]:
    """How many documents, quotes, forecasts, questions and resolutions are stored."""
    return store.counts()


def changes(store: Store) -> int:
    """A number that moves on whenever anything stored changes: what was read before it moved
    may be kept until it does."""
    return store.changes()


def document(store: Store, doc_id: int) -> StoredDocument | None:
    """One stored document with its analysis and forecast ids, by its id, or None."""
    stored = store.document(doc_id)
    if stored is None:
        return None
    return StoredDocument(doc_id, stored, store.analysis(doc_id), store.forecast_ids(doc_id))


def document_ids(store: Store) -> dict[str, int]:
    """Each document's name, as the listings give it in `doc`, with its id."""
    return store.document_ids()


def forecast_document(store: Store, forecast: str) -> int | None:
    """The id of the document a forecast comes from, or None for an unknown id."""
    return store.forecast_document(forecast)


def outlets(store: Store) -> list[str]:
    """Every outlet named by a stored document."""
    return store.outlets()


def recent_resolutions(store: Store, limit: int = 10) -> list[Row]:
    """The latest resolution events (resolve or forget) of any target, newest first."""
    return store.recent_events(limit)


def resolutions(store: Store) -> list[Row]:
    """Each recorded resolution: target, outcome, date, source, note."""
    return [asdict(r) for r in store.resolutions().values()]


def outcomes(store: Store) -> dict[str, Resolution]:
    """The current resolution of each resolved forecast and question, by id."""
    return store.resolutions()


def history(store: Store, target: str) -> list[Row]:
    """Every resolution recorded for one id, and every withdrawal, oldest first."""
    return store.resolution_history(target)


def resolve(store: Store, target: str, outcome: str, when: str, source: str,
            note: str | None, by: str, replace: bool = False) -> Resolution:
    """Check and record one resolution (LedgerError, nothing written, if it is bad)."""
    resolution = make_resolution(target, outcome, when, source, note, store.known_ids())
    store.add_resolutions([resolution], by=by, replace=replace)
    return resolution


def import_resolutions(store: Store, path: Path, by: str,
                       replace: bool = False) -> list[Resolution]:
    """Record every row of a resolutions CSV file, or none if any row is bad."""
    rows = read_csv(path, store.known_ids())
    store.add_resolutions(rows, by=by, replace=replace)
    return rows


def forget(store: Store, doc: str, by: str) -> int:
    """Remove a document and all that came from it; the number of resolutions withdrawn."""
    return store.forget(doc, by=by)


def correct(store: Store, correction: Correction) -> None:
    """Record a merge or split of actors; it applies to every later resolution. A correction
    that would change nothing is refused with the reason (ActorError), never recorded."""
    resolution = resolved_actors(store)
    name, other = correction.name, correction.other
    for named in (name, other):
        if resolution.lookup(named) is None:
            raise ActorError(f"no actor named {named!r}; see `augury actors`")
    together = resolution.lookup(name) is resolution.lookup(other)
    if together == (correction.action == "merge"):
        state = f"one actor, {resolution.name_of(name)!r}" if together else "apart"
        raise ActorError(f"{name!r} and {other!r} are already {state}; nothing to "
                         f"{correction.action}")
    after = resolved_actors(store, extra=[correction])
    if (after.lookup(name) is after.lookup(other)) != (correction.action == "merge"):
        raise ActorError(f"cannot split {other!r} from {name!r}: no document names it apart, "
                         f"only as another way of writing {name!r}")
    if correction.action == "merge":  # the actor that stays keeps its id; the other's names join
        staying = resolution.lookup(name)
        store.add_correction_row(correction, _keys(resolution.lookup(other)), staying.id)
    else:  # the names split off leave the id behind and get one of their own
        leaving = after.lookup(other)
        store.add_correction_row(correction, _keys(leaving), None)


def stored_documents(store: Store) -> Iterator[StoredDocument]:
    """Every stored document with its analysis, in ingest order, read one at a time."""
    for doc_id, document in store.documents():
        yield StoredDocument(doc_id, document, store.analysis(doc_id),
                             store.forecast_ids(doc_id))


def _query(store: Store, filters: Filters, resolved: ResolvedActors | None = None) -> Query:
    """The store's query for these filters (actors resolved here unless `resolved` is given)."""
    names = None
    if filters.actor is not None:
        names = _stored_names(store, filters.actor, resolved or resolved_actors(store))
    return Query(
        names=names, doc=filters.doc, outlet=filters.outlet,
        questions=None if filters.question is None else (filters.question,),
        date_from=filters.date_from, date_to=filters.date_to,
        search=None if filters.search is None else _match(filters.search),
        limit=filters.limit, offset=filters.offset,
    )


def _stored_names(store: Store, name: str, resolved: ResolvedActors) -> tuple[str, ...]:
    """Every name that the actor called `name` is stored under; for a source that is no actor
    ("analysts"), the ways of writing that name."""
    target = resolved.lookup(name)
    return tuple(n for n in store.names() if resolved.lookup(n) is target
                 and (target is not None or key(n) == key(name)))


def _no_question(filters: Filters, listing: str) -> None:
    """Refuse a question filter on a listing it cannot select."""
    if filters.question is not None:
        raise FilterError(f"a question selects documents, forecasts and questions, not "
                          f"{listing}")


def _match(search: str) -> str:
    """The FTS5 expression of a search: every word or "quoted phrase" must appear, a word ending
    in * as a prefix; quoting each one keeps punctuation ("U.S.", "Trump's") from reading as
    FTS5 syntax."""
    terms = []
    for phrase, word in _TERM.findall(search):
        text = phrase or word.rstrip("*")
        if re.search(r"\w", text):
            star = "*" if word.endswith("*") else ""
            terms.append('"' + text.replace('"', '""') + '"' + star)
    if not terms:
        raise FilterError(f"nothing to search for in {search!r}")
    return " ".join(terms)


def _check_day(text: str) -> None:
    """Refuse a date that is not a real day written YYYY-MM-DD."""
    try:
        date.fromisoformat(text)
    except ValueError:
        raise FilterError(f"date must be YYYY-MM-DD, not {text!r}") from None
    if len(text) != 10:
        raise FilterError(f"date must be YYYY-MM-DD, not {text!r}")
