"""Follow-up of a 1,000-group round at the pacing announce uses, against the limiting fake.

Two days of the round as the daily workflow meets them: ``nudge_day``, with a member's comment
in half of the issues (the other half are nudged), and ``prompt_day`` (every open issue asked
"did you meet?"). Default pacing (1 s between writes, 3 s between creations, at most 400
creations an hour); the fake applies GitHub's content-creation limits (ContentLimits). Real
requests to the fake over HTTP; the clock is simulated (``FakeTime``), so nothing really sleeps.

Prints, for each day, the requests per group, the comments posted, the simulated minutes the run
takes and what GitHub refused on the way; then a rerun of the prompt day (nothing to post).
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from fake_github import BOT, ContentLimits, FakeGitHub, FakeTime  # noqa: E402 (after the path)
from synthetic import make_scheme  # noqa: E402

from unmentoring.commands import follow_up as command  # noqa: E402
from unmentoring.commands import follow_up_stages as stages  # noqa: E402
from unmentoring.core import nudges, pairing_issue, thread  # noqa: E402
from unmentoring.core.model import Group, Round  # noqa: E402
from unmentoring.github import api  # noqa: E402
from unmentoring.gitops import saving  # noqa: E402
from unmentoring.store import repository  # noqa: E402

GROUPS = 1000
MONTH = "2026-03"


def open_issues(root: Path, fake: FakeGitHub) -> Round:
    logins = sorted(path.stem for path in (root / "participants").glob("*.yaml"))[: GROUPS * 2]
    groups = []
    for i in range(0, len(logins), 2):
        group = Group(members=tuple(logins[i : i + 2]))
        marker = pairing_issue.marker_for(MONTH, group)
        labels = [pairing_issue.PAIRING_LABEL, pairing_issue.round_label(MONTH)]
        issue = fake.add_issue(f"Pairing {MONTH}", f"{marker}\nHello", labels=labels)
        if i % 4 == 0:  # half the groups have written
            fake.add_comment(issue["number"], "Tuesday at ten?", author=group.members[0])
        groups.append(Group(members=group.members, issue=issue["number"]))
    drawn = Round(round=MONTH, seed="bench", groups=tuple(groups))
    repository.write_round(root, drawn)
    return drawn


def one_day(root: Path, fake: FakeGitHub, timing: FakeTime, limits, day: int, label: str) -> None:
    env = {
        key: value
        for key, value in fake.env().items()
        if key not in ("UNMENTORING_WRITE_INTERVAL", "UNMENTORING_CREATE_INTERVAL")
    }  # the defaults, as in the workflow
    client = api.connect(env=env, sleep=timing.sleep, clock=timing.clock, now=timing.time)
    requests, started, real = len(fake.requests), timing.clock(), time.perf_counter()
    refused = dict(limits.refused)
    today = thread.day_of(MONTH, day)
    run = command.github_run(root, today, client, saving.WorkingTree(root), "bench/scheme")
    run.bot = BOT
    result = stages.RoundResult(month=MONTH)
    with redirect_stdout(io.StringIO()):
        stages.follow_round(run, run.loaded.rounds[MONTH], result)
    made = len(fake.requests) - requests
    minutes = (timing.clock() - started) / 60
    refusals = {k: v - refused.get(k, 0) for k, v in limits.refused.items()}
    print(
        f"{label}: {sum(result.posted.values())} comment(s) posted, {made} requests "
        f"({made / GROUPS:.2f} per group), {minutes:.1f} simulated minutes "
        f"({minutes / 60:.2f} h); GitHub refused {refusals.get('422', 0)} as too quick, "
        f"{refusals.get('403', 0)} over a secondary limit; {time.perf_counter() - real:.1f} s real"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_scheme(Path(folder), participants=GROUPS * 2, rounds=0)
        timing = FakeTime()
        limits = ContentLimits()
        with FakeGitHub("bench/scheme", now=timing.time, limits=limits) as fake:
            open_issues(root, fake)
            scheme = repository.load_valid(root).scheme
            one_day(root, fake, timing, limits, scheme.nudge_day, "nudge day, half written")
            one_day(root, fake, timing, limits, scheme.prompt_day, "prompt day, all open")
            one_day(root, fake, timing, limits, scheme.prompt_day, "prompt day again (rerun)")
            nudged = sum(nudges.NUDGE_MARKER in c["body"] for c in fake.comments.values())
            prompted = sum(nudges.PROMPT_MARKER in c["body"] for c in fake.comments.values())
            assert nudged == GROUPS // 2 and prompted == GROUPS, (nudged, prompted)


if __name__ == "__main__":
    main()
