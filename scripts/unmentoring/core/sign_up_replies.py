"""What the bot says on a join or change form, as plan actions (core/plan.py). Pure.

One comment per form, found again by its hidden marker and edited in place when the answer
changes (the form edited and checked again): the problems to fix, or what happens next. A
form that goes through is closed as completed, unless an organiser reviews it in a pull
request first (``signup: review``), whose merge closes it. An edit made after the form was
dealt with gets one reply of its own.
"""

from __future__ import annotations

from unmentoring.core import texts
from unmentoring.core.plan import CloseIssue, Kind, PostComment, Thread
from unmentoring.core.submissions import Evaluation

MARKER = texts.SIGN_UP_DONE.mark()
# The reply to an edit made after the form was dealt with (a comment of its own).
LATE_EDIT_MARKER = texts.SIGN_UP_LATE_EDIT.mark()


def replies(
    evaluation: Evaluation, issue: int, pull_request: int | None = None
) -> list[PostComment | CloseIssue]:
    """The reply to a checked form, and closing it when it went through without review."""
    thread = Thread(issue=issue)
    if not evaluation.ok:
        return [_comment(thread, MARKER, problems_comment(evaluation))]
    reply = _comment(thread, MARKER, success_comment(evaluation, pull_request))
    actions: list[PostComment | CloseIssue] = [reply]
    if pull_request is None:
        actions.append(CloseIssue(thread=thread, kind=Kind.SIGN_UP, reason="completed"))
    return actions


def late_edit(issue: int, closed_at: str | None, change_form: str | None) -> PostComment:
    """The reply to an edit of a form that was already dealt with."""
    return _comment(
        Thread(issue=issue), LATE_EDIT_MARKER, late_edit_comment(closed_at, change_form)
    )


def _comment(thread: Thread, marker: str, body: str) -> PostComment:
    return PostComment(thread=thread, kind=Kind.SIGN_UP, marker=marker, body=body, edit=True)


# -- the words ------------------------------------------------------------------------------------


def problems_comment(evaluation: Evaluation) -> str:
    items = "\n".join(f"- {problem}" for problem in evaluation.problems)
    return texts.SIGN_UP_PROBLEMS.fill(login=evaluation.login, problems=items)


def success_comment(evaluation: Evaluation, pull_request: int | None = None) -> str:
    if pull_request:
        return texts.SIGN_UP_IN_REVIEW.fill(
            login=evaluation.login, pull_request=pull_request, reply=evaluation.reply
        )
    return texts.SIGN_UP_DONE.fill(reply=evaluation.reply)


def late_edit_comment(closed_at: str | None, change_form: str | None) -> str:
    where = (
        texts.CHANGE_FORM_LINKED.fill(change_form=change_form)
        if change_form
        else texts.CHANGE_FORM_UNLINKED.fill()
    )
    when = texts.SIGN_UP_LATE_EDIT_WHEN.fill(date=closed_at[:10]) if closed_at else ""
    return texts.SIGN_UP_LATE_EDIT.fill(when=when, change_form=where)
