"""Article text as escaped HTML, with every quote and forecast marked and anchored in place."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from augury.model import Forecast, Quote


@dataclass(frozen=True)
class Mark:
    """One span to mark: `anchor` is its HTML id, `css` its class, `title` its tooltip."""

    anchor: str
    css: str
    start: int
    end: int
    title: str


def mark_up(text: str, marks: list[Mark]) -> Markup:
    """Cut the text at every mark boundary; each piece carries the classes of the marks over it.

    Marks may overlap (a forecast inside a quote), so pieces rather than nested tags are emitted.
    """
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        out.extend(f'<a class="anchor" id="{escape(m.anchor)}"></a>' for m in starts.get(a, []))
        over = [m for m in marks if m.start <= a and b <= m.end and m.start < m.end]
        piece = escape(text[a:b])
        if not over:
            out.append(str(piece))
            continue
        classes = " ".join(sorted({m.css for m in over}))
        items = " ".join(m.anchor for m in over)
        title = " | ".join(m.title for m in over)
        out.append(
            f'<span class="{classes}" data-items="{escape(items)}" title="{escape(title)}">'
            f"{piece}</span>"
        )
    return Markup("".join(out))


def quote_title(q: Quote, who: str | None) -> str:
    """A quote's tooltip: its kind, who said it and the cue."""
    who = who or q.speaker_mention or "unattributed"
    return f"{q.kind} quote: {who}" + (f" ({q.cue})" if q.cue else "")


def forecast_title(f: Forecast, who: str | None) -> str:
    """A forecast's tooltip: kind, holder, probability, hedge and condition."""
    p = "?" if f.probability is None else f"{f.probability:.2f}"
    kind = f" ({f.holder_kind})" if f.holder_kind and f.holder_kind != "person" else ""
    condition = f" {{{f.condition}}}" if f.condition else ""
    return f"{f.kind}: {who or 'unknown holder'}{kind}, p={p}" + (
        f" [{f.hedge}]" if f.hedge else "") + condition


def paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the paragraph (line) holding text[start:end]: from the line break before it
    to the one after it, or the text's ends."""
    left, right = text.rfind("\n", 0, start), text.find("\n", end)
    return left + 1, (len(text) if right == -1 else right)
