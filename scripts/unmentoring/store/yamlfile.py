"""Reading and writing the scheme's YAML files safely.

Every file is untrusted: it may come from a pull request. Reading refuses, with a message that
names the line and the fix, anything that is not a small, plain, UTF-8 YAML document, and it
records the line of every key so later checks can point at it.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from unmentoring.core.problems import Problem

# Participant and settings files are small; a round lists everyone, so it may be larger.
MAX_FILE_BYTES = 64 * 1024
MAX_ROUND_BYTES = 4 * 1024 * 1024
BOM = b"\xef\xbb\xbf"

# The C loader (libyaml) when PyYAML has it: several times faster on the large round files.
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _without_timestamps(resolvers: dict) -> dict:
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag != _TIMESTAMP]
        for first, entries in resolvers.items()
    }


def _copied(resolvers: dict) -> dict:
    return {first: list(entries) for first, entries in resolvers.items()}


class _Loader(_BaseLoader):
    """Safe loader that keeps dates as text, so a bad date is our message, not a crash."""

    yaml_implicit_resolvers = _without_timestamps(_BaseLoader.yaml_implicit_resolvers)

    # The three methods below are PyYAML's, less its path resolvers (which we never use):
    # a round file has hundreds of thousands of scalars, and this halves the time to read it.
    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        if kind is yaml.ScalarNode:
            return self.DEFAULT_SCALAR_TAG
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return self.DEFAULT_MAPPING_TAG


# What other readers take for something other than text, beyond PyYAML's own resolvers (which
# the dumper keeps, timestamps included, so it quotes what they match). YAML 1.1's booleans
# include y and n (https://yaml.org/type/bool.html); YAML 1.2's core schema reads 1e3 as a
# float and 0o7 as an integer (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_MISREAD_ELSEWHERE = re.compile(
    r"(?:y|Y|n|N"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|0o[0-7]+|[-+]?0x[0-9a-fA-F]+"
    # YAML 1.1's float allows dots anywhere after the first (https://yaml.org/type/float.html)
    r"|[-+]?(?:[0-9][0-9_]*)?\.[0-9._]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN)\Z"
)
_NOT_TEXT_TAG = "tag:unmentoring,2026:not-text"
# YAML 1.1 reads these as line breaks, YAML 1.2 as ordinary characters, so only an escape
# (\N, \L, \P in double quotes, the same in both) reads back the same everywhere.
_AMBIGUOUS_BREAKS = frozenset("\x85\u2028\u2029")


class _Dumper(yaml.SafeDumper):
    """Quotes every string that PyYAML, YAML 1.1 or YAML 1.2 could read as anything but text
    (``'2026-02-14'``, ``'1e3'``, ``'y'``), and indents lists under their key, as people write
    them. (The C dumper cannot indent lists that way.)"""

    # A copy, so that the resolver added below is the dumper's alone.
    yaml_implicit_resolvers = _copied(yaml.SafeDumper.yaml_implicit_resolvers)

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


# The dumper writes a string plainly only where no resolver matches it; this one matches what
# other readers would misread, so those are quoted.
_Dumper.add_implicit_resolver(_NOT_TEXT_TAG, _MISREAD_ELSEWHERE, None)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if _AMBIGUOUS_BREAKS.intersection(text):
        style: str | None = '"'
    else:
        style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_list(dumper: yaml.SafeDumper, items: list) -> yaml.SequenceNode:
    flat = all(isinstance(item, str | int) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flat)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)

Path_ = tuple[str | int, ...]
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _Refused(Exception):
    """A document we will not read, with the line to point at."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message, self.line = message, line


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its data, and (worked out only when asked) the line of each key."""

    path: str
    data: Any
    text: str | None = field(default=None, repr=False, compare=False)

    @cached_property
    def lines(self) -> dict[Path_, int]:
        # Only needed to report a problem, so the file is parsed again rather than every
        # file's node tree being kept.
        found: dict[Path_, int] = {}
        if self.text is not None:
            loader = _Loader(self.text)
            try:
                node = loader.get_single_node()
            finally:
                loader.dispose()
            if node is not None:
                _record_lines(node, (), found)
        return found

    def line_of(self, where: Path_) -> int:
        """The 1-based line of ``where``, or of its nearest enclosing key that has one."""
        where = tuple(where)
        while where:
            if where in self.lines:
                return self.lines[where]
            where = where[:-1]
        return self.lines.get((), 1)


def read_document(
    file: Path,
    shown_as: str,
    max_bytes: int = MAX_FILE_BYTES,
    fast: Callable[[str], Any] | None = None,
    *,
    empty: Any = None,
) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file; on any problem return None and the problems, never raise.

    ``fast``, if given, reads text in a known canonical form much faster than YAML does; it
    returns None for anything else, which is then read as YAML. An empty file (or one of only
    comments) is a problem, unless ``empty`` gives the data it stands for.
    """

    def problem(message: str, line: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(path=shown_as, line=line, message=message)]

    if file.is_symlink():  # a link could make a check read, and print, any file on the runner
        return problem("is a symbolic link; replace it with the file itself")
    try:
        size = file.stat().st_size
        if size > max_bytes:
            return problem(
                f"file is {size // 1024} KiB; the limit is {max_bytes // 1024} KiB, "
                "so it was not read: shorten it"
            )
        raw = file.read_bytes()
    except OSError as error:
        return problem(f"cannot be read ({error.strerror}); check the file's permissions")
    return read_bytes(raw, shown_as, fast, empty=empty)


