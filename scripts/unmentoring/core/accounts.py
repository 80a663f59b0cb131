"""Following participants' GitHub accounts: renamed, deleted, or not yet numbered. Pure.

A participant is known by their login, but a login can change: after a rename "your old username
becomes available for anyone else to claim"
(https://docs.github.com/en/account-and-profile/setting-up-and-managing-your-personal-account-on-github/managing-personal-account-settings/changing-your-github-username),
and a deleted account's work is shown as @ghost's. What lasts is the account's number, which
intake records (``id:`` in the file). Each day the accounts of a share of the participants are
looked up by that number (``due``), so that each is looked at every ``CHECK_EVERY_DAYS`` days
at one request a person: a renamed account's file follows the new login, a deleted account
leaves the scheme once a second look confirms it (the daily erase then removes their details
from the pairing issues), and an entry made before numbers were recorded gets its number
(looked up by login).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from unmentoring.core.model import Participant
from unmentoring.core.plan import (
    AccountDeleted,
    AccountMissing,
    FollowRename,
    ParticipantChange,
    RecordAccount,
)

CHECK_EVERY_DAYS = 28
CONFIRM_DAYS = 7  # a missing account must still be missing this long after it was first seen


def due(people: Iterable[Participant], today: dt.date) -> list[Participant]:
    """The participants whose account is looked at ``today``: each on one day of every
    ``CHECK_EVERY_DAYS``, fixed by their login (so a new participant takes no turn from others)."""
    return [
        person for person in people if _day_of(person.login) == today.toordinal() % CHECK_EVERY_DAYS
    ]


def _day_of(login: str) -> int:
    return int(hashlib.sha256(login.encode()).hexdigest()[:8], 16) % CHECK_EVERY_DAYS


@dataclass(frozen=True)
class Account:
    """What GitHub says of a participant's account now: its login, or None when it has none
    (deleted; for an entry without a number, no account has the login)."""

    login: str | None
    user_id: int | None


def decide(person: Participant, account: Account, today: dt.date) -> ParticipantChange | None:
    """The change that brings ``person``'s file in line with their account, if any.

    GitHub also answers "no such account" for one it has hidden for a while (a spam flag, a
    suspension), and leaving erases a person's details for good: so the first such answer
    is only recorded (``account_missing``), and the person leaves when a look at least
    ``CONFIRM_DAYS`` later says the same. An account found again clears it.

    An entry without a number whose login GitHub no longer knows is treated the same: nobody
    can be reached there, and whoever takes the name next must not inherit the entry. Its
    owner, if they only renamed, can join again under the new name."""
    if account.login is None:
        missing = person.account_missing
        if missing is None:
            return AccountMissing(login=person.login, since=today)
        if (today - missing).days >= CONFIRM_DAYS:
            return AccountDeleted(login=person.login, user_id=person.user_id)
        return None
    if person.account_missing is not None:
        return AccountMissing(login=person.login, since=None)
    if person.user_id is None:
        if account.user_id is None:
            return None
        return RecordAccount(login=person.login, user_id=account.user_id)
    if account.login.lower() != person.login:
        return FollowRename(login=person.login, user_id=person.user_id, new_login=account.login)
    return None
