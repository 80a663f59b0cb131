"""The organiser's set-up, judged: each check is pass, warn or fail, with the fix in one line.

``unmentoring doctor`` gathers the facts (files, and GitHub's answers when there is a token)
and hands them to the functions here, which decide; nothing here reads a file or calls GitHub.
The GitHub values come in through small Protocols, so any object with those attributes will do.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from unmentoring.core.draws import drawn_in
from unmentoring.core.model import Participant, Round, Scheme
from unmentoring.core.months import month_name
from unmentoring.core.problems import Problem
from unmentoring.core.releases import Release
from unmentoring.core.schedule import next_round

# The template's own values (LocalGov Digital's scheme): left in a copy, they send people there.
TEMPLATE_REPOSITORY = "localgovdigital/unmentoring"
TEMPLATE_SITE_URL = "https://localgovdigital.github.io/unmentoring/"
TEMPLATE_ORGANISER = "LocalGov Digital"
TEMPLATE_NAME = "UnMentoring"
# The fix for a setting the set-up writes: an organiser need not edit YAML.
SET_UP_AGAIN = "run the Set up this scheme workflow again (Actions tab), or "

# Rules of a ruleset that refuse a plain `git push` of a new commit by the workflows' token:
# https://docs.github.com/en/rest/repos/rules#get-rules-for-a-branch lists every rule type.
# GitHub Actions' own token (github-actions[bot]) cannot be put on a ruleset's bypass list, only
# roles, teams and GitHub Apps can: https://docs.github.com/en/repositories/configuring-branches-
# and-merges-in-your-repository/managing-rulesets/creating-rulesets-for-a-repository
BLOCKING_RULES = frozenset(
    {
        "update",
        "pull_request",
        "required_status_checks",
        "required_signatures",
        "required_deployments",
        "merge_queue",
        "workflows",
        "code_scanning",
    }
)
# Rules that refuse some commits, depending on their settings (messages, paths, sizes).
CONDITIONAL_RULES = frozenset(
    {
        "commit_message_pattern",
        "commit_author_email_pattern",
        "committer_email_pattern",
        "file_path_restriction",
        "max_file_path_length",
        "file_extension_restriction",
        "max_file_size",
    }
)


class Status(enum.StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"  # could not be checked here (no token): a note, not a problem


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, how it stands, and (unless it passed) the fix."""

    name: str
    status: Status
    finding: str
    fix: str = ""


def passed(name: str, finding: str) -> Check:
    return Check(name, Status.PASS, finding)


def warned(name: str, finding: str, fix: str) -> Check:
    return Check(name, Status.WARN, finding, fix)


def failed(name: str, finding: str, fix: str) -> Check:
    return Check(name, Status.FAIL, finding, fix)


def skipped(name: str, why: str) -> Check:
    return Check(name, Status.SKIP, why)


@dataclass(frozen=True)
class Report:
    checks: tuple[Check, ...]

    @property
    def exit_status(self) -> int:
        """1 if any check failed, else 0 (warnings and skipped checks do not fail)."""
        return 1 if any(check.status is Status.FAIL for check in self.checks) else 0

    def count(self, status: Status) -> int:
        return sum(1 for check in self.checks if check.status is status)

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(status)} {status}" for status in Status)
        return f"{len(self.checks)} checks: {counts}"

    def as_text(self) -> str:
        lines = []
        for check in self.checks:
            lines.append(f"{check.status:<4}  {check.name}: {check.finding}")
            if check.fix:
                lines.append(f"      fix: {check.fix}")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def as_markdown(self) -> str:
        """A table for a workflow's job summary (GitHub renders it as Markdown)."""
        lines = [
            "## UnMentoring doctor",
            "",
            "| result | check | finding | fix |",
            "| --- | --- | --- | --- |",
        ]
        for check in self.checks:
            cells = (f"**{check.status}**", check.name, check.finding, check.fix)
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        lines += ["", self.summary(), ""]
        return "\n".join(lines)


