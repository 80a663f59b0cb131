"""The draw engine's version, written in every round file as ``engine: N``.

Raise ENGINE with any change to the code that alters any draw for the same inputs and seed
(participants, organisations, earlier rounds, month): the pairing rules, tie-breaks, the random
generator, the order people are read in. A checker then knows that a round drawn with another
engine number may come out differently with this code, and `pair --check` re-draws it with the
code that drew it. tests/test_golden_draws.py fails until ENGINE is raised and the golden draws
are regenerated.
"""

# 1: the first numbered engine. 2: the group of three goes to those least recently in one
# whenever a round with no repeat and no colleagues allows it (the fast path was not exact on it).
# 3: each group gets a host (core/hosts.py), written as `host:`; the groups are drawn as by 2.
# 4: pairs who cannot meet as they both want (core/meeting.py can_meet) cost more than colleagues
# and less than repeats; people sit out rounds by `every` (core/draws.py), so fewer may be drawn.
ENGINE = 4
