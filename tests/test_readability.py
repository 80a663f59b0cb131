"""Plain English, measured (issue 23): every text the bot writes on GitHub, rendered with
realistic values, and the words of the issue forms, score at most Flesch-Kincaid grade 6 (a
reading age of about 11) on textstat, a well-kept library. GOV.UK's style guide is the
reference: short sentences, common words, the action first.

What is scored is what a reader reads: Markdown, HTML, links' addresses, code, @-mentions and
logins are taken out first (``plain_words``), and each line that is not a sentence (a heading,
a list item) ends one. Every text is scored: a text that completes another's sentence (a part,
such as ``PAIRING_AGAIN``) is scored inside that sentence, and a text too short to grade alone
is scored with the other short texts; ``test_every_text_is_scored`` keeps a new text from
escaping the check.

Texts for the organisers (draw review, upgrade, erasure) are held to grade 8, the issue's limit
for pages: they name GitHub's buttons and files (*Files changed*, `.github/workflows/`) in
GitHub's own words.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
import textstat
import yaml

from unmentoring.core import (
    attention,
    consent,
    pairing_issue,
    setup_checklist,
    setup_checks,
    submissions,
    texts,
)
from unmentoring.core.model import Group, Participant, Scheme

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
LIMIT = 6  # bot comments, issue bodies and the forms: what participants read
ORGANISERS_LIMIT = 8  # pull requests and job summaries, which only organisers read
ORGANISERS = ("DRAW_", "UPGRADE_", "ERASE_", "SETUP_", "ATTENTION_")
# Under this many words, one long word moves the grade by several ("Thanks: your details are
# updated." is grade 6.4 for "updated" alone), so such texts are scored together, as one
# passage of short sentences: still measured, and stable.
SHORT = 10

LOGINS = ("alex-bell", "esme-lloyd", "sam-owen", "alexbell")
URL = "https://github.com/borsetshire-digital/unmentoring"
SITE = "https://borsetshire-digital.github.io/unmentoring/"

# -- taking the words out of Markdown ---------------------------------------------------------

_STRIP = [
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),  # hidden markers
    (re.compile(r"```.*?```", re.DOTALL), ""),  # code blocks
    (re.compile(r"`[^`]*`"), ""),  # code spans: commands, paths
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [words](address): the words only
    (re.compile(r"<(https?://|mailto:)?[^<>\s]+[@.][^<>\s]*>"), ""),  # <address>, <email>
    (re.compile(r"</?[a-zA-Z][^>]*>"), " "),  # HTML tags (<details>, <summary>)
    (re.compile(r"\s*\(https?://[^\s)]*\)"), ""),  # (address)
    (re.compile(r"https?://\S+"), ""),  # bare addresses
    (re.compile(r"\S+@\S+\.\S+"), ""),  # bare email addresses
    (re.compile(r"(?<![\w@])@[\w-]+"), ""),  # @-mentions
    (re.compile(r"#\d+"), ""),  # issue numbers
    (re.compile(r"\\(.)"), r"\1"),  # Markdown escapes
    (re.compile(r"(\*\*|__|\*|(?<!\w)_|_(?!\w))"), ""),  # emphasis
]
_LINE_START = re.compile(r"^\s*(#+|>|[-*]|\d+\.|\|)\s*")
# Lines that start a block of their own: headings, quotes, list items, table rows, HTML.
_BLOCK = re.compile(r"\s*([-*+] |\d+\. |#|>|\||<)")


def _lines_as_read(markdown: str) -> list[str]:
    """The lines of ``markdown`` as a reader takes them: a paragraph's lines (hard-wrapped, as
    in the forms' YAML) joined, each heading, list item, table row and line that ends in a
    Markdown break on its own."""
    lines: list[str] = []
    carries_on = False
    for line in markdown.splitlines():
        if carries_on and line.strip() and not _BLOCK.match(line):
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
        ends = not line.strip() or re.match(r"\s*(#|\||<)", line) or line.endswith(("  ", "\\"))
        carries_on = not ends
    return lines


def plain_words(markdown: str, logins: tuple[str, ...] = LOGINS) -> str:
    """The words a reader reads in ``markdown``: no markup, links' addresses, code, mentions or
    logins; each paragraph, heading or list item ends a sentence, as a reader takes it."""
    text = "\n".join(_lines_as_read(markdown))
    for pattern, replacement in _STRIP:
        text = pattern.sub(replacement, text)
    for login in logins:
        text = re.sub(rf"(?<![\w-]){re.escape(login)}(?![\w-])", "", text)
    lines = []
    for line in text.splitlines():
        line = _LINE_START.sub("", line).replace("|", " ")
        line = re.sub(r"\s+([,.!?;:)])", r"\1", re.sub(r"\s+", " ", line))
        line = re.sub(r"[,:;]+([.!?])", r"\1", line).strip(" ,:;")  # "Goodbye, @x."
        if re.search(r"[A-Za-z]", line):
            lines.append(line if line[-1] in ".!?" else f"{line}.")
    return " ".join(lines)


def grade(markdown: str) -> float:
    return float(textstat.flesch_kincaid_grade(plain_words(markdown)))


def word_count(markdown: str) -> int:
    return len(plain_words(markdown).split())


# -- every text, filled in as the code fills it --------------------------------------------------

# Each field's value as a reader sees it; a text's own values where they differ.
VALUES = {
    "author": "alex-bell",
    "back": "May 2026",
    "branch": "unmentoring/round-2026-03",
    "comment_id": "1234",  # markers' fields, not read
    "gone": "sam-owen",
    "change_form": f"{URL}/issues/new?template=change.yml",
    "contact": "<organisers@example.org>",
    "count": "3",
    "current": "1.0.0",
    "date": "5 March 2026",
    "example": "12 March",
    "weekday": "Friday",
    "when": "tomorrow",
    "field": "name",
    "files": "4 files",
    "fix": "Turn GitHub Pages on in Settings.",
    "guide": f"{URL}/blob/HEAD/docs/organisers.md",
    "join_link": f"{URL}/issues/new?template=join.yml",
    "groups": "12",
    "have": "has",
    "host": "@alex-bell",
    "how": "Changed",
    "index": "1",
    "issue": "14",
    "issues": "#12, #30 and #47",
    "join_form": f"{URL}/issues/new?template=join.yml",
    "label": "Your name",
    "labels": "“New name”, “New organisation”, “New role”, “New note about you”, “New contact”",
    "leaving": "@alex-bell",
    "link": f"{URL}/blob/v1.1.0/.github/workflows/daily.yml",
    "login": "alex-bell",
    "logins": "`alex-bell` and `sam-owen`",
    "members": "alex-bell and esme-lloyd",
    "mentions": "@alex-bell and @esme-lloyd",
    "month": "March 2026",
    "month_name": "March 2026",
    "months": "12",
    "name": "keep-awake.yml",
    "names": "Alex Bell and Esme Lloyd",
    "next_round": "March 2026",
    "nudge_day": "10th",
    "old": "alexbell",
    "option": "I'll keep to the code of conduct: be kind, no harassment, no sales pitches.",
    "organisation": "Borsetshire County Council",
    "organiser": "LocalGov Digital",
    "others": "@esme-lloyd",
    "path": ".github/workflows/daily.yml",
    "people": "25",
    "problems": "- “Your name” is empty: please fill it in.",
    "pull_request": "15",
    "redraws": "1",
    "rematch_day": "17th",
    "release": "1.1.0",
    "reply": "Thanks, @alex-bell: your details are updated.",
    "role": "Digital lead",
    "run_by": ", run by LocalGov Digital",
    "rows": "| 1 | `alex-bell`, `esme-lloyd` | `alex-bell` |",
    "scheme": "UnMentoring",
    "site_url": SITE,
    "source": URL,
    "target": "1.1.0",
    "times": "once",
    "title": "Update alex-bell's details (form #14)",
    "unknown": "/meet",
    "url": f"{SITE}code-of-conduct.html",
    "who": "@alex-bell and @esme-lloyd",
    # How and when to meet, in the pairing issue (issue 24).
    "all": "both",
    "area": "the North West",
    "day": "Tuesday 3 March",
    "start": "9am",
    "end": "12:30pm",
    "zone": "UK time",
    "timezone": "Europe/Paris",
    "outlook": "https://outlook.office.com/calendar/0/deeplink/compose?subject=UnMentoring",
    "google": "https://calendar.google.com/calendar/render?action=TEMPLATE&text=UnMentoring",
    "kind": "Think",
    "starter": "What is on your mind at work this week?",
    "where": f"use the [change form]({URL}/issues/new?template=change.yml)",
}
# The /when replies' "how": WHEN_HOW, filled.
_WHEN_HOW = {
    "how": "Write `/when` and a date in March on a line of its own, like `/when 12 March`."
}
OWN_VALUES = {
    "WHEN_HOW": {"month": "March"},
    "WHEN_NOT_A_DATE": _WHEN_HOW,
    "WHEN_WRONG_WEEKDAY": {**_WHEN_HOW, "day": "12 March 2026"},
    "WHEN_OUTSIDE_MONTH": _WHEN_HOW,
    "WHEN_PAST": _WHEN_HOW,
    "SETUP_DONE_LABELS": {"labels": "join and change"},
    "DRAW_QUALITY_REPEAT": {"count": "1"},
    "DRAW_QUALITY_COLLEAGUE": {"count": "1"},
    "DRAW_REVIEW": {"month": "2026-03"},
    "DRAW_REDRAWN": {"month": "2026-03"},
    "ERASE_REVISIONS": {"issues": f"- {URL}/issues/12\n- {URL}/issues/30"},
    "PAIRING_HOST": {"host": "alex-bell"},
    "QUIET": {"count": "2", "issues": "#12 and #30"},
    "REMATCH_MOVED": {"issues": " (#41)"},
    "UPGRADE_WORKFLOWS": {"count": "2 workflow files"},
}
# A text that completes another's sentence: (that text, the field it fills). It is scored in
# that sentence; the first part listed for a field fills it when another part is scored.
PARTS = {
    "NUDGE_HOST": ("NUDGE", "first_move"),
    "NUDGE_NO_HOST": ("NUDGE", "first_move"),
    "REMATCH_HINT_WHEN": ("REMATCH_HINT", "when"),
    "REMATCH_HINT_WHEN_TRIO": ("REMATCH_HINT", "when"),
    "REMATCH_HINT_WHEN_WAITED": ("REMATCH_HINT", "when"),
    "REMATCH_HINT_WHEN_WAITED_TRIO": ("REMATCH_HINT", "when"),
    "CHANGE_FORM_RESUME": ("QUIET", "resume"),
    "CHANGE_FORM_RESUME_UNLINKED": ("QUIET", "resume"),
    "REMATCH_REPLIES.noted": ("REMATCH_REPLY", "words"),
    "JOINED": ("SIGN_UP_DONE", "reply"),
    "JOINED_AGAIN_WAS_PAUSED": ("JOINED_AGAIN", "was_paused"),
    "SIGN_UP_LATE_EDIT_WHEN": ("SIGN_UP_LATE_EDIT", "when"),
    "CHANGE_FORM_LINKED": ("SIGN_UP_LATE_EDIT", "change_form"),
    "CHANGE_FORM_UNLINKED": ("SIGN_UP_LATE_EDIT", "change_form"),
    "PAIRING_AGAIN": ("PAIRING_GREETING", "again"),
    "PAIRING_RUN_BY": ("PAIRING_GREETING", "run_by"),
    "PAIRING_HOST_OTHER": ("PAIRING_HOST", "others"),
    "PAIRING_HOST_OTHERS": ("PAIRING_HOST", "others"),
    "PAIRING_WHO_LEFT_ONE": ("PAIRING_NOBODY_LEFT", "who"),
    "PAIRING_WHO_LEFT_ALL": ("PAIRING_NOBODY_LEFT", "who"),
    "REMATCH_HINT": ("PAIRING_ARRANGE", "if_silent"),
    "PAIRING_REMATCH_SILENT": ("PAIRING_ARRANGE", "if_silent"),
    "PAIRING_PRIVATELY_BY_CONTACT": ("PAIRING_IN_PUBLIC", "privately"),
    "PAIRING_PRIVATELY_BY_LINK": ("PAIRING_IN_PUBLIC", "privately"),
    "PAIRING_CONDUCT_LINKED": ("PAIRING_CONDUCT", "conduct"),
    "PAIRING_CONDUCT_UNLINKED": ("PAIRING_CONDUCT", "conduct"),
    "PAIRING_REPORT_PRIVATELY": ("PAIRING_CONDUCT", "report"),
    "PAIRING_ORGANISER": ("PAIRING_REPORT_PRIVATELY", "organiser"),
    "CHANGE_FORM_USE": ("PAIRING_PAUSE_OR_LEAVE", "where"),
    "CHANGE_FORM_ASK": ("PAIRING_PAUSE_OR_LEAVE", "where"),
    "DRAW_QUALITY_PEOPLE": ("DRAW_REVIEW", "quality"),
    "DRAW_QUALITY_TRIO": ("DRAW_QUALITY_PEOPLE", "trio"),
    "UPGRADE_CHECKS_BY_HAND": ("UPGRADE_INTRO", "checks"),
    "UPGRADE_WORKFLOW_LINK": ("UPGRADE_WORKFLOW_STEP", "what"),
    "UPGRADE_WORKFLOW_BELOW": ("UPGRADE_WORKFLOW_STEP", "what"),
    "UPGRADE_WORKFLOW_DIFFERS": ("UPGRADE_WORKFLOW_STEP", "what"),
    "UPGRADE_WORKFLOW_MERGE_BY_HAND": ("UPGRADE_WORKFLOW_STEP", "what"),
    "ERASE_REVISIONS": ("ERASE_SUMMARY", "revisions"),
    "PAIRING_BOTH": ("PAIRING_MEET_VIDEO", "all"),
    "PAIRING_ALL_THREE": ("PAIRING_MEET_VIDEO", "all"),
    "PAIRING_PROPOSAL": ("PAIRING_WHEN", "proposals"),
    "PAIRING_PROPOSAL_UNLINKED": ("PAIRING_WHEN", "proposals"),
    "PAIRING_UK_TIME": ("PAIRING_PROPOSAL", "zone"),
    "PAIRING_ZONE_TIME": ("PAIRING_PROPOSAL", "zone"),
}
ALL = texts.every()


def _filled(name: str, given: dict[str, str] | None = None) -> str:
    """Text ``name`` as a reader reads it: its fields filled with VALUES, or with the first part
    that fills them, and ``given``."""
    text = ALL[name]
    values = {**VALUES, **OWN_VALUES.get(name, {})}
    for part, (host, field) in reversed(PARTS.items()):
        if host == name:
            values[field] = _filled(part)
    values.update(given or {})
    filled = text.fill(**{field: values[field] for field in text.fields})
    return filled


def passage(name: str) -> str:
    """What is scored for ``name``: the text itself, or (a part) the sentence it completes."""
    if name not in PARTS:
        return _filled(name)
    host, field = PARTS[name]
    text = _filled(host, {field: _filled(name)})
    while host in PARTS:  # a part of a part: the whole sentence
        host, field = PARTS[host]
        text = _filled(host, {field: text})
    return text


PASSAGES = {name: passage(name) for name in ALL}
SHORT_TEXTS = sorted(n for n, words in PASSAGES.items() if word_count(words) < SHORT)
GRADED = sorted(set(PASSAGES) - set(SHORT_TEXTS))


def limit_of(name: str) -> int:
    return ORGANISERS_LIMIT if name.startswith(ORGANISERS) else LIMIT


@pytest.mark.parametrize("name", GRADED)
def test_each_text_is_plain_english(name):
    score = grade(PASSAGES[name])
    assert score <= limit_of(name), (
        f"{name} is grade {score:.1f} (at most {limit_of(name)}): {plain_words(PASSAGES[name])}"
    )


@pytest.mark.parametrize("readers", ["participants", "organisers"])
def test_the_short_texts_together_are_plain_english(readers):
    names = [n for n in SHORT_TEXTS if (limit_of(n) == LIMIT) == (readers == "participants")]
    together = "\n\n".join(PASSAGES[name] for name in names)
    limit = LIMIT if readers == "participants" else ORGANISERS_LIMIT
    each = {name: round(grade(PASSAGES[name]), 1) for name in names}
    assert grade(together) <= limit, f"grade {grade(together):.1f}; each alone: {each}"


def test_every_text_is_scored():
    """A new text is scored without anyone listing it; a part names a text that takes it."""
    assert set(GRADED) | set(SHORT_TEXTS) == set(ALL)
    for part, (host, field) in PARTS.items():
        assert field in ALL[host].fields, (part, host, field)
    assert len(SHORT_TEXTS) < len(ALL) // 3  # the joined passage is not most of the words


def test_a_hard_sentence_fails_the_limit():
    """The check can fail: a civil servant's sentence does."""
    hard = (
        "Notwithstanding the aforementioned considerations, participants are required to "
        "familiarise themselves with the organisational arrangements applicable to the "
        "administration of subsequent matching exercises."
    )
    assert grade(hard) > LIMIT
    assert grade("Reply here to agree a time. Then meet for half an hour.") <= LIMIT


