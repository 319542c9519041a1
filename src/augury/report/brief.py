"""The briefing: one self-contained HTML file of who said and forecast what, with sources."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from augury.model import Document, Forecast, Quote
from augury.report.markup import Mark, mark_up
from augury.store import Store


@dataclass
class Item:
    """A quote or forecast with what the briefing needs to show and link it."""

    anchor: str
    doc: DocView
    quote: Quote | None = None
    forecast: Forecast | None = None

    @property
    def who(self) -> str | None:
        return self.quote.speaker if self.quote else self.forecast.holder if self.forecast else None


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
    quotes: list[Item] = field(default_factory=list)
    forecasts: list[Item] = field(default_factory=list)


def _quote_title(q: Quote) -> str:
    who = q.speaker or q.speaker_mention or "unattributed"
    return f"{q.kind} quote: {who}" + (f" ({q.cue})" if q.cue else "")


def _forecast_title(f: Forecast) -> str:
    p = "?" if f.probability is None else f"{f.probability:.2f}"
    return f"{f.kind}: {f.holder or 'unknown holder'}, p={p}" + (f" [{f.hedge}]" if f.hedge else "")


def build(store: Store) -> dict[str, object]:
    """Everything the template shows, read from the store."""
    docs: list[DocView] = []
    actors: dict[str, ActorView] = {}
    for doc_id, document in store.documents():
        analysis = store.analysis(doc_id)
        view = DocView(anchor=f"doc{doc_id}", document=document)
        marks: list[Mark] = []
        for i, q in enumerate(analysis.quotes):
            item = Item(anchor=f"doc{doc_id}-q{i}", doc=view, quote=q)
            view.quotes.append(item)
            marks.append(Mark(item.anchor, f"quote {q.kind}", q.start, q.end, _quote_title(q)))
        for i, f in enumerate(analysis.forecasts):
            item = Item(anchor=f"doc{doc_id}-f{i}", doc=view, forecast=f)
            view.forecasts.append(item)
            marks.append(Mark(item.anchor, f"forecast {f.kind}", f.start, f.end,
                              _forecast_title(f)))
        view.body = mark_up(document.text, marks)
        docs.append(view)
        for item in view.quotes + view.forecasts:
            if item.who:
                actor = actors.setdefault(item.who, ActorView(item.who))
                (actor.quotes if item.quote else actor.forecasts).append(item)

    by_holder: dict[str, list[Item]] = defaultdict(list)
    for view in docs:
        for item in view.forecasts:
            by_holder[item.who or ""].append(item)
    ledger = [item for holder in sorted(by_holder, key=lambda h: (h == "", h))
              for item in by_holder[holder]]
    ranked = sorted(actors.values(), key=lambda a: (-len(a.forecasts) - len(a.quotes), a.name))
    return {
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "documents": docs,
        "actors": ranked,
        "ledger": ledger,
        "counts": {
            "documents": len(docs),
            "quotes": sum(len(d.quotes) for d in docs),
            "forecasts": sum(len(d.forecasts) for d in docs),
            "actors": len(ranked),
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
