"""The staff chart: questions per day, stacked by how the bot answered them, as a PNG.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, so no global state and safe
in a worker thread); matplotlib is imported on first use, so a bot whose staff never ask
for statistics does not load it. Rendering takes a few hundred milliseconds of CPU:
callers run it off the event loop (``asyncio.to_thread``).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Mapping

from bot.stats import DECISIONS, UsageStats

#: Answered, asked back, not found: green, amber, red (readable for most colour vision).
COLOURS = {"answer": "#2e7d32", "clarify": "#f9a825", "none": "#c62828"}
#: matplotlib keeps process-wide caches (fonts, text layout) that are not thread-safe; two
#: staff asking at once render one after the other.
_RENDERING = threading.Lock()


def daily_chart_png(stats: UsageStats, *, title: str, labels: Mapping[str, str]) -> bytes:
    """Stacked bars per day; ``labels`` names each decision in the user's language."""
    with _RENDERING:
        return _draw(stats, title, labels)


def _draw(stats: UsageStats, title: str, labels: Mapping[str, str]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, 4), dpi=100)
    axes = figure.subplots()
    positions = list(range(len(stats.days)))
    bottom = [0] * len(stats.days)
    for decision in DECISIONS:
        heights = [getattr(day, decision) for day in stats.days]
        axes.bar(
            positions,
            heights,
            bottom=bottom,
            color=COLOURS[decision],
            label=labels[decision],
            width=0.8,
        )
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    step = max(1, len(positions) // 10)
    axes.set_xticks(positions[::step])
    axes.set_xticklabels([f"{day.day:%d/%m}" for day in stats.days][::step])
    axes.set_title(title)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # questions come whole
    axes.legend(loc="upper left", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    return buffer.getvalue()
