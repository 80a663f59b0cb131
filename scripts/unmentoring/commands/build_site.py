"""Write the public site: the scheme explained, how to join, and anonymised statistics.

The build runs in three phases: load (data, pages, templates and assets), render (every file in
memory, as ``{path: text}``), write (into a new folder beside ``--out``, swapped in at the end, so
a failed build never leaves half a site). Pages come from the scheme repository's ``site/``
folder: ``templates/`` (Jinja2), ``content/*.md`` (Markdown with front matter) and ``static/``.
Each of the three folders that the repository lacks is taken from the default site that ships
with UnMentoring. Every link is relative, so the site works under ``https://owner.github.io/repo/``.
"""

from __future__ import annotations

import argparse
import os

from unmentoring.commands import options
from unmentoring.core import months
from unmentoring.github.server import web_url
from unmentoring.site.builder import build
from unmentoring.store import output_folder, paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=output_folder.argument_beside,
        metavar="DIR",
        help=f"where to write the site (default: {paths.BUILT_SITE}/ in the scheme repository); "
        "a folder left by an earlier build is replaced",
    )
    parser.add_argument(
        "--month",
        type=options.month,
        metavar="YYYY-MM",
        help="the month the statistics describe (default: this month, UTC)",
    )


def run(args: argparse.Namespace) -> int:
    out = args.out or paths.at(args.repo, paths.BUILT_SITE)
    # Built for today, the figures follow the draw window (a month whose draw days are over
    # without a round counts towards the next); built for a chosen month, they are as of its 1st.
    now = options.today()
    today = None if args.month else now
    built = build(
        args.repo,
        out,
        month=args.month or months.month_of(now),
        today=today,
        workflow_repository=os.environ.get("GITHUB_REPOSITORY"),
        server=web_url(),
    )
    size = sum(len(data) for data in built.values())
    print(f"Wrote {len(built)} file(s), {size / 1024:.1f} KB, to {out}")
    return 0
