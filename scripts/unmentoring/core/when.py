"""`/when DATE`: the day a group plans to meet, read from a comment, and what follow-up does about
it. Pure.

A date is written in any of the ways people write one: `12 March`, `12th March`, `March 12`,
`Thursday 12 March`, `Thu, 12 Mar`, `the 12th of March`, `12 March 2027`, `2026-03-12`. A date
without a year takes the round's year. The date only: whatever follows it on the line (a time, a
place) is a note and is ignored, as after `/met`; the reply gives the day in words, so a misread
shows at once. A weekday that does not fit the date is refused, since one of the two is wrong.

A date outside the round's month, before today, or not a date at all records nothing and gets a
reply saying what to write. A member's date is recorded on the group (``Group.planned``) and may
be moved by another `/when`; each reply is the comment's one reply (``REPLY_MARKER``).

Follow-up, for a group with a planned date P (``reminder_step``, and ``prompt_day`` below):
- no nudge (they have agreed a day);
- one reminder the day before P; if that day's run was missed, on P itself; never after. The
  date is in the reminder's marker, so a moved date gets its own;
- "did you meet?" the day after P instead of on ``prompt_day`` (later, when P is after it). When
  P is the month's last day, the day after is in the next month, when the next round is drawn and
  this issue closes unasked (recorded as not reported): so the prompt comes on P itself.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from unmentoring.core import months, texts
from unmentoring.core.months import MONTH_NAMES, last_day, month_name
from unmentoring.core.plan import Action, Kind
from unmentoring.core.thread import Situation, and_list, day_of, mentions

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Names as people shorten them: the first three letters and more (`Sept`, `Thurs`, `Wed`).
_MONTHS = {name.casefold(): index for index, name in enumerate(MONTH_NAMES, 1)}
_DAYS = {name.casefold(): index for index, name in enumerate(WEEKDAYS)}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_YEAR = re.compile(r"\d{4}")
# Words that may stand around a date's parts and say nothing: "on the 12th of March".
_FILLER = {"on", "the", "of"}
# The characters that may follow a date's word: "Thursday, 12 March." .
_TRAILING = ",.;:!"


class Refusal(enum.StrEnum):
    """Why a `/when` records nothing."""

    NOT_A_DATE = "not a date"
    WRONG_WEEKDAY = "the weekday does not fit the date"
    OUTSIDE_MONTH = "not in the round's month"
    PAST = "gone by"
    ROUND_OVER = "the round's month is over"


@dataclass(frozen=True)
class Read:
    """What a `/when` line says: the date, or why not (with the date as read, when there is
    one, and the weekday written, for a mismatch)."""

    day: dt.date | None
    refusal: Refusal | None = None


def _name(word: str, names: dict[str, int]) -> int | None:
    """The month or weekday a word names, written in full or cut to three letters or more."""
    word = word.casefold()
    if len(word) < 3:
        return None
    found = {index for name, index in names.items() if name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def parse(words: list[str], month: str) -> Read:
    """The date at the start of ``words`` (the words after `/when`); a missing year is
    ``month``'s. Words after the date are ignored."""
    cleaned = [word.strip(_TRAILING) for word in words]
    cleaned = [word for word in cleaned if word and word.casefold() not in _FILLER]
    weekday = _name(cleaned[0], _DAYS) if cleaned else None
    if weekday is not None:
        cleaned = cleaned[1:]
    found = _iso(cleaned) or _day_month(cleaned, int(month[:4]))
    if found is None:
        return Read(None, Refusal.NOT_A_DATE)
    if weekday is not None and found.weekday() != weekday:
        return Read(found, Refusal.WRONG_WEEKDAY)
    return Read(found)


def _iso(words: list[str]) -> dt.date | None:
    match = _ISO.fullmatch(words[0]) if words else None
    return _date(*(int(part) for part in match.groups())) if match else None


def _day_month(words: list[str], round_year: int) -> dt.date | None:
    """`12 March [2027]` or `March 12 [2027]`."""
    if len(words) < 2:
        return None
    first_day, first_month = _DAY.fullmatch(words[0]), _name(words[1], _MONTHS)
    second_month, second_day = _name(words[0], _MONTHS), _DAY.fullmatch(words[1])
    if first_day and first_month:
        day, number = int(first_day.group(1)), first_month
    elif second_month and second_day:
        day, number = int(second_day.group(1)), second_month
    else:
        return None
    year = int(words[2]) if len(words) > 2 and _YEAR.fullmatch(words[2]) else round_year
    return _date(year, number, day)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None  # 31 April, 30 February


