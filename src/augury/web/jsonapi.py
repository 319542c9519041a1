"""The JSON API beside the pages: the listings of `augury.api` with the same filters and paging
as the CLI (`augury documents --format json` and the others), and one record by its id."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from augury import api
from augury.api import Filters, Row
from augury.web.app import Web
from augury.web.network import KINDS, View

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
Text = Annotated[str | None, Query()]


def filters(
    actor: Annotated[str | None, Query(description="Any name or alias of an actor.")] = None,
    doc: Annotated[str | None, Query(description="One document, as `doc` names it.")] = None,
    outlet: Annotated[str | None, Query(description="The document's outlet.")] = None,
    question: Annotated[str | None, Query(description="A question id (q-…).")] = None,
    since: Annotated[str | None, Query(description="Documents dated on or after, YYYY-MM-DD.")]
    = None,
    until: Annotated[str | None, Query(description="Documents dated on or before, YYYY-MM-DD.")]
    = None,
    search: Annotated[str | None, Query(description='Full-text words ("a phrase", prefix*).')]
    = None,
    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Filters:
    """The filters of a listing, as the CLI's options name them (--since, --until)."""
    return Filters(actor=actor, doc=doc, outlet=outlet, question=question, date_from=since,
                   date_to=until, search=search, limit=limit, offset=offset)


Filtered = Annotated[Filters, Depends(filters)]


def router(web: Web) -> APIRouter:
    routes = APIRouter(tags=["read"])

    @routes.get("/documents", summary="Documents: doc, title, author, outlet, date, url, words")
    def documents(chosen: Filtered) -> list[Row]:
        with web.read() as r:
            return api.documents(r.store, chosen)

    @routes.get("/documents/{doc_id}", summary="One document: metadata, text, quotes, forecasts")
    def document(doc_id: int) -> Row:
        with web.read() as r:
            stored = r.document(doc_id)
            names = r.actors()
            a = stored.analysis
            return {
                "id": doc_id, "doc": stored.document.source,
                **{k: v for k, v in asdict(stored.document).items() if k != "source"},
                "quotes": [{**asdict(q), "speaker": names.name_of(q.speaker)} for q in a.quotes],
                "forecasts": [{"id": fid, **asdict(f), "holder": names.name_of(f.holder)}
                              for f, fid in zip(a.forecasts, stored.forecast_ids, strict=True)],
            }

    @routes.get("/quotes", summary="Quotes with their speakers")
    def quotes(chosen: Filtered) -> list[Row]:
        with web.read() as r:
            return api.quotes(r.store, chosen, r.actors())

    @routes.get("/forecasts", summary="Forecasts and pledges with holder and probability")
    def forecasts(chosen: Filtered) -> list[Row]:
        with web.read() as r:
            return api.forecasts(r.store, chosen, r.actors())

    @routes.get("/forecasts/{forecast_id}", summary="One forecast, its question and outcome")
    def forecast(forecast_id: str) -> Row:
        with web.read() as r:
            doc_id = api.forecast_document(r.store, forecast_id)
            doc = None if doc_id is None else api.document(r.store, doc_id)
            if doc is None:
                raise HTTPException(404, f"no forecast {forecast_id!r}")
            row = next(f for f in api.forecasts(r.store, Filters(doc=doc.document.source),
                                                r.actors()) if f["id"] == forecast_id)
            question = r.question_of().get(forecast_id)
            return {**row, "document": doc_id, "question": question["id"] if question else None,
                    "outcome": r.outcome_of(forecast_id)}

    @routes.get("/actors", summary="Actors resolved across documents")
    def actors(chosen: Filtered) -> list[Row]:
        with web.read() as r:
            return api.actors(r.store, chosen, r.actors())

    @routes.get("/actors/{actor_id}", summary="One actor with its track record")
    def actor(actor_id: str) -> Row:
        with web.read() as r:
            found = r.actor(actor_id)
            if found is None:
                raise HTTPException(404, f"no actor {actor_id!r}")
            track = next((s for s in r.scores() if s["group"] in ("holder", "group")
                          and s["name"] == found.name), None)
            return {**asdict(found), "score": track}

    @routes.get("/questions", summary="Questions with their forecasts side by side")
    def questions(chosen: Filtered) -> list[Row]:
        with web.read() as r:
            return api.questions(r.store, chosen, r.actors())

    @routes.get("/questions/{question_id}", summary="One question with its forecasts")
    def question(question_id: str) -> Row:
        with web.read() as r:
            rows = api.questions(r.store, Filters(question=question_id), r.actors())
            if not rows:
                raise HTTPException(404, f"no question {question_id!r}")
            return rows[0]

    @routes.get("/scores", summary="Brier score, skill and calibration of each holder and outlet")
    def scores(search: Text = None, since: Text = None, until: Text = None) -> list[Row]:
        chosen = Filters(search=search, date_from=since, date_to=until)
        with web.read() as r:
            if chosen == Filters():
                return r.scores()
            return api.scores(r.store, r.actors(), filters=chosen)

    @routes.get("/resolutions", summary="Every current resolution")
    def resolutions() -> list[Row]:
        with web.read() as r:
            return api.resolutions(r.store)

    @routes.get("/resolutions/{target}/history", summary="Every event recorded for one id")
    def history(target: str) -> list[Row]:
        with web.read() as r:
            return api.history(r.store, target)

    @routes.get("/network", summary="Who speaks about whom: actors and edges with counts")
    def network(kind: Annotated[list[str] | None, Query()] = None, actor: Text = None,
                least: Annotated[int, Query(ge=1)] = 1,
                top: Annotated[int, Query(ge=2, le=MAX_LIMIT)] = 40) -> dict[str, Any]:
        with web.read() as r:
            focus = r.actors().lookup(actor) if actor else None
            if actor and focus is None:
                raise HTTPException(404, f"no actor named {actor!r}")
            shown = r.network(View(tuple(k for k in kind or () if k in KINDS),
                                             focus.id if focus else None, least, top))
            return {
                "nodes": [{"id": n, **d} for n, d in shown.nodes(data=True)],
                "edges": [{"source": a, "target": b, "count": d["count"]}
                          for a, b, d in shown.edges(data=True)],
            }

    return routes
