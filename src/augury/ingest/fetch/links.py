"""The article links of feeds and sitemaps, read with trafilatura's feed and sitemap parsers
over pages fetched politely by a Fetcher.

trafilatura's `find_feed_urls` and `sitemap_search` fetch for themselves (no robots.txt, no
cache, no per-host delay), and courlan's `check_url` refuses hosts without a public suffix
(an intranet name, an address); so the fetching is the Fetcher's, the parsing trafilatura's,
and the link checks courlan's own filters less its domain filter.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from courlan.clean import normalize_url, scrub_url
from courlan.filters import basic_filter, extension_filter, type_filter, validate_url
from trafilatura.feeds import FeedParameters, determine_feed, find_links
from trafilatura.settings import MAX_FEEDS_CHECKED, MAX_SITEMAPS_SEEN
from trafilatura.sitemaps import DETECT_SITEMAP_LINK, GUESSES, SitemapObject
from trafilatura.utils import decode_file, safe_relative_url

from augury.errors import IngestError
from augury.ingest.fetch.fetcher import Fetched, Fetcher, origin

SITEMAP_SUFFIXES = (".xml", ".xml.gz", "sitemap", ".txt")


def article_link(link: str) -> str | None:
    """link normalised when it can lead to an article (http(s), no file download, no
    navigation or feed page), else None."""
    if not basic_filter(link):
        return None
    link = scrub_url(link)
    if not type_filter(link):
        return None
    valid, parsed = validate_url(link)
    if not valid or parsed is None or not extension_filter(parsed.path):
        return None
    return normalize_url(parsed)


def site(host: str) -> str:
    """The part of a host name links are compared on: the last two labels of a name, the whole
    of an address or a one-label name."""
    labels = host.lower().split(".")
    return host.lower() if host.replace(".", "").isdigit() else ".".join(labels[-2:])


def same_site(url: str, other: str) -> bool:
    """True when both URLs are on one site (news.example.com and www.example.com are)."""
    return site(urlsplit(url).hostname or "") == site(urlsplit(other).hostname or "")


def keep_links(links: list[str], base: str) -> list[str]:
    """The article links among links (relative ones read against base), on base's site, each
    once, in their order; a site's home page (an RSS channel's own link) is no article."""
    kept: dict[str, None] = {}
    for raw in links:
        link = article_link(safe_relative_url(base, raw.strip()))
        if link and link != base and same_site(link, base) and urlsplit(link).path.strip("/"):
            kept[link] = None
    return list(kept)


def page_text(page: Fetched) -> str:
    """A feed's or sitemap's body as text (gzip undone), by trafilatura's own decoding."""
    return decode_file(page.body)


def feed_links(fetcher: Fetcher, url: str) -> list[str]:
    """The article links of the feed at url (RSS, Atom or JSON Feed), or of the feeds a page at
    url advertises (<link rel="alternate">); IngestError when none is found."""
    page = fetcher.get(url)
    text = page_text(page).strip()
    host = urlsplit(page.final_url).hostname or ""
    params = FeedParameters(origin(page.final_url), host, page.final_url)
    links = keep_links(find_links(text, params), page.final_url)
    if links:
        return links
    for feed in determine_feed(text, params)[:MAX_FEEDS_CHECKED]:
        advertised = fetcher.get(feed)
        links += keep_links(find_links(page_text(advertised).strip(), params),
                            advertised.final_url)
    if not links:
        raise IngestError(url, "no feed and no article links found")
    return list(dict.fromkeys(links))


class PoliteSitemap(SitemapObject):
    """trafilatura's sitemap reader, fetching through a Fetcher and keeping links on the
    sitemap's site whatever its host name."""

    def __init__(self, fetcher: Fetcher, url: str, sitemaps: list[str]) -> None:
        super().__init__(origin(url), urlsplit(url).hostname or "", sitemaps)
        self.fetcher = fetcher
        self.errors: list[IngestError] = []

    def fetch(self) -> None:
        self.seen.add(self.current_url)
        try:
            self.content = page_text(self.fetcher.get(self.current_url))
        except IngestError as err:
            self.errors.append(err)
            self.content = ""

    def handle_link(self, link: str) -> None:
        link = safe_relative_url(self.base_url, link.strip())
        if link == self.current_url or not same_site(link, self.base_url):
            return
        if DETECT_SITEMAP_LINK.search(link):
            self.sitemap_urls.append(link)
        elif (kept := article_link(link)) is not None:
            self.urls.append(kept)


def sitemap_links(fetcher: Fetcher, url: str) -> tuple[list[str], list[IngestError]]:
    """The article links of the sitemap at url (nested sitemaps followed; XML, gzip or text),
    or for a site's page, of the sitemaps its robots.txt names (else the usual names), with the
    sitemaps that could not be read."""
    if urlsplit(url).path.lower().endswith(SITEMAP_SUFFIXES):
        start = [url]
    else:
        start = fetcher.robots(url, url).sitemaps() or [
            f"{origin(url)}/{guess}" for guess in reversed(GUESSES)]
    sitemap = PoliteSitemap(fetcher, url, start)
    while sitemap.sitemap_urls and len(sitemap.seen) < MAX_SITEMAPS_SEEN:
        sitemap.current_url = sitemap.sitemap_urls.pop()
        sitemap.fetch()
        sitemap.process()
        sitemap.sitemap_urls = [s for s in sitemap.sitemap_urls if s not in sitemap.seen]
    links = list(dict.fromkeys(sitemap.urls))
    if not links and not sitemap.errors:
        sitemap.errors.append(IngestError(url, "no article links found in the sitemap"))
    return links, sitemap.errors


def read_links(fetcher: Fetcher, feeds: list[str],
               sitemaps: list[str]) -> Iterator[str | IngestError]:
    """Every article link of the feeds and sitemaps, in order, and an IngestError for each one
    that cannot be read."""
    for feed in feeds:
        try:
            yield from feed_links(fetcher, feed)
        except IngestError as err:
            yield err
    for url in sitemaps:
        try:
            links, errors = sitemap_links(fetcher, url)
        except IngestError as err:
            links, errors = [], [err]
        yield from errors
        yield from links
