"""FM606, FM610-FM612: apostrophes lost on the way (``don?t``, ``isnt``, ``its a dream``).

FM613, the possessives (``administrations harsh``), is ``possessive_rule``; what the word
rules share is ``word_rules``.

Every rule here implements evidence measured in ``notes/glitches.md``: what is
certain is an error with a safe fix, what is likely a warning with an unsafe fix,
and what is merely possible a warning without one.  The apostrophe inserted is the
one the same field mostly uses, else the document's, else ``’``.  Words inside URLs,
code and HTML tags, and values that are URLs or single tokens, are never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fmlint.model import Problem
from fmlint.rules.registry import rule
from fmlint.rules.text import glitch_tables as g
from fmlint.rules.text.glitch_fixes import grouped_fixes, span_of
from fmlint.rules.text.glitch_view import Text, doc_view
from fmlint.rules.text.neighbours import Found, found_words
from fmlint.rules.text.word_rules import apostrophe_for, texts_reading, word_pattern
from fmlint.rules.text.word_context import lets_before_verb, predicative_its, subjectless_were, well_before_verb

_SURE = word_pattern(g.SURE_STRIPPED, re.IGNORECASE)
_CASE_EXACT = word_pattern(g.CASE_EXACT)
_AMBIGUOUS = word_pattern(g.AMBIGUOUS, re.IGNORECASE)
_WEAK = word_pattern(["well", "Well", "were", "Were"])
def _report(ctx, text: Text, found: list[tuple[Found, str, str]], applicability: str, describe) -> Iterator[Problem]:
    """One problem per word; one fix per value that repairs all of this rule's words in it."""
    repairs = [(item.start, item.end, new, applicability) for item, new, _ in found]
    fix = grouped_fixes(ctx, text, repairs, "restore apostrophes").get(applicability)
    for item, new, why in found:
        yield Problem(describe(item.word, new, why), span=span_of(ctx, text, item.start, item.end), fix=fix)


@dataclass(frozen=True)
class Lost:
    """A ``?`` or U+FFFD standing where an apostrophe was."""

    index: int
    word: str  # the word as repaired
    applicability: str | None  # "safe", "unsafe", or None (not an apostrophe after all)
    mark: str


def lost_apostrophes(ctx, text: Text, char: str) -> list[Lost]:
    """Each ``char`` between a letter and a contraction or possessive ending.

    Certain (safe) when the repaired word is a contraction; for ``X?s`` safe when the
    document spells ``X’s`` elsewhere, else unsafe; otherwise not taken for an apostrophe.
    """
    view, found = doc_view(ctx), []
    mark = apostrophe_for(text, ctx)
    for match in g.LOST_APOSTROPHE.finditer(text.prose):
        if match.group(1) != char:
            continue
        stem = g.STEM.search(text.prose, max(0, match.start(1) - 64), match.start(1)).group()
        suffix = match.group(2)
        if (stem + "'" + suffix).lower() in g.CONTRACTIONS_LOWER:
            applicability = "safe"
        elif suffix.lower() == "s" and len(stem) >= 2:
            applicability = "safe" if stem.lower() in view.stems else "unsafe"
        else:
            applicability = None
        found.append(Lost(match.start(1), stem + mark + suffix, applicability, mark))
    return found


