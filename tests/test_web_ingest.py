"""Ingest from the web against a local server: pages, feeds, sitemaps, failures, politeness,
the cache, near-duplicates and `watch`. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pytest
from typer.testing import CliRunner
from webserver import (
    Article,
    Site,
    in_turn,
    page,
    polnear_articles,
    redirect,
    render_atom,
    render_page,
    render_rss,
    render_sitemap,
    seed_articles,
    serve,
    slow,
    status,
)

from augury.cli import app
from augury.ingest.fetch.fetcher import Fetcher, FetchSettings, backoff_seconds, retry_after_seconds
from augury.store import Store

runner = CliRunner()
SEEDS = seed_articles()


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """No politeness delay unless a test sets one; a short timeout for the slow routes."""
    monkeypatch.setenv("AUGURY_FETCH_DELAY", "0")
    monkeypatch.setenv("AUGURY_FETCH_TIMEOUT", "1")


@pytest.fixture
def site() -> Site:
    return Site()


@pytest.fixture
def base(site: Site) -> Iterator[str]:
    with serve(site) as url:
        yield url


def publish(site: Site, base: str, article: Article, path: str | None = None,
            **look: str | bool) -> str:
    """article served at path (default /world/SLUG); returns its URL."""
    path = path or f"/world/{article.slug}"
    site.add(path, page(render_page(article, f"{base}{path}", **look)))
    return f"{base}{path}"


def ingest(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["ingest", *args])
    return result.exit_code, result.stdout, result.stderr


def documents() -> list[dict]:
    result = runner.invoke(app, ["documents", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_article_pages_are_stored_under_their_url_with_the_page_metadata(
        site: Site, base: str) -> None:
    urls = [publish(site, base, a) for a in SEEDS[:2]]
    code, out, err = ingest(*urls)
    assert code == 0, err
    rows = {r["doc"]: r for r in documents()}
    assert set(rows) == set(urls)
    first = rows[urls[0]]
    assert first["title"] == SEEDS[0].title
    assert first["outlet"] == SEEDS[0].outlet and first["author"] == SEEDS[0].author
    assert first["date"] == SEEDS[0].date and first["url"] == urls[0]
    assert first["copies"] == []
    assert "Donald Trump's sweeping presidential election victory" in (
        Store(os.environ["AUGURY_DB"]).documents()[0][1].text)


def test_canonical_link_is_the_documents_url_and_redirects_are_followed(
        site: Site, base: str) -> None:
    article = SEEDS[1]
    site.add("/story", page(render_page(article, f"{base}/canonical/story")))
    site.add("/old-story", redirect("/moved"))
    site.add("/moved", redirect(f"{base}/story", 302))
    code, _, err = ingest(f"{base}/old-story")
    assert code == 0, err
    [row] = documents()
    assert row["doc"] == f"{base}/old-story" and row["url"] == f"{base}/canonical/story"


def test_rss_atom_json_feed_and_a_page_that_advertises_a_feed(site: Site, base: str) -> None:
    urls = [publish(site, base, a) for a in SEEDS[:5]]
    site.add("/rss.xml", page(render_rss("World", base, [(a.title, u) for a, u in
                                                         zip(SEEDS[:2], urls[:2], strict=True)]),
                              "application/rss+xml"))
    site.add("/atom.xml", page(render_atom("More", f"{base}/atom.xml", [
        (SEEDS[2].title, urls[2])]), "application/atom+xml"))
    site.add("/feed-of-home.xml", page(render_rss("Home", base, [(SEEDS[3].title, urls[3])]),
                                       "application/rss+xml"))
    site.add("/home", page('<html><head><link rel="alternate" type="application/rss+xml" '
                           'href="/feed-of-home.xml"></head><body><p>Home</p></body></html>'))
    site.add("/feed.json", page(json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Last",
        "items": [{"id": "4", "url": urls[4], "title": SEEDS[4].title}]}),
        "application/feed+json"))
    code, out, err = ingest("--feed", f"{base}/rss.xml", "--feed", f"{base}/atom.xml",
                            "--feed", f"{base}/home", "--feed", f"{base}/feed.json")
    assert code == 0, err
    assert {r["doc"] for r in documents()} == set(urls)
    assert out.startswith("stored 5 new documents")


def test_a_feed_ingests_only_what_is_new(site: Site, base: str) -> None:
    urls = [publish(site, base, a) for a in SEEDS[:2]]
    feed = render_rss("World", base, [(a.title, u) for a, u in zip(SEEDS, urls, strict=False)])
    site.add("/rss.xml", page(feed, "application/rss+xml"))
    assert ingest("--feed", f"{base}/rss.xml")[0] == 0
    before = len(site.asked(urls[0].removeprefix(base)))
    code, out, _ = ingest("--feed", f"{base}/rss.xml")
    assert code == 0 and out.startswith("stored 0 new documents")
    assert "2 already stored" in out
    assert len(site.asked(urls[0].removeprefix(base))) == before  # stored links not fetched


def test_sitemap(site: Site, base: str) -> None:
    urls = [publish(site, base, a) for a in SEEDS[:3]]
    site.add("/sitemap.xml", page(render_sitemap(urls), "application/xml"))
    code, _, err = ingest("--sitemap", f"{base}/sitemap.xml")
    assert code == 0, err
    assert {r["doc"] for r in documents()} == set(urls)


def test_a_site_whose_robots_txt_names_its_sitemap(site: Site, base: str) -> None:
    urls = [publish(site, base, a) for a in SEEDS[:2]]
    site.add("/maps/news.xml", page(render_sitemap(urls), "application/xml"))
    site.add("/robots.txt", page(f"User-agent: *\nAllow: /\nSitemap: {base}/maps/news.xml\n",
                                 "text/plain"))
    code, _, err = ingest("--sitemap", f"{base}/")
    assert code == 0, err
    assert {r["doc"] for r in documents()} == set(urls)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_every_failure_is_one_line_and_the_batch_goes_on(site: Site, base: str) -> None:
    good = publish(site, base, SEEDS[0])
    site.add("/slow", slow(page(render_page(SEEDS[1], f"{base}/slow")), 3))
    site.add("/report.pdf", page(b"%PDF-1.4 " + b"x" * 500, "application/pdf"))
    site.add("/huge", page("<html><body><p>" + "word " * 4_000_000 + "</p></body></html>"))
    site.add("/empty", page("<html><head><title>Nothing here</title></head><body></body></html>"))
    site.add("/loop-a", redirect("/loop-b"))
    site.add("/loop-b", redirect("/loop-a"))
    failures = {
        "http://nosuch.invalid/story": "DNS lookup failed for nosuch.invalid",
        f"http://127.0.0.1:{closed_port()}/story": "connection refused",
        f"{base}/slow": "timed out after 1 s (setting AUGURY_FETCH_TIMEOUT)",
        f"{base}/missing": "HTTP 404 Not Found",
        f"{base}/report.pdf": "not an HTML page (application/pdf)",
        f"{base}/huge": "too large (more than 10000000 bytes; setting AUGURY_MAX_BYTES)",
        f"{base}/empty": "no article text found in the HTML",
        f"{base}/loop-a": f"redirect loop ({base}/loop-a → {base}/loop-b → {base}/loop-a)",
    }
    code, out, err = ingest(*failures, good)
    assert code == 3
    lines = err.strip().splitlines()
    assert sorted(lines) == sorted(f"augury: skipped {url}: {why}"
                                   for url, why in failures.items())
    assert [r["doc"] for r in documents()] == [good]
    assert "stored 1 new documents" in out and f"{len(failures)} skipped" in out


def test_robots_txt_is_honoured(site: Site, base: str) -> None:
    allowed = publish(site, base, SEEDS[0])
    private = publish(site, base, SEEDS[1], path="/private/story")
    site.add("/robots.txt", page("User-agent: *\nDisallow: /private/\n", "text/plain"))
    code, _, err = ingest(allowed, private)
    assert code == 3
    assert err.strip() == f"augury: skipped {private}: robots.txt of {base} disallows it"
    assert not site.asked("/private/story")
    assert [r["doc"] for r in documents()] == [allowed]
    assert len(site.asked("/robots.txt")) == 1  # read once per batch


def fetcher(tmp_path: Path, delay: float = 0.0, retries: int = 3,
            waits: list[float] | None = None) -> Fetcher:
    """A fetcher whose waits are recorded (and, with `waits`, not slept)."""
    options = FetchSettings(delay=delay, timeout=5, retries=retries, max_bytes=10_000_000,
                            cache_dir=tmp_path / "fetch-cache")
    if waits is None:
        return Fetcher(options)
    return Fetcher(options, sleep=waits.append)


def test_429_and_500_are_retried_after_the_wait_the_server_asks_for(
        site: Site, base: str, tmp_path: Path) -> None:
    body = render_page(SEEDS[0], f"{base}/a")
    site.add("/busy", in_turn(status(429, {"Retry-After": "7"}), page(body)))
    site.add("/flaky", in_turn(status(500), status(503), page(body)))
    site.add("/down", status(503))
    waits: list[float] = []
    client = fetcher(tmp_path, waits=waits)
    assert client.get(f"{base}/busy").body == body.encode()
    assert waits == [7.0]
    assert client.get(f"{base}/busy").revalidated  # asked again: 304, the body from the cache
    assert client.get(f"{base}/flaky").body == body.encode()
    assert waits == [7.0, backoff_seconds(0), backoff_seconds(1)]
    with pytest.raises(Exception, match="HTTP 503 Service Unavailable"):
        client.get(f"{base}/down")
    assert len(site.asked("/down")) == 4  # the first try and three retries


def test_retry_after_as_a_date_and_as_seconds() -> None:
    now = datetime(2024, 11, 6, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds("Wed, 06 Nov 2024 12:00:30 GMT", now) == 30
    assert retry_after_seconds("Wed, 06 Nov 2024 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon", now) is None and retry_after_seconds(None, now) is None


def test_a_host_waits_the_delay_between_requests_and_other_hosts_do_not(tmp_path: Path) -> None:
    site = Site()
    for a in SEEDS[:3]:
        site.add(f"/world/{a.slug}", page(render_page(a, f"/world/{a.slug}")))
    with serve(site) as base:
        other = base.replace("127.0.0.1", "localhost")
        clock = [100.0]
        waits: list[float] = []
        client = Fetcher(FetchSettings(2.5, 5, 0, 10_000_000, tmp_path / "c"),
                         clock=lambda: clock[0], sleep=waits.append)
        client.get(f"{base}/world/{SEEDS[0].slug}")  # robots.txt, then the page: one wait
        client.get(f"{other}/world/{SEEDS[0].slug}")  # another host: its robots.txt at once
        client.get(f"{base}/world/{SEEDS[1].slug}")
        clock[0] += 1.0  # a second passes: the next waits what is left
        client.get(f"{base}/world/{SEEDS[2].slug}")
    assert waits == [2.5, 2.5, 2.5, 1.5]


def test_requests_to_one_host_never_overlap(site: Site, base: str, tmp_path: Path) -> None:
    for a in SEEDS:
        site.add(f"/world/{a.slug}", slow(page(render_page(a, f"/world/{a.slug}")), 0.05))
    client = fetcher(tmp_path, delay=0.1)
    for a in SEEDS:
        client.get(f"{base}/world/{a.slug}")
    log = sorted(site.log, key=lambda r: r.started)
    assert [r.path for r in log] == ["/robots.txt", *(f"/world/{a.slug}" for a in SEEDS)]
    assert all(later.started >= earlier.ended for earlier, later in zip(log, log[1:], strict=False))


def test_a_rerun_revalidates_and_the_cache_serves_it(site: Site, base: str,
                                                     tmp_path: Path) -> None:
    url = publish(site, base, SEEDS[0])
    path = url.removeprefix(base)
    assert ingest(url)[0] == 0
    code, out, _ = ingest(url)
    assert code == 0 and out.startswith("stored 0 new documents") and "1 already stored" in out
    first, second = site.asked(path)
    assert first.status == 200 and "if-none-match" not in first.headers
    assert first.headers["user-agent"].startswith("Augury/0.1.0 ")
    assert second.status == 304 and second.headers["if-none-match"]
    # Without the cache there is nothing to revalidate: the page comes whole again.
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.unlink()
    assert ingest(url)[0] == 0
    assert site.asked(path)[-1].status == 200


def syndicate(site: Site, base: str, article: Article) -> tuple[str, str, str]:
    """article at its home, as a wire copy under another outlet with its own chrome, and as
    an AMP page; returns the three URLs."""
    home = publish(site, base, article)
    wire = publish(site, base, article, path=f"/wire/{article.slug}", outlet="Global Wire",
                   header="<p>Global Wire — news from every desk</p>",
                   footer="<p>This story was first published by our partner outlet.</p>")
    amp = publish(site, base, article, path=f"/amp/{article.slug}", amp=True)
    return home, wire, amp


def test_a_story_under_several_urls_is_stored_once_with_every_url_and_outlet(
        site: Site, base: str) -> None:
    article = SEEDS[0]
    home, wire, amp = syndicate(site, base, article)
    other = publish(site, base, SEEDS[1])
    code, out, err = ingest(home, wire, amp, other)
    assert code == 0, err
    assert "stored 2 new documents" in out and "2 folded as copies" in out
    rows = {r["doc"]: r for r in documents()}
    assert set(rows) == {home, other}
    assert rows[home]["copies"] == [
        {"doc": wire, "url": wire, "outlet": "Global Wire"},
        {"doc": amp, "url": amp, "outlet": article.outlet}]
    assert rows[other]["copies"] == []
    # A later batch folds against what is stored, and a copy stored is not stored again.
    assert ingest(wire)[1].startswith("stored 0 new documents")
    assert len(documents()[0]["copies"]) == 2


def test_a_folded_copy_adds_no_forecasts_or_scores(site: Site, base: str,
                                                   tmp_path: Path) -> None:
    home, wire, amp = syndicate(site, base, SEEDS[0])
    assert ingest(home, "--db", str(tmp_path / "one.db"))[0] == 0
    assert ingest(home, wire, amp, "--db", str(tmp_path / "all.db"))[0] == 0

    def listed(command: str, db: str) -> list[dict]:
        result = runner.invoke(app, [command, "--format", "json", "--db", db])
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    for command in ("forecasts", "quotes", "scores"):
        once = listed(command, str(tmp_path / "one.db"))
        assert listed(command, str(tmp_path / "all.db")) == once
    assert listed("forecasts", str(tmp_path / "one.db"))  # the seed has forecasts to count


def test_signatures_are_stored_and_filled_in_for_older_documents(site: Site, base: str) -> None:
    from augury.runner import copy_finder

    urls = [publish(site, base, a) for a in SEEDS[:2]]
    assert ingest(*urls)[0] == 0
    with Store(os.environ["AUGURY_DB"]) as store:
        stored = dict(store.signatures())
        assert len(stored) == 2 and all(len(b) == 128 * 4 for b in stored.values())
        store.conn.execute("DELETE FROM document_signatures")  # as stored before migration 011
        finder = copy_finder(store)
        assert dict(store.signatures()) == stored
        assert len(finder.signatures) == 2


def test_polnear_articles_are_kept_apart(site: Site, base: str) -> None:
    articles = polnear_articles(6)
    urls = [publish(site, base, a) for a in articles]
    code, out, err = ingest(*urls)
    assert code == 0, err
    assert out.startswith(f"stored {len(articles)} new documents") and "0 folded" in out


def lines_of(stream: IO[str]) -> queue.Queue[str]:
    """The lines a child prints, as they come, read by a thread ('' at the end)."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put("")
    threading.Thread(target=read, daemon=True).start()
    return lines


