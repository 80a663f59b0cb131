"""The scheme's scheduled workflows on GitHub: which are asleep, and waking them.

``review`` only reads (``actions: read``), so the doctor can report with it; ``wake`` enables the
workflows GitHub disabled for inactivity (``actions: write``) and nothing else: the decision is
``core.workflows.review``'s.
"""

from __future__ import annotations

import logging
from pathlib import Path

from unmentoring.core import workflows
from unmentoring.github.interface import Workflows
from unmentoring.store import workflow_files

log = logging.getLogger(__name__)


def review(client: Workflows, root: Path) -> workflows.Sleeping:
    """The state of the scheduled workflows in ``root``'s workflow files, as GitHub has them."""
    return workflows.review(client.list_workflows(), workflow_files.scheduled(root))


def wake(client: Workflows, sleeping: workflows.Sleeping, *, refresh: bool = False) -> None:
    """Enable each workflow disabled for inactivity; with ``refresh``, each active one too,
    which resets GitHub's count of days without activity, as keep-alive actions do
    (gautamkrishnar/keepalive-workflow's API mode, liskin/gh-workflow-keepalive). Repeating
    it is harmless."""
    for workflow in sleeping.to_wake:
        client.enable_workflow(workflow.id)
        log.info("re-enabled %s (%s)", workflow.name, workflow.path)
    for workflow in sleeping.awake if refresh else ():
        client.enable_workflow(workflow.id)
        log.info("kept %s (%s) awake", workflow.name, workflow.path)
