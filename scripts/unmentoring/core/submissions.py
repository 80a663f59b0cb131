"""What a join or change form does to a participant's entry: a pure decision, without I/O.

``decide`` takes the answers (by field id), the participant's entry as it is, and the date, and
gives an ``Evaluation``: the entry's new content (or its removal) and a reply saying what happens
next, or the problems in plain words. Entries are checked with the same rules as ``validate``.
Nothing typed in a form is ever echoed into a reply; problems show it only as plain text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from unmentoring.core import consent, draws, meeting, schedule, texts
from unmentoring.core.contact import markdown as contact_link
from unmentoring.core.forms import Expected, Form, Submission
from unmentoring.core.markdown_text import escape, one_line
from unmentoring.core.model import Participant, Scheme
from unmentoring.core.months import is_month, month_name, months_between
from unmentoring.core.problems import Problem
from unmentoring.core.rules import LOGIN_PATTERN

JOIN, CHANGE = "join", "change"
FORM_NAMES = (JOIN, CHANGE)
# With `signup: review` a person's submission is proposed on a branch of the scheme's own
# repository named after them (an edit replaces it); the ownership check reads the login back.
REVIEW_BRANCH_PREFIX = "unmentoring/intake-"


def review_branch(login: str) -> str:
    """``unmentoring/intake-<login>``, lowercased like the participant's file."""
    return f"{REVIEW_BRANCH_PREFIX}{login.lower()}"


def review_branch_login(branch: str) -> str | None:
    """The login a review branch is named after; None for any other branch."""
    if not branch.startswith(REVIEW_BRANCH_PREFIX):
        return None
    login = branch.removeprefix(REVIEW_BRANCH_PREFIX)
    return login.lower() if LOGIN_PATTERN.match(login) else None


class Choice(enum.StrEnum):
    """What a submission asks for: joining, or one of the change form's choices."""

    JOIN = "join"
    PAUSE_NEXT = "pause_next"
    PAUSE_UNTIL = "pause_until"
    RESUME = "resume"
    UPDATE = "update"
    LEAVE = "leave"
    UNKNOWN = "unknown"  # the change form's answer is missing or not one of its choices

    @property
    def described(self) -> str:
        """The choice in a commit message: ``alice: pause the next round``."""
        return _DESCRIBED.get(self, self.value.replace("_", " "))


_DESCRIBED = {
    Choice.PAUSE_NEXT: "pause the next round",
    Choice.PAUSE_UNTIL: "pause",
    Choice.UPDATE: "update details",
}

# The change form's choices, as written in change.yml, and what each does.
CHOICES = {
    "Pause the next round": Choice.PAUSE_NEXT,
    "Pause until a month": Choice.PAUSE_UNTIL,
    "Resume": Choice.RESUME,
    "Update my details": Choice.UPDATE,
    "Leave the scheme": Choice.LEAVE,
}
# The forms' words for how often, how and when to meet, and what the file writes for each
# (core/meeting.py). An unanswered question keeps the default, or, in the change form, the entry.
EVERY_WORDS = {"Every month": 1, "Every two months": 2, "Every three months": 3}
MEET_WORDS = {"Video call": "video", "In person": "in-person", "Either": "either"}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
TIME_WORDS = {
    f"{day} {half}": f"{short}-{code}"
    for day, short in zip(_DAY_NAMES, meeting.DAYS, strict=True)
    for half, code in (("morning", "am"), ("afternoon", "pm"))
}
NO_TIMES = "None of these"  # the change form's way to remove every time
NO_AREA = "Remove my area"  # and to remove one's area
PREFERENCES = ("every", "meet", "area", "times", "timezone")

