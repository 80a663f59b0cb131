"""The bot's own comments: each found again by a hidden marker, so a re-run never posts twice.

Intake keeps one comment per issue and edits it when the answer changes; comment commands reply
once per command. Both post the same way: look for our marked comment; if it is there, edit it
(or leave it); if not, add it. A post whose answer was lost (``MaybeApplied``) may have landed, so
the next attempt looks again before posting.

Which account is "the bot": pairing issues are opened by whoever runs ``announce``. With the
workflow's ``GITHUB_TOKEN`` that is ``github-actions[bot]``; with a GitHub App token, the App's
``name[bot]``. The login cannot be asked of the token: ``GET /user`` is for user tokens, not
installation tokens (https://docs.github.com/rest/users/users#get-the-authenticated-user), and
the comment workflow's token is not the one that announced anyway. So a pairing issue
is recognised by the issue number announce commits into the round file, and
``UNMENTORING_BOT_LOGIN`` names the App only for the minutes before that number lands.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from unmentoring.core.comment_commands import BOT_LOGIN_ENV, DEFAULT_BOT_LOGIN
from unmentoring.core.problems import Refused
from unmentoring.github.interface import Comment, Comments, MaybeApplied

log = logging.getLogger(__name__)

ATTEMPTS = 3
LOOK_AGAIN_WAIT = 1.0  # seconds after an uncertain post, for GitHub to list the comment


def bot_login(env: Mapping[str, str] | None = None) -> str:
    """The login that opens pairing issues: ``UNMENTORING_BOT_LOGIN``, else github-actions[bot]."""
    env = os.environ if env is None else env
    return env.get(BOT_LOGIN_ENV, "").strip() or DEFAULT_BOT_LOGIN


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
