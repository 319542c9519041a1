"""Ingest from the web: article pages, feeds and sitemaps fetched politely (fetcher.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from augury.errors import IngestError
from augury.ingest.fetch.fetcher import Fetcher, FetchSettings
from augury.ingest.fetch.links import read_links
from augury.ingest.fetch.page import page_document
from augury.model import Document

__all__ = ["FetchSettings", "Fetcher", "is_url", "read_links", "read_urls"]


def is_url(given: str) -> bool:
    """True when an ingest argument names a web page rather than a file."""
    return given.lower().startswith(("http://", "https://"))


def read_urls(urls: Iterable[str], fetcher: Fetcher) -> Iterator[Document | IngestError]:
    """A Document per article page, an IngestError per page that cannot be had or read."""
    for url in urls:
        try:
            yield page_document(fetcher.get(url))
        except IngestError as err:
            yield err
