"""When the next round is drawn: the one answer the sign-up replies and the statistics share.

The monthly workflow (.github/workflows/round.yml) runs on days 1 to 7 of each month, so a month
whose round is not drawn by the end of the 7th will not be drawn by the schedule: the next draw
is then next month's. A pause "for the next round" must name that month, or it has no effect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from unmentoring.core.months import add_months, month_of

# The last day of the month on which round.yml's schedule runs (its crons: hourly on days 1-3,
# daily on days 4-7).
# Keep the two in step.
LAST_DRAW_DAY = 7


def next_round(start: str | None, drawn: Collection[str], today: dt.date) -> str:
    """The month of the next draw, seen on ``today``: this month while its round may still be
    drawn, else the first later month not drawn yet; never before the scheme's ``start``."""
    month = month_of(today)
    if month in drawn or today.day > LAST_DRAW_DAY:
        month = add_months(month, 1)
    if start and start > month:
        month = start
    while month in drawn:
        month = add_months(month, 1)
    return month
