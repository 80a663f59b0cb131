"""``unmentoring build-site``: golden output, no leaks, relative links only, atomic writes.

The fixture scheme (tests/fixtures/site_scheme/) has 12 participants, 2 people who left and 3
rounds. Counted by hand, as of March 2026 (the next draw is April, since March's has happened):
taking part now 10 (12 files, less Thaddeus who paused and Sunniva who paused until May);
ever taken part 13 (the 11 in January, plus Thaddeus and Sunniva in February); organisations 6
(Wyvern Borough Council spelled three ways, Felpersham Housing Trust two ways, Loamshire Fire &
Rescue Service two ways, and three others; "Independent" and "freelance" are not organisations);
rounds 3; conversations 12 (5 + 5 + 2); across organisations 8 of 10 = 80% (the two groups with
someone who left are not counted; the Loamshire pair and the Wyvern pair are within one
organisation); happened 7 of 9 reported = 78%; people per round 11, 10 and "fewer than 5".
Reported at all: January and February are over (March's round is drawn), 10 groups; 8 of them
said met or not met (January's trio is `unreported`, February's last pair has no outcome) = 80%.
Outcomes per round (met, not met, unreported, not yet reported): January 3, 1, 1, 0; February
3, 1, 0, 1; March 1, 0, 0, 1. At the fixture's threshold of 5 every one is "fewer than 5"; at 3
only January's and February's 3 met are shown.

The fixture is built as a git repository (``scheme_in_git``) whose history adds the two leavers'
files in December 2025 and deletes them in February and March 2026. Joins and leaves per month:
December 2025 11 joined (9 files dated then, plus the 2 who left), January 2026 2, February 0,
March 1; left: 0, 0, 1, 1. At the threshold of 5 only December's 11 joins and the zeros show.
Other states have golden files of their own (``STATES``): a plain folder without history
(leaves not known) and the scheme before its first round.

Regenerate the golden files after an intended change to the site with:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_site.py
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from unmentoring.core.engine import ENGINE
from unmentoring.core.model import Group, Participant, Round
from unmentoring.core.organisations import organisation_key
from unmentoring.core.problems import Refused
from unmentoring.core.stats import Departure
from unmentoring.gitops import history
from unmentoring.site import builder, doc_pages, findings
from unmentoring.store import repository
from unmentoring.store.repository import participant_text, round_text

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "site_scheme"
GOLDEN = HERE / "golden" / "site"
MONTH = "2026-03"
MAX_SITE_BYTES = 100 * 1024
OUTCOME_KEYS = ("met", "not_met", "unreported", "not_yet_reported")


# The two people who left, as their files were before they were deleted.
LEAVERS = {
    "gideon-ashcombe": ("Gideon Ashcombe", "Wyvern Borough Council", "2025-12-01", "2026-02-10"),
    "lavinia-strood": ("Lavinia Strood", "Borchester Library Service", "2025-12-02", "2026-03-05"),
}


def _git(root: Path, *args: str, day: str = "2025-12-01") -> None:
    when = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def scheme_in_git(root: Path) -> Path:
    """The fixture as a git repository whose history holds the two leavers' files, each
    deleted (as leaving does) in its own commit on the day given in ``LEAVERS``."""
    shutil.copytree(FIXTURE, root)
    for login, (name, organisation, joined, _) in LEAVERS.items():
        (root / "participants" / f"{login}.yaml").write_text(
            f"github: {login}\nname: {name}\norganisation: {organisation}\njoined: {joined}\n"
        )
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.name", "Fixture")
    _git(root, "config", "user.email", "fixture@example.invalid")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "the scheme")
    for login, (*_, left) in LEAVERS.items():
        _git(root, "rm", "-q", f"participants/{login}.yaml")
        _git(root, "commit", "-q", "-m", f"{login} leaves", day=left)
    return root


def _files(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("site")
    builder.build(scheme_in_git(folder / "scheme"), folder / "_site", month=MONTH)
    return _files(folder / "_site")


def _compare_with_golden(built: dict[str, bytes], golden: Path, names: list[str]) -> None:
    """``names`` of the built site match ``golden`` file by file (UPDATE_GOLDEN=1 rewrites it)."""
    if os.environ.get("UPDATE_GOLDEN"):
        for old in golden.rglob("*") if golden.exists() else ():
            if old.is_file():
                old.unlink()
        for name in names:
            (golden / name).parent.mkdir(parents=True, exist_ok=True)
            (golden / name).write_bytes(built[name])
    expected = _files(golden)
    assert sorted(names) == sorted(expected), f"the site's files differ from {golden.name}/"
    differences = []
    for name in sorted(names):
        if built[name] != expected[name]:
            diff = difflib.unified_diff(
                expected[name].decode("utf-8", "replace").splitlines(),
                built[name].decode("utf-8", "replace").splitlines(),
                f"golden/{golden.name}/{name}",
                f"built/{name}",
                lineterm="",
            )
            differences.append("\n".join(list(diff)[:60]))
    assert not differences, (
        f"the site differs from tests/golden/{golden.name}/; if the change is intended, "
        "regenerate with UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_site.py\n\n"
        + "\n\n".join(differences)
    )


def test_golden_output(built):
    """The built site matches tests/golden/site/ file by file (UPDATE_GOLDEN=1 rewrites it)."""
    _compare_with_golden(built, GOLDEN, sorted(built))


def _plain_folder(root: Path) -> Path:
    shutil.copytree(FIXTURE, root)
    return root


def _before_the_first_round(root: Path) -> Path:
    shutil.copytree(FIXTURE, root)
    shutil.rmtree(root / "rounds")
    (root / "scheme.yaml").write_text(
        (root / "scheme.yaml").read_text().replace("start: 2026-01", "start: 2026-04")
    )
    return root


# Each other state of the site, made from the fixture, with the pages that show it.
STATES = {
    "plain-folder": _plain_folder,
    "before-first-round": _before_the_first_round,
}
STATE_PAGES = ["index.html", "statistics.html", "stats.json"]


@pytest.fixture(scope="module", params=sorted(STATES))
def state(request, tmp_path_factory) -> tuple[str, dict[str, bytes]]:
    folder = tmp_path_factory.mktemp(request.param)
    root = STATES[request.param](folder / "scheme")
    builder.build(root, folder / "_site", month=MONTH, today=dt.date(2026, 3, 20))
    return request.param, _files(folder / "_site")


def test_golden_output_of_each_state(state):
    name, files = state
    _compare_with_golden(files, HERE / "golden" / f"site-{name}", STATE_PAGES)


def test_every_state_is_small_without_javascript(state):
    _, files = state
    total = sum(len(data) for name, data in files.items() if not name.endswith(".svg"))
    assert total < MAX_SITE_BYTES, f"the site is {total / 1024:.1f} KB"
    assert not [name for name, data in files.items() if b"<script" in data.lower()]


def test_the_build_is_deterministic(tmp_path, built):
    builder.build(scheme_in_git(tmp_path / "scheme"), tmp_path / "again", month=MONTH)
    assert _files(tmp_path / "again") == built


def _identifying_strings() -> list[str]:
    """Every login, name and organisation of the fixture's people, past and present."""
    loaded = repository.load_valid(FIXTURE)
    found = set()
    for person in loaded.participants.values():
        found |= {person.github, person.login, person.name}
        if person.contact:  # shown in that person's pairing issues, never on the site
            found.add(person.contact)
        # "Independent" or "freelance" name nobody: the site's own copy uses those words.
        if organisation_key(person.organisation) is not None:
            found.add(person.organisation)
    found |= {login for held in loaded.rounds.values() for login in held.members}
    found |= {text for name, organisation, *_ in LEAVERS.values() for text in (name, organisation)}
    return sorted(found)


