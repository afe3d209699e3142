"""Edits that change a string value in place, in the scalar's own style.

A rule that repairs text (mojibake, an entity, an apostrophe) knows the old and new
*value*; the file holds the value's *source*, which may be quoted, escaped, folded
over lines, or a block scalar.  ``string_fix`` diffs the two values and, for each
changed piece, finds that piece with a little unchanged context around it in the
source, so the edit touches only the characters that change.  New characters are
escaped for the scalar's style.  When a piece cannot be found verbatim (it spans an
escape or a line fold), a single-line quoted or plain scalar is re-emitted whole, in
double quotes; otherwise no fix is offered.  The fixer re-parses after every fix
and checks the value came out as expected (``Fix.values``), so a wrong guess here
is reverted, never written.
"""

from __future__ import annotations

import os
from typing import Any

from fmlint.model import Applicability, Edit, Fix

_CONTEXT = (0, 1, 2, 4, 8, 16, 32)
_WINDOW, _ANCHOR = 64, 8


def string_fix(fm: Any, pointer: str, node: Any, old: str, new: str, applicability: Applicability = "safe",
               description: str = "") -> Fix | None:
    """A fix turning the string at ``pointer`` (whose node is ``node``) from ``old`` into ``new``."""
    if old == new:
        return None
    style = getattr(node, "style", "toml")
    if style == "toml":
        return None
    span = fm.node_span(node)
    source = fm_source(fm, node)
    edits = _local_edits(source, span.start, old, new, style)
    if edits is None:
        if style not in ("", "'", '"') or "\n" in source:
            return None
        edits = (Edit(span.start, span.end, double_quoted(new)),)
    return Fix(edits, applicability, description, values=((pointer, new),))


def fm_source(fm: Any, node: Any) -> str:
    span = fm.node_span(node)
    return fm.text[span.start - fm.offset: span.end - fm.offset]


def _local_edits(source: str, base: int, old: str, new: str, style: str) -> tuple[Edit, ...] | None:
    # Diff only the span between the common prefix and suffix: repairs are local, and
    # SequenceMatcher is quadratic on long prose.
    edits = []
    for i1, i2, j1, j2 in changed_ranges(old, new):
        replacement = escape_for(new[j1:j2], style)
        if replacement is None:
            return None
        located = _locate(source, old, i1, i2)
        if located is None:
            return None
        start, end = located
        edits.append(Edit(base + start, base + end, replacement))
    return tuple(edits)


def changed_ranges(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """``(i1, i2, j1, j2)`` for each changed piece: ``old[i1:i2]`` became ``new[j1:j2]``.

    Short texts are diffed with SequenceMatcher.  Long ones (SequenceMatcher is
    quadratic) are walked: skip the common run, then find the nearest point where the
    two texts agree again for ``_ANCHOR`` characters within ``_WINDOW`` — repairs are
    small and local, so this is linear in practice.
    """
    if len(old) + len(new) <= 400:
        import difflib  # only a fix's text diff needs it, not every run

        ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
    suffix = len(os.path.commonprefix([old[::-1], new[::-1]]))
    suffix = min(suffix, len(old), len(new))
    end_a, end_b = len(old) - suffix, len(new) - suffix
    ranges, i, j = [], 0, 0
    while True:
        same = len(os.path.commonprefix([old[i:end_a], new[j:end_b]]))
        i, j = i + same, j + same
        if i >= end_a and j >= end_b:
            return ranges
        step = _resync(old, new, i, j, end_a, end_b)
        if step is None:
            return ranges + [(i, end_a, j, end_b)]
        ranges.append((i, i + step[0], j, j + step[1]))
        i, j = i + step[0], j + step[1]


def _resync(old: str, new: str, i: int, j: int, end_a: int, end_b: int) -> tuple[int, int] | None:
    """The smallest (skip in old, skip in new) after which both texts agree again."""
    for total in range(1, 2 * _WINDOW + 1):
        for di in range(max(0, total - _WINDOW), min(total, _WINDOW) + 1):
            a, b = i + di, j + total - di
            if a > end_a or b > end_b:
                continue
            if a == end_a and b == end_b:
                return di, total - di
            if a + _ANCHOR <= end_a and b + _ANCHOR <= end_b and old[a:a + _ANCHOR] == new[b:b + _ANCHOR]:
                return di, total - di
    return None


def _locate(source: str, old: str, i1: int, i2: int) -> tuple[int, int] | None:
    """Where ``old[i1:i2]`` stands in ``source``: grow context until the match is unique."""
    for k in _CONTEXT:
        before, after = old[max(0, i1 - k): i1], old[i2: i2 + k]
        needle = before + old[i1:i2] + after
        if not needle:
            continue
        first = source.find(needle)
        if first < 0:
            return None  # context crosses an escape or a fold: not verbatim
        if source.find(needle, first + 1) < 0:
            return first + len(before), first + len(before) + (i2 - i1)
        if i1 - k <= 0 and i2 + k >= len(old):
            return None
    return None


def escape_for(text: str, style: str) -> str | None:
    """``text`` as it must be written inside a scalar of ``style``, or None if it cannot be."""
    if any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in text):
        return None if style in ("", "'", "|", ">") else _escape_double(text)
    if style == '"':
        return _escape_double(text)
    if style == "'":
        return text.replace("'", "''")
    if style in ("|", ">"):
        return text if "\n" not in text else None
    if style == "" and (": " in text or " #" in text or text.startswith(("'", '"', "#"))):
        return None  # would change how the plain scalar parses
    return text


