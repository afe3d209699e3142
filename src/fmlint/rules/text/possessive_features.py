"""The features FM613's learned score reads (``possessive_model``), one group per kind of evidence.

A candidate no hand-measured rule of ``possessives.judge`` decides (``users productivity``,
``Gartners assessment``) is described by numbers: the words around it and their classes
(``word_classes``), the document, English frequencies, the site's counts, the word's shape.
``bench/train_possessives.py`` learns their weights on the train half of the development set.
"""

from __future__ import annotations

import math

from fmlint.rules.text.possessive_words import (ADJECTIVE_END, ARTICLES, CLOSED, DETERMINERS, NOT_A_WORD, noun_after,
                                                plain_uses)


def gathered(word: str, before: str, after: str, after2: str, learned, evidence, where: tuple, english: tuple):
    """The candidate's ``possessive_model.Evidence``: ``where`` (in the body, the text holds an
    apostrophe), ``english`` (Zipf of ``x’s``, ``xs``) and the site's counts."""
    from fmlint.rules.text.possessive_model import Evidence

    key, lower = word[:-1].lower(), word.lower()
    zp, zs = english
    counts = (0, 0, 0, 0)
    if learned is not None:  # the document holds the bare word (it is the candidate): only other files count
        counts = (learned.possessive.get(key, 0), max(0, learned.plain.get(lower, 0) - 1),
                  learned.pairs.get(f"{key} {after.lower()}", 0), learned.names.get(key, 0))
    return Evidence(word, before, after, after2, zp, zs, *counts, *where)


MIN_SITE_FILES = 50  # the weights were learned with a site's vocabulary (965 files): not without one


def scores(learned) -> bool:
    """Is there a learned score to give with ``learned``?  ``decide`` gives none without a
    site's vocabulary of ``MIN_SITE_FILES`` files; asked first, a candidate's features are
    then not gathered for nothing."""
    return learned is not None and learned.files >= MIN_SITE_FILES


# How much a word flagged at two other places of the text or more lifts its score.  Chosen
# on the train half as the possible tier's threshold is (FM613 precision >= 0.96): whole-file
# strip, margin 0 / 0.5 / 1 / 2 gave recall 0.649 / 0.653 / 0.662 / 0.676 at precision
# 0.967 / 0.961 / 0.955 / 0.950.
SUPPORT_MARGIN = 0.5


def decide(found, view, evidence, learned=None, support: int = 0):
    """(the learned tier, why) of ``found`` (its features scored: the strongest evidence's words);
    None without a site's vocabulary of ``MIN_SITE_FILES`` files (the score would read
    "no file writes the bare word" as evidence), or when no file of the site (this one
    included) writes the word, its possessive or its stem as a name.  ``support``: the
    other places of the text where the word is flagged; from two on, they lift the score
    to "possible" at most."""
    from fmlint.rules.text import possessive_model as model

    if not scores(learned):
        return None
    if not (found.written or found.bare or found.together or found.names):
        # No file of the site (this one included: the site's counts hold it as it is on disk)
        # knows the word: the context alone flagged "The settings page" and "the recipes
        # section" (bench/possessive_precision.py, a site of plain pages).
        return None

    values = features(found, view, evidence)
    log_odds, where = model.score(values), model.place(values)
    level = model.tier(log_odds, where)
    if level is None and support >= 2 and model.tier(log_odds + SUPPORT_MARGIN, where) is not None:
        return "possible", f'"{found.word}" is flagged at {support} other places of this text'
    if level is None:
        return None
    name = found.word[0].isupper() and found.word[:-1] in view.names
    return level, model.explain(model.strongest(values), found, name)


def features(found, view, evidence) -> dict[str, float]:
    """The candidate's features by evidence kind (a kind left out of ``evidence`` gives none)."""
    word, stem = found.word, found.word[:-1]
    capitalised = word[0].isupper()
    values = {"s_capitalised": float(capitalised), "s_camel": float(not stem[1:].islower() and not stem[-1].isupper()),
              "s_capital_end": float(stem[-1].isupper()), "s_body": float(found.body)}
    if "context" in evidence:
        values.update(_context(found))
        values.update(_word_classes(found))
    if "document" in evidence:
        token = stem.lower() in view.stems
        values.update(d_token=float(token), d_token_capitalised=float(token and capitalised),
                      d_name=float(capitalised and stem in view.names), d_plain=float(word.lower() in plain_uses(view)),
                      d_apostrophes=float(sum(view.apostrophes) > 0), d_own_apostrophes=float(found.own))
    if "english" in evidence:
        values.update(_english(found.zp, found.zs, capitalised))
    if "repository" in evidence:
        values.update(_repository(found, capitalised))
    return values


