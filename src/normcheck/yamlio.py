"""Safe YAML reading that keeps every value's line and column and refuses what would lose or hide data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from normcheck.errors import InputError, Issue

# PyYAML's C parser is several times faster; the pure-Python one is the fallback where libyaml is absent.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 8 * 1024 * 1024
MAX_NODES = 500_000
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A SafeLoader subclass of our own, so the global PyYAML loaders are never patched.

    The C parser asks Python for the tag of every scalar; an assessment repeats the same few keys and statuses
    hundreds of times, so each distinct plain scalar is resolved once per document. No path resolvers are ever
    registered here, so a plain scalar's tag depends on its text alone.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            tag = self._plain_tags.get(value)
            if tag is None:
                tag = self._plain_tags[value] = super().resolve(kind, value, implicit)
            return tag
        resolved: str = super().resolve(kind, value, implicit)
        return resolved

    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        pass  # path resolvers only; the C parser calls this for every node

    def ascend_resolver(self) -> None:
        pass


@dataclass(slots=True)
class Document:
    """Parsed YAML plus the node tree it came from, to locate any value (1-based line and column) on demand.

    Positions are looked up only when there is a problem to report, so reading a valid file pays nothing
    for them.
    """

    path: str
    data: Any
    root: Node | None = None
    problems: tuple[Issue, ...] = ()
    """What the reader refused but could read past (a bad value, a tag, a duplicate key), when parsed with
    `partial=True` so schema errors can be reported with them."""
    damaged: tuple[Path_, ...] = ()
    """Where a refused value was replaced by None: schema errors there would only repeat the problem."""

    def is_damaged(self, loc: Path_) -> bool:
        return any(loc[: len(d)] == d for d in self.damaged)

    def _walk(self, loc: Path_) -> tuple[Node | None, Node | None, bool]:
        """The key node and value node at `loc` (or its deepest ancestor in the file), and whether all matched."""
        key_node: Node | None = None
        node = self.root
        for part in loc:
            if isinstance(node, MappingNode):
                match = next(
                    ((k, v) for k, v in node.value if isinstance(k, ScalarNode) and _same_key(k, part)), None
                )
                if match is None:
                    return key_node, node, False
                key_node, node = match
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                key_node, node = None, node.value[part]
            else:
                return key_node, node, False
        return key_node, node, True

    def position(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of `loc`; falls back to the nearest ancestor that exists (a missing field's parent)."""
        key_node, node, _ = self._walk(loc)
        target = key_node if key and key_node is not None else node
        if target is None:
            return (1, 1)
        return (target.start_mark.line + 1, target.start_mark.column + 1)

    def plain_scalar(self, loc: Path_) -> str | None:
        """The raw text of an unquoted value YAML turned into a bool or number, for "quote it" hints."""
        _, node, found = self._walk(loc)
        if not found or not isinstance(node, ScalarNode) or node.style or node.tag in (f"{_TAG}str", f"{_TAG}null"):
            return None
        return str(node.value)

    def issue(self, loc: Path_, message: str, *, key: bool = False, **kw: Any) -> Issue:
        line, col = self.position(loc, key=key)
        return Issue(self.path, line, col, format_loc(loc), message, **kw)


def _same_key(node: ScalarNode, part: str | int) -> bool:
    if node.tag == f"{_TAG}str":
        return bool(node.value == part)
    return bool(_key_value(node) == part)


_CONSTRUCTOR = SafeConstructor()
# What PyYAML's constructors raise for a value its explicit tag cannot read: '!!bool maybe' is a KeyError,
# '!!timestamp soon' an AttributeError, '!!int x' a ValueError.
_UNREADABLE = (ValueError, OverflowError, LookupError, AttributeError, TypeError, yaml.YAMLError)


def _construct_scalar(node: ScalarNode) -> Any:
    """The value of a scalar with an allowed tag; raises one of _UNREADABLE when the tag cannot read it."""
    if node.tag == f"{_TAG}str":
        return node.value  # the common case, without PyYAML's generic dispatch
    value = SafeConstructor.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
        return value.date()  # a timestamp at midnight where a date is expected is a date
    return value