def _leaks(files: dict[str, bytes], secrets: list[str]) -> list[str]:
    return [
        f"{name}: {secret}"
        for name, data in files.items()
        for secret in secrets
        if secret.casefold() in data.decode("utf-8", "replace").casefold()
    ]


def test_no_login_name_or_organisation_appears_in_any_built_file(built):
    secrets = _identifying_strings()
    assert "gideon-ashcombe" in secrets  # someone who left still counts as identifying
    assert "Loamshire Fire & Rescue Service" in secrets
    assert "delphine.okonjo@example.org" in secrets and "https://example.org/book/wren" in secrets
    assert len(secrets) > 30
    assert _leaks(built, secrets) == []


def test_the_leak_check_would_notice_a_leak(built):
    planted = {**built, "statistics.html": built["statistics.html"] + b"WREN-HALLOWAY"}
    assert _leaks(planted, _identifying_strings()) == ["statistics.html: wren-halloway"]


def test_the_pages_and_data_are_all_there(built):
    pages = {"index", "how-it-works", "join", "questions", "statistics", "privacy"}
    pages |= {"participants", "draws"}  # from docs/
    pages |= {"code-of-conduct"}
    assert {f"{page}.html" for page in pages} <= set(built)
    assert {"stats.json", "static/style.css", "static/favicon.svg"} <= set(built)


def test_the_whole_site_is_under_100_kb(built):
    total = sum(len(data) for data in built.values())
    assert total < MAX_SITE_BYTES, f"the site is {total / 1024:.1f} KB"


