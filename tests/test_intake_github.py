"""``unmentoring intake --event ... --push`` end to end: a fake GitHub for the issue, a local
bare repository for git. One comment per issue, edited in place; closed only on success."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from fake_github import FakeGitHub, lost_response, server_error
from test_intake_git import clone, files_on, git
from test_intake_git import remote as remote  # the bare repository, a fixture

from unmentoring.commands import sign_up
from unmentoring.core import draw_review, schedule
from unmentoring.core.months import add_months, month_name
from unmentoring.core.sign_up_replies import LATE_EDIT_MARKER, MARKER
from unmentoring.github import api, bot_comment

BODIES = Path(__file__).parent / "fixtures" / "issue_bodies"


def body(name: str) -> str:
    return (BODIES / name).read_text(encoding="utf-8")


def submit_event(github: FakeGitHub, tmp_path: Path, number: int, action: str = "opened") -> Path:
    """The `issues` event GitHub would send for issue ``number`` as the fake holds it now."""
    issue = github.issues[number]
    event = {
        "action": action,
        "issue": issue,
        "repository": {"full_name": github.repository, "default_branch": "main"},
        "sender": issue["user"],
    }
    path = tmp_path / f"event-{number}-{action}.json"
    path.write_text(json.dumps(event))
    return path


def run_intake(run_cli, checkout: Path, event: Path) -> tuple[int, str, str]:
    return run_cli("intake", "--repo", checkout, "--event", event, "--push")


def test_a_join_lands_comments_and_closes_the_issue(github, remote, tmp_path, run_cli):
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="Alex")
    code, _, err = run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))
    assert code == 0, err
    assert files_on(remote) == ["alex.yaml"]
    comments = list(github.comments.values())
    assert len(comments) == 1
    assert comments[0]["body"].startswith(MARKER)
    assert "you're in" in comments[0]["body"] and "@Alex" in comments[0]["body"]
    assert github.issues[issue["number"]]["state"] == "closed"
    assert github.issues[issue["number"]]["state_reason"] == "completed"
    assert f"(#{issue['number']})" in git(remote, "log", "-1", "--format=%s", "main")


def test_problems_get_one_comment_edited_in_place_until_fixed(github, remote, tmp_path, run_cli):
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_unticked.md"), labels=["join"], author="una")
    number = issue["number"]

    code, _, _ = run_intake(run_cli, checkout, submit_event(github, tmp_path, number))
    assert code == 0, "a problem in a submission is reported on the issue, not as a failed run"
    assert files_on(remote) == []
    assert github.issues[number]["state"] == "open"
    [comment] = github.comments.values()
    assert comment["body"].count("Please tick the box") == 2

    # The person edits the issue, still without one box ticked: the same comment is edited.
    github.issues[number]["body"] = body("join_one_unticked.md")
    run_intake(run_cli, checkout, submit_event(github, tmp_path, number, "edited"))
    [comment] = github.comments.values()
    assert comment["body"].count("Please tick the box") == 1
    assert github.issues[number]["state"] == "open"

    # Fixed: the file lands, the same comment now says what happens next, the issue closes.
    github.issues[number]["body"] = body("join_plain.md")
    run_intake(run_cli, checkout, submit_event(github, tmp_path, number, "edited"))
    [comment] = github.comments.values()
    assert "you're in" in comment["body"]
    assert github.issues[number]["state"] == "closed"
    assert files_on(remote) == ["una.yaml"]
    assert github.count("POST", r"/comments$") == 1


def test_a_pasted_marker_in_someone_elses_comment_is_left_alone(github, remote, tmp_path, run_cli):
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="alex")
    theirs = github.add_comment(issue["number"], f"{MARKER} mine", author="mallory")
    run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))
    assert github.comments[theirs["id"]]["body"] == f"{MARKER} mine"
    assert len(github.comments) == 2


def test_another_bots_comment_with_our_marker_is_not_taken_for_ours(
    github, remote, tmp_path, run_cli
):
    """Only our own login's comments are ours: any bot may repeat the marker."""
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="alex")
    theirs = github.add_comment(issue["number"], f"{MARKER} quoted", author="other[bot]")
    code, _, err = run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))
    assert code == 0, err
    assert github.comments[theirs["id"]]["body"] == f"{MARKER} quoted"
    ours = [c for c in github.comments.values() if c["user"]["login"] == github.login]
    assert len(ours) == 1 and "you're in" in ours[0]["body"]


