"""Small named checks, each yielding the problems it finds; with the schemas they are ``validate``.

Schema checks (``store/schema.py``) see one file's shape; these see what a schema cannot: real
dates, unsafe characters, file names, and rules across files. Each kind of file has one list of
checks (``PARTICIPANT_CHECKS``, ``ROUND_CHECKS``, ``SCHEME_CHECKS``), which the loader and intake
both run, so the two can never disagree. A problem names the field it concerns, so intake can
word it in the form's terms.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from unmentoring.core import consent, contact, meeting
from unmentoring.core.model import FOLLOW_UP_DAYS, Round, Scheme
from unmentoring.core.months import MONTH_PATTERN
from unmentoring.core.problems import Problem

LOGIN_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")

PARTICIPANT_TEXT = ("name", "organisation", "role", "about", "contact")
MULTILINE_TEXT = {"about"}
SCHEME_TEXT = ("name", "organiser", "site_title", "contact")

# Embedding, override and isolate controls can make text display in a different order from
# how it is stored (the "Trojan Source" trick), so they are refused in every text field.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Document(Protocol):
    """A parsed file as the checks see it: where it is, its data, and the line of each key."""

    @property
    def path(self) -> str: ...  # relative, with forward slashes: ``participants/alice.yaml``

    @property
    def data(self) -> Any: ...

    def line_of(self, where: tuple[str | int, ...]) -> int: ...


Check = Callable[[Document], Iterator[Problem]]


def file_name(document: Document) -> str:
    """The file's name without its folder: ``alice.yaml``."""
    return document.path.rsplit("/", 1)[-1]


def _stem(document: Document) -> str:
    return file_name(document).rsplit(".", 1)[0]


def unsafe_character(text: str, multiline: bool = False) -> str | None:
    """A description of the first control or bidirectional-override character, if any."""
    for char in text:
        if char == "\n" and multiline:
            continue
        if char in BIDI_CONTROLS:
            return f"a bidirectional-override character (U+{ord(char):04X})"
        if unicodedata.category(char) == "Cc":
            name = {"\t": "a tab", "\n": "a line break"}.get(char, f"U+{ord(char):04X}")
            return f"a control character ({name})"
    return None


def check_text_fields(document: Document, fields: Iterable[str]) -> Iterator[Problem]:
    """Text fields hold no control or bidirectional-override characters."""
    if not isinstance(document.data, dict):
        return
    for key in fields:
        value = document.data.get(key)
        if isinstance(value, str):
            found = unsafe_character(value, multiline=key in MULTILINE_TEXT)
            if found:
                yield Problem(
                    path=document.path,
                    line=document.line_of((key,)),
                    field=key,
                    message=f"`{key}` contains {found}; remove it",
                )


def check_real_date(document: Document, key: str) -> Iterator[Problem]:
    """A ``YYYY-MM-DD`` field names a day that exists."""
    value = document.data.get(key) if isinstance(document.data, dict) else None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            yield Problem(
                path=document.path,
                line=document.line_of((key,)),
                field=key,
                message=f"`{key}` is `{value}`, which is not a real date; "
                "write it as YYYY-MM-DD, for example 2026-02-14",
            )


def check_participant_file_name(document: Document) -> Iterator[Problem]:
    """The file is named after the login, lowercased: ``participants/<login>.yaml``."""
    login = document.data.get("github") if isinstance(document.data, dict) else None
    stem = _stem(document)
    if stem != stem.lower():
        yield Problem(
            path=document.path,
            line=None,
            field="github",
            message=f"file names are lowercase: rename it to `{stem.lower()}.yaml`",
        )
    if not LOGIN_PATTERN.match(stem):
        yield Problem(
            path=document.path,
            line=None,
            field="github",
            message="the file name must be a GitHub login followed by .yaml",
        )
    if isinstance(login, str) and LOGIN_PATTERN.match(login) and login.lower() != stem.lower():
        yield Problem(
            path=document.path,
            line=document.line_of(("github",)),
            field="github",
            message=f"`github: {login}` does not match the file name; "
            f"rename the file to `{login.lower()}.yaml` or correct the login",
        )


def check_joined_date(document: Document) -> Iterator[Problem]:
    """``joined`` names a day that exists."""
    return check_real_date(document, "joined")


def check_contact(document: Document) -> Iterator[Problem]:
    """``contact`` is one https link or one email address."""
    value = document.data.get("contact") if isinstance(document.data, dict) else None
    if isinstance(value, str) and not contact.is_valid(value):
        yield Problem(
            path=document.path,
            line=document.line_of(("contact",)),
            field="contact",
            message=f"`contact` {contact.PROBLEM}; it is `{value[:80]}`",
        )


def check_timezone(document: Document) -> Iterator[Problem]:
    """``timezone`` is a time zone the IANA database knows."""
    value = document.data.get("timezone") if isinstance(document.data, dict) else None
    if isinstance(value, str) and not meeting.is_timezone(value):
        yield Problem(
            path=document.path,
            line=document.line_of(("timezone",)),
            field="timezone",
            message=f"`timezone` is `{value[:60]}`, which is no time zone we know; write its "
            "IANA name, such as Europe/London or America/New_York",
        )


