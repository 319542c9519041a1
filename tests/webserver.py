"""A local web server for tests and bench/fetch.py: real article pages (the seeds and PolNeAR
articles rendered as HTML with their metadata), feeds and sitemaps written for them, and routes
that misbehave on purpose. Every request is logged with when it started and ended."""

from __future__ import annotations

import hashlib
import html
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from augury.ingest import read_paths
from augury.model import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "samples" / "seeds"
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear" / "data"
MODIFIED = format_datetime(datetime(2024, 11, 6, tzinfo=UTC), usegmt=True)


@dataclass(frozen=True)
class Article:
    """One story as a site would publish it."""

    slug: str
    title: str
    text: str
    author: str | None = None
    date: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the answer is sent


@dataclass
class Request:
    path: str
    host: str
    headers: dict[str, str]
    started: float
    ended: float = 0.0
    status: int = 0


Route = Callable[[Request], Answer]


def seed_articles() -> list[Article]:
    """The seed articles with the metadata ingest reads from them."""
    documents = [d for d in read_paths([SEEDS]) if isinstance(d, Document)]
    return [Article(slug=Path(d.source).stem, title=d.title or Path(d.source).stem,
                    text=d.text, author=d.author, date=d.date, outlet=d.outlet)
            for d in documents]


def polnear_articles(count: int, split: str = "dev") -> list[Article]:
    """`count` PolNeAR articles, read from ../shared: outlet and date from the file name
    (outlet_YYYY-MM-DD_slug.txt), the first line as the title."""
    files = sorted((POLNEAR / split / "text").glob("*.txt"))[:count]
    articles = []
    for path in files:
        outlet, day, slug = path.stem.split("_", 2)
        title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
        articles.append(Article(slug=f"{day}-{slug}", title=title.strip(), text=body.strip(),
                                date=day, outlet=outlet.title(), author=None))
    return articles


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def render_page(article: Article, canonical: str, outlet: str | None = None,
                header: str = "", footer: str = "", amp: bool = False) -> str:
    """article as a news page: title, byline, date and site name in its markup, the text in
    <article>, a site header and footer around it."""
    e = html.escape
    site = outlet or article.outlet or "Example News"
    meta = [f'<meta property="og:site_name" content="{e(site)}">',
            f'<meta property="og:title" content="{e(article.title)}">',
            f'<link rel="canonical" href="{e(canonical)}">']
    if article.author:
        meta.append(f'<meta name="author" content="{e(article.author)}">')
    if article.date:
        meta.append(f'<meta property="article:published_time" content="{e(article.date)}">')
    body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs(article.text))
    byline = f'<p class="byline">By {e(article.author)}</p>' if article.author else ""
    return (f'<!DOCTYPE html>\n<html{" amp" if amp else ""} lang="en"><head>'
            f'<meta charset="utf-8"><title>{e(article.title)} | {e(site)}</title>'
            + "".join(meta) + "</head><body>"
            f'<header><nav><a href="/">{e(site)}</a> <a href="/world/">World</a> '
            f'<a href="/politics/">Politics</a></nav>{header}</header>'
            f"<main><article><h1>{e(article.title)}</h1>{byline}{body}</article></main>"
            f"<footer>{footer}<p>© {e(site)}. All rights reserved.</p></footer>"
            "</body></html>")


def render_rss(title: str, link: str, items: list[tuple[str, str]]) -> str:
    """An RSS 2.0 feed of (title, url) items."""
    e = html.escape
    entries = "".join(f"<item><title>{e(t)}</title><link>{e(u)}</link><guid>{e(u)}</guid>"
                      "</item>" for t, u in items)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{e(title)}</title><link>{e(link)}</link>{entries}</channel></rss>")


def render_atom(title: str, link: str, items: list[tuple[str, str]]) -> str:
    """An Atom feed of (title, url) entries."""
    e = html.escape
    entries = "".join(f'<entry><title>{e(t)}</title><link rel="alternate" href="{e(u)}"/>'
                      f"<id>{e(u)}</id></entry>" for t, u in items)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom">'
            f'<title>{e(title)}</title><link rel="self" href="{e(link)}"/>{entries}</feed>')


def render_sitemap(urls: list[str]) -> str:
    locs = "".join(f"<url><loc>{html.escape(u)}</loc></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>')


def page(body: str | bytes, content_type: str = "text/html; charset=utf-8",
         validators: bool = True) -> Route:
    """A route serving body, answering 304 to a conditional request that matches it."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
    headers = {"Content-Type": content_type}
    if validators:
        headers |= {"ETag": etag, "Last-Modified": MODIFIED}

    def serve(request: Request) -> Answer:
        # If-None-Match, when sent, decides alone (RFC 9110 13.2.2).
        tag, since = request.headers.get("if-none-match"), request.headers.get("if-modified-since")
        if validators and (tag == etag if tag is not None else since == MODIFIED):
            return Answer(304, b"", {"ETag": etag})
        return Answer(200, data, headers)
    return serve


def in_turn(*routes: Route) -> Route:
    """A route answering as each of routes in turn, then as the last one for ever."""
    calls = iter(routes)
    current = [routes[0]]

    def serve(request: Request) -> Answer:
        current[0] = next(calls, current[0])
        return current[0](request)
    return serve


def status(code: int, headers: dict[str, str] | None = None) -> Route:
    return lambda request: Answer(code, f"status {code}".encode(), headers or {})


def redirect(to: str, code: int = 301) -> Route:
    return lambda request: Answer(code, b"", {"Location": to})


def slow(route: Route, seconds: float) -> Route:
    def serve(request: Request) -> Answer:
        answer = route(request)
        return Answer(answer.status, answer.body, answer.headers, seconds)
    return serve


class Site:
    """The routes one server answers, and the log of what it was asked."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {"/robots.txt": status(404)}
        self.log: list[Request] = []
        self.lock = threading.Lock()

    def add(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def asked(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.log if r.path == path]

    def answer(self, request: Request) -> Answer:
        route = self.routes.get(request.path)
        return route(request) if route else Answer(404, b"not found", {})


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the second waits for an ACK.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        request = Request(self.path.split("?")[0], self.headers.get("Host", ""),
                          {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        with self.site.lock:
            self.site.log.append(request)
        answer = self.site.answer(request)
        if answer.delay:
            time.sleep(answer.delay)
        # Ended before the answer leaves: a client can only ask again after it has it.
        request.ended, request.status = time.monotonic(), answer.status
        try:
            self.send_response(answer.status)
            for key, value in answer.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if answer.status != 304:
                self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout, a page too large)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the site keeps its own log."""


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet when a client drops its connection between requests (a timeout, a page too
        large): the traceback would land in the stderr a test reads; anything else is shown."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Site) -> Iterator[str]:
    """site served on 127.0.0.1 at a free port, in a thread; yields its base URL."""
    handler = type("Handler", (_Handler,), {"site": site})
    server = _Server(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
