"""What the bot says on a join or change form, as plan actions (core/plan.py). Pure.

One comment per form, found again by its hidden marker and edited in place when the answer
changes (the form edited and checked again): the problems to fix, or what happens next. A
form that goes through is closed as completed, unless an organiser reviews it in a pull
request first (``signup: review``), whose merge closes it. An edit made after the form was
dealt with gets one reply of its own.
"""

from __future__ import annotations

from unmentoring.core.plan import CloseIssue, Kind, PostComment, Thread
from unmentoring.core.submissions import Outcome

MARKER = "<!-- unmentoring:intake -->"
# The reply to an edit made after the form was dealt with (a comment of its own).
LATE_EDIT_MARKER = "<!-- unmentoring:intake-late-edit -->"


def replies(
    outcome: Outcome, issue: int, pull_request: int | None = None
) -> list[PostComment | CloseIssue]:
    """The reply to a checked form, and closing it when it went through without review."""
    thread = Thread(issue=issue)
    if not outcome.ok:
        return [_comment(thread, MARKER, problems_comment(outcome))]
    reply = _comment(thread, MARKER, success_comment(outcome, pull_request))
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


def problems_comment(outcome: Outcome) -> str:
    items = "\n".join(f"- {problem}" for problem in outcome.problems)
    return (
        f"{MARKER}\nThanks, @{outcome.login}! Something needs fixing before this can go "
        f"through:\n\n{items}\n\nPlease edit this issue (the ··· menu on its first message, "
        "then Edit) to fix it, and it will be checked again."
    )


def success_comment(outcome: Outcome, pull_request: int | None = None) -> str:
    if pull_request:
        return (
            f"{MARKER}\nThanks, @{outcome.login}! An organiser will look at this change "
            f"(#{pull_request}); this issue closes when it is accepted. Then:\n\n{outcome.reply}"
        )
    return f"{MARKER}\n{outcome.reply}"


def late_edit_comment(closed_at: str | None, change_form: str | None) -> str:
    when = f" on {closed_at[:10]}" if closed_at else ""
    where = f"the change form ({change_form})" if change_form else "the change form"
    return (
        f"{LATE_EDIT_MARKER}\nThis form was already dealt with{when} and the issue is closed, "
        "so editing it changes nothing. To pause, resume, update your details or leave, "
        f"please use {where}."
    )
