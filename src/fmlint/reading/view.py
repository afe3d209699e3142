"""The parsed front matter: its JSON view, and where in the file each value came from.

Every reader (YAML, JSON through the YAML composer, TOML) fills one ``FrontMatter``;
rules and fixes only ever see this view, never the parser behind it.
"""

from __future__ import annotations

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
    ok: bool = False  # False when the front matter could not be parsed

    def span(self, pointer: str, at_key: bool = False) -> Span | None:
        """The file span of the value (or its key) at ``pointer``, if it exists."""
        entry = self.nodes.get(pointer)
        if entry is None or (pointer == "" and at_key):
            return None  # the top-level mapping's "key" is the opening fence
        node = entry[0] if at_key and entry[0] is not None else entry[1]
        return Span(self.offset + node.start_mark.index, self.offset + node.end_mark.index)

    def node_span(self, node: Any) -> Span:
        return Span(self.offset + node.start_mark.index, self.offset + node.end_mark.index)


escape_token = pointers.escape
