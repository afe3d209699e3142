#!/usr/bin/env python3
"""FM613 on correct English it never saw: the comments and docs of Python's library.

    python bench/possessive_precision.py [--src OTHER/src ...] [--limit N]

The development set (``apostrophe_devset.py``) measures FM613 on one news site and the Jekyll
docs, where its weights were learned.  Here the text is other authors' English: the
comments, docstrings and documentation of the Python standard library and the packages
installed beside it (the same text ``ambiguous_words.py`` reads).  Each line that holds a
word FM613 reads (a word of 4+ letters ending in "s") or a possessive becomes a snippet (the
line joined with its neighbours, as hard-wrapped text reads, cut to 220 characters), checked
as a literal block in one front-matter field:

* **as written**: every FM613 flag is on correct text (false), unless the author dropped the
  apostrophe (read the listed flags);
* **stripped**: each possessive ``X’s`` loses its apostrophe; a flag at that word is found.

Three situations, as a user meets them: a file alone (no site: the learned score is off), a
file in a site of 60 plain pages that says nothing about its words (the learned score on,
no evidence from the site), and the Python text as the site (each source file one page of
it, its possessives kept: the one-field situation of the development set).
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ambiguous_words import roots, run_trees, text_files  # noqa: E402

_CANDIDATE = re.compile(r"(?<![\w'’\-/@#.:])[A-Za-z][A-Za-z]+[A-Za-rt-z]s(?![\w'’\-:])")
# A possessive as written: a stem of 2+ letters and 's, not a contraction of "is"/"has"/"us".
_POSSESSIVE = re.compile(r"(?<![\w'’\-/@#.:])([A-Za-z][A-Za-z]+)['’]s(?![\w'’\-:])")
_NOT_POSSESSIVE = frozenset("it let that what he she there here who where how why when one everyone "
                            "someone nobody everything something nothing this".split())
SITUATIONS = ("alone", "plain site", "python site")
FILLER = ["A plain page about the harbour."] * 60


def sources() -> list[tuple[str, list[str]]]:
    """(path, its comment-stripped lines) for each text file of the library."""
    return [(str(path), lines) for path, lines in text_files()]


def snippets(files: list[tuple[str, list[str]]], limit: int) -> list[tuple]:
    """(snippet, spans of its possessives, its file's number, first and last line) for
    distinct prose lines, every k-th to ``limit``."""
    rows, seen = [], set()
    for number, (_, lines) in enumerate(files):
        for index, line in enumerate(lines):
            if not _prose(line) or not (_CANDIDATE.search(line) or "'s" in line or "’s" in line):
                continue
            head = lines[index - 1] + " " if index and _prose(lines[index - 1]) else ""
            tail = " " + lines[index + 1] if index + 1 < len(lines) and _prose(lines[index + 1]) else ""
            text = (head + line + tail)[:220]
            if text in seen:
                continue
            seen.add(text)
            spans = [(m.start(), m.end()) for m in _POSSESSIVE.finditer(text)
                     if m.group(1).lower() not in _NOT_POSSESSIVE]
            rows.append((text, spans, number, index - bool(head), index + bool(tail)))
    step = max(1, len(rows) // limit)
    return rows[::step][:limit]


def _prose(line: str) -> bool:
    """A line of English: mostly letters and blanks, no code punctuation."""
    if len(line) < 20 or any(mark in line for mark in ("(", "=", "{", "[", "`", "::", ">>>", "\\", "_")):
        return False
    letters = sum(char.isalpha() or char == " " for char in line)
    return letters >= 0.9 * len(line)


def stripped(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The snippet with its possessives' apostrophes removed, and where each word now starts."""
    out, starts, last, shift = [], [], 0, 0
    for start, end in spans:
        apostrophe = end - 2
        out.append(text[last:apostrophe])
        starts.append(start - shift)
        last, shift = apostrophe + 1, shift + 1
    out.append(text[last:])
    return "".join(out), starts


def checked(rows_file: str) -> None:
    """In a tree's own process: per situation, per row, the FM613 flags (column, tier) as
    written and stripped."""
    from fmlint.rules import catalog
    from fmlint.rules.engine import Settings, lint_bytes
    from fmlint.running.vocabulary import Vocabulary, learn

    files, rows = pickle.loads(Path(rows_file).read_bytes())
    learned = [learn("\n".join(lines)) for _, lines in files]
    sites = {"alone": None, "plain site": _site(Vocabulary, [learn(text) for text in FILLER]),
             "python site": _site(Vocabulary, learned)}
    result = {}
    for situation, vocabulary in sites.items():
        options = {} if vocabulary is None else {"vocabulary": vocabulary}
        settings = Settings(tuple(catalog.select(("FM613",))), None, options)
        flagged, swapping = [], situation == "python site"
        for text, spans, number, first, last in rows:
            plain, starts = stripped(text, spans)
            written = _flags(lint_bytes, settings, text)
            if swapping:  # the docs as the site hold the snippet's file as stripped, as the development set does
                as_stripped = learn(_stripped_file(files[number][1], first, last))
                _swap(vocabulary, learned[number], as_stripped)
            flagged.append((written, _flags(lint_bytes, settings, plain), starts))
            if swapping:
                _swap(vocabulary, as_stripped, learned[number])
        result[situation] = flagged
    json.dump(result, sys.stdout)


def _swap(site, out, into) -> None:
    """One file's contribution ``out`` of the site's counts, another's ``into`` them."""
    site.learned.add(out, -1)
    site.learned.add(into)


def _stripped_file(lines: list[str], first: int, last: int) -> str:
    """The source file with the possessives of the snippet's lines stripped."""
    changed = list(lines)
    for index in range(first, last + 1):
        changed[index] = _POSSESSIVE.sub(lambda m: m.group() if m.group(1).lower() in _NOT_POSSESSIVE
                                         else m.group()[:-2] + "s", changed[index])
    return "\n".join(changed)


class _Site:
    """A site's learned vocabulary, as the config hands it to the rules."""

    def __init__(self, learned) -> None:
        self.learned = learned


def _site(vocabulary_type, contributions: list) -> _Site:
    learned = vocabulary_type()
    for contribution in contributions:
        learned.add(contribution)
    learned.accepted, learned.rejected = frozenset(), frozenset()
    return _Site(learned)


def _flags(lint_bytes, settings, text: str) -> list[tuple[int, str]]:
    data = ("---\ntitle: x\nexcerpt: |\n  " + text + "\n---\n").encode("utf-8")
    return [(d.column - 3, _tier(d)) for d in lint_bytes(data, "x.md", settings) if d.line == 4]


def _tier(diagnostic) -> str:
    if diagnostic.severity == "error":
        return "certain"
    return "likely" if diagnostic.fix is not None else "possible"


def report(rows: list, results: dict[str, dict]) -> str:
    words = sum(len(_CANDIDATE.findall(text)) for text, *_ in rows)
    possessives = sum(len(spans) for _, spans, *_ in rows)
    lines = [f"{len(rows):,} snippets: {words:,} candidate words as written, {possessives:,} possessives stripped.", "",
             "| tree | situation | flags on text as written (certain / likely / possible) | "
             "possessives found when stripped | recall |", "|---|---|--:|--:|--:|"]
    for tree, per in results.items():
        for situation in SITUATIONS:
            false, found = Counter(), 0
            for written, plain, starts in per[situation]:
                false.update(tier for _, tier in written)
                columns = {column for column, _ in plain}
                found += sum(start in columns for start in starts)
            lines.append(f"| {Path(tree).parent.name}/{Path(tree).name} | {situation} | {sum(false.values())} "
                         f"({false['certain']} / {false['likely']} / {false['possible']}) | {found:,} of "
                         f"{possessives:,} | {found / max(1, possessives):.2f} |")
    for tree, per in results.items():
        shown = [(situation, rows[index][0], column, tier) for situation in SITUATIONS
                 for index, (written, _, _) in enumerate(per[situation]) for column, tier in written]
        lines += ["", f"Flags on text as written, {tree}: {len(shown)}", ""]
        lines += [f"- {situation}, {tier}: `{_around(text, column)}`" for situation, text, column, tier in shown]
    return "\n".join(lines)


def _around(text: str, column: int) -> str:
    return text[max(0, column - 30):column + 40].replace("`", "'")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", action="append", default=[], help="a tree's src/ (repeat to compare)")
    parser.add_argument("--limit", type=int, default=6000, help="snippets at most (every k-th line)")
    parser.add_argument("--check", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check:
        checked(args.check)
        return
    files = sources()
    rows = snippets(files, args.limit)
    print(f"From {', '.join(str(root) for root in roots())}:\n")
    print(report(rows, run_trees(__file__, (files, rows), args.src)))


if __name__ == "__main__":
    main()
