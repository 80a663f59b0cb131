"""Plain English, measured: every page of the built site reads at grade 8 or below.

The measure is textstat's Flesch-Kincaid grade (US school grade; grade 8 is a reading age of
13 to 14), over the words a visitor reads in each page's main part: the menu, header, footer,
code, tables and charts are left out, and each heading, paragraph or list item counts as a
sentence of its own. GOV.UK's style guide is the reference for rewriting a page that fails:
short sentences, common words, the reader as "you".
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
import textstat
from test_site import MONTH, STATE_PAGES, STATES, scheme_in_git

from unmentoring.site import builder

MAX_GRADE = 8.0
# Left out of the measure: not prose (code, figures, drawings) or on every page (menu, footer).
SKIPPED = {"nav", "header", "footer", "code", "pre", "svg", "script", "style", "table"}
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figcaption", "caption"}


class _Prose(HTMLParser):
    """The text of ``<main>``, one block (paragraph, heading, list item) a line."""

    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.skipping = 0
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _end_block(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main = True
        elif tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._end_block()
            self.in_main = False
        elif tag in SKIPPED:
            self.skipping -= 1
        elif tag in BLOCKS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if self.in_main and not self.skipping:
            self.current.append(data)


def prose(html: str) -> str:
    """What a visitor reads on the page, each block ending as a sentence."""
    reader = _Prose()
    reader.feed(html)
    return "\n".join(
        block if re.search(r"[.!?:]$", block) else f"{block}." for block in reader.blocks
    )


def grade(html: str) -> float:
    return float(textstat.flesch_kincaid_grade(prose(html)))


def too_hard(pages: dict[str, str]) -> list[str]:
    """Each page above ``MAX_GRADE``, named with its grade."""
    return [
        f"{name}: grade {score:.1f} (at most {MAX_GRADE:g})"
        for name, html in sorted(pages.items())
        if (score := grade(html)) > MAX_GRADE
    ]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("words")
    files = builder.build(scheme_in_git(folder / "scheme"), folder / "_site", month=MONTH)
    return {name: data.decode("utf-8") for name, data in files.items() if name.endswith(".html")}


def test_every_page_reads_at_grade_8_or_below(pages):
    assert len(pages) >= 9
    problems = too_hard(pages)
    assert not problems, "rewrite in plain English (GOV.UK style):\n" + "\n".join(problems)


@pytest.mark.parametrize("name", sorted(STATES))
def test_the_pages_that_change_with_the_schemes_state_read_at_grade_8_too(name, tmp_path):
    """Before the first round and without git history, the home and statistics pages say
    other things; they are held to the same grade."""
    root = STATES[name](tmp_path / "scheme")
    files = builder.build(root, tmp_path / "_site", month=MONTH, today=dt.date(2026, 3, 20))
    shown = {page: files[page].decode("utf-8") for page in STATE_PAGES if page.endswith(".html")}
    problems = too_hard(shown)
    assert not problems, f"{name}: rewrite in plain English (GOV.UK style):\n" + "\n".join(problems)


def test_a_hard_page_fails_and_is_named_with_its_grade():
    hard = (
        "<main><p>Notwithstanding the aforementioned considerations, participants' "
        "organisational affiliations are systematically anonymised prior to publication, "
        "consequently precluding identification of individuals through statistical "
        "aggregation.</p></main>"
    )
    easy = "<main><p>We do not show your name. We only show totals.</p></main>"
    assert too_hard({"easy.html": easy}) == []
    (problem,) = too_hard({"hard.html": hard, "easy.html": easy})
    assert re.fullmatch(r"hard\.html: grade \d+\.\d \(at most 8\)", problem)


def test_the_measure_reads_the_main_text_only():
    html = (
        "<nav><a>Extraordinarily multisyllabic navigation</a></nav>"
        "<main><h1>Join</h1><p>Say <code>/met</code> after.</p>"
        "<table><tr><td>2026</td></tr></table><svg><text>axis</text></svg></main>"
        "<footer>Footer words</footer>"
    )
    assert prose(html) == "Join.\nSay after."


def visible(html: str) -> str:
    """All the words of the page's main part, code included, without tags or their links."""
    main = html.partition("<main")[2].partition("</main>")[0]
    return re.sub(r"<[^>]*>", " ", main)


def test_the_participants_guide_says_days_and_no_settings_yaml_or_paths(pages):
    text = prose(pages["participants.html"])
    shown = visible(pages["participants.html"])
    for leftover in ("nudge_day", "rematch_day", "prompt_day", "pause_after_silent", "yaml"):
        assert leftover not in shown.lower(), leftover
    assert "by the 10th" in text and "before the 17th" in text and "On the 24th" in text


@pytest.mark.parametrize("page", ["participants.html", "privacy.html", "join.html"])
def test_no_participant_page_shows_a_file_path_or_setting(pages, page):
    shown = visible(pages[page])
    assert not re.search(r"participants/|rounds/|\.ya?ml\b|_day\b|\w/\w+\.(md|py)\b", shown)


def test_the_participants_guide_has_buttons_to_the_join_and_change_forms(pages):
    guide = pages["participants.html"]
    repository = "https://github.com/example-org/unmentoring-fixture"
    assert re.search(
        rf'<a class="button" href="{re.escape(repository)}/issues/new\?template=join\.yml"', guide
    )
    assert re.search(
        rf'<a class="button button--secondary" href="{re.escape(repository)}'
        r'/issues/new\?template=change\.yml"',
        guide,
    )
