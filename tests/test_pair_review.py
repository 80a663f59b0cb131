"""`draw: review`: `pair --push` proposes the round in a pull request (the fake GitHub) from a
branch of a local bare remote; merging it lands the round and the workflow's announce step opens
its issues; closing it unmerged makes the next run draw anew with `redraws: N`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import kill_repeatedly
from fake_github import Fault, lost_response
from test_pair_push import IDENTITY, MONTH, git, push_from
from test_pair_push import clones as clones  # a bare remote and two clones, a fixture

from unmentoring import cli
from unmentoring.core import draw_review
from unmentoring.github import api

ROOT = Path(__file__).resolve().parent.parent
BRANCH = draw_review.branch(MONTH)
ROUND_FILE = f"rounds/{MONTH}.yaml"


@pytest.fixture
def review(clones, github, monkeypatch):
    """The sample scheme with `draw: review` on the remote; ``ours`` is where pair runs."""
    monkeypatch.setattr(api, "LOOK_AGAIN_WAIT", 0.0)
    # As on a runner: a landed change leaves the checkout detached, and Actions names the branch.
    monkeypatch.setenv("GITHUB_REF_NAME", "main")
    ours, theirs = clones
    scheme = theirs / "scheme.yaml"
    scheme.write_text(scheme.read_text() + "draw: review\n")
    push_from(theirs, "review each draw")
    git(ours, "pull", "--quiet", "--ff-only", "origin", "main")
    return ours, theirs, github


def pair(root: Path, *args: str) -> int:
    return cli.main(["pair", "--repo", str(root), "--round", MONTH, "--push", *args])


def on_branch(clone: Path, branch: str, path: str = ROUND_FILE) -> str | None:
    git(clone, "fetch", "--quiet", "origin")
    listed = git(clone, "ls-tree", "--name-only", f"origin/{branch}", path).strip()
    return git(clone, "show", f"origin/{branch}:{path}") if listed else None


def test_proposes_one_pull_request_and_commits_nothing_to_main(review, capsys):
    ours, theirs, github = review
    assert pair(ours) == 0
    out = capsys.readouterr().out
    assert on_branch(theirs, "main") is None, "nothing lands before an organiser merges it"
    proposed = yaml.safe_load(on_branch(theirs, BRANCH))
    assert "redraws" not in proposed
    [pull] = github.pulls.values()
    assert pull["head"]["ref"] == BRANCH and pull["base"]["ref"] == "main"
    assert pull["title"] == f"Round {MONTH} (February 2026)"
    body = pull["body"]
    assert body.startswith(draw_review.marker(MONTH))
    people = sum(len(group["members"]) for group in proposed["groups"])
    assert f"**{people} people in {len(proposed['groups'])} groups" in body
    assert "pairs who met before" in body and "colleagues" in body
    for number, group in enumerate(proposed["groups"], start=1):
        logins = ", ".join(f"`{login}`" for login in group["members"])
        assert f"| {number} | {logins} | `{group['host']}` |" in body
    assert "@" not in body, "nobody is mentioned before the round is accepted"
    assert f"unmentoring pair --round {MONTH} --check" in body
    assert f"proposed for review in pull request #{pull['number']}" in out

    # Runs while it is open change nothing.
    posts = github.count("POST")
    assert pair(ours) == 0
    assert f"awaits review in pull request #{pull['number']}" in capsys.readouterr().out
    assert github.count("POST") == posts and len(github.pulls) == 1


def test_closing_unmerged_draws_anew_with_the_count_of_rejected_draws(review, capsys, run_cli):
    ours, theirs, github = review
    assert pair(ours) == 0
    first = yaml.safe_load(on_branch(theirs, BRANCH))
    [number] = github.pulls
    github.close_pull_request(number)
    assert pair(ours) == 0
    second_text = on_branch(theirs, BRANCH)
    second = yaml.safe_load(second_text)
    assert second["redraws"] == 1 and second["seed"] != first["seed"]
    assert re.search(r"\nengine: \d+\nredraws: 1\ngroups:\n", second_text)
    assert len(github.pulls) == 2
    newest = github.pulls[max(github.pulls)]
    assert newest["state"] == "open"
    assert "rejected a draw of this round once before this one (`redraws: 1`)" in newest["body"]
    github.close_pull_request(newest["number"])
    assert pair(ours) == 0
    assert yaml.safe_load(on_branch(theirs, BRANCH))["redraws"] == 2

    # The check, on a clone of the branch, reproduces it and says the organisers rejected two.
    git(theirs, "checkout", "--quiet", "-B", "review", f"origin/{BRANCH}")
    code, out, err = run_cli("pair", "--repo", theirs, "--round", MONTH, "--check")
    assert code == 0, out + err
    assert "reproduced" in out and "(the digest of this data)" in out
    assert "rejected a draw of this round twice" in out


def test_someone_who_leaves_while_the_draw_awaits_review_is_drawn_out_of_it(review, capsys):
    """Issue 21, finding 8: a leave (or a pause) landing while the round's pull request is open
    would leave a partner introduced to nobody once it is merged. The next run draws the round
    anew on the same branch from today's participants and says so once in the pull request;
    a run after that changes nothing."""
    ours, theirs, github = review
    assert pair(ours) == 0
    first = yaml.safe_load(on_branch(theirs, BRANCH))
    [number] = github.pulls
    leaver = first["groups"][0]["members"][0]
    (theirs / "participants" / f"{leaver}.yaml").unlink()
    push_from(theirs, f"{leaver} leaves")
    git(ours, "fetch", "--quiet", "origin")  # a new run: a fresh checkout of main
    git(ours, "checkout", "--quiet", "-B", "main", "origin/main")
    capsys.readouterr()
    assert pair(ours) == 0
    assert "drawn anew" in capsys.readouterr().out
    second = yaml.safe_load(on_branch(theirs, BRANCH))
    members = {login for group in second["groups"] for login in group["members"]}
    assert leaver not in members and second.get("redraws", 0) == 0
    assert len(github.pulls) == 1 and github.pulls[number]["state"] == "open"
    said = [c["body"] for c in github.comments.values() if c["issue_number"] == number]
    assert len(said) == 1 and f"`{leaver}`" in said[0] and "@" not in said[0]
    posts = github.count("POST")
    assert pair(ours) == 0
    assert github.count("POST") == posts
    assert yaml.safe_load(on_branch(theirs, BRANCH)) == second


def test_a_lost_answer_to_the_pull_request_leaves_one(review):
    ours, _, github = review
    github.inject(lost_response(), method="POST", path=r"/pulls$")
    assert pair(ours) == 0
    assert len(github.pulls) == 1 and github.count("POST", r"/pulls$") == 1


def test_a_run_stopped_before_the_pull_request_is_finished_by_the_next(review, capsys):
    """The setting that lets the workflow's token open pull requests is off: the branch is
    pushed and the run fails, saying what to tick; after that, a run opens the one pull request
    for the same draw."""
    ours, theirs, github = review
    refusal = "GitHub Actions is not permitted to create or approve pull requests."
    github.inject(Fault(status=403, message=refusal, method="POST", path=r"/pulls$"))
    assert pair(ours) == 1
    assert "Allow GitHub Actions to create and approve pull requests" in capsys.readouterr().err
    pushed = on_branch(theirs, BRANCH)
    assert pushed is not None and not github.pulls
    assert pair(ours) == 0
    assert len(github.pulls) == 1
    assert on_branch(theirs, BRANCH) == pushed, "the same data and count draw the same round"


def test_killed_runs_then_a_full_run_open_one_pull_request(review, tmp_path):
    ours, theirs, github = review
    env = {**os.environ, **github.env()}
    command = [sys.executable, "-m", "unmentoring", "pair", "--repo", str(ours)]
    command += ["--round", MONTH, "--push"]
    kill_repeatedly(command, env, seed=7, pause=(0.3, 2.0), times=4)
    # A rerun on GitHub starts from a fresh checkout (a kill may leave this one half-committed).
    rerun = tmp_path / "rerun"
    git(tmp_path, "clone", "--quiet", str(tmp_path / "remote.git"), str(rerun))
    command[command.index(str(ours))] = str(rerun)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert len(github.pulls) == 1, "one pull request, however many runs were killed"
    [pull] = github.pulls.values()
    assert pull["state"] == "open"
    assert "redraws" not in yaml.safe_load(on_branch(theirs, BRANCH))


def announce_step() -> str:
    """The run script of round.yml's announce step, as GitHub runs it."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "round.yml").read_text())
    [step] = [s for s in workflow["jobs"]["announce"]["steps"] if s.get("id") == "land"]
    return step["run"]