def test_three_years_of_rounds_joins_and_leaves_fit_in_100_kb_without_images(tmp_path):
    """36 rounds of 30 groups, every outcome and month's joins and leaves shown or suppressed."""
    root = tmp_path / "scheme"
    (root / "participants").mkdir(parents=True)
    (root / "rounds").mkdir()
    (root / "scheme.yaml").write_text("repository: example-org/big\nstart: 2023-01\norganiser: T\n")
    logins = [f"person-{n}" for n in range(90)]
    for n, login in enumerate(logins):
        person = Participant(
            github=login,
            name=f"Person {n}",
            organisation=f"Organisation {n % 12}",
            joined=dt.date(2023 + n // 36, n // 3 % 12 + 1, 1),
        )
        (root / "participants" / f"{login}.yaml").write_text(participant_text(person))
    outcomes = ["met", "not_met", "unreported", None]
    for index in range(36):
        month = f"{2023 + index // 12}-{index % 12 + 1:02d}"
        groups = tuple(
            Group(members=(logins[2 * g], logins[2 * g + 1]), outcome=outcomes[(g + index) % 4])
            for g in range(30)
        )
        drawn = Round(round=month, seed=month, engine=ENGINE, groups=groups)
        (root / "rounds" / f"{month}.yaml").write_text(round_text(drawn))
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.name", "Fixture")
    _git(root, "config", "user.email", "fixture@example.invalid")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "three years")
    for index, login in enumerate(logins[60:]):  # a leave a month
        _git(root, "rm", "-q", f"participants/{login}.yaml")
        _git(root, "commit", "-q", "-m", "leave", day=f"2023-{index % 12 + 1:02d}-15")
    files = builder.build(root, tmp_path / "out", month="2025-12")
    data = json.loads(files["stats.json"])
    assert len(data["per_round"]) == 36 and len(data["per_month"]) == 36
    assert data["leaves_known"] is True
    # "Under 100 KB without images": the charts are images (`<svg role="img">`, each with its
    # table beside it), inline in the page, so they are left out of the count like image files.
    total = sum(
        len(re.sub(rb'<svg class="chart".*?</svg>', b"", data, flags=re.S))
        for name, data in files.items()
        if not name.endswith(".svg")
    )
    assert total < MAX_SITE_BYTES, f"three years of the site come to {total / 1024:.1f} KB"


def test_no_javascript_and_no_third_party_requests(built):
    for name, data in built.items():
        text = data.decode("utf-8", "replace")
        assert "<script" not in text.lower(), name
        # Only links (<a href>) may point elsewhere; nothing the browser fetches by itself.
        for tag, url in re.findall(
            r"<(link|img|iframe|source)\b[^>]*?(?:href|src)=\"([^\"]*)", text
        ):
            assert "://" not in url and not url.startswith("//"), f"{name}: <{tag}> {url}"
        assert "@import" not in text and "url(" not in text, name


def test_links_are_relative_or_to_github(built):
    for name, data in built.items():
        if not name.endswith(".html"):
            continue
        for url in re.findall(r'href="([^"]*)"', data.decode("utf-8")):
            assert not url.startswith("/"), f"{name}: {url} would break under a sub-path"
            if url.startswith("mailto:"):
                assert url == "mailto:organisers@wyvern.example", f"{name}: {url}"
            elif "://" in url:
                assert url.startswith("https://github.com/example-org/unmentoring-fixture"), url


def test_join_page_has_a_button_to_the_join_form(built):
    join = built["join.html"].decode("utf-8")
    link = (
        '<a class="button" href="https://github.com/example-org/unmentoring-fixture/issues/new?'
        'template=join.yml">Join UnMentoring on GitHub</a>'
    )
    assert link in join


def test_stats_json_marks_small_numbers_as_suppressed(built):
    data = json.loads(built["stats.json"])
    hidden = {"value": None, "suppressed": True, "text": "fewer than 5"}
    zero = {"value": 0, "suppressed": False, "text": "0"}  # a true zero singles nobody out
    assert data["active_participants"] == {"value": 10, "suppressed": False, "text": "10"}
    assert data["per_round"][2] == {
        "round": "2026-03",
        "participants": hidden,
        "outcomes": {
            "met": hidden,
            "not_met": zero,
            "unreported": zero,
            "not_yet_reported": hidden,
        },
        "planned": zero,  # nobody in the fixture set a day with /when
        "redraws": 0,
    }
    assert data["across_organisations"]["percent"] == 80
    assert data["reported"] == {
        "percent": 80,
        "suppressed": False,
        "text": "80%",
        "out_of": {"value": 10, "suppressed": False, "text": "10"},
    }
    assert data["reported_met"]["percent"] == 78
    assert data["reported_met"]["out_of"]["value"] == 9


