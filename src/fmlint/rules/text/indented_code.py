"""Markdown's indented code blocks, blanked so that the text rules do not read them as prose.

An indented code block is made of lines indented four columns or more, each either after a
blank line, a heading or another line of the block. A paragraph's lazy continuation line is
prose however deep it is indented, because a code block cannot interrupt a paragraph. In a
list item the four columns count from the item's content (``-   text``), so a continued
paragraph of a list item is prose too. That follows CommonMark (§4.4 and §5.2) closely enough
for a linter. A line it cannot place is left as prose, at the cost of a missed glitch, rather
than blanked wrongly.

MDX has no indented code (indentation there is JSX layout), so ``blank_indented_code`` is
asked only for a Markdown body. It visits each line once: linear in the body.
"""

from __future__ import annotations

import re

# A list item's marker: its indentation, the marker, and the blanks after it (1-4 make the
# content's indentation; none or more than four leave it one column after the marker).
_MARKER_STARTS = frozenset("-+*0123456789")
_LIST_ITEM = re.compile(r"( *)([-+*]|\d{1,9}[.)])( {1,4}(?! )|(?=\s*$)| )")
# An indented line (four blanks, a tab, or fewer blanks then a tab) at the start, after a
# blank line or after a heading: where an indented code block can open.  No match, no block.
_MAY_OPEN = re.compile(r"(?:\A|(?:\A|\n)[ \t]*\r?\n|(?:\A|\n) {0,3}#[^\n]*\n)(?: {0,3}\t| {4})[ \t]*[^ \t\r\n<]")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
# Block-level HTML: inside an element ("<div class=note>" ... "</div>") indentation is layout,
# as kramdown (Jekyll's) and most renderers read it, blank lines or not.
# Only elements whose end tag HTML requires: an unclosed "<p>" or "<li>" would hold the rest open.
_BLOCK_TAG = re.compile(r"<(/?)(?:address|article|aside|blockquote|center|details|dialog|div|dl|fieldset|figcaption|"
                        r"figure|footer|form|h[1-6]|header|iframe|main|nav|ol|pre|script|section|style|table|"
                        r"textarea|ul)(?=[\s/>])[^<>]*?(/?)>", re.IGNORECASE)


def blank_indented_code(text: str, masked: str | None = None) -> str:
    """``masked`` (``text`` already masked otherwise, offsets unchanged; by default ``text``)
    with the lines of ``text``'s indented code blocks blanked.  The blocks are found in
    ``text`` itself: a tag line (``<div>``) blanked in ``masked`` would read as a blank line,
    and an HTML block's indented lines as code."""
    masked = text if masked is None else masked
    if _MAY_OPEN.search(text) is None:
        return masked  # no indented line where a block could open: nothing to find (most bodies)
    code = _code_lines(text.split("\n"))
    if not code:
        return masked
    lines = masked.split("\n")
    for number in code:
        line = lines[number]
        lines[number] = " " * len(line.rstrip("\r")) + "\r" * line.endswith("\r")
    return "\n".join(lines)


def _code_lines(lines: list[str]) -> list[int]:
    """The numbers of the lines that belong to an indented code block."""
    found, items = [], []  # items: the content indentation of each open list item, innermost last
    may_open, in_code = True, False  # may_open: after a blank line, a heading or the start
    depth = 0  # open block-level HTML elements
    for number, line in enumerate(lines):
        content = line.lstrip(" \t")
        if not content or content == "\r":
            may_open = True
            continue
        lead = line[:len(line) - len(content)]
        indent = len(lead.expandtabs(4)) if "\t" in lead else len(lead)
        item = _LIST_ITEM.match(" " * indent + content) if content[0] in _MARKER_STARTS else None
        if items and may_open and item is None:
            while items and indent < items[-1]:
                items.pop()  # a line left of the item's content after a blank line ends the item
        base = items[-1] if items else 0
        if indent >= base + 4 and (in_code or may_open and not depth and content[0] != "<"):
            found.append(number)  # an indented tag opens no block: HTML laid out, far more often than shown
            in_code, may_open = True, False
            continue
        in_code = False
        if "<" in line:
            depth = _html_depth(line, depth)
        if item is not None and indent < base + 4:
            while items and items[-1] > indent:
                items.pop()  # an item at the same or an outer level closes the inner ones
            items.append(_content_column(item))
        may_open = _HEADING.match(line) is not None
    return found


def _html_depth(line: str, depth: int) -> int:
    """``depth`` after the block-level tags ``line`` opens and closes (never below 0)."""
    for tag in _BLOCK_TAG.finditer(line):
        if tag.group(1):
            depth = max(0, depth - 1)
        elif not tag.group(2):
            depth += 1
    return depth


def _content_column(item: re.Match) -> int:
    """Where a list item's content starts (CommonMark: marker + 1-4 blanks; else marker + 1)."""
    marker_end = len(item.group(1)) + len(item.group(2))
    blanks = len(item.group(3))
    return marker_end + (blanks if 1 <= blanks <= 4 else 1)
