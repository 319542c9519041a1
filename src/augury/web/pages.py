"""The server-rendered pages. Every route reads through `augury.api` (by way of a `Reader`);
writes are POSTs checked for their CSRF token (and the access token where one is set), each one
call of the same api function the CLI calls, one transaction, then a redirect."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from augury import api, settings
from augury.api import Filters, Row
from augury.errors import AuguryError
from augury.model import Correction
from augury.report.charts import calibration_svg, forecasts_svg, holder_colours
from augury.report.markup import Mark, forecast_title, mark_up, paragraph, quote_title
from augury.resolve.actors import ResolvedActor
from augury.web import security
from augury.web.app import Web
from augury.web.network import KINDS, View, kind_colours
from augury.web.reader import Reader

PER_PAGE = 20
SEARCH_KINDS = ("documents", "quotes", "forecasts", "actors")
SHOWN = 50  # items of one kind on an actor's page before "all of them" links to search
Text = Annotated[str | None, Query()]


def router(web: Web) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    def render(request: Request, name: str, reader: Reader | None = None,
               status_code: int = 200, **context: Any) -> Response:
        ids = reader.document_ids() if reader is not None else {}
        return web.templates.TemplateResponse(request, name, {
            **context,
            "csrf": security.csrf_token(web.secret, request.state.session),
            "token_required": web.token is not None,
            "doc_url": lambda doc, anchor=None: _doc_url(ids, doc, anchor),
            "actor_url": lambda name: _actor_url(reader, name),
        }, status_code=status_code)

    def write(request: Request, csrf: str, token: str | None) -> None:
        if not security.csrf_ok(web.secret, request.cookies.get(security.COOKIE), csrf):
            raise HTTPException(403, "the form's CSRF token does not match this browser's "
                                     "session; reload the page and send it again")
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not security.token_ok(web.token, token or bearer or None):
            raise HTTPException(401, "this server takes writes only with its access token "
                                     "(--token or AUGURY_TOKEN)")

    @pages.get("/")
    def overview(request: Request) -> Response:
        with web.read() as r:
            counts = api.counts(r.store)
            latest = api.documents(r.store, Filters(offset=max(0, counts["documents"] - 8),
                                                    limit=8))[::-1]
            active = sorted(r.actors().actors, key=lambda a: (-(a.quotes + a.forecasts),
                                                               a.name))[:10]
            open_questions = sorted(
                (q for q in r.questions() if q["outcome"] is None and q["n"] > 1
                 and q["disagreement"]),
                key=lambda q: (-(q["spread"] or 0), -q["n"], q["id"]))[:8]
            ranked = [s for s in r.scores() if s["group"] == "holder" and s["brier"] is not None]
            ranked.sort(key=lambda s: (s["brier"], -s["resolved"], s["name"]))
            return render(request, "overview.html.j2", r, counts=counts, latest=latest,
                          active=active, questions=open_questions, leaders=ranked[:5],
                          laggards=ranked[::-1][:5] if len(ranked) > 5 else [],
                          recent=api.recent_resolutions(r.store, 10))

    @pages.get("/search")
    def search(request: Request, q: Text = None, kind: Text = None, actor: Text = None,
               outlet: Text = None, since: Text = None, until: Text = None,
               page: Annotated[int, Query(ge=1)] = 1) -> Response:
        words = (q or "").strip() or None
        kinds = [kind] if kind in SEARCH_KINDS else list(SEARCH_KINDS)
        per = PER_PAGE if len(kinds) == 1 else 5
        filters = Filters(actor=actor or None, outlet=outlet or None, date_from=since or None,
                          date_to=until or None, search=words, limit=per + 1,
                          offset=(page - 1) * per)
        with web.read() as r:
            found = {k: _search(r, k, filters, words) for k in kinds}
            more = {k: len(rows) > per for k, rows in found.items()}
            found = {k: rows[:per] for k, rows in found.items()}
            args = {"q": words, "kind": kind if len(kinds) == 1 else None, "actor": actor,
                    "outlet": outlet, "since": since, "until": until}
            return render(request, "search.html.j2", r, q=words, kind=kind, actor=actor,
                          outlet=outlet, since=since, until=until, page=page, found=found,
                          more=more, outlets=api.outlets(r.store), kinds=SEARCH_KINDS,
                          link=lambda **change: "/search?" + _query({**args, **change}),
                          outcome_of=r.outcome_of)

    @pages.get("/actors/{actor_id}")
    def actor(request: Request, actor_id: str, done: Text = None) -> Response:
        with web.read() as r:
            found = _actor(r, actor_id)
            by_name = Filters(actor=found.name, limit=SHOWN)
            quotes = api.quotes(r.store, by_name, r.actors())
            forecasts = api.forecasts(r.store, by_name, r.actors())
            track = next((s for s in r.scores() if s["group"] in ("holder", "group")
                          and s["name"] == found.name), None)
            chart = track and calibration_svg(track["calibration"],
                                              f"Calibration: {found.name}")
            graph = r.graph()
            about = sorted(((graph.nodes[b]["name"], b, d["count"])
                            for _, b, d in graph.out_edges(found.id, data=True)),
                           key=lambda t: (-t[2], t[0]))[:10] if found.id in graph else []
            return render(request, "actor.html.j2", r, actor=found, quotes=quotes,
                          forecasts=forecasts, track=track, chart=chart, about=about,
                          shown=SHOWN, done=done, outcome_of=r.outcome_of,
                          documents=found.documents[:SHOWN])

    @pages.post("/actors/{actor_id}/correct")
    def correct(request: Request, actor_id: str, action: Annotated[str, Form()],
                other: Annotated[str, Form()], csrf: Annotated[str, Form()] = "",
                token: Annotated[str | None, Form()] = None) -> Response:
        write(request, csrf, token)
        if action not in ("merge", "split"):
            raise HTTPException(400, f"action must be merge or split, not {action!r}")
        with web.read() as r:
            found = _actor(r, actor_id)
            try:
                api.correct(r.store, Correction(action, found.name, other.strip()))
            except AuguryError as e:
                return render(request, "error.html.j2", status_code=400, status=400,
                              message=str(e),
                              back=f"/actors/{quote(actor_id, safe='')}")
        return _redirect(f"/actors/{quote(actor_id, safe='')}",
                         done=f"{action}: {found.name} / {other.strip()}")

    @pages.get("/questions")
    def questions(request: Request, q: Text = None, actor: Text = None,
                  page: Annotated[int, Query(ge=1)] = 1) -> Response:
        filters = Filters(search=(q or "").strip() or None, actor=actor or None,
                          limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE)
        with web.read() as r:
            rows = api.questions(r.store, filters, r.actors())
            args = {"q": filters.search, "actor": actor}
            return render(request, "questions.html.j2", r, rows=rows[:PER_PAGE], page=page,
                          more=len(rows) > PER_PAGE, q=filters.search, actor=actor,
                          link=lambda **change: "/questions?" + _query({**args, **change}))

    @pages.get("/questions/{question_id}")
    def question(request: Request, question_id: str, done: Text = None) -> Response:
        with web.read() as r:
            rows = api.questions(r.store, Filters(question=question_id), r.actors())
            if not rows:
                raise HTTPException(404, f"no question {question_id!r}")
            row = rows[0]
            members = sorted(row["forecasts"], key=lambda m: (m["date"] or "9999", m["id"]))
            chart = forecasts_svg(members, row["median"], f"Forecasts on: {row['proposition']}")
            return render(request, "question.html.j2", r, question=row, members=members,
                          chart=chart, colours=holder_colours(members),
                          history=api.history(r.store, question_id), done=done)

    @pages.get("/forecasts/{forecast_id}")
    def forecast(request: Request, forecast_id: str, done: Text = None) -> Response:
        with web.read() as r:
            doc_id = api.forecast_document(r.store, forecast_id)
            stored = None if doc_id is None else api.document(r.store, doc_id)
            if stored is None:
                raise HTTPException(404, f"no forecast {forecast_id!r}")
            f = stored.analysis.forecasts[stored.forecast_ids.index(forecast_id)]
            holder = r.actors().name_of(f.holder)
            start, end = paragraph(stored.document.text, f.start, f.end)
            marks = [Mark(forecast_id, f"forecast {f.kind}", f.start - start, f.end - start,
                          forecast_title(f, holder))]
            if f.condition_start is not None and f.condition_end is not None:
                marks.append(Mark(f"{forecast_id}-condition", "condition",
                                  f.condition_start - start, f.condition_end - start,
                                  f"condition: {f.condition}"))
            return render(request, "forecast.html.j2", r, id=forecast_id, forecast=f,
                          holder=holder, holder_actor=r.actors().lookup(f.holder),
                          document=stored.document, doc_id=doc_id,
                          body=mark_up(stored.document.text[start:end], marks),
                          question=r.question_of().get(forecast_id),
                          settled=r.outcome_of(forecast_id),
                          history=api.history(r.store, forecast_id), done=done)

    @pages.post("/resolve")
    def resolve(request: Request, target: Annotated[str, Form()],
                outcome: Annotated[str, Form()], date: Annotated[str, Form()],
                source: Annotated[str, Form()], note: Annotated[str, Form()] = "",
                replace_it: Annotated[bool, Form(alias="replace")] = False,
                csrf: Annotated[str, Form()] = "",
                token: Annotated[str | None, Form()] = None) -> Response:
        write(request, csrf, token)
        back = (f"/questions/{quote(target, safe='')}" if target.startswith("q-")
                else f"/forecasts/{quote(target, safe='')}")
        with web.read() as r:
            try:
                api.resolve(r.store, target, outcome, date, source.strip(), note.strip() or None,
                            by=settings.user(), replace=replace_it)
            except AuguryError as e:
                return render(request, "error.html.j2", status_code=400, status=400,
                              message=str(e), back=back)
        return _redirect(back, done=f"resolved {target}: {outcome}")

    @pages.get("/documents/{doc_id}")
    def document(request: Request, doc_id: int) -> Response:
        with web.read() as r:
            stored = r.document(doc_id)
            names = r.actors()
            a = stored.analysis
            marks = [Mark(_quote_anchor(q.start, q.end), f"quote {q.kind}", q.start, q.end,
                          quote_title(q, names.name_of(q.speaker))) for q in a.quotes]
            marks += [Mark(fid, f"forecast {f.kind}", f.start, f.end,
                           forecast_title(f, names.name_of(f.holder)))
                      for f, fid in zip(a.forecasts, stored.forecast_ids, strict=True)]
            roles = [(actor, role) for actor in a.actors for role in actor.roles]
            marks += [Mark(_role_anchor(role.start, role.end), "role", role.start, role.end,
                           f"role of {names.name_of(actor.name)}: {role.text}")
                      for actor, role in roles]
            return render(request, "document.html.j2", r, doc_id=doc_id, stored=stored,
                          document=stored.document, body=mark_up(stored.document.text, marks),
                          names=names, outcome_of=r.outcome_of,
                          quote_anchor=_quote_anchor,
                          forecasts=list(zip(a.forecasts, stored.forecast_ids, strict=True)),
                          actors=_document_actors(names, a.actors))

    @pages.get("/ledger")
    def ledger(request: Request, q: Text = None, since: Text = None,
               until: Text = None) -> Response:
        filters = Filters(search=(q or "").strip() or None, date_from=since or None,
                          date_to=until or None)
        with web.read() as r:
            rows = (r.scores() if filters == Filters() else
                    api.scores(r.store, r.actors(), filters=filters))
            groups: dict[str, list[Row]] = {"all": [], "holder": [], "group": [], "outlet": []}
            for row in rows:
                row = {**row, "chart": calibration_svg(row["calibration"],
                                                       f"Calibration: {row['name']}", size=180)}
                groups[row["group"]].append(row)
            for group in groups.values():
                group.sort(key=lambda s: (s["brier"] is None, s["brier"] or 0, -s["resolved"],
                                          s["name"]))
            return render(request, "ledger.html.j2", r, groups=groups, q=filters.search,
                          since=since, until=until)

    @pages.get("/network")
    def network(request: Request, kind: Annotated[list[str] | None, Query()] = None,
                actor: Text = None, least: Annotated[int, Query(ge=1)] = 1,
                top: Annotated[int, Query(ge=2, le=300)] = 40,
                zoom: Annotated[float, Query(ge=0.5, le=4)] = 1.0) -> Response:
        with web.read() as r:
            focus = r.actors().lookup(actor) if actor else None
            if actor and focus is None:
                raise HTTPException(404, f"no actor named {actor!r}")
            view = View(tuple(k for k in kind or () if k in KINDS),
                        focus.id if focus else None, least, top)
            shown = r.network(view)
            args = {"kind": list(view.kinds), "actor": actor, "least": least, "top": top}
            return render(request, "network.html.j2", r, svg=r.network_svg(view, zoom),
                          view=view, actor=actor, zoom=zoom, kinds=KINDS,
                          colours=kind_colours(), nodes=shown.number_of_nodes(),
                          edges=shown.number_of_edges(),
                          link=lambda **change: "/network?" + _query({**args, **change}))

    return pages


def _search(r: Reader, kind: str, filters: Filters, words: str | None) -> list[Any]:
    """One kind's page of results (one more row than the page, to tell whether more follow)."""
    if kind == "documents":
        return api.documents(r.store, filters)
    if kind == "quotes":
        return api.quotes(r.store, filters, r.actors())
    if kind == "forecasts":
        return api.forecasts(r.store, filters, r.actors())
    # Actors match on their names; the other filters choose the documents they are named in.
    named = api.find_actors(r.actors(), words) if words else r.actors().actors
    if (filters.actor, filters.outlet, filters.date_from, filters.date_to) != (None,) * 4:
        among = {row["id"] for row in api.actors(
            r.store, replace(filters, search=None, limit=None, offset=0), r.actors())}
        named = [a for a in named if a.id in among]
    if not words:
        named = sorted(named, key=lambda a: (-a.mentions, a.name))
    end = None if filters.limit is None else filters.offset + filters.limit
    return named[filters.offset:end]


