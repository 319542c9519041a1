"""Ingest: turn files and folders of articles into Documents, one IngestError per bad input."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from augury import settings
from augury.errors import IngestError
from augury.ingest.html import read_html
from augury.ingest.jsonl import read_jsonl
from augury.ingest.text import read_text
from augury.model import Document

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}

__all__ = ["read_file", "read_paths"]


def folder_files(folder: Path) -> list[Path]:
    """The files under folder, recursively and in sorted order, hidden ones left out."""
    files = (path for path in folder.rglob("*") if path.is_file())
    return sorted(
        p for p in files if not any(s.startswith(".") for s in p.relative_to(folder).parts)
    )


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, or IngestError when it is too large, empty or cannot be read."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(path.name, f"file too large ({size} bytes > {max_bytes} byte limit)")
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(path.name, f"cannot read: {err.strerror or err}") from err
    if not data.strip():
        raise IngestError(path.name, "empty file")
    return data


def read_file(path: Path, max_bytes: int | None = None) -> Iterator[Document | IngestError]:
    """The Documents in one file, or the IngestErrors that stand for what cannot be read; a
    file over `max_bytes` (default: the AUGURY_MAX_BYTES setting) is refused unread."""
    max_bytes = max_bytes or settings.max_bytes()
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES:
        yield IngestError(path.name, f"unsupported file type {suffix}")
        return
    try:
        data = read_bytes(path, max_bytes)
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(data, path.name)
        else:
            yield (read_html if suffix in HTML_SUFFIXES else read_text)(data, path.name)
    except IngestError as err:
        yield err


def read_paths(
    paths: Sequence[str | Path], max_bytes: int | None = None
) -> Iterator[Document | IngestError]:
    """A Document per article (folders recursed, files sorted), an IngestError per bad input."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in folder_files(path):
                yield from read_file(file, max_bytes)
        elif path.exists():
            yield from read_file(path, max_bytes)
        else:
            yield IngestError(path.name or str(path), "no such file or directory")
