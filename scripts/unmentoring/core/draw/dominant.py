"""The fast exact round when one organisation has at least half the matching's vertices.

Then no round has fewer colleague pairs than its surplus, b - size / 2: each pair holds at most
one person from outside it. A round with no repeat, no pair who cannot meet as they want, a free
trio seat and exactly that many colleague pairs is therefore optimal by counting (a round that
needs a pair who cannot meet is left to the exact matcher, as that rule outranks colleagues),
and it is built with unweighted matchings on dense graphs, where the general method would find
too few free pairs and fall back to the slow weighted matcher.
"""

from __future__ import annotations

import logging
import random

from unmentoring.core.draw.cardinality import free_matching, match_into
from unmentoring.core.draw.costs import CostModel
from unmentoring.core.draw.graph import UNMATCHED, Mate
from unmentoring.core.draw.subgraphs import Colleagues

log = logging.getLogger(__name__)


def dominant_round(model: CostModel, rng: random.Random) -> Mate | None:
    """The best round when one organisation is at least half of it, or None.

    Two steps, both maximum-cardinality matchings: everyone outside the large organisation (and
    the trio seat) with someone inside it, over free pairs; then the organisation's people left
    over among themselves, over pairs who have not met and can meet as they want. Returns None
    when the organisation is not that large, or when either step falls short (then the exact
    matcher decides).
    """
    big, count = model.largest_organisation()
    if count == 0 or 2 * count < model.size:
        return None
    members = [v for v in range(model.people) if model.organisation[v] == big]
    others = [v for v in range(model.size) if v >= model.people or model.organisation[v] != big]
    mate = [UNMATCHED] * model.size
    if not match_into(model, others, members, mate, rng):
        return None
    left = [v for v in members if mate[v] == UNMATCHED]
    if left:
        inner, stuck = free_matching(Colleagues(model, left), rng)
        if stuck:
            return None
        for i, v in enumerate(left):
            mate[v] = left[inner[i]]
    log.info(
        "one organisation has %d of %d people: its surplus meets in pairs of colleagues, "
        "as few as possible",
        count,
        model.people,
    )
    return mate
