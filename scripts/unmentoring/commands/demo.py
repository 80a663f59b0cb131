"""The whole monthly cycle, offline, on the built-in sample scheme, in a folder of its own.

Copies the sample (60 people from 14 organisations and a few independents, some paused) to a
new folder, makes it a git repository, then runs the same commands a scheme's workflows run,
committing as they do: validate; pair three rounds; announce each to an outbox of Markdown
issues instead of GitHub; record some outcomes as if members had said /met; in the last round,
one pair's host sets the day they meet with /when (the reply goes to the outbox), and that pair
is reminded the day before, asked "did you meet?" the day after, and says /met; follow up the last
round on its nudge day, on its rematch day (three members whose hosts never wrote, as if they
had said /rematch, are paired anew), on its prompt day and on its last day, when the round is
over and members silent two rounds in a row are paused (the comments and the new issue go to
the outbox too, and the round before it is closed, its silent groups recorded as unreported);
build the site.
Nothing outside that folder changes, so it can be run again and again; and since its history is
like a real scheme's (its first commit holds the package, in scripts/unmentoring, as a scheme's
repository does), ``pair --check`` works on it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from unmentoring import cli
from unmentoring.commands import command, follow_up_stages
from unmentoring.commands import follow_up as follow_up_command
from unmentoring.core import comment_commands, pairing_issue, stats, thread
from unmentoring.core.model import Group, Outcome
from unmentoring.core.months import add_months, last_day
from unmentoring.core.plan import PostComment
from unmentoring.core.problems import Refused
from unmentoring.core.thread import Days, ThreadComment
from unmentoring.github import bot_comment
from unmentoring.gitops import git, saving
from unmentoring.site import doc_pages
from unmentoring.store import offline, output_folder, paths, repository

USES_REPO = False  # the demo brings its own scheme

FIRST_ROUND = "2026-01"
ROUNDS = 3
QUICK_START = "quick-start.md"  # in docs/: where the demo sends a new organiser
# How the sample's pairs report back: most meet, some don't, some never say.
OUTCOMES = (Outcome.MET,) * 6 + (Outcome.NOT_MET,) + (None,) * 3
# In the rounds before that one everyone says: the demo follows up only the last two rounds, so
# a group silent earlier would stay "not yet reported" for ever, and someone silent in it and
# the next round would be paused only a round late.
EARLIER_OUTCOMES = tuple(outcome for outcome in OUTCOMES if outcome is not None)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=output_folder.argument,
        metavar="DIR",
        help="an empty or new folder for the demo (default: a new temporary folder)",
    )


def run(args: argparse.Namespace) -> int:
    root = _prepare(args.out)
    outbox, site = paths.at(root, paths.OUTBOX), paths.at(root, paths.BUILT_SITE)
    months = [add_months(FIRST_ROUND, n) for n in range(ROUNDS)]

    _step(f"1. The sample scheme is in {root}; checking its files")
    _ok(cli.main(["validate", "--repo", str(root)]))
    _commit(root, "The sample scheme")
    for number, month in enumerate(months, start=2):
        _step(
            f"{number}. Round {month}: drawing the pairs, then writing their issues to the outbox"
        )
        _ok(cli.main(["pair", "--repo", str(root), "--round", month]))
        _commit(root, f"Draw the round {month}")
        _ok(cli.main(["announce", "--repo", str(root), "--round", month, "--outbox", str(outbox)]))
    _step(f"{ROUNDS + 2}. Recording outcomes, as if members had said /met or /not-met")
    for month in months[:-1]:
        said = OUTCOMES if month == months[-2] else EARLIER_OUTCOMES
        _record_outcomes(root, month, random.Random(month), said)
    _commit(root, "Record outcomes")
    _step(
        f"{ROUNDS + 3}. Following up round {months[-1]}: a nudge, a rematch for three who asked, "
        'then "did you meet?", and once it is over, pausing quiet members'
    )
    scheme = repository.load_valid(root).scheme
    planned = _plan_a_day(root, months[-1], outbox)
    _commit(root, f"Round {months[-1]}: a group planned the day they meet")
    _follow_up(root, thread.day_of(months[-1], scheme.nudge_day), outbox)
    _rematch(root, months[-1], outbox)
    _commit(root, f"Round {months[-1]}: groups made by /rematch")
    planned.remind_and_ask(root, outbox)
    _commit(root, f"Round {months[-1]}: the planned group said it met")
    _follow_up(root, thread.day_of(months[-1], scheme.prompt_day), outbox)
    _follow_up(root, last_day(months[-1]), outbox)
    _commit(
        root,
        "Follow-up: the silent groups of the round before recorded as unreported; "
        "members silent two rounds in a row paused",
    )
    _step(f"{ROUNDS + 4}. Building the site")
    _ok(cli.main(["build-site", "--repo", str(root), "--out", str(site), "--month", months[-1]]))
    _summarise(root, months[-1], outbox, site)
    return 0


def _follow_up(root: Path, day: dt.date, outbox: Path) -> None:
    today = day.isoformat()
    _ok(cli.main(["follow-up", "--repo", str(root), "--today", today, "--outbox", str(outbox)]))


def _rematch(root: Path, month: str, outbox: Path) -> None:
    """Follow-up on rematch day, as if in three silent groups a member who is not the host had
    commented /rematch the day after the nudge (the host, asked to make the first move, never
    did): the same code as a real run, with their comments standing in for the threads it
    would read on GitHub."""
    loaded = repository.load_valid(root)
    drawn, days = loaded.rounds[month], Days.of(loaded.scheme)
    asked_on = thread.day_of(month, days.nudge + 1)
    silent = [group for group in drawn.groups if group.outcome is None][:3]
    said = {
        frozenset(group.members): (
            ThreadComment(
                author=_waiting(group.members, group.host), body="/rematch", created=asked_on
            ),
        )
        for group in silent
    }
    run = follow_up_command.offline_run(
        root,
        thread.day_of(month, days.rematch),
        outbox=outbox,
        said=said,
    )
    done = follow_up_stages.RematchResult(month=month)
    follow_up_stages.rematch_round(run, drawn, done)
    run.save()
    print(
        f"round {month}: {', '.join(done.asked)} asked for a rematch; {len(done.made)} new "
        f"group(s); {done.told} comment(s) posted to the old groups and anyone alone"
    )


@dataclasses.dataclass(frozen=True)
class _PlannedGroup:
    """The round's last pair: its host writes ``/when`` on the 8th for a weekday after rematch
    day, is reminded the day before, asked "did you meet?" the day after, and says ``/met``."""

    month: str
    group: Group
    day: dt.date

    def say(self, root: Path, outbox: Path, body: str, written: dt.date) -> None:
        """The host's comment, handled by the code the Commands workflow runs."""
        _comment(root, outbox, self.month, self.group, body, written)

    def remind_and_ask(self, root: Path, outbox: Path) -> None:
        _follow_up(root, self.day - dt.timedelta(days=1), outbox)
        _follow_up(root, self.day + dt.timedelta(days=1), outbox)
        self.say(root, outbox, "/met", self.day + dt.timedelta(days=1))


