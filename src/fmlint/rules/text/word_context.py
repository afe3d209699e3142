"""The words around a word, and the contexts that tell a contraction from a word.

FM610-FM613 read a word with its neighbours (``neighbours.Found``).  "its", "were", "well" and
"lets" are words as well as contractions that lost their apostrophe, so only the
context decides.  Besides the hand-measured word lists (``glitch_tables``), the
contexts here ask the word classes (``word_classes``: loaded on the first such word
only) a question of grammar, each measured on real text before it was trusted:

* "its" + an adjective, adverb or participle that is no noun, where the clause ends (a
  parenthesis too; a comma after a participle or an adverb: "its dense, stored copy"
  lists adjectives) or a closed-class word or an adverb follows ("its needed.", "its nice
  to", "its optional ("); or + an adverb and such a word, then the same ("its quite hard
  to", "its very likely that"; "its surprisingly small size" has its noun): the
  possessive "its" is followed by a noun ("its own page", "its current form"), and comes
  after a preposition ("at its busiest") or before a superlative ("its latest").  Or +
  an -ing verb that is no adjective and a closed-class word ("its keeping the", not "its
  handling of", "its underlying stream").
* "were" with no subject before it (after a comma, at a sentence's start, after "so",
  "today", "next"), before an -ing verb that takes an object ("Today were introducing
  the", ", were going to"): "were" takes a subject ("they were", "files that were").
  Before an adjective, adverb or participle only where a subject is wanted and missing:
  the sentence's first word ("Were super excited", not "Were you"), after "till", "if",
  "because" and the like ("till were ready"), after a sentence's opening word and a comma
  ("Today, were excited").  Not after a comma alone: "The logs, though long, were
  readable" has its subject before the parenthesis.
* "well" before a base verb and more words ("well refer to", "well add"), an adverb and a
  verb ("Well also explore", "well properly handle"), or a noun that is also a verb and
  a small word ("well address this", "well focus on"); after "and" before a base verb only
  ("and well try to", not "and well documented"); not after "as", "might", a determiner
  ("a well run project") or a verb ("Stir well then serve").
* "lets" at a clause's start ("so lets move", "Lets suppose", "Instead, lets pause")
  before a word the lexicon knows as a verb: the verb "lets" takes an object first ("lets
  you", "lets admins").

The next word may be on the next line (hard-wrapped text), not after a blank line.
Measured on the corpus (``shared/corpus``, 204 its/it's, 98 were/we're, 59 well/we'll,
48 lets/let's) and, for precision on correct English, by ``bench/ambiguous_words.py``:
the comments and docs of the Python standard library and the packages installed beside
it, 13,233 snippets of real text around the words (a contraction's apostrophe removed),
checked by FM611/FM612 (the word lists and these contexts together).  Flags on the
contractions against flags on the words as written, before the third word and the
clause's opening were read (2026-12-02) and after: "its" 1,810 -> 1,914 of 2,757 against
101 -> 103 of 5,245 (most of the 103 the authors' own dropped apostrophes: "its not a",
"Its highly recommended"); "were" 204 -> 415 of 1,037 against 0 of 1,743; "well" 305 ->
352 of 571 against 0 of 1,322; "lets" 287 -> 310 of 403 against 38 -> 40 of 155, all the
authors' own ("lets check the", "So, lets convert").  Two adversarial reviews' correct
sentences (``tests/test_apostrophes.py``) are not flagged: the second found 110 in the
first version of the third-word and opening contexts (questions, "Were older versions
affected?"; "once" the adverb; "its optional (keyword) arguments"; "well water"; "The
vent, when open, lets air in"), narrowed with ``clauses`` at the cost of one snippet.
"""

from __future__ import annotations

import re

from fmlint.rules.text import glitch_tables as g
from fmlint.rules.text.clauses import asks, sentence_head, word_after
from fmlint.rules.text.neighbours import Found

