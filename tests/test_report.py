"""The HTML briefing, read back with an HTML parser."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from augury import api
from augury.analyze.pipeline import Analyzer
from augury.api import Filters
from augury.model import Document
from augury.report.brief import render
from augury.report.markup import Mark, mark_up
from augury.store import Store


class Page(HTMLParser):
    """Collects ids, links, and any tag that would load something from outside the file."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.fragments: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        href = a.get("href") or ""
        if href.startswith("#"):
            self.fragments.append(href[1:])
        if tag in {"img", "link", "iframe", "video", "audio"} or (tag == "script" and "src" in a):
            self.external.append(tag)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    return parser


def test_every_link_lands_on_its_item_and_nothing_is_fetched(seeds_db: Path) -> None:
    with Store(seeds_db) as store:
        page = render(store)
        quotes, forecasts = store.list_quotes(), store.list_forecasts()
    parsed = parse(page)
    assert parsed.external == []
    assert "url(" not in page and "@import" not in page
    assert parsed.fragments and set(parsed.fragments) <= parsed.ids
    n_quote_anchors = sum(1 for i in parsed.ids if re.fullmatch(r"doc\d+-q\d+", i))
    n_forecast_anchors = sum(1 for i in parsed.ids if re.fullmatch(r"doc\d+-f\d+", i))
    assert (n_quote_anchors, n_forecast_anchors) == (len(quotes), len(forecasts))


def test_briefing_shows_metadata_speakers_and_forecasts(seeds_db: Path) -> None:
    with Store(seeds_db) as store:
        page = html.unescape(render(store))
        docs = store.list_documents()
        actors = api.resolved_actors(store)
        speakers = {actors.name_of(q["speaker"]) for q in store.list_quotes() if q["speaker"]}
        holders = {actors.name_of(f["holder"]) for f in store.list_forecasts() if f["holder"]}
    for d in docs:
        assert (d["title"] or d["doc"]) in page
    for name in speakers | holders:
        assert f"<h3>{name} " in page


def _anchors(page: str) -> tuple[int, int]:
    ids = parse(page).ids
    return (sum(1 for i in ids if re.fullmatch(r"doc\d+-q\d+", i)),
            sum(1 for i in ids if re.fullmatch(r"doc\d+-f\d+", i)))


def test_filters_scope_the_briefing_as_they_scope_the_listings(seeds_db: Path) -> None:
    kuhrt, late = Filters(actor="Kuhrt"), Filters(date_from="2024-11-10")
    with Store(seeds_db) as store:
        quotes, forecasts = api.quotes(store, kuhrt), api.forecasts(store, kuhrt)
        page = render(store, kuhrt)
        question = next(q for q in api.questions(store) if q["n"] > 1)
        on_question = render(store, Filters(question=question["id"]))
        late_listed = (len(api.quotes(store, late)), len(api.forecasts(store, late)))
        late_docs = api.documents(store, late)
        late_page = render(store, late)
        everything = render(store)
    assert quotes and forecasts and _anchors(page) == (len(quotes), len(forecasts))
    assert "Scope: actor Kuhrt" in page and "Scope:" not in everything
    # A question scopes the briefing to its forecasts and no quote.
    assert _anchors(on_question) == (0, question["n"])
    # A date range keeps whole documents: every quote and forecast in them, no other document.
    assert _anchors(late_page) == late_listed and late_listed < _anchors(everything)
    titles = {d["title"] for d in late_docs}
    assert titles and all(html.escape(t) in late_page for t in titles)


def test_article_text_is_escaped(seeds_db: Path, tmp_path: Path, analyzer: Analyzer) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(seeds_db, db)
    seed = Path(__file__).resolve().parent.parent / "samples" / "seeds"
    text = next(seed.glob("004_*.txt")).read_text(encoding="utf-8")
    text += '\n<script>alert("owned")</script> & <b>bold</b>\n'
    document = Document(text=text, source="hostile.txt", title="<i>Hostile</i> title")
    with Store(db) as store:
        store.add(document, analyzer.analyze(document))
        page = render(store)
    assert '<script>alert("owned")</script>' not in page
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in page
    assert "<i>Hostile</i>" not in page and "&lt;i&gt;Hostile&lt;/i&gt; title" in page


def test_overlapping_marks_keep_the_text_and_every_anchor() -> None:
    text = "He said “it will rain & snow” later."
    marks = [Mark("q", "quote", 9, 28, "quote"), Mark("f", "forecast", 12, 36, "forecast")]
    out = mark_up(text, marks)
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    assert 'id="q"' in out and 'id="f"' in out
    assert 'class="forecast quote"' in out
