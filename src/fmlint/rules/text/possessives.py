"""Evidence that a word ending in ``s`` is a possessive that lost its apostrophe (FM613).

``Microsofts Power Apps``, ``Clearviews tech``, ``techs lucrative scrum``: each looks like a
plural.  What tells them apart, each kind measured on the corpus before being trusted
(``bench/apostrophe_devset.py``):

* the **context**: a possessive is followed by a noun phrase, so a next word that is a
  determiner, preposition, pronoun, conjunction or auxiliary rules it out (``users can``,
  ``Teams are``);
* the **document**: ``X’s Y`` elsewhere in the file with the same next word is certain;
  ``X`` used bare as a name in the file supports a name that is not an English plural;
* the **repository** (``options["vocabulary"]``, learned by ``running.vocabulary``): other
  files write ``X’s`` and rarely the bare ``Xs``; a reviewed vocabulary file can accept
  (``Clearview’s``) or reject (``!Teams``) a word;
* **English** (``english``): general English writes ``x’s`` far more often than ``xs``.

``judge`` combines them into the three tiers the rules share: "certain" (error, safe
fix), "likely" (warning, unsafe fix), "possible" (warning, no fix), with the reason the
message gives: first the rules measured one by one (``_measured``), then, for a word
none of them decides, a logistic score over the same evidence and the word classes
around it (``possessive_features``, ``possessive_model``: weights learned on the train
half of the development set, likely or possible at most).  None of it costs anything
for a text without a candidate word.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

from fmlint.rules.text import glitch_tables as g
from fmlint.rules.text import possessive_features as scoring
from fmlint.rules.text.possessive_candidates import candidates
from fmlint.rules.text.possessive_words import (ADJECTIVE_END, ARTICLES, CLOSED, DETERMINERS, NOT_A_WORD, noun_after,
                                                plain_uses)

# Words ending in "s" that are no plural of a possessable noun.
_NOT_CANDIDATES = frozenset("hers ours yours theirs ones thus plus news series means species lens gas bus".split())
STRONG = 0.7  # x's at least 5x more frequent than xs (0.7-1.0 measured: same precision, +4 found)


@dataclass(frozen=True)
class Verdict:
    tier: str  # "certain", "likely" or "possible"
    why: str  # the evidence, as the message says it


def judge(word: str, after: str, after2: str, view, vocabulary, evidence=frozenset(("context", "document",
                                                                                   "repository", "english")),
          before: str = "", body: bool = False, support: int = 0, own: bool = False):
    """The Verdict for ``word`` (``Xs``) between ``before`` and ``after`` (then ``after2``), or None.

    Hard evidence first (a closed-class next word rules out, the document's ``X’s Y`` and
    the reviewed vocabulary file decide), then the hand-measured rules (``_measured``); a
    candidate none of them decides gets the learned score of ``possessive_model``, which
    ``support`` (other places of the text where the word is flagged) may lift to "possible";
    ``own``: the text itself holds an in-word apostrophe (a field that lost its own keeps none)."""
    if not after or word_ruled_out(word) or next_ruled_out(after, evidence):
        return None
    stem, lower, next_lower = word[:-1], word.lower(), after.lower()
    key = stem.lower()
    learned = getattr(vocabulary, "learned", None) if "repository" in evidence else None
    if learned is not None and lower in learned.rejected:
        return None
    if "document" in evidence and (key, next_lower) in view.pairs:
        return Verdict("certain", f'the document has "{stem}’s {after}"')
    if learned is not None and key in learned.accepted:
        return Verdict("certain", f'the vocabulary file lists "{stem}’s"')
    zp, zs = _english().frequencies(key) if "english" in evidence else (0.0, 0.0)
    found = _measured(word, before, after, after2, view, learned, evidence, zp, zs)
    if found is not None:
        return found
    if not scoring.scores(learned):
        return None  # no learned score without a site's vocabulary: nothing to gather
    scored = scoring.decide(scoring.gathered(word, before, after, after2, learned, evidence, (body, own), (zp, zs)),
                            view, evidence, learned, support)
    return Verdict(*scored) if scored is not None else None


def word_ruled_out(word: str) -> bool:
    """A word ``judge`` never flags, whatever is around it: all capitals, a closed-class word
    or one whose apostrophe form is a contraction ("thats"), or no plural ("news")."""
    lower = word.lower()
    return word.isupper() or word[:-1].lower() in g.NOT_POSSESSIVE or lower in g.SURE_LOWER \
        or lower in g.AMBIGUOUS_LOWER or lower in CLOSED or lower in _NOT_CANDIDATES


def next_ruled_out(after: str, evidence) -> bool:
    """A next word after which ``judge`` flags nothing: none, or (reading the context) a
    closed-class word or a contraction ("items youre", "users wont", "Teams are")."""
    if not after:
        return True
    next_lower = after.lower()
    return "context" in evidence and (next_lower in CLOSED or next_lower in g.SURE_LOWER
                                      or next_lower in g.AMBIGUOUS_LOWER)


@functools.cache
def _english():
    """The English frequencies' module, imported on the first candidate that reads it (an
    import statement in ``judge`` cost ~1 µs a candidate, as much as the rest of a rejection)."""
    from fmlint.rules.text import english

    return english


class _AskedOnce:
    """The rule's vocabulary option, its ``learned`` counts asked for at most once per text,
    and only when a candidate gets that far (asking records the vocabulary as an input of
    the result, and learns it on the first ask of the run)."""

    def __init__(self, vocabulary) -> None:
        self.vocabulary = vocabulary

    @functools.cached_property
    def learned(self):
        return getattr(self.vocabulary, "learned", None)


def _measured(word: str, before: str, after: str, after2: str, view, learned, evidence, zp: float, zs: float):
    """The rules measured one by one (``notes/glitches.md``): the site's counts, English
    frequencies, a name of the document, the words around; the first that applies."""
    stem, lower, next_lower = word[:-1], word.lower(), after.lower()
    key = stem.lower()
    found = _repository(stem, key, lower, after, zp, zs, learned) if learned is not None else None
    if found is not None:
        return found
    if "english" in evidence and zp >= zs + STRONG and zp >= 2.0:
        return Verdict("likely", f'English writes "{key}’s" {_times(zp - zs)} as often as "{lower}"')
    capitalised = word[0].isupper()
    bare_elsewhere = max(0, learned.plain.get(lower, 0) - 1) if learned is not None else 0
    # Not CamelCase: "PowerApps" is a product as often as PowerApp's plural (10 false flags
    # measured); a stem ending in a capital ("OpenAIs") is a name.
    if "document" in evidence and capitalised and (stem[1:].islower() or stem[-1].isupper()) \
            and zs < NOT_A_WORD and stem in view.names \
            and bare_elsewhere == 0 and lower not in plain_uses(view):
        return Verdict("possible", f'"{stem}" is a name in this document and "{word}" is not an English word')
    if "context" in evidence and before.lower() in ARTICLES and word.islower() and zp >= 2.0:
        return Verdict("possible", f'"{before} {word} {after}": an article before a plural reads as a possessive')
    if "english" in evidence and "context" in evidence and zp >= 2.0 and before.lower() in DETERMINERS \
            and word.islower() and noun_after(next_lower) and not lower.endswith(("us", "is")):
        return Verdict("possible", f'"{before} {word} {after}" reads as a possessive')
    if "english" in evidence and "context" in evidence and zp >= 2.5 and zp >= zs - 0.3 \
            and next_lower.endswith(ADJECTIVE_END) and after2 and after2 not in CLOSED:
        return Verdict("possible", f'"{word} {after} {after2}" reads as a possessive')
    return None


def _repository(stem: str, key: str, lower: str, after: str, zp: float, zs: float, learned):
    """The repository's verdict: other files write ``X’s Y`` (the same next word), or ``X’s``
    and hardly ever the bare ``Xs``; the strongest that applies."""
    # The document itself holds the bare word (it is the candidate): only other files count.
    written, bare = learned.possessive.get(key, 0), max(0, learned.plain.get(lower, 0) - 1)
    together = learned.pairs.get(f"{key} {after.lower()}", 0) if learned.pairs else 0
    # The reasons are written only for a verdict (most candidates get none from here).
    if together >= 2 and zp >= zs - 1.0:  # 0 false flags on stripped text; 4 (likely) on the originals
        return Verdict("certain", _pair_why(stem, after, together))
    if written >= 3 and bare * 5 <= written and zp >= zs:
        return Verdict("certain", _alone_why(stem, lower, written, bare))
    # One file is enough only where English writes "x’s" about as often as "xs": for "users
    # access", "gems directory" it was 5 of the 6 false flags on the corpus's correct text
    # (measured); those are left to the learned score, which reads the pair among the rest.
    if together >= 1 and zp >= zs - 1.0:
        return Verdict("likely", _pair_why(stem, after, together))
    if written >= 2 and bare * 2 <= written and zs < 3.0:
        return Verdict("likely", _alone_why(stem, lower, written, bare))
    if stem[0].isupper() and zs < NOT_A_WORD and learned.names.get(key, 0) >= 3 and bare == 0:
        return Verdict("possible", f'"{stem}" is a name in {learned.names[key]} files of the site')
    return None




def _pair_why(stem: str, after: str, together: int) -> str:
    return f'"{stem}’s {after}" appears in {_files(together)} of the site'


def _alone_why(stem: str, lower: str, written: int, bare: int) -> str:
    return f'"{stem}’s" appears in {_files(written)} of the site, "{lower}" in {bare}'


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def _times(zipf_difference: float) -> str:
    times = 10 ** zipf_difference
    return f"{times:.0f} times" if times < 1000 else "over 1,000 times"


def judged_words(text, view, vocabulary, evidence) -> list[tuple]:
    """(start, end, tier, why) for each candidate of ``text`` that ``judge`` flags (the word is
    ``text.value[start:end]``; the caller inserts its apostrophe, worked out only for a flag).

    Two passes: a word flagged at two places or more of the text ("the themes gem", "the
    themes layout") is looked at again where the first pass left it, with that support."""
    # A candidate ruled out by its word or its next word gets no verdict in either pass (nor
    # lends support): it is dropped before the words around it are read.
    found = list(candidates(text, word_ruled_out, lambda after: next_ruled_out(after, evidence)))
    body = text.pointer is None
    if not found:
        return []
    own, vocabulary = g.has_in_word_apostrophe(text.prose), _AskedOnce(vocabulary)
    verdicts = [judge(word, after, after2, view, vocabulary, evidence, before, body, 0, own)
                for _, word, before, after, after2 in found]
    if not any(verdicts):
        return []  # nothing flagged: no word has the support of a second place either
    flagged = Counter(candidate[1].lower() for candidate, verdict in zip(found, verdicts) if verdict)
    judged = []
    for (start, word, before, after, after2), verdict in zip(found, verdicts):
        if verdict is None and flagged[word.lower()] >= 2:
            verdict = judge(word, after, after2, view, vocabulary, evidence, before, body, flagged[word.lower()], own)
        if verdict is not None:
            judged.append((start, start + len(word), verdict.tier, verdict.why))
    return judged