def _cell(text: str) -> str:
    """Table cell text: a `|` or a line break would end the cell or the table."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


# -- offline: the files ----------------------------------------------------------------------


def data_files(
    participants: int, problems: Sequence[Problem], left_out: Sequence[str] = ()
) -> Check:
    """The participants count, and every file with a problem (``validate`` lists them);
    ``left_out``: the people whose participant file does not load, so no draw includes them."""
    name = "data"
    if problems:
        files = sorted({problem.path for problem in problems})
        shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        who = (
            f"; left out of the draw until their file is fixed: {', '.join(left_out)}"
            if left_out
            else ""
        )
        return failed(
            name,
            f"{len(problems)} problem(s) in {len(files)} file(s): {shown}; "
            f"{participants} valid participant file(s){who}",
            "run `unmentoring validate`: it lists each problem as file:line with the fix",
        )
    if participants == 0:
        return warned(
            name,
            "no participants yet",
            "share the repository's Issues > New issue > Join form (or join first yourself)",
        )
    return passed(name, f"{participants} participant(s), every file valid")


def first_round(
    scheme: Scheme,
    drawn: Collection[str],
    participants: Iterable[Participant],
    today: dt.date,
    rounds: Sequence[Round] = (),
) -> Check:
    """The month of the next draw, whether `start` is in the past with nothing drawn, and
    whether enough people can be drawn then (``rounds``, those drawn, decide who sits a round
    out by ``every``)."""
    name = "first round"
    upcoming = next_round(scheme.start, drawn, today, scheme.skip_months)
    eligible = len(drawn_in(participants, rounds, upcoming))
    when = f"the next round is {month_name(upcoming)} ({upcoming})"
    if drawn:
        latest = max(drawn)
        finding = f"{len(drawn)} round(s) drawn, the latest {latest}; {when}"
    elif scheme.start and scheme.start < upcoming:
        return warned(
            name,
            f"`start: {scheme.start}` in scheme.yaml is in the past and no round has been drawn, "
            f"so the first is {month_name(upcoming)}",
            f"{SET_UP_AGAIN}set `start:` in scheme.yaml to the month the scheme begins (YYYY-MM)",
        )
    elif scheme.start:
        finding = f"no round drawn yet; the first is {month_name(upcoming)}, from `start`"
    else:
        finding = f"no round drawn yet and no `start` in scheme.yaml; {when}"
    if eligible < 2:
        return warned(
            name,
            f"{finding}, but only {eligible} person(s) can be drawn then, so nothing will be",
            "a round needs at least two participants who are not paused",
        )
    return passed(name, f"{finding}, with {eligible} people to draw")


def leftovers(
    scheme: Scheme, repository: str | None, contact_links: Sequence[str], config_path: str
) -> list[Check]:
    """scheme.yaml and the forms' config still pointing at another scheme (the template's)."""
    checks = [
        _repository_field(scheme.repository, repository),
        _site_field(scheme.site_url, repository),
        _organiser_field(scheme.organiser, repository),
        _contact_field(scheme.contact),
        _contact_links(contact_links, repository, config_path),
        _site_title_field(scheme),
    ]
    return checks


def _site_title_field(scheme: Scheme) -> Check:
    """A `site_title` copied from the template keeps another scheme's name on every page."""
    name = "scheme.yaml site_title"
    if scheme.site_title is None or not _is_template_name(scheme.site_title, scheme.name):
        return passed(name, f"the site's title is {scheme.title!r}")
    return failed(
        name,
        f"`site_title: {scheme.site_title}` is the template's, but the scheme is {scheme.name!r}",
        "delete the `site_title:` line from scheme.yaml, so the title is the scheme's name",
    )


def _is_template_name(text: str, scheme_name: str) -> bool:
    """Whether ``text`` names the template's scheme while this scheme has another name."""
    if TEMPLATE_NAME.lower() in scheme_name.lower():
        return False
    return re.search(rf"(?<![\w-]){TEMPLATE_NAME}(?![\w-])", text, re.I) is not None


def form_names(titles: Sequence[tuple[str, str, str]], scheme_name: str) -> Check:
    """The forms' names and titles (``(path, key, value)``), which GitHub shows on the issue
    chooser and on every sign-up, name this scheme, not the template's."""
    name = "form names"
    wrong = [entry for entry in titles if _is_template_name(entry[2], scheme_name)]
    if not wrong:
        return passed(name, f"{len(titles)} form name(s) and title(s), none of another scheme")
    path, key, value = wrong[0]
    more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
    return failed(
        name,
        f"{path}: `{key}: {value}` names {TEMPLATE_NAME}, but the scheme is {scheme_name!r}{more}",
        f"run the Set up this scheme workflow again (it renames the forms), or put "
        f"{scheme_name!r} in place of {TEMPLATE_NAME} there",
    )