def test_with_an_apps_login_its_own_comment_is_edited_in_place(
    github, remote, tmp_path, run_cli, monkeypatch
):
    """A scheme on a GitHub App token: the App's comments are ours, github-actions[bot]'s not."""
    github.login = "our-scheme[bot]"
    monkeypatch.setenv(bot_comment.BOT_LOGIN_ENV, "Our-Scheme[bot]")
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_unticked.md"), labels=["join"], author="una")
    number = issue["number"]
    stale = github.add_comment(number, f"{MARKER} old", author="github-actions[bot]")
    run_intake(run_cli, checkout, submit_event(github, tmp_path, number))
    github.issues[number]["body"] = body("join_plain.md")
    code, _, err = run_intake(run_cli, checkout, submit_event(github, tmp_path, number, "edited"))
    assert code == 0, err
    assert github.comments[stale["id"]]["body"] == f"{MARKER} old"
    ours = [c for c in github.comments.values() if c["user"]["login"] == "our-scheme[bot]"]
    assert len(ours) == 1 and "you're in" in ours[0]["body"]
    assert github.count("POST", r"/comments$") == 1 and github.count("PATCH", r"/comments/") == 1


def test_an_edit_by_someone_else_still_changes_only_the_authors_file(
    github, remote, tmp_path, run_cli
):
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_impersonation.md"), labels=["join"], author="carol")
    event = json.loads(submit_event(github, tmp_path, issue["number"], "edited").read_text())
    event["sender"] = {"login": "bob", "type": "User"}
    path = tmp_path / "edited-by-bob.json"
    path.write_text(json.dumps(event))
    code, _, _ = run_intake(run_cli, checkout, path)
    assert code == 0
    assert files_on(remote) == ["carol.yaml"]
    assert "github: carol" in git(remote, "show", "main:participants/carol.yaml")


def test_leave_deletes_the_file_on_the_branch(github, remote, tmp_path, run_cli):
    checkout = clone(remote, tmp_path / "run")
    joined = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="alex")
    run_intake(run_cli, checkout, submit_event(github, tmp_path, joined["number"]))
    leaving = github.add_issue("Leave", body("change_leave.md"), labels=["change"], author="alex")
    code, _, _ = run_intake(run_cli, checkout, submit_event(github, tmp_path, leaving["number"]))
    assert code == 0
    assert files_on(remote) == []
    assert github.issues[leaving["number"]]["state"] == "closed"


def test_an_issue_with_another_label_is_ignored(github, remote, tmp_path, run_cli):
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Bug", body("join_plain.md"), labels=["bug"], author="alex")
    code, _, _ = run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))
    assert code == 0
    assert github.comments == {} and files_on(remote) == []


def test_an_unlabelled_form_is_recognised_by_its_headings(github, remote, tmp_path, run_cli):
    """GitHub drops a form's label that the repository lacks; the sign-up must not be lost."""
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), author="alex")
    code, _, _ = run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))
    assert code == 0
    assert files_on(remote) == ["alex.yaml"]


def test_an_unlabelled_issue_that_is_no_form_is_ignored(github, remote, tmp_path, run_cli):
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Hello", "Can I join?", author="alex")
    code, _, _ = run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))
    assert code == 0
    assert github.comments == {} and files_on(remote) == []


