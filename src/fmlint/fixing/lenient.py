"""Verifying a repair that makes unparsable front matter parse (C1 controls, FM604).

The fixer's guarantee is "the data is the old data with exactly the declared changes",
which needs old data.  YAML refuses raw C1 controls (U+0080-U+009F), so a file holding
one has none; this module reads it leniently instead, with each control swapped for a
private-use stand-in that YAML accepts, and compares that reading with the repaired one.
"""

from __future__ import annotations

import re
from typing import Any

from fmlint.reading.frontmatter import read

_PLACEHOLDER = 0xF780  # private-use characters standing in for C1 controls U+0080-U+009F


def verify_repaired(old_text: str, after: Any, path: str) -> str | None:
    """A fix made unparsable front matter parse: accept it only if it replaced C1 controls
    (which YAML refuses unescaped) by their Windows-1252 characters and changed nothing else.

    The old text is read leniently, each C1 control swapped for a private-use stand-in
    that YAML accepts; the repaired data must equal that reading with each stand-in
    replaced by the control's Windows-1252 character, so "nothing else changed" still holds.
    """
    from fmlint.reading.document import cp1252

    if re.search("[\uf780-\uf79f]", old_text):
        return "the fix would change unparsed front matter"
    lenient = re.sub("[\x80-\x9f]", lambda match: chr(_PLACEHOLDER + ord(match.group()) - 0x80), old_text)
    _, before = read(lenient.encode("utf-8"), path)
    if not before.ok:
        return "the fix would change unparsed front matter"
    table = {_PLACEHOLDER + code: cp1252(chr(0x80 + code)) or chr(0x80 + code) for code in range(32)}
    expected = _translated(before.data, table)
    if after.data != expected or shape(after.data) != shape(expected):
        return "the repair would change other values than the characters it replaces"
    return None


def _translated(value: Any, table: dict[int, str]) -> Any:
    """``value`` with ``str.translate(table)`` applied to every string in it, keys included."""
    if isinstance(value, dict):
        return {_translated(key, table): _translated(item, table) for key, item in value.items()}
    if isinstance(value, list):
        return [_translated(item, table) for item in value]
    return value.translate(table) if isinstance(value, str) else value


def shape(value: Any) -> Any:
    """The shape of a value with its scalar types, so ``1 == 1.0 == True`` cannot hide a change."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return type(value).__name__
