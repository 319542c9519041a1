"""Inline SVG charts, so the briefing stays one file with no external assets."""

from __future__ import annotations

from collections.abc import Sequence
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
