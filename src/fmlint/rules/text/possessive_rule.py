"""FM613: a possessive lost its apostrophe (``Microsofts Power Apps``, ``companys``).

The evidence lives in ``possessives`` (and, for a word none of its measured rules decide,
the learned score of ``possessive_features``/``possessive_model``); this module is the
rule: it finds the texts that may hold a candidate, asks for the verdicts, and turns
them into problems and fixes with the apostrophe the site writes.
"""

from __future__ import annotations

import functools
import re

from fmlint.model import Problem
from fmlint.rules.registry import rule
from fmlint.rules.text import glitch_tables as g
from fmlint.rules.text.glitch_fixes import grouped_fixes, span_of
from fmlint.rules.text.glitch_view import Text, doc_view
from fmlint.rules.text.neighbours import found_words
from fmlint.rules.text.word_rules import apostrophe_for, texts_reading, word_pattern

_SHAPE_POSSESSIVE = word_pattern([r"[A-Za-z]{2,}[b-df-hj-np-tv-xz]ys", *g.POSSESSIVE_WORDS], re.IGNORECASE)
# Searched in a text's lower-cased prose, these say whether its words (``Text.vocabulary``,
# the runs of a-z) hold one FM613 could flag: a word of 4+ letters ending in "s"; one
# ending in "ys" or listed in POSSESSIVE_WORDS (``_shape_possessives``).
_S_ENDING = re.compile(r"[a-z]{3}s(?![a-z])")
_SHAPE_HINT = re.compile(r"ys(?![a-z])|(?<![a-z])(?:" + "|".join(sorted(g.POSSESSIVE_WORDS)) + r")(?![a-z])")
# Stricter, for ASCII text: "ys" after a consonant, ending a word ("always" and "days" have a
# vowel there); "ys" first, so that the search jumps from one "ys" to the next.
_CONSONANT_YS = re.compile(r"ys(?![a-z])(?<=[b-df-hj-np-tv-xz]ys)")


@rule("FM613", "missing-possessive-apostrophe", "a possessive lost its apostrophe (companys, Microsofts "
      "Power Apps, Clearviews tech)", fix="safe")
def missing_possessive_apostrophe(ctx):
    """What: a word ending in s that is a possessive without its apostrophe, where the
    evidence says so: the same document writes "X's Y" with the same next word; the
    repository's other files write "X's" and hardly ever "Xs" (or its vocabulary file
    lists "X's"); general English writes "x's" far more often than "xs"; "X" is a name in
    the document and "Xs" no English word; the word's shape ("companys", "womens",
    "childrens", "todays"; not a "-ys" plural English writes, "polys").  A word the
    hand-measured rules leave open gets, in a site of 50 files or more whose files know
    the word, a learned score over the same evidence and the word classes around
    it ("the customers needs": a plural followed by a noun reads as a possessive).  A
    word followed by a determiner, preposition, pronoun or auxiliary ("Teams are") is
    never flagged.

    Why: most possessives without an apostrophe look like plurals; the message names the
    evidence ("Microsoft's" appears in 14 files of the site), and the severity says how
    strong it is.  Each tier's precision is measured on held-out real text in
    bench/apostrophe_devset-results.md.

    Example:

        title: "Contosos compiler halves build times"
        excerpt: "Contoso's compiler caches each translation unit."

    Fix: `fmlint fix` inserts the apostrophe before the s when the evidence is certain
    (the document, the word's shape, the repository, the vocabulary file: an error).
    Likely evidence is a warning whose fix is unsafe (`fmlint fix --unsafe-fixes`);
    possible evidence, and any learned score below the likely tier, a warning with no
    automatic fix.  The apostrophe is the one the field writes, else the document's,
    else the site's.
    """
    view, vocabulary = doc_view(ctx), ctx.option("vocabulary")
    evidence = frozenset(ctx.option("possessive_evidence", ("context", "document", "repository", "english")))
    for text in texts_reading(ctx):
        if not _S_ENDING.search(text.lowered):
            continue  # no candidate word: nothing else is computed (or loaded)
        judged, shaped = _possessives().judged_words(text, view, vocabulary, evidence), _shape_possessives(text)
        if not judged and not shaped:
            continue  # nothing flagged: the apostrophe (perhaps the site's) is not asked
        mark = apostrophe_for(text, ctx)
        judged = [(start, end, text.value[start:end - 1] + mark + "s", _TIERS[tier], why.replace("\u2019", mark))
                  for start, end, tier, why in judged]
        shaped = [(start, end, g.with_apostrophe(word, form, mark), "safe", "") for start, end, word, form in shaped]
        found = sorted({item[0]: item for item in judged + shaped}.values())  # shape wins
        fixes = grouped_fixes(ctx, text, [(start, end, new, how) for start, end, new, how, _ in found],
                              "restore apostrophes")
        for start, end, new, how, why in found:
            message = _POSSESSIVE_MESSAGES[how].format(word=text.value[start:end], new=new)
            yield Problem(message + (f" ({why})" if why else ""), span=span_of(ctx, text, start, end),
                          fix=fixes.get(how), severity="error" if how == "safe" else "warning")


