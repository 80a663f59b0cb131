"""A 1,000-group round announced against a fake that applies GitHub's content-creation limits.

The monthly workflow as it runs: hourly runs, each ``announce --max-minutes 330``, with the
default pacing (1 s between writes, 3 s between creations, at most 400 creations an hour). The
fake refuses past 80 creations a minute or 500 an hour (403), and issues "submitted too quickly"
(422) after 20 in a minute, or, in the second case, after 10 (the lowest reports see). Real
requests to the fake over HTTP; the clock is simulated (``FakeTime``), so nothing really sleeps.

Prints the groups announced per hour, the hours the round takes, the runs it takes and what
GitHub refused on the way.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from fake_github import ContentLimits, FakeGitHub, FakeTime  # noqa: E402 (after the path is set)
from synthetic import make_scheme  # noqa: E402

from unmentoring.commands import announce  # noqa: E402
from unmentoring.core.model import Group, Round  # noqa: E402
from unmentoring.github import api, issue_numbers  # noqa: E402
from unmentoring.store import repository  # noqa: E402

GROUPS = 1000
MONTH = "2026-03"
MAX_MINUTES = 330  # as round.yml runs it
HOUR = 3600.0


def announce_round(root: Path, too_quickly_after: int) -> None:
    timing = FakeTime()
    limits = ContentLimits(too_quickly_after=too_quickly_after)
    with FakeGitHub("bench/scheme", now=timing.time, limits=limits) as fake:
        env = {
            key: value
            for key, value in fake.env().items()
            if key not in ("UNMENTORING_WRITE_INTERVAL", "UNMENTORING_CREATE_INTERVAL")
        }  # the defaults, as in the workflow
        started = timing.clock()
        runs = 0
        real = time.perf_counter()
        while True:
            runs += 1
            loaded = repository.load_valid(root)
            drawn = loaded.rounds[MONTH]
            planned = announce.plan(loaded, drawn, None)
            client = api.connect(
                env=env,
                sleep=timing.sleep,
                clock=timing.clock,
                now=timing.time,
                deadline=timing.clock() + MAX_MINUTES * 60,
            )
            record = issue_numbers.LocalRecord(root, drawn)
            result = announce.announce(
                client, MONTH, planned, record, clock=timing.clock, out=io.StringIO()
            )
            if not result.left:
                break
            # The next hourly run starts at the next full hour of the schedule.
            elapsed = timing.clock() - started
            timing.sleep(HOUR - elapsed % HOUR)
        real = time.perf_counter() - real
        created = limits.times("Issue")
        assert len(fake.issues) == len(created) == GROUPS, "every group has exactly one issue"
        hours = (created[-1] - started) / HOUR
        first_hour = sum(1 for t in created if t < started + HOUR)
        busiest = max(sum(1 for u in created if t <= u < t + HOUR) for t in created)
        print(
            f"'submitted too quickly' after {too_quickly_after} a minute: {first_hour} groups "
            f"announced in the first hour (at most {busiest} in any hour), {GROUPS} groups in "
            f"{hours:.2f} h ({GROUPS / hours:.0f} per hour) in {runs} run(s); GitHub refused "
            f"{limits.refused.get('422', 0)} as too quick, {limits.refused.get('403', 0)} as "
            f"over a secondary limit; {len(fake.requests)} requests "
            f"({len(fake.requests) / GROUPS:.2f} per group), {real:.1f} s of real time"
        )


def main() -> None:
    for too_quickly_after in (20, 10):
        with tempfile.TemporaryDirectory() as folder:
            root = make_scheme(Path(folder), participants=GROUPS * 2, rounds=0)
            logins = sorted(path.stem for path in (root / "participants").glob("*.yaml"))
            groups = tuple(
                Group(members=tuple(logins[i : i + 2])) for i in range(0, len(logins), 2)
            )
            repository.write_round(root, Round(round=MONTH, seed="bench", groups=groups))
            os.environ.pop("GITHUB_STEP_SUMMARY", None)
            announce_round(root, too_quickly_after)


if __name__ == "__main__":
    main()