def test_a_lost_comment_response_does_not_duplicate_the_comment(
    github, remote, tmp_path, run_cli, monkeypatch
):
    monkeypatch.setattr(bot_comment, "LOOK_AGAIN_WAIT", 0.0)
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="alex")
    github.inject(server_error(502, applied=True), method="POST", path=r"/comments$")
    code, _, err = run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))
    assert code == 0, err
    assert len(github.comments) == 1


def review_sign_ups(remote: Path, tmp_path: Path) -> None:
    """Set `signup: review` in the scheme on the remote's main."""
    setup = clone(remote, tmp_path / "setup")
    scheme = setup / "scheme.yaml"
    scheme.write_text(scheme.read_text() + "signup: review\n")
    git(setup, *sign_up.landing._identity(setup), "commit", "--quiet", "-am", "review sign-ups")
    git(setup, "push", "--quiet", "origin", "HEAD:main")


def test_review_mode_opens_one_pull_request_and_leaves_the_issue_open(
    github, remote, tmp_path, run_cli
):
    review_sign_ups(remote, tmp_path)
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="alex")
    number = issue["number"]
    code, _, err = run_intake(run_cli, checkout, submit_event(github, tmp_path, number))
    assert code == 0, err
    assert files_on(remote) == []
    assert files_on(remote, "unmentoring/intake-alex") == ["alex.yaml"]
    [pull] = github.pulls.values()
    assert pull["head"]["ref"] == "unmentoring/intake-alex" and pull["base"]["ref"] == "main"
    assert f"Closes #{number}." in pull["body"]
    assert github.issues[number]["state"] == "open"
    [comment] = github.comments.values()
    assert re.search(rf"#{pull['number']}\b", comment["body"])

    github.issues[number]["body"] = body("join_minimal.md")
    run_intake(run_cli, checkout, submit_event(github, tmp_path, number, "edited"))
    assert len(github.pulls) == 1, "an edit updates the same pull request"
    shown = git(remote, "show", "unmentoring/intake-alex:participants/alex.yaml")
    assert "Sam Owen" in shown


def test_review_modes_pull_request_passes_the_ownership_check_as_the_persons(
    github, remote, tmp_path, run_cli
):
    """The pull request intake opens as the bot is the person's own: the check lets it through."""
    review_sign_ups(remote, tmp_path)
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="Alex")
    assert run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))[0] == 0
    [pull] = github.pulls.values()
    assert pull["user"]["login"] == "github-actions[bot]"
    event = tmp_path / "pull_request.json"
    repository = {"full_name": github.repository, "default_branch": "main"}
    event.write_text(
        json.dumps({"action": "opened", "pull_request": pull, "repository": repository})
    )
    changed = tmp_path / "changed.txt"
    changed.write_text(git(remote, "diff", "--name-only", "main", pull["head"]["ref"]))
    assert changed.read_text().split() == ["participants/alex.yaml"]
    code, out, err = run_cli("check-ownership", "--event", event, "--changed-files", changed)
    assert code == 0, out + err
    assert "@alex's (a sign-up opened by intake)" in out
    changed.write_text("participants/alex.yaml\nscheme.yaml\n")
    code, out, _ = run_cli("check-ownership", "--event", event, "--changed-files", changed)
    assert code == 1 and out.startswith("scheme.yaml: belongs to the scheme's organisers")


def test_review_mode_after_a_lost_pull_request_response_has_one_pull_request(
    github, remote, tmp_path, run_cli, monkeypatch
):
    monkeypatch.setattr(api, "LOOK_AGAIN_WAIT", 0.0)
    review_sign_ups(remote, tmp_path)
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="alex")
    github.inject(lost_response(), method="POST", path=r"/pulls$")
    code, _, err = run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))
    assert code == 0, err
    [pull] = github.pulls.values()
    assert github.count("POST", r"/pulls$") == 1
    [comment] = github.comments.values()
    assert re.search(rf"#{pull['number']}\b", comment["body"])
    assert github.issues[issue["number"]]["state"] == "open"


