"""`announce` puts each issue's own link into its "Add to calendar" links: one edit right after
the issue opens, made exactly once against the fake GitHub, whatever fails or is rerun, and
never when the issue proposes no day or was changed since it opened."""

from __future__ import annotations

import re

import pytest
from fake_github import FakeGitHub, dropped_request, lost_response, server_error

from unmentoring.commands import announce
from unmentoring.core.model import Group, Round
from unmentoring.github import api, issue_numbers
from unmentoring.store import repository

MONTH = "2026-03"
TIMES = "[mon-am, tue-am, wed-pm, thu-pm, fri-am]"


@pytest.fixture
def github_env(fake: FakeGitHub, monkeypatch):
    for name, value in fake.env().items():
        monkeypatch.setenv(name, value)


def make_scheme(scheme_repo, pairs: int, *, times: bool = True) -> None:
    logins = [f"person-{n:02d}" for n in range(pairs * 2)]
    for login in logins:
        scheme_repo.add_participant(login, **({"times": TIMES} if times else {}))
    groups = tuple(Group(members=(logins[i], logins[i + 1])) for i in range(0, len(logins), 2))
    repository.write_round(scheme_repo.root, Round(round=MONTH, seed="test", groups=groups))


def run_once(root, fake, timing) -> announce.Result:
    loaded = repository.load_valid(root)
    drawn = loaded.rounds[MONTH]
    planned = announce.plan(loaded, drawn, None)
    client = api.connect(
        env=fake.env(), sleep=timing.sleep, clock=timing.clock, now=lambda: timing.now
    )
    return announce.announce(
        client, MONTH, planned, issue_numbers.LocalRecord(root, drawn), clock=timing.clock
    )


def linked_to_itself(fake: FakeGitHub, number: int) -> bool:
    """Whether the issue's calendar links (all of them) carry the issue's own link."""
    body = fake.issues[number]["body"]
    links = re.findall(r"\((https://(?:outlook|calendar)[^)]+)\)", body)
    own = f"{fake.repository}/issues/{number}"
    return len(links) == 6 and all(own in link for link in links)


def edits_of(fake: FakeGitHub, number: int) -> int:
    return sum(1 for edited, _ in fake.edits if edited == number)


def test_each_issue_is_edited_once_to_link_itself_and_a_rerun_edits_nothing(
    scheme_repo, fake, timing, github_env
):
    make_scheme(scheme_repo, 3)
    run_once(scheme_repo.root, fake, timing)
    assert len(fake.issues) == 3
    for number in fake.issues:
        assert linked_to_itself(fake, number)
        assert edits_of(fake, number) == 1
    numbers = {g.issue for g in repository.load_valid(scheme_repo.root).rounds[MONTH].groups}
    assert numbers == set(fake.issues)
    run_once(scheme_repo.root, fake, timing)
    assert len(fake.edits) == 3


def test_an_issue_proposing_no_day_is_not_edited(scheme_repo, fake, timing, github_env):
    make_scheme(scheme_repo, 2, times=False)
    run_once(scheme_repo.root, fake, timing)
    assert len(fake.issues) == 2 and fake.edits == []


def test_an_issue_opened_by_a_run_stopped_before_its_edit_gets_it_on_the_next_run(
    scheme_repo, fake, timing, github_env
):
    make_scheme(scheme_repo, 2)
    loaded = repository.load_valid(scheme_repo.root)
    first = announce.plan(loaded, loaded.rounds[MONTH], None)[0]
    assert first.text is not None
    client = api.connect(env=fake.env(), sleep=timing.sleep, clock=timing.clock)
    # As a run killed between opening the issue and editing it leaves it: opened, unrecorded.
    opened = client.create_issue(first.text.title, first.text.body, first.text.labels).number
    result = run_once(scheme_repo.root, fake, timing)
    assert result.found == {0: opened} and len(result.opened) == 1
    assert all(linked_to_itself(fake, number) for number in fake.issues)
    assert all(edits_of(fake, number) == 1 for number in fake.issues)


def test_an_issue_changed_since_it_opened_is_not_edited(scheme_repo, fake, timing, github_env):
    make_scheme(scheme_repo, 1)
    loaded = repository.load_valid(scheme_repo.root)
    first = announce.plan(loaded, loaded.rounds[MONTH], None)[0]
    assert first.text is not None
    client = api.connect(env=fake.env(), sleep=timing.sleep, clock=timing.clock)
    # Opened, then edited by someone else (an erasure, say) before its number was recorded.
    changed = first.text.body.replace("## About each of you", "## About each of you (edited)")
    assert changed != first.text.body
    opened = client.create_issue(first.text.title, changed, first.text.labels).number
    run_once(scheme_repo.root, fake, timing)
    assert fake.edits == [] and fake.issues[opened]["body"] == changed


@pytest.mark.parametrize(
    "fault",
    [lost_response, dropped_request, lambda: server_error(502, applied=True), server_error],
    ids=["lost-response", "dropped", "502-applied", "502"],
)
def test_a_failed_edit_is_applied_exactly_once(scheme_repo, fake, timing, github_env, fault):
    make_scheme(scheme_repo, 3)
    fake.inject(fault(), method="PATCH", path=r"/issues/\d+$", after=1, times=2)
    run_once(scheme_repo.root, fake, timing)
    run_once(scheme_repo.root, fake, timing)
    assert len(fake.issues) == 3
    for number in fake.issues:
        assert linked_to_itself(fake, number)
        assert edits_of(fake, number) == 1
