"""The "Add to calendar" links: what each calendar reads back from them, and nothing else."""

from __future__ import annotations

import datetime as dt
import urllib.parse

from unmentoring.core import calendar_links
from unmentoring.core.calendar_links import Event

ISSUE = "https://github.com/owner/repo/issues/7"


def read(link: str) -> tuple[str, dict[str, str]]:
    parts = urllib.parse.urlsplit(link)
    fields = dict(urllib.parse.parse_qsl(parts.query, strict_parsing=True))
    return f"{parts.scheme}://{parts.netloc}{parts.path}", fields


def test_a_morning_in_london_summer_time_is_written_in_utc():
    event = Event(
        title="Coffee Roulette",
        details=ISSUE,
        day=dt.date(2026, 7, 14),
        hours=(dt.time(9), dt.time(12, 30)),
    )
    where, google = read(calendar_links.google(event))
    assert where == calendar_links.GOOGLE
    assert google == {
        "action": "TEMPLATE",
        "text": "Coffee Roulette",
        "dates": "20260714T080000Z/20260714T113000Z",
        "details": ISSUE,
    }
    where, outlook = read(calendar_links.outlook(event))
    assert where == calendar_links.OUTLOOK
    assert outlook["startdt"] == "2026-07-14T08:00:00Z"
    assert outlook["enddt"] == "2026-07-14T11:30:00Z"
    assert outlook["subject"] == "Coffee Roulette" and outlook["body"] == ISSUE


def test_a_day_without_a_time_is_an_all_day_event():
    event = Event(title="UnMentoring", details=ISSUE, day=dt.date(2026, 12, 31))
    assert read(calendar_links.google(event))[1]["dates"] == "20261231/20270101"
    outlook = read(calendar_links.outlook(event))[1]
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (
        "2026-12-31",
        "2027-01-01",
        "true",
    )


def test_another_time_zone_moves_the_hours():
    event = Event(
        title="UnMentoring",
        details=ISSUE,
        day=dt.date(2026, 1, 14),
        hours=(dt.time(9), dt.time(12, 30)),
        timezone="America/New_York",
    )
    assert read(calendar_links.google(event))[1]["dates"] == "20260114T140000Z/20260114T173000Z"


def test_the_links_carry_only_the_title_and_the_issue():
    event = Event(title="A & B = c?", details=ISSUE + "#x", day=dt.date(2026, 3, 2))
    for link in (calendar_links.google(event), calendar_links.outlook(event)):
        fields = read(link)[1]
        assert {"A & B = c?", ISSUE + "#x"} <= set(fields.values())
        assert set(fields) <= {
            "action",
            "text",
            "dates",
            "details",
            "path",
            "rru",
            "subject",
            "startdt",
            "enddt",
            "allday",
            "body",
        }