def test_plain_words_leaves_out_markup_addresses_code_and_logins():
    markdown = (
        "<!-- unmentoring:x -->\n## Telling us\n\n**Hello** @alex-bell! Use the "
        "[change form](https://github.com/o/r/issues/new?template=change.yml), comment `/met`, "
        "or write to <team@example.org> or https://example.org/a-very-long-address.\n"
        "- one item\n<details><summary>More</summary>\n\nalex-bell said \\(hi\\)\n</details>"
    )
    assert plain_words(markdown) == (
        "Telling us. Hello! Use the change form, comment, or write to or. one item. More. "
        "said (hi)."
    )


# -- the issue forms ------------------------------------------------------------------------

# The one exception, with its reason: the two boxes people tick to join are the words they agree
# to, recorded in their file by version (core/consent.py). The first wording (grade 14) stays in
# schemes that keep their own older join form, so it is left out; the current one is checked.
AGREED_WORDING = consent.AGREEMENTS[1]


def _form_texts() -> dict[str, str]:
    """Each form's words by where they are: its description, each markdown block, and each
    question with its description and options."""
    found = {}
    for file in ("join.yml", "change.yml"):
        form = yaml.safe_load((FORMS / file).read_text(encoding="utf-8"))
        found[f"{file}: description"] = f"{form['name']}\n{form['description']}"
        for index, item in enumerate(form["body"]):
            attributes = item["attributes"]
            if item["type"] == "markdown":
                found[f"{file}: markdown {index}"] = attributes["value"]
                continue
            options = [
                o["label"] if isinstance(o, dict) else o for o in attributes.get("options", [])
            ]
            options = [option for option in options if option not in AGREED_WORDING]
            # Days of the week have no plainer names, and "Wednesday afternoon" alone is grade
            # 11 by syllables: the day choices are names, scored with the words around them.
            options = [option for option in options if option not in submissions.TIME_WORDS]
            # The choices as the list they are on the form: each item its own sentence, as
            # plain_words reads a Markdown list, not run together into one.
            choices = "\n".join(f"- {option}" for option in options)
            words = [attributes["label"], attributes.get("description", ""), choices]
            found[f"{file}: {item['id']}"] = "\n\n".join(w for w in words if w)
    return found


