"""The repository's own vocabulary: which possessives the site writes, learned from its content.

A dropped apostrophe in ``Clearviews tech`` looks like a plural; what tells it apart is
the rest of the site, which writes ``Clearview’s`` in other files.  Pre-commit passes one
changed file, so the evidence cannot come from the files on the command line: it is
learned from every content file under the project's root (the config's folder; without
a config, the git work tree's root, else the current folder: ``for_default_config``),
the files ``.gitignore`` hides left out (``git ls-files``, bounded; else a plain walk),
and cached in ``.fmlint_cache/vocabulary.json`` per file, keyed by size and modification
time (``--no-cache`` neither reads nor writes it: ``cache_disabled``).  Every run
re-stats every file and re-reads the ones that changed, so the cache never proves more
than the files do; only the rules that find a candidate word ask for it
(``RepositoryVocabulary`` loads on first use).

A reviewed vocabulary file (``vocabulary = ".fmlint-vocab.txt"`` in the config; ``fmlint
vocab`` writes it) adds what users know: a line ``Clearview’s`` says the site writes that
possessive, a line ``!Teams`` says the bare word is never a possessive here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field

from fmlint.running.vocabulary_walk import content_files, repository_root


CACHE_NAME = "vocabulary.json"  # per file: what each contributes
SUMMARY_NAME = "vocabulary-summary.json"  # the sum, and the stamps it was made from
CACHE_VERSION = "vocabulary-2"
MAX_FILE_BYTES = 1 << 20  # a larger file is not read for vocabulary (it still is checked)
_CACHE = {"enabled": True}

_POSSESSIVE = re.compile(r"(?<![\w'\u2019])([A-Za-z][A-Za-z]+)['\u2019]s(?![\w'\u2019])")
_POSSESSIVE_PAIR = re.compile(r"(?<![\w'\u2019])([A-Za-z][A-Za-z]+)['\u2019]s[ \t]([A-Za-z][A-Za-z\-]*)")
_S_WORD = re.compile(r"(?<![\w'\u2019])([A-Za-z][A-Za-z]+s)(?![\w'\u2019])")
# A capitalised word after a lower-case word or a comma: a name, not a sentence start.
_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+[A-Za-z]*)(?![\w'\u2019])")
_IN_WORD = re.compile(r"(?<=[A-Za-z])['\u2019](?=[A-Za-z])")
_IN_WORD_CURLY = re.compile(r"(?<=[A-Za-z])\u2019(?=[A-Za-z])")


def learn(text: str) -> list:
    """What one file contributes: [possessive stems, bare ``-s`` words, names (capitalised
    mid-sentence, or in a capitalised possessive),
    ``x’s y`` pairs] (each lower-cased, unique and sorted so the cache is stable) and [straight, curly]
    in-word apostrophes (the site's choice when a field and its document have none)."""
    possessive = {m.group(1).lower() for m in _POSSESSIVE.finditer(text)}
    plain = {m.group(1).lower() for m in _S_WORD.finditer(text)}
    names = {m.group(1).lower() for m in _NAME.finditer(text)}
    names.update(m.group(1).lower() for m in _POSSESSIVE.finditer(text) if m.group(1)[0].isupper())
    curly = len(_IN_WORD_CURLY.findall(text))
    pairs = {f"{m.group(1).lower()} {m.group(2).lower()}" for m in _POSSESSIVE_PAIR.finditer(text)}
    return [sorted(possessive), sorted(plain), sorted(names), sorted(pairs),
            [len(_IN_WORD.findall(text)) - curly, curly]]


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
        """A short hash of what a verdict may depend on (the result cache keys on it).

        The rules compare counts with small thresholds, so counts are kept only as far as
        the rules read them: an edit that changes no possessive evidence (most edits) keeps
        the digest, and the other files' cached results stay valid.
        """
        stems = set(+self.possessive)
        plain = sorted((word, count if word[:-1] in stems else min(count, 2)) for word, count in (+self.plain).items())
        parts = [sorted((+self.possessive).items()), sorted((k, min(n, 2)) for k, n in (+self.pairs).items()),
                 plain, sorted(k for k, n in self.names.items() if n >= 3), self.apostrophes,
                 sorted(self.accepted), sorted(self.rejected)]
        return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def for_default_config(config, folder: str, known: dict):
    """``config`` itself, or, when no config file applies (``config.root`` is None), a copy
    whose options hold the vocabulary of ``repository_root(folder)``: pre-commit with no
    config still gets the site's evidence.  ``known`` keeps one vocabulary per root."""
    if config.root is not None or "vocabulary" in config.options:
        return config
    root = repository_root(folder)
    if root is None:
        return config
    vocabulary = known.get(root)
    if vocabulary is None:
        vocabulary = known[root] = RepositoryVocabulary(root)
    return dataclasses.replace(config, options={**config.options, "vocabulary": vocabulary})


@contextlib.contextmanager
def cache_disabled(disabled: bool = True):
    """Within it (``--no-cache``), vocabularies are learned afresh: no cache is read or written.
    Worker processes forked meanwhile inherit the setting."""
    before = _CACHE["enabled"]
    _CACHE["enabled"] = before and not disabled
    try:
        yield
    finally:
        _CACHE["enabled"] = before


def learn_repository(root: str, exclude: tuple[str, ...] = (), cache_folder: str | None = None,
                     use_cache: bool = True) -> Vocabulary:
    """The vocabulary of every content file under ``root``, re-reading only changed files.

    Every file is stat-ed.  When every stamp equals the summary's, the summary is the
    answer (one sealed read, ~20 ms for 2,500 files).  When a few changed (the usual
    pre-commit run), the summary is updated: the changed files' old contributions (their
    sealed per-file entries) are taken out and their new ones put in.  Else everything
    is summed again from the per-file entries, re-reading the files that changed.
    """
    stamps = _stamps(root, exclude)
    if not (use_cache and _CACHE["enabled"]):
        return _learned_afresh(stamps)
    folder = cache_folder or os.path.join(root, ".fmlint_cache")
    current = {relative: stamp for relative, (_, stamp) in stamps.items()}
    summary = _load_summary(os.path.join(folder, SUMMARY_NAME))
    if summary is not None and summary[0] == current:
        return summary[1]
    raw = _raw_entries(os.path.join(folder, CACHE_NAME))
    vocabulary = _updated(summary, current, raw, stamps) if summary is not None else None
    if vocabulary is None:
        vocabulary = Vocabulary()
        for relative, (path, stamp) in stamps.items():
            known = _entry(raw, relative)
            learned = known[1] if known is not None and known[0] == stamp else _learn_file(path, stamp[0])
            if learned is not None:
                raw[relative] = _sealed(relative, [stamp, learned])
                vocabulary.add(learned)
    entries = {relative: raw[relative] for relative in current if relative in raw}
    _save_cache(os.path.join(folder, CACHE_NAME), entries)
    _save_summary(os.path.join(folder, SUMMARY_NAME), {k: v[0] for k, v in entries.items()}, vocabulary)
    return vocabulary


def _learned_afresh(stamps: dict) -> Vocabulary:
    vocabulary = Vocabulary()
    for path, (size, _) in stamps.values():
        learned = _learn_file(path, size)
        if learned is not None:
            vocabulary.add(learned)
    return vocabulary


def _updated(summary, current: dict, raw: dict, stamps: dict) -> Vocabulary | None:
    """The summary with the changed files' contributions replaced (``raw`` updated), or None
    when an old contribution cannot be proven (its entry missing or not sealed by us)."""
    files, vocabulary = summary
    for relative in set(files) | set(current):
        if files.get(relative) == current.get(relative):
            continue
        if relative in files:
            known = _entry(raw, relative)
            if known is None or known[0] != files[relative]:
                return None
            vocabulary.add(known[1], -1)
            raw.pop(relative)
        if relative in current:
            path, stamp = stamps[relative]
            learned = _learn_file(path, stamp[0])
            if learned is not None:
                raw[relative] = _sealed(relative, [stamp, learned])
                vocabulary.add(learned)
    return vocabulary


def _stamps(root: str, exclude: tuple[str, ...]) -> dict:
    """{relative path: (path, [size, mtime_ns])} of the regular content files (links skipped)."""
    found = {}
    for path, relative in content_files(root, exclude):
        try:
            status = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode):
            found[relative] = (path, [status.st_size, status.st_mtime_ns])
    return found