def page_links(links: Sequence[tuple[str, int, str]], repository: str | None) -> Check:
    """Links in the organiser's other files (the site's pages, messages/, the guide's two pages)
    to another scheme: its site, or its issues (where people join or report)."""
    return _links_elsewhere(
        "page links",
        "the pages",
        [entry for entry in links if repository and another_schemes(entry[2], repository)],
        len(links),
        repository,
        lambda site: f"point it at your own site, {site}, or your repository's issues",
    )


def another_schemes(url: str, repository: str) -> bool:
    """Whether ``url`` is another repository's site, or its issues or discussions: what a
    scheme links to. Other GitHub pages (a library, a guide) are anyone's to link to."""
    host, path = _split_url(url)
    segments = [segment for segment in path.split("/") if segment]
    if host.endswith(".github.io"):
        return points_elsewhere(url, repository)
    places = ("issues", "discussions")
    return len(segments) >= 3 and segments[2] in places and points_elsewhere(url, repository)


def form_links(links: Sequence[tuple[str, int, str]], repository: str | None) -> Check:
    """The forms' own links (the code of conduct, what is public) go to this scheme's pages,
    not the template's: a new scheme's join form would send people to another scheme."""
    return _links_elsewhere(
        "form links",
        "the forms",
        [entry for entry in links if repository and points_elsewhere(entry[2], repository)],
        len(links),
        repository,
        lambda site: f"point it at your own site, {site} (for example {site}code-of-conduct.html)",
    )


def _links_elsewhere(
    name: str,
    where: str,
    elsewhere: Sequence[tuple[str, int, str]],
    total: int,
    repository: str | None,
    fix: Callable[[str], str],
) -> Check:
    """Pass, or fail naming the first of the ``elsewhere`` links (``(path, line, url)``)."""
    if repository is None:
        return skipped(name, "the repository it runs in is unknown, so there is nothing to compare")
    if not elsewhere:
        return passed(name, f"{total} link(s) in {where}, none to another scheme")
    path, line, url = elsewhere[0]
    more = f" (and {len(elsewhere) - 1} more)" if len(elsewhere) > 1 else ""
    return failed(
        name,
        f"{path}:{line} links to another scheme: {url}{more}",
        fix(pages_address(repository)),
    )


def _contact_field(value: str | None) -> Check:
    name = "scheme.yaml contact"
    if value is None:
        return warned(
            name,
            "not set: pairing issues, sign-up replies and the site give no private way to reach "
            "the organisers (to ask, or to report a problem)",
            f"{SET_UP_AGAIN}set `contact:` in scheme.yaml to an email address or an https link "
            "(a contact form)",
        )
    return passed(name, f"`contact: {value}`")


def _is_template(repository: str | None) -> bool:
    return (repository or "").lower() == TEMPLATE_REPOSITORY


def _unknown_repository_fix(field_fix: str) -> str:
    return (
        f"{field_fix} (run in GitHub Actions, or set GITHUB_REPOSITORY=owner/name, to compare "
        "with the repository itself)"
    )


def _repository_field(value: str | None, repository: str | None) -> Check:
    name = "scheme.yaml repository"
    if repository is None:
        if _is_template(value):
            return warned(
                name,
                f"`repository: {value}` is the template's",
                _unknown_repository_fix("set it to your scheme's owner/name"),
            )
        return skipped(name, "the repository it runs in is unknown, so there is nothing to compare")
    if value is None:
        return passed(name, f"not set; links go to {repository}, where the workflows run")
    if value.lower() != repository.lower():
        return failed(
            name,
            f"`repository: {value}` is not this repository ({repository}): links made outside "
            "GitHub Actions go to the other scheme's forms",
            f"{SET_UP_AGAIN}set `repository: {repository}` in scheme.yaml",
        )
    return passed(name, f"`repository: {value}`")


