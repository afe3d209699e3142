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
from fmlint.fixing.lenient import shape as _types, verify_repaired
from fmlint.reading.frontmatter import read
from fmlint.rules.engine import Settings, lint_document

MAX_PASSES = 10
REMOVED = "-"  # a declared value whose pointer starts so: that key is removed (a rename)


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
        fixable = [d for d in diagnostics if applicable(d.fix, unsafe)]
        keys = _keys(fixable)
        candidates = [d for d in fixable if _identity(d, keys) not in refused]
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


class _EditsKey:
    """A fix's edits as a dict key whose hash is computed once.

    One repair of a string often carries every edit in it and is shared by each of the
    string's diagnostics (N apostrophes: N diagnostics with the same N edits); hashing
    the tuple once per diagnostic, or comparing it edit by edit, is quadratic.
    """

    __slots__ = ("edits", "hash")

    def __init__(self, edits: tuple[Edit, ...]):
        self.edits, self.hash = edits, hash(edits)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _EditsKey) and (other.edits is self.edits or other.edits == self.edits)


def _keys(candidates: Sequence[Diagnostic]) -> dict[int, _EditsKey]:
    """``id(fix.edits)`` -> its key, computed once per distinct edits tuple."""
    keys: dict[int, _EditsKey] = {}
    for diagnostic in candidates:
        edits = diagnostic.fix.edits if diagnostic.fix else ()
        if id(edits) not in keys:
            keys[id(edits)] = _EditsKey(edits)
    return keys


def _identity(diagnostic: Diagnostic, keys: dict[int, _EditsKey] | None = None) -> tuple:
    edits = diagnostic.fix.edits if diagnostic.fix else ()
    key = keys.get(id(edits)) if keys else None
    return diagnostic.code, diagnostic.message, key or _EditsKey(edits)


def _apply_verified(text: str, fm: Any, candidates: list[Diagnostic], path: str, outcome: FixOutcome,
                    refused: set) -> tuple[str, list[Diagnostic]]:
    """One pass: all non-overlapping fixes at once if that verifies, else one at a time."""
    chosen = non_overlapping(candidates)
    batch = splice(text, [edit for d in chosen for edit in d.fix.edits])
    if verify(fm, batch, path, [d.fix for d in chosen], text) is None:
        return batch, _sharing(candidates, chosen)
    applied: list[Diagnostic] = []
    for diagnostic in chosen:
        attempt = splice(text, list(diagnostic.fix.edits))
        reason = verify(fm, attempt, path, [diagnostic.fix], text)
        if reason is None:
            return attempt, _sharing(candidates, [diagnostic])  # text changed: re-lint before the next
        refused.add(_identity(diagnostic))
        outcome.failed.append((diagnostic, reason))
    return text, applied