def check_planned_dates(document: Document) -> Iterator[Problem]:
    """Each group's ``planned`` is a real day."""
    groups = document.data.get("groups") if isinstance(document.data, dict) else None
    for number, group in enumerate(groups if isinstance(groups, list) else []):
        value = group.get("planned") if isinstance(group, dict) else None
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                yield Problem(
                    path=document.path,
                    line=document.line_of(("groups", number, "planned")),
                    field=f"groups[{number}].planned",
                    message=f"`planned: {value}` is no real day; write it YYYY-MM-DD",
                )


def check_agreement(document: Document) -> Iterator[Problem]:
    """``agreed`` is a real day, and ``agreement`` a version of the wording that exists."""
    yield from check_real_date(document, "agreed")
    yield from check_real_date(document, "account_missing")
    value = document.data.get("agreement") if isinstance(document.data, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and value not in consent.AGREEMENTS:
        known = ", ".join(map(str, consent.AGREEMENTS))
        yield Problem(
            path=document.path,
            line=document.line_of(("agreement",)),
            field="agreement",
            message=f"`agreement: {value}` is no version of the join form's agreements "
            f"(known: {known}); write the version the person ticked",
        )


def check_participant_text(document: Document) -> Iterator[Problem]:
    """A participant's text fields hold no control or bidirectional-override characters."""
    return check_text_fields(document, PARTICIPANT_TEXT)


def check_scheme_text(document: Document) -> Iterator[Problem]:
    """The scheme's text fields hold no control or bidirectional-override characters."""
    return check_text_fields(document, SCHEME_TEXT)


def check_unique_logins(logins: Iterable[tuple[str, str]]) -> Iterator[Problem]:
    """No two participant files have logins that differ only in case."""
    paths_by_login: dict[str, list[str]] = defaultdict(list)
    for path, login in logins:
        paths_by_login[login.lower()].append(path)
    for login, paths in paths_by_login.items():
        if len(paths) > 1:
            for path in paths:
                others = ", ".join(p for p in paths if p != path)
                yield Problem(
                    path=path,
                    line=None,
                    message=f"`{login}` also has a file at {others}; "
                    "logins are unique ignoring case: keep one file",
                )


def check_round_id(document: Document) -> Iterator[Problem]:
    """``round:`` is the month in the file name."""
    value = document.data.get("round")
    if isinstance(value, str) and MONTH_PATTERN.match(value) and value != _stem(document):
        yield Problem(
            path=document.path,
            line=document.line_of(("round",)),
            field="round",
            message=f"`round: {value}` disagrees with the file name {file_name(document)}; "
            f"make them the same month",
        )


def check_round_groups(document: Document) -> Iterator[Problem]:
    """Groups have 2 or 3 members; at most one group of 3; nobody twice in a round.

    Groups made by ``/rematch`` (``rematch: true``) come after the drawn ones and are counted
    apart: each of their members is in a drawn group of the round too, and in one rematch group
    at most, with at most one group of 3 among them."""
    groups = document.data.get("groups")
    if not isinstance(groups, list):
        return
    walk = _GroupsWalk(document)
    for number, group in enumerate(groups, start=1):
        members = group.get("members") if isinstance(group, dict) else None
        if isinstance(members, list):
            yield from walk.group(number, group.get("rematch") is True, members)
    yield from walk.trios()


class _GroupsWalk:
    """What ``check_round_groups`` has seen so far, drawn groups and rematch groups apart."""

    def __init__(self, document: Document):
        self.document = document
        self.round_id = document.data.get("round", document.path)
        self.seen: dict[bool, dict[str, int]] = {False: {}, True: {}}
        self.trio_numbers: dict[bool, list[int]] = {False: [], True: []}
        self.rematch_from: int | None = None

    def problem(self, where: tuple[Any, ...], message: str) -> Problem:
        line = self.document.line_of(where)
        return Problem(path=self.document.path, line=line, field="groups", message=message)

    def group(self, number: int, rematch: bool, members: list[Any]) -> Iterator[Problem]:
        yield from self._order(number, rematch)
        if len(members) not in (2, 3):
            yield self.problem(
                ("groups", number - 1),
                f"group {number} of round {self.round_id} has {len(members)} member(s); "
                "a group has 2 members, or 3 in one group when the count is odd",
            )
        if len(members) == 3:
            self.trio_numbers[rematch].append(number)
        for index, login in enumerate(members):
            if isinstance(login, str):
                yield from self._member(number, rematch, index, login)

    def _order(self, number: int, rematch: bool) -> Iterator[Problem]:
        if rematch and self.rematch_from is None:
            self.rematch_from = number
        elif not rematch and self.rematch_from is not None:
            yield self.problem(
                ("groups", number - 1),
                f"group {number} of round {self.round_id} comes after group "
                f"{self.rematch_from}, made by /rematch; groups made by /rematch are appended "
                "after the drawn ones: restore the order follow-up wrote (`git log -p` on this "
                "file shows it)",
            )

    def _member(self, number: int, rematch: bool, index: int, login: str) -> Iterator[Problem]:
        key = login.lower()
        where = ("groups", number - 1, "members", index)
        seen = self.seen[rematch]
        if key in seen:
            kind = "rematched twice" if rematch else "listed twice"
            yield self.problem(
                where,
                f"`{login}` is {kind} in round {self.round_id} (groups {seen[key]} and "
                f"{number}); each person is in one group a round"
                + (", and in one group made by /rematch at most" if rematch else ""),
            )
        else:
            seen[key] = number
        if rematch and key not in self.seen[False]:
            yield self.problem(
                where,
                f"`{login}` is in group {number} of round {self.round_id}, made by /rematch, "
                "but in none of the round's drawn groups; only members of the round are "
                "rematched: remove the group or restore the drawn one",
            )

    def trios(self) -> Iterator[Problem]:
        for rematch, numbers in self.trio_numbers.items():
            if len(numbers) > 1:
                kind = " made by /rematch" if rematch else ""
                yield self.problem(
                    ("groups", numbers[1] - 1),
                    f"round {self.round_id} has {len(numbers)} groups of 3{kind} (groups "
                    f"{', '.join(map(str, numbers))}); at most one group of 3 is allowed",
                )


def check_round_hosts(document: Document) -> Iterator[Problem]:
    """A group's ``host:`` is one of its members (the draw chose it among them)."""
    round_id = document.data.get("round", document.path)
    groups = document.data.get("groups")
    if not isinstance(groups, list):
        return
    for number, group in enumerate(groups, start=1):
        if not isinstance(group, dict) or not isinstance(group.get("host"), str):
            continue
        members = group.get("members")
        if not isinstance(members, list):
            continue
        logins = [login.lower() for login in members if isinstance(login, str)]
        host = group["host"]
        if LOGIN_PATTERN.match(host) and host.lower() not in logins:  # else the schema says it
            yield Problem(
                path=document.path,
                line=document.line_of(("groups", number - 1, "host")),
                field="groups",
                message=f"group {number} of round {round_id} names `host: {host}`, who is not "
                f"one of its members ({', '.join(logins)}); the host must be a member: restore "
                "the login the draw wrote (`git log -p` on this file shows it)",
            )


def check_follow_up_days(document: Document) -> Iterator[Problem]:
    """The follow-up days come in their order: nudge, then rematch, then "did you meet?"."""
    if not isinstance(document.data, dict):
        return
    defaults = {key: Scheme.default(key) for key in FOLLOW_UP_DAYS}
    days = {key: document.data.get(key, default) for key, default in defaults.items()}
    if not all(isinstance(day, int) and not isinstance(day, bool) for day in days.values()):
        return  # the schema reports the wrong type
    nudge, rematch, prompt = days["nudge_day"], days["rematch_day"], days["prompt_day"]
    if nudge < rematch < prompt:
        return
    given = [key for key in FOLLOW_UP_DAYS if key in document.data]
    where = given[-1] if given else "nudge_day"
    yield Problem(
        path=document.path,
        line=document.line_of((where,)),
        field=where,
        message=f"`nudge_day` ({nudge}), `rematch_day` ({rematch}) and `prompt_day` ({prompt}) "
        "must come in that order, each later than the one before (the defaults are "
        f"{defaults['nudge_day']}, {defaults['rematch_day']} and {defaults['prompt_day']}); "
        "change them so that nudge_day < rematch_day < prompt_day",
    )


# Each kind's checks, in the order their problems are reported (after the schema's).
PARTICIPANT_CHECKS: tuple[Check, ...] = (
    check_participant_file_name,
    check_joined_date,
    check_participant_text,
    check_contact,
    check_timezone,
    check_agreement,
)
ROUND_CHECKS: tuple[Check, ...] = (
    check_round_id,
    check_round_groups,
    check_round_hosts,
    check_planned_dates,
)
SCHEME_CHECKS: tuple[Check, ...] = (
    check_scheme_text,
    check_contact,
    check_timezone,
    check_follow_up_days,
)


def run(checks: Iterable[Check], document: Document) -> list[Problem]:
    """Every problem ``checks`` find in ``document``."""
    return [problem for check in checks for problem in check(document)]


def check_members_were_participants(
    round_path: str, drawn: Round, ever: set[str], line_of: Callable[[str], int | None]
) -> Iterator[Problem]:
    """Each member of a round is, or once was, a participant (``ever``: every login that ever
    had a participant file). A name in no file is a typo, and the real person went unmatched."""
    for number, group in enumerate(drawn.groups, 1):
        for login in group.members:
            if login.lower() not in ever:
                yield Problem(
                    path=round_path,
                    line=line_of(login),
                    message=f"`{login}` in group {number} is not a participant and never was "
                    "(no participant file of that name in the history): check the spelling "
                    "against participants/",
                )
