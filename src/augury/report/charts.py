"""Inline SVG charts, so the briefing stays one file with no external assets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from markupsafe import Markup, escape


def calibration_svg(bins: Sequence[dict[str, Any]], title: str, size: int = 220) -> Markup:
    """Forecast probability (x) against how often it came true (y), one dot per non-empty bin,
    its area growing with the number of forecasts in it; the diagonal is perfect calibration."""
    pad = 30
    span = size - 2 * pad

    def x(p: float) -> float:
        return pad + p * span

    def y(p: float) -> float:
        return size - pad - p * span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{pad}" y="{pad}" width="{span}" height="{span}" fill="#fbfbfa" '
        'stroke="#d9dee3"/>',
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="#9aa4ad" '
        'stroke-dasharray="4 3"/>',
    ]
    for tick in (0, 0.5, 1):
        parts.append(f'<text x="{x(tick)}" y="{size - pad + 14}" font-size="10" '
                     f'text-anchor="middle">{tick:g}</text>')
        parts.append(f'<text x="{pad - 6}" y="{y(tick) + 3}" font-size="10" '
                     f'text-anchor="end">{tick:g}</text>')
    parts.append(f'<text x="{size / 2}" y="{size - 4}" font-size="10" text-anchor="middle">'
                 "forecast probability</text>")
    parts.append(f'<text x="10" y="{size / 2}" font-size="10" text-anchor="middle" '
                 f'transform="rotate(-90 10 {size / 2})">came true</text>')
    for b in bins:
        if not b["n"]:
            continue
        cx, cy = x(b["mean_probability"]), y(b["observed"])
        r = 3 + 2.5 * b["n"] ** 0.5
        label = (f"{b['low']:.1f}–{b['high']:.1f}: {b['n']} forecasts, mean p "
                 f"{b['mean_probability']:.2f}, {b['observed']:.0%} came true")
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="#1f6feb" '
                     f'fill-opacity="0.6"><title>{escape(label)}</title></circle>')
        parts.append(f'<text x="{cx:.1f}" y="{cy - r - 2:.1f}" font-size="10" '
                     f'text-anchor="middle">n={b["n"]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


# Holder colours, from the Okabe–Ito palette that colour-blind readers can tell apart.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")


def forecasts_svg(members: Sequence[dict[str, Any]], median: float | None, title: str,
                  width: int = 640, height: int = 260) -> Markup:
    """A question's forecasts over time: the document's date (x) against the probability each
    gives the question (y), one mark per forecast coloured by holder, the median dashed.
    Undated forecasts stand in a column of their own at the right."""
    pad, right = 40, 70
    dated = sorted({m["date"][:10] for m in members if m.get("date")})
    days = [_day_number(d) for d in dated]
    low, high = (min(days), max(days)) if days else (0, 0)
    span_x = width - pad - right

    def x(member: dict[str, Any]) -> float:
        if not member.get("date"):
            return width - right / 2
        if high == low:
            return pad + span_x / 2
        return pad + (_day_number(member["date"][:10]) - low) / (high - low) * span_x

    def y(p: float) -> float:
        return height - pad - p * (height - 2 * pad)

    colour = holder_colours(members)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{pad}" y="{pad}" width="{span_x}" height="{height - 2 * pad}" '
        'fill="#fbfbfa" stroke="#d9dee3"/>',
    ]
    for tick in (0, 0.5, 1):
        parts.append(f'<text x="{pad - 6}" y="{y(tick) + 3}" font-size="10" '
                     f'text-anchor="end">{tick:g}</text>')
    parts.append(f'<line x1="{pad}" y1="{y(0.5)}" x2="{pad + span_x}" y2="{y(0.5)}" '
                 'stroke="#d9dee3"/>')
    if median is not None:
        parts.append(f'<line x1="{pad}" y1="{y(median):.1f}" x2="{pad + span_x}" '
                     f'y2="{y(median):.1f}" stroke="#6e7781" stroke-dasharray="5 3"/>')
        parts.append(f'<text x="{pad + span_x + 4}" y="{y(median) + 3:.1f}" font-size="10">'
                     f"median {median:.2f}</text>")
    for label in ({dated[0], dated[-1]} if dated else set()):
        at = pad + (span_x / 2 if high == low else
                    (_day_number(label) - low) / (high - low) * span_x)
        parts.append(f'<text x="{at:.1f}" y="{height - pad + 14}" font-size="10" '
                     f'text-anchor="middle">{escape(label)}</text>')
    if any(not m.get("date") for m in members):
        parts.append(f'<text x="{width - right / 2}" y="{height - pad + 14}" font-size="10" '
                     'text-anchor="middle">undated</text>')
    parts.append(f'<text x="12" y="{height / 2}" font-size="10" text-anchor="middle" '
                 f'transform="rotate(-90 12 {height / 2})">probability it happens</text>')
    for m in members:
        if m["probability_for"] is None:
            continue
        holder = m["holder"] or "unknown holder"
        label = f"{holder}, {m.get('date') or 'undated'}: {m['probability_for']:.2f}"
        parts.append(f'<circle cx="{x(m):.1f}" cy="{y(m["probability_for"]):.1f}" r="6" '
                     f'fill="{colour[holder]}" fill-opacity="0.75" stroke="#ffffff">'
                     f"<title>{escape(label)}</title></circle>")
    parts.append("</svg>")
    return Markup("".join(parts))


def holder_colours(members: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Each holder's colour in `forecasts_svg`, in order of first appearance."""
    holders = dict.fromkeys(m["holder"] or "unknown holder" for m in members)
    return {h: PALETTE[i % len(PALETTE)] for i, h in enumerate(holders)}


def _day_number(day: str) -> int:
    """Days since 1 January of year 1 for a YYYY-MM-DD day (an unreadable one counts as 0)."""
    try:
        return date.fromisoformat(day).toordinal()
    except ValueError:
        return 0
