"""Comment commands on pairing issues (`/met`, `/not-met`, `/rematch`, `/when`): reading them and
deciding.

A command is a line whose first word is the command: `/met`, `/rematch` (also `/re-match`), or
`/not-met`, also spelt `/not met`, `/notmet`, `/not_met`, `/didnt-meet`, `/didn't-meet` or
`/did-not-meet` (its words joined by `-`, `_`, a space or nothing; any case; a straight or curly
apostrophe or none). Punctuation and emoji may follow the word (`/met.`, `/met!`, `/met🎉`),
except `?`: `/met?` asks rather than tells. Anything after a space is a free note
(`/met great chat`, `/met 🎉`). Lines in quotes (`> `), fenced code blocks and indented code
(four spaces or a tab) never count, nor does a command in the middle of a line. Any other line
whose first word is `/` and a letter (`/metric`, `/help`) is an unknown command.

Only pairing issues count: labelled `pairing` and opened by the account that announces. From a
member of the issue's group (the last known command in a comment wins): `/met` or `/not-met`
records the outcome; `/rematch` gets one reply saying what the request amounts to
(core/rematch.py: follow-up makes the rematches); `/when DATE` records the day the group plans to
meet, or says what to write (core/when.py); in a group that ended when a member was
rematched away, a command gets one reply saying so and changes nothing, since that group is not
counted as a meeting; an unknown command, in a comment with no known one, gets one short reply
listing the commands and changes nothing (a comment with both is the known command's: the rest is
read as a note). From anyone else a known or unknown command gets a polite reply and changes
nothing. Pure: the comment and the rounds in, a decision and its plan (core/plan.py) out.

The commands are a table, ``COMMANDS``: one ``CommentCommand`` record each, with its spellings,
whether it is answered in a group that ended by a rematch, whether its reply reads the thread,
and ``respond``, which gives its effect and its reply as plan actions. Reading, deciding and
replying all follow from the table: a new command is one record (and its docs and tests).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from unmentoring.core import calendar_links, pairing_issue, texts, when
from unmentoring.core.markdown_text import escape
from unmentoring.core.model import Group, Outcome, Round
from unmentoring.core.pairing_issue import Marker
from unmentoring.core.plan import (
    Action,
    CloseIssue,
    EnsureLabel,
    Kind,
    PostComment,
    RecordOutcome,
    RecordPlanned,
    Thread,
)
from unmentoring.core.problems import Refused
from unmentoring.core.thread import Days, ThreadComment, posted_by

# The account that opens pairing issues with a workflow's GITHUB_TOKEN, and the variable that
# names another (a GitHub App's login, ``name[bot]``).
DEFAULT_BOT_LOGIN = "github-actions[bot]"
BOT_LOGIN_ENV = "UNMENTORING_BOT_LOGIN"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>")
# A command-like first word: a slash, then a letter.
_COMMAND_LIKE = re.compile(r"/[^\W\d_]")
# What joins a command's words, or sits inside one, and is dropped from its name: hyphens (and
# the dashes phones put in their place), underscores, straight and curly apostrophes.
_JOINERS = "-_'\u2019\u2010\u2011\u2013\u2014"
# A command word: letters and joiners, then only punctuation or emoji: never a letter, a digit
# or a question mark. The two parts share no character, so a long word is read in linear time.
_COMMAND_WORD = re.compile(rf"/([\w{re.escape(_JOINERS)}]+)[^\w?{re.escape(_JOINERS)}]*")
_DROP_JOINERS = str.maketrans("", "", _JOINERS)
# How many words a command can take (`/did not meet`).
_MOST_WORDS = 3
# An unknown command is shown back in the reply, cut to this many characters.
_SHOWN_LENGTH = 40


@dataclass(frozen=True)
class CommentEvent:
    """The parts of an `issue_comment` event that matter here."""

    issue: int
    issue_body: str
    issue_labels: tuple[str, ...]
    comment_id: int
    author: str
    body: str
    issue_author: str = ""
    repository: str | None = None
    default_branch: str | None = None
    is_bot: bool = False
    is_pull_request: bool = False
    action: str = "created"
    created: dt.date | None = None  # the day it was written (UTC): when a /rematch was asked


# -- the commands: one record each ---------------------------------------------------------------


@dataclass(frozen=True)
class OnIssue:
    """A comment on a group's own pairing issue: the group, as its round file has it."""

    comment: CommentEvent
    drawn: Round
    group: Group
    marker: Marker


