"""FM613's candidate words and the words around each: found once per text, at C speed where it can.

A candidate is a word ending in ``s`` (``Microsofts``, ``techs``); ``possessives.judge``
reads it with the word before it and the two after it (``next_word``: the word after a
masked URL or code span is not taken for the next one; a link's text, a code span or an
emphasised word is).  The searches here give what a plain left-to-right regex search gives,
found from the end where that is cheaper (``candidate_spans``, ``neighbours.previous_word``); the
tests compare each with the plain search.
"""

from __future__ import annotations

import re

from fmlint.rules.text.neighbours import previous_word

# A word ending in "s" (not "ss"), stem of 3+ letters ("Lius"), not inside a longer token.
CANDIDATE = re.compile(r"(?<![\w'\u2019\u2018\-/@#.:])([A-Za-z][A-Za-z]+[A-Za-rt-z]s)(?![\w'\u2019\-:])")
# The same words searched in the reversed text, the final "s" first: the regex engine then
# jumps from one "s" to the next instead of trying the look-behind at every character (3-7x
# faster).  Each match is a whole run of ASCII letters (letters are \w, excluded on both
# sides), and runs do not overlap, so both directions find the same words.
_REVERSED_CANDIDATE = re.compile(r"s(?<![\w'\u2019\-:]s)[A-Za-rt-z][A-Za-z]+[A-Za-z](?![\w'\u2019\u2018\-/@#.:])")
# What may directly follow a possessive: a word, after blanks only (not a masked span), or a link's text.
NEXT = re.compile(r"(?:[ \t]+|[ \t]*\r?\n[ \t]*)\[?([A-Za-z][A-Za-z\-]*)")


def candidate_spans(prose: str) -> list[tuple[int, int]]:
    """(start, end) of each match of ``CANDIDATE`` in ``prose``, in order (found reversed)."""
    size = len(prose)
    found = [(size - match.end(), size - match.start()) for match in _REVERSED_CANDIDATE.finditer(prose[::-1])]
    found.reverse()
    return found


def candidates(text, word_out=None, next_out=None):
    """(start, word, previous word, next word, the word after it lower-cased) per candidate of
    ``text``; without those ``word_out(word)`` or ``next_out(next word)`` rule out (the rest
    of its context is then not read)."""
    prose, original = text.prose, text.value
    for start, end in candidate_spans(prose):
        word = prose[start:end]
        if word_out is not None and word_out(word):
            continue
        after, at = _next_word_at(original, prose, end)
        if next_out is not None and next_out(after):
            continue
        if at is None:  # the original: a code span is masked in prose
            at = original.find(after, end) if after else -1
        after2 = next_word(original, prose, at + len(after)) if at >= 0 else ""
        # The previous word ends in a blank right before the candidate; with no next word,
        # ``judge`` reads neither: the search is skipped (most candidates end a phrase).
        previous = previous_word(prose, start) if after and start and prose[start - 1] in " \t\n" else ""
        yield start, word, previous, after, after2.lower()


def next_word(original: str, prose: str, end: int) -> str:
    """The word right after ``end`` when only blanks (and at most one line break) separate
    it in the original text too, so the word after a masked span is not taken for the next
    word (the first word of a link's text is); a code span there (```source```) is returned
    as written: a noun phrase."""
    return _next_word_at(original, prose, end)[0]


def _next_word_at(original: str, prose: str, end: int) -> tuple[str, int | None]:
    """``next_word`` and, for a word after blanks, where it starts (None otherwise): there the
    original holds it too (masking only blanks), and a blank gap holds no letter, so it is
    where ``original.find(word, end)`` finds it, without the search."""
    match = NEXT.match(prose, end)
    if match is not None:
        gap = original[end:match.start(1)]
        if gap.isspace() or gap[-1:] == "[" and gap[:-1].isspace():  # "the projects [open issues](…)"
            return match.group(1), match.start(1)
    elif prose[end:end + 1] not in " \t\r\n":
        return "", None
    return _marked_next(original, end), None


def _marked_next(original: str, end: int) -> str:
    """The next word of ``next_word`` that is a code span, or inside emphasis or a tag."""
    code = _CODE_NEXT.match(original, end)
    if code:
        return code.group(1)
    # Emphasis or an inline tag around the next word ("the files *basename*", "your sites
    # <code>source</code>"): the word inside is the next word; a code tag is a code span.
    marked = _MARKED_NEXT.match(original, end)
    if marked is None:
        return ""
    return f"`{marked.group(2)}`" if marked.group(1) in ("code", "kbd", "tt") else marked.group(2)


_CODE_NEXT = re.compile(r"[ \t]+(`[^`\n]{1,40}`)")
_MARKED_NEXT = re.compile(r"[ \t]+(?:\*{1,2}|_{1,2}|<(code|kbd|tt|em|strong|b|i|var|a)(?:\s[^<>]*)?>)"
                          r"([A-Za-z][A-Za-z\-]*)")  # same line: a "* " starting the next is a list
