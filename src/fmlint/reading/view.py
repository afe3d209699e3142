"""The parsed front matter: its JSON view, and where in the file each value came from.

Every reader (YAML, JSON through the YAML composer, TOML) fills one ``FrontMatter``;
rules and fixes only ever see this view, never the parser behind it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from fmlint.model import Span, pointers


@dataclass
class FrontMatter:
    """The parsed front matter: its JSON view and where each value came from."""

    data: Any = None
    # pointer -> (key node or None, value node); marks are relative to ``offset``
    nodes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    offset: int = 0  # file offset of the text the marks count from
    text: str = ""  # the front-matter text the marks index into
    plain: list[tuple[str, Any, bool]] = field(default_factory=list)  # (pointer, node, is_key)
    strings: list[tuple[str, str, Any]] = field(default_factory=list)  # (pointer, value, node) of each string
    # The index the value rules read instead of walking ``data`` again (issue 14), in document
    # order; None when the reader kept none (TOML): ``rules.values`` then walks ``data``.
    keyed: list[tuple[str, str, Any]] | None = None  # (pointer, key, value): each non-collection value of a key
    mappings: list[tuple[str, dict]] | None = None  # (pointer, mapping) of every mapping, parents first
    ok: bool = False  # False when the front matter could not be parsed
    _leaf_index: Any = field(default=None, repr=False, compare=False)  # built by ``pointer_at`` when needed

    def span(self, pointer: str, at_key: bool = False) -> Span | None:
        """The file span of the value (or its key) at ``pointer``, if it exists."""
        entry = self.nodes.get(pointer)
        if entry is None or (pointer == "" and at_key):
            return None  # the top-level mapping's "key" is the opening fence
        node = entry[0] if at_key and entry[0] is not None else entry[1]
        return Span(self.offset + node.start_mark.index, self.offset + node.end_mark.index)

    def node_span(self, node: Any) -> Span:
        return Span(self.offset + node.start_mark.index, self.offset + node.end_mark.index)

    def pointer_at(self, span: Span) -> str | None:
        """The pointer of the innermost key or scalar whose text holds ``span`` (a problem a text
        rule found by offset), or None: the problem is in the body, a comment or between nodes.

        Keys and scalars never overlap, so the one whose start is the last at or before the
        span's is the only candidate.  The index is built on the first call, once per file.
        """
        if self._leaf_index is None:
            self._leaf_index = _leaf_index(self)
        starts, ends, owners = self._leaf_index
        at = bisect.bisect_right(starts, span.start - self.offset) - 1
        if at < 0 or ends[at] < span.end - self.offset:
            return None
        return owners[at]


def _leaf_index(fm: FrontMatter) -> tuple[list[int], list[int], list[str]]:
    """(starts, ends, pointers) of every key and scalar node, sorted by start.  A mapping or
    sequence (its ``value`` is a list) is left out: it holds the leaves.  A node seen under
    several pointers (a YAML alias) keeps the first, where it is written."""
    leaves: dict[int, tuple[int, int, str]] = {}
    for pointer, (key_node, value_node) in fm.nodes.items():
        for node in (key_node, value_node):
            if node is not None and pointer and not isinstance(getattr(node, "value", None), list):
                leaves.setdefault(node.start_mark.index, (node.start_mark.index, node.end_mark.index, pointer))
    ordered = sorted(leaves.values())  # nodes come in reading order: nearly sorted already
    return [each[0] for each in ordered], [each[1] for each in ordered], [each[2] for each in ordered]


escape_token = pointers.escape