@dataclass(frozen=True)
class Reply:
    """What a command's answer is worked out from, once the comment is known to be on a
    group's own pairing issue."""

    on: OnIssue
    days: Days
    today: dt.date
    later_round_drawn: bool
    # The issue's other comments, read for a command that ``reads_thread`` (not on a dry run).
    comments: tuple[ThreadComment, ...] = ()
    taking_part: bool = True  # the author is in the scheme and not paused for the round
    scheme_name: str = "UnMentoring"  # a calendar event's title (/when)
    issue_url: str | None = None  # the pairing issue's link: a calendar event's details (/when)

    @property
    def comment(self) -> CommentEvent:
        return self.on.comment

    @property
    def issue(self) -> Thread:
        on = self.on
        return Thread(issue=on.comment.issue, month=on.drawn.round, members=on.group.members)

    def say(self, body: str) -> PostComment:
        """The one reply to the comment (``body`` starts with its marker, the comment's id)."""
        marker = reply_marker(self.comment.comment_id)
        return PostComment(thread=self.issue, kind=Kind.REPLY, marker=marker, body=body)


def reply_marker(comment_id: int) -> str:
    """The marker of the one reply to a comment: its id."""
    return texts.REPLY_MARKER.format(comment_id=comment_id)


Respond = Callable[[Reply], list[Action]]


@dataclass(frozen=True, kw_only=True)
class CommentCommand:
    """One comment command. Only the group's members may use one; anyone else gets a polite
    reply and nothing changes. ``spellings``: every way of writing it, each also in any case,
    with its words joined by ``_``, a space or nothing instead of ``-``, and with an apostrophe.
    ``respond`` gives its effect and its reply, as plan actions (core/plan.py)."""

    name: str  # as the docs spell it, without the slash
    spellings: tuple[str, ...]
    respond: Respond
    does: str  # for the log: "record" an outcome, or "rematch"
    outcome: Outcome | None = None  # the outcome it records, if any
    reads_thread: bool = False  # the reply depends on what others wrote in the issue
    # Answered in a group that ended when a member was rematched away; other commands there
    # get one reply saying the group ended, and change nothing (it is not a meeting).
    in_ended_group: bool = False


def _saying(text: str) -> Respond:
    """A reply that changes nothing."""
    return lambda reply: [reply.say(text)]


# How the issue is closed for each outcome (GitHub's state_reason).
CLOSE_REASON = {Outcome.MET: "completed", Outcome.NOT_MET: "not_planned"}


def _recording(
    name: str, spellings: tuple[str, ...], outcome: Outcome, thanks: texts.Text
) -> CommentCommand:
    """A command that records ``outcome`` and says ``thanks``."""
    return CommentCommand(
        name=name,
        spellings=spellings,
        respond=_record(outcome, thanks),
        does="record",
        outcome=outcome,
    )


def _record(outcome: Outcome, thanks: texts.Text) -> Respond:
    """Record the outcome in the round file, label the issue and close it, and say thank you."""

    def respond(reply: Reply) -> list[Action]:
        comment, on = reply.comment, reply.on
        label = pairing_issue.OUTCOME_LABELS[outcome]
        others = set(pairing_issue.OUTCOME_LABELS.values()) - {label}
        labels = [name for name in comment.issue_labels if name not in others]
        labels += [label] if label not in labels else []
        return [
            RecordOutcome(
                month=on.drawn.round,
                members=on.group.members,
                outcome=outcome,
                if_unset=False,
                issue=comment.issue,
            ),
            EnsureLabel(
                name=label,
                color=pairing_issue.OUTCOME_LABEL_COLORS[outcome],
                description=texts.OUTCOME_LABEL_DESCRIPTION.fill(),
            ),
            CloseIssue(
                thread=reply.issue,
                kind=Kind.REPLY,
                reason=CLOSE_REASON[outcome],
                labels=tuple(labels),
            ),
            reply.say(thanks.fill(comment_id=comment.comment_id, author=comment.author)),
        ]

    return respond


