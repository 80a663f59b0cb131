"""The text of a pairing issue: title, body, labels, and the hidden marker that identifies it.

Pure functions, no I/O. Participants' text is untrusted: it is escaped so Markdown and HTML in it
show as typed, and ``@name`` or ``#123`` in it cannot notify anyone or link an issue, while the
group's own members are @-mentioned on purpose.

The marker, ``<!-- unmentoring:round=2026-03 group=alice,bob -->``, is how announce recognises an
issue it opened before (even when it never learned the number) and how comment commands find
the group an issue belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from unmentoring.core import contact
from unmentoring.core.forms import form_url
from unmentoring.core.markdown_text import escape, one_line
from unmentoring.core.model import Group, Participant, Scheme
from unmentoring.core.months import month_name
from unmentoring.core.nudges import rematch_hint
from unmentoring.core.thread import Days

# Labels: one marks every pairing issue (workflows filter on it), one marks the round.
PAIRING_LABEL = "pairing"
PAIRING_LABEL_COLOR = "0e8a16"
PAIRING_LABEL_DESCRIPTION = "An UnMentoring pairing: reply to arrange a time, then say /met"
ROUND_LABEL_COLOR = "c5def5"
OUTCOME_LABELS = {"met": "met", "not_met": "not met"}
OUTCOME_LABEL_COLORS = {"met": "0e8a16", "not_met": "d4c5f9"}

MAX_TITLE = 200
# Each member's introduction is a block under this heading (core/erasure.py reads it back):
# a paragraph starting ``**@login: name**``, then their quoted note, if any.
INTRODUCTIONS_HEADING = "## Who you are meeting"
LEFT = "(left the scheme)"  # what is left of someone's introduction once they have left
CODE_OF_CONDUCT_PAGE = "code-of-conduct.html"
_MARKER = re.compile(r"<!-- unmentoring:round=(\d{4}-\d{2}) group=([a-z0-9-]+(?:,[a-z0-9-]+)*) -->")


@dataclass(frozen=True)
class IssueText:
    """What one group's issue says: its title, body and labels."""

    title: str
    body: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Marker:
    """The round and the members (as drawn) that a pairing issue belongs to."""

    round: str
    members: tuple[str, ...]

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        """Identity of the group, whatever order the members are listed in."""
        return self.round, frozenset(self.members)

    def __str__(self) -> str:
        return f"<!-- unmentoring:round={self.round} group={','.join(self.members)} -->"


def marker_for(month: str, group: Group) -> Marker:
    return Marker(round=month, members=tuple(login.lower() for login in group.members))


def find_marker(body: str | None) -> Marker | None:
    """The marker in an issue body, or None for an issue announce did not open."""
    match = _MARKER.search(body or "")
    if not match:
        return None
    return Marker(round=match.group(1), members=tuple(match.group(2).split(",")))


def round_label(month: str) -> str:
    return f"round-{month}"


def round_label_description(month: str) -> str:
    return f"UnMentoring pairings of {month_name(month)}"


def change_form_url(server: str, repository: str | None) -> str | None:
    """Where to pause, resume, update or leave: the change issue form, if the repo is known."""
    if not repository:
        return None
    return form_url(repository, "change", server)


def render(
    scheme: Scheme,
    month: str,
    group: Group,
    participants: Mapping[str, Participant],
    *,
    change_form: str | None,
) -> IssueText:
    """The issue for ``group``, its title naming the members by login. Members without a
    participant file (they left since the draw) are named by login in the body without
    notifying them, and left out of the title; the
    others are @-mentioned. Someone left alone is told there is nobody to meet, and nothing
    about arranging or reporting a meeting."""
    members = [login.lower() for login in group.members]
    present = [login for login in members if login in participants]
    left = [login for login in members if login not in participants]
    # Logins, not names: GitHub shows every earlier title of an issue in its timeline, for good,
    # so a name in a title could never be erased when its owner leaves.
    title = shorten(f"{scheme.name} {month_name(month)}: {and_list(present or members)}", MAX_TITLE)
    departed = [_departed(login) for login in left]
    host = group.host if group.host in present else None  # None: drawn before hosts, or left
    meeting = [
        _first_move(host, len(present)),
        INTRODUCTIONS_HEADING,
        *(_introduce(participants[login], members) for login in present),
        *departed,
        _HOW_TO_START,
        _arrange(scheme, group, len(present)),
        _in_public(any(participants[login].contact for login in present)),
        _REPORT,
    ]
    parts = [
        str(marker_for(month, group)),
        _greeting(scheme, month, present, left, group.rematch),
        *(meeting if len(present) >= 2 else departed),
        _pause_or_leave(change_form),
        _conduct_and_organisers(scheme),
        _about_the_scheme(scheme),
    ]
    body = "\n\n".join(part for part in parts if part) + "\n"
    return IssueText(title=title, body=body, labels=(PAIRING_LABEL, round_label(month)))


