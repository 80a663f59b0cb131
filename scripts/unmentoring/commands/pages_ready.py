"""Say whether GitHub Pages publishes what the Site workflow builds, so it publishes only then.

A new copy of the template runs its Site workflow on the push that creates it, and every day
after, before an organiser has turned Pages on (Settings > Pages > Source: GitHub Actions, a step
of the set-up checklist). Publishing then fails, and GitHub emails "Run failed" each day. So the
Site workflow's build job runs this first: it sets the step output `ready` to `true` when Pages
publishes from GitHub Actions, else `false` with a note in the run's summary, and the publishing
job runs only when it is `true`. If GitHub cannot be asked (no token, or a refusal), `ready` is
`true`: publishing is tried as before, and its own error says what is wrong.

The token needs `pages: read`.
"""

from __future__ import annotations

import argparse
import logging
import os

from unmentoring.core.problems import Refused
from unmentoring.core.setup_checks import publishes_from_actions
from unmentoring.github import api
from unmentoring.store import step_outputs

log = logging.getLogger(__name__)

NOT_YET = (
    "## Site\n\nThe site was built but not published: GitHub Pages is not turned on yet. Go to "
    "**Settings**, then **Pages**, and set **Source** to **GitHub Actions**. Then run this "
    "workflow again.\n"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    env = os.environ
    try:
        site = api.connect(env=env).get_pages()
    except Refused as error:
        log.warning("could not ask GitHub about Pages (%s): publishing is tried anyway", error)
        step_outputs.set_output("ready", "true", env)
        return 0
    if publishes_from_actions(site):
        step_outputs.set_output("ready", "true", env)
        print("GitHub Pages publishes from GitHub Actions: the site will be published.")
        return 0
    step_outputs.set_output("ready", "false", env)
    step_outputs.add_to_summary(NOT_YET, env)
    print("GitHub Pages is not turned on yet: the site is built but not published.")
    return 0