MET = _recording("met", ("/met",), Outcome.MET, texts.THANK_YOU_MET)
NOT_MET = _recording(
    "not-met",
    ("/not-met", "/didnt-meet", "/did-not-meet"),
    Outcome.NOT_MET,
    texts.THANK_YOU_NOT_MET,
)


def _rematch(reply: Reply) -> list[Action]:
    """Change nothing; say what the request amounts to (core/rematch.py), from the comment's
    date and the thread: follow-up makes the rematches on ``rematch_day``."""
    # Imported here: core/rematch.py reads requests in threads with this module's table.
    from unmentoring.core import rematch

    comment, on = reply.comment, reply.on
    found = rematch.status(
        on.drawn,
        on.group,
        comment.author.lower(),
        comment.created or reply.today,
        reply.comments,
        reply.days,
        later_round_drawn=reply.later_round_drawn,
        taking_part=reply.taking_part,
    )
    marker = reply_marker(comment.comment_id)
    return [reply.say(rematch.reply(comment.author, found, on.drawn.round, reply.days, marker))]


REMATCH = CommentCommand(
    name="rematch",
    spellings=("/rematch",),
    respond=_rematch,
    does="rematch",
    reads_thread=True,
    in_ended_group=True,
)


def _when(reply: Reply) -> list[Action]:
    """Record the date the line gives, and reply with it in words and calendar links; or,
    when it is no date in the round's month from the day the comment was written, say what to
    write and record nothing (core/when.py)."""
    comment, on = reply.comment, reply.on
    month = on.drawn.round
    # Judged from the day it was written, so a late run (follow-up's catch-up) says the same.
    read = when.judge(command_words(comment.body), month, comment.created or reply.today)
    if read.refusal is not None or read.day is None:
        return [
            reply.say(
                when.refusal_text(
                    read, comment.author, comment.comment_id, month, comment.created or reply.today
                )
            )
        ]
    event = calendar_links.Event(
        title=reply.scheme_name, details=reply.issue_url or "", day=read.day
    )
    thanks = texts.WHEN_PLANNED.fill(
        comment_id=comment.comment_id,
        author=comment.author,
        day=when.in_words(read.day),
        google=calendar_links.google(event),
        outlook=calendar_links.outlook(event),
    )
    record = RecordPlanned(month=month, members=on.group.members, day=read.day, issue=comment.issue)
    return [record, reply.say(thanks)]


WHEN = CommentCommand(name="when", spellings=("/when",), respond=_when, does="plan")

# Every comment command; reading, deciding and replying all follow from this table.
COMMANDS: tuple[CommentCommand, ...] = (MET, NOT_MET, REMATCH, WHEN)


# -- reading ---------------------------------------------------------------------------------------


def _name(word: str) -> str:
    """The spelling-free name of a command word: `Didn't-Meet` and `didnt_meet` are one."""
    return word.casefold().translate(_DROP_JOINERS)


_KNOWN: dict[str, CommentCommand] = {
    _name(spelling[1:]): command for command in COMMANDS for spelling in command.spellings
}


@dataclass(frozen=True)
class Asked:
    """What a comment's command lines ask for: the last known command wins."""

    command: CommentCommand | None = None
    unknown: tuple[str, ...] = ()  # the first words of the other command-like lines, as typed


def read_commands(text: str | None) -> Asked:
    """The command lines of a comment: outside quotes and code, each line's first word."""
    last: CommentCommand | None = None
    unknown: list[str] = []
    for line in _plain_lines(text or ""):
        words = line.split()
        if not words or not _COMMAND_LIKE.match(words[0]):
            continue
        found = _command(words)
        if found is None:
            unknown.append(words[0])
        else:
            last = found
    return Asked(last, tuple(unknown))


def _command(words: list[str]) -> CommentCommand | None:
    """The command a line's first words name (the longest that do)."""
    found = _command_and_length(words)
    return found[0] if found else None


def _command_and_length(words: list[str]) -> tuple[CommentCommand, int] | None:
    """The command a line's first words name (the longest that do), and how many words."""
    for count in range(min(len(words), _MOST_WORDS), 0, -1):
        match = _COMMAND_WORD.fullmatch("".join(words[:count]))
        if match and (known := _KNOWN.get(_name(match.group(1)))):
            return known, count
    return None


