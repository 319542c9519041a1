"""Polite HTTP fetching: robots.txt honoured, one request at a time per host with a delay,
retries on 429 and 5xx that honour Retry-After, a timeout, a size cap, redirects followed (a
loop refused), and conditional requests against an on-disk cache.

trafilatura's `fetch_response` sends no request headers of the caller's, hides why a request
failed and reads robots.txt nowhere, so requests are made here on urllib3 directly. Every
failure is an IngestError naming the URL and what went wrong.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import urllib3

from augury import settings
from augury.errors import IngestError
from augury.ingest.fetch.cache import CachedPage, PageCache

ROBOTS_AGENT = "Augury"
USER_AGENT = f"{ROBOTS_AGENT}/{version('augury')} (news analysis; honours robots.txt)"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
# A server asking for a longer pause than this is given up on rather than waited for.
MAX_WAIT = 120.0
CHUNK = 65536


@dataclass(frozen=True)
class FetchSettings:
    """How to fetch: the politeness delay, timeout and retries, the size cap, the cache."""

    delay: float
    timeout: float
    retries: int
    max_bytes: int
    cache_dir: Path
    user_agent: str = USER_AGENT

    @classmethod
    def from_env(cls) -> FetchSettings:
        """The settings as the environment gives them (AUGURY_FETCH_*, AUGURY_MAX_BYTES,
        AUGURY_CACHE_DIR)."""
        return cls(settings.fetch_delay(), settings.fetch_timeout(), settings.fetch_retries(),
                   settings.max_bytes(), settings.cache_dir())


@dataclass(frozen=True)
class Fetched:
    """A page as fetched: `url` as asked for, `final_url` after redirects; `revalidated` when
    the server answered 304 and the body is the cached one."""

    url: str
    final_url: str
    content_type: str
    charset: str | None
    body: bytes
    revalidated: bool = False


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """The wait a Retry-After header asks for, in seconds ("120", or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_seconds(attempt: int) -> float:
    """The wait before retry `attempt` (0 first) when the server does not say: 1, 2, 4 … s."""
    return float(2**attempt)


def media_type(header: str | None) -> tuple[str, str | None]:
    """A Content-Type header's media type (lower case) and charset."""
    if not header:
        return "", None
    kind, *params = (part.strip() for part in header.split(";"))
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in params
                    if p.lower().startswith("charset=")), None)
    return kind.lower(), charset or None


def origin(url: str) -> str:
    """scheme://host[:port] of url: the unit robots.txt and the politeness delay apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def failure(err: Exception, url: str, timeout: float) -> IngestError:
    """The one-line reason a request raised err."""
    host = urlsplit(url).hostname or url
    # NameResolutionError and NewConnectionError are kinds of ConnectTimeoutError: test first.
    if isinstance(err, urllib3.exceptions.NameResolutionError):
        reason = f"DNS lookup failed for {host}"
    elif isinstance(err, urllib3.exceptions.NewConnectionError):
        refused = isinstance(err.__cause__ or err.__context__, ConnectionRefusedError)
        reason = "connection refused" if refused else f"cannot connect to {host}"
    elif isinstance(err, urllib3.exceptions.TimeoutError):
        reason = f"timed out after {timeout:g} s (setting AUGURY_FETCH_TIMEOUT)"
    elif isinstance(err, urllib3.exceptions.SSLError):
        reason = "TLS handshake failed"
    elif isinstance(err, urllib3.exceptions.LocationValueError):
        reason = "not a URL that can be fetched"
    else:
        reason = f"connection failed ({type(err).__name__})"
    return IngestError(url, reason)


def http_failure(url: str, status: int, reason: str) -> IngestError:
    return IngestError(url, f"HTTP {status} {reason}".rstrip())


@dataclass
class Robots:
    """One origin's robots.txt rules."""

    parser: RobotFileParser
    allow_all: bool = False
    disallow_all: bool = False

    def allowed(self, url: str) -> bool:
        if self.allow_all or self.disallow_all:
            return self.allow_all
        return self.parser.can_fetch(ROBOTS_AGENT, url)

    def crawl_delay(self) -> float:
        if self.allow_all or self.disallow_all:
            return 0.0
        return float(self.parser.crawl_delay(ROBOTS_AGENT) or 0)

    def sitemaps(self) -> list[str]:
        return [] if self.allow_all or self.disallow_all else list(self.parser.site_maps() or [])


