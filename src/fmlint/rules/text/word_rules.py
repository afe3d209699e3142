"""What the word rules of FM606 and FM610-FM613 share: their word patterns, the texts they
read, and the apostrophe a repair inserts (the one the field, the document or the site writes).
"""

from __future__ import annotations

from collections.abc import Iterator

from fmlint.model.patterns import Lazy
from fmlint.rules.text import glitch_tables as g
from fmlint.rules.text.glitch_view import Text, doc_view

_BEFORE = r"(?<![\w'\u2019\u2018\-/@#.])"
_AFTER = r"(?![\w'\u2019\-])"


def word_pattern(alternatives, flags=0) -> Lazy:
    """One of the alternatives as a whole word; compiled on first use (a text without the
    trigger words never needs it, and the long alternations cost ~1-2 ms each to compile)."""
    return Lazy(_BEFORE + "(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + ")" + _AFTER, flags)


def apostrophe_for(text: Text, ctx) -> str:
    """The field's apostrophe, else the document's, else the site's (asked only then), else ``’``.

    Worked out once per text: every word rule asks it of the texts it reads."""
    if text.mark is None:
        field, document = g.apostrophe_counts(text.value), doc_view(ctx).apostrophes
        if field[0] == field[1] and document[0] == document[1]:
            site = getattr(getattr(ctx.option("vocabulary"), "learned", None), "apostrophes", (0, 0))
            text.mark = g.choose_apostrophe(field, document, site)
        else:
            text.mark = g.choose_apostrophe(field, document)
    return text.mark


def texts_reading(ctx, words: frozenset | None = None) -> Iterator[Text]:
    """Texts read word by word; with ``words``, only those using one of them (a cheap filter:
    first on the document's words, so a document with none of them reads no text)."""
    view = doc_view(ctx)
    if words is None:
        return iter(view.prose_texts)
    if view.words.isdisjoint(words):
        return iter(())
    return (text for text in view.prose_texts if not text.vocabulary.isdisjoint(words))
