"""Character offsets of fmlint's text to LSP positions and back.

fmlint counts columns in code points; LSP counts them in the encoding the client and
server agreed on (UTF-16 unless both say otherwise), so an emoji is one column to
fmlint and two to VS Code. ``Lines`` converts with the negotiated unit counter.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

_BREAK = re.compile(r"\r\n|\n|\r")  # the same line breaks as reading.document and LSP


def utf16_units(text: str) -> int:
    """LSP's default unit: a code point above U+FFFF is two UTF-16 code units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class Lines:
    """One text's line starts, converting offsets to (line, unit) pairs and back."""

    def __init__(self, text: str, units: Callable[[str], int] = utf16_units):
        self.text = text
        self.units = units
        self.starts = [0] + [match.end() for match in _BREAK.finditer(text)]

    def line_of(self, offset: int) -> int:
        """The 0-based line holding ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    def line_text(self, line: int) -> str:
        """The text of a 0-based line, without its line break."""
        if not 0 <= line < len(self.starts):
            return ""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line]:end].rstrip("\r\n")

    def position(self, offset: int) -> tuple[int, int]:
        """(0-based line, column in client units) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        return line, self.units(self.text[self.starts[line]:offset])

    def offset(self, line: int, character: int) -> int:
        """The character offset of a client position, clamped to its line (as LSP asks)."""
        if line >= len(self.starts):
            return len(self.text)
        line = max(0, line)
        text, counted = self.line_text(line), 0
        for index, char in enumerate(text):
            if counted >= character:
                return self.starts[line] + index
            counted += self.units(char)
        return self.starts[line] + len(text)
