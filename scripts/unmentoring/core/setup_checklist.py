"""The set-up checklist: one issue saying what the "Set up this scheme" workflow did, and what
only a person can do in Settings, each step in GitHub's own words.

``body`` builds it from what the set-up did and the doctor's report, so the steps left are
exactly the checks still failing or warning. ``commands/setup.py`` keeps the issue with
``github.standing_issue``: a second run edits it, keeping the boxes already ticked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from unmentoring.core import attention
from unmentoring.core.setup_checks import Report, Status
from unmentoring.core.standing_issue import Kind

KIND = Kind(
    key="set-up-checklist",
    label="set-up",
    label_description="What is left to set up this scheme",
    title="Set up this scheme: what is left to do",
    reopens=False,
)

# The doctor's checks that warn only because nobody has joined yet: the step to share the join
# form is what to do about them.
NOBODY_YET = frozenset({"data", "first round"})
# The doctor's checks (core/setup_checks.py) that a step below stands for.
PAGES_CHECK = "GitHub Pages"
CONTACT_CHECK = "scheme.yaml contact"

PULL_REQUESTS_STEP = (
    "Let the workflows offer you upgrades. Go to **Settings**, then **Actions**, then "
    "**General**. Under **Workflow permissions**, tick **Allow GitHub Actions to create and "
    "approve pull requests**. Select **Save**. If you cannot tick it, ask an owner of your "
    "organisation on GitHub."
)
PAGES_STEP = (
    "Turn on the website. Go to **Settings**, then **Pages**. Under **Build and deployment**, "
    "set **Source** to **GitHub Actions**. Do not choose any of the workflows GitHub then "
    "suggests. Go to **Actions**, select **Site**, select **Run workflow**, then the green "
    "**Run workflow** button."
)
CONTACT_STEP = (
    "Say how people can reach you. Go to **Actions**, select **Set up this scheme**, then "
    "**Run workflow**. Type the name and who runs it again, and an email address or web page in "
    "the box that asks for one. Select the green **Run workflow** button."
)
WORDS_STEP = (
    "Read the website's pages and the join form. Change any words you want to. "
    "The [organisers' guide]({guide}) says where each one is."
)


@dataclass(frozen=True)
class Done:
    """What the set-up did on this run, for the top of the issue."""

    files: Sequence[str]
    labels: Sequence[str]
    pages: bool | None  # True: turned on now; False: it was on already; None: not allowed
    site_started: bool


def body(done: Done, report: Report, *, join_link: str, guide: str) -> str:
    """The checklist: what was done, the steps left for a person, and the doctor's findings."""
    lines = ["The **Set up this scheme** workflow has set up most of the scheme.", ""]
    lines += ["What it did:", ""]
    if done.files:
        lines.append(f"- Put your answers and your links in {len(done.files)} file(s).")
    if done.labels:
        lines.append(f"- Added the labels {', '.join(done.labels)}.")
    if done.pages:
        lines.append("- Turned on the website (GitHub Pages).")
    if done.site_started:
        lines.append("- Started building the website.")
    if lines[-1] == "":
        lines.append("- Nothing needed changing: it was set up already.")
    lines += ["", "What only you can do. Tick each box when it is done:", ""]
    steps = [PULL_REQUESTS_STEP]
    covered: set[str] = set()  # the doctor's checks that a step here already asks for
    if done.pages is None:
        steps.append(PAGES_STEP)
        covered.add(PAGES_CHECK)
    if any(
        check.name == CONTACT_CHECK and check.status is not Status.PASS for check in report.checks
    ):
        steps.append(CONTACT_STEP)
        covered.add(CONTACT_CHECK)
    steps.append(WORDS_STEP.format(guide=guide))
    steps.append(f"Share the join form with the people you want to reach: {join_link}")
    lines += [f"- [ ] {step}" for step in steps]
    problems = [
        check
        for check in report.checks
        if check.status in (Status.FAIL, Status.WARN) and check.name not in covered | NOBODY_YET
    ]
    if problems:
        lines += ["", "The doctor's checks found these too:", ""]
        lines += [f"- [ ] {' '.join(attention.lines_of(check))}" for check in problems]
    lines += [
        "",
        "To check again, go to **Actions**, select **Doctor**, select **Run workflow**, then the "
        "green **Run workflow** button.",
        "You can close this issue when every box is ticked.",
    ]
    return "\n".join(lines) + "\n"