def test_joins_and_leaves_per_month_come_from_the_files_and_the_history(built):
    data = json.loads(built["stats.json"])
    assert data["leaves_known"] is True
    shown = [
        (item["month"], item["joins"]["value"], item["leaves"]["value"])
        for item in data["per_month"]
    ]
    assert shown == [
        ("2025-12", 11, 0),
        ("2026-01", None, 0),  # 2 joined: fewer than 5
        ("2026-02", 0, None),  # 1 left
        ("2026-03", None, None),
    ]


def test_the_history_gives_each_leave_with_the_month_its_file_said_it_joined(tmp_path):
    root = scheme_in_git(tmp_path / "scheme")
    assert history.departures(root) == [
        Departure(left="2026-02", joined="2025-12"),
        Departure(left="2026-03", joined="2025-12"),
    ]
    # A renamed file is not a leave; a file outside participants/ is not a participant.
    _git(root, "mv", "participants/wren-halloway.yaml", "participants/wren-h.yaml")
    _git(root, "rm", "-q", "rounds/2026-03.yaml")
    _git(root, "commit", "-q", "-m", "rename and remove a round", day="2026-03-20")
    assert len(history.departures(root)) == 2


def test_a_plain_folder_has_no_history_to_read(tmp_path):
    found = history.departures(_plain_folder(tmp_path / "scheme"))
    assert isinstance(found, history.NotInGit)


def test_an_uncommitted_scheme_inside_another_repository_has_no_history_either(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / "notes.txt").write_text("someone else's repository\n")
    _git(tmp_path, "add", "notes.txt")
    _git(tmp_path, "commit", "-q", "-m", "notes")
    found = history.departures(_plain_folder(tmp_path / "scheme"))
    assert isinstance(found, history.NotInGit), found
    assert "never been committed" in found.reason


def test_without_git_history_leaves_are_not_known_rather_than_zero(state):
    _, files = state
    data = json.loads(files["stats.json"])
    assert data["leaves_known"] is False
    assert {item["leaves"] for item in data["per_month"]} == {None}
    page = files["statistics.html"].decode("utf-8")
    assert "Leaves are not shown: they are counted from the repository" in page
    assert ">Left</th>" not in page


def test_a_shallow_clone_does_not_claim_that_nobody_left(tmp_path):
    root = scheme_in_git(tmp_path / "scheme")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)],
        check=True,
        capture_output=True,
    )
    data = json.loads(builder.build(clone, tmp_path / "out", month=MONTH)["stats.json"])
    assert data["leaves_known"] is False


def test_before_the_first_round_the_site_says_when_it_starts_and_who_has_joined(tmp_path):
    root = _before_the_first_round(tmp_path / "scheme")
    files = builder.build(root, tmp_path / "out", month=MONTH, today=dt.date(2026, 3, 20))
    statistics = files["statistics.html"].decode("utf-8")
    assert "<p>The first matches are in April 2026. 12 people have joined so far.</p>" in statistics
    before = statistics.split("<h2>Before the first round</h2>")[1].split("<h2>People joining")[0]
    assert "fewer than 5" not in before  # not a wall of suppressed figures
    assert "Conversations matched" not in statistics
    home = files["index.html"].decode("utf-8")
    assert "<strong>The first matches are in April 2026.</strong> 12 people have joined" in home
    data = json.loads(files["stats.json"])
    assert (data["first_round"], data["rounds_held"]["value"]) == ("2026-04", 0)


def test_before_the_first_round_a_small_number_of_joiners_is_not_given(tmp_path):
    root = _before_the_first_round(tmp_path / "scheme")
    for file in sorted((root / "participants").glob("*.yaml"))[4:]:
        file.unlink()
    files = builder.build(root, tmp_path / "out", month=MONTH, today=dt.date(2026, 3, 20))
    statistics = files["statistics.html"].decode("utf-8")
    assert "The first matches are in April 2026. People are joining now" in statistics
    assert "4 people" not in statistics
    home = files["index.html"].decode("utf-8")
    assert "<strong>The first matches are in April 2026.</strong></p>" in home


def test_the_home_page_gives_people_and_organisations_once_both_reach_the_threshold(tmp_path):
    home = _built_with_threshold(tmp_path / "five", 5)["index.html"].decode("utf-8")
    assert "<strong>12 people from 6 organisations so far.</strong>" in home
    home = _built_with_threshold(tmp_path / "seven", 7)["index.html"].decode("utf-8")
    assert "organisations so far" not in home  # 6 organisations: fewer than 7


