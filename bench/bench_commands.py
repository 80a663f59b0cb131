"""Reading comment commands in GitHub's largest comments (goal: < 200 ms each, worst case).

GitHub's error says a comment is at most 65,536 characters, but it takes up to 262,144 bytes
(measured: https://github.com/dead-claudia/github-limits/pull/13), so that many ASCII
characters. The shapes below are the ones that would make a backtracking pattern slow: one long
command-like word full of joiners, a line of many words, and thousands of short command lines.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from unmentoring.core.comment_commands import read_commands

LONGEST = 262_144
SHAPES: dict[str, Callable[[], str]] = {
    "one word of hyphens, then ?": lambda: "/a" + "-" * (LONGEST - 3) + "?",
    "one word of .-, then ?": lambda: "/a" + ".-" * ((LONGEST - 3) // 2) + "?",
    "one line of 65,000 words": lambda: "/not " + "met " * 65_000,
    "32,768 lines of /metric": lambda: "/metric\n" * (LONGEST // 8),
    "quotes and fences": lambda: "> /met\n```\n/met\n```\n" * (LONGEST // 20),
}
RUNS = 5


def main() -> None:
    for shape, make in SHAPES.items():
        text = make()[:LONGEST]
        best = min(_seconds(text) for _ in range(RUNS))
        print(f"read_commands, {len(text):,} characters, {shape}: {best * 1000:.1f} ms")
    print("goal: under 200 ms each")


def _seconds(text: str) -> float:
    start = time.perf_counter()
    read_commands(text)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