def pages_address(repository: str) -> str:
    """Where GitHub Pages publishes a repository's site (without a custom domain). The host is
    lower case; the path keeps the repository name's case, as GitHub's ``html_url`` does (a
    site's path is case-sensitive: https://github.com/dondi/GRNsight/issues/453)."""
    owner, name = repository.split("/", 1)
    owner = owner.lower()
    if name.lower() == f"{owner}.github.io":  # a user or organisation site
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{name}/"


def points_elsewhere(url: str, repository: str) -> bool:
    """Whether ``url`` is another repository's github.io site or github.com page."""
    host, path = _split_url(url)
    segments = [segment for segment in path.split("/") if segment]
    owner, name = repository.lower().split("/", 1)
    if host.endswith(".github.io"):
        site_owner = host.removesuffix(".github.io")
        if site_owner != owner:
            return True
        site = segments[0].lower() if segments else f"{owner}.github.io"
        # A user site (owner.github.io/) shows under any of the owner's project sites' paths.
        return site != name and name != f"{owner}.github.io"
    if host in ("github.com", "www.github.com") and len(segments) >= 2:
        return f"{segments[0]}/{re.sub(r'[.]git$', '', segments[1])}".lower() != repository.lower()
    return False


def _site_field(value: str | None, repository: str | None) -> Check:
    name = "scheme.yaml site_url"
    if repository is None:
        if value and value.rstrip("/") == TEMPLATE_SITE_URL.rstrip("/"):
            return warned(
                name,
                f"`site_url: {value}` is the template's site",
                _unknown_repository_fix("set it to your site's address"),
            )
        return skipped(name, "the repository it runs in is unknown, so there is nothing to compare")
    expected = pages_address(repository)
    if value is None:
        return warned(
            name,
            "not set: pairing issues and sign-up replies do not link to the site",
            f"{SET_UP_AGAIN}set `site_url: {expected}` in scheme.yaml (or your custom domain)",
        )
    if points_elsewhere(value, repository):
        return failed(
            name,
            f"`site_url: {value}` is another repository's site",
            f"{SET_UP_AGAIN}set `site_url: {expected}` in scheme.yaml (or your custom domain)",
        )
    return passed(name, f"`site_url: {value}`")


def _organiser_field(value: str, repository: str | None) -> Check:
    name = "scheme.yaml organiser"
    if value != TEMPLATE_ORGANISER:
        return passed(name, f"`organiser: {value}`")
    if _is_template(repository):
        return passed(name, f"`organiser: {value}`, in the template's own repository")
    return warned(
        name,
        f"`organiser: {value}` is the template's",
        f"{SET_UP_AGAIN}set `organiser:` in scheme.yaml to who runs your scheme, unless it is "
        "LocalGov Digital",
    )


def _contact_links(urls: Sequence[str], repository: str | None, config_path: str) -> Check:
    name = config_path
    if repository is None:
        template = [url for url in urls if url.rstrip("/") == TEMPLATE_SITE_URL.rstrip("/")]
        if template:
            return warned(
                name,
                f"a contact link is the template's site ({template[0]})",
                _unknown_repository_fix(f"change its `url:` in {config_path}"),
            )
        return skipped(name, "the repository it runs in is unknown, so there is nothing to compare")
    elsewhere = [url for url in urls if points_elsewhere(url, repository)]
    if elsewhere:
        return failed(
            name,
            f"a contact link points at another scheme: {elsewhere[0]}",
            f"change its `url:` in {config_path} to {pages_address(repository)} (or your own page)",
        )
    return passed(name, f"{len(urls)} contact link(s), none to another scheme")


# -- GitHub: the repository's settings ------------------------------------------------------


class PagesSite(Protocol):
    """What GitHub says of the repository's Pages site."""

    @property
    def build_type(self) -> str | None: ...  # "workflow" (GitHub Actions) or "legacy" (a branch)

    @property
    def html_url(self) -> str: ...

    @property
    def status(self) -> str | None: ...  # of the last build: built, building, errored


class WorkflowState(Protocol):
    """One workflow as GitHub lists it."""

    @property
    def name(self) -> str: ...

    @property
    def path(self) -> str: ...  # .github/workflows/<file>

    @property
    def state(self) -> str: ...


