"""The rule registry: each rule's identity and documentation, in one list.

Rules are plain functions ``check(ctx) -> Iterable[Problem]``.  The ``@rule``
decorator records the code, name, default severity and the stage a rule needs; the
engine stamps those onto what the function yields.  The rule's docstring *is* its
documentation (``fmlint rule CODE`` prints it), with the sections What / Why /
Example / Fix.  The families are imported by ``catalog``, the one list of them.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fmlint.model import Applicability, Problem, Severity

# Stages, in the order a file goes through them:
READ = "read"  # needs only the bytes (runs even when the text could not be decoded)
TEXT = "text"  # needs the decoded text
DATA = "data"  # needs parsed front matter
STAGES = (READ, TEXT, DATA)

Check = Callable[[Any], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    severity: Severity
    stage: str
    check: Check
    fix: Applicability | None = None  # the kind of fix the rule can offer, if any

    @property
    def family(self) -> str:
        return self.code[:3]

    @property
    def doc(self) -> str:
        """The docstring as `fmlint rule` and SARIF's `help.text` show it: plain text in four
        sections (What:, Why:, Example:, Fix:; tests/test_rule_docs.py holds every rule to it)."""
        return inspect.cleandoc(self.check.__doc__ or self.summary)


_RULES: dict[str, Rule] = {}
_NAMES: dict[str, str] = {}


def rule(code: str, name: str, summary: str, *, severity: Severity = "error", stage: str = DATA,
         fix: Applicability | None = None) -> Callable[[Check], Check]:
    """Register ``check`` as rule ``code``; codes and names must be unique."""
    if not (len(code) == 5 and code.startswith("FM") and code[2:].isdigit()):
        raise ValueError(f"rule code {code!r} is not FM + three digits")
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")

    def register(check: Check) -> Check:
        if code in _RULES or name in _NAMES:
            raise ValueError(f"rule {code} {name} is registered twice")
        _RULES[code] = Rule(code, name, summary, severity, stage, check, fix)
        _NAMES[name] = code
        return check

    return register


def per_file(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Compute ``function(ctx)`` once per file: several rules of a family share one walk."""
    key = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def cached(ctx: Any) -> Any:
        memo = ctx.memo
        if key not in memo:
            memo[key] = function(ctx)
        return memo[key]

    return cached


