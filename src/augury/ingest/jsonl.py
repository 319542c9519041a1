"""JSON Lines (.jsonl): one article per line, as "text" or "html" plus optional metadata."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from augury.errors import IngestError
from augury.ingest.decode import decode_text
from augury.ingest.html import html_document
from augury.ingest.metadata import Metadata, normalise_date
from augury.ingest.text import build_document
from augury.model import Document

FIELDS = ("title", "author", "outlet", "date", "url")


def field_value(record: dict[str, Any], key: str, source: str) -> str | None:
    """A metadata field as a stripped string, None when absent or blank."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise IngestError(source, f"field {key!r} must be a string, not {type(value).__name__}")
    return value.strip() or None


def given_metadata(record: dict[str, Any], source: str) -> Metadata:
    """The metadata a record carries, its date normalised to YYYY-MM-DD."""
    values = {key: field_value(record, key, source) for key in FIELDS}
    if values["date"] is not None:
        day = normalise_date(values["date"])
        if day is None:
            raise IngestError(source, f"field 'date': cannot read {values['date']!r} as a date")
        values["date"] = day
    return Metadata(**values)


def parse_record(line: str, source: str) -> Document:
    """The Document in one JSONL line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        reason = f"invalid JSON: {err.msg.removesuffix(' at')} at column {err.colno}"
        raise IngestError(source, reason) from err
    if not isinstance(record, dict):
        raise IngestError(source, f"expected a JSON object, got {type(record).__name__}")
    given = given_metadata(record, source)
    for key, build in (("text", build_document), ("html", html_document)):
        body = record.get(key)
        if body is None:
            continue
        if not isinstance(body, str):
            raise IngestError(source, f"field {key!r} must be a string, not {type(body).__name__}")
        if body.strip():
            return build(body, source, given)
    raise IngestError(source, "no 'text' or 'html' field with content")


def read_jsonl(data: bytes, name: str) -> Iterator[Document | IngestError]:
    """A Document per line of a JSONL file, or an IngestError naming file:line for a bad one."""
    for number, line in enumerate(decode_text(data, name).split("\n"), 1):
        if line.strip():
            try:
                yield parse_record(line, f"{name}:{number}")
            except IngestError as err:
                yield err
