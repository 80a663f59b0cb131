"""Who hosts each group: the member asked to make the first move and suggest times.

The host is the member who has hosted least in earlier rounds; among those tied, one chosen at
random from the round's seed. The generator is derived from the seed apart from the draw's own,
so choosing hosts never changes the groups, and the same groups, history and seed always give
the same hosts (which is how `pair --check` can compare them).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from unmentoring.core.model import Group

# Appended to the round's seed for the hosts' generator: the draw's own uses the seed as it is.
SALT = "\thosts"


def choose(
    groups: Sequence[Group], hosted: Mapping[str, int], rng: random.Random
) -> tuple[Group, ...]:
    """``groups`` (in their order) each with a host, given past hosting counts by login.

    ``rng`` is ``pairing.seeded_random(seed + SALT)``: one tie-break per group, in order."""
    chosen = []
    for group in groups:
        fewest = min(hosted.get(login, 0) for login in group.members)
        tied = sorted(login for login in group.members if hosted.get(login, 0) == fewest)
        chosen.append(Group(members=group.members, host=rng.choice(tied)))
    return tuple(chosen)