# What this module reads from each form, by field id (the parser gives answers by id): intake
# refuses, and `validate` reports, forms that no longer fit.
_TEXT = ("input", "textarea")
FORMS = (
    Expected(
        name=JOIN,
        fields={
            "name": _TEXT,
            "organisation": _TEXT,
            "role": _TEXT,
            "about": _TEXT,
            "contact": _TEXT,
            "every": ("dropdown",),
            "meet": ("dropdown",),
            "area": ("dropdown",),
            "times": ("checkboxes",),
            "timezone": _TEXT,
            "agreements": ("checkboxes",),
        },
        choices={
            "every": tuple(EVERY_WORDS),
            "meet": tuple(MEET_WORDS),
            "area": meeting.AREAS,
            "times": tuple(TIME_WORDS),
        },
        optional=frozenset(PREFERENCES),
    ),
    Expected(
        name=CHANGE,
        fields={
            "action": ("dropdown",),
            "paused_until": _TEXT,
            "name": _TEXT,
            "organisation": _TEXT,
            "role": _TEXT,
            "about": _TEXT,
            "contact": _TEXT,
            "every": ("dropdown",),
            "meet": ("dropdown",),
            "area": ("dropdown",),
            "times": ("checkboxes",),
            "timezone": _TEXT,
        },
        choices={
            "action": tuple(CHOICES),
            "every": tuple(EVERY_WORDS),
            "meet": tuple(MEET_WORDS),
            "area": (*meeting.AREAS, NO_AREA),
            "times": (*TIME_WORDS, NO_TIMES),
        },
        optional=frozenset(PREFERENCES),
    ),
)
FIELD_IDS = {expected.name: set(expected.fields) for expected in FORMS}
DETAILS = ("name", "organisation", "role", "about", "contact")
OPTIONAL_DETAILS = ("role", "about", "contact")
CLEAR = "-"  # written in an optional box of the change form: remove that detail
MAX_PAUSE_MONTHS = 24


@dataclass(frozen=True, kw_only=True)
class Evaluation:
    """What a submission does: problems to report, or the participant's new file and a reply."""

    login: str
    choice: Choice
    problems: tuple[str, ...] = ()  # plain words, Markdown-safe, for the issue comment
    participant: Participant | None = None  # the file's new content, unless deleted
    delete: bool = False
    changed: bool = False  # whether the file on disk changes at all
    reply: str = ""  # on success: what happens next (Markdown, no user text in it)
    renamed_from: str | None = None  # the login whose file this account's was: moved now

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, kw_only=True)
class Context:
    """What a decision needs to know besides the answers."""

    login: str
    user_id: int | None = None  # the author's account number, when GitHub gave it
    current: Participant | None  # the participant's file as it is, if any
    # The login this account had when its file was written (it renamed itself since): the file
    # is ``current``, under the new login, and moves to it.
    renamed_from: str | None = None
    entry_broken: bool = False  # a file exists but fails validate (an organiser must look)
    today: dt.date
    next_round: str
    scheme: Scheme = field(default_factory=Scheme.placeholder)
    # The last rounds drawn before ``next_round`` (month and members, oldest first): ``every``
    # may keep someone out of the next round or two, and a reply names the round they're in.
    recent: tuple[draws.Grouped, ...] = ()
    links: dict[str, str] = field(default_factory=dict)  # join / change form addresses
    # Every problem ``validate`` finds in a participant file's data: the same checks, so what
    # intake writes is always a valid file (``store.checks.participant_problems``).
    check: Callable[[dict[str, Any]], list[Problem]]


def decide(submission: Submission, form: Form, context: Context) -> Evaluation:
    """The evaluation of one submission, from the answers and the participant's current file."""
    current = context.current
    recorded = current.user_id if current else None
    if recorded and context.user_id and recorded != context.user_id:
        # Another account has this login now: its owner renamed theirs, and the file is still
        # theirs (issue 21, finding 18). Nobody inherits it, changes it or deletes it.
        choice = Choice.JOIN if submission.form == JOIN else Choice.UNKNOWN
        problem = texts.PROBLEM_LOGIN_CLAIMED.fill(login=context.login)
        return Evaluation(login=context.login, choice=choice, problems=(problem,))
    decided = (_join if submission.form == JOIN else _change)(submission, form, context)
    if context.renamed_from is None or not decided.ok:
        return decided
    renamed = texts.RENAMED.fill(old=context.renamed_from, login=context.login)
    return dataclasses.replace(
        decided, changed=True, renamed_from=context.renamed_from, reply=renamed + decided.reply
    )


