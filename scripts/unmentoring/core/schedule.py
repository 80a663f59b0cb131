"""When rounds are drawn: the one answer the sign-up replies, the statistics and `pair` share.

The monthly workflow (.github/workflows/round.yml) runs on days 1 to 7 of each month, so a month
whose round is not drawn by the end of the 7th will not be drawn by the schedule: the next draw
is then next month's. A pause "for the next round" must name that month, or it has no effect.

No round is drawn before the scheme's ``start`` nor in a month of ``skip_months`` (scheme.yaml):
``round_from`` and ``round_after`` name the next month that has one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from unmentoring.core.model import Scheme
from unmentoring.core.months import add_months, month_of

# The last day of the month on which a scheduled run draws the month's round (round.yml runs
# hourly on days 1-3, then daily so that announcing converges; `pair --push` draws only until
# this day). Keep the two in step.
LAST_DRAW_DAY = 7


def is_skipped(skip_months: Collection[int], month: str) -> bool:
    """Whether ``month`` (YYYY-MM) is one of the month numbers in which no round is drawn."""
    return int(month[5:7]) in skip_months


def _first_held(start: str | None, skip_months: Collection[int], month: str) -> str:
    if start and start > month:
        month = start
    # The schema allows at most 11 skipped months, so a year always holds a round; stop after
    # one anyway rather than loop for ever on data that bypassed it.
    for _ in range(12):
        if not is_skipped(skip_months, month):
            return month
        month = add_months(month, 1)
    raise ValueError("skip_months skips every month: no round is ever drawn")


def round_from(scheme: Scheme, month: str) -> str:
    """The first month from ``month`` on (``month`` itself included) in which a round is drawn:
    not before the scheme's ``start``, and not in ``skip_months``. Whether it has been drawn
    already is not asked: that is ``next_round``'s question."""
    return _first_held(scheme.start, scheme.skip_months, month)


def round_after(scheme: Scheme, month: str) -> str:
    """The first month after ``month`` in which a round is drawn (see ``round_from``)."""
    return round_from(scheme, add_months(month, 1))


def next_round(
    start: str | None,
    drawn: Collection[str],
    today: dt.date,
    skip_months: Collection[int] = (),
) -> str:
    """The month of the next draw, seen on ``today``: this month while its round may still be
    drawn, else the first later month not drawn yet; never before the scheme's ``start`` nor
    in a month of ``skip_months``."""
    month = month_of(today)
    if month in drawn or today.day > LAST_DRAW_DAY:
        month = add_months(month, 1)
    month = _first_held(start, skip_months, month)
    while month in drawn:
        month = _first_held(start, skip_months, add_months(month, 1))
    return month