FORM_TEXTS = _form_texts()
FORM_SHORT = sorted(n for n, words in FORM_TEXTS.items() if word_count(words) < SHORT)


@pytest.mark.parametrize("where", sorted(set(FORM_TEXTS) - set(FORM_SHORT)))
def test_each_part_of_the_forms_is_plain_english(where):
    score = grade(FORM_TEXTS[where])
    assert score <= LIMIT, f"{where} is grade {score:.1f}: {plain_words(FORM_TEXTS[where])}"


def test_only_the_first_wording_of_the_agreements_is_left_out():
    assert consent.CURRENT != 1
    assert consent.AGREEMENTS[consent.CURRENT][1] in FORM_TEXTS["join.yml: agreements"]


def test_the_short_parts_of_the_forms_together_are_plain_english():
    together = "\n\n".join(FORM_TEXTS[where] for where in FORM_SHORT)
    assert grade(together) <= LIMIT, {w: round(grade(FORM_TEXTS[w]), 1) for w in FORM_SHORT}


# -- whole messages as posted ---------------------------------------------------------------------

SCHEME = Scheme(
    name="UnMentoring",
    organiser="LocalGov Digital",
    site_url=SITE,
    contact="organisers@example.org",
)


def person(login: str, **fields: str) -> Participant:
    values = {
        "name": f"Person {login}",
        "organisation": "Borsetshire County Council",
        "role": "Service designer",
        "about": "I work on housing repairs and how residents report them. Happy to talk about "
        "user research on a small budget.",
        "contact": f"https://example.org/book-{login}",
        **fields,
    }
    return Participant(github=login, joined=dt.date(2026, 1, 5), **values)


