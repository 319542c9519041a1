"""Pass 5, continuations: a frameless utterance goes on with the speaker of the attribution right
before it ("“A,” she said. “B.”"), else stands as unattributed speech when it makes a sentence."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right, insort
from itertools import accumulate

from augury.analyze.quotes.direct import SIGNED
from augury.analyze.quotes.layout import Attribution, Coverage, Layout
from augury.analyze.quotes.marks import Stretch


def _anchor(att: Attribution) -> int:
    """Where an attribution ends in the text: its content or its speaker mention."""
    end = max(e for _, e in att.spans)
    return max(end, att.speaker.end_char) if att.speaker is not None else end


class _Turns:
    """The attributions so far, indexed for the two questions an utterance asks (utterances
    come in text order): which attribution with a speaker ends last before it, and how far the
    attributions that start before it reach. Each is a bisection, not a scan of all of them."""

    def __init__(self, layout: Layout, found: list[Attribution]) -> None:
        self.pool: list[Attribution] = []
        self.ends: list[tuple[int, int]] = []  # (anchor, order) of those with a speaker
        self.starts: list[tuple[int, int, int]] = []  # heap of (start, order, anchor)
        self.reach = -1  # the furthest anchor of the attributions that start before `at`
        for att in found:
            self.add(att)
        # unquoted sentence ends before each token, so counting them between two is a subtraction
        ends = (t.text in (".", "?", "!") and layout.quoted[t.i] < 0 for t in layout.doc)
        self.breaks = [0, *accumulate(ends)]

    def add(self, att: Attribution) -> None:
        order, anchor = len(self.pool), _anchor(att)
        self.pool.append(att)
        if att.speaker is not None:
            insort(self.ends, (anchor, order))
        heapq.heappush(self.starts, (att.spans[0][0], order, anchor))

    def last_before(self, at: int) -> Attribution | None:
        """The attribution with a speaker whose anchor is the last at or before `at` (the
        earliest found of those that tie)."""
        k = bisect_right(self.ends, (at, len(self.pool))) - 1
        if k < 0:
            return None
        first = bisect_left(self.ends, (self.ends[k][0], -1))
        return self.pool[self.ends[first][1]]

    def reach_before(self, at: int) -> int:
        """The furthest anchor of the attributions that start before `at` (`at` never falls)."""
        while self.starts and self.starts[0][0] < at:
            self.reach = max(self.reach, heapq.heappop(self.starts)[2])
        return self.reach


def _inherit(layout: Layout, turns: _Turns, stretch: Stretch) -> Attribution | None:
    """An unattributed utterance right after an attribution goes on with the same speaker:
    `“A,” she said. “B.”`, a paragraph of quotes after one that was attributed."""
    last = turns.last_before(stretch.open)
    if last is None or last.cue == SIGNED:  # a signature closes its speaker's turn
        return None
    anchor = _anchor(last)
    if turns.reach_before(stretch.open) > anchor:  # another attribution came in between
        return None
    first, until = layout.token_at(anchor), layout.token_at(stretch.open)
    breaks = turns.breaks[max(until, first)] - turns.breaks[first]
    if layout.text.count("\n", anchor, stretch.open) > 2 or breaks > 1:
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
    covered = Coverage(len(layout.text), (sp for a in found for sp in a.spans))
    turns = _Turns(layout, found)
    extra: list[Attribution] = []
    for stretch in pending:
        where = (stretch.start, stretch.end)
        if covered.overlaps(where):
            continue
        att = _inherit(layout, turns, stretch)
        if att is None and _is_speech(layout.text, stretch):
            att = Attribution([where], "direct", None, None, None)
        if att is not None:
            extra.append(att)
            turns.add(att)
    return extra
