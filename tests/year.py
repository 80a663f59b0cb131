"""A year of a scheme, simulated day by day against the fake GitHub (issue 21).

Fourteen months of a 300-person scheme. People join and leave by the issue forms, talk in their
pairing issues and say ``/met``, ``/not-met``, ``/rematch`` or ``/when`` (some groups plan a
date, and some move it); the commands run as the workflow
files trigger them (the schedules of round.yml, follow-up.yml and erase.yml each day, intake on
each form, command on each comment), in-process, on a checkout of a real git remote, on the
simulation's clock. The platform misbehaves as GitHub does: pairing issues deleted, transferred
and locked; accounts renamed and deleted; a round label removed by hand; a pending run cancelled
by a newer one in its concurrency group; scheduled runs late or dropped, and disabled after 60
days without activity; one hourly budget of requests for every run; 5xx answers, lost answers
and runs killed part-way.

Every day it checks what the scheme promises (``Ledger.violations``):
- everyone eligible is in exactly one group of the round drawn;
- every group is announced, exactly once;
- every ``/met`` is recorded;
- every leaver is erased by the next erase run;
- nobody is paused as quiet who spoke or met;
- no bot comment is posted twice;
- no sign-up is lost;
- a planned date (``/when``) is recorded; its reminder comes the day before it or on it, never
  after; "did you meet?" never before the day after it; a planned group gets no nudge.

``make year`` prints the counts; tests/test_year.py runs it and requires no violation. To see
what some commands said, name them: ``YEAR_DEBUG=command,follow-up make year``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from fake_github import BOT, FakeGitHub, lost_response, server_error

from unmentoring.cli import main as unmentoring
from unmentoring.commands import options
from unmentoring.core import attention
from unmentoring.github import api

FORMS = Path(__file__).parent / "fixtures" / "issue_bodies"
MARKER = re.compile(r"<!-- unmentoring:round=(\d{4}-\d{2}) group=([^ ]+) -->")
HIDDEN = re.compile(r"<!-- unmentoring:[^>]*-->")
SCHEME = """name: Year scheme
organiser: The organisers
start: {start}
repository: owner/repo
"""
DAY_RUNS = (  # the scheduled workflows and their times (UTC), from the cron lines
    ("erase.yml", dt.time(6, 29)),
    ("round.yml", dt.time(7, 17)),
    ("follow-up.yml", dt.time(9, 41)),
)


class Killed(BaseException):
    """The runner died part-way through a run (not an Exception: nothing in the run catches it)."""


@dataclass
class Person:
    login: str
    user_id: int


@dataclass
class Ledger:
    """What the simulation did, and what it found wrong."""

    counts: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # runs that exited non-zero, unkilled
    said: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    mets: list[tuple[dt.date, str, tuple[str, ...], int]] = field(default_factory=list)
    gone_issues: dict[int, str] = field(default_factory=dict)  # deleted or moved: their body
    left: dict[str, dt.date] = field(default_factory=dict)  # login: the day their file went
    erase_delays: list[int] = field(default_factory=list)  # days from leaving to erased
    # Each /when said: the day, the round, the group, the issue and the date it names.
    whens: list[tuple[dt.date, str, tuple[str, ...], int, dt.date]] = field(default_factory=list)

    def wrong(self, day: dt.date, text: str) -> None:
        self.violations.append(f"{day}: {text}")


class Year:
    """One simulated scheme: its remote, the fake GitHub, the people and the clock."""

    def __init__(self, root: Path, *, people: int = 300, months: int = 14, seed: int = 2027):
        self.root = root
        self.rng = random.Random(seed)
        self.target = people
        self.start = dt.date(2027, 1, 1)
        self.end = _add_months(self.start, months)
        self.now = dt.datetime.combine(self.start, dt.time(0), dt.UTC) - dt.timedelta(days=20)
        self.fake = FakeGitHub("owner/repo", now=self._epoch, rate_limit=1000)
        self.ledger = Ledger()
        self.people: dict[str, Person] = {}
        self.serial = 0
        self.remote = root / "remote.git"
        self.checkout = root / "runner"
        self.kill_after: int | None = None
        self.slept = 0.0
        self.plans: dict[int, dict[str, Any]] = {}  # pairing issue: what its group will do
        self.locked: set[int] = set()
        self.seen_rounds: set[str] = set()
        self.files: set[str] = set()  # the logins with a participant file on main, as last read
        self.renamed: dict[str, str] = {}  # old login: new
        self.erased: set[str] = set()
        self.paused_seen: set[str] = (
            set()
        )  # members whose quiet pause was checked  # leavers no pairing issue introduces any more
        self.blobs: dict[str, str] = {}  # each data file on main: its blob
        self.read_at = ""  # the commit of main the files were last read at
        self.checked_out = ""  # the commit of main the runner's checkout has
        self.parsed: dict[str, Any] = {}  # a blob's YAML
        self._log = io.StringIO()

    # -- the clock ---------------------------------------------------------------------------

    def _epoch(self) -> float:
        return self.now.timestamp()

    def _sleep(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)
        self.slept += seconds

    def _monotonic(self) -> float:
        # Commands set their time limits from time.monotonic(): the run's clock is that, plus
        # the time the simulation slept in it.
        return time.monotonic() + self.slept

    def at(self, day: dt.date, when: dt.time) -> None:
        self.now = max(self.now, dt.datetime.combine(day, when, dt.UTC))

    # -- set-up ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def running(self) -> Iterator[Year]:
        """The fake GitHub started, the remote made, and the commands pointed at both."""
        real_connect, real_now, real_request = api.connect, options.now, api.Client._request
        year = self

        def connect(*args: Any, **kwargs: Any) -> api.Client:
            kwargs.update(sleep=year._sleep, clock=year._monotonic, now=year._epoch)
            return real_connect(*args, **kwargs)

        def request(client: api.Client, method: str, *args: Any, **kwargs: Any) -> Any:
            answer = real_request(client, method, *args, **kwargs)
            if method != "GET" and year.kill_after is not None:
                year.kill_after -= 1
                if year.kill_after <= 0:
                    raise Killed
            return answer

        with self.fake:
            keys = [*self._environment(), "GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"]
            saved = {key: os.environ.get(key) for key in keys}
            os.environ.update(self._environment())
            api.connect = connect  # type: ignore[assignment]
            api.Client._request = request  # type: ignore[method-assign]
            options.now = lambda: year.now  # type: ignore[assignment]
            root_logger = logging.getLogger()
            handlers, level = root_logger.handlers[:], root_logger.level
            root_logger.handlers = [logging.StreamHandler(self._log)]
            root_logger.setLevel(logging.INFO)
            try:
                self._make_repository()
                yield self
            finally:
                api.connect, options.now = real_connect, real_now  # type: ignore[assignment]
                api.Client._request = real_request  # type: ignore[method-assign]
                root_logger.handlers, root_logger.level = handlers, level
                for key, value in saved.items():
                    if value is None:
                        os.environ.pop(key, None)
                    else:
                        os.environ[key] = value

    def _environment(self) -> dict[str, str]:
        return {
            **self.fake.env(),
            "GITHUB_REF_NAME": "main",
            "GITHUB_STEP_SUMMARY": "",
            "GIT_AUTHOR_NAME": "github-actions[bot]",
            "GIT_AUTHOR_EMAIL": "bot@example.invalid",
            "GIT_COMMITTER_NAME": "github-actions[bot]",
            "GIT_COMMITTER_EMAIL": "bot@example.invalid",
        }

    def _make_repository(self) -> None:
        seed = self.root / "seed"
        (seed / "participants").mkdir(parents=True)
        (seed / "rounds").mkdir()
        (seed / "participants" / ".gitkeep").write_text("")
        (seed / "rounds" / ".gitkeep").write_text("")
        (seed / "scheme.yaml").write_text(SCHEME.format(start=self.start.strftime("%Y-%m")))
        # The forms (intake reads them) and the workflows (keep-awake reads their schedules).
        github_folder = Path(__file__).parents[1] / ".github"
        subprocess.run(["cp", "-r", str(github_folder), str(seed / ".github")], check=True)
        _git(self.root, "init", "--quiet", "--bare", "--initial-branch=main", str(self.remote))
        _git(seed, "init", "--quiet", "--initial-branch=main")
        _git(seed, "add", ".")
        self._stamp_git()
        _git(seed, "commit", "--quiet", "-m", "A new scheme")
        _git(seed, "push", "--quiet", str(self.remote), "main")
        _git(self.root, "clone", "--quiet", str(self.remote), str(self.checkout))
        for name in ("round.yml", "follow-up.yml", "erase.yml", "pages.yml"):
            self.fake.add_workflow(name, scheduled=True)
        for name in ("intake.yml", "commands.yml"):
            self.fake.add_workflow(name)
        for label in ("join", "change"):
            self.fake.add_label(label)

    def _stamp_git(self) -> None:
        stamp = self.now.strftime("%Y-%m-%dT%H:%M:%S+0000")
        os.environ["GIT_AUTHOR_DATE"] = os.environ["GIT_COMMITTER_DATE"] = stamp

    # -- running a command as a workflow step does ---------------------------------------------

    def run(self, *args: str, kill: float = 0.02, rerun_if_killed: bool = False) -> int | None:
        """``unmentoring ARGS`` in a fresh checkout of `main`; None when the run was killed."""
        # A fresh checkout: the branch's newest commit, anything a run left behind discarded.
        if self._remote_head() != self.checked_out:
            _git(self.checkout, "fetch", "--quiet", "origin", "main")
            self.checked_out = self._remote_head()
        _git(self.checkout, "checkout", "--quiet", "--force", "-B", "main", self.checked_out)
        self._stamp_git()
        self.ledger.counts["runs"] += 1
        self.kill_after = self.rng.randint(1, 4) if self.rng.random() < kill else None
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                code = unmentoring([args[0], "--repo", str(self.checkout), *args[1:]])
        except Killed:
            self.ledger.counts["runs killed"] += 1
            self.kill_after = None
            if rerun_if_killed:  # an organiser re-runs the failed job
                return self.run(*args, kill=0, rerun_if_killed=False)
            return None
        finally:
            self.kill_after = None
        if os.environ.get("YEAR_DEBUG") and args[0] in os.environ["YEAR_DEBUG"].split(","):
            print(f"--- {self.now} {args}: {code}\n{out.getvalue()}{self._log.getvalue()}")
        if code != 0:
            text = out.getvalue() + self._log.getvalue()
            self.ledger.failures.append(f"{self.now:%Y-%m-%d %H:%M} {' '.join(args)}: {text}")
        self._log.seek(0)
        self._log.truncate()
        self._read_files()
        return code

    def _event(self, payload: dict[str, Any]) -> str:
        path = self.root / "event.json"
        path.write_text(json.dumps(payload))
        return str(path)

    # -- the workflows -----------------------------------------------------------------------

    def scheduled(self, day: dt.date) -> None:
        """The day's scheduled workflows, each unless GitHub dropped it or put it to sleep."""
        order = list(DAY_RUNS)
        if self.rng.random() < 0.1:  # a run started late, after the next one
            self.rng.shuffle(order)
        for name, when in order:
            self.at(day, when)
            if self.fake.workflow_state(name) != "active":
                self.ledger.counts["scheduled runs asleep"] += 1
                continue
            if self.rng.random() < 0.04:
                self.ledger.counts["scheduled runs dropped"] += 1
                continue
            # As the steps pass them: a schedule's inputs are empty, and the time limits are
            # the commands' own defaults.
            if name == "erase.yml":
                self.run("accounts", "--push")
                self.erase_run(
                    day,
                    "--usernames=",
                    "--left-since=",
                    "--left-within",
                    "14",
                    "--max-minutes",
                    "25",
                )
            elif name == "round.yml":
                self.run("pair", "--round=", "--push")
                self.check_new_rounds(day)
                self.run("announce", "--round=", "--push")
            else:
                self.run("keep-awake", "--refresh", kill=0)
                self.run("doctor", "--issue")  # the Needs attention issue
                self.run("follow-up", "--round=", "--push")

    def erase_run(self, day: dt.date, *args: str) -> None:
        """An erase run; then everyone whose file had gone before it must be erased."""
        waiting = [login for login in self.ledger.left if login not in self.erased]
        if self.run("erase", *args) is None:
            return  # killed: the next run erases them
        for login in waiting:
            if self._still_introduced(login):
                left = self.ledger.left[login]
                self.ledger.wrong(day, f"{login} left on {left}; an erase run still left them")
            else:
                self.erased.add(login)
                self.ledger.erase_delays.append((day - self.ledger.left[login]).days)

    def _still_introduced(self, login: str) -> bool:
        name = _name(login)
        return any(
            name in (issue.get("body") or "") or name in issue["title"]
            for issue in self.fake.issues.values()
            if MARKER.search(issue.get("body") or "")
        )

    def form(self, login: str, body: str, label: str) -> None:
        """Someone submits a form: the issue, then the intake workflow's jobs."""
        title = "Join" if label == "join" else "Change my entry"
        issue = self.fake.add_issue(title, body, labels=[label], author=login)
        payload = {
            "action": "opened",
            "issue": issue,
            "repository": {"full_name": "owner/repo", "default_branch": "main"},
            "sender": issue["user"],
        }
        head = self._remote_head()
        # Intake is never left half-done: an organiser re-runs a failed job.
        self.run("intake", "--event", self._event(payload), "--push", rerun_if_killed=True)
        if self._remote_head() != head:
            if self.rng.random() < 0.3:  # a newer pending run in the `erase` group cancels it
                self.ledger.counts["erase runs cancelled"] += 1
            else:
                self.erase_run(
                    self.now.date(),
                    "--left-since",
                    head,
                    "--left-within",
                    "14",
                    "--max-minutes",
                    "25",
                )
        self.run("keep-awake", kill=0)
        replies = [
            c
            for c in self.fake.comments.values()
            if c["issue_number"] == issue["number"] and c["user"]["login"] == BOT
        ]
        if len(replies) != 1 or self.fake.issues[issue["number"]]["state"] != "closed":
            self.ledger.wrong(
                self.now.date(),
                f"form #{issue['number']} by {login}: {len(replies)} replies, "
                f"{self.fake.issues[issue['number']]['state']}",
            )

    def comment(self, number: int, login: str, body: str) -> None:
        """Someone comments on a pairing issue: the comment, then the command workflow."""
        created = self.fake.add_comment(number, body, author=login)
        self.ledger.counts["comments by people"] += 1
        if self.rng.random() < 0.05:  # the event's run never happened
            self.ledger.counts["command runs lost"] += 1
            return
        payload = {
            "action": "created",
            "issue": self.fake.issues[number],
            "comment": created,
            "repository": {"full_name": "owner/repo", "default_branch": "main"},
            "sender": created["user"],
        }
        self.run("command", "--event", self._event(payload), "--push")

    # -- people ------------------------------------------------------------------------------

    def newcomer(self) -> Person:
        self.serial += 1
        login = f"person-{self.serial}"
        person = Person(login=login, user_id=700000 + self.serial)
        self.fake.users[login] = person.user_id
        self.people[login] = person
        return person

    def join(self, person: Person) -> None:
        body = (FORMS / "join_plain.md").read_text()
        body = body.replace("Alex Example", _name(person.login))
        organisation = f"Council {self.rng.randint(1, 60)}"
        body = body.replace("Borsetshire County Council", organisation)
        self.ledger.counts["sign-ups"] += 1
        self.form(person.login, body, "join")
        if person.login not in self.files:
            self.ledger.wrong(self.now.date(), f"{person.login}'s sign-up did not land")

    def leave(self, login: str) -> None:
        self.ledger.counts["leaves by the form"] += 1
        self.form(login, (FORMS / "change_leave.md").read_text(), "change")
        if login in self.files:
            self.ledger.wrong(self.now.date(), f"{login}'s leave did not land")

    def members(self) -> list[Person]:
        """The people with a file under the login they signed up with, in a fixed order."""
        return [self.people[login] for login in sorted(self.files) if login in self.people]

    # -- reading the scheme's files ------------------------------------------------------------

    def _remote_head(self) -> str:
        """The remote's `main`, read from its files (a git process per run would double the
        simulation's time)."""
        loose = self.remote / "refs" / "heads" / "main"
        if loose.exists():
            return loose.read_text().strip()
        packed = (self.remote / "packed-refs").read_text().splitlines()
        return next(line.split()[0] for line in packed if line.endswith(" refs/heads/main"))

    def _read_files(self) -> None:
        """The participant and round files on `main` (each changed file parsed once), noting
        whoever's participant file went."""
        head = self._remote_head()
        if head == self.read_at:
            return
        self.read_at = head
        listing = _git(self.remote, "ls-tree", "-r", "main", "participants", "rounds")
        blobs = {}
        for line in listing.splitlines():
            meta, path = line.split("\t", 1)
            if path.endswith(".yaml"):
                blobs[path] = meta.split()[2]
        for blob in blobs.values():
            if blob not in self.parsed:
                text = _git(self.remote, "cat-file", "blob", blob)
                self.parsed[blob] = yaml.load(text, Loader=yaml.CSafeLoader)
        self.blobs = blobs
        found = {Path(p).stem for p in blobs if p.startswith("participants/")}
        for login in set(self.files) - found:
            if self.renamed.get(login) not in found:  # a file that followed a rename is no leave
                self.ledger.left.setdefault(login, self.now.date())
            self.files.discard(login)
        for login in found - self.files:
            self.files.add(login)
            self.ledger.left.pop(login, None)
            self.erased.discard(login)

    def participant(self, login: str) -> dict[str, Any]:
        return dict(self.parsed[self.blobs[f"participants/{login}.yaml"]])

    def round_file(self, month: str) -> dict[str, Any] | None:
        blob = self.blobs.get(f"rounds/{month}.yaml")
        return None if blob is None else self.parsed[blob]

    # -- checks ------------------------------------------------------------------------------

    def check_new_rounds(self, day: dt.date) -> None:
        """A round just drawn has everyone eligible in exactly one group, and nobody else."""
        month = day.strftime("%Y-%m")
        if month in self.seen_rounds:
            return
        drawn = self.round_file(month)
        if drawn is None:
            return
        self.seen_rounds.add(month)
        self.ledger.counts["rounds drawn"] += 1
        eligible = set()
        for login in self.files:
            entry = self.participant(login)
            paused = entry.get("paused") or (entry.get("paused_until") or "") > month
            if not paused and str(entry["joined"])[:7] <= month:
                eligible.add(login)
        placed = Counter(m for g in drawn.get("groups", []) for m in g["members"])
        twice = sorted(login for login, n in placed.items() if n > 1)
        if twice:
            self.ledger.wrong(day, f"{month}: in two groups: {twice}")
        if set(placed) != eligible:
            missing, extra = sorted(eligible - set(placed)), sorted(set(placed) - eligible)
            self.ledger.wrong(day, f"{month}: left out {missing}; not eligible {extra}")
        self.ledger.counts["groups drawn"] += len(drawn.get("groups", []))

    def check_day(self, day: dt.date) -> None:
        """What must hold at the end of every day."""
        # Announced once: one issue a group here, and none besides the one its round file
        # records. (An issue deleted or moved before its number was recorded leaves the group
        # without one: opening it another is right.)
        issues = self._issues_by_group()
        for key, numbers in issues.items():
            if len(numbers) > 1:
                self.ledger.wrong(day, f"{key} announced {len(numbers)} times: {numbers}")
        month = day.strftime("%Y-%m")
        for seen in sorted(self.seen_rounds):
            drawn = self.round_file(seen) or {}
            for group in drawn.get("groups", []):
                key = (seen, ",".join(group["members"]))
                recorded, found = group.get("issue"), issues.get(key, [])
                if recorded and found and recorded not in found:
                    self.ledger.wrong(day, f"{key}: #{recorded} recorded, announced again {found}")
                late = day.day >= 12 or seen < month
                if late and not recorded and not found:
                    self.ledger.wrong(day, f"{key} never announced")
        for posted, met_month, members, number in self.ledger.mets:
            if (day - posted).days != 3 or number in self.ledger.gone_issues:
                continue
            drawn = self.round_file(met_month) or {}
            group = next(
                (g for g in drawn.get("groups", []) if tuple(g["members"]) == members), None
            )
            moved = any(
                g.get("rematch")
                for g in drawn.get("groups", [])
                if set(g["members"]) & set(members)
            )
            if group is not None and group.get("outcome") != "met" and not moved:
                self.ledger.wrong(
                    day,
                    f"/met of {members} in #{number} on {posted} not recorded "
                    f"({group.get('outcome')})",
                )
        self._check_pauses(day)
        self.check_planned_recorded(day)
        needing = [
            number
            for number, issue in self.fake.issues.items()
            if attention.KIND.marks(issue["body"] or "") and issue["state"] == "open"
        ]
        if len(needing) > 1:
            self.ledger.wrong(day, f"{len(needing)} Needs attention issues open: {needing}")

    def _issues_by_group(self) -> dict[tuple[str, str], list[int]]:
        """The pairing issues in the repository now, by their marker's round and group."""
        found: dict[tuple[str, str], list[int]] = defaultdict(list)
        for number, issue in self.fake.issues.items():
            match = MARKER.search(issue.get("body") or "")
            if match and not issue.get("pull_request"):
                found[(match.group(1), match.group(2))].append(number)
        return found

    def _check_pauses(self, day: dt.date) -> None:
        for login in list(self.files):
            if login in self.paused_seen:
                continue
            entry = self.participant(login)
            judged = entry.get("quiet_until")
            if not entry.get("paused") or not judged:
                continue
            self.paused_seen.add(login)
            self.ledger.counts["paused as quiet"] += 1
            drawn = self.round_file(judged) or {}
            for group in drawn.get("groups", []):
                if login not in group["members"]:
                    continue
                if group.get("outcome") == "met":
                    self.ledger.wrong(
                        day, f"{login} paused as quiet, but their group of {judged} met"
                    )
                if login in self.ledger.said.get((judged, ",".join(group["members"])), set()):
                    self.ledger.wrong(day, f"{login} paused as quiet, but spoke in {judged}")

    def check_comments_once(self) -> None:
        """No hidden-marked bot comment twice in one issue."""
        by_issue: dict[int, Counter[str]] = defaultdict(Counter)
        for comment in self.fake.comments.values():
            if comment["user"]["login"] != BOT:
                continue
            for marker in HIDDEN.findall(comment["body"]):
                by_issue[comment["issue_number"]][marker] += 1
        for number, markers in by_issue.items():
            for marker, times in markers.items():
                if times > 1:
                    self.ledger.wrong(self.now.date(), f"#{number}: {marker} posted {times} times")
        self.ledger.counts["bot comments"] = sum(
            1 for c in self.fake.comments.values() if c["user"]["login"] == BOT
        )

    def check_nobody_erased_who_stayed(self) -> None:
        """Nobody still in the scheme was erased: a rename moves a file but is no leave."""
        staying = set(self.files) | {old for old, new in self.renamed.items() if new in self.files}
        bodies = [issue.get("body") or "" for issue in self.fake.issues.values()]
        for login in sorted(staying):
            if any(f"**@{login}**: (left the scheme)" in body for body in bodies):
                self.ledger.wrong(self.now.date(), f"{login} is still in, but was erased")

    # -- what people and the platform do -------------------------------------------------------

    def day(self, day: dt.date) -> None:
        self.scheduled(day)
        self.at(day, dt.time(12))
        self.plan_new_issues(day)
        self.people_act(day)
        self.platform_acts(day)
        self.check_day(day)

    def plan_new_issues(self, day: dt.date) -> None:
        """Each new pairing issue gets what its group will do this month."""
        for number, issue in self.fake.issues.items():
            if number in self.plans or issue.get("pull_request"):
                continue
            match = MARKER.search(issue.get("body") or "")
            if not match:
                continue
            members = tuple(match.group(2).split(","))
            roll = self.rng.random()
            fate = (
                "met"
                if roll < 0.55
                else "not-met"
                if roll < 0.65
                else ("rematch" if roll < 0.7 else "chat" if roll < 0.8 else "silent")
            )
            first = dt.date.fromisoformat(f"{match.group(1)}-01")
            when = first + dt.timedelta(days=self.rng.randint(3, 20))
            if fate == "rematch":
                when = first + dt.timedelta(days=self.rng.randint(11, 15))
            self.plans[number] = {
                "month": match.group(1),
                "members": members,
                "fate": fate,
                "when": when,
            }
            self._plan_a_date(number, first, day)

    def _plan_a_date(self, number: int, first: dt.date, day: dt.date) -> None:
        """A third of the groups that will talk set a date with /when, and some move it."""
        plan = self.plans[number]
        if plan["fate"] not in ("met", "not-met", "chat") or self.rng.random() >= 0.35:
            return
        last = _add_months(first, 1) - dt.timedelta(days=1)
        said = max(day, first) + dt.timedelta(days=self.rng.randint(1, 8))
        planned = said + dt.timedelta(days=self.rng.randint(1, 10))
        if planned > last:
            return
        plan["whens"] = [(said, planned)]
        if self.rng.random() < 0.3:  # moved, a day or two later, to a later day
            moved = planned + dt.timedelta(days=self.rng.randint(1, 6))
            again = said + dt.timedelta(days=self.rng.randint(1, 2))
            if moved <= last and again < planned:
                plan["whens"].append((again, moved))
        # They say how it went once the (last) date has come.
        final = plan["whens"][-1][1]
        plan["when"] = min(final + dt.timedelta(days=self.rng.randint(0, 3)), last)

    def people_act(self, day: dt.date) -> None:
        summer = day.month in (7, 8)  # almost nobody joins or leaves: an idle summer
        if day < self.start:
            if (self.start - day).days <= 14:  # the launch: most join in the fortnight before
                for _ in range(round(self.target * 0.8 / 14)):
                    self.join(self.newcomer())
        elif not summer and self.rng.random() < 0.4:
            self.join(self.newcomer())
        # Someone leaves, by the form, signed in as the account their file names.
        can_leave = sorted(login for login in self.files if login in self.fake.users)
        if not summer and self.rng.random() < 0.2 and can_leave:
            self.leave(self.rng.choice(can_leave))
        for number, plan in list(self.plans.items()):
            for said, planned in plan.get("whens", []):
                if said == day:
                    self._say_when(number, plan, day, planned)
            if plan["when"] != day or number not in self.fake.issues:
                continue
            issue = self.fake.issues[number]
            if issue["state"] != "open" or number in self.locked:
                continue
            # Members who can still speak under the login the group knows them by.
            present = [m for m in plan["members"] if m in self.files and m in self.fake.users]
            if not present:
                continue
            speaker = self.rng.choice(present)
            key = (plan["month"], ",".join(plan["members"]))
            fate = plan["fate"]
            if fate == "silent":
                continue
            self.ledger.said[key].add(speaker)
            if fate == "met":
                if self.rng.random() < 0.5:
                    self.comment(number, speaker, "Lovely to meet you! Thursday at 10?")
                    other = [m for m in present if m != speaker]
                    if other:
                        self.ledger.said[key].add(other[0])
                        self.comment(number, other[0], "Thursday at 10 works.")
                self.comment(number, speaker, "/met")
                self.ledger.mets.append((day, plan["month"], plan["members"], number))
                self.ledger.counts["/met posted"] += 1
            elif fate == "not-met":
                self.comment(number, speaker, "/not-met\nSorry, a busy month.")
            elif fate == "rematch":
                self.comment(number, speaker, "/rematch")
                self.ledger.counts["/rematch posted"] += 1
            else:
                self.comment(number, speaker, "Hello! Looking forward to talking.")

    def _say_when(self, number: int, plan: dict[str, Any], day: dt.date, planned: dt.date) -> None:
        """A member writes /when and the date, in one of the ways people write one."""
        if number not in self.fake.issues or number in self.locked:
            return
        if self.fake.issues[number]["state"] != "open":
            return
        present = [m for m in plan["members"] if m in self.files and m in self.fake.users]
        if not present:
            return
        speaker = self.rng.choice(present)
        month = planned.strftime("%B")
        written = self.rng.choice(
            [
                f"{planned.day} {month}",
                f"{month} {planned.day}",
                f"{planned:%A} {planned.day} {month}",
                f"{planned.day}th {month}"
                if planned.day in (4, 5, 6, 7, 8, 9)
                else f"{planned.day} {month}",
                f"{planned:%Y-%m-%d}",
                f"{planned.day} {month} {planned.year}",
                f"{planned.day} {month[:3]} at 10am, on Teams",
            ]
        )
        self.ledger.said[(plan["month"], ",".join(plan["members"]))].add(speaker)
        self.comment(number, speaker, f"/when {written}")
        self.ledger.whens.append((day, plan["month"], plan["members"], number, planned))
        self.ledger.counts["/when posted"] += 1
        if len(plan["whens"]) > 1 and planned == plan["whens"][-1][1]:
            self.ledger.counts["/when moves"] += 1

    def check_planned_dates(self) -> None:
        """Reminders on the day before a planned date or on it; "did you meet?" not before the
        day after it; no nudge once a date is set; each /when's date recorded."""
        said: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for posted, _month, _members, number, planned in self.ledger.whens:
            said[number].append((posted, planned))
        reminder = re.compile(r"<!-- unmentoring:when-reminder=(\d{4}-\d{2}-\d{2}) -->")
        for comment in self.fake.comments.values():
            if comment["user"]["login"] != BOT:
                continue
            number, body = comment["issue_number"], comment["body"]
            on = dt.datetime.fromisoformat(comment["created_at"]).date()
            if found := reminder.search(body):
                self.ledger.counts["reminders posted"] += 1
                date = dt.date.fromisoformat(found.group(1))
                if not date - dt.timedelta(days=1) <= on <= date:
                    self.ledger.wrong(on, f"#{number}: the reminder of {date} came on {on}")
                if date not in [planned for _, planned in said.get(number, [])]:
                    self.ledger.wrong(on, f"#{number}: a reminder of {date}, a date nobody set")
            if number not in said:
                continue
            first_said, final = said[number][0][0], said[number][-1][1]
            if "<!-- unmentoring:prompt -->" in body and on > first_said:
                self.ledger.counts["prompts after a planned date"] += 1
                last = _add_months(final.replace(day=1), 1) - dt.timedelta(days=1)
                if on < min(final + dt.timedelta(days=1), last):
                    self.ledger.wrong(on, f"#{number}: did you meet? on {on}, planned {final}")
            # A /when whose own run was lost is answered by the next day's follow-up.
            if "<!-- unmentoring:nudge -->" in body and on > first_said + dt.timedelta(days=1):
                self.ledger.wrong(on, f"#{number}: nudged on {on}, planned since {first_said}")

    def check_planned_recorded(self, day: dt.date) -> None:
        """Three days after a group's last /when, its round file has the date, unless the group
        ended by a rematch, reported, or its issue went."""
        last: dict[int, tuple[dt.date, str, tuple[str, ...], dt.date]] = {}
        for posted, month, members, number, planned in self.ledger.whens:
            last[number] = (posted, month, members, planned)
        for number, (posted, month, members, planned) in last.items():
            if (day - posted).days != 3 or number in self.ledger.gone_issues:
                continue
            if number in self.locked:
                continue
            drawn = self.round_file(month) or {}
            group = next(
                (g for g in drawn.get("groups", []) if tuple(g["members"]) == members), None
            )
            moved = any(
                g.get("rematch")
                for g in drawn.get("groups", [])
                if set(g["members"]) & set(members)
            )
            if group is None or moved or group.get("outcome"):
                continue
            if str(group.get("planned")) != planned.isoformat():
                self.ledger.wrong(
                    day,
                    f"/when {planned} of {members} in #{number} on {posted}: "
                    f"recorded {group.get('planned')}",
                )
            else:
                self.ledger.counts["/when recorded"] += 1

    def platform_acts(self, day: dt.date) -> None:
        """GitHub and people outside the scheme: a few times a month each."""
        open_pairing = [
            n
            for n, i in self.fake.issues.items()
            if n in self.plans and i["state"] == "open" and n not in self.locked
        ]
        if open_pairing and self.rng.random() < 1 / 30:
            number = self.rng.choice(open_pairing)
            self.ledger.gone_issues[number] = self.fake.issues[number]["body"]
            self.fake.delete_issue(number)
            self.ledger.counts["issues deleted"] += 1
        elif open_pairing and self.rng.random() < 1 / 30:
            number = self.rng.choice(open_pairing)
            self.ledger.gone_issues[number] = self.fake.issues[number]["body"]
            self.fake.transfer_issue(number)
            self.ledger.counts["issues transferred"] += 1
        elif open_pairing and self.rng.random() < 1 / 30:
            number = self.rng.choice(open_pairing)
            self.fake.lock_issue(number)
            self.locked.add(number)
            self.ledger.counts["issues locked"] += 1
        elif open_pairing and self.rng.random() < 1 / 30:
            number = self.rng.choice(open_pairing)
            issue = self.fake.issues[number]
            issue["labels"] = [x for x in issue["labels"] if not x["name"].startswith("round-")]
            self.ledger.counts["labels removed by hand"] += 1
        if self.rng.random() < 1 / 30:  # an organiser turns Pages off, or back on
            if self.fake.pages is None:
                self.fake.enable_pages()
            else:
                self.fake.pages = None
            self.ledger.counts["Pages switched"] += 1
        members = [p for p in self.members() if p.login in self.fake.users]
        if members and self.rng.random() < 2 / 30:
            person = self.rng.choice(members)
            new = f"{person.login}-renamed"
            self.fake.rename_user(person.login, new)
            self.renamed[person.login] = new
            self.ledger.counts["accounts renamed"] += 1
        elif members and self.rng.random() < 1 / 30:
            person = self.rng.choice(members)
            self.fake.delete_user(person.login)
            self.ledger.counts["accounts deleted"] += 1
        if self.rng.random() < 0.5:  # a 5xx, once, on some write tomorrow
            self.fake.inject(server_error(method="POST", after=self.rng.randint(0, 30)))
            self.ledger.counts["5xx injected"] += 1
        if self.rng.random() < 0.3:  # an answer lost after GitHub applied the request
            self.fake.inject(lost_response(method="POST", after=self.rng.randint(0, 30)))
            self.ledger.counts["lost answers injected"] += 1

    # -- the whole year ------------------------------------------------------------------------

    def simulate(self) -> Ledger:
        started = time.perf_counter()
        day = self.now.date()
        while day < self.end:
            self.day(day)
            day += dt.timedelta(days=1)
        self.check_comments_once()
        self.check_nobody_erased_who_stayed()
        self.check_planned_dates()
        counts = self.ledger.counts
        needing = [i for i in self.fake.issues.values() if attention.KIND.marks(i["body"] or "")]
        counts["Needs attention issues"] = len(needing)
        counts["Needs attention edits"] = sum(
            1 for number, _ in self.fake.edits if number in {i["number"] for i in needing}
        )
        counts["people at the end"] = len(self.files)
        counts["requests"] = len(self.fake.spent_at)
        counts["busiest hour's requests"] = _busiest_hour(self.fake.spent_at)
        counts["seconds"] = round(time.perf_counter() - started)
        delays = self.ledger.erase_delays
        counts["leavers erased"] = len(delays)
        counts["leavers erased the same day"] = sum(1 for days in delays if days == 0)
        counts["longest wait for erasing (days)"] = max(delays, default=0)
        return self.ledger


def _busiest_hour(stamps: list[float]) -> int:
    hours = Counter(int(stamp // 3600) for stamp in stamps)
    return max(hours.values(), default=0)


def _name(login: str) -> str:
    """A name that Markdown leaves as it is, and that no other person's name contains."""
    return f"Pat {login.replace('-', ' ').title()} Smith"


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def simulate(people: int = 300, months: int = 14, seed: int = 2027) -> Ledger:
    with (
        tempfile.TemporaryDirectory() as folder,
        Year(Path(folder), people=people, months=months, seed=seed).running() as year,
    ):
        return year.simulate()


def main() -> int:
    ledger = simulate()
    for name, count in sorted(ledger.counts.items()):
        print(f"{name}: {count}")
    for failure in ledger.failures[:20]:
        print(f"failed run: {failure}")
    for violation in ledger.violations[:50]:
        print(f"VIOLATION {violation}")
    print(f"{len(ledger.violations)} violation(s), {len(ledger.failures)} failed run(s)")
    return 1 if ledger.violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
