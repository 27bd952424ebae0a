"""The dashboard's charts as inline SVG, built by hand (no matplotlib: a page stays fast).

Each function returns :class:`~markupsafe.Markup` that a Jinja template inserts as is: every
piece of text in it (labels, tooltips) is escaped here. The SVGs scale to their container
(``viewBox``, ``width="100%"``), so they fit a 360 px screen, and carry ``role="img"`` with
an ``aria-label`` plus a ``<title>`` per bar (a tooltip on hover). Colours are those of the
``/stats`` chart in Telegram (bot/render/stats_chart.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from bot.render.stats_chart import COLOURS
from bot.stats import DECISIONS, DayCount

_W, _H = 800, 280
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 8, 34, 28
_MANTISSAS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_ceiling(value: int) -> int:
    """The top of the axis: four equal whole grid steps of a round size, together ≥ ``value``."""
    needed = max(value, 1) / 4
    power = 10 ** max(0, math.floor(math.log10(needed)))
    steps = (m * power for m in _MANTISSAS)
    return 4 * int(next(s for s in steps if s >= needed and s == int(s)))


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="currentColor">{escape(text)}</text>'
    )


def daily_chart_svg(days: Sequence[DayCount], labels: Mapping[str, str], *, title: str) -> Markup:
    """Stacked bars per day by decision; ``labels`` names each decision."""
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    top = nice_ceiling(max((day.total for day in days), default=0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i in range(5):  # grid lines and their values
        value = top * i // 4
        y = _TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ccc" stroke-width="1"/>'
        )
        parts.append(_text(_LEFT - 6, y + 4, f"{value:,}", anchor="end", size=11))
    x = _LEFT
    for decision in DECISIONS:  # legend
        parts.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{COLOURS[decision]}"/>')
        parts.append(_text(x + 16, 18, labels[decision]))
        x += 26 + 8 * len(labels[decision])
    slot = plot_w / max(len(days), 1)
    bar = max(slot * 0.8, 1.0)
    step = max(1, math.ceil(len(days) / 10))
    for index, day in enumerate(days):
        left = _LEFT + index * slot + (slot - bar) / 2
        bottom = _TOP + plot_h
        tip = f"{day.day:%d/%m}: " + ", ".join(
            f"{labels[d]} {getattr(day, d):,}" for d in DECISIONS
        )
        parts.append(f"<g><title>{escape(tip)}</title>")
        for decision in DECISIONS:
            height = plot_h * getattr(day, decision) / top
            if height <= 0:
                continue
            bottom -= height
            parts.append(
                f'<rect x="{left:.1f}" y="{bottom:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}" fill="{COLOURS[decision]}"/>'
            )
        parts.append("</g>")
        if index % step == 0:
            label = f"{day.day:%d/%m}"
            parts.append(_text(left + bar / 2, _H - 8, label, anchor="middle", size=11))
    parts.append("</svg>")
    return Markup("".join(parts))


def share_bar_svg(parts: Sequence[tuple[str, int, str]], *, title: str) -> Markup:
    """One horizontal bar split by ``(label, count, colour)``; empty when all are zero."""
    total = sum(count for _, count, _ in parts)
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 20" width="100%" '
        f'height="20" preserveAspectRatio="none" role="img" aria-label="{escape(title)}" '
        'class="share">',
        f"<title>{escape(title)}</title>",
    ]
    if total == 0:
        out.append('<rect x="0" y="0" width="400" height="20" fill="#e0e0e0"/>')
    left = 0.0
    for label, count, colour in parts:
        if count <= 0:
            continue
        width = 400 * count / total
        tip = f"{label}: {count:,} ({100 * count / total:.0f}%)"
        out.append(
            f'<rect x="{left:.2f}" y="0" width="{width:.2f}" height="20" fill="{escape(colour)}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        left += width
    out.append("</svg>")
    return Markup("".join(out))
