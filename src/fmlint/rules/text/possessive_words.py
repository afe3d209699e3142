"""The words FM613's evidence is read with: closed classes, noun and adjective endings, and
the ``-s`` words a document uses plainly.  Shared by the hand-measured rules
(``possessives``) and the learned score's features (``possessive_features``)."""

from __future__ import annotations

import re

# Closed-class words: a possessive is never directly followed by one.
CLOSED = frozenset("""
a an the this that these those some any each every no all both either neither such what which whose
of in on at by for from with without to into onto over under about after before between through during
against among across around near since until upon via per than like as off out up down
and or but nor so yet because if when while where whereas although though unless whether then
i you he she it we they me him her us them my your his its our their who whom whoever
is are was were be been being am have has had do does did can could will would shall should may might must
not also too very just only even still already often always never now there here ever again
""".split())
# Before "the users experience" / "your organizations productivity": a determiner, then a
# plural noun directly followed by a noun is rare English (a modifier noun is singular).
# Nouns by their ending only: a plural-shaped next word is as often a verb ("posts gets").
DETERMINERS = frozenset("the your our their my his her this each every any".split())
NOUN_END = ("ity", "tion", "sion", "ment", "ness", "ance", "ence", "ship", "ure", "ism", "ogy", "ery", "age")
# "a customers tenant": an article before a plural is no English; these nouns end in "s" anyway.
ARTICLES = frozenset(("a", "an"))
# Adjective endings: "techs lucrative scrum" (plural + adjective + noun is rare English).
ADJECTIVE_END = ("ive", "ous", "ful", "able", "ible", "ical", "ial", "less", "ary", "est")

NOT_A_WORD = 1.5  # a plain "-s" form rarer than this (Zipf) is hardly an English word


_S_WORD_THEN = re.compile(r"(?<![\w'\u2019])([A-Za-z]+s)(?![\w'\u2019])[ \t]*([A-Za-z]*)")


def plain_uses(view) -> frozenset:
    """Words ending in ``s`` that the document uses as plain words somewhere: before a
    punctuation mark, a line end or a closed-class word ("PowerApps is", "use PowerApps.").
    One pass over the document, kept on the view: linear whatever the candidates."""
    found = view.__dict__.get("_plain_uses")
    if found is None:
        found = set()
        for prose in view.all_prose():
            for match in _S_WORD_THEN.finditer(prose):
                if not match.group(2) or match.group(2).lower() in CLOSED:
                    found.add(match.group(1).lower())
        found = view.__dict__["_plain_uses"] = frozenset(found)
    return found


def noun_after(word: str) -> bool:
    """A noun by its ending ("experience", "productivity").  Measured and rejected: any
    open-class word (precision 0.92: "the pages use"), a code span ("the commands `build`")."""
    return word.endswith(NOUN_END)
