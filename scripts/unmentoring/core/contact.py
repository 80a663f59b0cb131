"""A way to reach someone outside the public thread: an https link or an email address.

Participants may give one (``contact`` in their file), shown only in their own pairing issues;
the organisers give one in ``scheme.yaml``, shown wherever the scheme says "ask the organisers".
Pure functions, no I/O.
"""

from __future__ import annotations

import re

MAX_CONTACT = 200
# Characters that could end a Markdown autolink or start markup are refused, so a valid contact
# is safe inside ``<...>`` in an issue and as a link on the site.
_LINK = re.compile(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:/[^\s<>()\[\]\"'`\\]*)?")
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&*+/=?^_{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)

PROBLEM = (
    "must be one https link (a booking page or a profile, starting https://) or one email "
    "address (name@example.org), at most 200 characters"
)


def is_email(contact: str) -> bool:
    return bool(_EMAIL.fullmatch(contact))


def is_valid(contact: str) -> bool:
    """One https link or one email address, nothing else."""
    return len(contact) <= MAX_CONTACT and bool(
        _LINK.fullmatch(contact) or _EMAIL.fullmatch(contact)
    )


def href(contact: str) -> str:
    """Where a link to ``contact`` goes: the link itself, or ``mailto:`` the address."""
    return f"mailto:{contact}" if is_email(contact) else contact


def markdown(contact: str) -> str:
    """``contact`` as a Markdown autolink (valid contacts hold no ``<``, ``>`` or spaces)."""
    return f"<{contact}>"
