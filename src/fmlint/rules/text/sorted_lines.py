"""Look a word up in a sorted table of lines, paying for a list only when a run asks often.

The word tables (``english``, ``word_classes``) are sorted text of ~60,000 lines.
Splitting one into a list costs ~8 ms (and ~4 MB) on the first lookup; most runs (one
file from pre-commit) look up a few dozen words.  So the first ``SPLIT_AFTER`` lookups
binary-search the bytes themselves (~13 µs a word, nothing up front); a run that asks
more (hundreds of files) then splits the table once and bisects the list (~2 µs a word).
Lines compare as bytes, which for UTF-8 is the order of the code points the tables
were sorted by.
"""

from __future__ import annotations

import bisect

SPLIT_AFTER = 256  # searches of the bytes before the table is split into a list


class SortedLines:
    """A table of sorted ``\\n``-separated lines, and the line a key starts."""

    def __init__(self, table: bytes) -> None:
        self.table = table
        self.lines: list[bytes] | None = None
        self.searches = 0

    def line_for(self, key: bytes) -> bytes | None:
        """The first line that starts with ``key``."""
        if self.lines is None:
            self.searches += 1
            if self.searches <= SPLIT_AFTER:
                return line_for(self.table, key)
            self.split()
        index = bisect.bisect_left(self.lines, key)
        if index < len(self.lines) and self.lines[index].startswith(key):
            return self.lines[index]
        return None

    def split(self) -> None:
        """Build the list now (a long run, or a benchmark's warm-up)."""
        if self.lines is None:
            lines = self.table.split(b"\n")
            if lines and not lines[-1]:
                lines.pop()  # the text ends with a newline: no empty last line to break the order
            self.lines = lines


def line_for(table: bytes, key: bytes) -> bytes | None:
    """The first line of ``table`` (sorted lines, ``\\n``-separated) that starts with ``key``."""
    low, high = 0, len(table)  # low is always the start of a line
    while low < high:
        middle = (low + high) // 2
        start = table.rfind(b"\n", 0, middle) + 1
        end = table.find(b"\n", start)
        if end < 0:
            end = len(table)
        if table[start:end] < key:
            low = end + 1
        else:
            high = start
    if low < len(table) and table.startswith(key, low):
        end = table.find(b"\n", low)
        return table[low:end if end >= 0 else len(table)]
    return None
