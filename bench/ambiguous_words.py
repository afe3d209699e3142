#!/usr/bin/env python3
"""FM611/FM612's precision on correct English: "its", "were", "well", "lets" in Python's own docs.

    python bench/ambiguous_words.py [--src OTHER/src ...]

The development set (``apostrophe_devset.py``) measures recall on one site's text; whether a
context leaves correct English alone needs far more text than that.  The comments, docstrings
and documentation of the Python standard library and the packages installed beside it are
real English by many authors, where "its" and "it's", "were" and "we're" are both common.
Every occurrence of the four words and their contractions becomes a snippet of real text:
its line joined with the lines before and after (comment marks removed, as hard-wrapped text
reads), cut to 100 characters before and 120 after.  A contraction's apostrophe is removed
(it should be flagged); a word as written should not be.  Each snippet is checked as a
literal block of front matter by FM611 and FM612 of each ``--src`` tree (default: this
one), one process per tree; the report counts the flags at the word and lists each flag on
a word as written that one tree gives and another does not (read them: many are the
authors' own dropped apostrophes, "Its highly recommended").
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import subprocess
import sys
import sysconfig
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_WORDS = re.compile(r"(?i)(?<![\w'’])(its|it['’]s|were|we['’]re|well|we['’]ll|lets|let['’]s)(?![\w'’])")
_COMMENT = re.compile(r"^\s*(#+|\*|//|\.\.)?\s*")


def roots() -> list[Path]:
    """The standard library and the site-packages of this interpreter."""
    found = [Path(sysconfig.get_paths()["stdlib"]), Path(sysconfig.get_paths()["purelib"])]
    return [root for root in dict.fromkeys(found) if root.is_dir()]


def text_files():
    """(path, its lines with comment marks removed) for each text file under ``roots()``."""
    for root in roots():
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".py", ".txt", ".rst", ".md") or not path.is_file():
                continue
            try:
                yield path, [_COMMENT.sub("", line).rstrip() for line in path.read_text("utf-8").splitlines()]
            except (OSError, UnicodeDecodeError):
                continue


def snippets() -> list[tuple[str, str, int, int]]:
    """(word as written, snippet, start, end) for each distinct occurrence."""
    found, seen = [], set()
    for _, lines in text_files():
        for index, line in enumerate(lines):
            found += _in_line(lines, index, line, seen)
    return found


def _in_line(lines: list[str], index: int, line: str, seen: set) -> list[tuple[str, str, int, int]]:
    found = []
    for match in _WORDS.finditer(line):
        head = lines[index - 1] + " " if index and lines[index - 1] else ""
        tail = " " + lines[index + 1] if index + 1 < len(lines) and lines[index + 1] else ""
        joined, start = head + line + tail, len(head) + match.start()
        cut = max(0, start - 100)
        snippet = joined[cut:start + len(match.group()) + 120]
        if (snippet, start - cut) not in seen:
            seen.add((snippet, start - cut))
            found.append((match.group(), snippet, start - cut, start - cut + len(match.group())))
    return found


def checked(rows_file: str) -> None:
    """In a tree's own process: (bare word, was a contraction, flagged, snippet) per row, as JSON."""
    from fmlint.rules import catalog
    from fmlint.rules.engine import Settings, lint_bytes

    settings = Settings(tuple(catalog.select(("FM611", "FM612"))), None, {})
    result = []
    for written, snippet, start, end in pickle.loads(Path(rows_file).read_bytes()):
        bare = re.sub("['’]", "", written)
        text = snippet[:start] + bare + snippet[end:]
        data = ("---\ntitle: x\nexcerpt: |\n  " + text + "\n---\n").encode("utf-8")
        flagged = any(d.line == 4 and d.column - 3 == start for d in lint_bytes(data, "x.md", settings))
        result.append((bare.lower(), bare != written, flagged, text[max(0, start - 50):start + 60]))
    json.dump(result, sys.stdout)


def run_trees(script: str, payload, sources: list[str]) -> dict:
    """``script --check FILE`` (``payload`` pickled in FILE) run once per tree's ``src/`` (this
    one by default), each in its own process with ``PYTHONPATH`` at that tree, in the
    temporary folder (no site around it); each tree's JSON answer by its path."""
    with tempfile.NamedTemporaryFile(suffix=".pkl", delete=False) as handle:
        pickle.dump(payload, handle)
    try:
        trees = [Path(src).resolve() for src in sources] or [REPO / "src"]
        return {str(tree): _run_tree(script, tree, handle.name) for tree in trees}
    finally:
        os.unlink(handle.name)


def _run_tree(script: str, src: Path, payload_file: str):
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, script, "--check", payload_file], env=env, check=True,
                         capture_output=True, text=True, cwd=tempfile.gettempdir()).stdout
    return json.loads(out)


def report(results: dict[str, list]) -> str:
    lines = ["| tree | word | contractions flagged (apostrophe removed) | words as written flagged |",
             "|---|---|--:|--:|"]
    for tree, rows in results.items():
        count = Counter((word, contraction, flagged) for word, contraction, flagged, _ in rows)
        for word in ("its", "were", "well", "lets"):
            contractions = count[word, True, True] + count[word, True, False]
            written = count[word, False, True] + count[word, False, False]
            lines.append(f"| {tree} | {word} | {count[word, True, True]:,} of {contractions:,} | "
                         f"{count[word, False, True]:,} of {written:,} |")
    trees = list(results)
    for a in trees:
        for b in trees:
            if a != b:
                only = [row[3] for row, other in zip(results[b], results[a]) if not row[1] and row[2] and not other[2]]
                lines += ["", f"Words as written flagged by {b} and not by {a}: {len(only)}", ""]
                lines += [f"- `{text}`" for text in only]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", action="append", default=[], help="a tree's src/ (repeat to compare)")
    parser.add_argument("--check", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check:
        checked(args.check)
        return
    rows = snippets()
    print(f"{len(rows):,} snippets from {', '.join(str(root) for root in roots())}\n")
    print(report(run_trees(__file__, rows, args.src)))


if __name__ == "__main__":
    main()
