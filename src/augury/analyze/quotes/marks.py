"""Pass 1, quotation marks: “…”, "…", the typewriter pair ''…'', top-level ‘…’ and '…', paired
per paragraph; an open paragraph continues into the next one that opens with a mark."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

DOUBLE_MARKS = "“”\""


@dataclass
class Stretch:
    """One contiguous quoted stretch: marks at `open`/`close`, words at `start`:`end`."""

    open: int
    close: int
    start: int
    end: int


def _is_open_context(text: str, i: int) -> bool:
    """A mark at i opens a quote when it follows a space, an opening bracket or a line start."""
    return i == 0 or text[i - 1] in " \t\n([{—–-/:" or text[i - 1] in "“‘"


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Positions and lengths of double quotation marks: “ ” " and the typewriter pair ''."""
    marks = []
    i = lo
    while i < hi:
        if text[i] in DOUBLE_MARKS:
            marks.append((i, 1))
        elif text.startswith("''", i) and i + 1 < hi:
            marks.append((i, 2))
            i += 1
        i += 1
    return marks


def _misprinted_close(text: str, i: int, hi: int) -> bool:
    """An opening mark typed where the closing one belongs: `…a fascist?“ he asked`."""
    return i > 0 and text[i - 1] in ".,?!" and (i + 1 >= hi or text[i + 1].isspace())


def _pair_double(text: str, lo: int, hi: int) -> list[tuple[int, int, int | None]]:
    """Pair the double marks of text[lo:hi] (one paragraph) as (open, mark length, close);
    an unclosed quote gets close None."""
    pairs: list[tuple[int, int, int | None]] = []
    open_at: tuple[int, int] | None = None
    for i, size in _double_marks(text, lo, hi):
        ch = text[i]
        if open_at is None:
            if ch == "“" or (ch != "”" and _is_open_context(text, i)):
                open_at = (i, size)
        elif ch == "“" and not _misprinted_close(text, i, hi):
            pairs.append((*open_at, None))
            open_at = (i, size)
        else:
            pairs.append((*open_at, i))
            open_at = None
    if open_at is not None:
        pairs.append((*open_at, None))
    return pairs


def _pair_single(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Top-level single-quoted stretches in text[lo:hi]: ‘…’ or '…' around whole words."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(lo, hi):
        ch = text[i]
        if ch not in "‘’'" or text.startswith("''", i) or text.startswith("''", i - 1):
            continue
        nxt = text[i + 1] if i + 1 < hi else " "
        prev = text[i - 1] if i > lo else " "
        if open_at is None:
            if ch in "‘'" and _is_open_context(text, i) and (nxt.isalpha() or nxt in "“\"…"):
                open_at = i
        elif ch in "’'" and not prev.isspace() and not nxt.isalnum():
            pairs.append((open_at, i))
            open_at = None
    return pairs


class _Within:
    """Whether a position lies inside one of a paragraph's double-quoted stretches, by
    bisection: the stretches come in order of their opening marks, and an unclosed one reaches
    the paragraph's end, over the ones after it."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.opens = [x for x, _ in spans]
        self.reach = list(accumulate((y for _, y in spans), max))

    def __call__(self, at: int) -> bool:
        k = bisect_right(self.opens, at)
        return k > 0 and self.reach[k - 1] >= at


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Inner words of a stretch: no surrounding space, no trailing comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


def find_stretches(text: str) -> list[Stretch]:
    """Every quoted stretch of a text, paragraph by paragraph; nested quotes stay inside."""
    stretches: list[Stretch] = []
    carried: Stretch | None = None
    lo = 0
    for para in text.split("\n"):
        hi = lo + len(para)
        if not para.strip():
            lo = hi + 1
            continue
        lead = lo + len(para) - len(para.lstrip())
        doubles = [(a, n, b if b is not None else hi, b is not None)
                   for a, n, b in _pair_double(text, lo, hi)]
        if carried is not None:
            if doubles and doubles[0][0] == lead:
                a, n, b, _ = doubles[0]
                carried.close, carried.end = b, _trim(text, a + n, b)[1]
                doubles = doubles[1:]
            stretches.append(carried)
            carried = None
        for a, n, b, closed in doubles:
            s, e = _trim(text, a + n, b)
            if e <= s:
                continue
            stretch = Stretch(a, b, s, e)
            if not closed:
                carried = stretch
            else:
                stretches.append(stretch)
        inside = _Within([(x, y) for x, _, y, _ in doubles])
        for a, b in _pair_single(text, lo, hi):
            if inside(a):
                continue
            s, e = _trim(text, a + 1, b)
            if e > s:
                stretches.append(Stretch(a, b, s, e))
        lo = hi + 1
    if carried is not None:
        stretches.append(carried)
    stretches.sort(key=lambda s: s.open)
    return stretches