def format_loc(loc: Path_) -> str:
    if len(loc) > 8:  # an alias bomb or runaway nesting: the start and end of the path are what help
        return f"{format_loc(loc[:3])}...{format_loc(loc[-1:])}"
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def read_text(path: Path) -> str:
    """Read a file as UTF-8, refusing what YAML would misread or what is too large to be a real input."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError.single(name, f"cannot read the file: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise InputError.single(
            name,
            f"the file is {size / 1_048_576:.1f} MiB; normcheck reads files up to "
            f"{MAX_BYTES // 1_048_576} MiB. Split it or remove what does not belong in it.",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError.single(name, f"cannot read the file: {exc.strerror or exc}") from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(name, "the file is saved as UTF-16; save it as UTF-8 and try again")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _byte_position(raw, nul)
        raise InputError.single(name, "the file contains a NUL byte; is it a binary file?", line, col)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        raise InputError.single(
            name, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8", line, col
        ) from None
    bad = _CONTROL.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise InputError.single(
            name, f"control character U+{ord(bad.group()):04X} here; YAML does not allow it - delete it", line, col
        )
    return text


# What the YAML spec does not allow in a stream (tab, line feed and carriage return are fine).
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    last = before.rfind(b"\n")
    col = len(before[last + 1 :].decode("utf-8", errors="replace")) + 1
    return line, col


def load(path: Path, *, partial: bool = False) -> Document:
    return parse(read_text(path), str(path), partial=partial)


def parse(text: str, name: str, *, partial: bool = False) -> Document:
    """Parse YAML text. Problems the reader can read past raise InputError, or with `partial` are kept in
    `Document.problems` (the caller must still refuse the document) so that schema errors join them and every
    error is reported at once. Problems that make the rest unreadable always raise."""
    try:
        if len(text) > _PRECOUNT_ABOVE:
            _precount(text, name)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_issue(exc, name, text)]) from None
    except yaml.YAMLError as exc:
        raise InputError.single(name, f"YAML error: {exc}") from None
    if node is None:
        raise InputError.single(name, "the file is empty")
    doc = Document(name, None, node)
    builder = _Builder(doc)
    doc.data = builder.build(node, None, 0)
    if builder.issues and not partial:
        raise InputError(builder.issues)
    doc.problems, doc.damaged = tuple(builder.issues), tuple(builder.damaged)
    return doc


# Composing builds every node in memory at once; past this size, count events first so a file of millions of
# tiny values is refused in constant memory rather than after it has been built.
_PRECOUNT_ABOVE = 256 * 1024


def _precount(text: str, name: str) -> None:
    count = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.NodeEvent):
            count += 1
            if count > MAX_NODES:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                raise InputError.single(
                    name, f"the document holds more than {MAX_NODES:,} values; normcheck reads smaller files", line, col
                )


def _syntax_issue(exc: yaml.MarkedYAMLError, name: str, text: str) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or "").strip()
    at = text.splitlines()[line - 1][col - 1 : col] if 0 < line <= len(text.splitlines()) else ""
    if at == "\t" or "'\\t'" in problem:
        message = "a tab character here; YAML indentation must use spaces"
    elif "another document" in problem or "expected a single document" in (exc.context or ""):
        message = "the file holds more than one YAML document (a second '---'); keep one per file"
    else:
        context = f" ({exc.context.strip()})" if exc.context else ""
        message = f"YAML syntax error: {problem}{context}"
        if problem.startswith("found unacceptable character") or "special characters" in problem:
            message = f"YAML syntax error: {problem}; remove the control character"
    return Issue(name, line, col, "", message)


# Where a value sits, as (parent trail, key or index) pairs: a fixed-size pair per value is cheaper to make than
# a growing tuple, and is flattened into a path only when there is a problem to report.
Trail = tuple[Any, str | int] | None


def _flatten(trail: Trail) -> Path_:
    parts: list[str | int] = []
    while trail is not None:
        trail, part = trail
        parts.append(part)
    return tuple(reversed(parts))


_STR = f"{_TAG}str"


class _Builder:
    """Turns a composed node tree into plain data, refusing unsafe constructs.

    Most values in normcheck's files are plain strings under plain-string keys, so those take a short path;
    everything else goes through the general checks.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.active: set[int] = set()
        self.issues: list[Issue] = []
        self.damaged: list[Path_] = []

    def problem(self, node: Node, message: str, trail: Trail) -> Issue:
        mark = node.start_mark
        return Issue(self.doc.path, mark.line + 1, mark.column + 1, format_loc(_flatten(trail)), message)

    def fail(self, node: Node, message: str, trail: Trail) -> InputError:
        """A problem that makes the rest of the document meaningless (or dangerous) to read."""
        return InputError([*self.issues, self.problem(node, message, trail)])

    def build(self, node: Node, trail: Trail, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                f"the document expands to more than {MAX_NODES:,} values (an alias bomb?); "
                "remove the repeated aliases",
                trail,
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting deeper than {MAX_DEPTH} levels; flatten the structure", trail)
        if isinstance(node, ScalarNode):
            return self.scalar(node, trail)
        if id(node) in self.active:
            raise self.fail(node, "an alias refers to a node that contains it; remove the circular alias", trail)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                self.check_tag(node, f"{_TAG}seq", trail)
                return [self.build(child, (trail, i), depth + 1) for i, child in enumerate(node.value)]
            if isinstance(node, MappingNode):
                self.check_tag(node, f"{_TAG}map", trail)
                return self.mapping(node, trail, depth)
        finally:
            self.active.discard(id(node))
        raise self.fail(node, "unsupported YAML node", trail)  # pragma: no cover - PyYAML has only three kinds

    def check_tag(self, node: Node, expected: str, trail: Trail) -> None:
        if node.tag != expected:
            self.refuse(node, _tag_message(node.tag), trail)

    def scalar(self, node: ScalarNode, trail: Trail) -> Any:
        if node.tag not in _SCALAR_TAGS:
            return self.refuse(node, _tag_message(node.tag), trail)
        try:
            value = _construct_scalar(node)
        except _UNREADABLE:
            kind = node.tag.removeprefix(_TAG)
            return self.refuse(node, f"{node.value!r} is not a valid {kind}", trail)
        if node.style == '"' and isinstance(value, str) and (found := CONTROL_CHARACTER.search(value)):
            # Only a double-quoted scalar can spell a control character as an escape ("\e", "\x9b"); a raw one
            # is refused before parsing. Checked here, once per quoted value, rather than on every string.
            return self.refuse(node, _control_message(found.group()), trail)
        return value

    def refuse(self, node: Node, message: str, trail: Trail) -> None:
        """Record a value that cannot be read (a scalar becomes None) and mark its place as damaged."""
        self.issues.append(self.problem(node, message, trail))
        self.damaged.append(_flatten(trail))

    def mapping(self, node: MappingNode, trail: Trail, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is ScalarNode and key_node.tag == _STR and key_node.style != '"':
                key = key_node.value  # a plain string key: nothing to construct or check
            elif key_node.tag == f"{_TAG}merge":
                self.issues.append(
                    self.problem(key_node, "merge keys ('<<') are not supported; write the keys out", trail)
                )
                continue
            elif not isinstance(key_node, ScalarNode):
                self.issues.append(
                    self.problem(key_node, "a mapping key must be a plain value, not a list or mapping", trail)
                )
                continue
            else:
                refused = len(self.damaged)
                key = self.scalar(key_node, (trail, "<key>"))
                if len(self.damaged) > refused:
                    self.damaged.append(_flatten((trail, key)))  # the entry, filed under None
            if key in out:
                self.issues.append(self.duplicate(node, key_node, key, (trail, key)))
                continue
            if type(value_node) is ScalarNode and value_node.tag == _STR and value_node.style != '"':
                self.count += 1  # a plain string value: counted like any other, nothing to construct or check
                if self.count > MAX_NODES:
                    self.build(value_node, (trail, key), depth + 1)  # raises, with the message
                out[key] = value_node.value
            else:
                out[key] = self.build(value_node, (trail, key), depth + 1)
        return out

    def duplicate(self, node: MappingNode, key_node: ScalarNode, key: Any, trail: Trail) -> Issue:
        first = next((k for k, _ in node.value if isinstance(k, ScalarNode) and _key_value(k) == key), key_node)
        return self.problem(
            key_node,
            f"duplicate key {key!r} (first at line {first.start_mark.line + 1}); YAML would silently keep only "
            "the last one - merge the two entries",
            trail,
        )


def _key_value(node: ScalarNode) -> Any:
    """The key a scalar node makes, as the builder makes it: to find a key again when locating a problem."""
    if node.tag not in _SCALAR_TAGS:
        return None
    try:
        return _construct_scalar(node)
    except _UNREADABLE:
        return None


# Control characters (tab, line breaks and NEL are fine) garble terminals, break spreadsheets and show as
# empty boxes in reports.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _control_message(char: str) -> str:
    return (
        f"the text contains the control character U+{ord(char):04X} (written as an escape such as \\e or "
        "\\x1b); delete it"
    )


def _tag_message(tag: str) -> str:
    if tag.startswith(f"{_TAG}python/"):
        return f"the tag {tag!r} would run Python code and is refused; normcheck reads plain YAML only"
    return f"the tag {tag!r} is not allowed; normcheck reads plain YAML only (remove the tag)"


def dump(data: Any) -> str:
    """YAML text for data normcheck writes (UTF-8, block style, insertion order kept)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write YAML by hand.
        super().increase_indent(flow, False)