def test_the_shares_name_what_they_are_of(built):
    page = built["statistics.html"].decode("utf-8")
    assert '<dd>80%</dd>\n    <dd class="figure__note">of the 10 conversations in rounds ' in page
    assert '<dd>78%</dd>\n    <dd class="figure__note">of the 9 conversations whose ' in page
    across = '<dd>80%</dd>\n    <dd class="figure__note">of the 10 conversations whose members'
    assert across in page


def _built_with_threshold(tmp_path: Path, threshold: int) -> dict[str, bytes]:
    root = tmp_path / "scheme"
    shutil.copytree(FIXTURE, root)
    text = (root / "scheme.yaml").read_text()
    (root / "scheme.yaml").write_text(
        text.replace("stats_threshold: 5", f"stats_threshold: {threshold}")
    )
    return builder.build(root, tmp_path / "out", month=MONTH)


def test_outcomes_per_round_at_a_lower_threshold_show_only_counts_reaching_it(tmp_path):
    files = _built_with_threshold(tmp_path, 3)
    data = json.loads(files["stats.json"])
    shown = {
        item["round"]: [item["outcomes"][key]["value"] for key in OUTCOME_KEYS]
        for item in data["per_round"]
    }
    assert shown == {  # zeros are shown: they single nobody out
        "2026-01": [3, None, None, 0],
        "2026-02": [3, None, 0, None],
        "2026-03": [None, 0, 0, None],
    }
    page = files["statistics.html"].decode("utf-8")
    row = (
        '<tr><th scope="row">January 2026</th><td class="numeric">3</td>'
        + '<td class="numeric">fewer than 3</td>' * 2
        + '<td class="numeric">0</td></tr>'
    )
    assert row in page
    chart = page.split('<title id="outcomes-title">')[1].split("</svg>")[0]
    assert chart.count('<rect class="chart-bar chart-bar--met"') == 2
    assert chart.count('<rect class="chart-suppressed chart-bar--') == 6
    assert "6 of 12 figures had fewer than 3 conversations" in page


def test_the_outcomes_chart_is_described_for_screen_readers(built):
    page = built["statistics.html"].decode("utf-8")
    assert 'role="img" aria-labelledby="outcomes-title outcomes-desc"' in page
    assert "(met, not met, unreported and not yet reported), January 2026 to March 2026." in page
    assert "8 of 12 figures had fewer than 5 conversations" in page
    assert '<span class="chart-key chart-bar--unreported" aria-hidden="true"></span>' in page


def test_the_chart_is_described_for_screen_readers(built):
    page = built["statistics.html"].decode("utf-8")
    assert 'role="img" aria-labelledby="per-round-title per-round-desc"' in page
    assert '<title id="per-round-title">People in each round</title>' in page
    assert "Highest: 11 in January 2026." in page
    assert '<th scope="row">March 2026</th><td class="numeric">fewer than 5</td>' in page