def _word_classes(found) -> dict[str, float]:
    """The classes the lexicon (``word_classes``) gives the next word, the word and the one before."""
    from fmlint.rules.text.word_classes import classes

    after, word, before = classes(found.after) if found.after[:1] != "`" else "N", classes(found.word), \
        classes(found.before) if found.before else "C"
    first, after2 = after[:1], classes(found.after2)[:1] if found.after2 else ""
    return {"p_next_noun": float(first in ("N", "S")), "p_next_noun_only": float(bool(after) and set(after) <= set("NS")),
            "p_next_plural": float(first == "S"), "p_next_verb": float(first in ("V", "Z", "D", "G", "M")),
            "p_next_adjective": float(first == "J"), "p_next_adverb": float(first == "R"),
            "p_next_unknown": float(not after), "p_then_noun": float(first == "J" and after2 in ("N", "S")),
            "p_word_verb": float("Z" in word), "p_word_plural": float("S" in word), "p_word_unknown": float(not word),
            "p_before_verb": float(before[:1] in ("V", "Z", "D", "G")), "p_before_noun": float(before[:1] in ("N", "S")),
            "p_before_adjective": float(before[:1] == "J"),
            "p_determiner_noun": float(found.before.lower() in DETERMINERS and first in ("N", "S")),
            "p_determiner_verb": float(found.before.lower() in DETERMINERS and first in ("V", "Z", "D")),
            "p_full_name": float(found.word[:1].isupper() and found.before[:1].isupper() and found.zs < NOT_A_WORD)}


def _english(zp: float, zs: float, capitalised: bool) -> dict[str, float]:
    """How often English writes ``x’s`` (``zp``) and ``xs`` (``zs``), as Zipf values."""
    more = zp - zs if zp >= 2.0 else -9.0
    return {"e_possessive": zp / 7, "e_plain": zs / 7, "e_unknown": float(zp == zs == 0),
            "e_rare_plain": float(zs < NOT_A_WORD), "e_rare_name": float(capitalised and zs < NOT_A_WORD),
            "e_more_0": float(more >= 0), "e_more_05": float(more >= 0.5), "e_more_1": float(more >= 1.0),
            "e_more_2": float(more >= 2.0)}


def _repository(found, capitalised: bool) -> dict[str, float]:
    """How many other files of the site write ``X’s`` (and ``X’s <next>``), the bare ``Xs``, ``X`` as a name."""
    written, bare = found.written, found.bare
    return {"r_pair": math.log2(1 + found.together), "r_pair_2": float(found.together >= 2),
            "r_possessive": math.log2(1 + written), "r_bare": math.log2(1 + bare),
            "r_name": math.log2(1 + found.names) * capitalised, "r_only_possessive": float(written > 0 and bare == 0),
            "r_mostly_possessive": float(written >= 2 and bare * 2 <= written)}


def _context(found) -> dict[str, float]:
    """What the words around say: a possessive is followed by a noun phrase."""
    after, before = found.after, found.before.lower()
    nxt = after.lower()
    return {"c_next_noun": float(noun_after(nxt)), "c_next_adjective": float(nxt.endswith(ADJECTIVE_END)
                                                                             and bool(found.after2)
                                                                             and found.after2 not in CLOSED),
            "c_next_capitalised": float(after[:1].isupper()), "c_next_ing": float(nxt.endswith("ing")),
            "c_next_ed": float(nxt.endswith("ed")), "c_next_ly": float(nxt.endswith("ly")),
            "c_next_s": float(nxt.endswith("s") and not nxt.endswith("ss")), "c_next_code": float(after[:1] == "`"),
            "c_before_determiner": float(before in DETERMINERS), "c_before_article": float(before in ARTICLES),
            "c_before_closed": float(before in CLOSED and before not in DETERMINERS and before not in ARTICLES),
            "c_before_none": float(not before), "c_after2_closed": float(found.after2 in CLOSED)}
