"""Every text the bot writes on GitHub, in one place: its words, and the hidden marker beside them.

Comments, pairing issues, pull requests, labels and job summaries, grouped by who reads them and
where. Each ``Text`` is data: a template in ``str.format`` style, whose named fields the code
fills in (``{mentions}``, ``{month}``), and the hidden marker that finds the comment again, so
that a rerun never posts it twice (a template too where it names someone: ``{login}``). A
marker shared by several texts, or of a body built from many, is a plain constant beside them
(``REPLY_MARKER``, ``PAIRING_MARKER``). Code decides which text and computes the fields (lists
joined with "and", plurals, dates); the sentences live here, where they can be read, reviewed
and one day translated or overridden as a whole. ``tests/test_texts.py`` fills every template,
checks each call's fields against the template's, and the markers.

The wording of "the change form" differs between texts, as it always has; they sit side by
side here (``CHANGE_FORM_*``) so that one wording can be chosen later.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The organiser's own words (store/messages.py reads them from the scheme's messages/ folder):
# a text's name to its template. Markers are never overridden: they find comments again.
_OVERRIDES: dict[str, str] = {}


@dataclass(frozen=True)
class Text:
    """One text people read: ``template`` with named fields, and ``marker``, the hidden marker
    of the comment that carries it (None for a part of a text). ``name``: how an organiser's
    override names it (set below, from the constant's name)."""

    template: str
    marker: str | None = None
    name: str = field(default="", compare=False)

    @property
    def words(self) -> str:
        """The template in use: the organiser's own words for it, else the default."""
        return _OVERRIDES.get(self.name, self.template)

    @property
    def fields(self) -> set[str]:
        """The names of the fields the template and the marker take."""
        return fields_of(self.template) | fields_of(self.marker or "")

    def mark(self, **fields: Any) -> str:
        """The marker, with its fields filled in."""
        assert self.marker is not None
        return self.marker.format(**fields)

    def fill(self, **fields: Any) -> str:
        """The words, with their fields filled in; a marked text starts with its marker line."""
        words = self.words.format(**fields)
        return f"{self.mark(**fields)}\n{words}" if self.marker is not None else words


# -- follow-up in a pairing issue (core/nudges.py, core/closing.py) -------------------------------

NUDGE = Text(
    "Hello {mentions}! A friendly nudge: nobody has written here yet for the {month} round. "
    "{first_move} Half an hour is plenty.",
    marker="<!-- unmentoring:nudge -->",
)
NUDGE_HOST = Text("{host}, please make the first move: suggest two or three times that suit you.")
# Also the pairing issue's first move, in a group drawn before hosts or whose host has left.
NUDGE_NO_HOST = Text("Whoever replies first: suggest two or three times that suit you.")
# How to ask for someone else, in the pairing issue (before nudge_day) and in the nudge (after).
REMATCH_HINT = Text(
    "If your {when}, comment `/rematch` on a line of its own before the {rematch_day}. On the "
    "{rematch_day}, everyone who asked gets a new match."
)
REMATCH_HINT_WHEN_WAITED = Text("partner doesn't reply")
REMATCH_HINT_WHEN_WAITED_TRIO = Text("partners don't reply")
REMATCH_HINT_WHEN = Text("partner has not replied by the {nudge_day}")
REMATCH_HINT_WHEN_TRIO = Text("partners have not replied by the {nudge_day}")
PROMPT = Text(
    "{mentions}: did you meet? Comment `/met` on a line of its own if you did, or `/not-met` if "
    "it didn't happen this time. Either one closes this issue; the answer is recorded with your "
    "group in the public round file, and the site shows only counts.",
    marker="<!-- unmentoring:prompt -->",
)
# No @-mentions: closing needs nobody's attention.
CLOSING = Text(
    "The {month} round is over and the next one has been drawn, so this issue is closing. "
    "Nobody said whether you met, and that is fine: it is recorded as not reported. Thank you "
    "for taking part!",
    marker="<!-- unmentoring:closing -->",
)

# -- quiet members (core/quiet.py) -------------------------------------------------------------

# True for someone who met without saying so, too: it says what the issues show, no more.
QUIET = Text(
    "Hello @{login}! We have paused you for now, so that nobody is left waiting for a reply. "
    "You have not written in your pairing issues for the last {count} rounds ({issues}), and "
    "nobody said whether you met. If you did meet, thank you, and sorry for the bother. You are "
    "very welcome back whenever it suits you.\n\n"
    "{resume}",
    marker="<!-- unmentoring:quiet={login} -->",
)

# -- /rematch (core/rematch.py) ----------------------------------------------------------------

# The reply to a request, by what it amounts to (rematch.RequestStatus).
REMATCH_REPLIES = {
    "noted": Text(
        "Noted, @{author}: on the {rematch_day} you will be paired with someone else who asked "
        "for a new match, in a new issue. If your partner replies here before then, carry on "
        "here instead: the request lapses. If nobody else asks, you will hear so here."
    ),
    "early": Text(
        "Thanks, @{author}. It is early in the month: give your partner until the {nudge_day}. If "
        "nobody has replied by then, comment `/rematch` again before the {rematch_day}."
    ),
    "late": Text(
        "Sorry, @{author}: this month's rematches are made on the {rematch_day}, from the "
        "requests before it, so it is too late to ask for one. You are in next month's draw as "
        "usual."
    ),
    "answered": Text(
        "@{author}, someone in your group has replied here, so there is no rematch: carry on "
        "arranging a time in this issue. If it doesn't happen, comment `/not-met`."
    ),
    "met": Text(
        "@{author}, your group has said you met, so there is no rematch. You are in next "
        "month's draw as usual."
    ),
    "again": Text(
        "Sorry, @{author}: this group was made by a rematch, and there is one rematch a month. "
        "You are in next month's draw as usual."
    ),
    "over": Text(
        "Sorry, @{author}: the {month} round is over. The next one has been drawn, so look out "
        "for your new pairing issue."
    ),
    "paused": Text(
        "Sorry, @{author}: you are paused or have left the scheme, so you are not paired this "
        'month and there is no rematch. To take part again, choose "Resume" in the change '
        "form."
    ),
}
REMATCH_ALONE = Text(
    "Sorry, @{login}: nobody else asked for a rematch in {month}, so there is no one new to pair "
    "you with this month. If your partner replies, you can still meet here. Either way, you are "
    "in next month's draw as usual.",
    marker="<!-- unmentoring:rematch-alone={login} -->",
)
REMATCH_ALONE_TOGETHER = Text(
    "@{login}, {others} asked for a rematch too, and nobody else did in {month}: you are both "
    "here, so why not meet each other after all? Either way, you are in next month's draw as "
    "usual.",
    marker="<!-- unmentoring:rematch-alone={login} -->",
)
# Names who moved, never why: the reason (a partner who did not reply) is nobody's business here.
REMATCH_MOVED = Text(
    "This group is closing: {leaving} {have} a new match this month{issues}. Thank you for "
    "taking part.",
    marker="<!-- unmentoring:rematched -->",
)
# No follow-up ran between rematch_day and the month's end: nobody is paired, and nobody is told
# that nobody else asked, which would be untrue.
REMATCH_MISSED = Text(
    "Sorry, @{login}: {month}'s rematches were not made before the month ended, so there is no "
    "new match for you this time. You are in next month's draw as usual.",
    marker="<!-- unmentoring:rematch-alone={login} -->",
)

# -- comment commands (core/comment_commands.py) -------------------------------------------------

# Every reply to a comment names the comment it answers, so each is posted once.
REPLY_MARKER = "<!-- unmentoring:reply-to={comment_id} -->"
THANK_YOU_MET = Text(
    "Thank you, @{author}! Recorded: you met. This issue is now closed; see you next time.",
    marker=REPLY_MARKER,
)
THANK_YOU_NOT_MET = Text(
    "Thanks for letting us know, @{author}. Recorded: you did not meet this time. This issue is "
    "now closed, and you stay in the next draw.",
    marker=REPLY_MARKER,
)
# The members are named without @, so this reply does not notify them again.
NOT_A_MEMBER = Text(
    "Thanks, @{author}, but only {names} can say whether they met in this group. So nothing has "
    "changed.",
    marker=REPLY_MARKER,
)
GROUP_ENDED = Text(
    "Thanks, @{author}. This group ended when one of you got a new match this month, so nothing "
    "has changed here. If you are in a new group, tell us how it went in that issue. If not, you "
    "are in next month's draw as usual.",
    marker=REPLY_MARKER,
)
COMMAND_HELP = Text(
    "Sorry, @{author}, “{unknown}” is not a command here, so nothing has changed. Write one of "
    "these on a line of its own. Write `/met` once you have met. You can add a note after it: "
    "`/met great chat`. Write `/not-met` if you did not meet this time. Write `/rematch` to get a "
    "new match when nobody has replied. Write `/when` and a date, like `/when 12 March`, to "
    "set the day you will meet.",
    marker=REPLY_MARKER,
)
# The reply to /rematch (REMATCH_REPLIES) carries the same marker.
REMATCH_REPLY = Text("{words}", marker=REPLY_MARKER)

# -- sign-up forms (core/sign_up_replies.py) ----------------------------------------------------

_SIGN_UP = "<!-- unmentoring:intake -->"
SIGN_UP_PROBLEMS = Text(
    "Thanks, @{login}! Something needs fixing before this can go through:\n\n{problems}\n\n"
    "Please edit this issue (the ··· menu on its first message, then Edit) to fix it, and it "
    "will be checked again.",
    marker=_SIGN_UP,
)
SIGN_UP_DONE = Text("{reply}", marker=_SIGN_UP)
SIGN_UP_IN_REVIEW = Text(
    "Thanks, @{login}! An organiser will look at this change (#{pull_request}); this issue "
    "closes when it is accepted. Then:\n\n{reply}",
    marker=_SIGN_UP,
)
SIGN_UP_LATE_EDIT = Text(
    "We already dealt with this form{when}. The issue is closed, so editing it changes "
    "nothing. To pause, resume, update your details or leave, please use {change_form}.",
    marker="<!-- unmentoring:intake-late-edit -->",
)
SIGN_UP_LATE_EDIT_WHEN = Text(" on {date}")
# The pull request of a form that waits for an organiser (`signup: review`); its title is the
# commit's message, and merging it closes the form.
SIGN_UP_REVIEW = Text("{title}\n\nCloses #{issue}.")

# -- what happens next: the reply to a form that went through (core/submissions.py) ------------

# Someone who stays in is then told, each a paragraph of its own: SIGN_UP_CHANGE_HINT, and
# ABOUT_THE_SCHEME and SIGN_UP_ASK_PRIVATELY when scheme.yaml gives the site and a contact.
JOINED = Text(
    "Welcome to {scheme}, @{login}: you're in! The next round is drawn in **{month}**. You'll be "
    "mentioned in an issue here with your match; reply there to arrange a time, and give 30-60 "
    "minutes to a conversation. Please keep to the code of conduct: be kind, no harassment, no "
    "sales pitches."
)
JOINED_AGAIN = Text(
    "Thanks, @{login}: your details are updated.{was_paused} The next round is drawn in "
    "**{month}**."
)
JOINED_AGAIN_WAS_PAUSED = Text(" You were paused; joining again means you're back in.")
PAUSED_NEXT = Text(
    "Done, @{login}: you'll sit out the {month} round and be matched again from {back}."
)
PAUSED_UNTIL = Text("Done, @{login}: you're paused, and will be matched again from {back}.")
RESUMED = Text("Welcome back, @{login}: you'll be in the {month} round.")
RESUMED_NOT_PAUSED = Text(
    "@{login}, you weren't paused, so nothing needed changing: you'll be in the {month} round."
)
UPDATED = Text("Thanks, @{login}: your details are updated.")
LEFT_THE_SCHEME = Text(
    "Goodbye for now, @{login}. We have removed your entry, so you won't be matched again. We "
    "are also taking your name, organisation, role, note and contact out of the pairing issues "
    "that introduced you. Your username stays there and in past rounds. That way, if you come "
    "back, you are not matched with the same people. Your comments are yours: you can delete a "
    "comment from its ··· menu. You are welcome to join again at any time."
)
LEFT_NOT_SIGNED_UP = Text("@{login}, you aren't signed up, so there was nothing to remove.")
SIGN_UP_CHANGE_HINT = Text("To pause, resume, update your details or leave, use {change_form}.")
SIGN_UP_ASK_PRIVATELY = Text("If you have a question, you can write to the organisers: {contact}")

# -- what needs fixing in a form: one item each of SIGN_UP_PROBLEMS (core/submissions.py) -------

# {label} and {option} are the form's own words, as plain text; so are {labels}, each in quotes.
PROBLEM_EMPTY = Text("“{label}” is empty: please fill it in.")
PROBLEM_UNTICKED = Text("Please tick the box “{option}”: it is needed to join.")
PROBLEM_NO_CHOICE = Text("Please choose what you'd like to do under “{label}”.")
PROBLEM_UNKNOWN_CHOICE = Text(
    "The answer under “{label}” is not one of the form's choices: pick one."
)
# Before the reply to the form itself.
RENAMED = Text(
    "You renamed your GitHub account from {old} to {login}, so your entry is now "
    "`participants/{login}.yaml`. "
)
PROBLEM_LOGIN_CLAIMED = Text(
    "The entry `participants/{login}.yaml` belongs to another GitHub account. That account had "
    "the username {login} before it was renamed, so we can't change the entry for you. To take "
    "part, ask an organiser to move that entry. Then fill in the join form again."
)
PROBLEM_ENTRY_BROKEN = Text(
    "Your entry has a problem that an organiser needs to fix first (`unmentoring validate` shows "
    "it). Or fill in the join form again to replace your entry."
)
PROBLEM_NOT_SIGNED_UP = Text(
    "You aren't signed up yet, so there is nothing to change: use the join form."
)
PROBLEM_NOT_SIGNED_UP_LINKED = Text(
    "You aren't signed up yet, so there is nothing to change: use the join form. {join_form}"
)
PROBLEM_PAUSE_NO_MONTH = Text(
    "Please give the month to pause until under “{label}”, written YYYY-MM."
)
PROBLEM_PAUSE_NOT_A_MONTH = Text(
    "The month under “{label}” should be written YYYY-MM, for example 2026-09."
)
PROBLEM_PAUSE_TOO_SOON = Text(
    "The month under “{label}” should be after the next round ({next_round}). To be matched as "
    "usual, choose Resume instead."
)
PROBLEM_PAUSE_TOO_LONG = Text(
    "The month under “{label}” is more than {months} months away. To stop for longer, leave the "
    "scheme and join again when you like."
)
PROBLEM_CANNOT_REMOVE = Text(
    "“{label}” can't be removed, only changed: write the new one, or leave the box empty to keep "
    "it."
)
PROBLEM_NOTHING_TO_UPDATE = Text(
    "There is nothing to update. Fill in at least one of these: {labels}."
)
# A problem `validate` finds in the entry a form would make is worded as the form words it: the
# field's `name` becomes its label, the first letter a capital, and a full stop ends it.
PROBLEM_LOGIN = Text(
    "your GitHub username can't be used here. It must be letters, numbers and single dashes "
    "(-). Please ask an organiser for help"
)
PROBLEM_FIELD_EMPTY = Text("`{field}` is empty: please fill it in")

# -- the pairing issue (core/pairing_issue.py) ---------------------------------------------------

# The first line of every pairing issue: announce finds an issue it opened by it, comment commands
# the group an issue belongs to (pairing_issue.find_marker reads it with a pattern made from it).
PAIRING_MARKER = "<!-- unmentoring:round={round} group={members} -->"
# Logins, not names: GitHub shows every earlier title of an issue in its timeline, for good, so a
# name in a title could never be erased when its owner leaves.
PAIRING_TITLE = Text("{scheme} {month}: {members}")
# The first three lines: who you meet, who makes the first move, what to do. Shared by the whole
# group, so the first says "each other": true for every member who reads it, whoever they are.
PAIRING_GREETING = Text(
    "{who}, you are{again} meeting each other in **{month}**. This is {scheme}{run_by}."
)
PAIRING_AGAIN = Text(" now")
PAIRING_RUN_BY = Text(", run by {organiser}")
PAIRING_REMATCHED = Text(
    " You each asked for a new match. There is less of the month left, so a quick call this week "
    "is perfect."
)
# Someone left alone, once the others left the scheme: no "each other".
PAIRING_GREETING_ALONE = Text(
    "Hello {who}. You had a match for **{month}**. This is {scheme}{run_by}."
)
PAIRING_NOBODY_LEFT = Text(
    "But {who} you were matched with has left the scheme since the draw. So there is nobody to "
    "meet this month. You stay in the next draw."
)
PAIRING_WHO_LEFT_ONE = Text("the person")
PAIRING_WHO_LEFT_ALL = Text("everyone")
PAIRING_HOST = Text(
    "@{host}, please make the first move. Reply here with two or three times that suit you, and "
    "{others}."
)
# When the issue suggests times (core/proposals.py): they are under "More".
PAIRING_HOST_PICK = Text(
    "@{host}, please make the first move. Reply here with one of the times we suggest below "
    "“More”, or two or three others, and {others}."
)
PAIRING_NO_HOST_PICK = Text(
    "Whoever replies first: pick one of the times we suggest below “More”. Or suggest two or "
    "three others."
)
PAIRING_HOST_OTHER = Text("the other person picks one")
PAIRING_HOST_OTHERS = Text("the others pick one")
PAIRING_THREE = Text("There are three of you: find a time that suits all three.")
PAIRING_PLEASE_MEET = Text(
    "Then meet for 30 to 60 minutes, by video, by phone or over a coffee. When you have met, "
    "comment `/met` here."
)
# Each member's introduction is a block under this heading (core/erasure.py reads it back).
PAIRING_INTRODUCTIONS = Text("## About each of you")
PAIRING_ROLE_AT = Text("{role} at {organisation}")
# For "independent", "freelance" and the like, which are no organisation to be "at".
PAIRING_ROLE_NO_ORGANISATION = Text("{role} ({organisation})")
PAIRING_CONTACT = Text("Contact: {contact}")
PAIRING_DEPARTED = Text(
    "**{login}** has left the scheme since the draw, so we have not told them about this issue."
)
# What is left of someone's introduction once they have left.
PAIRING_LEFT = Text("(left the scheme)")
# The rest of the issue is folded away under this line, to open when wanted.
PAIRING_MORE = Text("More: what to talk about, the rules and privacy")
PAIRING_HOW_TO_START = Text(
    "**What to talk about.** There is no agenda. If you want a place to start, try Think, Do, "
    "Share:\n\n"
    "- **Think**: what are you thinking about at the moment? What is puzzling you?\n"
    "- **Do**: what are you working on? What has worked, and what has not?\n"
    "- **Share**: what could you share with each other, or with others later?\n\n"
    "**The one rule:** no sales pitches."
)
PAIRING_ARRANGE = Text(
    "**Agreeing a time.** Reply here. Everyone in this group gets a message when you do. "
    "{if_silent}"
)
PAIRING_REMATCH_SILENT = Text("If nobody replies this time, you are in next month's draw as usual.")
PAIRING_IN_PUBLIC = Text(
    "**This issue is public.** Anyone can read it, and it stays here after the round. GitHub has "
    "no private messages, so don't post a phone number, an email address or anything private "
    "here.{privately}"
)
PAIRING_PRIVATELY_BY_CONTACT = Text(" To talk in private, use the contact given above.")
PAIRING_PRIVATELY_BY_LINK = Text(" Once you have agreed a time, share a call link some other way.")
PAIRING_REPORT = Text(
    "**Telling us how it went.** When you have met, comment `/met` on a line of its own. If you "
    "did not meet this time, comment `/not-met`. Either one closes this issue, and only the "
    "people in this group can do it. We record the answer with this group in the round's file, "
    "which is public like this issue. The scheme's website shows only counts."
)
PAIRING_PAUSE_OR_LEAVE = Text(
    "**Pausing or leaving.** To skip a round, pause, update your details or leave, {where}. You "
    "can come back whenever you like."
)
PAIRING_CONDUCT = Text(
    "Please follow the {conduct}. Be kind, do not harass anyone and do not sell.{report}"
)
PAIRING_CONDUCT_LINKED = Text("[code of conduct]({url})")
PAIRING_CONDUCT_UNLINKED = Text("code of conduct")
PAIRING_REPORT_PRIVATELY = Text(
    " If something goes wrong, or you have a question, you can write to the organisers"
    "{organiser}: {contact}"
)
PAIRING_ORGANISER = Text(" ({organiser})")

# -- the labels of pairing issues (core/pairing_issue.py, made by announce) ---------------------

PAIRING_LABEL_DESCRIPTION = Text("A pairing: reply here to agree a time, then say /met")
ROUND_LABEL_DESCRIPTION = Text("Pairings of {month}")
# The labels of outcomes (core/comment_commands.py, made by /met and /not-met).
OUTCOME_LABEL_DESCRIPTION = Text("The outcome a member reported")

# -- how and when to meet, in the pairing issue (issue 24) ---------------------------------------

# How the group can meet (core/proposals.how_to_meet): true for every member who reads it.
PAIRING_MEET_VIDEO = Text("**How to meet.** You {all} prefer video.")
PAIRING_MEET_VIDEO_SUITS = Text("**How to meet.** A video call suits you {all}.")
PAIRING_MEET_IN_PERSON = Text(
    "**How to meet.** You are {all} in {area} and happy to meet in person."
)
PAIRING_MEET_EITHER_HERE = Text(
    "**How to meet.** You are {all} in {area}. You can meet by video or in person."
)
PAIRING_MEET_EITHER = Text("**How to meet.** You can meet by video or in person.")
PAIRING_MEET_CANNOT = Text(
    "**How to meet.** This time, not all of you can meet the way you chose. A video call is an "
    "easy way to start. If it does not suit you, say so here."
)
PAIRING_BOTH = Text("both")  # {all}: a pair
PAIRING_ALL_THREE = Text("all three")  # {all}: a three
# When (core/proposals.half_days): each proposed half-day is a list item.
PAIRING_WHEN = Text(
    "**When to meet.** These times suit you {all}, from the half-days you gave us:\n\n"
    "{proposals}\n\nPick one here, or agree another time."
)
PAIRING_PROPOSAL = Text(
    "- {day}, {start} to {end} {zone}: add it to [Outlook]({outlook}) or [Google]({google})"
)
PAIRING_PROPOSAL_UNLINKED = Text("- {day}, {start} to {end} {zone}")
PAIRING_UK_TIME = Text("UK time")  # {zone}: the scheme's zone is Europe/London
PAIRING_ZONE_TIME = Text("{timezone} time")  # {zone}: any other
PAIRING_NO_TIME_FITS = Text(
    "**When to meet.** No half-day in the next two weeks suits you {all}, from the half-days "
    "you gave us. Please find a time here."
)
PAIRING_ADD_TIMES = Text(
    "**When to meet.** We suggest times only when everyone in the group has told us the "
    "half-days that suit them. To add or change yours, {where}."
)
# How to record the day agreed (/when, core/when.py), after the days proposed.
PAIRING_SET_A_DAY = Text(
    "**Setting the day.** When you agree a day, comment `/when` and the date on a line of its "
    "own, like `/when {example}`. You then get links to add it to your calendar."
)
# One conversation starter a group (core/starters.py), from the scheme's list.
PAIRING_STARTER = Text("**To start you off.** {kind}: {starter}")


# -- /when, and the day before a planned date (issue 24) -----------------------------------------

# The reply to a member's /when (core/when.py): the day in words, and links that add it to a
# calendar (core/calendar_links.py: the scheme's name and this link, nothing more). The
# same words whether the date is new or moved: a rerun of either says the same.
WHEN_PLANNED = Text(
    "Thanks, @{author}! Your date to meet is **{day}**. It is public, like this issue.\n\n"
    "Add it to your calendar: [Google Calendar]({google}) or [Outlook]({outlook}).\n\n"
    "To change the date, write `/when` and the new date.",
    marker=REPLY_MARKER,
)
# What to write, in every reply that records nothing.
WHEN_HOW = Text(
    "Write `/when` and a date in {month} on a line of its own, like `/when {example}`. Please "
    "write a new comment: we do not read changes to old ones."
)
WHEN_NOT_A_DATE = Text(
    "Sorry, @{author}, we could not read a date there, so nothing has changed. {how}",
    marker=REPLY_MARKER,
)
WHEN_WRONG_WEEKDAY = Text(
    "Sorry, @{author}, {day} is a {weekday}, so nothing has changed. Check the date. {how}",
    marker=REPLY_MARKER,
)
WHEN_OUTSIDE_MONTH = Text(
    "Sorry, @{author}, {day} is not in {month}, so nothing has changed. Pick a day in this "
    "round's month. {how}",
    marker=REPLY_MARKER,
)
WHEN_PAST = Text(
    "Sorry, @{author}, {day} has gone by, so nothing has changed. Pick today or a later day. {how}",
    marker=REPLY_MARKER,
)
# After the round's month: no day of it is still to come, so say how to report instead.
WHEN_ROUND_OVER = Text(
    "Sorry, @{author}, the {month} round is over, so nothing has changed. If you met, comment "
    "`/met`. If not, comment `/not-met`.",
    marker=REPLY_MARKER,
)
# Follow-up, the day before the planned date (or on the day, if that run was missed). The date
# is in the marker, so a moved date gets its own reminder.
WHEN_REMINDER = Text(
    "Hello {mentions}! A reminder: you plan to meet {when}, **{day}**. Have a good chat!",
    marker="<!-- unmentoring:when-reminder={date} -->",
)
WHEN_TOMORROW = Text("tomorrow")
WHEN_TODAY = Text("today")


# -- the organisers' own issues: the set-up checklist (core/setup_checklist.py) -----------------

SETUP_TITLE = Text("Set up this scheme: what is left to do")
SETUP_LABEL_DESCRIPTION = Text("What is left to set up this scheme")
SETUP_INTRO = Text("The **Set up this scheme** workflow has set up most of the scheme.")
SETUP_DONE = Text("What it did:")
SETUP_DONE_FILES = Text("Put your answers and your links in {files}.")
SETUP_DONE_LABELS = Text("Added the labels {labels}.")
SETUP_DONE_PAGES = Text("Turned on the website (GitHub Pages).")
SETUP_DONE_SITE = Text("Started building the website.")
SETUP_DONE_NOTHING = Text("Nothing needed changing: it was set up already.")
SETUP_STEPS = Text("What only you can do. Tick each box when it is done:")
SETUP_PULL_REQUESTS = Text(
    "Let the workflows offer you upgrades. Go to **Settings**, then **Actions**, then "
    "**General**. Under **Workflow permissions**, tick **Allow GitHub Actions to create and "
    "approve pull requests**. Select **Save**. If you cannot tick it, ask an owner of your "
    "organisation on GitHub."
)
SETUP_PAGES = Text(
    "Turn on the website. Go to **Settings**, then **Pages**. Under **Build and deployment**, "
    "set **Source** to **GitHub Actions**. Do not choose any of the workflows GitHub then "
    "suggests. Go to **Actions**, select **Site**, select **Run workflow**, then the green "
    "**Run workflow** button."
)
SETUP_CONTACT = Text(
    "Say how people can reach you. Go to **Actions**, select **Set up this scheme**, then "
    "**Run workflow**. Type the name and who runs it again, and an email address or web page in "
    "the box that asks for one. Select the green **Run workflow** button."
)
SETUP_WORDS = Text(
    "Read the website's pages and the join form. Change any words you want to. "
    "The [organisers' guide]({guide}) says where each one is."
)
SETUP_SHARE = Text("Share the join form with the people you want to reach: {join_link}")
SETUP_DOCTOR_FOUND = Text("The doctor's checks found these too:")
SETUP_END = Text(
    "To check again, go to **Actions**, select **Doctor**, select **Run workflow**, then the "
    "green **Run workflow** button. You can close this issue when every box is ticked."
)

# -- the organisers' own issues: Needs attention (core/attention.py, from the doctor's checks) --

ATTENTION_TITLE = Text("Needs attention")
ATTENTION_LABEL_DESCRIPTION = Text("Something in the scheme needs an organiser")
ATTENTION_INTRO = Text(
    "Something in the scheme needs an organiser. Each item says what to do.\n\n"
    "The daily run checks again and updates this list. When all is well, it closes this issue. "
    "The Doctor workflow shows the same checks."
)
ATTENTION_CALM = Text(
    "All is well: nothing needs an organiser now. This issue opens again if something does."
)
ATTENTION_MUST = Text("Must fix")
ATTENTION_SHOULD = Text("Should fix")
ATTENTION_TO_FIX = Text("To fix: {fix}")
ATTENTION_MORE = Text("And {count} more: the Doctor workflow lists them all.")

# -- the pull request of a draw under review (core/draw_review.py) -----------------------------

DRAW_REVIEW_TITLE = Text("Round {month} ({month_name})")
# How good the draw is: these parts joined by "; " (draw_review.quality_line), the first line of
# the pull request, also the proposed round's commit message and what `pair` prints.
DRAW_QUALITY_PEOPLE = Text("{people} people in {groups} groups{trio}")
DRAW_QUALITY_TRIO = Text(", one of three")
DRAW_QUALITY_REPEAT = Text("{count} pair who met before")
DRAW_QUALITY_REPEATS = Text("{count} pairs who met before")
DRAW_QUALITY_COLLEAGUE = Text("{count} pair of colleagues")
DRAW_QUALITY_COLLEAGUES = Text("{count} pairs of colleagues")
DRAW_QUALITY_REJECTED = Text(
    "the organisers rejected a draw of this round {times} before this one (`redraws: {redraws}`)"
)
# Logins are in code spans, never @-mentions: nobody is told before the round is accepted.
# Logins in code spans, never @-mentions: nobody is told before the round is accepted.
DRAW_REDRAWN = Text(
    "Drawn anew: {logins} no longer take(s) part (they left or paused after this round was "
    "drawn), so the round was drawn again from today's participants, on this branch. The table "
    "above is out of date: *Files changed* shows the groups now proposed, and `unmentoring pair "
    "--round {month} --check` checks them.",
    marker="<!-- unmentoring:redrawn={month} gone={gone} -->",
)
DRAW_REVIEW = Text(
    "**{quality}.**\n\n"
    "Merge this pull request to accept the round: its pairing issues are then opened. To reject "
    "it, close it without merging: the next run of the *Monthly round* workflow (or one started "
    "by hand) draws the round anew, and the new draw says how many were rejected.\n\n"
    "| group | members | host |\n| --- | --- | --- |\n"
    "{rows}\n\n"
    "Anyone can check that these groups follow from the data and the seed, in a clone with this "
    "branch checked out (`git checkout {branch}`):\n\n"
    "```sh\nunmentoring pair --round {month} --check\n```\n",
    marker="<!-- unmentoring:draw={month} -->",
)

# -- the update pull request, to the organisers (core/upgrade_report.py) ------------------------

UPGRADE_TITLE = Text("Upgrade to release {target}")
UPGRADE_INTRO = Text(
    "This pull request brings your scheme from release {current} to release {target} of "
    "[the template]({source}). It keeps your settings, pages and data.\n\n"
    "Check the changes (the *Files changed* tab), then merge it.{checks}"
)
# GITHUB_TOKEN's pull requests start no workflows; an App's do.
UPGRADE_CHECKS_BY_HAND = Text(
    " You don't need checks to merge it. To run them anyway, close this pull request and open "
    "it again."
)
UPGRADE_WORKFLOWS = Text(
    "Release {target} changes {count} in `.github/workflows/`. This pull request cannot change "
    "them: GitHub lets only a person, or a GitHub App with the Workflows permission, do that. "
    "After you merge it:"
)
UPGRADE_WORKFLOW_STEP = Text(
    "{index}. Open `{path}` on GitHub and choose Edit (the pencil). Replace all its text with "
    "{what}. Then choose *Commit changes*."
)
UPGRADE_WORKFLOW_LINK = Text("the text of [release {target}'s version]({link})")
# The scheme's file was not the template's: edited, or an earlier upgrade's step was skipped.
UPGRADE_WORKFLOW_BELOW = Text(
    "the text below, which keeps your changes. (If you never changed this file, use "
    "[release {target}'s version]({link}) instead.)"
)
# It would not merge: most likely an earlier upgrade's step for it was not done.
UPGRADE_WORKFLOW_DIFFERS = Text(
    "the text of [release {target}'s version]({link}). Your copy is not as release {current} "
    "has it: if you did not change it, a step of an earlier upgrade was missed; if you did, "
    "make your change again afterwards"
)
UPGRADE_WORKFLOW_ADDED = Text(
    "{index}. Open the folder `.github/workflows/` on GitHub and choose *Add file*, then "
    "*Create new file*. Name it `{name}`, paste the text of [release {target}'s "
    "version]({link}), then choose *Commit changes*."
)
UPGRADE_WORKFLOW_MERGE_BY_HAND = Text(
    "the text of [release {target}'s version]({link}), then make your own changes to it again "
    "(the file is too long to show here with them)"
)
UPGRADE_WORKFLOW_REMOVED = Text(
    "{index}. Open `{path}` on GitHub, choose *Delete file*, then *Commit changes*."
)
UPGRADE_TO_DO = Text("## What you need to do")
UPGRADE_CHANGED = Text("## What changed")
UPGRADE_RELEASE = Text("### Release {release} ({date})")
UPGRADE_RELEASE_TO_DO = Text("### Release {release}")
UPGRADE_SEE_CHANGELOG = Text("The changelog (CHANGELOG.md) of release {target} says what changed.")
UPGRADE_FILES = Text("Files")
UPGRADE_FILE = Text("- {how}: `{path}`")

# -- to the organisers, in the job summary of erasing someone who left (commands/erase.py) ------

# GitHub keeps an edited issue's earlier text, and no API deletes it. {issues}: a link a line.
ERASE_REVISIONS = Text(
    "GitHub keeps the earlier text of each issue that {login} was erased from. Anyone can open "
    "it in the issue's edit history. Someone with write access to the repository must delete it "
    "by hand. On each issue, choose *edited* above the first message. Then pick each earlier "
    "revision and choose *Delete revision from history*:\n\n{issues}\n"
)
ERASE_SUMMARY = Text("### Erased {login}: one thing left to do\n\n{revisions}\n")

# -- said in several texts ----------------------------------------------------------------------

# The last paragraph of a pairing issue and of a sign-up reply, when scheme.yaml gives the site.
ABOUT_THE_SCHEME = Text("About the scheme: {site_url}")
# The change form, as each text words it, linked where the repository is known
# (core/forms.form_url). The wordings differ, as they always have; side by side, one can be
# chosen later.
CHANGE_FORM_LINKED = Text("the change form ({change_form})")  # SIGN_UP_LATE_EDIT, _CHANGE_HINT
CHANGE_FORM_UNLINKED = Text("the change form")
CHANGE_FORM_USE = Text("use the [change form]({change_form})")  # PAIRING_PAUSE_OR_LEAVE
CHANGE_FORM_ASK = Text("ask the organiser (the scheme's repository has a change form)")
CHANGE_FORM_RESUME = Text(  # QUIET
    '[Resume]({change_form}): choose "Resume" in the change form and you are in the next round '
    "drawn after that."
)
CHANGE_FORM_RESUME_UNLINKED = Text(
    'Open the change form in this repository\'s issues and choose "Resume".'
)


# -- the names an organiser's override uses (store/messages.py) ---------------------------------


def _named() -> dict[str, Text]:
    found: dict[str, Text] = {}
    for constant, value in list(globals().items()):
        if isinstance(value, Text):
            found[constant] = value
        elif isinstance(value, dict):
            found |= {
                f"{constant}.{key}": text for key, text in value.items() if isinstance(text, Text)
            }
    return found


def fields_of(template: str) -> set[str]:
    """The names of the fields a template takes."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def every() -> dict[str, Text]:
    """Every text, by the name an override gives it."""
    return _named()


def use(overrides: Mapping[str, str]) -> None:
    """Use the organiser's own words for these texts (by name), and the defaults for the rest."""
    _OVERRIDES.clear()
    _OVERRIDES.update(overrides)


def _name_them() -> None:
    for name, text in _named().items():
        object.__setattr__(text, "name", name)  # frozen: named once, here


_name_them()
