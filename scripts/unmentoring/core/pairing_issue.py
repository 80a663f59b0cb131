"""The text of a pairing issue: title, body, labels, and the hidden marker that identifies it.

Pure functions, no I/O. Participants' text is untrusted: it is escaped so Markdown and HTML in it
show as typed, and ``@name`` or ``#123`` in it cannot notify anyone or link an issue, while the
group's own members are @-mentioned on purpose.

The marker, ``<!-- unmentoring:round=2026-03 group=alice,bob -->``, is how announce recognises an
issue it opened before (even when it never learned the number) and how comment commands find
the group an issue belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from unmentoring.core import calendar_links, contact, proposals, texts
from unmentoring.core.forms import form_url
from unmentoring.core.markdown_text import escape, one_line
from unmentoring.core.meeting import DEFAULT_TIMEZONE
from unmentoring.core.model import Group, Participant, Scheme
from unmentoring.core.months import MONTH_NAMES, month_name
from unmentoring.core.nudges import rematch_hint
from unmentoring.core.organisations import organisation_key
from unmentoring.core.starters import Starter
from unmentoring.core.thread import Days, and_list, day_of

# Labels: one marks every pairing issue (workflows filter on it), one marks the round.
PAIRING_LABEL = "pairing"
PAIRING_LABEL_COLOR = "0e8a16"
PAIRING_LABEL_DESCRIPTION = texts.PAIRING_LABEL_DESCRIPTION.fill()
ROUND_LABEL_COLOR = "c5def5"
OUTCOME_LABELS = {"met": "met", "not_met": "not met"}
OUTCOME_LABEL_COLORS = {"met": "0e8a16", "not_met": "d4c5f9"}

MAX_TITLE = 200
# Each member's introduction is a block under this heading (core/erasure.py reads it back):
# a paragraph starting ``**@login: name**``, then their quoted note, if any.
INTRODUCTIONS_HEADING = texts.PAIRING_INTRODUCTIONS.fill()
# Every heading the introductions have had: erasing finds them in older issues too.
INTRODUCTIONS_HEADINGS = (INTRODUCTIONS_HEADING, "## Who you are meeting")
LEFT = texts.PAIRING_LEFT.fill()  # what is left of someone's introduction once they have left
CODE_OF_CONDUCT_PAGE = "code-of-conduct.html"
# The marker's fields as they are read back: a month, and lowercase logins joined by commas.
_MARKER_FIELDS = {"round": r"\d{4}-\d{2}", "members": r"[a-z0-9-]+(?:,[a-z0-9-]+)*"}
_MARKER = re.compile(
    "".join(
        re.escape(literal) + (f"(?P<{name}>{_MARKER_FIELDS[name]})" if name else "")
        for literal, name, _, _ in string.Formatter().parse(texts.PAIRING_MARKER)
    )
)


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
        return texts.PAIRING_MARKER.format(round=self.round, members=",".join(self.members))


def marker_for(month: str, group: Group) -> Marker:
    return Marker(round=month, members=tuple(login.lower() for login in group.members))


def find_marker(body: str | None) -> Marker | None:
    """The marker in an issue body, or None for an issue announce did not open."""
    match = _MARKER.search(body or "")
    if not match:
        return None
    return Marker(round=match.group("round"), members=tuple(match.group("members").split(",")))


def round_label(month: str) -> str:
    return f"round-{month}"


def round_label_description(month: str) -> str:
    return texts.ROUND_LABEL_DESCRIPTION.fill(month=month_name(month))


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
    starter: Starter | None = None,
    issue_url: str | None = None,
    made: dt.date | None = None,
) -> IssueText:
    """The issue for ``group``, its title naming the members by login. Its first three lines
    say who meets, who makes the first move and what to do; then who each member is; the rest
    is folded in a ``<details>`` block. Members without a participant file (they left since the
    draw) are named by login in the body without notifying them, and left out of the title; the
    others are @-mentioned. Someone left alone is told there is nobody to meet, and nothing
    about arranging or reporting a meeting."""
    members = [login.lower() for login in group.members]
    present = [login for login in members if login in participants]
    left = [login for login in members if login not in participants]
    title = texts.PAIRING_TITLE.fill(
        scheme=scheme.name, month=month_name(month), members=and_list(present or members)
    )
    title = shorten(title, MAX_TITLE)
    departed = [_departed(login) for login in left]
    host = group.host if group.host in present else None  # None: drawn before hosts, or left
    meeting = len(present) >= 2
    people = [participants[login] for login in present]
    proposed = bool(_proposed(scheme, month, group, people, made)) if meeting else False
    first = [
        _first_move(host, len(present), proposed),
        texts.PAIRING_PLEASE_MEET.fill(),
        INTRODUCTIONS_HEADING,
        *(_introduce(participants[login], members) for login in present),
        *departed,
    ]
    more = [
        texts.PAIRING_HOW_TO_START.fill(),
        _starter(starter),
        _how(people),
        _when(scheme, month, group, people, change_form, issue_url, made),
        texts.PAIRING_SET_A_DAY.fill(example=f"12 {MONTH_NAMES[int(month[5:7]) - 1]}"),
        _arrange(scheme, group, len(present)),
        _in_public(any(participants[login].contact for login in present)),
        texts.PAIRING_REPORT.fill(),
    ]
    parts = [
        str(marker_for(month, group)),
        _greeting(scheme, month, present, left, group.rematch),
        *(first if meeting else departed),
        *_details(
            meeting,
            [
                *(more if meeting else []),
                _pause_or_leave(change_form),
                _conduct_and_organisers(scheme),
            ],
        ),
        _about_the_scheme(scheme),
    ]
    body = "\n\n".join(part for part in parts if part) + "\n"
    return IssueText(title=title, body=body, labels=(PAIRING_LABEL, round_label(month)))


def _greeting(
    scheme: Scheme, month: str, present: Sequence[str], left: Sequence[str], rematch: bool
) -> str:
    run_by = (
        texts.PAIRING_RUN_BY.fill(organiser=escape(one_line(scheme.organiser), ()))
        if scheme.organiser
        else ""
    )
    who = and_list([f"@{login}" for login in present])
    name = escape(one_line(scheme.name), ())
    if len(present) < 2:
        text = texts.PAIRING_GREETING_ALONE.fill(
            who=who, month=month_name(month), scheme=name, run_by=run_by
        )
        gone = texts.PAIRING_WHO_LEFT_ONE if len(left) == 1 else texts.PAIRING_WHO_LEFT_ALL
        return f"{text}\n\n{texts.PAIRING_NOBODY_LEFT.fill(who=gone.fill())}"
    text = texts.PAIRING_GREETING.fill(
        who=who,
        again=texts.PAIRING_AGAIN.fill() if rematch else "",
        month=month_name(month),
        scheme=name,
        run_by=run_by,
    )
    return text + (texts.PAIRING_REMATCHED.fill() if rematch else "")


def _introduce(person: Participant, members: Sequence[str]) -> str:
    lines = [f"**@{person.login}: {escape(one_line(person.name), members)}**"]
    where = escape(one_line(person.organisation), members)
    if person.role:
        # "Housing officer (independent)", never "Housing officer at independent".
        at = texts.PAIRING_ROLE_AT if organisation_key(person.organisation) else None
        where = (at or texts.PAIRING_ROLE_NO_ORGANISATION).fill(
            role=escape(one_line(person.role), members), organisation=where
        )
    lines.append(where)
    if person.contact:  # validated: one https link or one email address
        lines.append(texts.PAIRING_CONTACT.fill(contact=contact.markdown(person.contact)))
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
    return texts.PAIRING_DEPARTED.fill(login=login)


def _first_move(host: str | None, count: int, proposed: bool = False) -> str:
    """Who makes the first move (the draw's host, when still here, else whoever replies first),
    and that it is a three. ``proposed``: the issue suggests times, so the host picks one."""
    if host is not None:
        others = texts.PAIRING_HOST_OTHERS if count > 2 else texts.PAIRING_HOST_OTHER
        host_text = texts.PAIRING_HOST_PICK if proposed else texts.PAIRING_HOST
        said = [host_text.fill(host=host, others=others.fill())]
    else:
        said = [(texts.PAIRING_NO_HOST_PICK if proposed else texts.NUDGE_NO_HOST).fill()]
    if count == 3:
        said.append(texts.PAIRING_THREE.fill())
    return " ".join(said)


def _arrange(scheme: Scheme, group: Group, count: int) -> str:
    """Where to arrange it, that the thread is public, and what to do when nobody replies."""
    if group.rematch:  # one rematch a month
        silent = texts.PAIRING_REMATCH_SILENT.fill()
    else:
        silent = rematch_hint(Days.of(scheme), count > 2)
    return texts.PAIRING_ARRANGE.fill(if_silent=silent)


def _all(count: int) -> str:
    return (texts.PAIRING_ALL_THREE if count > 2 else texts.PAIRING_BOTH).fill()


def _starter(starter: Starter | None) -> str:
    if starter is None:
        return ""
    return texts.PAIRING_STARTER.fill(
        kind=escape(one_line(starter.kind), ()), starter=escape(one_line(starter.words), ())
    )


_HOW = {
    proposals.Kind.VIDEO: texts.PAIRING_MEET_VIDEO,
    proposals.Kind.VIDEO_SUITS: texts.PAIRING_MEET_VIDEO_SUITS,
    proposals.Kind.IN_PERSON: texts.PAIRING_MEET_IN_PERSON,
    proposals.Kind.EITHER_HERE: texts.PAIRING_MEET_EITHER_HERE,
    proposals.Kind.EITHER: texts.PAIRING_MEET_EITHER,
    proposals.Kind.CANNOT: texts.PAIRING_MEET_CANNOT,
}


def _how(people: Sequence[Participant]) -> str:
    """How the group can meet, true for each of them; kind when they cannot as all want."""
    how = proposals.how_to_meet(people)
    text = _HOW[how.kind]
    values = {"all": _all(len(people)), "area": escape(area_name(how.area or ""), ())}
    return text.fill(**{name: values[name] for name in text.fields})


def area_name(area: str) -> str:
    """An area as a sentence names it: "the North West", "the East of England", "London"."""
    return f"the {area}" if area.startswith(("North ", "South ", "East ", "West ")) else area


def _when(
    scheme: Scheme,
    month: str,
    group: Group,
    people: Sequence[Participant],
    change_form: str | None,
    issue_url: str | None,
    made: dt.date | None,
) -> str:
    """Up to three half-days that suit everyone, each with "Add to calendar" links; or how to
    add one's times; or that none suits them all."""
    if not proposals.has_times(people):
        where = (
            texts.CHANGE_FORM_USE.fill(change_form=change_form)
            if change_form
            else texts.CHANGE_FORM_ASK.fill()
        )
        return texts.PAIRING_ADD_TIMES.fill(where=where)
    chosen = _proposed(scheme, month, group, people, made)
    if not chosen:
        return texts.PAIRING_NO_TIME_FITS.fill(all=_all(len(people)))
    items = [_proposal(scheme, item, issue_url) for item in chosen]
    return texts.PAIRING_WHEN.fill(all=_all(len(people)), proposals="\n".join(items))


def _proposed(
    scheme: Scheme, month: str, group: Group, people: Sequence[Participant], made: dt.date | None
) -> list[proposals.Proposal]:
    """The half-days the issue proposes (none when anyone gave no times)."""
    if group.rematch and made is None:
        made = day_of(month, scheme.rematch_day)
    first, last = proposals.fortnight(month, made)
    return proposals.half_days(people, scheme.timezone, first, last)


def _proposal(scheme: Scheme, item: proposals.Proposal, issue_url: str | None) -> str:
    zone = (
        texts.PAIRING_UK_TIME.fill()
        if scheme.timezone == DEFAULT_TIMEZONE
        # "America/New_York" as people say it: "New York time".
        else texts.PAIRING_ZONE_TIME.fill(
            timezone=scheme.timezone.rsplit("/", 1)[-1].replace("_", " ")
        )
    )
    words = {
        "day": f"{item.day:%A} {item.day.day} {item.day:%B}",
        "start": clock(item.start),
        "end": clock(item.end),
        "zone": zone,
    }
    if issue_url is None:
        return texts.PAIRING_PROPOSAL_UNLINKED.fill(**words)
    event = calendar_links.Event(
        title=one_line(scheme.name),
        details=issue_url,
        day=item.day,
        hours=(item.start, item.end),
        timezone=scheme.timezone,
    )
    return texts.PAIRING_PROPOSAL.fill(
        **words, outlook=calendar_links.outlook(event), google=calendar_links.google(event)
    )


def clock(moment: dt.time) -> str:
    """``09:00`` as "9am", ``12:30`` as "12:30pm", ``13:30`` as "1:30pm"."""
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def _in_public(anyone_gave_contact: bool) -> str:
    """That the thread is public, and where to go to talk privately."""
    privately = (
        texts.PAIRING_PRIVATELY_BY_CONTACT
        if anyone_gave_contact
        else texts.PAIRING_PRIVATELY_BY_LINK
    )
    return texts.PAIRING_IN_PUBLIC.fill(privately=privately.fill())


def _details(fold: bool, parts: Sequence[str]) -> list[str]:
    """``parts``, folded under one line that opens them (``fold``): the first lines stay short.
    Someone left alone has little to read, and nothing to talk about to fold it under."""
    if not fold:
        return list(parts)
    return [f"<details><summary>{texts.PAIRING_MORE.fill()}</summary>", *parts, "</details>"]


def _conduct_and_organisers(scheme: Scheme) -> str:
    """The code of conduct, and how to reach the organisers privately (to report, or ask)."""
    conduct = (
        texts.PAIRING_CONDUCT_LINKED.fill(
            url=f"{scheme.site_url.rstrip('/')}/{CODE_OF_CONDUCT_PAGE}"
        )
        if scheme.site_url
        else texts.PAIRING_CONDUCT_UNLINKED.fill()
    )
    report = ""
    if scheme.contact:
        report = texts.PAIRING_REPORT_PRIVATELY.fill(
            organiser=_run_by(scheme), contact=contact.markdown(scheme.contact)
        )
    return texts.PAIRING_CONDUCT.fill(conduct=conduct, report=report)


def _run_by(scheme: Scheme) -> str:
    if not scheme.organiser:
        return ""
    return texts.PAIRING_ORGANISER.fill(organiser=escape(one_line(scheme.organiser), ()))


def _pause_or_leave(change_form: str | None) -> str:
    where = (
        texts.CHANGE_FORM_USE.fill(change_form=change_form)
        if change_form
        else texts.CHANGE_FORM_ASK.fill()
    )
    return texts.PAIRING_PAUSE_OR_LEAVE.fill(where=where)


def _about_the_scheme(scheme: Scheme) -> str:
    # site_url is checked by `validate` to be a plain web address.
    return texts.ABOUT_THE_SCHEME.fill(site_url=scheme.site_url) if scheme.site_url else ""


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
