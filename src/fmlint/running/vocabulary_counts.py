"""What one file tells about the site's possessives (``learn``) and the sum over files (``Vocabulary``).

Kept apart from the learning over a repository (``running.vocabulary``) and its cache
(``vocabulary_store``), which both read and write these counts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

_POSSESSIVE = re.compile(r"(?<![\w'\u2019])([A-Za-z][A-Za-z]+)['\u2019]s(?![\w'\u2019])")
_POSSESSIVE_PAIR = re.compile(r"(?<![\w'\u2019])([A-Za-z][A-Za-z]+)['\u2019]s[ \t]([A-Za-z][A-Za-z\-]*)")
_S_WORD = re.compile(r"(?<![\w'\u2019])([A-Za-z][A-Za-z]+s)(?![\w'\u2019])")
# A capitalised word after a lower-case word or a comma: a name, not a sentence start.
_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+[A-Za-z]*)(?![\w'\u2019])")
_APOSTROPHE = re.compile("['\u2019]")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def learn(text: str) -> list:
    """What one file contributes: [possessive stems, bare ``-s`` words, names (capitalised
    mid-sentence, or in a capitalised possessive),
    ``x’s y`` pairs] (each lower-cased, unique and sorted so the cache is stable) and [straight, curly]
    in-word apostrophes (the site's choice when a field and its document have none)."""
    plain = {m.group(1).lower() for m in _S_WORD.finditer(text)}
    names = {m.group(1).lower() for m in _NAME.finditer(text)}
    possessive, pairs, apostrophes = _around_apostrophes(text, names)
    return [sorted(possessive), sorted(plain), sorted(names), sorted(pairs), apostrophes]


def _around_apostrophes(text: str, names: set) -> tuple[set, set, list]:
    """(possessive stems, ``x y`` pairs, [straight, curly] in-word apostrophes), capitalised
    stems added to ``names``.  Anchored on the apostrophes (a few per file) rather than a
    pattern tried at every letter: the same matches as ``_POSSESSIVE`` and
    ``_POSSESSIVE_PAIR`` scanning the text (a pair's next word is not a stem again), at a
    fifth of the cost on the corpus."""
    possessive, pairs, counts, pair_end = set(), set(), [0, 0], 0
    letters, size = _ASCII_LETTERS, len(text)
    for hit in _APOSTROPHE.finditer(text):
        at = hit.start()
        if at == 0 or at + 1 >= size or text[at - 1] not in letters or text[at + 1] not in letters:
            continue
        counts[hit.group() != "'"] += 1
        if text[at + 1] != "s":
            continue
        start = at - 1
        while start and text[start - 1] in letters:
            start -= 1
        if at - start < 2:
            continue
        if _POSSESSIVE.match(text, start):
            possessive.add(text[start:at].lower())
            if text[start].isupper():
                names.add(text[start:at].lower())
        pair = _POSSESSIVE_PAIR.match(text, start) if start >= pair_end else None
        if pair:
            pairs.add(f"{pair.group(1).lower()} {pair.group(2).lower()}")
            pair_end = pair.end()
    return possessive, pairs, counts


@dataclass
class Vocabulary:
    """Counts of files: writing ``x’s`` (``possessive``), the bare word ``xs`` (``plain``),
    ``X`` as a name mid-sentence (``names``); plus the reviewed file's words."""

    possessive: Counter = field(default_factory=Counter)
    plain: Counter = field(default_factory=Counter)
    names: Counter = field(default_factory=Counter)
    pairs: Counter = field(default_factory=Counter)  # "x y": files writing "x’s y"
    files: int = 0
    apostrophes: tuple = (0, 0)  # (straight, curly) in-word apostrophes in the site's files
    accepted: frozenset = frozenset()  # stems the vocabulary file lists as possessives ("clearview")
    rejected: frozenset = frozenset()  # words the vocabulary file says are never possessives ("teams")

    def add(self, learned, sign: int = 1) -> None:
        """Add (or, with ``sign=-1``, remove) one file's contribution."""
        possessive, plain, names, pairs, (straight, curly) = learned
        for counter, words in ((self.possessive, possessive), (self.plain, plain), (self.names, names),
                               (self.pairs, pairs)):
            for word in words:
                counter[word] += sign
        self.files += sign
        self.apostrophes = (self.apostrophes[0] + sign * straight, self.apostrophes[1] + sign * curly)

    def digest(self) -> str:
        """A short hash of everything a verdict may depend on (the result cache keys on it).

        Exact counts: the learned score reads ``log2(1 + count)`` of the bare word, the
        messages print how many files write a pair or a name, and the score needs a site of
        ``MIN_SITE_FILES`` files; a capped count would let a cached result differ from a fresh
        one.  Of the site's apostrophes only which kind it writes more of matters.
        """
        import hashlib  # here, not at import: it loads OpenSSL (~7 ms), and most runs never ask

        straight, curly = self.apostrophes
        parts = [sorted((+self.possessive).items()), sorted((+self.pairs).items()), sorted((+self.plain).items()),
                 sorted((+self.names).items()), self.files, (straight > curly) - (straight < curly),
                 sorted(self.accepted), sorted(self.rejected)]
        return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
