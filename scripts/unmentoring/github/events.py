"""Reading a GitHub webhook payload (in a workflow: the file at $GITHUB_EVENT_PATH).

The payload comes from GitHub, but its text fields were typed by anyone, and a command run by
hand may be given any file. So it is read with a size cap, must be a JSON object, and each field
is read through a typed accessor that refuses a missing or mistyped field with a message naming
it (``issue.number``), never with a traceback.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unmentoring.core.problems import Refused

# GitHub caps webhook payloads at 25 MB, but an issue or comment body is at most 65,536
# characters: the events read here stay far below this, and a larger file is not one of them.
MAX_EVENT_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Fields:
    """One JSON object of an event, with the dotted path that leads to it (for messages)."""

    data: Mapping[str, Any]
    kind: str  # the webhook event's name, e.g. ``issue_comment``
    where: str = ""  # e.g. ``issue.`` for the issue inside the event

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def object(self, key: str) -> Fields:
        """The object at ``key``; refused if it is missing or not an object."""
        value = self.data.get(key)
        if not isinstance(value, Mapping):
            raise self._refusal(key, "an object")
        return Fields(value, self.kind, f"{self.where}{key}.")

    def optional_object(self, key: str) -> Fields:
        """The object at ``key``, or an empty one if it is missing or null."""
        if self.data.get(key) is None:
            return Fields({}, self.kind, f"{self.where}{key}.")
        return self.object(key)

    def number(self, key: str) -> int:
        """A whole number, such as an issue's number or a comment's id."""
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._refusal(key, "a whole number")
        return value

    def text(self, key: str, *, required: bool = False) -> str:
        """A string; null or missing is "" unless ``required``."""
        value = self.data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value):
            raise self._refusal(key, "a string" if not required else "a non-empty string")
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) or None

    def label_names(self, key: str = "labels") -> tuple[str, ...]:
        """Label names from a list of label objects (as webhooks send) or of plain names."""
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self._refusal(key, "a list of labels")
        names = []
        for label in value:
            name = label.get("name") if isinstance(label, Mapping) else label
            if not isinstance(name, str):
                raise self._refusal(key, "a list of labels, each with a `name`")
            names.append(name)
        return tuple(names)

    def _refusal(self, key: str, expected: str) -> Refused:
        return Refused(
            f"the `{self.kind}` event's `{self.where}{key}` is missing or not {expected}; "
            f"give the payload of the `{self.kind}` webhook (in a workflow: $GITHUB_EVENT_PATH)"
        )


def add_event_argument(
    parser: argparse.ArgumentParser | argparse._ActionsContainer,
    kind: str,
    note: str = "",
    required: bool = True,
) -> None:
    """``--event PATH``: the webhook payload of ``kind`` that started the workflow."""
    parser.add_argument(
        "--event",
        type=Path,
        required=required,
        metavar="PATH",
        help=f"the `{kind}` webhook payload (in a workflow: $GITHUB_EVENT_PATH){note}",
    )


def of(data: Any, kind: str) -> Fields:
    """An event already parsed (``data``), checked to be a JSON object."""
    if not isinstance(data, Mapping):
        raise Refused(f"the event is not a JSON object, so not a `{kind}` event")
    return Fields(data, kind)


def read(path: Path, kind: str) -> Fields:
    """The event in ``path``, which should hold a ``kind`` webhook payload."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_EVENT_BYTES:
            raise Refused(
                f"the event file {path} is larger than {MAX_EVENT_BYTES // (1024 * 1024)} MiB; "
                f"it is not a `{kind}` event"
            )
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise Refused(f"cannot read the event file {path} ({error.strerror})") from None
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise Refused(f"the event file {path} is not JSON ({error})") from None
    if not isinstance(data, Mapping):
        raise Refused(f"the event file {path} is not a JSON object, so not a `{kind}` event")
    return of(data, kind)
