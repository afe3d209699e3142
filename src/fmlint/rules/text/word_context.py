"""The words around a word, and the contexts that tell a contraction from a word.

FM610-FM613 read a word with its neighbours (``Found``).  "its", "were", "well" and
"lets" are words as well as contractions that lost their apostrophe, so only the
context decides.  Besides the hand-measured word lists (``glitch_tables``), the
contexts here ask the word classes (``word_classes``: loaded on the first such word
only) a question of grammar, each measured on real text before it was trusted:

* "its" + an adjective, adverb or participle that is no noun, where the clause ends or
  a closed-class word or an adverb follows ("its needed.", "its nice to", "its faster."):
  the possessive "its" is followed by a noun ("its own page", "its current form").
* "were" with no subject before it (after a comma, at a sentence's start, after "and",
  "today", "next"), before an -ing verb or an adjective ("Today were introducing",
  ", were going to"): "were" takes a subject ("they were", "files that were").
* "well" before a base verb ("well refer", "well add") or an adverb and a verb ("Well
  also explore"), not after "as", "might" and the like.
* "lets" at a clause's start before a verb ("so lets tweak", "Lets suppose"): the verb
  "lets" takes an object first ("lets you", "lets users").

Measured on the corpus (``shared/corpus``, 204 its/it's, 98 were/we're, 59 well/we'll,
48 lets/let's) and, for precision on correct English, on the comments and docs of the
Python standard library and the packages installed beside it (9,821 its/it's, 3,246
were/we're, 1,589 well/we'll, 660 lets/let's).  New flags there: "its" 556 contractions
against 40 words, most of them the authors' own dropped apostrophes ("its better to",
"its valid."); "were" 392 against 9; "well" 167 against 0; "lets" 150 against 19, all
19 the authors' own ("lets figure out").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fmlint.rules.text import glitch_tables as g

_SENTENCE_END = ".!?:;\"\u201c\u201d(\n"
_CLAUSE_START = ",.!?:;\"\u201c\u201d("  # punctuation a clause may start after (not a line break)
_CLAUSE_END = frozenset(".;:!?)")
_COORDINATING = frozenset(("and", "or", "nor", "but"))
# Words that open a clause without being its subject: "Today were introducing", "so lets tweak".
_OPENERS = frozenset("and but or so today now next then till until because since if when while as also here".split())
_LETS_OPENERS = frozenset("so now but then first next ok okay well here".split())
_OBJECTS = frozenset("you us me them him her it everyone anyone people users".split())
# "its" before these is the possessive although their classes say otherwise ("its own", "its very own").
_ITS_POSSESSIVE = frozenset(("own", "very", "best"))
_PARTICIPLE = ("ed", "en", "ne", "wn")  # done, given, known, shown


@dataclass(frozen=True)
class Found:
    """A word in a text, with the words around it."""

    start: int
    end: int
    word: str
    before: str  # the previous word, when only spaces separate them
    after: str  # the next word, lower-cased, when only spaces separate them
    after2: str  # the word after that, lower-cased
    initial: bool  # the word starts a sentence
    after_cased: str = ""  # the next word as written
    after_end: str = ""  # the first character after the next word and its spaces ("" at the end)
    previous_mark: str = ""  # the last character before the word and its spaces ("" at the start)


def found_words(prose: str, pattern: re.Pattern) -> Iterator[Found]:
    """Each match of ``pattern`` in ``prose``, with its neighbours."""
    for match in pattern.finditer(prose):
        start, end = match.span()
        previous = g.PREVIOUS_WORD.search(prose, max(0, start - 40), start)
        following = g.NEXT_WORD.match(prose, end)
        second = g.NEXT_WORD.match(prose, following.end()) if following else None
        mark = _previous_mark(prose, start)
        yield Found(start, end, match.group(), previous.group(1) if previous else "",
                    following.group(1).lower() if following else "", second.group(1).lower() if second else "",
                    mark == "" or mark in _SENTENCE_END, following.group(1) if following else "",
                    _next_mark(prose, following.end()) if following else "", mark)


def _previous_mark(prose: str, start: int) -> str:
    index = start - 1
    while index >= 0 and prose[index] in " \t":
        index -= 1
    return prose[index] if index >= 0 else ""


def _next_mark(prose: str, end: int) -> str:
    index = end
    while index < len(prose) and prose[index] in " \t":
        index += 1
    return prose[index] if index < len(prose) else ""


def _classes(word: str) -> str:
    from fmlint.rules.text.word_classes import classes

    return classes(word)


def predicative_its(item: Found) -> bool:
    """"its" + a word that is no noun (adjective, adverb, participle), then the clause's end,
    a closed-class word or an adverb: "its nice to", "its needed.", "its definitely not"."""
    word = item.after
    if not word or item.after_cased != word or word in _ITS_POSSESSIVE:
        return False
    kinds = _classes(word)
    if not kinds or "N" in kinds or "S" in kinds or kinds[0] not in "JRDG":
        return False
    if kinds[0] == "D" and not word.endswith(_PARTICIPLE):
        return False
    if not item.after2:
        return item.after_end in _CLAUSE_END or item.after_end == ""
    return item.after2 not in _COORDINATING and _classes(item.after2)[:1] in ("C", "R")


def subjectless_were(item: Found) -> bool:
    """"were" where no subject precedes (a clause's start, "and", "today") before an -ing
    verb, an adjective, or an adverb and one of them: "Today were introducing", ", were ready"."""
    opens = item.previous_mark in _CLAUSE_START or item.previous_mark == "" \
        or (item.before.lower() in _OPENERS and item.previous_mark.isalpha())
    if not opens or not item.after:
        return False
    kinds = _classes(item.after)
    if item.after.endswith("ing") and kinds[:1] in ("G", ""):
        return True
    if kinds[:1] == "J" and "N" not in kinds and "D" not in kinds:
        return True
    return kinds[:1] == "R" and _classes(item.after2)[:1] in ("G", "J")


def well_before_verb(item: Found) -> bool:
    """"well" (or a sentence's "Well") before a base verb, or an adverb and a base verb:
    "well refer to", "Well also explore"; never after "as", "might" and the like."""
    if not (item.word == "well" or item.initial) or item.before.lower() in g.WELL_BLOCKERS:
        return False
    if item.after in g.WELL_VERBS:
        return True
    if _classes(item.after)[:1] == "V" and item.after not in ("let", "say"):
        return True
    return item.after in g.ADVERBS and _classes(item.after2)[:1] == "V"


def lets_before_verb(item: Found) -> bool:
    """"lets" at a clause's start ("so lets", "Lets") before a verb, not before its object."""
    if not (item.initial or item.before.lower() in _LETS_OPENERS):
        return False
    word = item.after
    if not word or item.after_cased != word or word in _OBJECTS:
        return False
    kinds = _classes(word)
    return kinds[:1] != "C" and ("V" in kinds or not kinds)