def _load_summary(path: str) -> tuple[dict, Vocabulary] | None:
    """(the stamps it was made from, the summed vocabulary), when this user sealed it."""
    from fmlint.running.cache_store import is_sealed, read_entries

    entry = read_entries(path, CACHE_VERSION).get("summary")
    if not (isinstance(entry, list) and len(entry) == 3 and is_sealed("summary", entry[:2], entry[2])):
        return None
    files, counts = entry[0], entry[1]
    try:
        possessive, plain, names, pairs, apostrophes, total = counts
        return dict(files), Vocabulary(Counter(possessive), Counter(plain), Counter(names), Counter(pairs),
                                       int(total), (int(apostrophes[0]), int(apostrophes[1])))
    except (TypeError, ValueError, IndexError):
        return None


def _save_summary(path: str, files: dict, vocabulary: Vocabulary) -> None:
    from fmlint.running.cache_store import seal, write_entries

    counts = [dict(+vocabulary.possessive), dict(+vocabulary.plain), dict(+vocabulary.names), dict(+vocabulary.pairs),
              list(vocabulary.apostrophes), vocabulary.files]
    body = [files, counts]
    write_entries(os.path.dirname(path), path, CACHE_VERSION, {"summary": [*body, seal("summary", body)]})


def _learn_file(path: str, size: int):
    if size > MAX_FILE_BYTES:
        return None
    try:
        with open(path, "rb") as handle:
            return learn(handle.read().decode("utf-8", "replace"))
    except OSError:
        return None


