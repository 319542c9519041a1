"""A fetched article page as a Document: its main text and metadata by trafilatura (title,
author, date by htmldate, site name as outlet, canonical URL), the URL asked for as its name."""

from __future__ import annotations

from augury.errors import IngestError
from augury.ingest.decode import decode_text
from augury.ingest.fetch.fetcher import Fetched
from augury.ingest.html import declared_charset, html_document
from augury.model import Document

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def page_document(page: Fetched) -> Document:
    """The article in page; IngestError when it is not HTML or holds no article text. Its url
    is the page's canonical URL where it names one, else the URL it was fetched from."""
    if page.content_type and page.content_type not in HTML_TYPES:
        raise IngestError(page.url, f"not an HTML page ({page.content_type})")
    html = decode_text(page.body, page.url, page.charset or declared_charset(page.body))
    document = html_document(html, page.url)
    document.url = document.url or page.final_url
    return document
