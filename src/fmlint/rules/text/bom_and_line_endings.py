"""FM6xx: text and encoding glitches (byte-order marks, line endings, ...)."""

from __future__ import annotations

import re

from fmlint.model import Edit, Fix, Problem, Span
from fmlint.reading.document import Document, locate_front_matter
from fmlint.rules.registry import TEXT, rule

_NEWLINE = re.compile(r"\r\n|\n|\r")


@rule("FM601", "byte-order-mark", "the file starts with a byte-order mark", stage=TEXT,
      severity="warning", fix="safe")
def byte_order_mark(ctx):
    """What: the file starts with U+FEFF, a UTF-8 byte-order mark.

    Why: some generators then fail to see the `---` fence (the file's first bytes are
    not `---`), and the mark shows up as a stray character in templates.  fmlint
    tolerates it while checking.

    Example: a file saved by an editor that writes a byte-order mark: its first bytes are
    `EF BB BF`, then `---`.

    Fix: `fmlint fix` removes the mark (safe: it is not text).
    """
    if ctx.doc.has_bom:
        yield Problem("file starts with a UTF-8 byte-order mark", span=Span(0, 1),
                      fix=Fix((Edit(0, 1, ""),), "safe", "remove the byte-order mark"))


@rule("FM602", "mixed-line-endings", "the file mixes line endings", stage=TEXT,
      severity="warning", fix="safe")
def mixed_line_endings(ctx):
    """What: some lines end with CRLF and others with LF (or CR).

    Why: mixed endings produce noisy diffs and confuse tools that guess the file's
    convention from its first line.  A file that uses CRLF throughout is fine.

    Example: a file written with CRLF endings whose last two fields were pasted in from a
    file with LF endings.

    Fix: `fmlint fix` converts the minority to the file's majority ending (safe: only
    line endings change).
    """
    if "\r" not in ctx.doc.text or not _mixed(ctx.doc.text):  # one kind only: no scan line by line
        return
    counts: dict[str, int] = {}
    for match in _NEWLINE.finditer(ctx.doc.text):
        counts[match.group()] = counts.get(match.group(), 0) + 1
    if len(counts) < 2:
        return
    majority = max(counts, key=lambda ending: (counts[ending], ending == "\n"))
    edits = tuple(Edit(m.start(), m.end(), majority) for m in _NEWLINE.finditer(ctx.doc.text) if m.group() != majority)
    names = {"\r\n": "CRLF", "\n": "LF", "\r": "CR"}
    summary = ", ".join(f"{counts[e]} {names[e]}" for e in sorted(counts, key=counts.get, reverse=True))
    first = edits[0]
    message = f"mixed line endings ({summary}); the file's majority is {names[majority]}"
    fix = Fix(edits, "safe", f"convert line endings to {names[majority]}")
    if not _keeps_fences(ctx.doc.text, edits):
        message += "; not fixed automatically: converting them would move where the front matter ends"
        fix = None
    yield Problem(message, span=Span(first.start, first.start), fix=fix)


def _mixed(text: str) -> bool:
    """Does ``text`` use two kinds of line ending?  Counted in C: most files that hold a CR
    use CRLF throughout."""
    crlf = text.count("\r\n")
    return ((crlf > 0) + (text.count("\r") > crlf) + (text.count("\n") > crlf)) >= 2


def _fences(text: str) -> tuple:
    doc = Document("", text)
    locate_front_matter(doc)
    return doc.kind, doc.open_fence, doc.close_fence


def _keeps_fences(text: str, edits: tuple[Edit, ...]) -> bool:
    """Whether the text with ``edits`` has its fences where they were (moved only by the edits' lengths).

    A lone CR can hide a fence: in ``title: [x\r---\r\nsecret: notes\n---`` the front
    matter ends at the last ``---``; turning the CR into LF would end it at the first,
    and ``secret: notes`` would be published as body text.
    """
    pieces, last = [], 0
    for edit in edits:  # sorted, non-overlapping: one per line break
        pieces += [text[last:edit.start], edit.content]
        last = edit.end
    pieces.append(text[last:])
    before, after = _fences(text), _fences("".join(pieces))

    def moved(span: Span | None) -> Span | None:
        if span is None:
            return None
        shift = sum(len(e.content) - (e.end - e.start) for e in edits if e.end <= span.start)
        return Span(span.start + shift, span.end + shift)

    return after == (before[0], moved(before[1]), moved(before[2]))
