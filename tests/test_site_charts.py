"""The inline SVG bar chart: scale, labels, suppressed bars and its text for screen readers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from unmentoring.core.months import month_name
from unmentoring.site.charts import Bar, Series, bar_chart, grouped_bar_chart, nice_ceiling


def chart(values: list[int | None], start_year: int = 2024) -> str:
    bars = [
        Bar(label=f"{start_year + n // 12}-{n % 12 + 1:02d}", value=value)
        for n, value in enumerate(values)
    ]
    return str(
        bar_chart(bars, chart_id="c", title="People", what="people", suppressed_text="few people")
    )


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (1, 1), (3, 5), (5, 5), (7, 10), (11, 20), (230, 500)]
)
def test_nice_ceiling(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_month_names():
    assert month_name("2026-03", short=True) == "Mar 2026"
    assert month_name("2026-12") == "December 2026"
    assert month_name("2027-01", short=True) == "Jan 2027"


def test_the_chart_is_well_formed_svg_named_by_its_title_and_description():
    drawn = chart([12, None, 20])
    svg = ET.fromstring(drawn[: drawn.index("</svg>") + len("</svg>")])
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-title c-desc"
    assert svg.find(f"{ns}title").get("id") == "c-title"
    desc = svg.find(f"{ns}desc").text
    assert "Highest: 20 in March 2024." in desc
    assert "1 round had few people" in desc


def test_bar_heights_are_proportional_to_the_values():
    heights = [
        float(h) for h in re.findall(r'class="chart-bar"[^>]*height="([\d.]+)"', chart([5, 10]))
    ]
    assert heights[1] == pytest.approx(2 * heights[0])


def test_a_suppressed_bar_is_an_outline_not_a_value():
    drawn = chart([None, 8])
    assert drawn.count('class="chart-suppressed"') == 1
    assert drawn.count('class="chart-bar"') == 1


def test_36_rounds_get_at_most_six_month_labels_of_two_lines():
    drawn = chart(list(range(10, 46)))
    labels = re.findall(r'text-anchor="middle">([^<]+)<tspan [^>]*>([^<]+)</tspan>', drawn)
    assert 1 < len(labels) <= 6
    assert labels[0] == ("Jan", "2024")


def test_the_drawing_is_not_scaled_so_its_text_keeps_its_size():
    """No viewBox: across in percent, down in pixels; the stylesheet's font size is what shows."""
    drawn = chart([5, 10])
    assert "viewBox" not in drawn and 'width="100%"' in drawn
    assert all(x.endswith("%") for x in re.findall(r' x="([^"]+)"', drawn))


def test_text_in_the_chart_is_escaped():
    bars = [Bar(label="2026-01", value=6)]
    drawn = str(bar_chart(bars, chart_id="c", title="<b>", what="x", suppressed_text="y"))
    assert "<b>" not in drawn and "&lt;b&gt;" in drawn


def grouped(values: dict[str, list[int | None]]) -> str:
    labels = [f"2026-{n + 1:02d}" for n in range(len(next(iter(values.values()))))]
    series = [
        Series(name=name, key=name.replace(" ", "-"), values=tuple(figures))
        for name, figures in values.items()
    ]
    return str(
        grouped_bar_chart(
            labels,
            series,
            chart_id="g",
            title="Outcomes",
            what="outcomes",
            suppressed_text="few conversations",
        )
    )


def test_a_grouped_chart_draws_one_bar_per_figure_side_by_side_on_one_scale():
    drawn = grouped({"met": [10, 6], "not met": [5, None]})
    svg = ET.fromstring(drawn[: drawn.index("</svg>") + len("</svg>")])
    ns = "{http://www.w3.org/2000/svg}"
    rects = [
        (r.get("class"), float(r.get("x").rstrip("%")), float(r.get("height")))
        for r in svg.iter(f"{ns}rect")
    ]
    assert [kind for kind, _, _ in rects] == [
        "chart-bar chart-bar--met",
        "chart-bar chart-bar--not-met",
        "chart-bar chart-bar--met",
        "chart-suppressed chart-bar--not-met",
    ]
    assert rects[0][1] < rects[1][1] < rects[2][1] < rects[3][1]  # side by side, in order
    assert rects[0][2] == pytest.approx(2 * rects[1][2])  # 10 and 5 on the same scale
    desc = svg.find(f"{ns}desc").text
    assert "one group of bars per round (met and not met), January 2026 to February 2026." in desc
    assert "February 2026 shows 6 met." in desc
    assert "1 of 4 figures had few conversations" in desc


def test_a_grouped_chart_has_a_legend_naming_each_figure():
    drawn = grouped({"met": [10], "not yet reported": [None]})
    assert '<ul class="chart-legend">' in drawn
    assert (
        '<li><span class="chart-key chart-bar--not-yet-reported" aria-hidden="true"></span>'
        "Not yet reported</li>"
    ) in drawn


def test_a_chart_with_a_suppressed_figure_explains_the_dashed_outline_in_its_legend():
    assert (
        '<li><span class="chart-key chart-key--suppressed" aria-hidden="true"></span>'
        "Dashed outline: few people</li>"
    ) in chart([None, 8])
    assert "chart-key--suppressed" not in chart([6, 8])  # nothing to explain
    assert "Dashed outline: few conversations" in grouped({"met": [10], "not met": [None]})


def test_a_grouped_chart_of_nothing_but_suppressed_figures_says_so():
    drawn = grouped({"met": [None, None], "not met": [None, None]})
    assert "All 4 figures had few conversations" in drawn
    assert 'class="chart-bar' not in drawn


def test_a_grouped_chart_of_one_figure_per_month_names_it_and_a_zero_draws_no_bar():
    drawn = str(
        grouped_bar_chart(
            ["2026-01", "2026-02"],
            [Series(name="joined", key="joins", values=(12, 0))],
            chart_id="m",
            title="Joins",
            what="people who joined",
            suppressed_text="few people",
            per="month",
        )
    )
    assert "one group of bars per month (joined), January 2026 to February 2026." in drawn
    assert drawn.count('<rect class="chart-bar chart-bar--joins"') == 1  # 0 is no bar at all
    assert "chart-suppressed" not in drawn  # nor a dashed outline: 0 is a figure, shown
    assert "No months yet." in str(
        grouped_bar_chart(
            [],
            [Series(name="joined", key="joins", values=())],
            chart_id="m",
            title="Joins",
            what="people who joined",
            suppressed_text="few people",
            per="month",
        )
    )