def _escape_double(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF):
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def double_quoted(value: str) -> str:
    return '"' + _escape_double(value) + '"'


def value_fix(fm, pointer: str, new: str, description: str) -> Fix | None:
    """An unsafe fix replacing a whole scalar with ``new``, in the scalar's own quotes.

    ``new`` is ISO text (digits, ``-:.+TZPHMS``), which needs no escaping in any style and
    stays a string as a plain YAML 1.2 scalar.  Block scalars and values over several
    lines get no fix.
    """
    entry = fm.nodes.get(pointer)
    if entry is None:
        return None
    node = entry[1]
    source, style = fm_source(fm, node), getattr(node, "style", None)
    if "\n" in source or style not in ("", "'", '"', "toml"):
        return None
    quote = "" if style == "" else style
    if style == "toml":
        quote = source[:1]
        if quote not in ("'", '"') or len(source) < 2 or source.count(quote) != 2 or source[-1] != quote:
            return None
    span = fm.node_span(node)
    return Fix((Edit(span.start, span.end, f"{quote}{new}{quote}"),), "unsafe", description, values=((pointer, new),))


# -- mapping a value back to its source: escapes, doubled quotes and line folds undone --

def locate(source: str, value: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``value[start:end]`` stands verbatim in ``source`` (a block scalar's text), or None.

    The piece is searched with growing context until it is unique.
    """
    for k in (0, 2, 4, 8, 16, 32, 64):
        a, b = max(0, start - k), min(len(value), end + k)
        needle = value[a:b]
        if not needle:
            continue
        first = source.find(needle)
        if first < 0:
            return None
        if source.find(needle, first + 1) < 0:
            return first + start - a, first + end - a
        if a == 0 and b == len(value):
            return None
    return None


_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}


def source_offsets(source: str, style: str) -> tuple[str, list[int]] | None:
    """A flow scalar's value and, for each of its characters (and its end), the offset in
    ``source`` where it is written: escapes, ``''`` and line folding are undone."""
    if style not in ("", "'", '"'):
        return None
    quoted = 1 if style else 0
    i, end = quoted, len(source) - quoted
    inner = source[i:end]
    if end >= i and "\n" not in inner and "\r" not in inner and (style != '"' or "\\" not in inner) \
            and (style != "'" or "'" not in inner):
        return inner, list(range(i, end + 1))  # written verbatim (no escape, fold or ''): what the loop gives
    return _mapped(source, style, i, end)


def _mapped(source: str, style: str, i: int, end: int) -> tuple[str, list[int]]:
    """``source_offsets`` character by character (a Python loop: only for a scalar that needs it)."""
    chars: list[tuple[str, int, bool]] = []  # (character, source offset, escaped)
    while i < end:
        char = source[i]
        if style == '"' and char == "\\" and i + 1 < end:
            i = _escape(source, i, end, chars)
        elif style == "'" and char == "'" and source[i + 1:i + 2] == "'":
            chars.append(("'", i, False))
            i += 2
        elif char in "\r\n":
            i = _fold(source, i, end, chars)
        else:
            chars.append((char, i, False))
            i += 1
    return "".join(c for c, _, _ in chars), [p for _, p, _ in chars] + [end]


def _escape(source: str, i: int, end: int, chars: list) -> int:
    code = source[i + 1]
    if code in "\r\n":  # an escaped line break joins the lines
        i += 1
        while i < end and source[i] in " \t\r\n":
            i += 1
        return i
    if code in _HEX_DIGITS:
        width = _HEX_DIGITS[code]
        chars.append((chr(int(source[i + 2:i + 2 + width], 16)), i, True))
        return i + 2 + width
    chars.append((_ESCAPES.get(code, code), i, True))
    return i + 2


def _fold(source: str, i: int, end: int, chars: list) -> int:
    while chars and chars[-1][0] in " \t" and not chars[-1][2]:
        chars.pop()  # trailing blanks before a line break are not content
    breaks, start = 0, i
    while i < end and source[i] in " \t\r\n":
        if source[i] == "\n" or source[i] == "\r" and source[i + 1:i + 2] != "\n":
            breaks += 1
        i += 1
    chars.extend([(" ", start, False)] if breaks == 1 else [("\n", start, False)] * (breaks - 1))
    return i