def command_words(text: str | None) -> list[str]:
    """The words after the command on the line of the comment's command (the last known one):
    `/when 12 March` gives ``["12", "March"]``."""
    after: list[str] = []
    for line in _plain_lines(text or ""):
        words = line.split()
        if words and _COMMAND_LIKE.match(words[0]) and (found := _command_and_length(words)):
            after = words[found[1] :]
    return after


def _plain_lines(text: str) -> Iterable[str]:
    """The lines of ``text`` outside quotes, fenced code blocks and indented code."""
    fence: str | None = None
    for line in text.splitlines():
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if _QUOTE.match(line) or line.startswith(("    ", "\t")):
            continue
        yield line


# -- deciding --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """What to do about one comment: ``action`` names it for the log (``ignore``, ``refuse``,
    ``help``, ``ended``, or the command's ``record`` or ``rematch``), ``why`` says why, and
    ``plan`` gives the actions once the thread is read (when ``reads_thread``)."""

    action: str
    why: str
    respond: Respond | None = None  # None: nothing to do
    on: OnIssue | None = None
    command: CommentCommand | None = None
    reads_thread: bool = False  # the command's own answer depends on the thread

    @property
    def outcome(self) -> Outcome | None:
        """The outcome the comment's command names, if any (recorded only for a member)."""
        return self.command.outcome if self.command else None

    def plan(
        self,
        days: Days,
        today: dt.date,
        *,
        later_round_drawn: bool,
        comments: tuple[ThreadComment, ...] = (),
        taking_part: bool = True,
        scheme_name: str = "UnMentoring",
        issue_url: str | None = None,
    ) -> list[Action]:
        """The actions, in order: file changes, then what is done on GitHub, then the reply."""
        if self.respond is None or self.on is None:
            return []
        reply = Reply(
            on=self.on,
            days=days,
            today=today,
            later_round_drawn=later_round_drawn,
            comments=comments,
            taking_part=taking_part,
            scheme_name=scheme_name,
            issue_url=issue_url,
        )
        return self.respond(reply)


def decide(
    comment: CommentEvent, rounds: Mapping[str, Round], bot: str = DEFAULT_BOT_LOGIN
) -> Decision:
    """Whether and how to act on ``comment``, from the event and the round files alone.

    Only pairing issues count. Anyone can copy a marker into an issue of their own, and anyone
    can open an issue, but only people with triage access (or the announcing account) can label
    one, so an issue is a pairing issue when it is labelled ``pairing``, carries a group's
    marker, and is either the issue the round file records for that group (announce writes the
    number, in git, after opening the issue itself), or, before that number has landed, was
    opened by ``bot``, the account that announces. So pairing issues opened by a GitHub App or
    an organiser's own token count as soon as their numbers are in the round file, with no
    setting; ``UNMENTORING_BOT_LOGIN`` only covers the minutes before that."""
    asked = read_commands(comment.body)
    on = _on_pairing_issue(comment, asked, rounds, bot)
    return _answer(on, asked) if isinstance(on, OnIssue) else Decision("ignore", on)


def _on_pairing_issue(
    comment: CommentEvent, asked: Asked, rounds: Mapping[str, Round], bot: str
) -> OnIssue | str:
    """The group whose own pairing issue the comment is on; else why it is not one to act on."""
    why = _not_ours(comment, asked)
    if why is not None:
        return why
    marker = pairing_issue.find_marker(comment.issue_body)
    if marker is None:
        return f"issue #{comment.issue} is not a pairing issue (no marker)"
    drawn = rounds.get(marker.round)
    if drawn is None:
        raise Refused(
            f"issue #{comment.issue} belongs to round {marker.round}, whose round file is "
            "missing or invalid (`unmentoring validate` says which file and why)"
        )
    group = _the_group(comment, drawn, marker, bot)
    return OnIssue(comment, drawn, group, marker) if isinstance(group, Group) else group


def _not_ours(comment: CommentEvent, asked: Asked) -> str | None:
    """Why a comment is not one to act on, from the event alone; None if it may be."""
    if comment.action != "created":
        return f"the comment was {comment.action}, not created"
    if comment.is_pull_request or comment.is_bot:
        return "a pull request, or a bot's own comment"
    if pairing_issue.PAIRING_LABEL not in comment.issue_labels:
        return f"issue #{comment.issue} has no `pairing` label"
    if asked.command is None and not asked.unknown:
        return "no command on a line of its own"
    return None


