"""Article text as escaped HTML, with every quote and forecast marked and anchored in place."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


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
