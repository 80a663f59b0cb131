"""Problems found in the data, and the error that carries them to the command line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, kw_only=True)
class Problem:
    """One thing wrong with one file, shown as ``path:line: message``."""

    path: str
    line: int | None = None
    message: str
    # The top-level field the problem concerns (None: the file as a whole), and whether the
    # problem is that it is absent: intake words problems for the form by these, not by text.
    field: str | None = None
    absent: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def as_github_annotation(self, level: str = "error") -> str:
        """A workflow command (``error`` or ``warning``) GitHub shows against the file and line."""
        where = f"file={_escape_property(self.path)}"
        if self.line:
            where += f",line={self.line}"
        return f"::{level} {where}::{_escape_data(self.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class Refused(Exception):
    """An expected failure: the command prints the message and exits 1, without a traceback."""


class DataProblems(Refused):
    """The data has problems; the command lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _sort_key(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.message)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=_sort_key)
