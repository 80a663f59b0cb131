"""Comment commands on pairing issues (`/met`, `/not-met`, `/rematch`): reading them and deciding.

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
(core/rematch.py: follow-up makes the rematches); in a group that ended when a member was
rematched away, a command gets one reply saying so and changes nothing, since that group is not
counted as a meeting; an unknown command, in a comment with no known one, gets one short reply
listing the commands and changes nothing (a comment with both is the known command's: the rest is
read as a note). From anyone else a known or unknown command gets a polite reply and changes
nothing. Pure: the comment and the rounds in, a decision and the texts of replies out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from unmentoring.core import pairing_issue
from unmentoring.core.markdown_text import escape
from unmentoring.core.model import Group, Outcome, Round
from unmentoring.core.pairing_issue import Marker
from unmentoring.core.problems import Refused

# The commands as the docs spell them. Each also counts in any case, with its words joined by
# `_`, a space or nothing instead of `-`, and with an apostrophe (`/didn't-meet`): see _name.
COMMANDS = {
    "/met": Outcome.MET,
    "/not-met": Outcome.NOT_MET,
    "/didnt-meet": Outcome.NOT_MET,
    "/did-not-meet": Outcome.NOT_MET,
}
REMATCH = "/rematch"
# How the issue is closed for each outcome (GitHub's state_reason).
CLOSE_REASON = {Outcome.MET: "completed", Outcome.NOT_MET: "not_planned"}
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
REPLY_MARKER = "<!-- unmentoring:reply-to={} -->"
# An unknown command is shown back in the reply, cut to this many characters.
_SHOWN_LENGTH = 40


def _name(word: str) -> str:
    """The spelling-free name of a command word: `Didn't-Meet` and `didnt_meet` are one."""
    return word.casefold().translate(_DROP_JOINERS)


_KNOWN: dict[str, Outcome | str] = {
    **{_name(spelling[1:]): outcome for spelling, outcome in COMMANDS.items()},
    _name(REMATCH[1:]): REMATCH,
}


@dataclass(frozen=True)
class Asked:
    """What a comment's command lines ask for: the last known command wins."""

    outcome: Outcome | None = None  # the last known command's, when it names an outcome
    unknown: tuple[str, ...] = ()  # the first words of the other command-like lines, as typed
    rematch: bool = False  # the last known command is `/rematch`


def read_commands(text: str | None) -> Asked:
    """The command lines of a comment: outside quotes and code, each line's first word."""
    last: Outcome | str | None = None
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
    if last == REMATCH:
        return Asked(None, tuple(unknown), rematch=True)
    return Asked(last if isinstance(last, Outcome) else None, tuple(unknown))


def find_command(text: str | None) -> Outcome | None:
    """The outcome asked for by the last command line of a comment, if any."""
    return read_commands(text).outcome


def _command(words: list[str]) -> Outcome | str | None:
    """The command a line's first words name (the longest that do): an outcome, or REMATCH."""
    for count in range(min(len(words), _MOST_WORDS), 0, -1):
        match = _COMMAND_WORD.fullmatch("".join(words[:count]))
        if match and (known := _KNOWN.get(_name(match.group(1)))):
            return known
    return None


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


@dataclass(frozen=True)
class Comment:
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


class Act(enum.StrEnum):
    """What to do about a comment."""

    IGNORE = "ignore"  # not a command on a pairing issue of ours
    REFUSE = "refuse"  # a command from someone outside the group: a polite reply, no change
    RECORD = "record"  # a member's command: record the outcome, label and close the issue
    HELP = "help"  # a member's unknown command: one reply listing the commands, no change
    REMATCH = "rematch"  # a member's /rematch: one reply saying what it amounts to, no change
    ENDED = "ended"  # a command for a group whose member was rematched away: a reply, no change


@dataclass(frozen=True)
class Decision:
    """What to do about one comment, and why (for the log)."""

    action: Act
    why: str
    outcome: Outcome | None = None
    marker: Marker | None = None
    members: tuple[str, ...] = ()
    unknown: str | None = None  # with HELP: the unknown command, as typed
    group: Group | None = None  # the group the issue belongs to, as the round file has it


