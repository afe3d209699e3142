"""Where the cursor is in YAML front matter, from indentation alone.

Completion runs while the writer types, when the front matter often does not parse
(``ti`` alone on a line is not YAML), so the parsed view cannot say where the cursor
is. Block YAML says it by indentation: a key's parent is the nearest line above with
something (a key, or a ``-`` item) further left. ``pointer_at`` walks up that way and
counts ``-`` items for list indexes; flow collections and multi-line scalars are not
followed (completion there offers the enclosing mapping's keys at worst).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fmlint.model import pointers

_KEY = re.compile(r"""(?:"([^"\\]*)"|'([^']*)'|([^\s#'"{}\[\],&*!|>%@`][^#]*?))[ \t]*:(?=[ \t]|$)""")
_ITEM = re.compile(r"-(?:[ \t]+|$)")


@dataclass(frozen=True)
class Element:
    """Something on a line that opens a level: a ``-`` item or a ``key:``."""

    column: int
    key: str | None  # None for a ``-`` item
    end: int = 0  # for a key, the column after its name (where ``:`` or the quote ends)


def elements(text: str, stop: int | None = None) -> list[Element]:
    """The ``-`` items and the ``key:`` that start ``text`` (only those before ``stop``)."""
    found: list[Element] = []
    position = len(text) - len(text.lstrip(" "))
    if text[position:position + 1] == "#":
        return []
    while (match := _ITEM.match(text, position)) is not None:
        found.append(Element(position, None))
        position = match.end()
    key = _KEY.match(text, position)
    if key is not None:
        name = next(group for group in key.groups() if group is not None)
        found.append(Element(position, name, key.start() + len(key.group(0).rstrip(" \t:"))))
    return [each for each in found if stop is None or each.column < stop]


class Place:
    """The lines of a front matter's body, and the pointer of a column on one of them."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self._parsed: dict[int, list[Element]] = {}

    def on(self, row: int) -> list[Element]:
        if row not in self._parsed:
            self._parsed[row] = elements(self.lines[row])
        return self._parsed[row]

    def tokens_at(self, row: int, column: int) -> list[str]:
        """The path (outermost first) of the mapping or list a key at ``column`` of ``row`` belongs to."""
        found: list[str] = []
        while row >= 0:
            parent = next((each for each in reversed(self.on(row)) if each.column < column), None)
            if parent is None:
                row -= 1
                continue
            found.append(parent.key if parent.key is not None else str(self._item_index(row, parent.column)))
            column = parent.column
        return found[::-1]

    def pointer_at(self, row: int, column: int) -> str:
        return "".join(f"/{pointers.escape(token)}" for token in self.tokens_at(row, column))

    def _item_index(self, row: int, column: int) -> int:
        """Which item of its list the ``-`` at ``column`` of ``row`` is (0 for the first)."""
        index = 0
        for above in range(row - 1, -1, -1):
            line = self.on(above)
            if any(each.column == column and each.key is None for each in line):
                index += 1
            if any(each.column < column for each in line):
                break
        return index

    def sibling_keys(self, row: int, column: int) -> set[str]:
        """The keys already written in the mapping that a key at ``column`` of ``row`` joins."""
        keys: set[str] = set()
        for step in (-1, 1):
            current = row + step if step == 1 else row
            while 0 <= current < len(self.lines):
                line = self.on(current)
                if current != row:
                    keys.update(each.key for each in line if each.column == column and each.key is not None)
                if any(each.column < column for each in line):
                    break
                current += step
        return keys
