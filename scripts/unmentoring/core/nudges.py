"""Nudges and prompts: what follow-up says in a pairing issue while the round is on. Pure.

- ``nudge_step``: from ``nudge_day`` of the round's month until ``prompt_day``, when no member
  has written in the thread: one friendly nudge, the host @-mentioned first, saying how to
  rematch (not in a group made by /rematch, announced after nudge_day, nor in a group that has
  planned a date with /when).
- ``prompt_step``: from ``prompt_day``: one "did you meet?" with ``/met`` and ``/not-met``; for
  a group with a planned date, from the day after it instead (core/when.py: ``prompt_date``).

Each comment carries a hidden marker, and a step whose marked comment by our own login is in
the thread already does nothing: reruns post nothing twice.
"""

from __future__ import annotations

from unmentoring.core import texts, when
from unmentoring.core.months import month_name
from unmentoring.core.plan import Action, Kind
from unmentoring.core.thread import Days, Situation, and_list, mentions, ordinal

NUDGE_MARKER = texts.NUDGE.mark()
PROMPT_MARKER = texts.PROMPT.mark()


def prompt_step(situation: Situation) -> list[Action]:
    """From ``prompt_day``: ask once whether the group met."""
    if situation.later_round_drawn or not situation.issue_open:
        return []
    if situation.today < when.prompt_date(situation) or situation.posted(PROMPT_MARKER):
        return []
    if not situation.present:
        return []  # everyone has left: nobody to ask
    return [situation.comment(Kind.PROMPT, PROMPT_MARKER, prompt_text(situation))]


def nudge_step(situation: Situation) -> list[Action]:
    """From ``nudge_day`` until the prompt: nudge once when no member has written."""
    if situation.later_round_drawn or not situation.issue_open or situation.rematch:
        return []
    if situation.planned is not None:
        return []  # they have agreed a day: the reminder and the prompt follow it
    if not situation.reached(situation.days.nudge) or situation.reached(situation.days.prompt):
        return []  # too early; or late enough that "did you meet?" says it
    if situation.member_wrote or situation.posted(NUDGE_MARKER):
        return []
    if len(situation.present) < 2:
        return []  # a partner has left: nobody to arrange a time with
    return [situation.comment(Kind.NUDGE, NUDGE_MARKER, nudge_text(situation))]


# -- the words ------------------------------------------------------------------------------------


def rematch_hint(days: Days, trio: bool, *, waited: bool = False) -> str:
    """How to ask for someone else (core/rematch.py): the one place this is worded, for the
    pairing issue and (``waited``: from nudge_day, so no "by the 10th") the nudge."""
    if waited:
        when = texts.REMATCH_HINT_WHEN_WAITED_TRIO if trio else texts.REMATCH_HINT_WHEN_WAITED
    else:
        when = texts.REMATCH_HINT_WHEN_TRIO if trio else texts.REMATCH_HINT_WHEN
    return texts.REMATCH_HINT.fill(
        when=when.fill(nudge_day=ordinal(days.nudge)), rematch_day=ordinal(days.rematch)
    )


def nudge_text(situation: Situation) -> str:
    named = mentions(situation.present, situation.host_present)
    first_move = (
        texts.NUDGE_HOST.fill(host=named[0])
        if situation.host_present is not None
        else texts.NUDGE_NO_HOST.fill()
    )
    text = texts.NUDGE.fill(
        mentions=and_list(named), month=month_name(situation.month), first_move=first_move
    )
    if situation.reached(situation.days.rematch):
        return text  # this month's rematches are made: nothing more to ask for
    return f"{text}\n\n{rematch_hint(situation.days, len(situation.present) > 2, waited=True)}"


def prompt_text(situation: Situation) -> str:
    named = mentions(situation.present, situation.host_present)
    return texts.PROMPT.fill(mentions=and_list(named))