_CLAUSE_START = ",.!?:;\"\u201c\u201d("  # punctuation a clause may start after (not a line break)
_CLAUSE_END = frozenset(".;:!?)")
_COORDINATING = frozenset(("and", "or", "nor", "but"))
# Words that open a clause without being its subject: "Today were introducing", "so were going".
# Not "and", "or", "also": they join a second verb to the same subject ("passed and were running").
_OPENERS = frozenset("so today now next then till until because since if when while as here".split())
# A capital conjunction starts a sentence whose subject must follow: "Or were passionate about".
_SENTENCE_CONJUNCTIONS = frozenset(("And", "But", "Or", "So"))
# Words that open a clause whose subject must come next: "till were ready" lacks one.
_SUBORDINATORS = frozenset("till until because since if when while once unless although though whether".split())
# Before "once" these make it the adverb: "Buildings that once were grand", "These once were optional".
_ONCE_ADVERB = frozenset("that which who what these those they all some many".split())
_LETS_OPENERS = frozenset("so now then first next ok okay well here".split())
_HOW_LONG = re.compile(r"\bhow[ \t\n]+long[ \t\n]+\Z", re.IGNORECASE)  # "how long its taking"
_PREPOSITIONS = frozenset("at to in on of by for from with into onto about over under upon".split())
_DETERMINERS = frozenset("a an the this that its their our your his her my".split())
# A sentence opening with these has its subject before a comma: "The vent, when open, lets air in".
_SUBJECT_OPENERS = _DETERMINERS | frozenset("these those each every".split())
_OBJECTS = frozenset("you us me them him her it everyone anyone people users".split())
# "its" before these is the possessive although their classes say otherwise ("its own", "its very own").
_ITS_POSSESSIVE = frozenset(("own", "best", "next"))
_PARTICIPLE = ("ed", "en", "ne", "wn")  # done, given, known, shown
# Words that may end "its" + adverb + adjective: "its quite hard to", "its very likely that".
_THIRD_WORDS = frozenset("to that for with in on at of if when because so than as since about from by".split())
# "well" the noun before these: "well water", "well control", "the oil well fire".
_WELL_NOUNS = frozenset("water control house fire head pump pumps site field bore being owner owners".split())
_NOT_SUPERLATIVE = frozenset("honest modest earnest dishonest immodest".split())


def _classes(word: str) -> str:
    from fmlint.rules.text.word_classes import classes

    return classes(word)


def predicative_its(item: Found) -> bool:
    """"its" + a word that is no noun (adjective, adverb, participle), then the clause's end
    (a comma or a parenthesis too), a closed-class word or an adverb: "its nice to", "its
    needed.", "its optional (", "its definitely not"; or + an adverb and such a word before
    one of those: "its quite hard to", "its very likely that" (not "its surprisingly small
    size": a noun follows).  Never after a preposition ("at its busiest", "to its fullest":
    a preposition takes a noun phrase) nor before a superlative ("its latest"): the possessive."""
    word = item.after
    if not word or item.after_cased != word or word in _ITS_POSSESSIVE or item.before.lower() in _PREPOSITIONS:
        return False
    if _during(word, item.after2) and _HOW_LONG.search(item.prose, max(0, item.start - 16), item.start):
        return True
    if not _predicative(word):
        return _progressive(word, item.after2)
    if not item.after2:
        return _its_word_ends_clause(item, word)
    if item.after2 in _COORDINATING or item.after2 == "own":
        return False
    if _classes(item.after2)[:1] in ("C", "R"):
        return word != "very"  # "its very much" is rare; "its very few" is the possessive
    if not (_classes(word)[:1] == "R" and _predicative(item.after2)):
        return False
    third = item.after3
    if third == "(":
        return not _content_word(word_after(item.prose, "(", item.after2_end))
    return third in ("", ".", ";", ":", "!", "?", ")") or third in _THIRD_WORDS \
        or third not in _COORDINATING and _classes(third)[:1] in ("C", "R") and "N" not in _classes(third)


