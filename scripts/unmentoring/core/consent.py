"""What people agree to when they join, by version of the wording.

The join form's two agreements are recorded in the participant file as ``agreed: YYYY-MM-DD``
and ``agreement: N``, the version of the wording they ticked. When the wording changes, add it
here under the next number (and change ``join.yml`` to match: a test keeps them in step);
``validate`` accepts every version listed, so older files stay valid. Pure data.
"""

from __future__ import annotations

# Version -> the two checkbox labels of the join form, word for word.
AGREEMENTS: dict[int, tuple[str, str]] = {
    1: (
        "I'll keep to the code of conduct: be kind, no harassment, no sales pitches.",
        "I agree that my GitHub username, name, organisation, and my role, note and contact if I "
        "give them, are public in this repository and in my pairing issues.",
    ),
    # 2: the form also asks how often, how and when someone would like to meet (issue 24).
    2: (
        "I'll keep to the code of conduct: be kind, no harassment, no sales pitches.",
        "I agree that my answers here and my GitHub username are public. They go in this "
        "repository and in my pairing issues.",
    ),
}
CURRENT = max(AGREEMENTS)


def version_shown(options: tuple[str, ...]) -> int:
    """The version of the wording a join form's agreement boxes show: a scheme may keep its own
    older form when it upgrades. A wording of the scheme's own counts as the current one."""
    for version, wording in sorted(AGREEMENTS.items(), reverse=True):
        if tuple(options[: len(wording)]) == wording:
            return version
    return CURRENT
