"""The set-up checklist: one issue saying what the "Set up this scheme" workflow did, and what
only a person can do in Settings, each step in GitHub's own words.

``body`` builds it from what the set-up did and the doctor's report, so the steps left are
exactly the checks still failing or warning. ``commands/setup.py`` keeps the issue with
``github.standing_issue``: a second run edits it, keeping the boxes already ticked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from unmentoring.core import attention, texts
from unmentoring.core.setup_checks import Report, Status
from unmentoring.core.standing_issue import Kind
from unmentoring.core.thread import and_list

KIND = Kind(
    key="set-up-checklist",
    label="set-up",
    label_words=texts.SETUP_LABEL_DESCRIPTION,
    title_words=texts.SETUP_TITLE,
    reopens=False,
)

# The doctor's checks that warn only because nobody has joined yet: the step to share the join
# form is what to do about them.
NOBODY_YET = frozenset({"data", "first round"})
# The doctor's checks (core/setup_checks.py) that a step below stands for.
PAGES_CHECK = "GitHub Pages"
CONTACT_CHECK = "scheme.yaml contact"


@dataclass(frozen=True)
class Done:
    """What the set-up did on this run, for the top of the issue."""

    files: Sequence[str]
    labels: Sequence[str]
    pages: bool | None  # True: turned on now; False: it was on already; None: not allowed
    site_started: bool


def body(done: Done, report: Report, *, join_link: str, guide: str) -> str:
    """The checklist: what was done, the steps left for a person, and the doctor's findings."""
    did = [
        texts.SETUP_DONE_FILES.fill(files=_files(len(done.files))) if done.files else "",
        texts.SETUP_DONE_LABELS.fill(labels=and_list(list(done.labels))) if done.labels else "",
        texts.SETUP_DONE_PAGES.fill() if done.pages else "",
        texts.SETUP_DONE_SITE.fill() if done.site_started else "",
    ]
    did = [line for line in did if line] or [texts.SETUP_DONE_NOTHING.fill()]
    steps = [texts.SETUP_PULL_REQUESTS.fill()]
    covered: set[str] = set()  # the doctor's checks that a step here already asks for
    if done.pages is None:
        steps.append(texts.SETUP_PAGES.fill())
        covered.add(PAGES_CHECK)
    if any(c.name == CONTACT_CHECK and c.status is not Status.PASS for c in report.checks):
        steps.append(texts.SETUP_CONTACT.fill())
        covered.add(CONTACT_CHECK)
    steps.append(texts.SETUP_WORDS.fill(guide=guide))
    steps.append(texts.SETUP_SHARE.fill(join_link=join_link))
    problems = [
        check
        for check in report.checks
        if check.status in (Status.FAIL, Status.WARN) and check.name not in covered | NOBODY_YET
    ]
    lines = [texts.SETUP_INTRO.fill(), "", texts.SETUP_DONE.fill(), ""]
    lines += [f"- {line}" for line in did]
    lines += ["", texts.SETUP_STEPS.fill(), ""]
    lines += [f"- [ ] {step}" for step in steps]
    if problems:
        lines += ["", texts.SETUP_DOCTOR_FOUND.fill(), ""]
        lines += [f"- [ ] {' '.join(attention.lines_of(check))}" for check in problems]
    lines += ["", texts.SETUP_END.fill()]
    return "\n".join(lines) + "\n"


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"