def _join(submission: Submission, form: Form, context: Context) -> Evaluation:
    problems = _empty_required(submission, form, ("name", "organisation"))
    ticks = submission.ticked.get("agreements", ())
    agreements = form.field("agreements")
    unticked = [
        option
        for index, (option, required) in enumerate(
            zip(agreements.options, agreements.required_options, strict=True)
        )
        if required and not (index < len(ticks) and ticks[index])
    ]
    for option in unticked:
        problems.append(texts.PROBLEM_UNTICKED.fill(option=_plain(option)))
    if problems:
        return Evaluation(login=context.login, choice=Choice.JOIN, problems=tuple(problems))
    current = context.current
    data = {
        "github": context.login,
        **_account(current, context),
        **{key: submission.values[key] for key in DETAILS if key in submission.values},
        **{key: value for key, value in _preferences(submission, form).items() if value},
        "joined": (current.joined if current else context.today).isoformat(),
        **_agreed(current, context.today, form),
    }
    evaluation = _checked(data, form, context, Choice.JOIN)
    if not evaluation.ok:
        return evaluation
    month = month_name(context.next_round)
    if current is None:
        reply = texts.JOINED.fill(
            scheme=_plain(context.scheme.name), login=context.login, month=month
        )
    else:
        was_paused = current.paused or current.paused_until
        reply = texts.JOINED_AGAIN.fill(
            login=context.login,
            was_paused=texts.JOINED_AGAIN_WAS_PAUSED.fill() if was_paused else "",
            month=month,
        )
    reply += _change_hint(context)
    return _success(evaluation, reply)


def _account(current: Participant | None, context: Context) -> dict[str, Any]:
    """The account's number for the file: the one recorded, else the author's."""
    user_id = current.user_id if current and current.user_id else context.user_id
    return {"id": user_id} if user_id is not None else {}


def _agreed(current: Participant | None, today: dt.date, form: Form) -> dict[str, Any]:
    """When they ticked the agreements, and which wording: today, in the wording the form shows,
    unless their file records an earlier day for this same wording (joining again changes
    nothing)."""
    version = consent.version_shown(form.field("agreements").options)
    if current and current.agreed and current.agreement == version:
        return {"agreed": current.agreed.isoformat(), "agreement": version}
    return {"agreed": today.isoformat(), "agreement": version}


def _change(submission: Submission, form: Form, context: Context) -> Evaluation:
    login, current = context.login, context.current
    chosen = _chosen(submission, form, login)
    if isinstance(chosen, Evaluation):
        return chosen
    if chosen is Choice.LEAVE and (current is not None or context.entry_broken):
        return Evaluation(
            login=login, choice=chosen, delete=True, changed=True, reply=_goodbye(login)
        )
    if current is None:
        return _not_signed_up(chosen, context)
    data = current.to_dict() | _account(current, context)
    reply, problems = _CHANGES[chosen](submission, form, context, data)
    if problems:
        return Evaluation(login=login, choice=chosen, problems=tuple(problems))
    evaluation = _checked(data, form, context, chosen)
    if not evaluation.ok:
        return evaluation
    return _success(evaluation, reply + _change_hint(context))


def _chosen(submission: Submission, form: Form, login: str) -> Choice | Evaluation:
    """The change form's choice, or the problem of its missing or unknown answer."""
    choice = submission.values.get("action")
    chosen = CHOICES.get(choice or "")
    if chosen is not None:
        return chosen
    label = _plain(form.field("action").label)
    problem = (texts.PROBLEM_NO_CHOICE if choice is None else texts.PROBLEM_UNKNOWN_CHOICE).fill(
        label=label
    )
    return Evaluation(login=login, choice=Choice.UNKNOWN, problems=(problem,))


def _not_signed_up(chosen: Choice, context: Context) -> Evaluation:
    """A change from someone without a (readable) entry."""
    login = context.login
    if chosen is Choice.LEAVE:
        reply = texts.LEFT_NOT_SIGNED_UP.fill(login=login)
        return Evaluation(login=login, choice=chosen, reply=reply)
    if context.entry_broken:
        problem = texts.PROBLEM_ENTRY_BROKEN.fill()
    elif "join" in context.links:
        problem = texts.PROBLEM_NOT_SIGNED_UP_LINKED.fill(join_form=context.links["join"])
    else:
        problem = texts.PROBLEM_NOT_SIGNED_UP.fill()
    return Evaluation(login=login, choice=chosen, problems=(problem,))