def _actor(r: Reader, actor_id: str) -> ResolvedActor:
    found = r.actor(actor_id)
    if found is None:
        raise HTTPException(404, f"no actor {actor_id!r}")
    return found


def _document_actors(names: Any, actors: list[Any]) -> list[tuple[str, ResolvedActor | None]]:
    """A document's actors by resolved name, each once, with their resolved actor."""
    seen: dict[str, ResolvedActor | None] = {}
    for actor in actors:
        seen.setdefault(names.name_of(actor.name), names.lookup(actor.name))
    return list(seen.items())


def _quote_anchor(start: int, end: int) -> str:
    return f"q{start}-{end}"


def _role_anchor(start: int, end: int) -> str:
    return f"r{start}-{end}"


def _doc_url(ids: dict[str, int], doc: str, anchor: str | None = None) -> str | None:
    """The page of the document named `doc`, at `anchor`; None for a document not stored."""
    if doc not in ids:
        return None
    return f"/documents/{ids[doc]}" + (f"#{quote(anchor, safe='')}" if anchor else "")


def _actor_url(reader: Reader | None, name: str | None) -> str | None:
    """The page of the actor called `name`; None for a source that is no actor."""
    found = reader.actors().lookup(name) if reader is not None and name else None
    return None if found is None else f"/actors/{quote(found.id, safe='')}"


def _query(args: dict[str, Any]) -> str:
    """A query string of the arguments that are set."""
    return urlencode({k: v for k, v in args.items() if v not in (None, "", [])}, doseq=True)


def _redirect(path: str, **args: str) -> RedirectResponse:
    return RedirectResponse(path + "?" + _query(args), status_code=303)
