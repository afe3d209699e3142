"""How the encoding-glitch rules' repairs become positions and fixes.

Repairs are ``(start, end, new)`` ranges of a value (a ``glitch_view.Text``); they become
edits at the exact characters of the scalar's source where the source maps one-to-one,
else ``scalars.string_fix``.
"""

from __future__ import annotations

import os

from fmlint.model import Edit, Fix, Span
from fmlint.reading.scalars import escape_for, locate, string_fix
from fmlint.rules.text import glitch_tables as g
from fmlint.rules.text.glitch_view import Text


def span_of(ctx, text: Text | None, start: int, end: int) -> Span:
    """The file span of ``value[start:end]``: exact for the body and for verbatim scalars."""
    if text is None or text.pointer is None:
        base = 0 if text is None else text.base
        return Span(base + start, base + end)
    node_span = ctx.fm.node_span(text.node)
    if text.offsets is not None:
        return Span(node_span.start + text.offsets[start], node_span.start + text.offsets[end])
    found = locate(text.source, text.value, start, end)
    if found is None:
        return Span(node_span.start, node_span.start)
    return Span(node_span.start + found[0], node_span.start + found[1])


def grouped_fixes(ctx, text: Text, repairs, description: str) -> dict:
    """{applicability: Fix} for ``repairs`` (start, end, new, applicability or None).

    The safe fix repairs every safe item of the value, the unsafe one every item, so
    applying the fix of any problem leaves none of that rule's problems in the value
    (and two problems' identical fixes overlap, so the fixer applies one).
    """
    kinds = {item[3] for item in repairs}
    if text.pointer is None:
        return {}
    fixes = {}
    if "safe" in kinds:
        safe = [item[:3] for item in repairs if item[3] == "safe"]
        fixes["safe"] = _string_fix(ctx, text, safe, "safe", description)
    if "unsafe" in kinds:
        every = [item[:3] for item in repairs if item[3] is not None]
        fixes["unsafe"] = _string_fix(ctx, text, every, "unsafe", description)
    return fixes


def _string_fix(ctx, text: Text, repairs, applicability: str, description: str) -> Fix | None:
    """The fix applying ``repairs`` to the value: exact edits where the repaired pieces are
    written verbatim in the scalar, else ``scalars.string_fix`` (for values it can diff fast)."""
    if not repairs or text.pointer is None or getattr(text.node, "style", "toml") == "toml":
        return None
    new, last = [], 0
    for start, end, replacement in sorted(repairs):
        new += [text.value[last:start], replacement]
        last = end
    new.append(text.value[last:])
    new_value = "".join(new)
    edits = _exact_edits(ctx, text, sorted(repairs))
    if edits is not None:
        return Fix(edits, applicability, description, values=((text.pointer, new_value),))
    if len(text.value) > g.MAX_FIX_LENGTH:
        return None
    return string_fix(ctx.fm, text.pointer, text.node, text.value, new_value, applicability, description)


def _exact_edits(ctx, text: Text, repairs) -> tuple[Edit, ...] | None:
    """One edit per repair, at its exact place, escaped for the scalar's style; None when a
    repaired piece is not written verbatim (an escape, a fold) or cannot be written there.

    This is ``string_fix``'s minimal edit without its diff, which grows with the square of
    the value's length: here the rule already knows what changes where.
    """
    style = getattr(text.node, "style", "")
    base = ctx.fm.node_span(text.node).start
    edits = []
    for start, end, replacement in repairs:
        start, end, replacement = _trimmed(text.value[start:end], start, end, replacement, style)
        if text.offsets is not None:
            local = (text.offsets[start], text.offsets[end])
        else:
            local = locate(text.source, text.value, start, end)
        if local is None or text.source[local[0]:local[1]] != text.value[start:end]:
            return None  # not written verbatim (an escape, a fold)
        if start == end and text.source[local[0]:local[0] + 1] != text.value[start:start + 1]:
            return None  # an insertion must go before a character written as itself
        content = escape_for(replacement, style)
        if content is None or style == "" and _breaks_plain(text.source, local, content):
            return None
        edits.append(Edit(base + local[0], base + local[1], content))
    return tuple(edits)


def _trimmed(old: str, start: int, end: int, new: str, style: str) -> tuple[int, int, str]:
    """The repair narrowed to the characters that change (keeping one before a quote that
    would otherwise start a plain-scalar edit)."""
    head = len(os.path.commonprefix([old, new]))
    tail = len(os.path.commonprefix([old[head:][::-1], new[head:][::-1]]))
    if style == "" and head and new[head:head + 1] in ("'", '"', "#"):
        head -= 1
    return start + head, end - tail, new[head:len(new) - tail]


def _breaks_plain(source: str, local: tuple[int, int], content: str) -> bool:
    """Would the edit make a plain scalar parse differently (``: ``, `` #``, a new end)?"""
    joined = source[max(0, local[0] - 1):local[0]] + content + source[local[1]:local[1] + 1]
    at_edge = local[0] == 0 or local[1] == len(source)
    return ": " in joined or " #" in joined or at_edge and content[-1:].isspace()
