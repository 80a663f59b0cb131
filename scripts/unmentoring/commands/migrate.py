"""Bring the data files to this release's format: run the migrations of the releases after
``--since`` (core/migrations.py) on every participant and round file.

`unmentoring upgrade` runs it with the new release's code on a staged copy of the scheme, so an
organiser seldom runs it. Every file is read and migrated before any is written, and a file a
migration leaves unchanged is not written. Exit 0 migrated (or nothing to do), 1 a file it
cannot read.
"""

from __future__ import annotations

import argparse

from unmentoring import __version__
from unmentoring.core.migrations import MIGRATIONS, due
from unmentoring.core.problems import Refused
from unmentoring.core.releases import Release
from unmentoring.store import paths
from unmentoring.store.migrating import migrated_files
from unmentoring.store.yamlfile import write_atomically


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        required=True,
        metavar="X.Y.Z",
        help="the release the data files were written for: migrations after it run",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="list the files that would change; write none"
    )


def run(args: argparse.Namespace) -> int:
    since = Release.parse(args.since)
    this = Release.parse(__version__)
    if since is None or this is None:
        raise Refused(f"--since {args.since!r} is not a release number such as 1.0.0")
    changed = migrated_files(args.repo, due(since, this, MIGRATIONS))
    for path, _ in changed:
        print(f"{'would migrate' if args.dry_run else 'migrated'} {path}")
    if not args.dry_run:
        for path, text in changed:
            write_atomically(paths.at(args.repo, path), text)
    if not changed:
        print(f"the data files need no change from release {since} to {this}")
    return 0
