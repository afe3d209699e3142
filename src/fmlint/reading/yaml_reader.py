"""Parse YAML (and JSON) front matter into its view, with a position for every value.

YAML is composed (not constructed) with libyaml through PyYAML's ``CSafeLoader``: we
get nodes with character marks and build the data ourselves, so that

* plain scalars resolve by YAML 1.2 core rules (``yes`` stays a string),
* anything YAML 1.1 would have turned into a timestamp stays as its source text,
* keys are strings, and nothing named by a tag is ever constructed or executed.

The walk also records what the syntax rules need (duplicate keys, aliases, tags,
plain scalars) so no rule walks the tree a second time.  JSON front matter is
composed by the same YAML parser (JSON is a subset); TOML is ``toml_reader``'s.

Limits (``limits.py``, reported as ``limit-exceeded``, never an exception): front
matter over ``MAX_CHARS`` characters is not parsed; nesting deeper than ``MAX_DEPTH``
or more than ``MAX_NODES`` values stops the check.  Aliases are reported and never
expanded into copies: an alias of a collection is null in the data, and aliases of
scalars may repeat at most ``MAX_ALIAS_CHARS`` characters in all (every rule scans
every string), so an alias bomb ("billion laughs") costs one node per alias.

A syntax error is a ``syntax-error`` finding at its line and column, in words (a
character YAML forbids is named, not given as libyaml's byte offset).  A redefined
anchor is valid YAML 1.2 that libyaml's composer refuses: ``_compose`` retries it.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from fmlint.model import Problem, Span
from fmlint.reading.document import Document, cp1252
from fmlint.reading.limits import (MAX_ALIAS_CHARS, MAX_DEPTH, MAX_INT_DIGITS, MAX_NODES, TOO_DEEP, TOO_LONG_INT, TOO_MANY,
                                   error_index, scan_limits)
from fmlint.reading.view import FrontMatter, escape_token

PLAIN = "fmlint:plain"  # tag given to untagged plain scalars, resolved by ``resolve_plain``
STR_TAG = "tag:yaml.org,2002:str"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
# The first characters a null, an int or a float can start with ("" is null too).
_SPECIAL_FIRST = frozenset(("", "~", "n", "N", "+", "-", ".", *"0123456789"))
_TAGGED_TYPES = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}
_KNOWN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "timestamp", "binary", "map", "seq", "omap", "set", "merge", "value")}


class _Loader(yaml.CSafeLoader):
    """libyaml composer that leaves plain scalars unresolved, for our own 1.2 rules."""

    # libyaml's composer calls these two around every node; they only serve path resolvers,
    # which we never add, and PyYAML's versions return at once.  Built-ins that accept the
    # same arguments and do nothing save two Python calls per node (issue 14).
    descend_resolver = operator.is_  # (parent, index) -> ignored
    ascend_resolver = tuple  # () -> ignored

    def resolve(self, kind, value, implicit):  # noqa: D102 - PyYAML hook
        if kind is ScalarNode:
            return PLAIN if implicit[0] else STR_TAG
        return yaml.CSafeLoader.resolve(self, kind, value, implicit)


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under the YAML 1.2 core schema."""
    if text[:1] not in _SPECIAL_FIRST:  # most plain scalars are words: no pattern can match (issue 14)
        return _BOOL.get(text, text)
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text)
    if _FLOAT.match(text):
        lowered = text.lower()
        if lowered.endswith("inf") or lowered.endswith("nan"):
            return None  # not representable in JSON; the schema sees null
        return float(text)
    return text


def parse_yaml(doc: Document) -> FrontMatter:
    text = doc.front_matter_text
    fm = FrontMatter(offset=doc.body.start, text=text)
    over = scan_limits(text)
    if over is not None:
        message, index = over
        doc.add("limit-exceeded", Problem(message, span=Span(fm.offset + index, fm.offset + index)))
        return fm
    try:
        root = _compose(text)
    except _Limit as limit:
        doc.add("limit-exceeded", Problem(str(limit), span=fm.node_span(limit.node)))
        return fm
    except yaml.reader.ReaderError as error:
        _report_reader_error(doc, fm, error)
        return fm
    except yaml.MarkedYAMLError as error:
        _report_yaml_error(doc, fm, error)
        return fm
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        doc.add("syntax-error", Problem(f"YAML error: {error}", span=doc.open_fence))
        return fm
    _Walker(doc, fm).run(root)
    return fm


def _compose(text: str) -> Any:
    """The node tree, from libyaml's composer, or from ours when libyaml's refuses a redefined anchor.

    YAML 1.2 lets an anchor be defined again (later aliases mean the latest node), but
    libyaml's composer raises "found duplicate anchor".  A composer error in a text with
    an anchor is retried once with ``_AnchorLoader``; other errors come out of it again.
    """
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.composer.ComposerError:
        if "&" not in text:
            raise
    return yaml.compose(text, Loader=_AnchorLoader)


