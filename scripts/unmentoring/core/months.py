"""Round months, written ``YYYY-MM``. Plain strings sort in time order, so we keep them as text."""

from __future__ import annotations

import datetime as dt
import re

MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def is_month(text: object) -> bool:
    return isinstance(text, str) and MONTH_PATTERN.match(text) is not None


def month_name(month: str, short: bool = False) -> str:
    """``2026-03`` as "March 2026" (or "Mar 2026")."""
    name = MONTH_NAMES[int(month[5:7]) - 1]
    return f"{name[:3] if short else name} {month[:4]}"


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(month: str, count: int) -> str:
    year, number = int(month[:4]), int(month[5:7])
    index = year * 12 + (number - 1) + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def last_day(month: str) -> dt.date:
    """The month's last day."""
    following = add_months(month, 1)
    return dt.date(int(following[:4]), int(following[5:7]), 1) - dt.timedelta(days=1)


def months_between(earlier: str, later: str) -> int:
    """How many months ``later`` is after ``earlier`` (negative if before)."""
    return (int(later[:4]) - int(earlier[:4])) * 12 + int(later[5:7]) - int(earlier[5:7])
