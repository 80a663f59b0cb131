"""Set up a new scheme from the organiser's answers: the "Set up this scheme" workflow runs it.

It writes the answers (--name, --organiser, and optionally --contact and --start) into
scheme.yaml, with the repository it runs in and its GitHub Pages address, and drops the
template's `site_title` (it then follows the name). In every file the organiser owns (the issue
forms and their config.yml, the site's pages, messages/) it moves each link to the scheme it was
copied from (LocalGov Digital's, or any earlier answers) to this one, and in the forms its name
too. Everything is checked before anything is written: a bad answer changes nothing and says
which one to fix.

With GITHUB_TOKEN it then does on GitHub what a token may: creates the labels the forms use,
makes GitHub Actions the Pages source (GitHub allows that to administrators only, so with a
workflow's token it becomes a step for a person), starts the Site workflow when anything
changed, runs the doctor, and keeps one checklist issue with what is left for a person, each
step in GitHub's own words. Running it again changes nothing more; the checklist keeps its
ticked boxes. With --push the files are committed and pushed, as the workflow does.

The repository is GITHUB_REPOSITORY in Actions, else the git remote `origin`.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from unmentoring.commands import doctor, options
from unmentoring.core import forms, months, setup_checklist, submissions
from unmentoring.core.problems import Problem, Refused
from unmentoring.core.setup_checklist import Done
from unmentoring.core.setup_checks import Report, pages_address
from unmentoring.github import api, standing_issue
from unmentoring.github.interface import GitHubRefused, MaybeApplied
from unmentoring.gitops import landing
from unmentoring.store import (
    checks,
    issue_forms,
    paths,
    repository,
    scheme_setup,
    setup_files,
    step_outputs,
)
from unmentoring.store.scheme_setup import Answers
from unmentoring.store.yamlfile import read_bytes, write_atomically

log = logging.getLogger(__name__)

SITE_WORKFLOW = "pages.yml"
# The labels' colours and descriptions, by the label a form puts on its issues.
LABELS = {
    "join": ("0e8a16", "Someone asking to join, from the join form"),
    "change": ("1d76db", "Someone changing their entry, from the change form"),
}
GUIDE = paths.doc("organisers.md")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", required=True, help="the scheme's name, as people will see it")
    parser.add_argument("--organiser", required=True, help="who runs it: your team or organisation")
    parser.add_argument(
        "--contact",
        default="",
        help="an email address or an https link where people can reach the organisers privately",
    )
    parser.add_argument(
        "--start",
        default="",
        type=_month_or_empty,
        help="the first round's month, YYYY-MM (empty: next month if scheme.yaml's is past and no "
        "round is drawn, else scheme.yaml's)",
    )
    options.add_dry_run(parser, "show the changes to the files, and change nothing")
    options.add_push(parser, "the changed files")


def _month_or_empty(text: str) -> str:
    if not text.strip():
        return ""
    month = options.month(text.strip())
    if month is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month: write it as YYYY-MM")
    return month


def run(args: argparse.Namespace) -> int:
    env = os.environ
    try:
        return _set_up(Path(args.repo), args, env)
    except Refused as error:  # in the run's summary too, where an organiser looks
        step_outputs.add_to_summary(f"## Set up this scheme\n\nIt stopped: {error}\n", env)
        raise


def _set_up(root: Path, args: argparse.Namespace, env: Mapping[str, str]) -> int:
    repository.require_scheme_folder(root)
    answers = answers_from(args, root)
    where = doctor.repository_in_use(root, env)
    if where is None:
        raise Refused(
            "cannot tell which repository this is: set GITHUB_REPOSITORY=owner/name (in GitHub "
            "Actions it is set), or add the remote `origin`"
        )
    client = api.connect(repository=where, env=env) if env.get("GITHUB_TOKEN", "").strip() else None
    if client is not None and args.push:
        _require_default_branch(root, client)
    site = _site(client, where)
    changed = planned(root, answers, where, site)
    if args.dry_run:
        print(diff(root, changed) or "Nothing to change: the files are set up already.", end="")
        return 0
    written = _push(root, answers, where, site, args.remote) if args.push else _write(root, changed)
    print(
        f"Set up {where}: {len(written)} file(s) changed"
        + (f": {', '.join(written)}" if written else "")
    )
    if client is None:
        print(
            "No GITHUB_TOKEN, so nothing was done on GitHub: run the Set up this scheme workflow."
        )
        return 0
    done = on_github(client, root, written)
    report = doctor.diagnose(root, env, options.today())
    number = standing_issue.keep(client, setup_checklist.KIND, checklist(done, report, where))
    print(f"The checklist is issue #{number}." if number else "The checklist was closed by hand.")
    step_outputs.add_to_summary(
        f"## Set up this scheme\n\nDone. What is left is in issue #{number}.\n", env
    )
    return 0


def _require_default_branch(root: Path, client: api.Client) -> None:
    """The set-up belongs on the default branch: the site is built, and the workflows run, from
    there; a run started on another branch would change only that branch."""
    default = client.check_access().default_branch
    branch = landing.base_branch(root)
    if default and branch != default:
        raise Refused(
            f"it ran on the branch {branch}, not {default}: run it again and leave *Use workflow "
            f"from* at {default}"
        )


def _site(client: api.Client | None, where: str) -> str:
    """Where the site is published: GitHub's own address when Pages is on (a custom domain
    too), else the address GitHub Pages gives this repository."""
    found = client.get_pages() if client is not None else None
    return found.html_url if found is not None and found.html_url else pages_address(where)


def answers_from(args: argparse.Namespace, root: Path) -> Answers:
    """The answers, trimmed; a blank required one, or a past month, is refused, naming it."""
    name, organiser = " ".join(args.name.split()), " ".join(args.organiser.split())
    for label, value in (("--name (the scheme's name)", name), ("--organiser", organiser)):
        if not value:
            raise Refused(f"{label} is empty: give it a value")
    if args.start and args.start < options.current_month():
        raise Refused(
            f"the first month, {args.start}, has passed: choose this month or a later one"
        )
    contact = args.contact.strip()
    if contact.lower().startswith("www."):  # a web address typed as people say it
        contact = f"https://{contact}"
    return Answers(name, organiser, contact or None, args.start or _start(root))


def _start(root: Path) -> str | None:
    """Without a month given: next month, if scheme.yaml's start is past and nothing is drawn
    (the template's is long past); else None, keeping the start chosen on an earlier run."""
    current, now = repository.load_scheme(root).start, options.current_month()
    if repository.drawn_months(root) or (current is not None and current >= now):
        return None
    return months.add_months(now, 1)


def planned(root: Path, answers: Answers, where: str, site: str) -> dict[str, str]:
    """The new text of each file to change, checked: refused, naming the answer, if any
    result would be a broken scheme.yaml or issue form."""
    changed = scheme_setup.edits(root, repository.load_scheme(root), answers, where, site)
    problems = check(root, changed)
    if problems:
        listed = "; ".join(str(problem) for problem in problems)
        raise Refused(
            f"the answers would break the scheme's files, so nothing was changed: {listed}. "
            "Run it again with the answer that the message names corrected"
        )
    return changed


def check(root: Path, changed: Mapping[str, str]) -> list[Problem]:
    """What is wrong with the files as they would be: scheme.yaml against its schema, and the
    forms as the intake reads them (in a copy: the scheme's files are not touched)."""
    problems: list[Problem] = []
    if paths.SCHEME in changed:
        document, found = read_bytes(changed[paths.SCHEME].encode(), paths.SCHEME, empty={})
        problems += found
        if document is not None:
            problems += checks.check(document, "scheme").problems
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch)
        forms = paths.at(root, paths.FORMS)
        if forms.is_dir():
            shutil.copytree(forms, paths.at(copy, paths.FORMS), symlinks=True)
        for path, text in changed.items():
            if path.startswith(f"{paths.FORMS}/"):
                paths.at(copy, path).write_text(text, encoding="utf-8")
        problems += issue_forms.form_problems(copy, submissions.FORMS)
        problems += setup_files.contact_links(copy)[1]
    return problems