def judge(words: list[str], month: str, today: dt.date) -> Read:
    """The date a `/when` sets for a group of ``month``'s round, seen on ``today``; or why not.
    Once the month is over no day of it is still to come, whatever was written."""
    if today > last_day(month):
        return Read(None, Refusal.ROUND_OVER)
    read = parse(words, month)
    if read.refusal is not None or read.day is None:
        return read
    if months.month_of(read.day) != month:
        return Read(read.day, Refusal.OUTSIDE_MONTH)
    if read.day < today:
        return Read(read.day, Refusal.PAST)
    return read


# -- the words -------------------------------------------------------------------------------------


def in_words(day: dt.date) -> str:
    """``2026-03-12`` as "Thursday 12 March 2026"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def how(month: str, today: dt.date) -> str:
    """What to write: an example date in the round's month, not gone by."""
    example = max(today + dt.timedelta(days=1), day_of(month, 1))
    if months.month_of(example) != month:
        example = last_day(month)
    written = f"{example.day} {MONTH_NAMES[example.month - 1]}"
    return texts.WHEN_HOW.fill(month=MONTH_NAMES[int(month[5:7]) - 1], example=written)


def refusal_text(read: Read, author: str, comment_id: int, month: str, today: dt.date) -> str:
    if read.refusal is Refusal.ROUND_OVER:
        return texts.WHEN_ROUND_OVER.fill(
            author=author, comment_id=comment_id, month=month_name(month)
        )
    fields = {"author": author, "comment_id": comment_id, "how": how(month, today)}
    if read.refusal is Refusal.NOT_A_DATE or read.day is None:
        return texts.WHEN_NOT_A_DATE.fill(**fields)
    day = in_words(read.day)
    if read.refusal is Refusal.WRONG_WEEKDAY:
        weekday = WEEKDAYS[read.day.weekday()]
        return texts.WHEN_WRONG_WEEKDAY.fill(
            day=f"{read.day.day} {month_name(months.month_of(read.day))}", weekday=weekday, **fields
        )
    if read.refusal is Refusal.OUTSIDE_MONTH:
        return texts.WHEN_OUTSIDE_MONTH.fill(day=day, month=month_name(month), **fields)
    return texts.WHEN_PAST.fill(day=day, **fields)


# -- follow-up -------------------------------------------------------------------------------------


def reminder_marker(day: dt.date) -> str:
    return texts.WHEN_REMINDER.mark(date=day.isoformat())


def prompt_date(situation: Situation) -> dt.date:
    """The day "did you meet?" falls due: the day after the planned date (on it, when it is the
    month's last day), else ``prompt_day``."""
    planned = situation.planned
    if planned is None:
        return day_of(situation.month, situation.days.prompt)
    return min(planned + dt.timedelta(days=1), last_day(situation.month))


def reminder_step(situation: Situation) -> list[Action]:
    """The day before the planned date, or on it if that day's run was missed: remind once."""
    planned = situation.planned
    if planned is None or situation.later_round_drawn or not situation.issue_open:
        return []
    if not planned - dt.timedelta(days=1) <= situation.today <= planned:
        return []
    if situation.today >= prompt_date(situation):
        return []  # "did you meet?" is asked today instead
    marker = reminder_marker(planned)
    if situation.posted(marker) or len(situation.present) < 2:
        return []  # said already; or a partner has left, so there is nobody to meet
    when = texts.WHEN_TODAY if situation.today == planned else texts.WHEN_TOMORROW
    named = mentions(situation.present, situation.host_present)
    body = texts.WHEN_REMINDER.fill(
        mentions=and_list(named), when=when.fill(), day=in_words(planned), date=planned.isoformat()
    )
    return [situation.comment(Kind.REMINDER, marker, body)]


def near(planned: dt.date | None, today: dt.date, catch_up: int) -> bool:
    """Whether a step about a planned date may fall due on ``today`` (the reminder, the prompt,
    or one of their catch-up days), so that the thread must be read."""
    if planned is None:
        return False
    return -1 <= (today - planned).days <= 1 + catch_up
