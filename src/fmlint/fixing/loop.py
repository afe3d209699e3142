"""Applying fixes: splice edits into the original text, verify, repeat until stable.

Every fix is a set of span edits (``model.Fix``).  A pass takes the applicable
fixes, skips any that overlap one already chosen, splices them into the text in one
go, then re-reads the result and *verifies* it: the front matter must still parse,
and its data must equal the old data with exactly the values the fixes declared
(``Fix.values``) changed.  If a batch fails verification, its fixes are tried one by
one and a fix that fails alone is reported and never applied.  Passes repeat until
no fix applies (capped: a file that keeps changing is reported as not converging).
Everything outside the edited spans stays byte for byte as it was.

The one exception is re-encoding (FM002's unsafe fix): a file that is certainly
UTF-16, UTF-32 or cp1252 is not ``checkable``, so no other fix can apply to it; its
fix replaces the whole text, and is applied only if the UTF-8 result converts back to
exactly the original bytes.  Later passes then fix the now-readable file as usual.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fmlint.model import Diagnostic, Edit, Fix, pointers
from fmlint.reading.frontmatter import read
from fmlint.rules.engine import Settings, lint_document

MAX_PASSES = 10


@dataclass
class FixOutcome:
    """What fixing one file did."""

    path: str
    original: bytes
    fixed: bytes
    applied: list[Diagnostic] = field(default_factory=list)
    failed: list[tuple[Diagnostic, str]] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)
    converged: bool = True
    write_error: str | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def applicable(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (fix.applicability == "safe" or unsafe and fix.applicability == "unsafe")


def fix_bytes(data: bytes, path: str, settings: Settings, unsafe: bool = False) -> FixOutcome:
    """Fix ``data`` (the bytes of ``path``) as far as it safely can; nothing is written here."""
    outcome = FixOutcome(path, data, data)
    refused: set[tuple] = set()  # fixes that failed verification: never tried again
    text = None
    for _ in range(MAX_PASSES):
        doc, fm = read(outcome.fixed, path)
        diagnostics = lint_document(doc, fm, settings)
        candidates = [d for d in diagnostics if applicable(d.fix, unsafe) and _identity(d) not in refused]
        if not doc.checkable:
            transcoded = _transcode(doc, outcome.fixed, candidates, outcome, refused)
            if transcoded is None:
                outcome.remaining = diagnostics
                return outcome
            outcome.fixed = transcoded
            continue
        if not candidates:
            outcome.remaining = diagnostics
            return outcome
        text = doc.text
        new_text, applied = _apply_verified(text, fm, candidates, path, outcome, refused)
        if not applied:
            outcome.remaining = diagnostics
            return outcome
        outcome.applied.extend(applied)
        outcome.fixed = new_text.encode("utf-8")
    outcome.converged = False
    doc, fm = read(outcome.fixed, path)
    outcome.remaining = lint_document(doc, fm, settings)
    return outcome


def _transcode(doc: Any, data: bytes, candidates: list[Diagnostic], outcome: FixOutcome,
               refused: set) -> bytes | None:
    """The UTF-8 bytes of a file in another (certain) encoding, if its re-encoding fix verifies."""
    for diagnostic in candidates:
        if diagnostic.code != "FM002" or doc.encoding == "utf-8":
            continue
        new_text = splice(doc.text, list(diagnostic.fix.edits))
        try:
            lossless = doc.signature + new_text.encode(doc.encoding) == data
        except UnicodeEncodeError:
            lossless = False
        if lossless:
            outcome.applied.append(diagnostic)
            return new_text.encode("utf-8")
        refused.add(_identity(diagnostic))
        outcome.failed.append((diagnostic, f"re-encoding from {doc.encoding} would not keep every character"))
    return None


def _identity(diagnostic: Diagnostic) -> tuple:
    return diagnostic.code, diagnostic.message, diagnostic.fix.edits if diagnostic.fix else ()


def _apply_verified(text: str, fm: Any, candidates: list[Diagnostic], path: str, outcome: FixOutcome,
                    refused: set) -> tuple[str, list[Diagnostic]]:
    """One pass: all non-overlapping fixes at once if that verifies, else one at a time."""
    chosen = non_overlapping(candidates)
    batch = splice(text, [edit for d in chosen for edit in d.fix.edits])
    if verify(fm, batch, path, [d.fix for d in chosen]) is None:
        return batch, _sharing(candidates, chosen)
    applied: list[Diagnostic] = []
    for diagnostic in chosen:
        attempt = splice(text, list(diagnostic.fix.edits))
        reason = verify(fm, attempt, path, [diagnostic.fix])
        if reason is None:
            return attempt, _sharing(candidates, [diagnostic])  # text changed: re-lint before the next
        refused.add(_identity(diagnostic))
        outcome.failed.append((diagnostic, reason))
    return text, applied


def _sharing(candidates: Sequence[Diagnostic], chosen: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The chosen diagnostics and every other one whose fix is the very same edits
    (one repair of a string can settle several problems in it): all of them are fixed."""
    edits = {d.fix.edits for d in chosen}
    return [d for d in candidates if d.fix.edits in edits]


def non_overlapping(candidates: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Fixes in order of their first edit, skipping any that touches a span already taken."""
    taken: list[tuple[int, int]] = []
    chosen = []
    for diagnostic in sorted(candidates, key=lambda d: (min(e.start for e in d.fix.edits), d.code)):
        spans = [(e.start, e.end) for e in diagnostic.fix.edits]
        if any(_overlaps(span, other) for span in spans for other in taken):
            continue
        if any(_overlaps(a, b) for i, a in enumerate(spans) for b in spans[i + 1:]):
            continue
        taken.extend(spans)
        chosen.append(diagnostic)
    return chosen


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two edits conflict if their ranges intersect, or both insert at the same point."""
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1] or a[0] == a[1] and b[0] < a[0] < b[1] or b[0] == b[1] and a[0] < b[0] < a[1]


def splice(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits; everything between them is copied unchanged."""
    pieces, position = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[position:edit.start])
        pieces.append(edit.content)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def verify(before: Any, new_text: str, path: str, fixes: Sequence[Fix]) -> str | None:
    """None when ``new_text`` parses to the old data with exactly the declared changes; else why not."""
    doc, after = read(new_text.encode("utf-8"), path)
    if before.ok and not after.ok:
        return "the fix would break the front matter (it no longer parses)"
    if not before.ok:
        return None if after.data == before.data else "the fix would change unparsed front matter"
    expected = copy.deepcopy(before.data)
    for fix in fixes:
        for pointer, value in fix.values:
            if not _set(expected, pointer, value):
                return f"the fix names a value that does not exist ({pointer})"
    if after.data != expected or _types(after.data) != _types(expected):
        return "the fix would change other values than the ones it repairs"
    return None


def _set(data: Any, pointer: str, value: Any) -> bool:
    """Set the value at ``pointer`` in place; False when its parent or key does not exist."""
    parts = pointers.tokens(pointer)
    if not parts:
        return False
    parent = pointers.resolve(data, "".join(f"/{pointers.escape(p)}" for p in parts[:-1]))
    if pointers.step(parent, parts[-1]) is pointers.MISSING:
        return False
    parent[int(parts[-1]) if isinstance(parent, list) else parts[-1]] = value
    return True


def _types(value: Any) -> Any:
    """The shape of a value with its scalar types, so ``1 == 1.0 == True`` cannot hide a change."""
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return type(value).__name__
