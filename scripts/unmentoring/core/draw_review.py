"""A draw reviewed before anyone is told (``draw: review`` in scheme.yaml): the pull request's
branch, marker and words, and how many earlier draws of a round the organisers rejected.

Every attempt at a round comes from one branch, ``unmentoring/round-YYYY-MM``, in a pull request
whose body carries the round's hidden marker. An open one is waiting for review; a merged one
landed the round; each one closed without merging is a draw the organisers rejected. GitHub keeps
closed pull requests for good, so the count is the same however often `pair` runs, is killed, or
loses an answer: it is read, never kept anywhere that a lost write could leave behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from unmentoring.core import texts
from unmentoring.core.draw_check import times
from unmentoring.core.model import Round
from unmentoring.core.months import is_month, month_name
from unmentoring.core.pairing import Quality

BRANCH_PREFIX = "unmentoring/round-"


def branch(month: str) -> str:
    """The branch every draw of round ``month`` is proposed from."""
    return f"{BRANCH_PREFIX}{month}"


def month_of_branch(name: str) -> str | None:
    """The round a proposal branch is for; None for any other branch."""
    month = name.removeprefix(BRANCH_PREFIX)
    return month if name.startswith(BRANCH_PREFIX) and is_month(month) else None


def marker(month: str) -> str:
    return texts.DRAW_REVIEW.mark(month=month)


class PullRequestLike(Protocol):
    """What the count needs of a pull request (github.interface.PullRequest has it)."""

    @property
    def number(self) -> int: ...

    @property
    def body(self) -> str: ...

    @property
    def state(self) -> str: ...

    @property
    def merged(self) -> bool: ...


@dataclass(frozen=True)
class Attempts:
    """The pull requests of one round's draws, as GitHub lists them."""

    waiting: int | None  # the open pull request's number, if one awaits review
    merged: int | None  # the merged one's number, if the round was accepted
    rejected: int  # closed without merging: the draws the organisers turned down

    @classmethod
    def of(cls, month: str, pulls: Iterable[PullRequestLike]) -> Attempts:
        ours = [pull for pull in pulls if marker(month) in pull.body]
        waiting = [pull.number for pull in ours if pull.state == "open"]
        merged = [pull.number for pull in ours if pull.merged]
        rejected = sum(pull.state == "closed" and not pull.merged for pull in ours)
        return cls(
            waiting=min(waiting, default=None), merged=min(merged, default=None), rejected=rejected
        )


def title(month: str) -> str:
    return texts.DRAW_REVIEW_TITLE.fill(month=month, month_name=month_name(month))


def quality_line(drawn: Round, quality: Quality) -> str:
    """One line on how good the draw is: people, groups, repeats, colleagues, rejected draws."""
    people = len(drawn.members)
    trio = any(len(g.members) == 3 for g in drawn.groups)
    parts = [
        texts.DRAW_QUALITY_PEOPLE.fill(
            people=people,
            groups=len(drawn.groups),
            trio=texts.DRAW_QUALITY_TRIO.fill() if trio else "",
        ),
        _count(quality.repeats, texts.DRAW_QUALITY_REPEAT, texts.DRAW_QUALITY_REPEATS),
        _count(
            quality.same_organisation, texts.DRAW_QUALITY_COLLEAGUE, texts.DRAW_QUALITY_COLLEAGUES
        ),
    ]
    if drawn.redraws:
        parts.append(rejected_words(drawn.redraws))
    return "; ".join(parts)


def rejected_words(redraws: int) -> str:
    """How often the organisers turned a round's draw down, in plain words."""
    return texts.DRAW_QUALITY_REJECTED.fill(times=times(redraws), redraws=redraws)


def body(drawn: Round, quality: Quality) -> str:
    """The pull request's text: the quality line, the groups as a table, how to check it.

    Logins are in code spans, never @-mentions: nobody is told before the round is accepted.
    """
    rows = "\n".join(
        f"| {number} | {', '.join(f'`{login}`' for login in group.members)} | "
        f"{f'`{group.host}`' if group.host else ''} |"
        for number, group in enumerate(drawn.groups, start=1)
    )
    return texts.DRAW_REVIEW.fill(
        month=drawn.round,
        quality=quality_line(drawn, quality),
        rows=rows,
        branch=branch(drawn.round),
    )


def _count(number: int, one: texts.Text, many: texts.Text) -> str:
    return (one if number == 1 else many).fill(count=number)
