"""Follow-up of a 1,500-group round at the pacing announce uses, against the limiting fake.

Three days of the round as the daily workflow meets them: ``nudge_day``, with a member's comment
in half of the issues (the other half are nudged); a quiet day between the steps (the 15th),
when a member wrote in 1% of the issues the day before; and ``prompt_day`` (every open issue
asked "did you meet?"). The goal (issue 21): on a quiet day at most one read per 50 open
groups; writes only where a comment is due. Default pacing (1 s between writes, 3 s between
creations, at most 400 creations an hour); the fake applies GitHub's content-creation limits
(ContentLimits) and its hourly request budget (1,000, as for GITHUB_TOKEN), and the run keeps
the reserve for people's actions (api.BULK_RESERVE). Real requests to the fake over HTTP; the
clock is simulated (``FakeTime``), so nothing really sleeps.

Prints, for each day, the requests per group, the comments posted, the simulated minutes the run
takes and what GitHub refused on the way; then a rerun of the prompt day (nothing to post).
"""

from __future__ import annotations

import datetime as dt
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

GROUPS = 1500
MONTH = "2026-03"
# GITHUB_TOKEN's hourly budget, shared by every workflow of the repository
# (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api).
HOURLY = 1000


def at(day: int) -> float:
    """Epoch seconds of 08:00 UTC on ``day`` of the round's month."""
    return dt.datetime(2026, 3, day, 8, tzinfo=dt.UTC).timestamp()


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


def busiest_hour(spent: list[float], since: int) -> int:
    """The most requests GitHub counted in one of its hourly windows (each an hour from its
    first request, as the fake counts them) among the windows of the requests from ``since``
    on: what the run left of the hour for every other workflow."""
    most, start, used = 0, None, 0
    for index, moment in enumerate(spent):
        if start is None or moment >= start + 3600:
            start, used = moment, 0
        used += 1
        if index >= since:
            most = max(most, used)
    return most


def one_day(root: Path, fake: FakeGitHub, timing: FakeTime, limits, day: int, label: str) -> None:
    env = {
        key: value
        for key, value in fake.env().items()
        if key not in ("UNMENTORING_WRITE_INTERVAL", "UNMENTORING_CREATE_INTERVAL")
    }  # the defaults, as in the workflow
    client = api.connect(
        env=env,
        sleep=timing.sleep,
        clock=timing.clock,
        now=timing.time,
        reserve=api.BULK_RESERVE,
    )
    timing.now = max(timing.now, at(day) + 6000)  # the run starts at 09:41, as scheduled
    requests, started, real = len(fake.requests), timing.clock(), time.perf_counter()
    counted = len(fake.spent_at)
    refused = dict(limits.refused)
    today = thread.day_of(MONTH, day)
    run = command.github_run(root, today, client, saving.WorkingTree(root), "bench/scheme")
    run.bot = BOT
    result = stages.RoundResult(month=MONTH)
    with redirect_stdout(io.StringIO()):
        stages.follow_round(run, run.loaded.rounds[MONTH], result)
    made = len(fake.requests) - requests
    minutes = (timing.clock() - started) / 60
    peak = busiest_hour(fake.spent_at, counted)
    rate = f"one per {GROUPS / made:.0f} groups; " if 0 < made < GROUPS else ""
    refusals = {k: v - refused.get(k, 0) for k, v in limits.refused.items()}
    print(
        f"{label}: {sum(result.posted.values())} comment(s) posted, {made} requests "
        f"({made / GROUPS:.3f} per group, {rate}{result.unread} threads not read; "
        f"its busiest hour {peak}, of GITHUB_TOKEN's {HOURLY:,} shared by every workflow), "
        f"{minutes:.1f} simulated minutes "
        f"({minutes / 60:.2f} h); GitHub refused {refusals.get('422', 0)} as too quick, "
        f"{refusals.get('403', 0)} over a secondary limit; {time.perf_counter() - real:.1f} s real"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_scheme(Path(folder), participants=GROUPS * 2, rounds=0)
        timing = FakeTime()
        limits = ContentLimits()
        with FakeGitHub("bench/scheme", now=timing.time, limits=limits, rate_limit=HOURLY) as fake:
            timing.now = at(3)
            drawn = open_issues(root, fake)
            scheme = repository.load_valid(root).scheme
            one_day(root, fake, timing, limits, scheme.nudge_day, "nudge day, half written")
            timing.now = at(14)
            for group in drawn.groups[::100]:  # 1% of the groups wrote yesterday
                fake.add_comment(group.issue or 0, "Friday?", author=group.members[1])
            one_day(root, fake, timing, limits, 15, "quiet day (the 15th), 1% wrote yesterday")
            one_day(root, fake, timing, limits, scheme.prompt_day, "prompt day, all open")
            one_day(root, fake, timing, limits, scheme.prompt_day, "prompt day again (rerun)")
            nudged = sum(nudges.NUDGE_MARKER in c["body"] for c in fake.comments.values())
            prompted = sum(nudges.PROMPT_MARKER in c["body"] for c in fake.comments.values())
            assert nudged == GROUPS // 2 and prompted == GROUPS, (nudged, prompted)


if __name__ == "__main__":
    main()