@dataclass(frozen=True)
class LocalWorkflow:
    """A workflow file in the checkout: its path, its name, and whether it runs on a schedule."""

    path: str
    name: str
    scheduled: bool


SETTINGS_PAGES = "Settings > Pages > Build and deployment > Source: GitHub Actions"
FROM_ACTIONS = "workflow"  # Pages' build type when its source is GitHub Actions


def publishes_from_actions(site: PagesSite | None) -> bool:
    """Whether Pages is on and publishes what a workflow (the Site workflow) deploys."""
    return site is not None and site.build_type == FROM_ACTIONS


def pages(site: PagesSite | None, site_url: str | None) -> Check:
    """GitHub Pages publishes what the Site workflow builds (source: GitHub Actions)."""
    name = "GitHub Pages"
    if site is None:
        return failed(name, "Pages is not enabled for this repository", SETTINGS_PAGES)
    if not publishes_from_actions(site):
        return failed(
            name,
            f"Pages publishes from a branch (build type {site.build_type or 'unknown'}), not "
            "from the Site workflow",
            SETTINGS_PAGES,
        )
    if site.status == "errored":
        return warned(
            name,
            "the last Pages build failed",
            "open the Site workflow's latest run (Actions tab), fix what it says, run it again",
        )
    if site_url and site.html_url and _address(site_url) != _address(site.html_url):
        return warned(
            name,
            f"Pages publishes at {site.html_url}, but scheme.yaml says `site_url: {site_url}`",
            f"set `site_url: {site.html_url}` in scheme.yaml",
        )
    return passed(
        name, f"source is GitHub Actions; the site is at {site.html_url or 'its address'}"
    )


def _address(url: str) -> str:
    host, path = _split_url(url)
    return f"{host}{path.rstrip('/')}"


# scheme://[user@]host[:port]path, without the query or fragment (core parses; it does no I/O).
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/?#]*@)?([^/:?#]*)(?::\d*)?([^?#]*)", re.I)


def _split_url(url: str) -> tuple[str, str]:
    """The lowercased host and the path of a URL ('' and '' if it is not one)."""
    match = _URL.match(url.strip())
    return (match.group(1).lower(), match.group(2)) if match else ("", "")


def labels(needed: Mapping[str, Sequence[str]], existing: Collection[str]) -> Check:
    """Each label an issue form puts on its issues exists: GitHub leaves off a missing one."""
    name = "form labels"
    have = {label.lower() for label in existing}
    missing = {
        label: form
        for form, wanted in needed.items()
        for label in wanted
        if label.lower() not in have
    }
    if missing:
        shown = ", ".join(f"`{label}` ({form})" for label, form in sorted(missing.items()))
        return warned(
            name,
            f"missing: {shown}; GitHub adds a form's labels only if they exist, and intake then "
            "has only the issue's text to go by",
            "Issues > Labels > New label: add "
            + ", ".join(f"`{label}`" for label in sorted(missing)),
        )
    wanted_all = sorted({label for wanted in needed.values() for label in wanted})
    if not wanted_all:
        return passed(name, "the forms put no labels on their issues")
    return passed(name, "present: " + ", ".join(f"`{label}`" for label in wanted_all))


# https://docs.github.com/en/rest/actions/workflows#list-repository-workflows: a workflow's
# state is active, deleted, disabled_fork, disabled_inactivity or disabled_manually.
_STATE_FINDINGS = {
    "disabled_inactivity": "GitHub disabled it after 60 days without activity in the repository",
    "disabled_manually": "someone disabled it",
    "disabled_fork": "workflows of a fork are off until enabled",
}


def workflows(local: Sequence[LocalWorkflow], remote: Iterable[WorkflowState]) -> list[Check]:
    """Every workflow file is known to GitHub and enabled; a disabled scheduled one is named."""
    by_path = {workflow.path: workflow for workflow in remote}
    checks = []
    for workflow in local:
        name = f"workflow {workflow.path.rsplit('/', 1)[-1]}"
        found = by_path.get(workflow.path)
        if found is None or found.state == "deleted":
            checks.append(
                warned(
                    name,
                    f"GitHub does not know {workflow.name!r} yet",
                    "push .github/workflows to the default branch (GitHub runs only what is there)",
                )
            )
        elif found.state != "active":
            runs = "its scheduled runs do not happen" if workflow.scheduled else "it does not run"
            why = _STATE_FINDINGS.get(found.state, f"its state is {found.state}")
            checks.append(
                failed(
                    name,
                    f"{workflow.name!r} is disabled ({why}): {runs}",
                    f"Actions tab > {workflow.name} > Enable workflow",
                )
            )
    if not checks:
        scheduled = sum(1 for workflow in local if workflow.scheduled)
        checks.append(
            passed("workflows", f"{len(local)} enabled, {scheduled} of them on a schedule")
        )
    return checks


