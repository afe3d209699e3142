"""Turn jsonschema's errors into messages a person understands, anchored where they belong.

Each raw error becomes ``(kind, Problem)``; the schema rules (``rules/schema.py``)
report one kind each.  A missing field is anchored at its parent's key (the opening
fence for top-level fields), an unknown field at its key, everything else at the
value.  ``anyOf``/``oneOf`` failures are reduced to the best matching branch.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from .frontmatter import FrontMatter, escape_token
from .model import Problem

MISSING, TYPE, UNKNOWN, ENUM, FORMAT, CONSTRAINT, ALTERNATIVES = (
    "missing", "type", "unknown", "enum", "format", "constraint", "alternatives")
_TYPE_NAMES = {"integer": "an integer", "number": "a number", "string": "a string", "boolean": "a boolean",
               "array": "a list", "object": "a mapping", "null": "null"}


def validate(schema: Any, data: Any, fm: FrontMatter) -> list[tuple[str, Problem]]:
    """All findings for ``data``, without duplicates, in document order."""
    instance = data
    if isinstance(data, dict) and "$schema" in data:
        instance = {key: value for key, value in data.items() if key != "$schema"}
    fast = schema.fast
    if fast is not None and fast(instance):
        return []
    results: dict[tuple, tuple[str, Problem]] = {}
    for error in schema.validator.iter_errors(instance):
        for kind, problem in convert(error, schema.schema):
            results.setdefault((kind, problem.pointer, problem.message), (kind, problem))
    return list(results.values())


def convert(error: Any, root_schema: dict) -> list[tuple[str, Problem]]:
    path = list(error.absolute_path)
    pointer = error_pointer(path)
    where = display_path(path)
    keyword = error.validator
    if keyword == "required":
        return _missing(error, path, pointer)
    if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
        return _unknown(error, path, pointer)
    if keyword in ("anyOf", "oneOf"):
        return _alternatives(error, path, pointer, root_schema)
    prefix = f"{where}: " if where else ""
    if keyword == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = " or ".join(_TYPE_NAMES.get(name, name) for name in expected)
        return [(TYPE, Problem(f"{prefix}{show(error.instance)} is not {names}", pointer=pointer))]
    if keyword == "enum":
        allowed = ", ".join(show(value) for value in error.validator_value)
        return [(ENUM, Problem(f"{prefix}{show(error.instance)} is not one of {allowed}", pointer=pointer))]
    if keyword == "const":
        return [(ENUM, Problem(f"{prefix}must be {show(error.validator_value)}", pointer=pointer))]
    if keyword == "format":
        reason = f" ({error.cause})" if error.cause else ""
        message = f"{prefix}{show(error.instance)} is not a valid {error.validator_value}{reason}"
        return [(FORMAT, Problem(message, pointer=pointer))]
    return [(CONSTRAINT, Problem(f"{prefix}{_constraint_message(error)}", pointer=pointer))]


def _missing(error: Any, path: list, pointer: str) -> list[tuple[str, Problem]]:
    present = error.instance if isinstance(error.instance, dict) else {}
    return [
        (MISSING, Problem(f'missing required field "{display_path(path + [name])}"', pointer=pointer, at_key=True))
        for name in error.validator_value if name not in present
    ]


def _unknown(error: Any, path: list, pointer: str) -> list[tuple[str, Problem]]:
    schema = error.schema
    known = list(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    extras = [key for key in error.instance if key not in known and not any(re.search(p, key) for p in patterns)]
    results = []
    for key in extras:
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        message = f'unknown field "{display_path(path + [key])}"{hint}'
        results.append((UNKNOWN, Problem(message, pointer=f"{pointer}/{escape_token(key)}", at_key=True)))
    return results


def _alternatives(error: Any, path: list, pointer: str, root_schema: dict) -> list[tuple[str, Problem]]:
    """Reduce an anyOf/oneOf failure to one message: a set of required fields, or the best branch."""
    where = display_path(path)
    branches = error.context or []
    if branches and all(branch.validator == "required" and not branch.relative_path for branch in branches):
        names = sorted({name for branch in branches for name in branch.validator_value}, key=str)
        fields = ", ".join(f'"{display_path(path + [name])}"' for name in names)
        return [(MISSING, Problem(f"missing required field: one of {fields}", pointer=pointer, at_key=True))]
    if error.validator == "oneOf" and not branches:
        return [(ALTERNATIVES, Problem(f"{where or 'front matter'}: matches more than one of the allowed forms",
                                       pointer=pointer))]
    return _best_branch(error, branches, root_schema)


def _best_branch(error: Any, branches: list, root_schema: dict) -> list[tuple[str, Problem]]:
    """Explain the branch the value was evidently meant for: the ones whose type it has.

    Branches rejected only because the value has another type are dropped; if one
    branch is left, all of its errors are reported; otherwise jsonschema's
    ``best_match`` picks among what is left.
    """
    from jsonschema.exceptions import best_match

    by_branch: dict[Any, list] = {}
    for branch in branches:
        by_branch.setdefault(branch.relative_schema_path[0], []).append(branch)
    fitting = {index: errors for index, errors in by_branch.items()
               if not any(e.validator == "type" and not e.relative_path for e in errors)}
    path = list(error.absolute_path)
    if not fitting:
        types = [b.validator_value for b in branches if b.validator == "type"]
        names = " or ".join(dict.fromkeys(_TYPE_NAMES.get(t, str(t)) for t in types if isinstance(t, str)))
        where = display_path(path)
        message = f"{where + ': ' if where else ''}{show(error.instance)} is not {names or 'in an allowed form'}"
        return [(TYPE, Problem(message, pointer=error_pointer(path)))]
    if len(fitting) == 1:
        return [found for branch in next(iter(fitting.values())) for found in convert(branch, root_schema)]
    best = best_match([e for errors in fitting.values() for e in errors])
    return convert(best, root_schema)


def error_pointer(path: list) -> str:
    return "".join(f"/{escape_token(str(part))}" for part in path)


def _constraint_message(error: Any) -> str:
    keyword, limit, value = error.validator, error.validator_value, error.instance
    if keyword == "minLength" and limit == 1 and value == "":
        return "must not be empty"
    if keyword == "minItems" and limit == 1 and value == []:
        return "must not be an empty list"
    templates = {
        "minimum": "{value} is less than the minimum of {limit}",
        "maximum": "{value} is greater than the maximum of {limit}",
        "exclusiveMinimum": "{value} must be greater than {limit}",
        "exclusiveMaximum": "{value} must be less than {limit}",
        "minLength": "{value} is shorter than {limit} characters",
        "maxLength": "{value} is longer than {limit} characters",
        "minItems": "has fewer than {limit} items",
        "maxItems": "has more than {limit} items",
        "pattern": "{value} does not match the pattern {limit}",
        "uniqueItems": "has repeated items",
        "multipleOf": "{value} is not a multiple of {limit}",
    }
    template = templates.get(keyword)
    if template is None:
        return error.message
    return template.format(value=show(value), limit=show(limit) if keyword == "pattern" else limit)


def display_path(parts: list) -> str:
    """``["images", 0, "width"]`` -> ``images[0].width``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def show(value: Any, limit: int = 60) -> str:
    """A value as it would be written in JSON, shortened."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