class _AnchorLoader(Composer, _Loader):
    """libyaml's events through PyYAML's composer, which we let redefine anchors.

    It recurses in Python, so it stops past ``MAX_DEPTH`` (as the walker counts) long
    before Python's recursion limit, whether or not the limit scan ran.
    """

    def __init__(self, stream: str):
        _Loader.__init__(self, stream)
        Composer.__init__(self)
        self.depth = 0

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        event = self.peek_event()
        if self.depth > MAX_DEPTH:
            raise _Limit(TOO_DEEP, event)
        if not isinstance(event, yaml.AliasEvent):
            self.anchors.pop(getattr(event, "anchor", None), None)  # redefined: later aliases mean the new node
        self.depth += 1
        try:
            return Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1


def _report_reader_error(doc: Document, fm: FrontMatter, error: yaml.reader.ReaderError) -> None:
    """A character YAML does not allow, named, at its own line and column.

    The reader itself only says "control characters are not allowed" at a byte offset.
    """
    index = error_index(fm.text, error)
    if index is None:
        doc.add("syntax-error", Problem(f"YAML error: {error}", span=doc.open_fence))
        return
    char = fm.text[index]
    code, meant = ord(char), cp1252(char) if "\x80" <= char <= "\x9f" else None
    what = "control character" if unicodedata.category(char) == "Cc" else "character"
    escape = f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}"
    doc.add("syntax-error", Problem(
        f"YAML syntax error: {what} U+{code:04X} is not allowed in YAML; replace it"
        + (f' (Windows-1252 reads it as "{meant}")' if meant else "")
        + f' or write it as "{escape}" inside double quotes', span=Span(fm.offset + index, fm.offset + index + 1)))


def _report_yaml_error(doc: Document, fm: FrontMatter, error: yaml.MarkedYAMLError) -> None:
    """A syntax error at the offending line, with a hint for the usual causes."""
    index = error_index(fm.text, error)
    offset = fm.offset + (index if index is not None else 0)
    line_text = doc.line_text(doc.position(offset)[0])
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip(" \t"))]:
        return  # the tab rule reports this line; one diagnostic per problem
    problem = error.problem or str(error)
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = " (a value that contains ': ' must be quoted)"
    elif "found character that cannot start any token" in problem and line_text.lstrip()[:1] in "@`%":
        hint = " (a value starting with '@', '`' or '%' must be quoted)"
    doc.add("syntax-error", Problem(f"YAML syntax error: {problem}{hint}", span=Span(offset, offset)))


