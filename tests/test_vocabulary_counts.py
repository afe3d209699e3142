"""``learn`` (what one file tells about the site's possessives) against a plain reference:
the patterns it stands for, each scanned over the whole text.  ``learn`` anchors on the
apostrophes instead (a fifth of the cost); the two must agree on every input."""

from __future__ import annotations

import random
import re

import pytest
from conftest import SHARED

from fmlint.running.vocabulary_counts import learn

POSSESSIVE = re.compile(r"(?<![\w'\u2019])([A-Za-z][A-Za-z]+)['\u2019]s(?![\w'\u2019])")
PAIR = re.compile(r"(?<![\w'\u2019])([A-Za-z][A-Za-z]+)['\u2019]s[ \t]([A-Za-z][A-Za-z\-]*)")
IN_WORD = re.compile(r"(?<=[A-Za-z])(['\u2019])(?=[A-Za-z])")


def reference(text: str) -> tuple:
    """(possessive stems, capitalised stems, pairs, [straight, curly]) by scanning."""
    stems = [m.group(1) for m in POSSESSIVE.finditer(text)]
    pairs = {f"{m.group(1).lower()} {m.group(2).lower()}" for m in PAIR.finditer(text)}
    marks = [m.group(1) for m in IN_WORD.finditer(text)]
    return (sorted({s.lower() for s in stems}), {s.lower() for s in stems if s[0].isupper()}, sorted(pairs),
            [marks.count("'"), len(marks) - marks.count("'")])


def check(text: str) -> None:
    possessive, _, names, pairs, apostrophes = learn(text)
    stems, capitalised, expected_pairs, expected_marks = reference(text)
    assert (possessive, pairs, apostrophes) == (stems, expected_pairs, expected_marks), text
    assert capitalised <= set(names), text


@pytest.mark.parametrize("text", [
    "Microsoft’s Clearview’s tech",  # a pair's next word is not a stem of another pair
    "Microsoft's team and Contoso’s office", "’s at the start", "a's one letter", "ab’s’s", "é ab's x",
    "1ab's digit before", "ab's-c", "ab'st", "Ab's\tb", "ab'ss", "don't can’t", "the users' files", "",
])
def test_cases(text):
    check(text)


def test_random_texts():
    chooser = random.Random(20261202)
    alphabet = "ab Ms's'’ \t\n_1é-X"
    for _ in range(20000):
        check("".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 40))))


def test_the_corpus():
    corpus = SHARED / "corpus"
    if not corpus.exists():
        pytest.skip(f"{corpus} is not present (shared data lives outside the repo)")
    files = sorted(corpus.rglob("*.md"))
    assert len(files) > 500
    for path in files:
        check(path.read_text("utf-8", "replace"))
