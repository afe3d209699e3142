"""Where the sentence around a word starts and ends: what a context may ask beyond its neighbours.

``word_context`` reads a word with the few words around it; some questions need the
sentence: whether it is a question ("Were older versions affected?" keeps its "were"),
how it starts ("The vent, when open, lets air in" has its subject), what follows a
parenthesis ("its optional (keyword) arguments" is a noun phrase).  Each look is bounded
(``WINDOW`` characters), so a text with many such words costs time in proportion to its
length, never more.
"""

from __future__ import annotations

import re

WINDOW = 200  # characters looked at on either side of a word, at most
_SENTENCE_MARK = re.compile(r"[.!?;:]|\n[ \t]*\n")
_CLAUSE_MARK = re.compile(r"[,.!?;:]|\n[ \t]*\n")
_WORD = re.compile(r"[ \t]*(?:\r?\n[ \t]*)?([A-Za-z][A-Za-z\-]*)")


def sentence_head(prose: str, start: int) -> str:
    """The text from the sentence's start (the last ``.!?;:`` or blank line) to ``start``;
    at most ``WINDOW`` characters of it."""
    window = prose[max(0, start - WINDOW):start]
    last = None
    for last in _SENTENCE_MARK.finditer(window):
        pass
    return window[last.end():] if last is not None else window


def asks(prose: str, end: int) -> bool:
    """The clause after ``end`` ends in a question mark (the first ``,.!?;:`` or blank line)."""
    mark = _CLAUSE_MARK.search(prose, end, end + WINDOW)
    return mark is not None and mark.group() == "?"


def word_after(prose: str, mark: str, end: int) -> str:
    """The word (lower-cased) after the first ``mark`` at or after ``end`` (a word or two away),
    or after the parenthesis that opens there when ``mark`` is "(": "" if there is none."""
    at = prose.find(mark, end, end + 80)
    if at >= 0 and mark == "(":
        at = prose.find(")", at, at + 60)
    found = _WORD.match(prose, at + 1) if at >= 0 else None
    return found.group(1).lower() if found else ""
