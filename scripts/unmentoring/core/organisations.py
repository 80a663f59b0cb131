"""Which participants are colleagues: organisation names compared the way a person would.

Names are compared after folding case, accents, punctuation and spacing, so "Borsetshire County
Council", "borsetshire  county council." and "Borsetshire-County Council" are one organisation.
Placeholders such as "none", "n/a", "-", "independent", "freelance" or "self-employed" mean no
organisation: two people who wrote them are not colleagues.
"""

from __future__ import annotations

import re
import unicodedata

# Compared after normalising, so "N/A", "n.a." and "Self Employed" are all caught.
PLACEHOLDERS = frozenset(
    {
        "",
        "na",
        "none",
        "nil",
        "null",
        "no",
        "nothing",
        "notapplicable",
        "unknown",
        "independent",
        "freelance",
        "freelancer",
        "selfemployed",
        "myself",
        "self",
        "retired",
        "unemployed",
        "student",
        "private",
        "personal",
        "various",
        "other",
        "tbc",
    }
)

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def organisation_key(name: str) -> str | None:
    """The key two colleagues' organisations share, or None for "no organisation"."""
    folded = unicodedata.normalize("NFKD", name).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = _NOT_LETTER_OR_DIGIT.sub(" ", folded).split()
    key = " ".join(words)
    if key.replace(" ", "") in PLACEHOLDERS:
        return None
    return key