def test_watch_ingests_what_each_poll_of_a_growing_feed_adds(site: Site, base: str,
                                                            tmp_path: Path) -> None:
    urls = [publish(site, base, a) for a in SEEDS[:4]]
    items = [(a.title, u) for a, u in zip(SEEDS, urls, strict=False)]
    # The feed grows as it is read: one item, then two, then four.
    versions = [page(render_rss("World", base, items[:n]), "application/rss+xml")
                for n in (1, 2, 4)]
    site.add("/rss.xml", in_turn(*versions))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the world desk\n{base}/rss.xml\n", encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [sys.executable, "-m", "augury", "watch", str(feeds), "--every", "5s"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    printed = lines_of(child.stdout)
    polls = []
    try:
        while len(polls) < 3:
            line = printed.get(timeout=600)  # a guard against a hang, not a measure
            assert line, "watch printed no third poll"
            polls.append(line.strip())
        child.send_signal(signal.SIGINT)
        child.wait(timeout=120)
        rest = "".join(iter(printed.get, ""))
        errors = child.stderr.read() if child.stderr else ""
    finally:
        if child.poll() is None:
            child.kill()
    # 0 only if the Ctrl-C came while waiting: the wait is long enough for the test to send it.
    assert child.returncode == 0, rest + errors
    print("\n".join([*polls, rest.strip()]))  # what the run printed, shown with -s
    expected = [(1, 1, 0), (2, 1, 1), (3, 2, 2)]  # (poll, new, already stored)
    for line, (number, new, known) in zip(polls, expected, strict=True):
        assert line.startswith(f"poll {number}: stored {new} new documents (")
        assert f"; {known} already stored; 0 skipped" in line
    assert rest.strip().startswith("watch stopped after 3 polls: stored 4 new documents")
    assert {r["doc"] for r in documents()} == set(urls)
    assert len(site.asked("/rss.xml")) == 3



