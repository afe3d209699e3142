"""Shared helpers for rules that look at values by key or schema format (dates, URLs).

Which scalars a rule family should look at, and whether a schema rule already
reports a value (one problem, one diagnostic).
"""

from __future__ import annotations

import fnmatch
import functools
import re
from typing import Any

from fmlint.model import pointers
from fmlint.reading.view import escape_token
from fmlint.rules.registry import per_file
from fmlint.schema import messages

_SCHEMA_RULES = {messages.FORMAT: "FM205", messages.TYPE: "FM202", messages.ENUM: "FM204",
                 messages.CONSTRAINT: "FM206", messages.ALTERNATIVES: "FM207"}


def schema_reports(ctx, pointer: str) -> bool:
    """Does an enabled schema rule (FM202/204/205/206/207) already report the value at ``pointer``?"""
    if ctx.schema is None:
        return False
    enabled = _enabled_schema_codes(ctx)
    if not enabled:
        return False
    return any(problem.pointer == pointer and _SCHEMA_RULES.get(kind) in enabled for kind, problem in ctx.schema_errors)


@per_file
def _enabled_schema_codes(ctx) -> frozenset:
    """The enabled schema rules' codes, built once per file (it was once per value: issue 14)."""
    return frozenset(each.code for each in ctx.settings.rules).intersection(_SCHEMA_RULES.values())


def scalars(data: Any, pointer: str = ""):
    """``(pointer, key, value)`` for every scalar that is the value of a mapping key, at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            child = f"{pointer}/{escape_token(key)}"
            if isinstance(value, (dict, list)):
                yield from scalars(value, child)
            else:
                yield child, key, value
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, (dict, list)):
                yield from scalars(item, f"{pointer}/{index}")


@per_file
def file_scalars(ctx) -> list[tuple[str, str, Any]]:
    """``scalars`` of the file's front matter, walked once for all rules."""
    keyed = ctx.fm.keyed
    return keyed if keyed is not None else list(scalars(ctx.fm.data))


def mappings(data: Any, pointer: str = ""):
    """``(pointer, mapping)`` of every mapping, parents before their children."""
    if isinstance(data, dict):
        yield pointer, data
        items = ((f"{pointer}/{escape_token(key)}", value) for key, value in data.items())
    elif isinstance(data, list):
        items = ((f"{pointer}/{index}", value) for index, value in enumerate(data))
    else:
        return
    for child, value in items:
        if isinstance(value, (dict, list)):
            yield from mappings(value, child)


@per_file
def file_mappings(ctx) -> list[tuple[str, dict]]:
    """``mappings`` of the file's front matter: the reader's index, else one walk."""
    found = ctx.fm.mappings
    return found if found is not None else list(mappings(ctx.fm.data))


@functools.lru_cache(maxsize=64)
def key_matcher(patterns: tuple[str, ...]) -> re.Pattern:
    """One compiled regex for a set of case-sensitive key globs."""
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns) or r"(?!)")


def formats_at(root: dict | None, pointer: str) -> frozenset:
    """``schema.walk.formats_at``, memoised per schema (by identity) and pointer.

    Dates, URLs and the glitch view ask it for most strings of every file, and the walk's
    set of formats over many subschemas cost ~20 µs a call; files of one site share
    their pointers, so the answers repeat (issue 14).
    """
    if root is None:
        return frozenset()
    memo = schema_memo(root, "formats")
    found = memo.get(pointer)
    if found is None:
        from fmlint.schema.walk import formats_at as walk_formats

        found = memo[pointer] = frozenset(walk_formats(root, pointer))
    return found


def schema_memo(root: dict | None, name: Any) -> dict:
    """A dict of answers that depend only on the schema (by identity; None for none) and a
    pointer, kept across files: files of one site share their pointers (issue 14)."""
    entry = _MEMOS.get(id(root))
    if entry is None or entry[0] is not root:
        entry = _MEMOS[id(root)] = (root, {})  # the schema is kept alive, so its id is not reused
    memo = entry[1].get(name)
    if memo is None or len(memo) > 8192:  # bounded: list indexes make pointers many
        memo = entry[1][name] = {}
    return memo


_MEMOS: dict[int, tuple[Any, dict]] = {}  # id(schema) -> (schema, {name: {pointer: answer}})


def string_at(fm, pointer: str) -> str | None:
    return next((value for found, value, _ in fm.strings if found == pointer), None)


def pointer_parts(pointer: str) -> list:
    """Pointer tokens with list indexes as integers, for ``messages.display_path``."""
    return [int(token) if token.isdigit() else token for token in pointers.tokens(pointer)]
