"""Where each character of a block scalar's value (``|`` or ``>``) is written in its source.

A word that occurs twice in a literal block used to be located by searching for it with
growing context; a repeated word, or context that crossed a line (whose indentation is
not in the value), found nothing, and both were reported at the ``|`` with zero width.
Here the value is walked against the source once, in linear time: indentation is
skipped at each line start and a folded line break (`` `` or ``\\n`` in the value of a
``>`` block) maps to the break it came from.
"""

from __future__ import annotations

_HEADER_END = "\n"


def block_offsets(source: str, value: str) -> list[int] | None:
    """For each character of ``value`` (and its end) its offset in ``source``; None when the
    source is not a block scalar we can align (explicit indentation, tabs, a mismatch)."""
    if not source[:1] in ("|", ">") or _HEADER_END not in source:
        return None
    header_end = source.index(_HEADER_END) + 1
    if any(char.isdigit() for char in source[:header_end].split("#", 1)[0]):
        return None  # an explicit indentation indicator: relative to a parent we do not see here
    indent = _indentation(source, header_end)
    if indent is None:
        return [] if value == "" else None
    folded = source[0] == ">"
    offsets, pos = [], _skip_indent(source, header_end, indent)
    for char in value:
        at_break = pos < len(source) and source[pos] in "\r\n"
        if char in " \n" and at_break:
            offsets.append(pos)  # a line break (folded: the value's space or newline stands for it)
            pos = _after_break(source, pos, indent)
            if folded and char == "\n" and pos < len(source) and source[pos] in "\r\n":
                pos = _after_break(source, pos, indent)  # "\n" in a folded value: a blank line
        elif pos < len(source) and source[pos] == char:
            offsets.append(pos)
            pos += 1
        else:
            return None
    return offsets + [min(pos, len(source))]


def _indentation(source: str, start: int) -> int | None:
    """The first non-blank line's indentation (YAML's own rule for a block without indicator)."""
    for line in source[start:].splitlines():
        if line.strip():
            stripped = line.lstrip(" ")
            return len(line) - len(stripped)
    return None


def _skip_indent(source: str, pos: int, indent: int) -> int:
    limit = min(len(source), pos + indent)
    while pos < limit and source[pos] == " ":
        pos += 1
    return pos


def _after_break(source: str, pos: int, indent: int) -> int:
    pos += 2 if source.startswith("\r\n", pos) else 1
    return _skip_indent(source, pos, indent)