def test_merging_lands_the_round_and_the_push_announces_it(review, tmp_path, capsys, run_cli):
    ours, theirs, github = review
    assert pair(ours) == 0
    [rejected] = github.pulls
    github.close_pull_request(rejected)
    assert pair(ours) == 0
    proposed = on_branch(theirs, BRANCH)
    number = max(github.pulls)
    # The organiser merges: a merge commit on main, pushed by a person.
    git(theirs, "fetch", "--quiet", "origin")
    git(theirs, "checkout", "--quiet", "main")
    git(theirs, "pull", "--quiet", "--ff-only", "origin", "main")
    git(theirs, *IDENTITY, "merge", "--quiet", "--no-ff", "-m", "Merge", f"origin/{BRANCH}")
    git(theirs, "push", "--quiet", "origin", "main")
    github.close_pull_request(number, merged=True)
    assert on_branch(theirs, "main") == proposed
    # Merged, the round checks out on main, rejected draw and all.
    code, out, err = run_cli("pair", "--repo", theirs, "--round", MONTH, "--check")
    assert code == 0, out + err
    assert "reproduced" in out and "(the digest of this data)" in out
    assert "rejected a draw of this round once" in out

    # The push starts round.yml; its announce step, in a fresh checkout of main, announces the
    # round the push added (the real command, against the fake GitHub).
    runner = tmp_path / "runner"
    remote = f"file://{tmp_path / 'remote.git'}"
    git(tmp_path, "clone", "--quiet", "--depth", "2", remote, str(runner))
    (tmp_path / "temp").mkdir()
    env = {
        **os.environ,
        **github.env(),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_EVENT_NAME": "push",
        "RUNNER_TEMP": str(tmp_path / "temp"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "UNMENTORING_APP_TOKEN": "",
    }
    done = subprocess.run(["bash", "-e", "-c", announce_step()], cwd=runner, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    groups = yaml.safe_load(proposed)["groups"]
    pairing = [i for i in github.issues.values() if "pull_request" not in i]
    assert len(pairing) == len(groups)
    announced = yaml.safe_load(on_branch(theirs, "main"))
    assert all(group.get("issue") for group in announced["groups"])

    # A later push that adds no round file (these numbers) announces nothing more.
    git(runner, "pull", "--quiet", "origin", "main")
    again = subprocess.run(["bash", "-e", "-c", announce_step()], cwd=runner, env=env,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert len([i for i in github.issues.values() if "pull_request" not in i]) == len(groups)

    # And the scheduled pair finds the round drawn: no new pull request.
    git(ours, "pull", "--quiet", "--ff-only", "origin", "main")
    assert pair(ours) == 0
    assert "already drawn" in capsys.readouterr().out
    assert len(github.pulls) == 2, "no new pull request once the round is merged"


# -- the pieces ---------------------------------------------------------------------------


class Pull:
    def __init__(self, number: int, state: str, merged: bool = False, body: str | None = None):
        self.number, self.state, self.merged = number, state, merged
        self.body = draw_review.marker(MONTH) if body is None else body


def test_attempts_count_only_this_rounds_pull_requests_closed_unmerged():
    pulls = [
        Pull(1, "closed"),
        Pull(2, "closed"),
        Pull(3, "closed", body="someone's own pull request from the branch"),
        Pull(4, "closed", body=draw_review.marker("2026-03")),
        Pull(5, "open"),
    ]
    attempts = draw_review.Attempts.of(MONTH, pulls)
    assert attempts == draw_review.Attempts(waiting=5, merged=None, rejected=2)
    accepted = draw_review.Attempts.of(MONTH, [Pull(1, "closed"), Pull(2, "closed", True)])
    assert accepted == draw_review.Attempts(waiting=None, merged=2, rejected=1)


def test_print_draw_prints_the_mode_and_goes_alone(scheme_repo, run_cli):
    assert run_cli("pair", "--repo", scheme_repo.root, "--print-draw")[:2] == (0, "direct\n")
    scheme_repo.write("scheme.yaml", "name: Test\ndraw: review\norganiser: T\n")
    assert run_cli("pair", "--repo", scheme_repo.root, "--print-draw")[:2] == (0, "review\n")
    code, _, err = run_cli("pair", "--repo", scheme_repo.root, "--print-draw", "--round", MONTH)
    assert code == 2 and "--print-draw goes alone" in err
    scheme_repo.write("scheme.yaml", "name: Test\ndraw: later\norganiser: T\n")
    code, out, _ = run_cli("validate", "--repo", scheme_repo.root)
    assert code == 1 and "scheme.yaml:2: `draw`" in out and "direct, review" in out


def test_redraws_must_be_a_count(scheme_repo, run_cli):
    scheme_repo.add_participant("a")
    scheme_repo.add_participant("b")
    text = "round: 2026-02\nseed: s\nredraws: -1\ngroups:\n  - members: [a, b]\n"
    scheme_repo.write("rounds/2026-02.yaml", text)
    code, out, _ = run_cli("validate", "--repo", scheme_repo.root)
    assert code == 1 and "rounds/2026-02.yaml:3: `redraws`" in out, out


def test_the_site_says_which_rounds_had_a_draw_rejected_and_how_often(scheme_repo, run_cli):
    scheme_repo.write(
        "scheme.yaml", "name: Test\nstart: 2026-01\nrepository: owner/repo\norganiser: T\n"
    )
    for login in ("a", "b", "c", "d"):
        scheme_repo.add_participant(login)
    group = "groups:\n  - members: [a, b]\n  - members: [c, d]\n"
    scheme_repo.write("rounds/2026-01.yaml", f"round: 2026-01\nseed: s\n{group}")
    scheme_repo.write("rounds/2026-02.yaml", f"round: 2026-02\nseed: t\nredraws: 2\n{group}")
    out = scheme_repo.root / "_site"
    code, _, err = run_cli("build-site", "--repo", scheme_repo.root, "--out", out,
                           "--month", "2026-02")  # fmt: skip
    assert code == 0, err
    page = (out / "statistics.html").read_text()
    assert "rejected a draw before accepting one" in page
    assert "February 2026 (twice)." in page and "January 2026 (" not in page
    rounds = {item["round"]: item["redraws"] for item in yaml.safe_load(
        (out / "stats.json").read_text())["per_round"]}  # fmt: skip
    assert rounds == {"2026-01": 0, "2026-02": 2}
