"""The vendored matcher is networkx's, line for line, apart from its two marked changes.

Upstream's source comes from the installed networkx (pinned in pyproject.toml to the release the
code came from). Only what cannot be the same is normalised: the decorators, the docstring and
the function's name. In the vendored code each change runs from ``# unmentoring change N: ...``
to ``# end of change N``; everything else must match upstream exactly.
"""

from __future__ import annotations

import ast
import difflib
import inspect
import re
import textwrap
from importlib.metadata import version

import networkx.algorithms.matching as upstream_module

from unmentoring._vendor import weighted_matching

RELEASE = "3.6.1"  # the one named in weighted_matching.py's header
CHANGES = 2
_START = re.compile(r"^\s*# unmentoring change (\d+): ")
_END = re.compile(r"^\s*# end of change (\d+)\s*$")


def comparable(function) -> list[str]:
    """``function``'s source lines from its ``def`` on, without decorators or docstring.

    The ``def`` line is given upstream's name: the vendored module needs its own name for the
    public wrapper, so the copy is ``_max_weight_matching``."""
    source = textwrap.dedent(inspect.getsource(function))
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    lines = source.splitlines()
    docstring = node.body[0]
    assert isinstance(docstring, ast.Expr) and isinstance(docstring.value, ast.Constant)
    definition = lines[node.lineno - 1 : docstring.lineno - 1]
    definition[0] = definition[0].replace(f"def {node.name}(", "def max_weight_matching(", 1)
    return definition + lines[docstring.end_lineno :]


def marked(lines: list[str]) -> tuple[list[str], dict[int, list[str]]]:
    """``lines`` with each marked change folded into one ``<change N>`` line, and the changes."""
    folded: list[str] = []
    changes: dict[int, list[str]] = {}
    current: int | None = None
    for line in lines:
        start, end = _START.match(line), _END.match(line)
        if current is None:
            assert not end, f"`{line.strip()}` without its start"
            if start:
                current = int(start.group(1))
                assert current not in changes, f"change {current} is marked twice"
                changes[current] = []
                folded.append(f"<change {current}>")
            else:
                folded.append(line)
        elif end:
            assert int(end.group(1)) == current, f"change {current} ends as {line.strip()!r}"
            current = None
        else:
            assert not start, f"change {start.group(1)} starts inside change {current}"
            changes[current].append(line)
    assert current is None, f"change {current} has no `# end of change {current}`"
    return folded, changes


def code_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip() and not line.strip().startswith("#")]


def test_networkx_is_the_release_the_code_came_from():
    assert version("networkx") == RELEASE
    assert f"from networkx {RELEASE}" in (weighted_matching.__doc__ or "")


def test_the_vendored_matcher_differs_from_upstream_only_in_its_marked_changes():
    upstream = comparable(upstream_module.max_weight_matching)
    folded, changes = marked(comparable(weighted_matching._max_weight_matching))
    assert sorted(changes) == list(range(1, CHANGES + 1)), "expected changes 1 and 2, marked"

    # Line up the two; a marked change may stand in for upstream lines, nothing else may differ.
    # ``aligned`` is the vendored code with each change put back as the upstream lines it
    # replaces, so the diff below shows only the differences that are not marked.
    aligned: list[str] = []
    unmarked = False
    matcher = difflib.SequenceMatcher(None, upstream, folded, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ours = folded[j1:j2]
        change = re.fullmatch(r"<change (\d+)>", ours[0]) if len(ours) == 1 else None
        if tag == "equal":
            aligned.extend(ours)
        elif change and tag in ("replace", "insert"):
            replaced = upstream[i1:i2]
            own = code_lines(changes[int(change.group(1))])
            # A change replaces no more upstream lines than it has code lines of its own, so a
            # marker cannot quietly swallow a stretch of upstream code.
            assert len(code_lines(replaced)) <= len(own), (
                f"change {change.group(1)} replaces {len(replaced)} upstream lines:\n"
                + "\n".join(replaced)
            )
            aligned.extend(replaced)
        else:
            unmarked = True
            aligned.extend(ours)
    diff = "\n".join(
        difflib.unified_diff(
            upstream,
            aligned,
            f"networkx {RELEASE} max_weight_matching",
            "unmentoring/_vendor/weighted_matching.py _max_weight_matching",
            lineterm="",
        )
    )
    assert not unmarked and not diff, (
        "the vendored matcher differs from upstream outside its marked changes; revert the "
        "difference, or mark it as part of a change:\n" + diff
    )