def test_a_rerun_after_success_leaves_the_closed_issue_and_its_comment_alone(
    github, remote, tmp_path, run_cli
):
    """A "Re-run jobs" replays the event as it was (issue open); the issue is read again first."""
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="alex")
    event = submit_event(github, tmp_path, issue["number"])
    assert run_intake(run_cli, checkout, event)[0] == 0
    [comment] = github.comments.values()
    said = comment["body"]
    assert "you're in" in said and github.issues[issue["number"]]["state"] == "closed"
    code, _, err = run_intake(run_cli, checkout, event)  # the same snapshot: issue "open"
    assert code == 0, err
    assert [c["body"] for c in github.comments.values()] == [said]
    assert files_on(remote) == ["alex.yaml"]
    assert github.count("POST") == 1 and github.count("PATCH", r"/comments/") == 0


def test_an_issue_closed_since_the_event_is_not_acted_on(github, remote, tmp_path, run_cli):
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="alex")
    event = submit_event(github, tmp_path, issue["number"])
    github.issues[issue["number"]]["state"] = "closed"  # closed by hand meanwhile
    code, _, err = run_intake(run_cli, checkout, event)
    assert code == 0, err
    assert github.comments == {} and files_on(remote) == []


def edit_event(github: FakeGitHub, tmp_path: Path, number: int, new_body: str) -> Path:
    """The `edited` event for a new body: GitHub names the old one in `changes.body.from`."""
    old = github.issues[number]["body"]
    github.issues[number]["body"] = new_body
    path = submit_event(github, tmp_path, number, "edited")
    event = json.loads(path.read_text())
    event["changes"] = {"body": {"from": old}}
    path.write_text(json.dumps(event))
    return path


def test_an_edit_after_the_sign_up_was_dealt_with_gets_one_reply(github, remote, tmp_path, run_cli):
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="alex")
    number = issue["number"]
    assert run_intake(run_cli, checkout, submit_event(github, tmp_path, number))[0] == 0
    before = files_on(remote)
    edited = body("join_plain.md").replace("Borsetshire County Council", "Ambridge Council")
    event = edit_event(github, tmp_path, number, edited)
    for _run in range(2):  # a re-run edits the same reply in place
        code, _, err = run_intake(run_cli, checkout, event)
        assert code == 0, err
    replies = [c["body"] for c in github.comments.values() if LATE_EDIT_MARKER in c["body"]]
    assert len(replies) == 1, replies
    closed_on = github.issues[number]["closed_at"][:10]
    assert f"already dealt with this form on {closed_on}" in replies[0]
    assert f"{github.repository}/issues/new?template=change.yml" in replies[0]
    assert files_on(remote) == before and github.issues[number]["state"] == "closed"
    assert github.count("POST", r"/comments") == 2, "the welcome and the one reply"


def test_a_replayed_edit_that_was_the_one_dealt_with_gets_no_reply(
    github, remote, tmp_path, run_cli
):
    """The file already says what the edit says: that edit was processed, nothing to add."""
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", "typo", labels=["join"], author="alex")
    number = issue["number"]
    event = edit_event(github, tmp_path, number, body("join_plain.md"))
    assert run_intake(run_cli, checkout, event)[0] == 0
    assert github.issues[number]["state"] == "closed"
    assert run_intake(run_cli, checkout, event)[0] == 0  # "Re-run jobs"
    assert not [c for c in github.comments.values() if LATE_EDIT_MARKER in c["body"]]


def test_a_title_edit_on_a_closed_sign_up_gets_no_reply(github, remote, tmp_path, run_cli):
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="alex")
    number = issue["number"]
    assert run_intake(run_cli, checkout, submit_event(github, tmp_path, number))[0] == 0
    github.issues[number]["body"] = body("join_plain.md").replace("Alex Example", "Alexa")
    path = submit_event(github, tmp_path, number, "edited")
    event = json.loads(path.read_text())
    event["changes"] = {"title": {"from": "Join"}}
    path.write_text(json.dumps(event))
    assert run_intake(run_cli, checkout, path)[0] == 0
    assert len(github.comments) == 1