class _Tables(HTMLParser):
    """Each ``<table>`` of a page as its rows of cell texts, and the links with ``download``."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.downloads: list[str] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self.cell = []
        elif tag == "a" and "download" in dict(attrs):
            self.downloads.append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _tables(html: str) -> _Tables:
    found = _Tables()
    found.feed(html)
    return found


def test_each_table_downloads_as_a_csv_of_the_same_cells_suppressed_as_on_the_page(built):
    page = _tables(built["statistics.html"].decode("utf-8"))
    assert len(page.tables) == len(page.downloads) == 3
    for table, file in zip(page.tables, page.downloads, strict=True):
        assert file.endswith(".csv") and file in built, file
        rows = list(csv.reader(io.StringIO(built[file].decode("utf-8"), newline="")))
        assert rows == table, file
        assert any("fewer than 5" in row for row in rows), file  # suppressed as on the page
    numbers = [
        cell
        for file in page.downloads
        for row in csv.reader(io.StringIO(built[file].decode()))
        for cell in row[1:]
    ]
    assert all(
        re.fullmatch(
            r"\d+|fewer than 5|Met|Not met|Unreported|Not yet reported|"
            r"People|Joined|Left",
            cell,
        )
        for cell in numbers
    ), numbers
    for value in ("1", "2", "3", "4"):
        assert value not in numbers  # no count from 1 to 4 is given


def test_a_csv_is_a_spreadsheets_csv():
    table = findings.Table(
        caption="x", file="x.csv", header=("Round", "People"), rows=(("March 2026", "a, b"),)
    )
    assert table.csv() == b'Round,People\nMarch 2026,"a, b"\n'


def test_each_chart_has_a_headline_finding_and_a_one_line_summary(built):
    page = built["statistics.html"].decode("utf-8")
    captions = re.findall(
        r'<figcaption><span class="chart-headline">([^<]+)</span> '
        r'<span class="chart-summary">([^<]+)</span></figcaption>',
        page,
    )
    assert captions == [
        (
            "Fewer than 5 people were in the March 2026 round",
            "The number of people matched in each round, from January 2026 to March 2026.",
        ),
        (
            "78% of the conversations reported so far happened",
            "The conversations of each round, by what their members said: met, not met or "
            "nothing, "
            "from January 2026 to March 2026.",
        ),
        (
            "Fewer than 5 people joined in March 2026 and fewer than 5 left",
            "The number of people joining and leaving each month, "
            "from December 2025 to March 2026.",
        ),
    ]


def test_a_headline_says_when_a_round_is_the_largest_so_far():
    figures = {
        "per_round": [
            {"round": "2026-01", "participants": {"value": 8, "text": "8"}},
            {"round": "2026-02", "participants": {"value": None, "text": "fewer than 5"}},
            {"round": "2026-03", "participants": {"value": 12, "text": "12"}},
        ]
    }
    assert findings.per_round(figures).headline == (
        "12 people were in the March 2026 round, the most so far"
    )
    figures["per_round"][0]["participants"] = {"value": 20, "text": "20"}
    assert findings.per_round(figures).headline == "12 people were in the March 2026 round"


# --- sources ----------------------------------------------------------------------------------


def test_an_organisers_own_pages_replace_the_default_ones(tmp_path):
    root = tmp_path / "scheme"
    (root / "participants").mkdir(parents=True)
    (root / "scheme.yaml").write_text("repository: example-org/own\norganiser: Wyvern Digital\n")
    (root / "site" / "content").mkdir(parents=True)
    (root / "site" / "content" / "index.md").write_text(
        "---\ntitle: Our own home page\nnav: Start\n---\nHello from **{{ scheme.organiser }}**.\n"
    )
    files = builder.build(root, tmp_path / "out", month=MONTH)
    home = files["index.html"].decode("utf-8")
    assert "<h1>Our own home page</h1>" in home
    assert "<p>Hello from <strong>Wyvern Digital</strong>.</p>" in home
    assert "questions.html" not in files  # the organiser's content/ replaces the default pages
    assert "static/style.css" in files  # templates and static still come from the default


def test_page_text_is_escaped_where_it_comes_from_settings(tmp_path):
    root = tmp_path / "scheme"
    (root / "participants").mkdir(parents=True)
    (root / "scheme.yaml").write_text(
        "repository: example-org/own\nname: Tea & <b>Talk</b>\norganiser: T\n"
    )
    files = builder.build(root, tmp_path / "out", month=MONTH)
    home = files["index.html"].decode("utf-8")
    assert "Tea &amp; &lt;b&gt;Talk&lt;/b&gt;" in home
    assert "<b>Talk</b>" not in home


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter\n", "start the page with front matter"),
        ("---\nnav: Home\n---\nbody\n", "needs `title:"),
        ("---\ntitle: Home\ncolour: red\n---\nbody\n", "unknown front matter field(s) colour"),
        ("---\ntitle: [unclosed\n---\nbody\n", "not valid YAML"),
        ("---\ntitle: Home\norder: first\n---\nbody\n", "`order` must be a whole number"),
    ],
)
def test_a_broken_page_is_refused_with_its_name(tmp_path, text, message):
    (tmp_path / "index.md").write_text(text)
    with pytest.raises(Refused, match=re.escape(message)) as refused:
        builder.read_page(tmp_path / "index.md")
    assert "site/content/index.md" in str(refused.value)


# --- pages from docs/ --------------------------------------------------------------------------

DOCS = HERE.parent / "docs"


def test_how_draws_work_is_a_page_made_from_docs(built):
    """One source: the page's title is its docs file's first heading, and its sections are the
    file's sections, with the anchors GitHub gives them. (The participant's guide is a page of
    its own, in plain words with the scheme's own days and buttons to the forms.)"""
    for page, doc in (("draws.html", "draws.md"),):
        html = built[page].decode("utf-8")
        text = (DOCS / doc).read_text(encoding="utf-8")
        title = text.splitlines()[0].removeprefix("# ")
        assert f"<h1>{escape(title)}</h1>" in html
        for heading, anchor in zip(
            re.findall(r"^## (.+)$", text, re.M), doc_pages.anchors(text)[1:], strict=True
        ):
            assert f'<h2 id="{anchor}">' in html, (page, heading)
        assert "{{" not in html  # plain Markdown: no template values