def decide(comment: Comment, rounds: Mapping[str, Round], bot: str = DEFAULT_BOT_LOGIN) -> Decision:
    """Whether and how to act on ``comment``, from the event and the round files alone.

    Only pairing issues count. Anyone can copy a marker into an issue of their own, and anyone
    can open an issue, but only people with triage access (or the announcing account) can label
    one, so an issue is a pairing issue when it is labelled ``pairing``, carries a group's
    marker, and is either the issue the round file records for that group (announce writes the
    number, in git, after opening the issue itself), or, before that number has landed, was
    opened by ``bot``, the account that announces. So pairing issues opened by a GitHub App or
    an organiser's own token count as soon as their numbers are in the round file, with no
    setting; ``UNMENTORING_BOT_LOGIN`` only covers the minutes before that."""
    if comment.action != "created":
        return Decision(Act.IGNORE, f"the comment was {comment.action}, not created")
    if comment.is_pull_request or comment.is_bot:
        return Decision(Act.IGNORE, "a pull request, or a bot's own comment")
    if pairing_issue.PAIRING_LABEL not in comment.issue_labels:
        return Decision(Act.IGNORE, f"issue #{comment.issue} has no `pairing` label")
    asked = read_commands(comment.body)
    if asked.outcome is None and not asked.unknown and not asked.rematch:
        return Decision(Act.IGNORE, "no command on a line of its own")
    marker = pairing_issue.find_marker(comment.issue_body)
    if marker is None:
        return Decision(Act.IGNORE, f"issue #{comment.issue} is not a pairing issue (no marker)")
    drawn = rounds.get(marker.round)
    if drawn is None:
        raise Refused(
            f"issue #{comment.issue} belongs to round {marker.round}, whose round file is "
            "missing or invalid (`unmentoring validate` says which file and why)"
        )
    group = _group(drawn, marker)
    if group is None:
        return Decision(Act.IGNORE, f"no group {','.join(marker.members)} in round {marker.round}")
    if group.issue is not None and group.issue != comment.issue:
        return Decision(
            Act.IGNORE, f"group {','.join(marker.members)} belongs to issue #{group.issue}"
        )
    if group.issue is None and comment.issue_author.lower() != bot.lower():
        return Decision(
            Act.IGNORE,
            f"issue #{comment.issue} was opened by {comment.issue_author or 'nobody known'}, "
            f"not by {bot}, and round {marker.round}'s file does not record it yet: it counts "
            f"once announce has committed its number (or set {BOT_LOGIN_ENV} to the login "
            "that announces)",
        )
    if comment.author.lower() not in group.members:
        return Decision(Act.REFUSE, "not a member", asked.outcome, marker, group.members)
    if asked.rematch:
        return Decision(
            Act.REMATCH, "a member's /rematch", None, marker, group.members, group=group
        )
    if not group.rematch and any(set(group.members) & set(g.members) for g in drawn.rematches):
        return Decision(
            Act.ENDED, "a group whose member was rematched", None, marker, group.members
        )
    if asked.outcome is None:
        unknown = asked.unknown[0]
        return Decision(
            Act.HELP, f"a member's unknown command {unknown}", None, marker, group.members, unknown
        )
    return Decision(Act.RECORD, "a member's command", asked.outcome, marker, group.members)


def unrecognised_announcer(authors: Iterable[str], bot: str = DEFAULT_BOT_LOGIN) -> str | None:
    """What to set when pairing issues were opened by an account other than ``bot``.

    ``authors``: who opened the pairing issues. Such issues still count once their numbers are
    in the round file; until then a comment on them is ignored. None when all is well."""
    others = sorted({author for author in authors if author and author.lower() != bot.lower()})
    if not others:
        return None
    return (
        f"pairing issues were opened by {', '.join(others)}, not by {bot}: `/met` on them "
        "counts only once announce has committed their numbers; set the repository variable "
        f"{BOT_LOGIN_ENV} to {others[0]} so that it counts at once"
    )


def with_outcome(drawn: Round, marker: Marker, outcome: Outcome) -> Round:
    """``drawn`` with the group's outcome set.

    The issue number is never taken from a comment: announce records it, matching issues by
    their marker, so a group without a number is still announced (or recognised) properly."""
    groups = tuple(
        dataclasses.replace(group, outcome=outcome)
        if pairing_issue.marker_for(drawn.round, group).key == marker.key
        else group
        for group in drawn.groups
    )
    return dataclasses.replace(drawn, groups=groups)


def _group(drawn: Round, marker: Marker) -> Group | None:
    for group in drawn.groups:
        if pairing_issue.marker_for(drawn.round, group).key == marker.key:
            return group
    return None


def thank_you(comment: Comment, outcome: Outcome) -> str:
    if outcome is Outcome.MET:
        text = (
            f"Thank you, @{comment.author}! Recorded: you met. This issue is now closed; "
            "see you in the next round."
        )
    else:
        text = (
            f"Thanks for letting us know, @{comment.author}. Recorded: you did not meet this "
            "time. This issue is now closed, and you stay in the next draw."
        )
    return f"{REPLY_MARKER.format(comment.comment_id)}\n{text}"


def not_a_member(comment: Comment, members: tuple[str, ...]) -> str:
    # The members are named without @, so this reply does not notify them again.
    names = " and ".join([", ".join(members[:-1]), members[-1]] if len(members) > 1 else members)
    return (
        f"{REPLY_MARKER.format(comment.comment_id)}\n"
        f"Thanks, @{comment.author}! Only the people in this pairing ({names}) can record "
        "whether they met, so nothing has changed."
    )


def group_ended(comment: Comment) -> str:
    """The reply to a command in a group that ended when a member was rematched."""
    return (
        f"{REPLY_MARKER.format(comment.comment_id)}\n"
        f"Thanks, @{comment.author}. This group ended when a member was paired with someone "
        "else this month, so nothing has changed here. If you are in a new group, say how it "
        "went in that issue; otherwise you are in next month's draw as usual."
    )


def command_help(comment: Comment, unknown: str) -> str:
    """The reply to a member's unknown command: what it was, and the commands there are."""
    shown = unknown if len(unknown) <= _SHOWN_LENGTH else f"{unknown[: _SHOWN_LENGTH - 1]}…"
    return (
        f"{REPLY_MARKER.format(comment.comment_id)}\n"
        f"Sorry, @{comment.author}, “{escape(shown)}” is not a command here, so nothing has "
        "changed. On a line of its own, comment `/met` once you have met (a note after it is "
        "fine: `/met great chat`), `/not-met` if it did not happen this time, or `/rematch` to "
        "be paired with someone else when nobody has replied."
    )
