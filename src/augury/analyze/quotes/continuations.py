"""Pass 5, continuations: a frameless utterance goes on with the speaker of the attribution right
before it ("“A,” she said. “B.”"), else stands as unattributed speech when it makes a sentence."""

from __future__ import annotations

from augury.analyze.quotes.direct import SIGNED
from augury.analyze.quotes.layout import Attribution, Layout, overlap
from augury.analyze.quotes.marks import Stretch


def _anchor(att: Attribution) -> int:
    """Where an attribution ends in the text: its content or its speaker mention."""
    end = max(e for _, e in att.spans)
    return max(end, att.speaker.end_char) if att.speaker is not None else end


def _inherit(layout: Layout, found: list[Attribution], stretch: Stretch) -> Attribution | None:
    """An unattributed utterance right after an attribution goes on with the same speaker:
    `“A,” she said. “B.”`, a paragraph of quotes after one that was attributed."""
    before = [a for a in found if a.speaker is not None and _anchor(a) <= stretch.open]
    if not before:
        return None
    last = max(before, key=_anchor)
    if last.cue == SIGNED:  # a signature closes its speaker's turn
        return None
    if any(_anchor(a) > _anchor(last) and a.spans[0][0] < stretch.open for a in found):
        return None
    gap = layout.text[_anchor(last):stretch.open]
    first, until = layout.token_at(_anchor(last)), layout.token_at(stretch.open)
    breaks = sum(layout.doc[i].text in (".", "?", "!") for i in range(first, until)
                 if layout.quoted[i] < 0)
    if gap.count("\n") > 2 or breaks > 1:
        return None
    span = [(stretch.start, stretch.end)]
    return Attribution(span, "direct", last.cue, last.cue_i, last.speaker)


def _is_speech(text: str, stretch: Stretch) -> bool:
    """Unattributed quoted words count as speech when they make a sentence of four words or more."""
    words = text[stretch.start:stretch.end].split()
    return len(words) >= 4 and text[stretch.start].isupper() and text[stretch.end - 1] in ".?!…"


def find_continuations(layout: Layout, found: list[Attribution], pending: list[Stretch]
                       ) -> list[Attribution]:
    """Utterances without a frame: the previous speaker's when they go on from an attribution,
    else unattributed speech when they make a sentence of four words or more."""
    spans = [sp for a in found for sp in a.spans]
    extra: list[Attribution] = []
    for stretch in pending:
        where = (stretch.start, stretch.end)
        if any(overlap(where, sp) for sp in spans):
            continue
        att = _inherit(layout, found + extra, stretch)
        if att is None and _is_speech(layout.text, stretch):
            att = Attribution([where], "direct", None, None, None)
        if att is not None:
            extra.append(att)
    return extra
