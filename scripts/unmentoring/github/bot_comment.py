"""The bot's own comments: each found again by a hidden marker, so a re-run never posts twice.

Intake keeps one comment per issue and edits it when the answer changes; comment commands reply
once per command. Both post the same way: look for our marked comment; if it is there, edit it
(or leave it); if not, add it. A post whose answer was lost (``MaybeApplied``) may have landed, so
the next attempt looks again before posting.

Which account is "the bot": pairing issues are opened by whoever runs ``announce``. With the
workflow's ``GITHUB_TOKEN`` that is ``github-actions[bot]``; with a GitHub App token, the App's
``name[bot]``, which the workflows pass in ``UNMENTORING_BOT_LOGIN``. Run by hand with a
person's token, it is that person: ``settle_login`` asks ``GET /user``, which answers for a
person's token and refuses an installation token
(https://docs.github.com/rest/users/users#get-the-authenticated-user); when the login cannot be
known, a command that writes marked comments refuses to start, since it would not recognise its
own earlier comments and would post them all again (issue 21, finding 20). A pairing issue is
recognised by the issue number announce commits into the round file, and
``UNMENTORING_BOT_LOGIN`` names the App only for the minutes before that number lands.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from unmentoring.core.comment_commands import BOT_LOGIN_ENV, DEFAULT_BOT_LOGIN
from unmentoring.core.problems import Refused
from unmentoring.github.interface import Comment, Comments, MaybeApplied, Users

log = logging.getLogger(__name__)

ATTEMPTS = 3
LOOK_AGAIN_WAIT = 1.0  # seconds after an uncertain post, for GitHub to list the comment


_settled: str | None = None  # the login settle_login learned from the token, for this process


def bot_login(env: Mapping[str, str] | None = None) -> str:
    """The login that opens pairing issues: ``UNMENTORING_BOT_LOGIN``, else the one
    ``settle_login`` learned, else github-actions[bot]."""
    env = os.environ if env is None else env
    return env.get(BOT_LOGIN_ENV, "").strip() or _settled or DEFAULT_BOT_LOGIN


def settle_login(client: Users, env: Mapping[str, str] | None = None) -> str:
    """The login this run writes as, learned once: ``UNMENTORING_BOT_LOGIN``; in GitHub Actions,
    github-actions[bot] (GITHUB_TOKEN: the App's workflows set the variable); else the
    person's own account, from ``GET /user``. Refused when none of these can tell."""
    global _settled
    env = os.environ if env is None else env
    if env.get(BOT_LOGIN_ENV, "").strip() or env.get("GITHUB_ACTIONS") == "true":
        return bot_login(env)
    if _settled is None:
        _settled = client.own_login()
    if _settled is None:
        raise Refused(
            "cannot tell which account this token writes as, so earlier comments would not be "
            f"recognised and would be posted again: set {BOT_LOGIN_ENV} to it (for a GitHub "
            "App's token, the App's name followed by [bot], for example my-scheme[bot])"
        )
    return _settled


def find(client: Comments, issue: int, marker: str, *, ours: str | None = None) -> Comment | None:
    """Our comment on ``issue`` that carries ``marker``, if any.

    Only one written by our own login (``ours``, default ``bot_login()``): anyone can paste the
    marker into a comment of their own, and any other bot installed on the repository (another
    workflow's App, a CI bot quoting an issue) may repeat it; editing that comment would fail,
    and treating it as ours would leave the person without our answer. Logins compare without
    regard to case, as GitHub's do."""
    ours = (ours or bot_login()).lower()
    for comment in client.list_comments(issue):
        if marker in comment.body and comment.author.lower() == ours:
            return comment
    return None


def post(
    client: Comments, issue: int, marker: str, body: str, *, edit: bool, look_first: bool = True
) -> None:
    """Make sure our ``marker`` comment on ``issue`` exists; with ``edit``, that it says ``body``.

    Without ``edit`` an existing comment is left as it is (a reply is posted once). Without
    ``look_first`` (the caller has just read the thread and saw no such comment) the first
    attempt posts at once; an attempt after an uncertain post always looks first."""
    ours = bot_login()
    for attempt in range(ATTEMPTS):
        found = find(client, issue, marker, ours=ours) if attempt or look_first else None
        if found is not None:
            if edit and found.body != body:
                client.update_comment(found.id, body)
            return
        try:
            client.create_comment(issue, body)
            return
        except MaybeApplied as error:
            log.warning("%s; looking for the comment before trying again", error)
            client.wait(LOOK_AGAIN_WAIT, "after an uncertain comment")
    raise Refused(
        f"could not comment on issue #{issue}; run the workflow again (it comments only once)"
    )
