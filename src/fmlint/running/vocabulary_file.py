"""The reviewed vocabulary file (``vocabulary = ".fmlint-vocab.txt"``): read it, and write
what ``fmlint vocab`` proposes from the content without touching a line the user wrote.

A line ``Clearview’s`` says the site writes that possessive (FM613 repairs ``Clearviews``
with certainty); a line ``!Teams`` says the bare word is never a possessive here.  The
conventions are Vale's accept/reject vocabularies in one file; ``#`` starts a comment.
"""

from __future__ import annotations

import os

from fmlint.rules.text import glitch_tables as g

MAX_FILE_BYTES = 1 << 20  # a larger file is no vocabulary


def read_text(path: str) -> str:
    """A vocabulary file's text; '' when missing or unreadable.  Bounded: a committed FIFO
    or a link to /dev/zero is no vocabulary."""
    from fmlint.reading.files import read_small

    try:
        return read_small(path, MAX_FILE_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return ""


def read_vocabulary_file(path: str) -> tuple[frozenset, frozenset]:
    """(accepted stems, rejected words) from a vocabulary file; a missing file is empty."""
    return _parse_lines(read_text(path).splitlines())

DEFAULT_FILE = ".fmlint-vocab.txt"
_HEADER = ("# fmlint vocabulary: possessives this site writes (FM613 restores their apostrophe),\n"
           "# one a line, e.g. Clearview’s; a line !Word says the bare word is never a possessive.\n"
           "# Review it: `fmlint vocab` adds what the content shows and keeps every line you edit.\n")


def updated_vocabulary_file(learned, existing: str, min_files: int = 2) -> tuple[str, list[str]]:
    """The vocabulary file's new text and the words added: for ``learned`` (a
    ``vocabulary.Vocabulary``), each possessive the site writes
    in at least ``min_files`` files, and three times as often as the bare ``-s`` word."""
    accepted, rejected = _parse_lines(existing.splitlines())
    mark = "'" if learned.apostrophes[0] > learned.apostrophes[1] else "\u2019"
    added = []
    for stem, written in sorted(learned.possessive.items(), key=lambda item: (-item[1], item[0])):
        bare = learned.plain.get(stem + "s", 0)
        if written < min_files or bare * 3 > written or stem in accepted or stem + "s" in rejected \
                or stem + "s" in g.SURE_LOWER or stem in g.NOT_POSSESSIVE:  # contractions: "here's"
            continue
        shown = stem.capitalize() if learned.names.get(stem) else stem
        added.append(f"{shown}{mark}s  # {written} files write it, {bare} the bare {stem}s")
    text = existing if existing.strip() else _HEADER
    if added:
        text = text + ("" if text.endswith("\n") else "\n") + "\n".join(added) + "\n"
    return text, added


def _parse_lines(lines: list[str]) -> tuple[frozenset, frozenset]:
    accepted, rejected = set(), set()
    for line in lines:
        word = line.split("#", 1)[0].strip()
        if word.startswith("!") and word[1:].isalpha():
            rejected.add(word[1:].lower())
        elif len(word) > 2 and word[-2] in "'\u2019" and word[-1] == "s" and word[:-2].isalpha():
            accepted.add(word[:-2].lower())
    return frozenset(accepted), frozenset(rejected)


def write_vocabulary_file(path: str, text: str) -> None:
    """Write ``text`` whole and atomically (a new file, or a replacement: never half a file)."""
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=".fmlint-vocab-", dir=os.path.dirname(path) or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