@rule("FM606", "question-mark-apostrophe", "a '?' stands where an apostrophe was (don?t, Contoso?s)", fix="safe")
def question_mark_apostrophe(ctx):
    """What: a question mark between a letter and t, s, re, ve, ll, d or m inside a word:
    "don?t", "we?re", "Contoso?s".  URLs and URL fields are not read.

    Why: a converter that could not encode the apostrophe wrote "?" instead; readers see it.

    Example:

        title: "Why Contoso?s compiler doesn?t need a rewrite"

    Fix: `fmlint fix` restores the apostrophe when the word is a contraction ("doesn't") or
    a possessive whose "X's" the document spells elsewhere (an error).  Other "X?s" are a
    warning whose fix is unsafe, applied by `fmlint fix --unsafe-fixes` only: the "?" may
    stand for an accented letter ("Andr?s").  Other endings get no fix.  The apostrophe is
    the one the field writes, else the document's, else the site's, else the curly one.
    """
    for text in doc_view(ctx).texts:
        if "?" not in text.value or text.url:
            continue
        lost = lost_apostrophes(ctx, text, "?")
        fixes = grouped_fixes(ctx, text, [(i.index, i.index + 1, i.mark, i.applicability) for i in lost],
                              "restore apostrophes")
        for item in lost:
            shown = item.word.replace(item.mark, "?")
            if item.applicability is None:
                message, severity = f'"?" inside the word "{shown}": a character was probably lost', "warning"
            else:
                message = f'"?" stands for an apostrophe: "{shown}" should be "{item.word}"'
                severity = "error" if item.applicability == "safe" else "warning"
            yield Problem(message, span=span_of(ctx, text, item.index, item.index + 1),
                          fix=fixes.get(item.applicability), severity=severity)


@rule("FM610", "missing-apostrophe", "a contraction lost its apostrophe (dont, isnt, Im)", fix="safe")
def missing_apostrophe(ctx):
    """What: a contraction written without its apostrophe whose bare form is not an English
    word: "dont", "isnt", "thats", "youre", "theyve", "oclock" (in any case), and "Im" and
    "Ive" (exactly so; "Ive" after a capitalised word is a name: "Jony Ive").

    Why: apostrophes are dropped by careless scraping and by quote stripping; the measured
    list had no false alarm on 300,000 words of real text.

    Example:

        excerpt: "The new compiler isnt a rewrite, and you dont need new scripts."

    Fix: `fmlint fix` inserts the apostrophe, keeping the word's case ("DONT" becomes
    "DON'T").  Safe: the bare forms are not words.  The apostrophe is the one the field
    writes, else the document's, else the site's, else the curly one.
    """
    for text in texts_reading(ctx, g.SURE_LOWER):
        sure = list(found_words(text.prose, _SURE))
        exact = [item for item in found_words(text.prose, _CASE_EXACT)
                 if not (item.word == "Ive" and item.before[:1].isupper())]
        if not sure and not exact:
            continue  # the apostrophe (perhaps the site's: its vocabulary) is asked only for a word to fix
        mark = apostrophe_for(text, ctx)
        found = [(item, g.with_apostrophe(item.word, g.SURE_STRIPPED[item.word.lower()], mark), "") for item in sure]
        found += [(item, g.with_apostrophe(item.word, g.CASE_EXACT[item.word], mark), "") for item in exact]
        yield from _report(ctx, text, sorted(found, key=lambda f: f[0].start), "safe",
                           lambda word, new, _: f'missing apostrophe: "{word}" should be "{new}"')


@rule("FM611", "ambiguous-missing-apostrophe", "a word that is probably a contraction without its apostrophe "
      "(its time, lets see)", severity="warning", fix="unsafe")
