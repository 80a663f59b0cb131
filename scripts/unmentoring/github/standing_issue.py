"""Keeping a standing issue ("Needs attention", the set-up checklist) as ``core.standing_issue``
decides: found by its label, else among the open issues (anyone with triage access can take a
label off), and each write done once.

An issue whose creation got no answer may exist: it is looked for again, after a wait, before a
second try; should a late one land after all, the next run closes it as a duplicate.
An edit whose answer was lost is read back and sent again only if the body is not yet the new
one.
"""

from __future__ import annotations

import logging

from unmentoring.core import standing_issue
from unmentoring.core.standing_issue import Close, Edit, Found, Kind, Leave, Open, Step
from unmentoring.github.interface import GitHub, Issue, MaybeApplied

log = logging.getLogger(__name__)

LABEL_COLOUR = "d93f0b"
LOOK_AGAIN_WAIT = 2.0  # seconds before looking for an issue whose creation got no answer


def found(client: GitHub, kind: Kind) -> list[Found]:
    """The issues with ``kind``'s marker: by its label, else among every open issue."""
    listed = [issue for issue in client.list_issues(labels=[kind.label]) if kind.marks(issue.body)]
    if not listed:
        listed = [issue for issue in client.list_issues(state="open") if kind.marks(issue.body)]
    return [_found(issue) for issue in listed]


def _found(issue: Issue) -> Found:
    return Found(issue.number, issue.state == "open", issue.title, issue.body)


def keep(client: GitHub, kind: Kind, body: str | None) -> int | None:
    """Make ``kind``'s issue say ``body`` (None: close it); its number, if it has one."""
    first, *duplicates = standing_issue.decide(kind, found(client, kind), body)
    for step in duplicates:
        apply(client, kind, step)
    return apply(client, kind, first)


def apply(client: GitHub, kind: Kind, step: Step) -> int | None:
    """Carry ``step`` out; the issue's number."""
    if isinstance(step, Leave):
        log.info("%s: %s", kind.title, step.why)
        return step.number
    if isinstance(step, Close):
        if step.body is not None:
            _edit(client, Edit(step.number, kind.title, step.body))
        client.close_issue(step.number, step.reason)
        log.info("%s: #%d closed (%s)", kind.title, step.number, step.reason)
        return step.number
    if isinstance(step, Edit):
        if step.reopen:
            client.update_issue(step.number, state="open")
        _edit(client, step)
        log.info("%s: #%d updated", kind.title, step.number)
        return step.number
    return _open(client, kind, step)


def _open(client: GitHub, kind: Kind, step: Open) -> int:
    """Open the issue; after a create whose answer was lost, look for it (after a wait, as a
    late create may still land) before the one more try. ``keep`` closes a late duplicate."""
    client.ensure_label(kind.label, LABEL_COLOUR, kind.label_description)
    try:
        number = client.create_issue(step.title, step.body, labels=[kind.label]).number
    except MaybeApplied as error:
        log.warning("%s: %s; looking for it before trying again", kind.title, error)
        client.wait(LOOK_AGAIN_WAIT, "after an uncertain create")
        already = sorted(issue.number for issue in found(client, kind))
        number = (
            already[0]
            if already
            else client.create_issue(step.title, step.body, labels=[kind.label]).number
        )
    log.info("%s: opened #%d", kind.title, number)
    return number


def _edit(client: GitHub, step: Edit) -> None:
    try:
        client.edit_issue_text(step.number, step.title, step.body)
    except MaybeApplied as error:
        log.warning("#%d: %s; reading it before trying again", step.number, error)
        now = client.get_issue(step.number)
        if (now.title, now.body) != (step.title, step.body):
            client.edit_issue_text(step.number, step.title, step.body)
