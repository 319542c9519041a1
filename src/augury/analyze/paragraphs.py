"""Paragraph breaks are sentence breaks: set before the parser, so that a headline, a dateline or
a caption never parses as one sentence with the paragraph after it."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

ENDS = frozenset({".", "?", "!", "”", '"', "’", "'", "''", ":"})


@Language.component("augury_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after a blank line, and after a line break that follows a sentence end."""
    for token in doc[1:-1]:
        if not token.is_space or "\n" not in token.text:
            continue
        before, after = doc[token.i - 1], doc[token.i + 1]
        if "\n\n" in token.text or "\n" in before.whitespace_ + token.text and before.text in ENDS:
            after.is_sent_start = True
    return doc
