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
import os
import stat

from fmlint.running.vocabulary_counts import Vocabulary, learn
from fmlint.running.vocabulary_store import (CACHE_NAME, SUMMARY_NAME, load_summary, proven_entry, raw_entries,
                                             save_cache, save_summary, sealed_entry)
from fmlint.running.vocabulary_walk import content_files, repository_root

__all__ = ["RepositoryVocabulary", "Vocabulary", "cache_disabled", "for_default_config", "learn", "learn_repository"]


MAX_FILE_BYTES = 1 << 20  # a larger file is not read for vocabulary (it still is checked)
_CACHE = {"enabled": True}

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
    summary = load_summary(os.path.join(folder, SUMMARY_NAME))
    if summary is not None and summary[0] == current:
        return summary[1]
    raw = raw_entries(os.path.join(folder, CACHE_NAME))
    vocabulary = _updated(summary, current, raw, stamps) if summary is not None else None
    if vocabulary is None:
        vocabulary = Vocabulary()
        for relative, (path, stamp) in stamps.items():
            known = proven_entry(raw, relative)
            learned = known[1] if known is not None and known[0] == stamp else _learn_file(path, stamp[0])
            if learned is not None:
                raw[relative] = sealed_entry(relative, [stamp, learned])
                vocabulary.add(learned)
    entries = {relative: raw[relative] for relative in current if relative in raw}
    save_cache(os.path.join(folder, CACHE_NAME), entries)
    save_summary(os.path.join(folder, SUMMARY_NAME), {k: v[0] for k, v in entries.items()}, vocabulary)
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
            known = proven_entry(raw, relative)
            if known is None or known[0] != files[relative]:
                return None
            vocabulary.add(known[1], -1)
            raw.pop(relative)
        if relative in current:
            path, stamp = stamps[relative]
            learned = _learn_file(path, stamp[0])
            if learned is not None:
                raw[relative] = sealed_entry(relative, [stamp, learned])
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


def _learn_file(path: str, size: int):
    if size > MAX_FILE_BYTES:
        return None
    try:
        with open(path, "rb") as handle:
            return learn(handle.read().decode("utf-8", "replace"))
    except OSError:
        return None


class RepositoryVocabulary(str):
    """The vocabulary of a project, learned on first use (rules ask only when a word needs it).

    As a string it is its description ("learned from /site and .fmlint-vocab.txt"), so
    ``--show-config`` and every consumer of rule options shows it as a plain value.  Its
    ``repr`` names where it learns from without learning: the result cache's key for the
    settings.  A lint that reads the vocabulary records ``input_key`` (``record_input``),
    and the cache keeps the entry only while ``input_stamp`` (the digest of what was
    learned) is unchanged: a verdict is re-checked when the site's evidence changes, and
    a file whose rules never asked (no candidate word for FM613, no word the contraction
    rules flag and must give the site's apostrophe) neither learns nor loses its entry.
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
        self._digest: str | None = None
        self.input_key = f"{INPUT_PREFIX}{root}\0{vocabulary_file or ''}\0{chr(1).join(exclude)}"
        _LIVE[self.input_key] = self

    def __reduce__(self):
        """Pickled for a spawned worker (no fork: nothing inherited), it carries ``--no-cache``
        along: the worker's module state would say "cache on"."""
        return RepositoryVocabulary, (self.root, self.vocabulary_file, self.exclude,
                                      self.use_cache and _CACHE["enabled"])

    @property
    def learned(self) -> Vocabulary:
        """What the site writes (learned on first use); the lint asking depends on it."""
        from fmlint.rules.engine import record_input

        record_input(self.input_key)
        return self._load()

    def _load(self) -> Vocabulary:
        if self._learned is None:
            learned = learn_repository(self.root, self.exclude, use_cache=self.use_cache)
            if self.vocabulary_file:
                from fmlint.running.vocabulary_file import read_vocabulary_file

                learned.accepted, learned.rejected = read_vocabulary_file(os.path.join(self.root, self.vocabulary_file))
            self._learned = learned
        return self._learned

    def digest(self) -> str:
        """``Vocabulary.digest`` of what was learned, worked out once (every cache entry asks)."""
        if self._digest is None:
            self._digest = self._load().digest()
        return self._digest

    def __repr__(self) -> str:
        return f"RepositoryVocabulary({self.root!r}, {self.vocabulary_file!r}, {self.exclude!r})"


INPUT_PREFIX = "vocabulary:"
_LIVE: dict[str, RepositoryVocabulary] = {}  # this process's vocabularies, by ``input_key``


def input_stamp(key: str) -> str:
    """The digest of what the vocabulary ``key`` names has learned; for one this process does
    not hold, a value no stored stamp equals (a cache entry naming it is then not reused)."""
    vocabulary = _LIVE.get(key)
    return vocabulary.digest() if vocabulary is not None else f"missing {os.urandom(8).hex()}"