def test_links_between_pages_reach_a_built_page_and_its_anchor(built):
    """A docs link to another published docs file goes to its page (and heading) on the site;
    every other relative link in the site goes to a file the site has."""
    ids = {
        name: set(re.findall(r'id="([^"]+)"', data.decode("utf-8")))
        for name, data in built.items()
        if name.endswith(".html")
    }
    assert 'href="draws.html"' in built["participants.html"].decode("utf-8")
    for name in ids:
        for url in re.findall(r'href="([^"]*)"', built[name].decode("utf-8")):
            if "://" in url or url.startswith("mailto:"):
                continue  # not a relative link
            target, _, anchor = url.partition("#")
            target = target or name
            assert target in built, f"{name}: {url}"
            if anchor:
                assert anchor in ids[target], f"{name}: {url} has no such anchor"


def test_other_docs_links_go_to_the_file_on_github(built):
    draws = built["draws.html"].decode("utf-8")
    repository = "https://github.com/example-org/unmentoring-fixture"
    assert f'href="{repository}/blob/HEAD/docs/commands.md#unmentoring-pair"' in draws


def test_an_organisers_own_docs_file_replaces_the_default_one(tmp_path):
    root = tmp_path / "scheme"
    (root / "participants").mkdir(parents=True)
    (root / "scheme.yaml").write_text("repository: example-org/own\norganiser: T\n")
    (root / "docs").mkdir()
    (root / "docs" / "draws.md").write_text(
        "# Our draw\n\nWe draw {{ by hand }}: see [our rules](draws.md#our-own-rules) and "
        "[setting up](quick-start.md).\n\n## Our own rules\n"
    )
    files = builder.build(root, tmp_path / "out", month=MONTH)
    draws = files["draws.html"].decode("utf-8")
    assert "<h1>Our draw</h1>" in draws and '<h2 id="our-own-rules">' in draws
    assert "We draw {{ by hand }}" in draws
    assert 'href="draws.html#our-own-rules"' in draws
    assert 'href="https://github.com/example-org/own/blob/HEAD/docs/quick-start.md"' in draws


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\nnav: Guide\ndoc: ../secret.md\n---\n", "`doc` must name a file in docs/"),
        ("---\nnav: Guide\ndoc: draws.md\n---\nmore text\n", "leave nothing after"),
        ("---\nnav: Guide\ndoc: nowhere.md\n---\n", "`doc: nowhere.md` names no file"),
    ],
)
def test_a_broken_docs_page_is_refused_with_its_name(tmp_path, text, message):
    root = tmp_path / "scheme"
    (root / "participants").mkdir(parents=True)
    (root / "scheme.yaml").write_text("repository: example-org/own\norganiser: Wyvern Digital\n")
    (root / "site" / "content").mkdir(parents=True)
    (root / "site" / "content" / "index.md").write_text("---\ntitle: Home\n---\nHi\n")
    (root / "site" / "content" / "guide.md").write_text(text)
    with pytest.raises(Refused, match=re.escape(message)) as refused:
        builder.build(root, tmp_path / "out", month=MONTH)
    assert "site/content/guide.md" in str(refused.value)


def test_a_docs_file_without_a_title_is_refused(tmp_path):
    root = tmp_path / "scheme"
    (root / "participants").mkdir(parents=True)
    (root / "scheme.yaml").write_text("repository: example-org/own\norganiser: T\n")
    (root / "docs").mkdir()
    (root / "docs" / "draws.md").write_text("No heading here.\n")
    with pytest.raises(Refused, match=r"docs/draws.md: start it with its title"):
        builder.build(root, tmp_path / "out", month=MONTH)


def test_a_template_error_names_the_page(tmp_path):
    root = tmp_path / "scheme"
    (root / "participants").mkdir(parents=True)
    (root / "scheme.yaml").write_text("repository: example-org/own\norganiser: Wyvern Digital\n")
    (root / "site" / "content").mkdir(parents=True)
    (root / "site" / "content" / "index.md").write_text("---\ntitle: Home\n---\n{{ nonsense }}\n")
    with pytest.raises(Refused, match=r"site/content/index.md: UndefinedError"):
        builder.build(root, tmp_path / "out", month=MONTH)


def test_without_a_repository_the_site_cannot_link_to_the_join_form(tmp_path):
    root = tmp_path / "scheme"
    (root / "participants").mkdir(parents=True)
    (root / "scheme.yaml").write_text("name: No links\norganiser: T\n")
    with pytest.raises(Refused, match="`repository` is not set"):
        builder.build(root, tmp_path / "out", month=MONTH)
    files = builder.build(root, tmp_path / "out", month=MONTH, workflow_repository="octo/scheme")
    assert b"https://github.com/octo/scheme/issues/new?template=join.yml" in files["join.html"]