def _sharing(candidates: Sequence[Diagnostic], chosen: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The chosen diagnostics and every other one whose fix is the very same edits
    (one repair of a string can settle several problems in it): all of them are fixed."""
    keys = _keys(candidates)
    wanted = {keys.get(id(d.fix.edits)) or _EditsKey(d.fix.edits) for d in chosen}
    return [d for d in candidates if keys[id(d.fix.edits)] in wanted]


def non_overlapping(candidates: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Fixes in order of their first edit, skipping any that touches a span already taken.

    One diagnostic per distinct fix, and one fix per declared value: two fixes of the same
    string each declare its whole new value, so together they could never verify (the batch
    would fall back to one fix per pass).  Taken characters, the points strictly inside a
    taken range, and insertion points are marked in byte arrays, so the whole choice
    costs the total length of the distinct fixes' spans, whatever their number.
    """
    keys = _keys(candidates)
    distinct: dict[_EditsKey, Diagnostic] = {}
    for diagnostic in candidates:
        distinct.setdefault(keys[id(diagnostic.fix.edits)], diagnostic)
    size = max((e.end for d in distinct.values() for e in d.fix.edits), default=0) + 2
    taken, declared = _Taken(size), set()
    chosen = []
    for diagnostic in sorted(distinct.values(), key=lambda d: (min(e.start for e in d.fix.edits), d.code)):
        pointers_of = {pointer for pointer, _ in diagnostic.fix.values}
        if pointers_of & declared:
            continue  # two repairs of one value (an entity and an apostrophe): the next pass does the other
        if taken.claim(sorted((e.start, e.end) for e in diagnostic.fix.edits)):
            chosen.append(diagnostic)
            declared |= pointers_of
    return chosen


class _Taken:
    """The spans already chosen.  Two edits conflict if their ranges intersect, a range
    contains an insertion point strictly inside it, or both insert at the same point."""

    def __init__(self, size: int):
        self.chars, self.inner, self.inserts = bytearray(size), bytearray(size), bytearray(size)

    def claim(self, spans: list[tuple[int, int]]) -> bool:
        """Take ``spans`` (sorted) if none conflicts with a taken one or with another of them."""
        for (a, b), (c, d) in zip(spans, spans[1:]):
            if c < b or a == b == c == d or (c == d and a < c < b) or (a == b and c < a < d):
                return False
        for start, end in spans:
            if start == end and (self.inner[start] or self.inserts[start]):
                return False
            if start < end and (self.chars.find(1, start, end) >= 0 or self.inserts.find(1, start + 1, end) >= 0):
                return False
        for start, end in spans:
            if start == end:
                self.inserts[start] = 1
            else:
                self.chars[start:end] = b"\x01" * (end - start)
                self.inner[start + 1:end] = b"\x01" * (end - start - 1)
        return True


def splice(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits; everything between them is copied unchanged."""
    pieces, position = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[position:edit.start])
        pieces.append(edit.content)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def verify(before: Any, new_text: str, path: str, fixes: Sequence[Fix], old_text: str | None = None) -> str | None:
    """None when ``new_text`` parses to the old data with exactly the declared changes; else why not."""
    doc, after = read(new_text.encode("utf-8"), path)
    if before.ok and not after.ok:
        return "the fix would break the front matter (it no longer parses)"
    if not before.ok and after.ok and old_text is not None:
        return verify_repaired(old_text, after, path)
    if not before.ok:
        return None if after.data == before.data else "the fix would change unparsed front matter"
    expected = copy.deepcopy(before.data)
    for fix in fixes:
        rename = any(pointer.startswith(REMOVED) for pointer, _ in fix.values)
        for pointer, value in sorted(fix.values, key=lambda item: not item[0].startswith(REMOVED)):
            if not _set(expected, pointer, value, rename):
                return f"the fix names a value that does not exist ({pointer})"
    if after.data != expected or _types(after.data) != _types(expected):
        return "the fix would change other values than the ones it repairs"
    return None


def _set(data: Any, pointer: str, value: Any, rename: bool = False) -> bool:
    """Set the value at ``pointer`` in place; False when its parent or key does not exist.

    A key rename (FM201/FM203's fix) declares two values: ``("-" + old pointer, None)``,
    the old key, which must exist and goes (no JSON pointer starts with "-", and the pair
    stays plain JSON for the cache), and the value at the new key, which may be new.
    """
    removed = pointer.startswith(REMOVED)
    parts = pointers.tokens(pointer[len(REMOVED):] if removed else pointer)
    if not parts:
        return False
    parent = pointers.resolve(data, "".join(f"/{pointers.escape(p)}" for p in parts[:-1]))
    present = pointers.step(parent, parts[-1]) is not pointers.MISSING
    if removed:
        if present and isinstance(parent, dict):
            del parent[parts[-1]]
        return present and isinstance(parent, dict)
    if not present and not (rename and isinstance(parent, dict)):
        return False
    parent[int(parts[-1]) if isinstance(parent, list) else parts[-1]] = value
    return True
