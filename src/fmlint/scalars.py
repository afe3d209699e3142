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

import difflib
from typing import Any

from .model import Applicability, Edit, Fix

_CONTEXT = (0, 1, 2, 4, 8, 16, 32)


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
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        replacement = escape_for(new[j1:j2], style)
        if replacement is None:
            return None
        located = _locate(source, old, i1, i2)
        if located is None:
            return None
        start, end = located
        edits.append(Edit(base + start, base + end, replacement))
    return tuple(edits)


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