def _ing_verb(word: str) -> bool:
    """An -ing verb first and never an adjective ("taking", "bringing"; not "running", "going")."""
    kinds = _classes(word)
    return kinds[:1] == "G" and "J" not in kinds


def _during(word: str, after2: str) -> bool:
    """After "how long", "its" + an -ing verb that is no adjective, then no noun: "how long
    its taking to finish", "how long its taking." (not "how long its loading screen stays",
    "how long its running time is")."""
    return _ing_verb(word) and not (after2 and _classes(after2)[:1] in ("N", "S"))


def _progressive(word: str, after2: str) -> bool:
    """"its" + an -ing verb that is no adjective, then a small word other than "of" and "to":
    "its keeping the", "its bringing the" (not "its handling of", "its mapping to", "its
    underlying stream", "its running time")."""
    return _ing_verb(word) and after2 not in _COORDINATING and after2 not in ("of", "to") \
        and _classes(after2)[:1] == "C"


def _its_word_ends_clause(item: Found, word: str) -> bool:
    """After "its" + ``word`` comes a mark: the clause's end, or a parenthesis or comma that
    no noun phrase goes on after ("its optional (see below)", not "its optional (keyword)
    arguments"; "its done, thanks", not "its signed, notarized binary" nor an adjective
    before a comma, "its dense, stored copy")."""
    mark = item.after_end
    if mark == "(":
        return not _content_word(word_after(item.prose, "(", item.end))
    if mark == ",":
        return _classes(word)[:1] in ("D", "R") and not _adjective_like(word_after(item.prose, ",", item.end))
    return mark in _CLAUSE_END or mark == ""


def _adjective_like(word: str) -> bool:
    """An adjective or participle, or a word the lexicon lacks that is shaped like one ("minified")."""
    kinds = _classes(word)
    return kinds[:1] in ("J", "D", "G") if kinds else word.endswith(("ed", "ing", "ive", "able", "ous", "ful"))


def _content_word(word: str) -> bool:
    """A word that carries a noun phrase on: not a closed-class word, adverb, modal or "is"."""
    return bool(word) and word not in _COORDINATING and word not in ("is", "are", "was") \
        and _classes(word)[:1] not in ("C", "R", "M")


def _predicative(word: str) -> bool:
    """An adjective, adverb or participle that is no noun and no superlative ("needed",
    "nice", "quite"; not "best", "latest", "most", "form")."""
    if word.endswith("est") and word not in _NOT_SUPERLATIVE or word in ("most", "least"):
        return False
    kinds = _classes(word)
    if not kinds or "N" in kinds or "S" in kinds or kinds[0] not in "JRDG":
        return False
    return kinds[0] != "D" or word.endswith(_PARTICIPLE)


def subjectless_were(item: Found) -> bool:
    """"were" where no subject precedes (a clause's start, "so", "today", "next") before an
    -ing verb that takes an object: "Today were introducing the app", ", were going to";
    or where a subject must precede and none does, before an adjective, adverb, participle
    or -ing verb: a sentence's first word ("Were super excited", not "Were you there?"),
    after a word that opens a clause with its subject ("till were ready", "if were not")
    or after a sentence's opening word and a comma ("Today, were excited").  An adjective
    or a bare -ing verb after a comma alone ("The logs, though long, were readable",
    "were failing.") is left alone: a subject before a parenthesis looks the same."""
    if _missing_subject(item) and (item.after.endswith("ing") and _classes(item.after)[:1] == "G"
                                   or _predicative(item.after)) and not _asks_about(item):
        return True
    opens = item.previous_mark in _CLAUSE_START or item.previous_mark == "" \
        or (item.before.lower() in _OPENERS and item.previous_mark.isalpha())
    if not opens or not item.after.endswith("ing") or _classes(item.after)[:1] not in ("G", ""):
        return False
    return bool(item.after2) and _classes(item.after2)[:1] in ("C", "N", "S")


