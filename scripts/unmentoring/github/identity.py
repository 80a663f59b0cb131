"""The bot's commit identity, with its id asked of the server it runs on.

On github.com the id of github-actions[bot] is known (``landing.GITHUB_BOT_ID``); on GitHub
Enterprise Server it is another number, which ``GET /users/{login}`` gives
(https://docs.github.com/rest/users/users#get-a-user). A server that does not answer leaves
the noreply address without an id, which still names the bot (``landing.bot_identity``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from unmentoring.core.problems import Refused
from unmentoring.github.interface import Users
from unmentoring.github.server import web_url
from unmentoring.gitops import landing

log = logging.getLogger(__name__)


def committer(client: Users | None, env: Mapping[str, str] | None = None) -> landing.Identity:
    """github-actions[bot]'s identity on GITHUB_SERVER_URL, its id from ``client`` if needed."""
    server = web_url(env)
    github_com = landing.bot_identity(server)
    if github_com.email == landing.BOT_EMAIL or client is None:
        return github_com
    try:
        user_id = client.user_id(landing.BOT_NAME)
    except Refused as error:
        log.info("could not ask %s for %s's id (%s)", server, landing.BOT_NAME, error)
        user_id = None
    return landing.bot_identity(server, user_id)
