"""Charts drawn as inline SVG: no JavaScript, no images to fetch, readable by screen readers.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(``aria-labelledby`` points at both), and the page shows the same figures in a table beside it.
Colours and sizes come from the site's stylesheet through class names, so the organiser can
restyle charts without touching Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from unmentoring.core.months import month_name

# The drawing's own units; the SVG scales to the width of the page.
WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 16, 40
MAX_LABELS = 6


@dataclass(frozen=True, kw_only=True)
class Bar:
    label: str  # a round month, YYYY-MM
    value: int | None  # None when the figure is suppressed


def nice_ceiling(value: int) -> int:
    """The smallest round number (1, 2 or 5 times a power of ten) at or above ``value``."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(
    bars: list[Bar], *, chart_id: str, title: str, what: str, suppressed_text: str
) -> Markup:
    """A bar chart of one figure per round month.

    ``what`` names the figure in the description ("people in the round"); a suppressed bar is
    drawn as a dashed outline up to the threshold and explained by ``suppressed_text``.
    """
    shown = [bar.value for bar in bars if bar.value is not None]
    top = nice_ceiling(max(shown, default=1))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(bars), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(bars, what, suppressed_text))}</desc>',
    ]
    for tick in (0, top // 2, top) if top > 1 else (0, top):
        y = TOP + plot_height - plot_height * tick / top
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-axis" x="{LEFT - 6}" y="{y + 5:.1f}" text-anchor="end">'
            f"{tick:,}</text>"
        )
    every = -(-len(bars) // MAX_LABELS)  # label at most MAX_LABELS months, evenly spaced
    for index, bar in enumerate(bars):
        x = LEFT + slot * index + slot * 0.15
        width = slot * 0.7
        if bar.value is None:
            height = plot_height * 0.04
            parts.append(
                f'<rect class="chart-suppressed" x="{x:.1f}" y="{TOP + plot_height - height:.1f}"'
                f' width="{width:.1f}" height="{height:.1f}"/>'
            )
        elif bar.value:
            height = plot_height * bar.value / top
            parts.append(
                f'<rect class="chart-bar" x="{x:.1f}" y="{TOP + plot_height - height:.1f}"'
                f' width="{width:.1f}" height="{height:.1f}"/>'
            )
        if index % every == 0:
            parts.append(
                f'<text class="chart-axis" x="{x + width / 2:.1f}" y="{HEIGHT - BOTTOM + 22}" '
                f'text-anchor="middle">{escape(month_name(bar.label, short=True))}</text>'
            )
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _describe(bars: list[Bar], what: str, suppressed_text: str) -> str:
    if not bars:
        return "No rounds yet."
    span = f"{month_name(bars[0].label)} to {month_name(bars[-1].label)}"
    if len(bars) == 1:
        span = month_name(bars[0].label)
    text = f"Bar chart of {what}, one bar per round, {span}."
    shown = [bar for bar in bars if bar.value is not None]
    if shown:
        high = max(shown, key=lambda bar: bar.value or 0)
        text += f" Highest: {high.value:,} in {month_name(high.label)}."
        text += f" Latest shown: {shown[-1].value:,} in {month_name(shown[-1].label)}."
    hidden = len(bars) - len(shown)
    if hidden:
        rounds = "1 round" if hidden == 1 else f"{hidden} rounds"
        text += f" {rounds} had {suppressed_text}, drawn as a small dashed outline."
    return text + " The table below gives every figure."