# Each change to an entry: it edits the entry's ``data`` and gives the reply, or problems.
_Change = Callable[[Submission, Form, Context, dict[str, Any]], tuple[str, list[str]]]


def _pause_next(
    submission: Submission, form: Form, context: Context, data: dict[str, Any]
) -> tuple[str, list[str]]:
    data.pop("paused", None)
    # The round after, skipping months without one: the reply names a real round.
    data["paused_until"] = schedule.round_after(context.scheme, context.next_round)
    reply = texts.PAUSED_NEXT.fill(
        login=context.login,
        month=month_name(context.next_round),
        back=month_name(_their_round(context, data, data["paused_until"])),
    )
    return reply, []


def _pause_until(
    submission: Submission, form: Form, context: Context, data: dict[str, Any]
) -> tuple[str, list[str]]:
    problems = _pause_problems(submission, form, context.next_round)
    if problems:
        return "", problems
    data.pop("paused", None)
    data["paused_until"] = submission.values["paused_until"]
    back = schedule.round_from(context.scheme, data["paused_until"])
    back = _their_round(context, data, back)
    return texts.PAUSED_UNTIL.fill(login=context.login, back=month_name(back)), []


def _resume(
    submission: Submission, form: Form, context: Context, data: dict[str, Any]
) -> tuple[str, list[str]]:
    was_paused = "paused" in data or "paused_until" in data
    data.pop("paused", None)
    data.pop("paused_until", None)
    month = month_name(_their_round(context, data, context.next_round))
    reply = texts.RESUMED if was_paused else texts.RESUMED_NOT_PAUSED
    return reply.fill(login=context.login, month=month), []


def _their_round(context: Context, data: dict[str, Any], start: str) -> str:
    """The first round from ``start`` (a round's month, ``next_round`` or later) that they are
    drawn in: ``every`` may keep them out of a round or two after one that grouped them
    (core/draws.py). Rounds to come are counted as the schedule holds them."""
    if context.current is None:
        return start
    person = dataclasses.replace(
        context.current, every=int(data.get("every", context.current.every))
    )
    left = draws.rounds_left_out(person, context.recent)
    month = context.next_round
    while month < start or left > 0:
        left -= 1
        month = schedule.round_after(context.scheme, month)
    return month


def _update(
    submission: Submission, form: Form, context: Context, data: dict[str, Any]
) -> tuple[str, list[str]]:
    problems, updates = _updates(submission, form)
    if problems:
        return "", problems
    for key, value in updates.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return texts.UPDATED.fill(login=context.login), []


_CHANGES: dict[Choice, _Change] = {
    Choice.PAUSE_NEXT: _pause_next,
    Choice.PAUSE_UNTIL: _pause_until,
    Choice.RESUME: _resume,
    Choice.UPDATE: _update,
}


def _goodbye(login: str) -> str:
    return texts.LEFT_THE_SCHEME.fill(login=login)


def _preferences(submission: Submission, form: Form) -> dict[str, Any]:
    """How often, how and when to meet, as the file writes them: the answers given, by field id
    (an empty value: remove it; unanswered: left out)."""
    found: dict[str, Any] = {}
    values = submission.values
    if values.get("every") in EVERY_WORDS:
        found["every"] = EVERY_WORDS[values["every"]]
    if values.get("meet") in MEET_WORDS:
        found["meet"] = MEET_WORDS[values["meet"]]
    if values.get("area") in meeting.AREAS:
        found["area"] = values["area"]
    elif values.get("area") == NO_AREA:
        found["area"] = ""
    if "times" in form.ids and any(submission.ticked.get("times", ())):
        ticked = [
            option
            for option, tick in zip(
                form.field("times").options, submission.ticked["times"], strict=True
            )
            if tick
        ]
        found["times"] = [] if NO_TIMES in ticked else [TIME_WORDS[o] for o in ticked]
    if "timezone" in values:
        found["timezone"] = "" if values["timezone"] == CLEAR else values["timezone"]
    return found


