"""The GitHub web address links go to: ``GITHUB_SERVER_URL``, so GitHub Enterprise Server works.

GitHub Actions sets ``GITHUB_SERVER_URL`` to the server's address, such as
``https://github.com`` or a GitHub Enterprise Server's own host
(https://docs.github.com/actions/reference/variables-reference#default-environment-variables).
Every link the bot writes (form links in replies and pairing issues, issue links, the site's
links) is built from this one value; outside Actions it defaults to github.com.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from unmentoring.core.forms import GITHUB

SERVER_ENV = "GITHUB_SERVER_URL"


def web_url(env: Mapping[str, str] | None = None) -> str:
    """The server's address without a trailing slash (default https://github.com)."""
    env = os.environ if env is None else env
    return (env.get(SERVER_ENV, "").strip() or GITHUB).rstrip("/")
