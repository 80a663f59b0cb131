"""Closing: once a later round is drawn, the round's open issues close kindly. Pure.

An issue still open gets a kind closing comment and is closed as not planned, and its group
the outcome ``unreported``; a group whose issue is closed already (by a person, or by a run
killed before it recorded) gets the outcome only.
"""

from __future__ import annotations

from unmentoring.core import texts
from unmentoring.core.model import Outcome
from unmentoring.core.months import month_name
from unmentoring.core.plan import Action, CloseIssue, Kind, RecordOutcome
from unmentoring.core.thread import Situation

CLOSING_MARKER = texts.CLOSING.mark()
# Sent with `state: closed` in the same request: GitHub changes `state_reason` only together with
# `state` (https://github.com/github/docs/issues/22914,
# https://docs.github.com/rest/issues/issues#update-an-issue).
CLOSE_REASON = "not_planned"


def close_step(situation: Situation) -> list[Action]:
    """Once a later round is drawn: close an open issue kindly; record ``unreported``."""
    if not situation.later_round_drawn:
        return []
    record = RecordOutcome(
        month=situation.month, members=situation.members, outcome=Outcome.UNREPORTED
    )
    if not situation.issue_open:
        return [record]
    comment: list[Action] = []
    if not situation.posted(CLOSING_MARKER):
        comment = [situation.comment(Kind.CLOSE, CLOSING_MARKER, closing_text(situation))]
    close = CloseIssue(thread=situation.thread, kind=Kind.CLOSE, reason=CLOSE_REASON)
    return [*comment, close, record]


def closing_text(situation: Situation) -> str:
    return texts.CLOSING.fill(month=month_name(situation.month))
