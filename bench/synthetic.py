"""A synthetic scheme of any size, for the benchmarks: participants, organisations and rounds.

Organisations are very uneven in size (a few large councils, many small bodies), some people are
paused, and past rounds pair people at random, so history looks like a real scheme's. With
``ways``, people also say how often and how they'd like to meet (``WAYS``).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from unmentoring.core.engine import ENGINE
from unmentoring.core.meeting import AREAS, Meet
from unmentoring.core.model import Group, Participant, Round
from unmentoring.core.months import add_months
from unmentoring.store.repository import participant_text, round_text

SCHEME = "name: Benchmark scheme\norganiser: Benchmarks\nstart: 2024-01\n"

# The mix with ``ways``: shares of people by video only, in person only, every 2 or 3 months,
# and with no area. Areas are spread evenly over the UK's and "Outside the UK".
VIDEO_ONLY = 0.20
IN_PERSON_ONLY = 0.15
NOT_EVERY_MONTH = 0.15
NO_AREA = 0.10


def _ways(rng: random.Random) -> dict[str, object]:
    """Someone's every, meet and area, at random in the mix above."""
    draw = rng.random()
    meet = (
        Meet.VIDEO
        if draw < VIDEO_ONLY
        else Meet.IN_PERSON
        if draw < VIDEO_ONLY + IN_PERSON_ONLY
        else Meet.EITHER
    )
    area = None if rng.random() < NO_AREA else rng.choice(AREAS)
    every = rng.choice([2, 3]) if rng.random() < NOT_EVERY_MONTH else 1
    return {"meet": meet, "area": area, "every": every}


def make_scheme(
    root: Path,
    participants: int,
    rounds: int,
    seed: int = 1,
    dominant: float = 0.0,
    ways: bool = False,
) -> Path:
    """Write a scheme with ``participants`` files and ``rounds`` past rounds ending 2025-12.

    With ``dominant``, about that share of the people are in one organisation (1.0: everyone,
    a single council running the scheme internally). ``ways`` draws how often and how people
    would like to meet from a generator of its own, so the rest is as without it.
    """
    rng = random.Random(seed)
    ways_rng = random.Random(f"ways {seed}")
    root.mkdir(parents=True, exist_ok=True)
    (root / "scheme.yaml").write_text(SCHEME)
    (root / "participants").mkdir(exist_ok=True)
    (root / "rounds").mkdir(exist_ok=True)
    organisations = [f"Organisation {n}" for n in range(max(1, participants // 20))]
    weights = [1 / (rank + 1) for rank in range(len(organisations))]
    people = []
    for n in range(participants):
        person = Participant(
            github=f"person-{n}",
            name=f"Person {n}",
            organisation=(
                organisations[0]
                if dominant and rng.random() < dominant
                else rng.choices(organisations, weights)[0]
            ),
            role="Officer" if n % 3 else None,
            about="Happy to talk about anything." if n % 4 == 0 else None,
            joined=dt.date(2023, 12, 1) + dt.timedelta(days=rng.randrange(0, 60)),
            paused_until="2026-03" if n % 17 == 0 else None,
            **(_ways(ways_rng) if ways else {}),  # type: ignore[arg-type]
        )
        people.append(person.login)
        (root / "participants" / f"{person.login}.yaml").write_text(participant_text(person))
    first = add_months("2025-12", -(rounds - 1))
    for index in range(rounds):
        month = add_months(first, index)
        present = [login for login in people if rng.random() > 0.1]
        rng.shuffle(present)
        groups = [tuple(present[i : i + 2]) for i in range(0, len(present) - 1, 2)]
        if len(present) % 2 and groups:
            groups[-1] = (*groups[-1], present[-1])
        drawn = Round(
            round=month,
            seed=f"bench-{month}",
            engine=ENGINE,
            groups=tuple(Group(members=g) for g in groups),
        )
        (root / "rounds" / f"{month}.yaml").write_text(round_text(drawn))
    return root
