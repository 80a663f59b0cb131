"""The "Needs attention" issue: the doctor's findings, where organisers look.

The daily run (``unmentoring doctor --issue``) keeps one issue listing every check that fails or
warns: data files with a problem and who they leave out of the draw, disabled schedules,
leftovers of another scheme, a release waiting to be merged. It closes the issue when all is
well. So the list is the doctor's: one set of checks, read in two places.
"""

from __future__ import annotations

from unmentoring.core.setup_checks import Report, Status
from unmentoring.core.standing_issue import Kind

KIND = Kind(
    key="needs-attention",
    label="needs attention",
    label_description="Something in the scheme needs an organiser",
    title="Needs attention",
    reopens=True,
)

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
    lines = [
        "Something in the scheme needs an organiser. Each item says what to do.",
        "",
        "The daily run checks again and updates this list. When all is well, it closes this "
        "issue. The Doctor workflow shows the same checks.",
        "",
    ]
    for check in found:
        urgency = "Must fix" if check.status is Status.FAIL else "Should fix"
        lines.append(f"- **{check.name}** ({urgency}): {_sentence(check.finding)}")
        if check.fix:
            lines.append(f"  To fix: {_sentence(check.fix)}")
    return "\n".join(lines) + "\n"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."