def _raw_entries(path: str) -> dict:
    """The per-file entries as stored; each is proven (``_entry``) only when it is used."""
    from fmlint.running.cache_store import read_entries

    return dict(read_entries(path, CACHE_VERSION))


def _entry(raw: dict, relative: str):
    """[stamp, learned] of one stored entry when this user sealed it (``cache_store``: each
    entry carries an HMAC with the user's secret) and it has exactly our shape; else None."""
    from fmlint.running.cache_store import is_sealed

    value = raw.get(relative)
    if isinstance(value, list) and len(value) == 3 and _valid_entry(value[:2]) and is_sealed(relative, value[:2],
                                                                                            value[2]):
        return value[:2]
    return None


def _sealed(relative: str, entry: list) -> list:
    from fmlint.running.cache_store import seal

    return [*entry, seal(relative, entry)]


def _valid_entry(value) -> bool:
    """A cache entry is used only when its shape is exactly what we write."""
    return (isinstance(value[0], list) and len(value[0]) == 2 and all(isinstance(n, int) for n in value[0])
            and isinstance(value[1], list) and len(value[1]) == 5
            and all(isinstance(words, list) and all(isinstance(w, str) for w in words) for words in value[1][:4])
            and isinstance(value[1][4], list) and len(value[1][4]) == 2
            and all(isinstance(n, int) and n >= 0 for n in value[1][4]))


def _save_cache(path: str, entries: dict) -> None:
    """Entries as stored (sealed); a cache that cannot be written costs a re-read next time."""
    from fmlint.running.cache_store import write_entries

    write_entries(os.path.dirname(path), path, CACHE_VERSION, entries)


class RepositoryVocabulary(str):
    """The vocabulary of a project, learned on first use (rules ask only when a word needs it).

    As a string it is its description ("learned from /site and .fmlint-vocab.txt"), so
    ``--show-config`` and every consumer of rule options shows it as a plain value; its
    ``repr`` is the digest of what it learned, so the result cache keys on the
    repository's vocabulary (a verdict is re-checked when the site's evidence changes).
    """

    def __new__(cls, root: str, vocabulary_file: str | None = None, exclude: tuple[str, ...] = (),
                use_cache: bool = True):
        described = f"learned from {root}" + (f" and {vocabulary_file}" if vocabulary_file else "")
        return super().__new__(cls, described)

    def __init__(self, root: str, vocabulary_file: str | None = None, exclude: tuple[str, ...] = (),
                 use_cache: bool = True):
        super().__init__()
        self.root, self.vocabulary_file, self.exclude = root, vocabulary_file, exclude
        self.use_cache = use_cache
        self._learned: Vocabulary | None = None

    def __reduce__(self):
        """Pickled for a spawned worker (no fork: nothing inherited), it carries ``--no-cache``
        along: the worker's module state would say "cache on"."""
        return RepositoryVocabulary, (self.root, self.vocabulary_file, self.exclude,
                                      self.use_cache and _CACHE["enabled"])

    @property
    def learned(self) -> Vocabulary:
        if self._learned is None:
            learned = learn_repository(self.root, self.exclude, use_cache=self.use_cache)
            if self.vocabulary_file:
                from fmlint.running.vocabulary_file import read_vocabulary_file

                learned.accepted, learned.rejected = read_vocabulary_file(os.path.join(self.root, self.vocabulary_file))
            self._learned = learned
        return self._learned

    def __repr__(self) -> str:
        return f"RepositoryVocabulary({self.learned.digest()})"
