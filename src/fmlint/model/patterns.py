"""Regular expressions compiled on first use, for patterns that only rare input needs.

``re`` caches nothing across processes: a pattern compiled at import is paid by every
run, even a one-file pre-commit run that never uses it (a character class over the
private-use area costs ~1 ms to compile).  ``Lazy`` holds the source and compiles it
the first time one of its methods is looked up; from then on the compiled pattern's
bound methods sit in the instance, so a use costs what a module-level pattern's does.
"""

from __future__ import annotations

import re

# What callers may ask of a lazy pattern: the methods and attributes of ``re.Pattern`` fmlint uses.
_SHARED = ("match", "fullmatch", "search", "sub", "subn", "finditer", "findall", "split", "pattern", "flags")


class Lazy:
    """A stand-in for ``re.compile(source, flags)`` that compiles on first use."""

    def __init__(self, source: str | bytes, flags: int = 0) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str):
        # Called only for names not yet in the instance: the first use (or a misspelt name).
        if name not in _SHARED:
            raise AttributeError(name)
        compiled = re.compile(self._source, self._flags)
        for shared in _SHARED:
            setattr(self, shared, getattr(compiled, shared))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"Lazy({self._source!r}, {self._flags!r})"