def _the_group(comment: CommentEvent, drawn: Round, marker: Marker, bot: str) -> Group | str:
    """The marker's group, when the issue is its pairing issue; else why it is not."""
    group = next(
        (g for g in drawn.groups if pairing_issue.marker_for(drawn.round, g).key == marker.key),
        None,
    )
    members = ",".join(marker.members)
    if group is None:
        return f"no group {members} in round {marker.round}"
    if group.issue is not None and group.issue != comment.issue:
        return f"group {members} belongs to issue #{group.issue}"
    if group.issue is None and comment.issue_author.lower() != bot.lower():
        return (
            f"issue #{comment.issue} was opened by {comment.issue_author or 'nobody known'}, "
            f"not by {bot}, and round {marker.round}'s file does not record it yet: it counts "
            f"once announce has committed its number (or set {BOT_LOGIN_ENV} to the login "
            "that announces)"
        )
    return group


def _answer(on: OnIssue, asked: Asked) -> Decision:
    """The answer to a comment on the group's own pairing issue."""
    comment, group, command = on.comment, on.group, asked.command
    if comment.author.lower() not in group.members:
        refusal = _saying(not_a_member(comment, group.members))
        return Decision("refuse", "not a member", refusal, on, command)
    if on.drawn.ended_by_rematch(group) and not (command is not None and command.in_ended_group):
        why = "a group whose member was rematched"
        return Decision("ended", why, _saying(group_ended(comment)), on)
    if command is None:
        unknown = asked.unknown[0]
        why = f"a member's unknown command {unknown}"
        return Decision("help", why, _saying(command_help(comment, unknown)), on)
    why = f"a member's /{command.name}"
    return Decision(command.does, why, command.respond, on, command, command.reads_thread)


# -- the replies that are no command's: refused, ended, help ---------------------------------------


def not_a_member(comment: CommentEvent, members: tuple[str, ...]) -> str:
    names = " and ".join([", ".join(members[:-1]), members[-1]] if len(members) > 1 else members)
    return texts.NOT_A_MEMBER.fill(
        comment_id=comment.comment_id, author=comment.author, names=names
    )


def group_ended(comment: CommentEvent) -> str:
    """The reply to a command in a group that ended when a member was rematched."""
    return texts.GROUP_ENDED.fill(comment_id=comment.comment_id, author=comment.author)


def command_help(comment: CommentEvent, unknown: str) -> str:
    """The reply to a member's unknown command: what it was, and the commands there are."""
    shown = unknown if len(unknown) <= _SHOWN_LENGTH else f"{unknown[: _SHOWN_LENGTH - 1]}…"
    return texts.COMMAND_HELP.fill(
        comment_id=comment.comment_id, author=comment.author, unknown=escape(shown)
    )


# The commands that change a round file, which follow-up answers when their own run was lost.
CAUGHT_UP = frozenset({"record", "plan"})


def _replaced(later: Sequence[ThreadComment], members: Sequence[str]) -> bool:
    """Whether a member wrote another ``/when`` in ``later``."""
    return any(
        not c.is_bot and c.author.lower() in members and read_commands(c.body).command is WHEN
        for c in later
    )


def unanswered(
    comments: Sequence[ThreadComment], members: Sequence[str], bot: str, today: dt.date
) -> ThreadComment | None:
    """The first member's command that changes the round file (``/met``, ``/not-met``,
    ``/when``) in a thread that no reply of ours answers, written before ``today``: its own run
    failed or never started, so the daily run answers it instead (events only make a change
    sooner). One written today is left to its own run, which may still be going. A ``/when``
    that a later member's ``/when`` replaced is left alone: it must not bring back an old day."""
    for index, comment in enumerate(comments):
        asked = read_commands(comment.body)
        if asked.command is WHEN and _replaced(comments[index + 1 :], members):
            continue
        if (
            not comment.is_bot
            and comment.author.lower() in members
            and comment.comment_id is not None
            and comment.created is not None
            and comment.created < today
            and asked.command is not None
            and asked.command.does in CAUGHT_UP
            and not posted_by(comments, reply_marker(comment.comment_id), bot)
        ):
            return comment
    return None
