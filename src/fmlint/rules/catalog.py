"""The catalogue of rules: every family, and choosing rules by code.

Families register their rules with ``registry.rule`` when imported; this module is the
one place that imports them (on first use, so a run that needs no rules, such as
``fmlint --version``, never pays for 50 rules and their regexes; and only the families a
selection reaches).  Selection is by code
prefix; an unknown code is named with the code most likely meant.
"""

from __future__ import annotations

from collections.abc import Iterable

from fmlint.rules.registry import _NAMES, _RULES, Rule


_CODES: list[str] = []  # every code, sorted, once the families are imported


def _files() -> None:
    from fmlint.rules import files  # noqa: F401 - registers the family


def _syntax() -> None:
    from fmlint.rules import syntax  # noqa: F401


def _fields() -> None:
    from fmlint.rules import fields  # noqa: F401


def _dates() -> None:
    from fmlint.rules import dates  # noqa: F401


def _images() -> None:
    from fmlint.rules import images  # noqa: F401


def _urls() -> None:
    from fmlint.rules import urls  # noqa: F401


def _text() -> None:
    from fmlint.rules.text import apostrophes, bom_and_line_endings, encoding, possessive_rule  # noqa: F401


# Each family's code prefix and what registers it.  A run that selects some families
# (``--select FM1,FM2``, a config's ``select``) imports only those: the text rules' tables
# and regexes are most of the rules' import time.
_FAMILIES = {"FM0": _files, "FM1": _syntax, "FM2": _fields, "FM3": _dates, "FM4": _images, "FM5": _urls,
             "FM6": _text}
_LOADED: set[str] = set()


def _load(prefix: str) -> None:
    """Import every family that may hold a code starting with ``prefix`` (all of them for ``FM``)."""
    for family, register in _FAMILIES.items():
        if family not in _LOADED and (family.startswith(prefix) or prefix.startswith(family)):
            register()
            _LOADED.add(family)


def _registered() -> list[Rule]:
    """The rules of the families imported so far, sorted by code (a superset of any selection's)."""
    return [_RULES[code] for code in sorted(_RULES)]


def all_rules() -> list[Rule]:
    """Every rule, sorted by code (the families imported and the codes sorted once: the
    engine asks per file; the rules themselves are looked up each time, as tests replace them)."""
    if not _CODES:
        _load("FM")
        _CODES.extend(sorted(_RULES))
    return [_RULES[code] for code in _CODES]


def get(code_or_name: str) -> Rule | None:
    upper = code_or_name.upper()
    if upper[:3] in _FAMILIES:  # a code: its family alone (the engine asks for FM008 and FM009 per file)
        _load(upper)
        if upper in _RULES:
            return _RULES[upper]
    if not _CODES:
        all_rules()
    code = _NAMES.get(code_or_name, upper)
    return _RULES.get(code)


def select(select: Iterable[str] = ("FM",), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules whose code starts with a selected prefix and with no ignored one (longest wins).

    Only the families a selected prefix can reach are imported: every rule it selects
    is then registered, so the choice is the same as among all rules."""
    chosen = []
    selected = ["FM" if p.upper() == "ALL" else p.upper() for p in select]
    ignored = ["FM" if p.upper() == "ALL" else p.upper() for p in ignore]
    for prefix in selected:
        _load(prefix)
    for each in _registered():
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
    if upper == "ALL":
        return True
    if not upper:
        return False
    _load(upper)
    return any(each.code.startswith(upper) for each in _registered())


def is_code(code: str) -> bool:
    """Whether ``code`` is exactly a registered rule's code (as a severity override must be)."""
    _load(code.strip().upper())
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


def unknown_rule_message(word: str) -> str:
    """For ``fmlint rule WORD``, which takes a code or a name: ``unknown rule "X"``, with the
    rules most likely meant (a misspelt name such as ``mojbake``, a code such as ``FM6O3``)."""
    guesses = close_rules(word)
    hint = f" (did you mean {' or '.join(guesses)}?)" if guesses else " (see `fmlint rules`)"
    return f'unknown rule "{word}"' + hint


def close_rules(word: str) -> list[str]:
    """``name (CODE)`` of each rule whose name or code is close to ``word``, closest first."""
    import difflib

    all_rules()
    text = word.strip()
    names = difflib.get_close_matches(text.lower(), list(_NAMES), n=3, cutoff=0.75)
    codes = [guess for guess in [suggestion(text)] if guess in _RULES]  # a letter for a digit first
    codes = codes or difflib.get_close_matches(text.upper(), list(_RULES), n=1, cutoff=0.8)
    found = [_NAMES[name] for name in names] + codes
    return [f"{_RULES[code].name} ({code})" for code in dict.fromkeys(found)]


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