def _plan_a_day(root: Path, month: str, outbox: Path) -> _PlannedGroup:
    loaded = repository.load_valid(root)
    drawn, days = loaded.rounds[month], Days.of(loaded.scheme)
    group = next(g for g in reversed(drawn.drawn) if len(g.members) == 2 and g.host)
    day = thread.day_of(month, days.rematch + 2)
    while day.weekday() > 4:  # a weekday, as people agree
        day += dt.timedelta(days=1)
    planned = _PlannedGroup(month=month, group=group, day=day)
    planned.say(root, outbox, f"/when {day.day} {day:%B}", thread.day_of(month, 8))
    return planned


def _comment(root: Path, outbox: Path, month: str, group: Group, body: str, day: dt.date) -> None:
    """A member's comment in the group's issue, as commands/command.py carries it out: the round
    file changed, and the reply to the outbox."""
    loaded = repository.load_valid(root)
    author = group.host or group.members[0]
    number = int(f"{day:%Y%m%d}")  # a stand-in: a reply names the comment it answers
    event = comment_commands.CommentEvent(
        issue=number,
        issue_body=str(pairing_issue.marker_for(month, group)),
        issue_labels=(pairing_issue.PAIRING_LABEL,),
        comment_id=number,
        author=author,
        body=body,
        issue_author=bot_comment.bot_login(),
        created=day,
    )
    decision = comment_commands.decide(event, loaded.rounds, bot_comment.bot_login())
    actions = decision.plan(
        Days.of(loaded.scheme),
        day,
        later_round_drawn=False,
        taking_part=True,
        scheme_name=loaded.scheme.name,
    )
    # Each reply in a file of its own, named by the command it answers (the outbox names a
    # comment by its group and kind, and this group gets two replies).
    word = body.lstrip("/").split()[0]
    actions = [
        dataclasses.replace(action, about=word) if isinstance(action, PostComment) else action
        for action in actions
    ]
    command.carry_out(actions, saving.WorkingTree(root), offline.Outbox(outbox), lambda _: actions)
    print(f"round {month}: {author} wrote {body} ({decision.why})")


def _waiting(members: tuple[str, ...], host: str | None) -> str:
    """The member left waiting for the host's first move: the first who is not the host."""
    return next(login for login in members if login != host)


