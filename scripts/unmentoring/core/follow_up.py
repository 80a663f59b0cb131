"""Following up the pairing issues: the stages' steps in order, and which rounds to follow.

Pure: the command (commands/follow_up.py, commands/follow_up_stages.py) reads each thread and
has the plan carried out. Each step in ``STEPS`` is a small decision over one issue's
``Situation`` (core/thread.py) that gives plan actions (core/plan.py), or none: closing
(core/closing.py), then "did you meet?" (core/nudges.py), the reminder of a date planned with
/when (core/when.py) and the nudge (core/nudges.py). Rematches
(core/rematch.py) and quiet members (core/quiet.py) are stages of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from unmentoring.core.closing import close_step
from unmentoring.core.months import last_day
from unmentoring.core.nudges import nudge_step, prompt_step
from unmentoring.core.plan import Action
from unmentoring.core.thread import Days, Situation, day_of
from unmentoring.core.when import reminder_step

Step = Callable[[Situation], list[Action]]
# In the order they run: closing first, since a closed round gets nothing else.
STEPS: tuple[Step, ...] = (close_step, prompt_step, reminder_step, nudge_step)


def decide(situation: Situation, steps: Sequence[Step] = STEPS) -> list[Action]:
    """Every action the steps take for this issue today (none on most days)."""
    return [action for step in steps for action in step(situation)]


# -- which rounds, and what the organiser sees -----------------------------------------------------


def rounds_to_follow(drawn: Iterable[str], today: dt.date, chosen: str | None = None) -> list[str]:
    """The rounds a run follows up, oldest first.

    With ``chosen``, that round only. Otherwise the latest round drawn for this month or before
    (the one being met in), and the round before it (whose open issues close once a later round
    is drawn). Older rounds are left as they are: follow-up runs daily, so it closed them then."""
    months = sorted(drawn)
    if chosen is not None:
        return [chosen] if chosen in months else []
    this_month = f"{today.year:04d}-{today.month:02d}"
    current = [month for month in months if month <= this_month]
    return current[-2:]


# A step falls due on its day (nudge_day, rematch_day, prompt_day) and that day's run does it;
# the runs of the CATCH_UP_DAYS days after it finish what a lost or stopped run left. On the
# other days a thread that has not changed since CATCH_UP_DAYS days ago cannot need anything
# new (the runs since read it as it is), so it is not read: the issues listing says when each
# issue last changed. This keeps a quiet day to the listing's pages and the changed threads.
CATCH_UP_DAYS = 2


def reads_every_thread(month: str, today: dt.date, days: Days) -> bool:
    """Whether ``today`` is a day on which a step of ``month`` falls due (its month's last day
    too: requests the month's end left unmade are told so, and quiet members are judged), or a
    catch-up day after one."""
    starts = [day_of(month, day) for day in (days.nudge, days.rematch, days.prompt)]
    return any(0 <= (today - start).days <= CATCH_UP_DAYS for start in [*starts, last_day(month)])


def unchanged(updated_at: float | None, today: dt.date) -> bool:
    """Whether an issue last changed before the start of the day CATCH_UP_DAYS before today."""
    day = today - dt.timedelta(days=CATCH_UP_DAYS)
    since = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return updated_at is not None and updated_at < since.timestamp()


def later_round_drawn(month: str, drawn: Iterable[str]) -> bool:
    return any(other > month for other in drawn)
