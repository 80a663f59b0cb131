""" "Add to calendar" links for Outlook on the web and Google Calendar.

Each link opens the person's own calendar with a new event filled in; nothing is sent anywhere
until they save it. An event carries nothing but the scheme's name (its title) and the pairing
issue's link (its details): no names, logins or places, since a link is public wherever it is
posted. A day with no time is an all-day event; a timed one is written in UTC, so it lands at
the right hour in any calendar's own time zone.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
import zoneinfo
from dataclasses import dataclass

GOOGLE = "https://calendar.google.com/calendar/render"
# Outlook on the web for work and school accounts (Microsoft 365), which councils use. The form
# "/calendar/0/deeplink/compose" stopped opening the new event in May 2023, and this one kept
# working (add2cal/add-to-calendar-button#412, OfficeDev/office-js#3345).
OUTLOOK = "https://outlook.office.com/calendar/action/compose"


@dataclass(frozen=True, kw_only=True)
class Event:
    title: str
    details: str  # the pairing issue's link
    day: dt.date
    # From and to, in ``timezone``; None for an all-day event.
    hours: tuple[dt.time, dt.time] | None = None
    timezone: str = "Europe/London"

    def utc(self) -> tuple[dt.datetime, dt.datetime]:
        """The event's start and end in UTC (timed events only)."""
        assert self.hours is not None
        zone = zoneinfo.ZoneInfo(self.timezone)
        start, end = (
            dt.datetime.combine(self.day, moment, tzinfo=zone).astimezone(dt.UTC)
            for moment in self.hours
        )
        return start, end


def google(event: Event) -> str:
    if event.hours is None:
        start_end = (f"{event.day:%Y%m%d}", f"{event.day + dt.timedelta(days=1):%Y%m%d}")
    else:
        start, end = event.utc()
        start_end = (f"{start:%Y%m%dT%H%M%SZ}", f"{end:%Y%m%dT%H%M%SZ}")
    dates = "/".join(start_end)  # Google's "from/to"
    query = {"action": "TEMPLATE", "text": event.title, "dates": dates, "details": event.details}
    return f"{GOOGLE}?{_query(query)}"


def outlook(event: Event) -> str:
    query = {"rru": "addevent", "subject": event.title}
    if event.hours is None:
        query |= {
            "startdt": event.day.isoformat(),
            "enddt": (event.day + dt.timedelta(days=1)).isoformat(),
            "allday": "true",
        }
    else:
        start, end = event.utc()
        query |= {"startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}", "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}"}
    query["body"] = event.details
    return f"{OUTLOOK}?{_query(query)}"


def _query(fields: dict[str, str]) -> str:
    # "/" may stand as it is in a query (RFC 3986, 3.4), as both calendars' own links write it.
    return urllib.parse.urlencode(fields, safe="/", quote_via=urllib.parse.quote)
