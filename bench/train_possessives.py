"""Learn FM613's weights and tier thresholds on the train half of the development set.

    python bench/train_possessives.py        # writes src/fmlint/rules/text/possessive_weights.py
    python bench/train_possessives.py --swap --out /tmp/w.py   # learned on the other half: a cross-check

The development set is ``bench/apostrophe_devset.py``'s (real text from ``shared/corpus/``,
apostrophes stripped from one field and from whole files); only the files its
``split_of`` puts in "train" are read here, so the held-out half measures what was
learned.  Every candidate word the rule scores (``possessive_features.decide``: those that
no hand-measured rule of ``possessives.judge`` decides) is recorded with
its features and labelled by the gold words: a possessive that lost its apostrophe, or
not.  A logistic regression (L2, Newton's method, pure Python: a few dozen features)
gives the weights, learned on every candidate; the thresholds are chosen on the
candidates the hand-measured rules leave to the score (what the rule scores): the
lowest scores at which the candidates from
the top keep a train precision of 0.98 (likely: a warning with an unsafe fix; a score
never makes a safe fix); the possible tier
goes down to where FM613 as a whole (its hard evidence included: the document's
``X’s Y``, ``companys``) keeps a train precision of 0.96.  Front-matter fields and the
body have their own thresholds (``possessive_model.place``): a field is a sentence or
two, a body holds far more plurals.
Deterministic: the same data gives the same file.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import apostrophe_devset as devset  # noqa: E402

from fmlint.rules.engine import Settings, lint_bytes  # noqa: E402
from fmlint.rules import catalog  # noqa: E402
from fmlint.rules.text import possessive_features, possessive_model, possessives  # noqa: E402

OUT = devset.ROOT / "src" / "fmlint" / "rules" / "text" / "possessive_weights.py"
# No "certain" tier: a safe fix (applied without --unsafe) needs evidence a user can check
# by hand, which the hand-measured rules give; a learned score warns.
TARGETS = {"likely": 0.98, "possible": 0.96}  # possible: FM613's whole precision
# No tier below even odds, whatever a half's precision allows: learned on the other half
# (--swap, the easier one), the possible tier went down to -0.63 and FM613's precision on
# this half fell to 0.87 (whole files) and 0.92 (one field); learned on this half, both
# thresholds are above it anyway.
EVEN_ODDS = 0.0
L2 = 1.0  # the penalty on the weights (not the bias): a few dozen features, a few thousand examples
MARK = "FEATURES"
# Examples from the unstripped files too: most text a user checks is correct, and its
# plurals are what a threshold must not flag.
SITUATIONS = ("one-field", "whole-file", "original")
FENCE = re.compile(r"\n(?:---|\+\+\+)[ \t]*\r?\n")  # the closing fence: the body starts after it
# The seed's situation (one field stripped, the others keep their apostrophes) is the one
# users meet; whole files give 8 times as many examples.  Its examples count this often.
ONE_FIELD_WEIGHT = 3


def recording_decide(found, view, evidence, learned=None, support=0):
    """Instead of a verdict, every candidate is flagged with its features in the message."""
    values = possessive_features.features(found, view, evidence)
    return "possible", MARK + json.dumps(values, sort_keys=True)


def examples(corpus: dict, every_candidate: bool, part: str = "train") -> Counter:
    """{(features as sorted tuples, label): count} over the variants of ``part``'s files;
    under the key ``("hard", in the body, label)``, FM613's flags that no score decided
    (the document's ``X’s Y``, the hand-measured rules, the word's shape).  With
    ``every_candidate``, the hand-measured rules are passed over: every candidate is scored."""
    found: Counter = Counter()
    original, possessive_features.decide = possessive_features.decide, recording_decide
    measured = possessives._measured
    if every_candidate:
        possessives._measured = lambda *args: None
    try:
        for path in corpus["texts"]:
            if devset.split_of(path) != part:
                continue
            for situation, stripped, gold, body, vocabulary in devset.variants(corpus, path, SITUATIONS):
                for example in _labelled(stripped, gold, str(path), body, vocabulary):
                    found[example] += ONE_FIELD_WEIGHT if situation == "one-field" else 1
    finally:
        possessive_features.decide, possessives._measured = original, measured
    return found


def _labelled(text: str, gold: list, path: str, body: bool, vocabulary) -> list:
    options = {"html_fields": ("featuredContent",), "check_body": body, "vocabulary": vocabulary}
    diagnostics = lint_bytes(text.encode("utf-8"), path, Settings(tuple(catalog.select(("FM613",))), None, options))
    starts = devset.line_starts(text)
    fence = FENCE.search(text, 3) if text.startswith(("---", "+++")) else None
    body_line = text.count("\n", 0, fence.start() + 1) + 1 if fence else 0  # the closing fence's line
    kinds = {offset: kind for start, end, _, kind in gold for offset in range(start, end)}
    out = []
    for d in diagnostics:
        offset = devset.offset_of(text, d.line, d.column, starts)
        kind = kinds.get(offset)
        if kind not in (None, "possessive") or text.startswith(devset.REAL_GLITCHES, offset):
            continue  # a contraction's word ("its"), or a glitch of the corpus: not FM613's to learn
        if MARK not in d.message:
            out.append(("hard", d.line > body_line, kind == "possessive"))
            continue
        values = json.loads(d.message[d.message.index(MARK) + len(MARK):d.message.rindex("}") + 1])
        out.append((tuple(sorted(values.items())), kind == "possessive"))
    return out


def fit(data: Counter, names: list[str], rounds: int = 30) -> list[float]:
    """Weights [bias, *names] by Newton's method on the penalised log-likelihood."""
    rows = [([1.0] + [dict(vector).get(n, 0.0) for n in names], label, count) for (vector, label), count in data.items()]
    size = len(names) + 1
    weights = [0.0] * size
    for _ in range(rounds):
        gradient = [-L2 * w if i else 0.0 for i, w in enumerate(weights)]
        hessian = [[(L2 if i == j and i else 0.0) for j in range(size)] for i in range(size)]
        for x, label, count in rows:
            p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, sum(w * v for w, v in zip(weights, x))))))
            error, curve = (label - p) * count, p * (1 - p) * count
            for i in range(size):
                if x[i]:
                    gradient[i] += error * x[i]
                    row, xi = hessian[i], x[i] * curve
                    for j in range(size):
                        if x[j]:
                            row[j] += xi * x[j]
        step = _solve(hessian, gradient)
        weights = [w + s for w, s in zip(weights, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return weights


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """x with matrix·x = vector (Gaussian elimination with partial pivoting)."""
    size = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            continue
        for r in range(col + 1, size):
            factor = a[r][col] / a[col][col]
            if factor:
                a[r] = [x - factor * y for x, y in zip(a[r], a[col])]
    x = [0.0] * size
    for r in range(size - 1, -1, -1):
        if abs(a[r][r]) >= 1e-12:
            x[r] = (a[r][size] - sum(a[r][c] * x[c] for c in range(r + 1, size))) / a[r][r]
    return x


def thresholds(scored: list[tuple[float, bool, int]], hard: tuple[int, int]) -> dict[str, float]:
    """For each tier, the lowest score down to which the candidates from the top keep its
    train precision (a tier never below the one above it); ``hard``: (true, false) flags
    that count in the possible tier's precision."""
    scored = sorted(scored, key=lambda item: -item[0])
    out, floor = {}, math.inf
    for name, target in TARGETS.items():
        true, false = hard if name == "possible" else (0, 0)
        best = floor
        for score, label, count in scored:
            true, false = true + label * count, false + (not label) * count
            if true and true / (true + false) >= target and score <= floor:
                best = score
        best = max(best, EVEN_ODDS)
        out[name] = round(best - 1e-6, 4) if best != math.inf else 99.0
        floor = best
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(OUT), help="the weights file to write (default: the shipped one)")
    parser.add_argument("--swap", action="store_true",
                        help="learn on the held-out half instead (a cross-check: measure it with "
                             "apostrophe_devset.py --swap --weights FILE)")
    args = parser.parse_args()
    devset.SWAPPED = args.swap
    corpus = devset.load()
    data = examples(corpus, every_candidate=True)  # the weights: from every candidate (more examples)
    for key in [key for key in data if key[0] == "hard"]:
        data.pop(key)
    names = sorted({name for vector, _ in data for name, _ in vector})
    weights = fit(data, names)
    residual = examples(corpus, every_candidate=False)  # the thresholds: what the rule leaves to the score
    hard = {where: (residual.pop(("hard", where == "body", True), 0), residual.pop(("hard", where == "body", False), 0))
            for where in possessive_model.PLACES}
    scored = [(sum(w * v for w, v in zip(weights, [1.0] + [dict(vector).get(n, 0.0) for n in names])), label, count,
               vector) for (vector, label), count in residual.items()]
    limits = {where: thresholds([item[:3] for item in scored if possessive_model.place(dict(item[3])) == where],
                                hard[where]) for where in possessive_model.PLACES}
    positives = sum(count for (_, label), count in data.items() if label)
    table = "".join(f"    {name!r}: {weight:.4f},\n" for name, weight in zip(names, weights[1:]))
    out = Path(args.out)
    out.write_text('"""Generated by bench/train_possessives.py from the train half of the development set: do not '
                   f'edit.\n\n{sum(data.values())} candidate words, {positives} of them possessives that lost their '
                   'apostrophe.\n"""\n\n'
                   f"BIAS = {weights[0]:.4f}\nWEIGHTS: dict[str, float] = {{\n{table}}}\n"
                   f"THRESHOLDS = {json.dumps(limits)}\n", "utf-8")
    print(f"{sum(data.values())} candidates ({positives} possessives), {len(data)} distinct; hard flags {hard}; "
          f"thresholds {limits}")
    for name, weight in sorted(zip(names, weights[1:]), key=lambda item: -abs(item[1])):
        print(f"  {name:22} {weight:+.3f}")


if __name__ == "__main__":
    main()