def test_in_actions_the_site_links_to_the_repository_it_runs_in(tmp_path, caplog):
    """A scheme made from the template keeps the template's `repository:` until someone edits
    it; its site must still send people to its own forms, as its pairing issues do."""
    root = tmp_path / "scheme"
    (root / "participants").mkdir(parents=True)
    (root / "scheme.yaml").write_text(
        "name: Ours\nrepository: template-owner/template\norganiser: T\n"
    )
    files = builder.build(root, tmp_path / "out", month=MONTH, workflow_repository="ours/coffee")
    assert b"https://github.com/ours/coffee/issues/new?template=join.yml" in files["join.html"]
    assert b"template-owner" not in files["join.html"]
    assert "correct `repository` in scheme.yaml" in caplog.text


# --- writing ----------------------------------------------------------------------------------


def test_a_second_build_replaces_the_first_whole(tmp_path):
    out = tmp_path / "_site"
    builder.build(FIXTURE, out, month=MONTH)
    (out / "stale.html").write_text("from an older build")
    builder.build(FIXTURE, out, month=MONTH)
    assert not (out / "stale.html").exists()
    assert (out / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]  # no temporary folders left


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path, monkeypatch):
    out = tmp_path / "_site"
    builder.build(FIXTURE, out, month=MONTH)
    before = sorted(p.name for p in out.iterdir())

    def broken(name: Path, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Path, "write_bytes", broken)
    with pytest.raises(OSError, match="disk full"):
        builder.build(FIXTURE, out, month="2026-02")
    monkeypatch.undo()
    assert sorted(p.name for p in out.iterdir()) == before
    assert json.loads((out / "stats.json").read_text())["month"] == MONTH
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("precious")
    with pytest.raises(Refused, match="earlier build did not write"):
        builder.build(FIXTURE, tmp_path, month=MONTH)
    assert (tmp_path / "notes.txt").read_text() == "precious"


def test_command_line(run_cli, tmp_path):
    code, out, err = run_cli(
        "build-site", "--repo", FIXTURE, "--out", tmp_path / "s", "--month", MONTH
    )
    assert code == 0, err
    assert "Wrote 16 file(s)" in out  # 10 pages, stats.json, 3 tables as CSV, 2 static files
    assert (tmp_path / "s" / "statistics.html").is_file()


def test_command_line_rejects_a_bad_month(run_cli, tmp_path):
    code, _, err = run_cli(
        "build-site", "--repo", FIXTURE, "--out", tmp_path / "s", "--month", "March"
    )
    assert code == 2
    assert "'March' is not a month; write it YYYY-MM" in err


def test_the_site_is_titled_with_the_schemes_name_unless_site_title_says_otherwise(tmp_path):
    root = tmp_path / "scheme"
    (root / "participants").mkdir(parents=True)
    # Run by LocalGov Digital, so the page has no line on where UnMentoring began.
    (root / "scheme.yaml").write_text(
        "repository: example-org/own\nname: Borsetshire Coffee\norganiser: LocalGov Digital\n"
    )
    home = builder.build(root, tmp_path / "out", month=MONTH)["index.html"].decode("utf-8")
    assert re.search(r"<title>Borsetshire Coffee: [^<]+</title>", home), home[:500]
    assert ">Borsetshire Coffee</a>" in home and "UnMentoring" not in home
    (root / "scheme.yaml").write_text(
        "repository: example-org/own\nname: Borsetshire Coffee\nsite_title: Coffee roulette\n"
        "organiser: LocalGov Digital\n"
    )
    home = builder.build(root, tmp_path / "out", month=MONTH)["index.html"].decode("utf-8")
    assert re.search(r"<title>Coffee roulette: [^<]+</title>", home)


def test_the_organisers_contact_is_in_every_footer_and_on_the_privacy_page(built):
    for name, data in built.items():
        if name.endswith(".html"):
            assert '<a href="mailto:organisers@wyvern.example">' in data.decode("utf-8"), name
    privacy = built["privacy.html"].decode("utf-8")
    assert "(left the scheme)" in privacy and "edit history" in privacy
    assert "Code of conduct" in built["index.html"].decode("utf-8")


def test_stats_json_is_a_figure_a_line_and_reads_back_as_the_figures():
    figures = {
        "month": "2026-03",
        "per_round": [{"round": "2026-01", "n": {"value": None}}, {"round": "2026-02"}],
        "per_month": [],
        "text": 'quotes " and “curly” ones',
    }
    written = builder.stats_json(figures).decode("utf-8")
    assert json.loads(written) == figures
    assert written.splitlines()[:4] == [
        "{",
        ' "month": "2026-03",',
        ' "per_month": [],',
        ' "per_round": [',
    ]
    assert '  {"n":{"value":null},"round":"2026-01"},' in written.splitlines()
