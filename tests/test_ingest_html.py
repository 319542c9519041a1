"""HTML through trafilatura, on a real news page (tests/fixtures/ingest/dw.com.colonial.html)."""

from __future__ import annotations

from pathlib import Path

import pytest

from augury.errors import IngestError
from augury.ingest import read_paths
from augury.ingest.html import read_html, strip_site_suffix
from augury.model import Document

DW_PAGE = Path(__file__).resolve().parent / "fixtures" / "ingest" / "dw.com.colonial.html"


@pytest.fixture(scope="module")
def dw() -> Document:
    (doc,) = read_paths([DW_PAGE])
    assert isinstance(doc, Document)
    return doc


def test_page_metadata(dw: Document) -> None:
    assert dw.source == "dw.com.colonial.html"
    assert dw.title == "Berlin confronts Germany's colonial past with new initiative"
    assert dw.author == "Deutsche Welle"  # what the page's <meta name="author"> says
    assert dw.outlet == "DW.COM"
    assert dw.date == "2020-01-19"
    assert dw.url == (
        "https://www.dw.com/en/berlin-confronts-germanys-colonial-past-with-new-initiative/a-52060881"
    )


@pytest.mark.parametrize(
    "phrase",
    [
        "Berlin's relationship with its colonial history is being reconsidered",
        '"Migration is now being seen in connection with postcolonial history," ISD spokesman '
        "Tahir Della told DW.",
        "Freedom fighters replace colonial leaders",
        "that was Germany in Namibia, and Germany has up to now failed",
        "which opened the gates to a period of intense imperialist activity.",
    ],
)
def test_article_text_is_kept(dw: Document, phrase: str) -> None:
    assert phrase in dw.text


@pytest.mark.parametrize(
    "phrase",
    [
        "We use cookies",
        "TOP STORIES",
        "Advertisement",
        "Tahir Della helped organize Berlin's new initiative",  # image caption
        "Read more:",
        "Sign up for the newsletter",
        "DW recommends",
        "Dibobe Petition",
        "Berlin Libya conference",
        "Permalink",
    ],
)
def test_page_furniture_is_dropped(dw: Document, phrase: str) -> None:
    assert phrase not in dw.text


def test_a_truncated_page_still_gives_its_first_paragraphs() -> None:
    data = DW_PAGE.read_bytes()
    doc = read_html(data[: data.index(b"The most notorious of the three")], "cut.html")
    assert doc.title == "Berlin confronts Germany's colonial past with new initiative"
    assert "Berlin's relationship with its colonial history" in doc.text


def test_markup_without_an_article_is_an_error() -> None:
    page = b"<html><head><title>Only a title</title></head><body><div></div></body></html>"
    with pytest.raises(IngestError, match=r"^empty.html: no article text found in the HTML$"):
        read_html(page, "empty.html")


def test_the_declared_charset_is_used() -> None:
    paragraph = "Президент России заявил, что готов к переговорам с новой администрацией США."
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{paragraph}</p></body></html>'
    assert paragraph in read_html(page.encode("cp1251"), "ru.html").text


def test_a_wrong_declared_charset_falls_back_to_utf8() -> None:
    paragraph = "Кремль приветствует «перезагрузку» в отношениях с Вашингтоном, заявил Песков."
    page = f'<html><head><meta charset="us-ascii"></head><body><p>{paragraph}</p></body></html>'
    assert paragraph in read_html(page.encode(), "ru.html").text


@pytest.mark.parametrize(
    ("title", "stripped"),
    [
        (
            "Berlin confronts Germany's colonial past | DW | 19.01.2020",
            "Berlin confronts Germany's colonial past",
        ),
        (
            "Hating Millennials - the prejudice you're allowed to boast about",
            "Hating Millennials - the prejudice you're allowed to boast about",
        ),
        ("DW | Top stories", "DW | Top stories"),
    ],
)
def test_strip_site_suffix(title: str, stripped: str) -> None:
    assert strip_site_suffix(title) == stripped
