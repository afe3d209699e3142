"""The words around a word, and the contexts that tell a contraction from a word.

FM610-FM613 read a word with its neighbours (``Found``).  "its", "were", "well" and
"lets" are words as well as contractions that lost their apostrophe, so only the
context decides.  Besides the hand-measured word lists (``glitch_tables``), the
contexts here ask the word classes (``word_classes``: loaded on the first such word
only) a question of grammar, each measured on real text before it was trusted:

* "its" + an adjective, adverb or participle that is no noun, where the clause ends or
  a closed-class word or an adverb follows ("its needed.", "its nice to", "its faster."):
  the possessive "its" is followed by a noun ("its own page", "its current form"), and
  comes after a preposition ("at its busiest") or before a superlative ("its latest").
* "were" with no subject before it (after a comma, at a sentence's start, after "so",
  "today", "next"), before an -ing verb that takes an object ("Today were introducing
  the", ", were going to"): "were" takes a subject ("they were", "files that were").
  Not before an adjective or a bare -ing verb: "The logs, though long, were readable"
  has its subject before the parenthesis.
* "well" before a base verb and more words ("well refer to", "well add"), or an adverb
  and a verb ("Well also explore"); not after "as", "might", a determiner ("a well run
  project") or a verb ("Stir well then serve").
* "lets" at a clause's start before a word the lexicon knows as a verb ("so lets move",
  "Lets suppose"): the verb "lets" takes an object first ("lets you", "lets admins").

Measured on the corpus (``shared/corpus``, 204 its/it's, 98 were/we're, 59 well/we'll,
48 lets/let's) and, for precision on correct English, on the comments and docs of the
Python standard library and the packages installed beside it (9,821 its/it's, 3,246
were/we're, 1,589 well/we'll, 660 lets/let's), each occurrence rebuilt as a sentence of
its previous word, the word and the two after it, and checked by FM611/FM612 (the word
lists and these contexts together).  Flags on the written contractions (stripped) against
flags on the words as written: "its" 2,239 against 114 (76 of them from the word lists,
and most of the 114 the authors' own dropped apostrophes: "its not a", "its better to",
"its valid."); "were" 329 against 0; "well" 433 against 0; "lets" 369 against 43, the
43 the authors' own ("lets check the").  An adversarial review's correct sentences
(``tests/test_apostrophes.py``) are not flagged.
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
# Words that open a clause without being its subject: "Today were introducing", "so were going".
# Not "and", "or", "also": they join a second verb to the same subject ("passed and were running").
_OPENERS = frozenset("so today now next then till until because since if when while as here".split())
_LETS_OPENERS = frozenset("so now then first next ok okay well here".split())
_PREPOSITIONS = frozenset("at to in on of by for from with into onto about over under upon".split())
_DETERMINERS = frozenset("a an the this that its their our your his her my".split())
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
    after_cased: str  # the next word as written
    after_end: str  # the first character after the next word and its spaces ("" at the end)
    previous_mark: str  # the last character before the word and its spaces ("" at the start)

    @property
    def initial(self) -> bool:
        """The word starts a sentence (or the text)."""
        return self.previous_mark == "" or self.previous_mark in _SENTENCE_END


def found_words(prose: str, pattern: re.Pattern) -> Iterator[Found]:
    """Each match of ``pattern`` in ``prose``, with its neighbours."""
    for match in pattern.finditer(prose):
        start, end = match.span()
        previous = g.PREVIOUS_WORD.search(prose, max(0, start - 40), start)
        following = g.NEXT_WORD.match(prose, end)
        second = g.NEXT_WORD.match(prose, following.end()) if following else None
        yield Found(start, end, match.group(), previous.group(1) if previous else "",
                    following.group(1).lower() if following else "", second.group(1).lower() if second else "",
                    following.group(1) if following else "", _next_mark(prose, following.end()) if following else "",
                    _previous_mark(prose, start))


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
    a closed-class word or an adverb: "its nice to", "its needed.", "its definitely not".
    Never after a preposition ("at its busiest", "to its fullest": a preposition takes a
    noun phrase) nor before a superlative ("its latest"): the possessive."""
    word = item.after
    if not word or item.after_cased != word or word in _ITS_POSSESSIVE or item.before.lower() in _PREPOSITIONS:
        return False
    if word.endswith("est") or word in ("most", "least"):
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
    """"were" where no subject precedes (a clause's start, "so", "today", "next") before an
    -ing verb that takes an object: "Today were introducing the app", ", were going to".
    An adjective or a bare -ing verb after it ("The logs, though long, were readable",
    "were failing.") is left alone: a subject before a parenthesis looks the same."""
    opens = item.previous_mark in _CLAUSE_START or item.previous_mark == "" \
        or (item.before.lower() in _OPENERS and item.previous_mark.isalpha())
    if not opens or not item.after.endswith("ing") or _classes(item.after)[:1] not in ("G", ""):
        return False
    return bool(item.after2) and _classes(item.after2)[:1] in ("C", "N", "S")


def well_before_verb(item: Found) -> bool:
    """"well" (or a sentence's "Well") before a base verb and more words, or an adverb and a
    base verb: "well refer to", "Well also explore"; never after "as", "might" and the like,
    after a determiner ("a well run project") or after a verb ("Stir well then serve")."""
    if not (item.word == "well" or item.initial) or item.before.lower() in g.WELL_BLOCKERS:
        return False
    if item.after in g.WELL_VERBS:
        return True
    before = item.before.lower()
    if before in _DETERMINERS or before and _classes(before)[:1] in ("V", "Z", "D"):
        return False
    if _classes(item.after)[:1] == "V" and item.after not in ("let", "say"):
        return bool(item.after2)
    return item.after in g.ADVERBS and _classes(item.after2)[:1] == "V"


def lets_before_verb(item: Found) -> bool:
    """"lets" at a clause's start ("so lets", "Lets") before a verb, not before its object
    (a word the lexicon does not know is no verb: "but lets admins reset")."""
    if not (item.initial or item.before.lower() in _LETS_OPENERS):
        return False
    word = item.after
    if not word or item.after_cased != word or word in _OBJECTS:
        return False
    kinds = _classes(word)
    return kinds[:1] != "C" and "V" in kinds
