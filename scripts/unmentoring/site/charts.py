"""Charts drawn as inline SVG: no JavaScript, no images to fetch, readable by screen readers.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(``aria-labelledby`` points at both), and the page shows the same figures in a table beside it.
Colours and sizes come from the site's stylesheet through class names, so the organiser can
restyle charts without touching Python.

The drawing has no ``viewBox``, so it is never scaled: its text is as large on a 375 px phone as
the stylesheet says (a scaled 640-unit drawing had 7 px labels there). Across, everything is
placed in percent of the width (the bars stretch, the text does not); down, in pixels. Month
labels are two lines (month over year), so six of them fit side by side on a phone. A figure
too small to publish is a dashed outline, which the legend under the chart explains.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from unmentoring.core.months import month_name

# Across in percent of the chart's width (the left margin holds the scale's numbers, right-aligned
# at its edge); down in pixels, so the drawing stretches sideways without scaling its text.
LEFT, RIGHT = 14.0, 1.0
HEIGHT, TOP, BOTTOM = 280, 12, 48
SUPPRESSED_HEIGHT = 10.0  # pixels: a dashed outline, visibly not a bar of any value
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


@dataclass(frozen=True, kw_only=True)
class Series:
    """One figure of a grouped chart, with a value (None when suppressed) for each round."""

    name: str  # in the legend and the description, like "not met"
    key: str  # names its class in the stylesheet, like "not-met" for .chart-bar--not-met
    values: tuple[int | None, ...]


def bar_chart(
    bars: list[Bar], *, chart_id: str, title: str, what: str, suppressed_text: str
) -> Markup:
    """A bar chart of one figure per round month.

    ``what`` names the figure in the description ("people in the round"); a suppressed bar is
    drawn as a dashed outline up to the threshold and explained by ``suppressed_text``.
    """
    values = [bar.value for bar in bars]
    drawing = _svg(
        [bar.label for bar in bars],
        [("", values)],
        chart_id=chart_id,
        title=title,
        description=_describe(bars, what, suppressed_text),
    )
    return Markup(f"{drawing}\n{_legend([], suppressed_text, None in values)}")


def grouped_bar_chart(
    labels: list[str],
    series: list[Series],
    *,
    chart_id: str,
    title: str,
    what: str,
    suppressed_text: str,
    per: str = "round",
) -> Markup:
    """A bar chart of several figures per month (``labels``), side by side, then a legend;
    ``per`` says what each month stands for in the description ("round", or "month").

    Bars are not stacked: a suppressed figure has no height, so a stack would misstate the
    others. The legend is HTML after the drawing (the drawing is one image to screen readers).
    """
    drawing = _svg(
        labels,
        [(f" chart-bar--{item.key}", list(item.values)) for item in series],
        chart_id=chart_id,
        title=title,
        description=_describe_grouped(labels, series, what, suppressed_text, per),
    )
    hidden = any(value is None for item in series for value in item.values)
    return Markup(f"{drawing}\n{_legend(series, suppressed_text, hidden)}")


def _legend(series: list[Series], suppressed_text: str, hidden: bool) -> str:
    """The key under a chart: a swatch per figure, and the dashed outline if the chart has one.
    HTML, not part of the drawing, so it wraps on a phone and is read as text."""
    keys = [
        f'<li><span class="chart-key chart-bar--{item.key}" aria-hidden="true"></span>'
        f"{escape(item.name.capitalize())}</li>"
        for item in series
    ]
    if hidden:
        keys.append(
            '<li><span class="chart-key chart-key--suppressed" aria-hidden="true"></span>'
            f"Dashed outline: {escape(suppressed_text)}</li>"
        )
    if not keys:
        return ""
    return '<ul class="chart-legend">\n' + "\n".join(keys) + "\n</ul>"


def _svg(
    labels: list[str],
    series: list[tuple[str, list[int | None]]],
    *,
    chart_id: str,
    title: str,
    description: str,
) -> Markup:
    """The drawing: for each label a slot, holding one bar per series (modifier class, values)."""
    shown = [value for _, values in series for value in values if value is not None]
    top = nice_ceiling(max(shown, default=1))
    plot_width, plot_height = 100 - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(labels), 1)
    parts = [
        f'<svg class="chart" width="100%" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for tick in (0, top // 2, top) if top > 1 else (0, top):
        y = TOP + plot_height - plot_height * tick / top
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}%" x2="{100 - RIGHT}%" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-axis" x="{LEFT - 2}%" y="{y:.1f}" dy="0.35em" '
            f'text-anchor="end">{tick:,}</text>'
        )
    every = -(-len(labels) // MAX_LABELS)  # label at most MAX_LABELS months, evenly spaced
    width = slot * 0.7 / len(series)
    for index, label in enumerate(labels):
        start = LEFT + slot * index + slot * 0.15
        for place, (modifier, values) in enumerate(series):
            x = start + width * place
            value = values[index]
            if value is None:
                height = SUPPRESSED_HEIGHT
                kind = "chart-suppressed"
            elif value:
                height = plot_height * value / top
                kind = "chart-bar"
            else:
                continue  # a 0 is no bar at all
            parts.append(
                f'<rect class="{kind}{modifier}" x="{x:.2f}%" y="{TOP + plot_height - height:.1f}"'
                f' width="{width:.2f}%" height="{height:.1f}"/>'
            )
        if index % every == 0:
            middle = start + slot * 0.35
            month, year = month_name(label, short=True).split(" ")
            parts.append(
                f'<text class="chart-axis" x="{middle:.2f}%" y="{HEIGHT - BOTTOM + 20}" '
                f'text-anchor="middle">{escape(month)}'
                f'<tspan x="{middle:.2f}%" dy="1.2em">{escape(year)}</tspan></text>'
            )
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _span(labels: list[str]) -> str:
    if len(labels) == 1:
        return month_name(labels[0])
    return f"{month_name(labels[0])} to {month_name(labels[-1])}"


def _describe_grouped(
    labels: list[str], series: list[Series], what: str, suppressed_text: str, per: str
) -> str:
    if not labels:
        return f"No {per}s yet."
    names = series[-1].name
    if len(series) > 1:
        names = ", ".join(item.name for item in series[:-1]) + f" and {names}"
    text = f"Bar chart of {what}, one group of bars per {per} ({names}), {_span(labels)}."
    latest = [f"{value:,} {item.name}" for item in series if (value := item.values[-1])]
    if latest:
        text += f" {month_name(labels[-1])} shows {', '.join(latest)}."
    hidden = sum(value is None for item in series for value in item.values)
    total = len(labels) * len(series)
    if hidden:
        figures = f"All {total} figures" if hidden == total else f"{hidden} of {total} figures"
        text += f" {figures} had {suppressed_text}, each drawn as a dashed outline."
    return text + " The table below gives every figure."


def _describe(bars: list[Bar], what: str, suppressed_text: str) -> str:
    if not bars:
        return "No rounds yet."
    text = f"Bar chart of {what}, one bar per round, {_span([bar.label for bar in bars])}."
    shown = [bar for bar in bars if bar.value is not None]
    if shown:
        high = max(shown, key=lambda bar: bar.value or 0)
        text += f" Highest: {high.value:,} in {month_name(high.label)}."
        text += f" Latest shown: {shown[-1].value:,} in {month_name(shown[-1].label)}."
    hidden = len(bars) - len(shown)
    if hidden:
        rounds = "1 round" if hidden == 1 else f"{hidden} rounds"
        text += f" {rounds} had {suppressed_text}, drawn as a dashed outline."
    return text + " The table below gives every figure."
