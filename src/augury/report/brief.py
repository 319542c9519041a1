"""The briefing: one self-contained HTML file of who said and forecast what, with sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from augury import api
from augury.model import Document, Forecast, Quote
from augury.report.charts import calibration_svg
from augury.report.markup import Mark, forecast_title, mark_up, quote_title
from augury.resolve.actors import ResolvedActors
from augury.store import Store


@dataclass
class Item:
    """A quote or forecast with what the briefing needs to show and link it."""

    anchor: str
    doc: DocView
    who: str | None
    quote: Quote | None = None
    forecast: Forecast | None = None
    id: str | None = None
    outcome: str | None = None


@dataclass
class DocView:
    anchor: str
    document: Document
    quotes: list[Item] = field(default_factory=list)
    forecasts: list[Item] = field(default_factory=list)
    body: str = ""

    @property
    def label(self) -> str:
        return self.document.title or self.document.source


@dataclass
class ActorView:
    name: str
    kind: str | None = None
    roles: list[dict[str, Any]] = field(default_factory=list)
    documents: int = 0
    quotes: list[Item] = field(default_factory=list)
    forecasts: list[Item] = field(default_factory=list)


def _documents(store: Store, actors: ResolvedActors) -> tuple[list[DocView], dict[str, Item]]:
    """Every document with its items marked in its text; and each forecast's item by its id."""
    docs: list[DocView] = []
    by_id: dict[str, Item] = {}
    resolutions = api.outcomes(store)
    for stored in api.stored_documents(store):
        doc_id, document, analysis = stored.id, stored.document, stored.analysis
        view = DocView(anchor=f"doc{doc_id}", document=document)
        marks: list[Mark] = []
        for i, q in enumerate(analysis.quotes):
            item = Item(f"doc{doc_id}-q{i}", view, actors.name_of(q.speaker), quote=q)
            view.quotes.append(item)
            marks.append(Mark(item.anchor, f"quote {q.kind}", q.start, q.end,
                              quote_title(q, item.who)))
        for i, (f, fid) in enumerate(zip(analysis.forecasts, stored.forecast_ids, strict=True)):
            resolution = resolutions.get(fid)
            item = Item(f"doc{doc_id}-f{i}", view, actors.name_of(f.holder), forecast=f, id=fid,
                        outcome=resolution.outcome if resolution else None)
            view.forecasts.append(item)
            by_id[fid] = item
            marks.append(Mark(item.anchor, f"forecast {f.kind}", f.start, f.end,
                              forecast_title(f, item.who)))
        view.body = mark_up(document.text, marks)
        docs.append(view)
    return docs, by_id


def build(store: Store) -> dict[str, object]:
    """Everything the template shows, read from the store."""
    actors = api.resolved_actors(store)
    docs, by_id = _documents(store, actors)

    views: dict[str, ActorView] = {}
    for view in docs:
        for item in view.quotes + view.forecasts:
            if not item.who:
                continue
            actor = views.get(item.who)
            if actor is None:
                resolved = actors.lookup(item.who)
                actor = views[item.who] = ActorView(
                    item.who, resolved.kind if resolved else None,
                    resolved.roles if resolved else [], len(resolved.documents) if resolved else 0,
                )
            (actor.quotes if item.quote else actor.forecasts).append(item)
    ranked = sorted(views.values(), key=lambda a: (-len(a.forecasts) - len(a.quotes), a.name))

    forecasts = [i for d in docs for i in d.forecasts]
    ledger = sorted(forecasts, key=lambda i: (i.who is None, i.who or ""))
    grouped = api.questions(store, resolved=actors)
    questions = [q for q in grouped if q["n"] > 1]
    for q in questions:
        for member in q["forecasts"]:
            member["anchor"] = by_id[member["id"]].anchor if member["id"] in by_id else None
    scores = api.scores(store, actors)
    for row in scores:
        row["chart"] = calibration_svg(row["calibration"], f"Calibration: {row['name']}")
    return {
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "documents": docs,
        "actors": ranked,
        "ledger": ledger,
        "questions": questions,
        "singletons": len(grouped) - len(questions),
        "scores": scores,
        "counts": {
            "documents": len(docs),
            "quotes": sum(len(d.quotes) for d in docs),
            "forecasts": sum(len(d.forecasts) for d in docs),
            "actors": len(ranked),
            "resolved": sum(1 for i in ledger if i.outcome),
        },
    }


def render(store: Store) -> str:
    env = Environment(
        loader=PackageLoader("augury.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("briefing.html.j2").render(**build(store))


def write_briefing(store: Store, path: str | Path) -> Path:
    """Render the briefing for everything in `store` to `path`."""
    path = Path(path)
    path.write_text(render(store), encoding="utf-8")
    return path