def ambiguous_missing_apostrophe(ctx):
    """What: "its", "lets", "cant", "wont", "Ill", "Id", "wed" or "shed" where the words
    around show a contraction: "its" before "a", "the", "not", "been", "about", "now" and
    the like, or "time to", or before an adjective, adverb or participle that is no noun
    where the clause ends or a small word follows ("its needed.", "its nice to", "its
    optional ("), or after an adverb ("its quite hard to", "its very likely that"; not
    after a preposition, "at its busiest", nor before a superlative or a noun, "its
    surprisingly small size"); "lets" before a listed verb (never "lets you"), or at a
    clause's start ("so lets", "Lets", "Instead, lets") before a word the lexicon knows as
    a verb; "cant" and "wont" not after "the", "his", "as" and the like;
    "Ill" and "Id" before a verb; "wed" and "shed" before "like", "be", "have" and the
    like.  All-capital words are skipped.

    Why: these are words too, so only context tells; each context was measured on real
    text (the news site, the Jekyll docs, and the comments and docs of Python's library
    for correct English).  "Its somewhat mysterious software allows ..." and "its own
    page" are correct possessives and are not flagged: the possessive "its" is followed
    by a noun phrase.

    Example:

        excerpt: "Its a simple change, and its now available."

    Fix: `fmlint fix --unsafe-fixes` inserts the apostrophe ("it's"); the fix is unsafe
    because the evidence is the context, and context can mislead.
    """
    for text in texts_reading(ctx, g.AMBIGUOUS_LOWER):
        hits = [item for item in found_words(text.prose, _AMBIGUOUS) if _is_contraction(item)]
        if not hits:
            continue
        mark = apostrophe_for(text, ctx)
        found = [(item, g.with_apostrophe(item.word, _ambiguous_form(item.word), mark), item.after) for item in hits]
        yield from _report(ctx, text, found, "unsafe", _ambiguous_message)


def _ambiguous_form(word: str) -> str:
    return g.AMBIGUOUS.get(word) or g.AMBIGUOUS[word.lower()]


def _ambiguous_message(word: str, new: str, after: str) -> str:
    return f'"{word}" is probably "{new}" here' + (f' (before "{after}")' if after else "")


def _is_contraction(item: Found) -> bool:
    word, lower = item.word, item.word.lower()
    if word not in (lower, lower.capitalize()):
        return False  # all capitals: "ITS" and "ID" are acronyms as often as not
    if lower == "its":
        return item.after in g.ITS_NEXT or item.after == "time" and item.after2 in ("to", "for") \
            or predicative_its(item)
    if lower == "lets":
        return item.after in g.VERBS and (item.after not in g.LETS_IDIOMS or item.initial) or lets_before_verb(item)
    if lower in ("cant", "wont"):
        return item.before.lower() not in g.CANT_WONT_BLOCKERS
    if word in ("Ill", "Id"):
        return item.after in g.VERBS or item.after in g.ADVERBS
    if lower in ("wed", "shed"):
        return item.after in g.WED_SHED_NEXT
    return False


@rule("FM612", "possible-missing-apostrophe", "a word that may be a contraction without its apostrophe "
      "(well see, Were excited)", severity="warning")
def possible_missing_apostrophe(ctx):
    """What: "well" before a verb ("well see", "well refer to", "Well also explore", "well
    address this", "and well try"; not after "as", "might", "may", a determiner or a
    verb), a sentence that starts "Were excited", "Were super excited", "Were shipping"
    and the like (not "Were you"), and "were" with no subject before it: at a sentence's
    start, after a comma, "so", "today", "next" before an -ing verb and its object ("Today
    were introducing the app", ", were going to"); after "till", "if", "because" and the
    like, or a sentence's opening word and a comma, before an adjective, adverb or verb
    ("till were ready", "Today, were excited").

    Why: "we'll" and "we're" lose their apostrophe like the others, but "well" and "were"
    are so common that this evidence is weak (measured 9 in 10): a warning only.

    Example:

        excerpt: "In this video well see how the cache works. Were excited to share it."

    Fix: no automatic fix; insert the apostrophe by hand if it is a contraction.
    """
    for text in texts_reading(ctx, frozenset(("well", "were"))):
        for item in found_words(text.prose, _WEAK):
            if item.word in ("were", "Were"):
                hit = item.word == "Were" and item.initial and item.after in g.WERE_NEXT or subjectless_were(item)
            else:
                hit = well_before_verb(item)
            if hit:
                meant = item.word[:2] + apostrophe_for(text, ctx) + item.word[2:]  # We’re, we’ll (worked out once per text)
                yield Problem(f'"{item.word}" may be "{meant}" here (before "{item.after}")',
                              span=span_of(ctx, text, item.start, item.end))
