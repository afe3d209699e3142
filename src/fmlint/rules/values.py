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
    enabled = {each.code for each in ctx.settings.rules}
    if enabled.isdisjoint(_SCHEMA_RULES.values()):
        return False
    return any(problem.pointer == pointer and _SCHEMA_RULES.get(kind) in enabled for kind, problem in ctx.schema_errors)


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
    return list(scalars(ctx.fm.data))


@functools.lru_cache(maxsize=64)
def key_matcher(patterns: tuple[str, ...]) -> re.Pattern:
    """One compiled regex for a set of case-sensitive key globs."""
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns) or r"(?!)")


def string_at(fm, pointer: str) -> str | None:
    return next((value for found, value, _ in fm.strings if found == pointer), None)


def pointer_parts(pointer: str) -> list:
    """Pointer tokens with list indexes as integers, for ``messages.display_path``."""
    return [int(token) if token.isdigit() else token for token in pointers.tokens(pointer)]