def _greeting(
    scheme: Scheme, month: str, present: Sequence[str], left: Sequence[str], rematch: bool
) -> str:
    who = and_list([f"@{login}" for login in present])
    run_by = f" (run by {escape(one_line(scheme.organiser), ())})" if scheme.organiser else ""
    again = " anew" if rematch else ""
    text = (
        f"Hello {who}! You are matched{again} for **{month_name(month)}** in "
        f"{escape(one_line(scheme.name), ())}{run_by}."
    )
    if rematch and len(present) >= 2:
        text += (
            " You each asked for someone new after your first match didn't reply, so there is "
            "less of the month left: a quick call this week is perfect."
        )
    if len(present) < 2:
        who = "the person" if len(left) == 1 else "everyone"
        return (
            f"{text}\n\nSorry: {who} you were matched with has left the scheme since this "
            "round was drawn, so there is nobody to meet this month. You stay in the next draw."
        )
    return (
        f"{text}\n\nPlease find 30 to 60 minutes this month to talk: a video call, a phone call "
        "or a coffee, whatever suits you."
    )


def _introduce(person: Participant, members: Sequence[str]) -> str:
    lines = [f"**@{person.login}: {escape(one_line(person.name), members)}**"]
    where = escape(one_line(person.organisation), members)
    if person.role:
        where = f"{escape(one_line(person.role), members)} at {where}"
    lines.append(where)
    if person.contact:  # validated: one https link or one email address
        lines.append(f"Contact: {contact.markdown(person.contact)}")
    text = "  \n".join(lines)
    if person.about:
        about = "\n".join(
            f"> {escape(line.strip(), members)}".rstrip() for line in person.about.splitlines()
        )
        text += f"\n\n{about}"
    return text


def erased_introduction(login: str) -> str:
    """What is left of ``login``'s introduction after they left (core/erasure.py)."""
    return f"**@{login}**: {LEFT}"


def _departed(login: str) -> str:
    return (
        f"**{login}** has left the scheme since this round was drawn, so they have not been "
        "notified."
    )


_HOW_TO_START = """## How to start

There is no agenda. If you would like a starting point, try the LocalGov Digital ethos:

- **Think**: what are you thinking about at the moment? What is puzzling you?
- **Do**: what are you working on? What has worked, and what has not?
- **Share**: what could you share with each other, or with others afterwards?

## The one rule

No sales pitches."""


def _first_move(host: str | None, count: int) -> str:
    """Who makes the first move (the draw's host, when still here), and that it is a three."""
    said = []
    if host is not None:
        others = "the others pick one" if count > 2 else "the other picks one"
        said.append(
            f"@{host}, you're the host this time: suggest two or three times that suit you, "
            f"and {others}."
        )
    if count == 3:
        said.append("There are three of you this time: find a time that suits all three.")
    return " ".join(said)


def _arrange(scheme: Scheme, group: Group, count: int) -> str:
    """Where to arrange it, that the thread is public, and what to do when nobody replies."""
    if group.rematch:  # one rematch a month
        silent = "If nobody replies this time, you are in next month's draw as usual."
    else:
        silent = rematch_hint(Days.of(scheme), count > 2)
    return (
        "## Arranging a time\n\n"
        "Reply here to arrange a time: everyone in this group is notified of replies.\n\n"
        f"{silent}"
    )


def _in_public(anyone_gave_contact: bool) -> str:
    """That the thread is public, and where to go to talk privately."""
    text = (
        "**This issue is public**: anyone can read it, it stays after the round, and GitHub "
        "has no private messages. Don't post a phone number, an email address or anything "
        "private here."
    )
    if anyone_gave_contact:
        return f"{text} To carry on privately, use the contact given above."
    return f"{text} Once you have agreed a time, share a call link some other way."


def _conduct_and_organisers(scheme: Scheme) -> str:
    """The code of conduct, and how to reach the organisers privately (to report, or ask)."""
    conduct = (
        f"[code of conduct]({scheme.site_url.rstrip('/')}/{CODE_OF_CONDUCT_PAGE})"
        if scheme.site_url
        else "code of conduct"
    )
    text = f"Please keep to the scheme's {conduct}: be kind, no harassment, no sales pitches."
    if scheme.contact:
        text += (
            f" To report something, or ask anything, privately, contact the organisers"
            f"{_run_by(scheme)}: {contact.markdown(scheme.contact)}"
        )
    return text


def _run_by(scheme: Scheme) -> str:
    return f" ({escape(one_line(scheme.organiser), ())})" if scheme.organiser else ""


_REPORT = """## Telling us how it went

When you have met, comment `/met` on a line of its own. If it did not happen this time, comment
`/not-met`. Either one closes this issue. Only the people in this group can do this. The
answer is recorded with this group in the round's file in the repository, which is public like
this issue; the scheme's site shows only anonymised counts."""


def _pause_or_leave(change_form: str | None) -> str:
    where = (
        f"use the [change form]({change_form})"
        if change_form
        else "ask the organiser (the scheme's repository has a change form)"
    )
    return (
        "## Pausing or leaving\n\n"
        f"To skip a round, pause, update your details or leave, {where}. "
        "You can come back whenever you like."
    )


def _about_the_scheme(scheme: Scheme) -> str:
    # site_url is checked by `validate` to be a plain web address.
    return f"About the scheme: {scheme.site_url}" if scheme.site_url else ""


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