def read_bytes(
    raw: bytes, shown_as: str, fast: Callable[[str], Any] | None = None, *, empty: Any = None
) -> tuple[Document | None, list[Problem]]:
    """Read one YAML document from ``raw`` (a file's bytes, or what a program printed) as
    ``read_document`` reads a file: on any problem return None and the problems, never raise."""

    def problem(message: str, line: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(path=shown_as, line=line, message=message)]

    if raw.startswith(BOM):
        return problem("starts with a byte-order mark; save it as UTF-8 without a BOM", 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return problem("is not valid UTF-8 text; save it with UTF-8 encoding", line)
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        return problem("has Windows (CRLF) line endings; save it with Unix (LF) line endings", line)
    if fast is not None:
        data = fast(text)
        if data is not None:
            return Document(path=shown_as, data=data, text=text), []

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None and empty is not None:
            return Document(path=shown_as, data=empty, text=text), []
        if node is None:
            return problem("is empty; it should hold the fields described in the guide, docs/", 1)
        # Anchors need "&" and aliases "*": without either, the costly check can be skipped.
        seen: set[int] | None = set() if ("&" in text or "*" in text) else None
        data = _to_python(loader, node, seen)
        if data is None:
            return problem("is empty; it should hold the fields described in the guide, docs/", 1)
    except _Refused as refusal:
        return problem(refusal.message, refusal.line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        found = mark.line + 1 if mark else None
        return problem(_explain_syntax_error(error, text, found), found)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
        return problem(f"is not valid YAML ({error}); check the value's quoting")
    finally:
        loader.dispose()
    return Document(path=shown_as, data=data, text=text), []


def _to_python(loader: yaml.SafeLoader, node: yaml.Node, seen: set[int] | None) -> Any:
    """Plain Python data from a node; refuses anchors, aliases, merge keys, tags, duplicates."""
    if seen is not None:
        if id(node) in seen:
            raise _Refused(
                "uses a YAML anchor or alias (& or *); write each value out in full",
                node.start_mark.line + 1,
            )
        seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        return loader.construct_object(node)
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_to_python(loader, item, seen) for item in node.value]
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                raise _Refused(
                    "has a key that is not plain text; keys are words like `name`", key_line
                )
            key = key_node.value
            if key == "<<":
                raise _Refused("uses a YAML merge key (<<); write each value out in full", key_line)
            if key in mapping:
                raise _Refused(f"`{key}` is given twice; keep one", key_line)
            mapping[key] = _to_python(loader, value_node, seen)
        return mapping
    raise _Refused(
        f"uses the YAML tag {node.tag}; remove it and write a plain value",
        node.start_mark.line + 1,
    )


def _record_lines(node: yaml.Node, where: Path_, lines: dict[Path_, int]) -> None:
    lines.setdefault(where, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*where, key_node.value)
            lines[key] = key_node.start_mark.line + 1
            _record_lines(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*where, index), lines)


def _explain_syntax_error(error: yaml.MarkedYAMLError, text: str, line: int | None) -> str:
    if line is not None:
        source_line = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
        if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or (
            "\t" in source_line and "'\\t'" in str(error.problem)
        ):
            return "is indented with a tab; YAML needs spaces: replace the tab with spaces"
    what = error.problem or error.context or "syntax error"
    return (
        f"is not valid YAML: {what}; check the indentation, and put quotes around "
        "values that contain ': ', ' #' or start with a special character"
    )


def dump(data: Any) -> str:
    """YAML text for ``data``: keys in the given order, lists of names on one line."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1000,
    )


def write_atomically(file: Path, text: str) -> None:
    """Replace ``file`` with ``text`` in one step, so readers never see half a file."""
    write_bytes_atomically(file, text.encode("utf-8"))


def write_bytes_atomically(file: Path, content: bytes, *, executable: bool = False) -> None:
    """Replace ``file`` with ``content`` in one step (executable for its owner and others who
    may read it, when asked), so readers never see half a file."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private (0600); a file in a repository is as git checks it out.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, (0o777 if executable else 0o666) & ~umask)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
