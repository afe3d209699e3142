"""Look a word up in a sorted table of lines without splitting it into a list.

The word tables (``english``, ``word_classes``) are sorted text of ~60,000 lines.
Splitting one into a list took ~8 ms and decoding it ~2 ms, on every process that
looks one word up; a binary search over the bytes themselves costs ~20 steps a word
and nothing up front.  Lines compare as bytes, which for UTF-8 is the order of the
code points the tables were sorted by.
"""

from __future__ import annotations


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