@dataclass
class Fetcher:
    """Fetches one URL at a time. Requests to one origin are spaced by the delay (or the robots
    Crawl-delay, the longer), counted from the end of the previous answer; a fetcher makes one
    request at a time, so no two requests to a host ever overlap."""

    options: FetchSettings
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    requests: int = 0

    def __post_init__(self) -> None:
        self.pool = urllib3.PoolManager(num_pools=20)
        self.cache = PageCache(self.options.cache_dir)
        self._free_at: dict[str, float] = {}
        self._robots: dict[str, Robots] = {}

    def get(self, url: str) -> Fetched:
        """url's page, following redirects; IngestError(url, reason) when it cannot be had."""
        seen = [url]
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if not self.robots(current, url).allowed(current):
                raise IngestError(url, f"robots.txt of {origin(current)} disallows it")
            cached = self.cache.get(current)
            response = self._request(current, url, cached.validators if cached else {})
            try:
                if response.status in REDIRECT_STATUS and response.headers.get("Location"):
                    target = urljoin(current, response.headers["Location"])
                    if target in seen:
                        raise IngestError(url, "redirect loop (" + " → ".join([*seen, target])
                                          + ")")
                    seen.append(target)
                    current = target
                    self._done(seen[-2], response)
                    continue
                if response.status == 304 and cached is not None:
                    self._done(current, response)
                    return Fetched(url, cached.final_url, *media_type(cached.content_type),
                                   cached.body, revalidated=True)
                if response.status != 200:
                    raise http_failure(url, response.status, response.reason or "")
                body = self._read(response, url)
            except BaseException:
                self._done(current, response, finished=False)
                raise
            self._done(current, response)
            content_type = response.headers.get("Content-Type", "")
            self.cache.put(CachedPage(current, current, content_type,
                                      response.headers.get("ETag"),
                                      response.headers.get("Last-Modified"), body))
            return Fetched(url, current, *media_type(content_type), body)
        raise IngestError(url, f"more than {MAX_REDIRECTS} redirects")

    def robots(self, url: str, asked: str) -> Robots:
        """The robots.txt rules of url's origin, read once per fetcher. A missing robots.txt
        (4xx) allows everything; one that cannot be read (5xx after retries) allows nothing, as
        RFC 9309 asks; a network failure is the page's failure."""
        site = origin(url)
        if site in self._robots:
            return self._robots[site]
        robots_url = site + "/robots.txt"
        cached = self.cache.get(robots_url)
        response = self._request(robots_url, asked, cached.validators if cached else {})
        parser = RobotFileParser(robots_url)
        try:
            body = self._read(response, asked) if response.status == 200 else None
        except BaseException:
            self._done(robots_url, response, finished=False)
            raise
        self._done(robots_url, response)
        if response.status == 304 and cached is not None:
            body = cached.body
        elif body is not None:
            self.cache.put(CachedPage(robots_url, robots_url,
                                      response.headers.get("Content-Type", ""),
                                      response.headers.get("ETag"),
                                      response.headers.get("Last-Modified"), body))
        if body is not None:
            parser.parse(body.decode("utf-8", "replace").splitlines())
            rules = Robots(parser)
        else:
            rules = Robots(parser, allow_all=response.status < 500,
                           disallow_all=response.status >= 500)
        self._robots[site] = rules
        return rules

    def _wait_turn(self, url: str) -> None:
        wait = self._free_at.get(origin(url), 0.0) - self.clock()
        if wait > 0:
            self.sleep(wait)

    def _done(self, url: str, response: urllib3.BaseHTTPResponse, finished: bool = True) -> None:
        """Give the connection back (or, when the body was left unread, close it rather than
        read a page that is too large) and start the origin's delay."""
        if finished:
            response.drain_conn()
            response.release_conn()
        else:
            response.close()
        site = origin(url)
        robots = self._robots.get(site)
        delay = max(self.options.delay, robots.crawl_delay() if robots else 0.0)
        self._free_at[site] = self.clock() + delay

    def _request(self, url: str, asked: str,
                 headers: dict[str, str]) -> urllib3.BaseHTTPResponse:
        """One GET of url (no redirects followed), retried on 429 and 5xx after the wait the
        server asks for (Retry-After) or a doubling backoff; `asked` names the failure."""
        timeout = self.options.timeout
        for attempt in range(self.options.retries + 1):
            self._wait_turn(url)
            self.requests += 1
            try:
                response = self.pool.request(
                    "GET", url, headers={"User-Agent": self.options.user_agent, **headers},
                    redirect=False, retries=False,
                    timeout=urllib3.Timeout(connect=timeout, read=timeout),
                    preload_content=False)
            except urllib3.exceptions.HTTPError as err:
                self._free_at[origin(url)] = self.clock() + self.options.delay
                raise failure(err, asked, timeout) from err
            if response.status not in RETRY_STATUS or attempt == self.options.retries:
                return response
            wait = retry_after_seconds(response.headers.get("Retry-After"), self.now())
            self._done(url, response)
            if wait is not None and wait > MAX_WAIT:
                raise IngestError(asked, f"HTTP {response.status}: the server asks to wait "
                                  f"{wait:.0f} s, more than {MAX_WAIT:.0f} s")
            self.sleep(backoff_seconds(attempt) if wait is None else wait)
        raise AssertionError("unreachable: the last attempt returns")

    def _read(self, response: urllib3.BaseHTTPResponse, asked: str) -> bytes:
        """The body, refused once it passes the size cap (AUGURY_MAX_BYTES)."""
        cap = self.options.max_bytes
        declared = response.headers.get("Content-Length", "")
        too_large = IngestError(asked, f"too large (more than {cap} bytes; setting "
                                       "AUGURY_MAX_BYTES)")
        if declared.isdigit() and int(declared) > cap:
            raise too_large
        chunks, size = [], 0
        try:
            for chunk in response.stream(CHUNK):
                size += len(chunk)
                if size > cap:
                    raise too_large
                chunks.append(chunk)
        except urllib3.exceptions.HTTPError as err:
            raise failure(err, asked, self.options.timeout) from err
        return b"".join(chunks)
