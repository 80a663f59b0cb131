"""A workflow step's outputs: ``name=value`` lines appended to the file GITHUB_OUTPUT names
(https://docs.github.com/actions/reference/workflow-commands-for-github-actions#setting-an-output-parameter).

A command sets them itself, so that its step in a workflow file is the command alone, with no
shell around it; outside a workflow (no GITHUB_OUTPUT) nothing is written.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

log = logging.getLogger(__name__)

OUTPUTS_ENV = "GITHUB_OUTPUT"
SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def set_output(name: str, value: str, env: Mapping[str, str] | None = None) -> None:
    """Set the step output ``name`` to ``value`` (one line: a name and a word)."""
    path = (os.environ if env is None else env).get(OUTPUTS_ENV, "").strip()
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as outputs:
            outputs.write(f"{name}={value}\n")
    except OSError as error:
        log.warning("could not set the step output %s=%s in %s (%s)", name, value, path, error)


def add_to_summary(markdown: str, env: Mapping[str, str] | None = None) -> None:
    """Append ``markdown`` to the job's summary, the file the runner gives each step for it
    (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#adding-a-job-summary);
    outside a workflow, nothing."""
    path = (os.environ if env is None else env).get(SUMMARY_ENV, "").strip()
    if path:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(markdown)