def _updates(submission: Submission, form: Form) -> tuple[list[str], dict[str, Any]]:
    updates: dict[str, Any] = {}
    problems = []
    for key in DETAILS:
        value = submission.values.get(key)
        if value is None:
            continue
        if value == CLEAR and key not in OPTIONAL_DETAILS:
            problems.append(texts.PROBLEM_CANNOT_REMOVE.fill(label=_plain(form.field(key).label)))
            continue
        updates[key] = None if value == CLEAR else value
    for key, chosen in _preferences(submission, form).items():
        updates[key] = chosen or None
    if not updates and not problems:
        asked = [key for key in (*DETAILS, *PREFERENCES) if key in form.ids]
        labels = ", ".join(f"“{_plain(form.field(key).label)}”" for key in asked)
        problems.append(texts.PROBLEM_NOTHING_TO_UPDATE.fill(labels=labels))
    return problems, updates


def _pause_problems(submission: Submission, form: Form, next_round: str) -> list[str]:
    label = _plain(form.field("paused_until").label)
    month = submission.values.get("paused_until")
    if month is None:
        return [texts.PROBLEM_PAUSE_NO_MONTH.fill(label=label)]
    if not is_month(month):
        return [texts.PROBLEM_PAUSE_NOT_A_MONTH.fill(label=label)]
    ahead = months_between(next_round, month)
    if ahead <= 0:
        return [texts.PROBLEM_PAUSE_TOO_SOON.fill(label=label, next_round=month_name(next_round))]
    if ahead > MAX_PAUSE_MONTHS:
        return [texts.PROBLEM_PAUSE_TOO_LONG.fill(label=label, months=MAX_PAUSE_MONTHS)]
    return []


def _empty_required(submission: Submission, form: Form, keys: tuple[str, ...]) -> list[str]:
    return [
        texts.PROBLEM_EMPTY.fill(label=_plain(form.field(key).label))
        for key in keys
        if key not in submission.values
    ]


def _checked(data: dict[str, Any], form: Form, context: Context, choice: Choice) -> Evaluation:
    """The evaluation of ``data`` checked by the rules of ``validate``: problems, or the file."""
    found = context.check(data)
    if found:
        labels = {question.id: question.label for question in form.fields}
        problems = tuple(_in_form_words(problem, labels) for problem in found)
        return Evaluation(login=context.login, choice=choice, problems=problems)
    participant = Participant.from_dict(data)
    return Evaluation(
        login=context.login,
        choice=choice,
        participant=participant,
        changed=participant != context.current,
    )


def _success(evaluation: Evaluation, reply: str) -> Evaluation:
    return dataclasses.replace(evaluation, reply=reply)


def _in_form_words(problem: Problem, labels: dict[str, str]) -> str:
    """A problem with a field, named as the form names it, safe to show in Markdown."""
    label = labels.get(problem.field or "")
    if problem.field == "github":  # the login comes from GitHub, not from the form
        message = texts.PROBLEM_LOGIN.fill()
    elif problem.absent:
        message = texts.PROBLEM_FIELD_EMPTY.fill(field=problem.field)
    else:
        message = problem.message
    if label is not None:
        message = message.replace(f"`{problem.field}`", f"“{label}”")
    message = _plain(message.replace("`", ""))
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def _change_hint(context: Context) -> str:
    """The end of every reply to someone who stays in: where to change things, and where the
    scheme's site is (when scheme.yaml gives it)."""
    link = context.links.get("change")
    where = (
        texts.CHANGE_FORM_LINKED.fill(change_form=link)
        if link
        else texts.CHANGE_FORM_UNLINKED.fill()
    )
    hints = [texts.SIGN_UP_CHANGE_HINT.fill(change_form=where)]
    if context.scheme.site_url:  # checked by `validate` to be a plain web address
        hints.append(texts.ABOUT_THE_SCHEME.fill(site_url=context.scheme.site_url))
    if context.scheme.contact:  # checked by `validate`: an email address or an https link
        hints.append(texts.SIGN_UP_ASK_PRIVATELY.fill(contact=contact_link(context.scheme.contact)))
    return "".join(f"\n\n{hint}" for hint in hints)


def _plain(text: str) -> str:
    """Text typed by someone (or an organiser's label), on one line, shown as typed on GitHub:
    no formatting, links, HTML, @mentions or issue references."""
    return escape(one_line(text))


def next_round(scheme: Scheme, drawn: Collection[str], today: dt.date) -> str:
    """The month of the next draw (see ``schedule.next_round``)."""
    return schedule.next_round(scheme.start, drawn, today, scheme.skip_months)
