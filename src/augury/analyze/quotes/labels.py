"""Pass 3, labelled lines: a headline or transcript label ("Graham: …", "PENCE: …") and a
title-case headline's "Says"."""

from __future__ import annotations

import re

from augury.analyze.doctext import starts_document
from augury.analyze.quotes.layout import Attribution, Layout, kind_of, lemma_of
from augury.analyze.speakers import mention_span
from augury.words import load

_LABEL = re.compile(r"^[ \t]*([A-Z][^:\n]{0,60}?):[ \t]+(\S[^\n]*?)[.\s]*$", re.MULTILINE)
_NOT_SPEAKERS = {"update", "video", "watch", "exclusive", "breaking", "photos", "photo", "note",
                 "read", "more", "related", "correction", "source", "credit", "transcript",
                 "editor's note", "advertisement", "live", "analysis", "opinion", "byline",
                 "caption", "image", "graphic", "map", "chart", "listen", "follow", "share"}


def find_labelled(layout: Layout) -> list[Attribution]:
    """`Graham: Trump's ‘Incredibly Hateful Rhetoric’ …` as a headline, `PENCE: Well, …` in a
    transcript: a name, a colon, and what that person said."""
    found: list[Attribution] = []
    text = layout.text
    headline = len(text) - len(text.lstrip()) if starts_document(layout.doc) else -1
    for m in _LABEL.finditer(text):
        label = m.group(1).strip()
        words = label.split()
        if not words or len(words) > 5 or label.lower() in _NOT_SPEAKERS or words[0] == "The":
            continue
        transcript = label.isupper() and len(words) <= 3 and all(
            w.replace(".", "").replace("'", "").replace("-", "").isalpha() for w in words)
        if m.start(1) != headline and not transcript:
            continue
        span = layout.doc.char_span(m.start(1), m.start(1) + len(label), alignment_mode="expand")
        if span is None or any(t.pos_ in ("VERB", "AUX", "PRON") for t in span):
            continue
        if not transcript and not all(w[0].isupper() or not w[0].isalpha() for w in words):
            continue
        np = mention_span(span[-1], span)
        content = layout.doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        if content is None or len(content) < 2:
            continue
        found.append(Attribution([(m.start(2), m.end(2))], kind_of(layout, list(content)), ":",
                                 None, np))
    return found


def find_headline_says(layout: Layout) -> list[Attribution]:
    """A title-case headline `Hillary Clinton Says EgyptAir Crash Seems Like …`: the tagger
    reads "Says" as a name, so find the cue word by its form."""
    doc = layout.doc
    text = layout.text
    if not starts_document(doc):
        return []
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    words = [t for t in doc[layout.token_at(start):layout.token_at(max(start, end - 1)) + 1]
             if not t.is_space]
    for k, t in enumerate(words[1:-1], start=1):
        if t.lower_ not in load("headline_verbs") or not t.text[0].isupper():
            continue
        name = words[:k]
        if not all(w.text[0].isupper() for w in name if w.is_alpha) or len(name) > 5:
            return []
        content = words[k + 1:]
        while content and content[-1].is_punct and layout.quoted[content[-1].i] < 0:
            content = content[:-1]
        if len(content) < 2:
            return []
        np = mention_span(name[-1], doc[name[0].i:name[-1].i + 1])
        span = (content[0].idx, content[-1].idx + len(content[-1]))
        return [Attribution([span], kind_of(layout, content), lemma_of(t), t.i, np)]
    return []