def _asks_about(item: Found) -> bool:
    """"Were older versions affected?": a question puts "were" before its subject, as does a
    headline ("Were Older Versions Affected"): an adjective and a noun follow."""
    return asks(item.prose, item.end) or _classes(item.after)[:1] == "J" and _classes(item.after2)[:1] in ("N", "S")


def _missing_subject(item: Found) -> bool:
    """Where "were" would need a subject before it and has none."""
    if item.word == "Were" and item.initial or item.before in _SENTENCE_CONJUNCTIONS:
        return True
    before = item.before.lower()
    if before in _SUBORDINATORS and item.previous_mark.isalpha():
        return before not in ("once", "though") or _conjunction(before, sentence_head(item.prose, item.start))
    opener = item.opened_by
    return bool(opener) and (opener in _OPENERS or _classes(opener)[:1] == "R")


def _conjunction(word: str, head: str) -> bool:
    """"once" or "though" (ending ``head``) opens a clause, not an adverb: "remove it once
    were done", "even though were late", not "Buildings that once were grand", "The results
    though were mixed", "The results, though⏎were mixed" (a comma lost after "though")."""
    if word == "though":
        return re.search(r"(?:^|\beven)\s*though\s*$", head, re.IGNORECASE) is not None
    previous = re.search(r"([A-Za-z]+)\s+once\s*$", head)
    if previous is None:
        return True
    word_before = previous.group(1).lower()
    return word_before not in _ONCE_ADVERB and _classes(word_before)[:1] not in ("N", "S")


def well_before_verb(item: Found) -> bool:
    """"well" (or a sentence's "Well") before a base verb and more words, an adverb and a
    base verb, or a word that is a verb as well as a noun and its object: "well refer to",
    "Well also explore", "well address this"; after "and" before a verb only ("and well
    try to", not "and well documented"); never after "as", "might" and the like, after a
    determiner ("a well run project") or after a verb ("Stir well then serve")."""
    before = item.before.lower()
    if not (item.word == "well" or item.initial) or before in g.WELL_BLOCKERS and before != "and":
        return False
    kinds = _classes(item.after)
    if before == "and":
        return kinds[:1] == "V" and "D" not in kinds and item.after not in ("let", "say") and bool(item.after2)
    if item.after in g.WELL_VERBS:
        return True
    if before in _DETERMINERS or before and _classes(before)[:1] in ("V", "Z", "D"):
        return False
    if kinds[:1] == "V" and item.after not in ("let", "say"):
        return bool(item.after2)
    if kinds[:1] == "N" and "V" in kinds and "D" not in kinds and item.after not in _WELL_NOUNS and item.after2 \
            and item.after2 not in _COORDINATING and _classes(item.after2)[:1] == "C":
        return True
    return (item.after in g.ADVERBS or kinds[:1] == "R" and item.after.endswith("ly")) \
        and _classes(item.after2)[:1] == "V"


def lets_before_verb(item: Found) -> bool:
    """"lets" at a clause's start ("so lets", "Lets", "Instead, lets"; not after a subject and
    a parenthetical phrase, "The vent, when open, lets") before a verb, not before its
    object (a word the lexicon does not know is no verb: "but lets admins reset")."""
    if not (item.initial or item.previous_mark == "," and not _subject_before(item)
            or item.before.lower() in _LETS_OPENERS):
        return False
    word = item.after
    if not word or item.after_cased != word or word in _OBJECTS:
        return False
    kinds = _classes(word)
    return kinds[:1] != "C" and "V" in kinds


def _subject_before(item: Found) -> bool:
    """The sentence opens with a noun phrase and a parenthesis before the comma: "The vent,
    when open, lets air in" (not "In that case, lets revert", "Instead, lets pause")."""
    head = sentence_head(item.prose, item.start).strip()
    return head.count(",") >= 2 and head.split(" ", 1)[0].lower() in _SUBJECT_OPENERS