def diff(root: Path, changed: Mapping[str, str]) -> str:
    out: list[str] = []
    for path, text in changed.items():
        before = paths.at(root, path).read_text(encoding="utf-8").splitlines(keepends=True)
        out += difflib.unified_diff(before, text.splitlines(keepends=True), path, path)
    return "".join(out)


def _write(root: Path, changed: Mapping[str, str]) -> list[str]:
    """Write the planned changes into the working tree; the files."""
    for path, text in changed.items():
        write_atomically(paths.at(root, path), text)
    return sorted(changed)


def _push(root: Path, answers: Answers, where: str, site: str, remote: str) -> list[str]:
    """Commit the changes on the newest commit and push, planned afresh on each attempt (the
    branch may have moved); the files."""
    written: list[str] = []

    def make_change(checkout: Path) -> landing.Commit | None:
        written[:] = _write(checkout, planned(checkout, answers, where, site))
        if not written:
            return None
        return landing.Commit(f"Set up this scheme: {answers.name}", tuple(written))

    committed = landing.land(root, make_change, base=landing.base_branch(root), remote=remote)
    return written if committed else []


def on_github(client: api.Client, root: Path, written: list[str]) -> Done:
    """The labels, the Pages source and the site's first build, as far as the token may."""
    needed, _ = setup_files.form_labels(root)
    created = []
    for label in sorted({label for labels in needed.values() for label in labels}):
        colour, description = LABELS.get(label, ("ededed", "Put on issues by a sign-up form"))
        if client.ensure_label(label, colour, description):
            created.append(label)
    pages: bool | None
    try:
        pages = client.publish_pages_from_actions()
    except GitHubRefused as error:
        log.warning("could not turn on GitHub Pages (%s): the checklist asks a person", error)
        pages = None
    started = False
    if pages is not None and (written or pages):
        branch = client.check_access().default_branch or "main"
        try:
            client.dispatch_workflow(SITE_WORKFLOW, branch)
            started = True
        except (GitHubRefused, MaybeApplied) as error:  # a second run would build it twice
            log.warning("could not start the Site workflow (%s)", error)
    return Done(files=written, labels=created, pages=pages, site_started=started)


def checklist(done: Done, report: Report, where: str) -> str:
    server = os.environ.get(landing.SERVER_ENV, "").strip() or forms.GITHUB
    return setup_checklist.body(
        done,
        report,
        join_link=forms.form_url(where, "join", server),
        guide=f"{server}/{where}/blob/HEAD/{GUIDE}",
    )
