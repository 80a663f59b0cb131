"""The "Needs attention" issue: the doctor's findings, where organisers look.

The daily run (``unmentoring doctor --issue``) keeps one issue listing every check that fails or
warns: data files with a problem and who they leave out of the draw, disabled schedules,
leftovers of another scheme, a release waiting to be merged. It closes the issue when all is
well. So the list is the doctor's: one set of checks, read in two places.
"""

from __future__ import annotations

from unmentoring.core import texts
from unmentoring.core.setup_checks import Check, Report, Status
from unmentoring.core.standing_issue import Kind

KIND = Kind(
    key="needs-attention",
    label="needs attention",
    label_words=texts.ATTENTION_LABEL_DESCRIPTION,
    title_words=texts.ATTENTION_TITLE,
    reopens=True,
    calm_words=texts.ATTENTION_CALM,
)
# GitHub refuses an issue body over 65,536 characters; the list stops well before.
MAX_BODY = 60_000

_ORDER = {Status.FAIL: 0, Status.WARN: 1}


def body(report: Report) -> str | None:
    """The issue's text, or None when nothing fails or warns. Nothing in it changes from day
    to day unless a finding does, so a quiet day edits nothing."""
    found = sorted(
        (check for check in report.checks if check.status in _ORDER),
        key=lambda check: _ORDER[check.status],
    )
    if not found:
        return None
    lines = [texts.ATTENTION_INTRO.fill(), ""]
    for number, check in enumerate(found):
        item = [
            "- " + line if not index else "  " + line for index, line in enumerate(lines_of(check))
        ]
        if sum(len(line) + 1 for line in [*lines, *item]) > MAX_BODY:
            lines.append(f"- {texts.ATTENTION_MORE.fill(count=len(found) - number)}")
            break
        lines += item
    return "\n".join(lines) + "\n"


def lines_of(check: Check) -> list[str]:
    """A finding as an item of a list: what is wrong, how urgent, and what to do."""
    urgency = texts.ATTENTION_MUST if check.status is Status.FAIL else texts.ATTENTION_SHOULD
    found = [f"**{check.name}** ({urgency.fill()}): {_sentence(check.finding)}"]
    return [*found, texts.ATTENTION_TO_FIX.fill(fix=_sentence(check.fix))] if check.fix else found


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."