def pairing_issues() -> dict[str, str]:
    """The pairing issue for each kind of group."""
    people = {login: person(login) for login in ("alex-bell", "esme-lloyd", "sam-owen")}
    groups = {
        "a pair": Group(members=("alex-bell", "esme-lloyd"), host="alex-bell"),
        "a three": Group(members=("alex-bell", "esme-lloyd", "sam-owen"), host="esme-lloyd"),
        "a rematch": Group(members=("alex-bell", "sam-owen"), host="sam-owen", rematch=True),
        "no host": Group(members=("alex-bell", "esme-lloyd")),
        "one left": Group(members=("alex-bell", "gone")),
    }
    return {
        kind: pairing_issue.render(
            SCHEME, "2026-03", group, people, change_form=VALUES["change_form"]
        ).body
        for kind, group in groups.items()
    }


ISSUES = pairing_issues()


@pytest.mark.parametrize("kind", sorted(ISSUES))
def test_each_pairing_issue_is_plain_english(kind):
    """The issue as a whole, its members' own words included, as a reader reads it."""
    assert grade(ISSUES[kind]) <= LIMIT, plain_words(ISSUES[kind])


def wrapped_lines(markdown: str) -> list[str]:
    """Lines of ``markdown`` that carry on the paragraph of the line before: GitHub shows each
    as a line break. A line ending in Markdown's break (two spaces, a backslash) asks for one."""
    lines = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL).split("\n")
    return [
        f"{before}\n{line}"
        for before, line in itertools.pairwise(lines)
        if before.strip()
        and line.strip()
        and not _BLOCK.match(before)
        and not _BLOCK.match(line)
        and not before.endswith(("  ", "\\"))
    ]