@functools.cache
def _possessives():
    """FM613's evidence (``possessives``), imported for the first text with a word ending in s
    (and once: an import statement costs about a microsecond even when the module is loaded)."""
    from fmlint.rules.text import possessives

    return possessives


# The message says the tier: certain (error, safe fix), likely (unsafe fix), possible (no fix).
_POSSESSIVE_MESSAGES = {"safe": 'missing possessive apostrophe: "{word}" should be "{new}"',
                        "unsafe": '"{word}" is probably the possessive "{new}"',
                        None: '"{word}" may be the possessive "{new}"'}


_TIERS = {"certain": "safe", "likely": "unsafe", "possible": None}


def _shape_possessives(text: Text) -> list[tuple]:
    """``companys``, ``womens``, ``todays``: certain from the word's shape alone (10/10); as
    (start, end, word, its form with a straight apostrophe)."""
    lowered = text.lowered
    if text.prose.isascii():  # case folds one to one: a shape word is a consonant + "ys" ending a word, or listed
        if not _CONSONANT_YS.search(lowered) and not any(word in lowered for word in g.POSSESSIVE_WORDS):
            return []
    elif "ys" not in lowered and not any(word in lowered for word in g.POSSESSIVE_WORDS) \
            or not _SHAPE_HINT.search(lowered):  # the substrings first: the search tries every character
        return []
    found = []
    for item in found_words(text.prose, _SHAPE_POSSESSIVE):
        lower = item.word.lower()
        if lower in g.YS_WORDS or item.word.isupper():
            continue
        if lower not in g.POSSESSIVE_WORDS and not _english_possessive(item.word):
            continue
        form = g.POSSESSIVE_WORDS.get(lower, item.word[:-1] + "'s")
        found.append((item.start, item.end, item.word, form))
    return found


def _english_possessive(word: str) -> bool:
    """The "-ys" word reads as a possessive: English writes "x’s" at least as often as "xs"
    ("company’s" against "companys", "Getty’s" as often as "Gettys"); or, where English writes
    neither, the stem is a noun ("repository"), no word the lexicon knows ("numpys import
    time"), or capitalised and no adverb or closed-class word, a name ("Airys equation").
    Not a plural of its own ("polys", sympy's module and the plural of "poly"), nor
    "finallys" or "Everys" (an adverb, a determiner); measured on Python's docs by
    ``bench/possessive_precision.py``."""
    from fmlint.rules.text.english import frequencies
    from fmlint.rules.text.word_classes import classes

    stem = word[:-1]
    possessive, plain = frequencies(stem)
    if possessive or plain:
        return possessive >= plain
    known = classes(stem)
    return not known or "N" in known or stem[:1].isupper() and not set(known) <= _NEVER_NAMES


_NEVER_NAMES = frozenset("RCM")  # adverbs, closed-class words, modals: "Finally", "Every", "Should"