def _prepare(out: Path | None) -> Path:
    if out is None:
        root = Path(tempfile.mkdtemp(prefix="unmentoring-demo-"))
    else:
        root = out.resolve()
        if root.exists() and any(root.iterdir()):
            raise Refused(f"{root} is not empty; give --out a new or empty folder")
    package = resources.files("unmentoring")
    with resources.as_file(package / "sample") as folder:
        shutil.copytree(folder, root, dirs_exist_ok=True)
    # A scheme's repository holds the code its workflows run, so `pair --check` finds the code
    # that drew each round in history: this code, as a real scheme's first commit would hold it.
    with resources.as_file(package) as folder:
        shutil.copytree(
            folder,
            paths.at(root, paths.CODE),
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    paths.at(root, paths.ROUNDS).mkdir(exist_ok=True)
    git.run(root, "init", "--quiet")
    # Where git keeps this repository's ignore list (https://git-scm.com/docs/gitignore).
    exclude = root / git.text(root, "rev-parse", "--git-path", "info/exclude").strip()
    exclude.write_text(f"/{paths.OUTBOX}/\n/{paths.BUILT_SITE}/\n")
    return root


def _commit(root: Path, message: str) -> None:
    git.run(root, "add", "--all")
    git.run(
        root,
        "-c",
        "user.name=UnMentoring demo",
        "-c",
        "user.email=demo@example.invalid",
        "commit",
        "--quiet",
        "--message",
        message,
    )


def _record_outcomes(
    root: Path, month: str, rng: random.Random, said: tuple[Outcome | None, ...]
) -> None:
    drawn = repository.load_valid(root).rounds[month]
    groups = tuple(dataclasses.replace(group, outcome=rng.choice(said)) for group in drawn.groups)
    reported = sum(group.outcome is not None for group in groups)
    repository.write_round(root, dataclasses.replace(drawn, groups=groups))
    print(f"round {month}: {reported} of {len(groups)} groups reported back")


def _summarise(root: Path, month: str, outbox: Path, site: Path) -> None:
    loaded = repository.load_valid(root)
    counts = stats.count(loaded, month)
    pairs = sum(len(drawn.groups) for drawn in loaded.rounds.values())
    across = _percent(counts.groups_across_organisations, counts.groups_with_known_organisations)
    met = _percent(counts.conversations_met, counts.conversations_reported)
    issues = sorted(outbox.glob("*.md"))
    comments = sorted((outbox / follow_up_command.OUTBOX_FOLDER).glob("*.md"))
    nudge = next((p.name for p in comments if p.stem.endswith("_nudge")), "none")
    prompt = next((p.name for p in comments if p.stem.endswith("_prompt")), "none")
    rematched = next((p.name for p in comments if p.stem.endswith("_rematch")), "none")
    people = [len(drawn.members) for drawn in loaded.rounds.values()]
    print(
        f"""
Done. In numbers:
  participants           {len(loaded.participants)} in {counts.organisations} organisations \
(and some independents)
  rounds                 {counts.rounds_held} ({", ".join(loaded.rounds)}), with \
{" / ".join(map(str, people))} people: the others had paused or not joined yet
  groups matched         {pairs}, {len(issues)} issues written to the outbox
  across organisations   {across} of groups
  reported meetings      {counts.conversations_met} met of {counts.conversations_reported} \
reported ({met})

Where to look:
  the data               {root}/rounds/ and {root}/participants/
  the pairing issues     {outbox}/, for example {issues[0].name if issues else "none"}
  follow-up comments     {len(comments)} in {outbox / follow_up_command.OUTBOX_FOLDER}/, \
for example {nudge}, {prompt} and {rematched}
  the site               python3 -m http.server --directory {site} 8000
                         then open http://localhost:8000/
  check a draw           .venv/bin/unmentoring pair --repo {root} --round {month} --check

It is all in {root}: delete that folder when you are done.

To run a scheme of your own, follow the quick start: {_quick_start()}
"""
    )


def _quick_start() -> Path:
    """The quick start: the one in docs/ of the clone the demo runs in (as `make demo` does),
    else the copy that came with this UnMentoring; shown from the current folder when below it."""
    here = paths.at(Path.cwd(), paths.doc(QUICK_START))
    guide = here if here.is_file() else doc_pages.default_docs() / QUICK_START
    try:
        return guide.relative_to(Path.cwd())
    except ValueError:
        return guide


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "n/a"


def _step(text: str) -> None:
    print(f"\n== {text}", flush=True)


def _ok(code: int) -> None:
    if code != 0:
        raise Refused("a step failed (its message is above); the demo stopped there")