@pytest.mark.parametrize("name", sorted(PASSAGES))
def test_no_text_breaks_a_paragraph_across_lines(name):
    """GitHub shows a newline in an issue or comment as a line break, so each paragraph of a
    text is one line (hard-wrapped lines read as ragged breaks)."""
    assert wrapped_lines(PASSAGES[name]) == []


def test_no_pairing_issue_breaks_a_paragraph_across_lines():
    for kind, body in ISSUES.items():
        assert wrapped_lines(body) == [], kind


def test_no_markdown_block_of_the_forms_breaks_a_paragraph_across_lines():
    blocks = {where: words for where, words in FORM_TEXTS.items() if " markdown " in where}
    assert len(blocks) == 4  # join: 2 and "the rest is optional"; change: 2
    for where, words in blocks.items():
        assert wrapped_lines(words) == [], where


def test_a_hard_wrapped_paragraph_is_found():
    assert wrapped_lines("One line of a paragraph\ncarried on here.") == [
        "One line of a paragraph\ncarried on here."
    ]
    assert wrapped_lines("Name  \nRole\n\n- a\n- b\n\n> quote\n> more") == []


if __name__ == "__main__":  # a report of every grade, worst first
    scores = {name: grade(words) for name, words in PASSAGES.items()}
    scores |= {f"form {where}": grade(words) for where, words in FORM_TEXTS.items()}
    for name, score in sorted(scores.items(), key=lambda item: -item[1]):
        print(f"{score:5.1f}  {name}")


# -- what the organisers read in their own issues ---------------------------------------------


def test_the_set_up_checklist_and_needs_attention_are_plain_english():
    """Organisers are not developers: the two issues kept for them are held to the pages'
    grade, as they read them (the doctor's findings included)."""
    report = setup_checks.Report(
        (
            setup_checks.failed(
                "GitHub Pages", "Pages is not enabled for this repository", "turn it on"
            ),
            setup_checks.warned("scheme.yaml contact", "not set", "run the set-up again"),
        )
    )
    done = setup_checklist.Done(
        files=["scheme.yaml"], labels=["join"], pages=None, site_started=False
    )
    checklist = setup_checklist.body(done, report, join_link=URL, guide=URL)
    needs = attention.body(report)
    assert needs is not None
    for name, text in (("checklist", checklist), ("needs attention", needs)):
        assert grade(text) <= ORGANISERS_LIMIT, f"{name}: grade {grade(text):.1f}"
