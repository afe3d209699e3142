"""FM613's learned combination of the evidence: a logistic score over measured features.

Each candidate word (``Clearviews`` before ``tech``) is described by a few numbers, one
group per kind of evidence (``features``): the document, the repository, English
frequencies, the context and the word's shape.  Their weights were learned on the
train half of the development set (``bench/train_possessives.py``, from ``shared/``
data only) and are written to ``possessive_weights``; the tiers' thresholds were chosen
there too, and the held-out half measures them (``bench/apostrophe_devset-results.md``).

The message names the group that added most to the score, in words a user can check
("``Clearview’s`` appears in 14 files of the site").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fmlint.rules.text.possessive_weights import BIAS, THRESHOLDS, WEIGHTS

# Feature name prefix -> the evidence kind it belongs to (the ablations leave a kind out).
KINDS = {"c": "context", "p": "context", "d": "document", "r": "repository", "e": "english", "s": "shape"}


@dataclass(frozen=True)
class Evidence:
    """What is known about one candidate, for the features and the message."""

    word: str  # as written: "Clearviews"
    before: str  # the previous word as written ("" if none)
    after: str  # the next word as written
    after2: str  # the word after that, lower-cased
    zp: float  # Zipf frequency of "x’s" in English
    zs: float  # Zipf frequency of "xs"
    written: int  # other files of the site writing "X’s"
    bare: int  # other files writing the bare "Xs"
    together: int  # files writing "X’s <after>"
    names: int  # files using "X" as a name mid-sentence
    body: bool  # the word is in the Markdown body, not a front-matter field
    own: bool = False  # the text (field or body) holds an in-word apostrophe itself


def score(features: dict[str, float]) -> float:
    """The log-odds that the candidate is a possessive."""
    return BIAS + sum(WEIGHTS.get(name, 0.0) * value for name, value in features.items())


PLACES = ("front matter", "body")


def place(features: dict[str, float]) -> str:
    """Where the word is: a front-matter field (short, few plurals) or the Markdown body."""
    return "body" if features.get("s_body") else "front matter"


def tier(log_odds: float, where: str) -> str | None:
    """likely or possible by the thresholds learned on the train half for ``where``; else None.
    Never certain: a safe fix needs evidence a user can check by hand."""
    limits = THRESHOLDS[where]
    for name in ("likely", "possible"):
        if log_odds >= limits[name]:
            return name
    return None


def probability(log_odds: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, log_odds))))


def strongest(features: dict[str, float]) -> str:
    """The evidence kind whose features add most to the score (shape is never the reason)."""
    totals: dict[str, float] = {}
    for name, value in features.items():
        kind = KINDS[name[0]]
        totals[kind] = totals.get(kind, 0.0) + WEIGHTS.get(name, 0.0) * value
    totals.pop("shape", None)
    return max(totals, key=lambda kind: totals[kind]) if totals else "context"


def explain(kind: str, evidence: Evidence, in_document_name: bool) -> str:
    """The reason the message gives, for the evidence kind that weighed most."""
    word, stem = evidence.word, evidence.word[:-1]
    if kind == "repository" and (evidence.together >= 2 or evidence.together and not evidence.written):
        return f'"{stem}’s {evidence.after}" appears in {_files(evidence.together)} of the site'
    if kind == "repository" and evidence.written:
        return f'"{stem}’s" appears in {_files(evidence.written)} of the site, "{word.lower()}" in {evidence.bare}'
    if kind == "repository" and evidence.names:
        return f'"{stem}" is a name in {_files(evidence.names)} of the site'
    if kind == "english" and evidence.zp > evidence.zs:
        times = 10 ** (evidence.zp - evidence.zs)
        shown = f"{times:.0f} times" if times < 1000 else "over 1,000 times"
        return f'English writes "{stem.lower()}’s" {shown} as often as "{word.lower()}"'
    if kind == "document" and in_document_name:
        return f'"{stem}" is a name in this document and "{word}" is not a common English word'
    if kind == "document":
        return f'the document writes "{stem}’s" elsewhere'
    context = " ".join(part for part in (evidence.before, word, evidence.after) if part)
    return f'"{context}" reads as a possessive'


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"
