"""The inline SVG bar chart: scale, labels, suppressed bars and its text for screen readers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from unmentoring.core.months import month_name
from unmentoring.site.charts import Bar, bar_chart, nice_ceiling


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
    svg = ET.fromstring(chart([12, None, 20]))
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


def test_36_rounds_get_at_most_six_month_labels():
    drawn = chart(list(range(10, 46)))
    labels = re.findall(r'text-anchor="middle">([^<]+)<', drawn)
    assert 1 < len(labels) <= 6
    assert labels[0] == "Jan 2024"


def test_text_in_the_chart_is_escaped():
    bars = [Bar(label="2026-01", value=6)]
    drawn = str(bar_chart(bars, chart_id="c", title="<b>", what="x", suppressed_text="y"))
    assert "<b>" not in drawn and "&lt;b&gt;" in drawn
