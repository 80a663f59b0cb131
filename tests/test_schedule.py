"""The next draw's month, as the sign-up replies and the statistics both see it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unmentoring.core.schedule import LAST_DRAW_DAY, next_round

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("start", "drawn", "today", "expected"),
    [
        # This month's round not drawn yet: it still may be, on the schedule's days.
        (None, set(), dt.date(2026, 11, 1), "2026-11"),
        (None, set(), dt.date(2026, 11, 7), "2026-11"),
        # ... but not after them (review M15: 26 November named November, and a pause
        # "for the next round" then paused the wrong month).
        (None, set(), dt.date(2026, 11, 8), "2026-12"),
        (None, set(), dt.date(2026, 11, 26), "2026-12"),
        # Drawn already: next month, or the first later month not drawn.
        (None, {"2026-11"}, dt.date(2026, 11, 2), "2026-12"),
        (None, {"2026-11", "2026-12"}, dt.date(2026, 11, 2), "2027-01"),
        (None, {"2026-12"}, dt.date(2026, 11, 20), "2027-01"),
        # Never before the scheme starts; its first month may be drawn on its first days.
        ("2027-02", set(), dt.date(2026, 11, 26), "2027-02"),
        ("2026-11", set(), dt.date(2026, 11, 3), "2026-11"),
        ("2026-11", set(), dt.date(2026, 11, 9), "2026-12"),
    ],
)
def test_next_round(start, drawn, today, expected):
    assert next_round(start, drawn, today) == expected


def test_the_monthly_workflow_runs_every_day_and_hourly_on_the_first_draw_days():
    """round.yml's crons name the days of the month it runs on (ranges `a-b`): every day, so
    that announcing converges (issue 21, finding 5), and hourly on days within the draw days
    (``pair --push`` draws only on days 1 to LAST_DRAW_DAY)."""
    text = (ROOT / ".github" / "workflows" / "round.yml").read_text()
    crons = [line.split("cron:", 1)[1].strip().strip("\"'") for line in text.splitlines()
             if "cron:" in line]  # fmt: skip
    assert crons, "round.yml has no schedule"
    days: set[int] = set()
    hourly: set[int] = set()
    for cron in crons:
        first, _, last = cron.split()[2].partition("-")
        named = set(range(int(first), int(last or first) + 1))
        days |= named
        if cron.split()[1] == "*":
            hourly |= named
    assert days == set(range(1, 32)), crons
    assert hourly and max(hourly) <= LAST_DRAW_DAY, crons
