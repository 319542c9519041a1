"""HTML pages (.html, .htm): main text and metadata extracted with trafilatura."""

from __future__ import annotations

import re

import trafilatura
from trafilatura.settings import Document as Page

from augury.errors import IngestError
from augury.ingest.decode import decode_text
from augury.ingest.metadata import DATE_MARKER, Metadata, normalise_date, title_chrome
from augury.ingest.text import build_document, has_words
from augury.model import Document

DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)
TITLE_SEPARATOR = " | "


def declared_charset(data: bytes) -> str | None:
    """The charset a page names in a <meta> tag near its start."""
    match = DECLARED_CHARSET.search(data[:4096])
    return None if match is None else match[1].decode("ascii")


def strip_site_suffix(title: str) -> str:
    """A page title less what follows " | " (site, date): "Headline | DW | 19.01.2020"."""
    head = title.split(TITLE_SEPARATOR)[0].strip()
    return head if len(head.split()) >= 3 else title


def page_title(title: str | None) -> str | None:
    """The headline of a page's title; None when the title is the site's chrome."""
    if not title:
        return None
    head = strip_site_suffix(DATE_MARKER.sub("", title))
    return None if title_chrome().fullmatch(head.strip(" .!")) else head


def page_metadata(result: Page) -> Metadata:
    """The metadata trafilatura read from a page's markup."""
    return Metadata(
        title=page_title(result.title),
        author=result.author,
        outlet=result.sitename,
        date=normalise_date(result.date) if result.date else None,
        url=result.url,
    )


def html_document(html: str, source: str, given: Metadata | None = None) -> Document:
    """The article in a page; given metadata wins over the page's, which wins over the text's."""
    given = given or Metadata()
    try:
        result = trafilatura.bare_extraction(
            html, url=given.url, with_metadata=True, include_comments=False
        )
    except Exception as err:  # lxml and trafilatura raise many kinds on malformed markup
        raise IngestError(source, f"cannot parse HTML: {err}") from err
    if not isinstance(result, Page) or not has_words(result.text):
        raise IngestError(source, "no article text found in the HTML")
    return build_document(result.text, source, given.or_else(page_metadata(result)))


def read_html(data: bytes, source: str) -> Document:
    """The Document in an HTML file's bytes."""
    return html_document(decode_text(data, source, declared_charset(data)), source)