class _Walker:
    """Builds the JSON view and the pointer index in one pass over the node tree."""

    def __init__(self, doc: Document, fm: FrontMatter):
        self.doc, self.fm = doc, fm
        self.seen: dict[int, str] = {}  # id(node) -> pointer: libyaml gives an alias its anchor's node
        self.anchored = "&" in fm.text  # without an anchor there is no alias: scalars need no bookkeeping
        self.count = 0
        self.alias_chars = 0

    def run(self, root: Any) -> None:
        fm = self.fm
        if root is None:
            fm.data, fm.ok = {}, True
            return
        fm.keyed, fm.mappings = [], []
        try:
            fm.data = self.value(root, "", None, 0)
        except _Limit as limit:
            self.doc.add("limit-exceeded", Problem(str(limit), span=fm.node_span(limit.node or root)))
            return
        fm.ok = True
        if not isinstance(fm.data, dict):
            self.doc.add("not-a-mapping", Problem(
                f"front matter must be a mapping of keys to values, not {_kind(fm.data)}", span=fm.node_span(root)))

    def value(self, node: Any, pointer: str, key_node: Any, depth: int) -> Any:
        self.count += 1
        if depth > MAX_DEPTH:
            raise _Limit(TOO_DEEP, node)
        if self.count > MAX_NODES:
            raise _Limit(TOO_MANY, node)
        self.fm.nodes[pointer] = (key_node, node)
        if isinstance(node, ScalarNode) and not self.anchored:
            return self.scalar(node, pointer, key_node)
        if id(node) in self.seen:
            self.alias(node, pointer, key_node)
            return self.repeated_scalar(node) if isinstance(node, ScalarNode) else None
        self.seen[id(node)] = pointer
        if isinstance(node, ScalarNode):
            return self.scalar(node, pointer, key_node)
        if node.tag not in _KNOWN_TAGS:
            self.tagged(node, pointer)
        if isinstance(node, SequenceNode):
            return [self.value(item, f"{pointer}/{i}", None, depth + 1) for i, item in enumerate(node.value)]
        return self.mapping(node, pointer, depth)

    def mapping(self, node: MappingNode, pointer: str, depth: int) -> dict:
        result: dict[str, Any] = {}
        self.fm.mappings.append((pointer, result))
        keyed = self.fm.keyed
        first_key: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            child = f"{pointer}/{key}" if "~" not in key and "/" not in key else f"{pointer}/{escape_token(key)}"
            if key in first_key:
                self.duplicate(key, first_key[key], key_node)
                continue  # the first occurrence keeps its value and position
            first_key[key] = key_node
            value = result[key] = self.value(value_node, child, key_node, depth + 1)
            if not isinstance(value, (dict, list)):
                keyed.append((child, key, value))
        return result

    def key(self, key_node: Any) -> str:
        if key_node.tag != PLAIN and key_node.tag not in _KNOWN_TAGS:
            self.tagged(key_node, None)  # a tagged key is not constructed either, and reported as such
        if isinstance(key_node, ScalarNode):
            if key_node.tag == PLAIN:
                self.fm.plain.append(("", key_node, True))
            return key_node.value
        self.doc.add("complex-key", Problem("a key must be a plain string, not a list or mapping",
                                            span=self.fm.node_span(key_node)))
        return self.doc.text[self.fm.node_span(key_node).start: self.fm.node_span(key_node).end]

    def scalar(self, node: ScalarNode, pointer: str, key_node: Any) -> Any:
        tag = node.tag
        if len(node.value) > MAX_INT_DIGITS and tag != STR_TAG and _INT.match(node.value.strip()):
            raise _Limit(TOO_LONG_INT, node)  # int() would refuse it (and take quadratic time)
        if tag == PLAIN:
            self.fm.plain.append((pointer, node, False))
            value = resolve_plain(node.value)
        elif tag == STR_TAG:
            value = node.value
        else:
            if tag not in _KNOWN_TAGS:
                self.tagged(node, pointer)
            value = scalar_value(node)
        if isinstance(value, str):
            self.fm.strings.append((pointer, value, node))
        return value

    def repeated_scalar(self, node: ScalarNode) -> Any:
        """An alias of a scalar: its value, counted against the expansion budget.

        It is not added to ``strings`` or ``plain``: rules check (and fix) the anchored
        scalar once, where it is written.
        """
        self.alias_chars += len(node.value)
        if len(node.value) > MAX_INT_DIGITS and node.tag != STR_TAG and _INT.match(node.value.strip()):
            raise _Limit(TOO_LONG_INT, node)
        if self.alias_chars > MAX_ALIAS_CHARS:
            raise _Limit(f"aliases repeat more than {MAX_ALIAS_CHARS:,} characters; not checked", node)
        return scalar_value(node)

    def tagged(self, node: Any, pointer: str | None) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
        self.doc.add("unsafe-tag", Problem(
            f"tag {tag} is not allowed in front matter; it is never constructed, and its value is read as plain data",
            span=self.fm.node_span(node), pointer=pointer))

    def alias(self, node: Any, pointer: str, key_node: Any) -> None:
        anchor_pointer = self.seen[id(node)]
        start = self.fm.node_span(key_node).end if key_node is not None else self.fm.node_span(node).start
        star = self.doc.text.find("*", start)
        where = Span(star, star + 1) if star >= 0 else self.fm.node_span(node)
        self.doc.add("alias", Problem(
            f"alias repeats the value at {anchor_pointer or '/'}; aliases and anchors are not portable across "
            "front-matter tools", span=where, pointer=pointer))

    def duplicate(self, key: str, first: Any, again: Any) -> None:
        first_line = self.doc.position(self.fm.node_span(first).start)[0]
        again_line = self.doc.position(self.fm.node_span(again).start)[0]
        self.doc.add("duplicate-key", Problem(
            f'duplicate key "{key}" (first defined on line {first_line}; tools disagree on which value wins)',
            span=self.fm.node_span(again)))
        self.doc.add("duplicate-key", Problem(
            f'duplicate key "{key}" (defined again on line {again_line})', span=self.fm.node_span(first)))


def scalar_value(node: ScalarNode) -> Any:
    """A scalar's JSON value: plain ones by the 1.2 core rules, explicit standard tags kept, others as text."""
    tag = node.tag
    if tag == PLAIN:
        return resolve_plain(node.value)
    expected = _TAGGED_TYPES.get(tag.rsplit(":", 1)[-1]) if tag in _KNOWN_TAGS else None
    if expected is not None:
        value = resolve_plain(node.value)
        if isinstance(value, expected) and not (expected is int and isinstance(value, bool)):
            return value
    return node.value


class _Limit(Exception):
    """A size or depth limit was reached while walking the front matter (at ``node``)."""

    def __init__(self, message: str, node: Any = None):
        super().__init__(message)
        self.node = node


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    for types, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "a string"), (list, "a list")):
        if isinstance(value, types):
            return name
    return "a mapping"