def test_while_a_round_awaits_review_a_sign_up_is_for_the_round_after(
    github, remote, tmp_path, run_cli
):
    """Issue 21, finding 8: with `draw: review`, the round in its pull request is drawn
    already; someone joining meanwhile is told the round after it, not the one under review."""
    setup = clone(remote, tmp_path / "setup")
    scheme = setup / "scheme.yaml"
    scheme.write_text(scheme.read_text() + "draw: review\n")
    git(setup, "commit", "--quiet", "-am", "review each draw")
    git(setup, "push", "--quiet", "origin", "main")
    month = schedule.next_round(None, set(), dt.datetime.now(dt.UTC).date())
    github.add_pull_request(
        draw_review.branch(month),
        title=draw_review.title(month),
        body=f"{draw_review.marker(month)}\nThe groups",
    )
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="Alex")
    code, _, err = run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))
    assert code == 0, err
    [reply] = [c["body"] for c in github.comments.values()]
    assert f"**{month_name(add_months(month, 1))}**" in reply, reply


def test_a_login_freed_by_a_rename_is_not_the_participants_to_claim(
    github, remote, tmp_path, run_cli
):
    """Issue 21, finding 18: intake records the account's number (`id:`); when its owner
    renames their account, whoever claims the freed login next is another account, and may
    neither change nor delete the entry, nor join over it."""
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="Alex")
    code, _, err = run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))
    assert code == 0, err
    first = clone(remote, tmp_path / "first")
    entry = (first / "participants" / "alex.yaml").read_text()
    assert f"\nid: {github._user('Alex')['id']}\n" in entry
    github.users["Alex"] = 424242  # the login, claimed by someone else's new account
    for index, name in enumerate(("change_update.md", "change_leave.md", "join_plain.md")):
        label = "join" if name.startswith("join") else "change"
        claim = github.add_issue("Claim", body(name), labels=[label], author="Alex")
        run = clone(remote, tmp_path / f"claim-{index}")
        code, _, err = run_intake(run_cli, run, submit_event(github, tmp_path, claim["number"]))
        assert code == 0, err
        reply = [
            c["body"] for c in github.comments.values() if c["issue_number"] == claim["number"]
        ]
        assert "belongs to another GitHub account" in reply[0], name
        assert (
            clone(remote, tmp_path / f"after-{index}") / "participants" / "alex.yaml"
        ).read_text() == entry


def test_a_renamed_account_is_followed_with_one_commit_and_one_reply(
    github, remote, tmp_path, run_cli
):
    """Issue 21, finding 18: the account Alex renamed itself Alexandra; its next form moves
    the entry to the new login in one commit, and says so in its reply; a rerun changes
    nothing more."""
    checkout = clone(remote, tmp_path / "run")
    issue = github.add_issue("Join", body("join_plain.md"), labels=["join"], author="Alex")
    code, _, err = run_intake(run_cli, checkout, submit_event(github, tmp_path, issue["number"]))
    assert code == 0, err
    github.users["Alexandra"] = github._user("Alex")["id"]  # the same account, renamed
    change = github.add_issue(
        "Pause", body("change_pause_next.md"), labels=["change"], author="Alexandra"
    )
    event = submit_event(github, tmp_path, change["number"])
    for attempt in range(2):
        run = clone(remote, tmp_path / f"rename-{attempt}")
        code, _, err = run_intake(run_cli, run, event)
        assert code == 0, err
    assert files_on(remote) == ["alexandra.yaml"]
    after = clone(remote, tmp_path / "after")
    entry = (after / "participants" / "alexandra.yaml").read_text()
    assert entry.startswith("github: Alexandra\n") and "paused_until:" in entry
    log = git(after, "log", "--format=%s").splitlines()
    assert sum("renamed from alex" in line for line in log) == 1, log
    [reply] = [c["body"] for c in github.comments.values() if c["issue_number"] == change["number"]]
    assert "renamed your GitHub account from alex to Alexandra" in reply
