"""The rule registry: each rule's identity and documentation, in one list.

Rules are plain functions ``check(ctx) -> Iterable[Problem]``.  The ``@rule``
decorator records the code, name, default severity and the stage a rule needs; the
engine stamps those onto what the function yields.  The rule's docstring *is* its
documentation (``fmlint rule CODE`` prints it), with the sections What / Why /
Example / Fix.  Modules are registered by the explicit list in ``fmlint.rules``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .model import Applicability, Problem, Severity

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


def all_rules() -> list[Rule]:
    """Every rule, sorted by code."""
    from . import rules  # noqa: F401 - the one place rule modules are imported

    return [_RULES[code] for code in sorted(_RULES)]


def get(code_or_name: str) -> Rule | None:
    all_rules()
    code = _NAMES.get(code_or_name, code_or_name.upper())
    return _RULES.get(code)


def select(select: Iterable[str] = ("FM",), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules whose code starts with a selected prefix and with no ignored one (longest wins)."""
    chosen = []
    selected = ["FM" if p.upper() == "ALL" else p.upper() for p in select]
    ignored = ["FM" if p.upper() == "ALL" else p.upper() for p in ignore]
    for each in all_rules():
        best_select = max((len(p) for p in selected if each.code.startswith(p)), default=-1)
        best_ignore = max((len(p) for p in ignored if each.code.startswith(p)), default=-1)
        if best_select > best_ignore:
            chosen.append(each)
    return chosen


def is_known(code: str) -> bool:
    """Whether ``code`` selects anything: ``ALL``, or a prefix of at least one rule's code.

    ``select`` treats any string as a prefix, so a typo (``FM2O1``, ``XYZ``) would select
    nothing and silently turn checks off; callers reject what this refuses.
    """
    upper = code.strip().upper()
    return upper == "ALL" or bool(upper) and any(each.code.startswith(upper) for each in all_rules())


def is_code(code: str) -> bool:
    """Whether ``code`` is exactly a registered rule's code (as a severity override must be)."""
    all_rules()
    return code in _RULES


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """The entries of ``codes`` that select no rule, in order."""
    return [code for code in codes if not is_known(code)]


def unknown_code_message(code: str) -> str:
    """``unknown rule code "X"``, with the code most likely meant when one is close."""
    all_rules()
    named = _NAMES.get(code.strip().lower())
    if named is not None:
        return f'unknown rule code "{code}" (that is the name of {named}; rules are selected by code)'
    hint = suggestion(code)
    return f'unknown rule code "{code}"' + (f" (did you mean {hint}?)" if hint else " (see `fmlint rules`)")


_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5", "B": "8"})


def suggestion(code: str) -> str | None:
    """The known code or prefix closest to ``code``: a letter for a digit, a missing ``FM``, a typo."""
    import difflib

    upper = code.strip().upper()
    guesses = [upper]  # fm105 where only the exact code counts
    if upper.startswith("FM"):
        guesses.append("FM" + upper[2:].translate(_LOOKALIKES))  # FM2O1
    if upper.isdigit():
        guesses.append("FM" + upper)  # 201
    if len(upper.split()) > 1:
        guesses.append(upper.split()[0])  # "FM105 because ..." in a comment
    for guess in guesses:
        if guess != code.strip() and is_known(guess):
            return guess
    codes = [each.code for each in all_rules()]
    prefixes = sorted({c[:n] for c in codes for n in (3, 4)} | set(codes))  # never bare "FM": that is everything
    close = difflib.get_close_matches(upper, prefixes, n=1, cutoff=0.8)
    return close[0] if close else None