def test_a_page_carrying_a_stored_files_story_is_its_copy(site: Site, base: str) -> None:
    from conftest import SEEDS as SEED_DIR

    seed_file = sorted(SEED_DIR.glob("*.txt"))[0]
    assert ingest(str(seed_file))[0] == 0
    url = publish(site, base, SEEDS[0], path="/syndicated/story", outlet="Global Wire")
    code, out, err = ingest(url)
    assert code == 0, err
    assert out.startswith("stored 0 new documents") and "1 folded as copies" in out
    [row] = documents()
    assert row["doc"] == seed_file.name
    assert row["copies"] == [{"doc": url, "url": url, "outlet": "Global Wire"}]


def test_ctrl_c_during_a_poll_drops_the_page_under_way(site: Site, base: str,
                                                       tmp_path: Path) -> None:
    url = f"{base}/world/late"
    site.add("/world/late", slow(page(render_page(SEEDS[0], url)), 30))
    site.add("/rss.xml", page(render_rss("World", base, [(SEEDS[0].title, url)]),
                              "application/rss+xml"))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{base}/rss.xml\n", encoding="utf-8")
    env = {**os.environ, "AUGURY_FETCH_TIMEOUT": "120"}
    child = subprocess.Popen([sys.executable, "-m", "augury", "watch", str(feeds)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 120  # a guard against a hang, not a measure
        while not site.asked("/world/late") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert site.asked("/world/late"), "watch never asked for the page"
        child.send_signal(signal.SIGINT)
        out, errors = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130, errors
    assert out.strip().startswith("watch stopped after 0 polls: stored 0 new documents")
    assert documents() == []
