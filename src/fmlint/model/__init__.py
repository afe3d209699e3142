"""Plain value types shared by every layer: spans, edits, fixes, problems, diagnostics.

Nothing here does I/O or imports a parser, so rules, reporters and the fixer can all
depend on it without pulling in anything slow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
Applicability = Literal["safe", "unsafe", "display"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of character offsets into the decoded file text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``content`` (an insertion when start == end)."""

    start: int
    end: int
    content: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A set of edits that must be applied together, and how safe they are."""

    edits: tuple[Edit, ...]
    applicability: Applicability = "safe"
    description: str = ""
    # (JSON pointer, value) the front matter must hold after the fix; every other value
    # must come out unchanged.  The fixer checks this and reverts a fix that breaks it.
    values: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule yields: a message and where it applies.

    A rule says *where* either with a span of the file text or with a JSON pointer
    into the front matter (``at_key`` moves the anchor from the value to its key).
    The engine turns that into line and column and stamps the rule's identity.
    """

    message: str
    span: Span | None = None
    pointer: str | None = None
    at_key: bool = False
    fix: Fix | None = None
    severity: Severity | None = None  # overrides the rule's default when set


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A stamped, positioned problem: one line of output.  Positions are 1-based."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Severity
    message: str
    pointer: str | None = None
    fix: Fix | None = field(default=None, compare=False)

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.applicability != "display"

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    def as_json(self) -> dict:
        """The stable ``--format json`` record: exactly these keys, in this order."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "pointer": self.pointer,
            "fixable": self.fixable,
        }


class ByIdentity:
    """Wrap an unhashable value (a dict) so caches key it by identity: the same schema or
    options object, not an equal copy.  Callers keep the object alive while cached."""

    __slots__ = ("value",)

    def __init__(self, value: object):
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ByIdentity) and other.value is self.value
