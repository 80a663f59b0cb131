"""Follow participants' GitHub accounts: a renamed account's file moves to its new login, a
deleted account's file is deleted (they left), and an entry without an account number gets one.

Each run looks at today's share of the participants (every account once in
``core.accounts.CHECK_EVERY_DAYS`` days, one request each), or at everyone with ``--all``. The
Erase leavers workflow runs it daily before it erases, so a deleted account's details leave the
pairing issues the same morning. Exactly once: each change is decided again on the newest files
before it is written, so a rerun, or a form the person sent meanwhile, changes nothing twice.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from unmentoring.commands import options
from unmentoring.commands.follow_up import repository_name
from unmentoring.core import accounts
from unmentoring.core.model import Participant
from unmentoring.core.plan import FileChange
from unmentoring.github import api, identity
from unmentoring.github.interface import OutOfTime, Users
from unmentoring.gitops import landing, saving
from unmentoring.store import offline, repository


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--all",
        action="store_true",
        help="look at every participant's account, not only today's share",
    )
    options.add_max_minutes(parser)
    mode = parser.add_mutually_exclusive_group()
    options.add_dry_run(mode, "say which participant files would change, and change none")
    options.add_push(parser, "the participant files' changes", exclusive=mode)


def look_up(client: Users, person: Participant) -> accounts.Account:
    """What GitHub says of ``person``'s account: by its number when the file has one."""
    if person.user_id is not None:
        return accounts.Account(login=client.login_of(person.user_id), user_id=person.user_id)
    user_id = client.user_id(person.login)
    return accounts.Account(login=person.login if user_id else None, user_id=user_id)


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo)
    loaded = repository.load_for_use(root)
    today = options.today()
    people = list(loaded.participants.values())
    if not args.all:
        # Today's share, and anyone whose missing account is due its second look.
        due = accounts.due(people, today)
        people = due + [p for p in people if p.account_missing and p not in due]
    deadline = None
    if args.max_minutes is not None:
        deadline = time.monotonic() + args.max_minutes * 60
    client = api.connect(
        repository=repository_name(loaded), deadline=deadline, reserve=api.BULK_RESERVE
    )
    planned: list[FileChange] = []
    stopped = None
    try:
        for person in people:
            change = accounts.decide(person, look_up(client, person), today)
            if change is not None:
                planned.append(change)
    except OutOfTime as stop:
        stopped = str(stop)  # keep what was learned; the next share comes round again
    saver: saving.Saver
    if args.dry_run:
        saver = saving.InMemory(loaded.rounds)
    elif args.push:
        landing.require_clean(root)
        saver = saving.Pushed(root, remote=args.remote, committer=identity.committer(client))
    else:
        saver = saving.WorkingTree(root)
    done = saver.save(planned)
    verb = "would change" if args.dry_run else "changed"
    print(f"looked at {len(people)} account(s); {verb} {len(done)} participant file(s)")
    for saved in done:
        line = offline.describe_change(saved)
        print(line if args.dry_run else line.replace("=== would ", "=== ", 1))
    if stopped:
        print(f"stopped: {stopped}; the rest are looked at on their next turn")
    return 0
