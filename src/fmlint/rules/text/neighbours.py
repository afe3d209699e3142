"""The words around a word: ``Found``, what FM610-FM613's contexts read.

A word comes with the word before it (across one line break), the two after it (also
across one line break: hard-wrapped text reads as one sentence, a blank line ends it),
the marks around it, and, asked for only when a context needs them, the third word after
it and the word that opens its sentence before a comma.  ``initial`` tells a word that
starts a sentence; a line break that only wraps a sentence does not start one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

SENTENCE_END = ".!?:;\"\u201c\u201d(\n"
_DASHES = "-\u2013\u2014"  # a dash between blanks parts a title: what follows starts anew
# The next word, after blanks or one line break (hard-wrapped text: "once its⏎ready").
_NEXT_WORD = re.compile(r"(?:[ \t]+|[ \t]*\r?\n[ \t]*)([A-Za-z][A-Za-z\-]*)")
# A sentence's first word and a comma, right before the word: "Today, were", "Instead, lets".
# A line break is no sentence start unless a mark or a blank line comes before it ("applied⏎manually, were").
_OPENING_WORD = re.compile(r"(?:^|[.!?:;]\s*|\n[ \t]*\n\s*)[\"\u201c]?([A-Za-z]+),[ \t]*$")


@dataclass(frozen=True)
class Found:
    """A word in a text, with the words around it."""

    start: int
    end: int
    word: str
    before: str  # the previous word, when only spaces separate them
    after: str  # the next word, lower-cased, when only spaces separate them
    after2: str  # the word after that, lower-cased
    after_cased: str  # the next word as written
    after_end: str  # the first character after the next word and its spaces ("" at the end)
    previous_mark: str  # the last character before the word and its spaces ("" at the start)
    prose: str = field(repr=False, compare=False, default="")  # the text the word is in
    after2_end: int = -1  # where the word after the next ends (-1: there is none)

    @property
    def initial(self) -> bool:
        """The word starts a sentence (or the text), or the part of a title after a dash
        between blanks ("Episode 3 - Were now going to build", not "T-Were")."""
        mark = self.previous_mark
        if mark == "" or mark in SENTENCE_END:
            return True
        if mark not in _DASHES:
            return False
        at = self.prose.rfind(mark, 0, self.start)
        return at > 0 and self.prose[at - 1] in " \t" and self.prose[at + 1:at + 2] in (" ", "\t")

    @property
    def after3(self) -> str:
        """The third word after, lower-cased, or the mark that follows the second ("." "," "(");
        "" at the end.  Looked up only by the contexts that need it."""
        if self.after2_end < 0:
            return ""
        third = _NEXT_WORD.match(self.prose, self.after2_end)
        return third.group(1).lower() if third else _next_mark(self.prose, self.after2_end)

    @property
    def opened_by(self) -> str:
        """The one word that opens the sentence before a comma right before this word
        ("Today, were excited": "today"), lower-cased; "" if there is none."""
        if self.previous_mark != ",":
            return ""
        head = _OPENING_WORD.search(self.prose, max(0, self.start - 30), self.start)
        return head.group(1).lower() if head else ""


def found_words(prose: str, pattern: re.Pattern) -> Iterator[Found]:
    """Each match of ``pattern`` in ``prose``, with its neighbours."""
    for match in pattern.finditer(prose):
        start, end = match.span()
        previous = previous_word(prose, start)
        following = _NEXT_WORD.match(prose, end)
        second = _NEXT_WORD.match(prose, following.end()) if following else None
        yield Found(start, end, match.group(), previous,
                    following.group(1).lower() if following else "", second.group(1).lower() if second else "",
                    following.group(1) if following else "", _next_mark(prose, following.end()) if following else "",
                    _previous_mark(prose, start), prose, second.end() if second else -1)


def previous_word(prose: str, start: int) -> str:
    """The word of ``g.PREVIOUS_WORD.search(prose, max(0, start - 40), start)`` ("" for none),
    read from the end: the search tries the pattern at each of the 40 characters, and
    backtracks through every word there (~10 µs a candidate, measured)."""
    head = prose[max(0, start - 40):start]
    for end in (len(head), len(head) - 1) if head.endswith("\n") else (len(head),):  # "$": also before a final "\n"
        rest = head[:end].rstrip(" \t")
        if rest.endswith("\n"):  # [ \t]*\r?\n[ \t]*
            rest = rest[:-1].removesuffix("\r").rstrip(" \t")
        elif len(rest) == end:
            continue  # [ \t]+ needs a blank
        index = len(rest)
        while index and rest[index - 1] in _WORD_CHARACTERS:
            index -= 1
        word = rest[index:].lstrip("-")  # the word starts with a letter
        if word:
            return word  # the blanks after one word cannot also follow another
    return ""


_WORD_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")


def _previous_mark(prose: str, start: int) -> str:
    """The last character before ``start`` and its blanks.  A line break that only wraps a
    sentence (the line before ends in a letter, digit or comma and is no heading) gives the
    character before it: "The vent, when open,⏎lets air in" goes on one sentence."""
    index = start - 1
    while index >= 0 and prose[index] in " \t":
        index -= 1
    if index < 0:
        return ""
    if prose[index] == "\n":
        before = index - 1
        while before >= 0 and prose[before] in " \t\r":
            before -= 1
        if before >= 0 and (prose[before].isalnum() or prose[before] == ",") and not _heading_line(prose, before):
            return prose[before]
    return prose[index]


def _heading_line(prose: str, index: int) -> bool:
    """The line holding ``index`` is a Markdown heading ("## Update")."""
    line_start = prose.rfind("\n", max(0, index - 200), index) + 1
    return prose[line_start:index + 1].lstrip().startswith("#")


def _next_mark(prose: str, end: int) -> str:
    index = end
    while index < len(prose) and prose[index] in " \t":
        index += 1
    return prose[index] if index < len(prose) else ""