# GitHub turns a public repository's scheduled workflows off after 60 days without activity
# (https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/disabling-and-enabling-a-workflow);
# the doctor warns with a fortnight to spare.
SCHEDULE_LIMIT_DAYS = 60
SCHEDULE_WARNING_DAYS = 45
KEEPER = "Follow-up"  # the workflow whose keep-awake job enables the schedules each day


def schedules(
    scheduled: int,
    private: bool,
    last_commit: dt.date | None,
    keeper_succeeded: dt.date | None,
    today: dt.date,
) -> Check:
    """How near the scheduled workflows are to GitHub's 60 days without activity: counted from
    the newest commit, or the last run of the workflow that keeps them on, whichever is later."""
    name = "schedules"
    if not scheduled:
        return passed(name, "no workflow runs on a schedule")
    if private:
        return passed(name, "a private repository: GitHub does not turn its schedules off")
    known = [day for day in (last_commit, keeper_succeeded) if day is not None]
    if not known:
        return skipped(name, f"no commit and no finished {KEEPER} run found to count from")
    days = max(0, (today - max(known)).days)
    if days < SCHEDULE_WARNING_DAYS:
        return passed(
            name, f"last activity {days} day(s) ago; GitHub's limit is {SCHEDULE_LIMIT_DAYS}"
        )
    commit = f"since {last_commit:%-d %B %Y}" if last_commit else "that can be found"
    keeper = (
        f"since {keeper_succeeded:%-d %B %Y}" if keeper_succeeded else "in the runs GitHub lists"
    )
    left = SCHEDULE_LIMIT_DAYS - days
    when = f"in about {left} day(s)" if left > 0 else "any day now, if it has not already"
    return (failed if left <= 0 else warned)(
        name,
        f"GitHub will turn the {scheduled} scheduled workflows off {when}: no commit "
        f"{commit}, and the {KEEPER} workflow, which keeps them on, has not finished without "
        f"errors {keeper}",
        f"run {KEEPER} by hand (Actions tab > {KEEPER} > Run workflow), and fix what stops it",
    )


def review_pull_requests(needs: Sequence[str], app_configured: bool, allowed: bool | None) -> Check:
    """Whether the workflows can open the pull requests that ``needs`` (what opens them: the
    settings set to ``review``, the Upgrade workflow) ask for."""
    name = "pull requests"
    what = " and ".join(needs)
    setting = (
        "Settings > Actions > General > Workflow permissions > 'Allow GitHub Actions to create "
        "and approve pull requests'"
    )
    if app_configured:
        return passed(name, f"{what}: the scheme's GitHub App opens the pull requests")
    if allowed:
        return passed(name, f"{what}: the workflows' token may open pull requests")
    if allowed is False:
        return failed(
            name,
            f"{what} open(s) pull requests, but GitHub does not let the workflows' token open them",
            f"tick {setting}, or set up a GitHub App (docs/organisers.md: Protecting main)",
        )
    return skipped(
        name,
        f"{what} open(s) pull requests: this token may not read whether the workflows may open "
        f"them (it needs Administration: read); make sure {setting} is ticked",
    )


