"""Plain-text articles (.txt, .text, .md, no extension): decode, clean, read the metadata."""

from __future__ import annotations

import re
from dataclasses import asdict

from augury.errors import IngestError
from augury.ingest.clean import clean_text
from augury.ingest.decode import decode_text
from augury.ingest.metadata import Metadata, find_url, text_metadata
from augury.model import Document

LETTER = re.compile(r"[^\W\d_]")


def has_words(text: str) -> bool:
    """True when text has at least one letter."""
    return LETTER.search(text) is not None


def build_document(text: str, source: str, given: Metadata | None = None) -> Document:
    """A Document of the cleaned text; given metadata wins over what the text states."""
    given = given or Metadata()
    if not has_words(text):
        raise IngestError(source, "no words in the text")
    cleaned = clean_text(text)
    if not has_words(cleaned):
        raise IngestError(source, "nothing left after removing scraper noise")
    stated = text_metadata(cleaned, url=given.url or find_url(text))
    return Document(text=cleaned, source=source, **asdict(given.or_else(stated)))


def read_text(data: bytes, source: str) -> Document:
    """The Document in a plain-text file's bytes."""
    return build_document(decode_text(data, source), source)
