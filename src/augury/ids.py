"""Stable forecast ids: the same text analysed the same way gets the same id on any machine."""

from __future__ import annotations

import hashlib


def forecast_id(content_hash: str, start: int, end: int, text: str) -> str:
    """'f-' and 10 hex digits of the document's content hash, the claim's span and its text."""
    digest = hashlib.sha1(f"{content_hash}:{start}:{end}:{text}".encode()).hexdigest()
    return f"f-{digest[:10]}"