def release(running: Release | None, newest: Release | None, upstream: str, why: str = "") -> Check:
    """The release the scheme runs, and whether ``upstream`` has a newer one (``newest``: None
    when it was not asked, or ``why`` it could not be read)."""
    name = "release"
    if running is None:
        return warned(
            name,
            'pyproject.toml names no release (`version = "X.Y.Z"`), so the scheme cannot be '
            "upgraded",
            "put back the version line of the release this scheme was copied from",
        )
    if why:
        return warned(
            name,
            f"this scheme runs release {running}, but the Upgrade workflow cannot read "
            f"`upstream` ({upstream}): {why}",
            "set `upstream` in scheme.yaml back to localgovdigital/unmentoring (or to a public "
            "copy of the template)",
        )
    if newest is not None and newest > running:
        return warned(
            name,
            f"this scheme runs release {running}; release {newest} is available",
            f"merge the pull request *Upgrade to release {newest}*. If there is none, run "
            "Actions > Upgrade > Run workflow",
        )
    if newest is None:
        return passed(
            name,
            f"this scheme runs release {running} (newer releases not checked: run the Doctor "
            "workflow, or set GITHUB_TOKEN)",
        )
    return passed(name, f"this scheme runs release {running}, the latest")


def release_workflows(running: Release, differing: Sequence[str], missing: Sequence[str]) -> Check:
    """Whether the scheme's workflow files are its release's: an upgrade's pull request cannot
    change them, so a step it asked of the organiser may have been missed."""
    name = "workflow files"
    if not differing and not missing:
        return passed(name, f"as release {running} has them")
    said = []
    if differing:
        said.append(f"{', '.join(differing)} not as release {running} has them")
    if missing:
        said.append(f"{', '.join(missing)} missing")
    return warned(
        name,
        "; ".join(said) + ". If you did not change them yourself, a step of an upgrade pull "
        "request was missed",
        f"copy each from release {running} of the template (its .github/workflows/ folder), "
        "unless you changed it on purpose",
    )


def token_push(can_push: bool | None) -> Check:
    """Whether the token doctor runs with may push (seen only for a person's token)."""
    name = "token"
    if can_push is None:
        # An installation token (a workflow's GITHUB_TOKEN, or an App's) gets no `permissions`
        # in GET /repos/{owner}/{repo}; each workflow job asks for `contents: write` itself.
        return skipped(
            name,
            "a workflow's or App's token: GitHub does not say what it may do; the jobs that push "
            "ask for `contents: write` in their own `permissions:`",
        )
    if can_push:
        return passed(name, "this token can push to the repository")
    return failed(
        name,
        "this token cannot push to the repository",
        "use a token with write access (a fine-grained token: Contents read and write)",
    )


def default_branch(
    branch: str,
    rule_types: Collection[str],
    protected: bool,
    required_checks: bool,
    app_configured: bool,
) -> Check:
    """The workflows push to the default branch: no rule there may refuse their token."""
    name = f"pushes to {branch}"
    blocking = sorted(set(rule_types) & BLOCKING_RULES)
    conditional = sorted(set(rule_types) & CONDITIONAL_RULES)
    if required_checks:
        blocking.append("branch protection's required status checks")
    if blocking:
        finding = f"{', '.join(blocking)} on {branch} refuse(s) the workflows' own pushes"
        if app_configured:
            return warned(
                name,
                f"{finding}; an App is configured (UNMENTORING_APP_CLIENT_ID)",
                "make sure the App is on the bypass list of each ruleset with those rules",
            )
        return failed(
            name,
            f"{finding} (github-actions[bot] cannot be on a bypass list)",
            "use a GitHub App on the rulesets' bypass list (repository variable "
            "UNMENTORING_APP_CLIENT_ID and its key), or drop those rules for the data files",
        )
    if protected:
        return warned(
            name,
            f"{branch} has classic branch protection; if it requires pull requests, the "
            "workflows' pushes are refused",
            "Settings > Branches: allow the pushes (or move the protection to a ruleset "
            "with a GitHub App on its bypass list)",
        )
    if conditional:
        return warned(
            name,
            f"{', '.join(conditional)} on {branch} may refuse some of the workflows' commits",
            "check those rules allow commits of participants/, rounds/ by github-actions[bot]",
        )
    return passed(name, f"no rule on {branch} refuses the workflows' pushes")


_REMOTE = re.compile(r"^(?:[a-z+]+://(?:[^@/]+@)?[^/]+/|[^@/]+@[^:/]+:)([^/]+/[^/]+?)(?:\.git)?/?$")


def repository_of_remote(url: str) -> str | None:
    """``owner/name`` from a git remote's URL (https or ssh), or None if it is not one."""
    match = _REMOTE.match(url.strip())
    return match.group(1) if match else None
