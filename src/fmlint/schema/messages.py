"""Turn jsonschema-rs's errors into messages a person understands, anchored where they belong.

The verdict is jsonschema-rs's (``schemas.py``); this module only explains it.  Each
raw error becomes ``(kind, Problem)``; the schema rules (``rules/schema.py``) report
one kind each.  A missing field is anchored at its parent's key (the opening fence for
top-level fields), an unknown field at its key, everything else at the value.  An
``anyOf``/``oneOf`` failure is explained by the branch the value was evidently meant
for: the branches whose type the value has.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from fmlint.model import Problem
from fmlint.model.patterns import Lazy
from fmlint.reading.view import escape_token
from fmlint.schema import formats

MISSING, TYPE, UNKNOWN, ENUM, FORMAT, CONSTRAINT, ALTERNATIVES = (
    "missing", "type", "unknown", "enum", "format", "constraint", "alternatives")
_TYPE_NAMES = {"integer": "an integer", "number": "a number", "string": "a string", "boolean": "a boolean",
               "array": "a list", "object": "a mapping", "null": "null"}
_TEMPLATES = {
    "Minimum": "{value} is less than the minimum of {limit}",
    "Maximum": "{value} is greater than the maximum of {limit}",
    "ExclusiveMinimum": "{value} must be greater than {limit}",
    "ExclusiveMaximum": "{value} must be less than {limit}",
    "MinLength": "{value} is shorter than {limit} characters",
    "MaxLength": "{value} is longer than {limit} characters",
    "MinItems": "has fewer than {limit} items",
    "MaxItems": "has more than {limit} items",
    "MinProperties": "has fewer than {limit} fields",
    "MaxProperties": "has more than {limit} fields",
    "MultipleOf": "{value} is not a multiple of {limit}",
    "UniqueItems": "has repeated items",
}


def validate(schema: Any, data: Any) -> list[tuple[str, Problem]]:
    """All findings for ``data``, without duplicates, in the validator's order."""
    instance = data
    if isinstance(data, dict) and "$schema" in data:
        instance = {key: value for key, value in data.items() if key != "$schema"}
    if schema.fast(instance):
        return []
    results: dict[tuple, tuple[str, Problem]] = {}
    for error in schema.validator.iter_errors(instance):
        for kind, problem in convert(error, schema.schema):
            results.setdefault((kind, problem.pointer, problem.message), (kind, problem))
    return list(results.values())


def convert(error: Any, root_schema: Any) -> list[tuple[str, Problem]]:
    """One jsonschema-rs error as ``(kind, Problem)`` findings (several for a group of fields)."""
    path = list(error.instance_path)
    pointer = error_pointer(path)
    name = kind_name(error)
    details = error.kind.as_dict()
    prefix = f"{display_path(path)}: " if path else ""
    if name == "Required":
        return [(MISSING, Problem(f'missing required field "{display_path(path + [details["property"]])}"',
                                  pointer=pointer, at_key=True))]
    if name in ("AdditionalProperties", "UnevaluatedProperties") and isinstance(error.instance, dict):
        return _unknown(details.get("unexpected", []), path, error, root_schema)
    if name in ("AnyOf", "OneOfNotValid"):
        return _alternatives(error, path, root_schema)
    if name == "OneOfMultipleValid":
        return [(ALTERNATIVES, Problem(f"{display_path(path) or 'front matter'}: matches more than one of the "
                                       "allowed forms", pointer=pointer))]
    if name == "FalseSchema":
        return _not_allowed(path, pointer)
    message = _message(name, details, error)
    kind = {"Type": TYPE, "Enum": ENUM, "Constant": ENUM, "Format": FORMAT}.get(name, CONSTRAINT)
    return [(kind, Problem(prefix + message, pointer=pointer))]


def kind_name(error: Any) -> str:
    """``Type``, ``Required``, ``AnyOf``, ...: the class name of jsonschema-rs's error kind."""
    return type(error.kind).__name__


def _message(name: str, details: dict, error: Any) -> str:
    value = error.instance
    if name == "Type":
        return f"{show(value)} is not {_names(details.get('types', []))}"
    if name == "Enum":
        return f"{show(value)} is not one of {', '.join(show(option) for option in details.get('options', []))}"
    if name == "Constant":
        return f"must be {show(details.get('expected_value'))}"
    if name == "Format":
        reason = formats.explain(details.get("format", ""), value) if isinstance(value, str) else None
        shown = show(value, focus=focus_of(value, reason))
        return f"{shown} is not a valid {details.get('format')}{f' ({reason})' if reason else ''}"
    if name == "MinLength" and details.get("limit") == 1 and value == "":
        return "must not be empty"
    if name == "MinItems" and details.get("limit") == 1 and value == []:
        return "must not be an empty list"
    if name == "Pattern":
        pattern = details.get("pattern")
        return f"{show(value, focus=pattern_focus(pattern, value))} does not match the pattern {show(pattern)}"
    template = _TEMPLATES.get(name)
    if template is not None:
        return template.format(value=show(value), limit=details.get("limit"))
    return str(error.message).splitlines()[0]


def _names(types: list) -> str:
    return " or ".join(dict.fromkeys(_TYPE_NAMES.get(name, str(name)) for name in types)) or "in an allowed form"


def _not_allowed(path: list, pointer: str) -> list[tuple[str, Problem]]:
    """A ``false`` schema: no value at all is allowed here."""
    if path and isinstance(path[-1], str):
        return [(UNKNOWN, Problem(f'field "{display_path(path)}" is not allowed', pointer=pointer, at_key=True))]
    where = display_path(path) or "front matter"
    return [(CONSTRAINT, Problem(f"{where}: no value is allowed here (the schema is false)", pointer=pointer))]


def _unknown(extras: list, path: list, error: Any, root_schema: Any) -> list[tuple[str, Problem]]:
    owner = _schema_at(root_schema, list(error.schema_path)[:-1])
    known = list(owner.get("properties", {})) if isinstance(owner, dict) else []
    import difflib  # only an unknown key asks for a close match

    results = []
    for key in extras:
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.75)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        pointer = f"{error_pointer(path)}/{escape_token(str(key))}"
        results.append((UNKNOWN, Problem(f'unknown field "{display_path(path + [key])}"{hint}',
                                         pointer=pointer, at_key=True)))
    return results


def _schema_at(root: Any, tokens: list) -> Any:
    """The subschema at a schema path (jsonschema-rs gives ``$ref`` targets' own paths), or None."""
    current = root
    for token in tokens:
        if isinstance(current, dict):
            current = current.get(str(token))
        elif isinstance(current, list) and isinstance(token, int) and token < len(current):
            current = current[token]
        else:
            return None
    return current


def _alternatives(error: Any, path: list, root_schema: Any) -> list[tuple[str, Problem]]:
    """Reduce an anyOf/oneOf failure to one explanation: a set of required fields, or the fitting branch."""
    branches = [list(branch) for branch in error.kind.context]
    flat = [each for branch in branches for each in branch]
    pointer = error_pointer(path)
    if flat and all(kind_name(each) == "Required" and list(each.instance_path) == path for each in flat):
        names = sorted({each.kind.as_dict()["property"] for each in flat}, key=str)
        fields = ", ".join(f'"{display_path(path + [name])}"' for name in names)
        return [(MISSING, Problem(f"missing required field: one of {fields}", pointer=pointer, at_key=True))]
    fitting = [branch for branch in branches if branch and not any(_type_mismatch(each, path) for each in branch)]
    if not fitting:
        expected = [name for each in flat for name in _expected_types(each)]
        where = display_path(path)
        message = f"{where + ': ' if where else ''}{show(error.instance)} is not {_names(expected)}"
        return [(TYPE, Problem(message, pointer=pointer))]
    closest = min(fitting, key=len)  # the first of the branches the value comes nearest to
    return [found for each in closest for found in convert(each, root_schema)]


def _type_mismatch(error: Any, path: list) -> bool:
    """Was this branch rejected at the value itself only because the value has another type?"""
    if list(error.instance_path) != path:
        return False
    name = kind_name(error)
    if name in ("Type", "FalseSchema"):
        return True
    if name in ("Constant", "Enum"):
        return _kin(error.instance) not in {_kin(value) for value in _allowed_values(error)}
    return False


def _kin(value: Any) -> str:
    """A value's JSON type, integers counted as numbers (``const: 1.5`` and ``7`` are of a kind)."""
    kind = json_type(value)
    return "number" if kind == "integer" else kind


def _allowed_values(error: Any) -> list:
    details = error.kind.as_dict()
    return [details.get("expected_value")] if kind_name(error) == "Constant" else list(details.get("options", []))


def _expected_types(error: Any) -> list[str]:
    name = kind_name(error)
    if name == "Type":
        return list(error.kind.as_dict().get("types", []))
    if name in ("Constant", "Enum"):
        return [json_type(value) for value in _allowed_values(error)]
    return []


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number" if isinstance(value, float) and not value.is_integer() else "integer"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def error_pointer(path: list) -> str:
    return "".join(f"/{escape_token(str(part))}" for part in path)


def display_path(parts: list) -> str:
    """``["images", 0, "width"]`` -> ``images[0].width``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def show(value: Any, limit: int = 60, focus: int | None = None) -> str:
    """A value as it would be written in JSON, shortened to ``limit`` characters.

    ``focus`` is the index in a string value of what is wrong with it: the cut keeps a window
    around it (with … on each cut side), so that "… contains '>'" shows the ``>``.
    """
    text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) <= limit:
        return text
    at = len(json.dumps(value[:focus], ensure_ascii=False)) - 1 if focus and isinstance(value, str) else 0
    if at < limit * 2 // 3:
        return text[: limit - 1] + "…"
    start = at - limit // 3
    if start + limit - 1 >= len(text):
        return "…" + text[len(text) - (limit - 1):]
    return "…" + text[start: start + limit - 2] + "…"


_QUOTED = Lazy(r"'((?:[^'\\]|\\.)+)'|\"([^\"]+)\"")  # 'x' (a repr) or "part" in a reason


def focus_of(value: Any, reason: str | None) -> int | None:
    """Where in ``value`` the ``reason`` it is invalid points: a space, a bad ``%``, or the first
    character or part the reason quotes (``contains '>'``, ``the scheme htp:``); None if unsure."""
    if not isinstance(value, str) or not reason:
        return None
    if reason.startswith("contains a space"):
        return value.find(" ") if " " in value else None
    if reason.startswith("contains a '%'"):
        bad = re.search(r"%(?![0-9A-Fa-f]{2})", value)
        return bad.start() if bad else None
    for single, double in _QUOTED.findall(reason):
        part = double or _unrepr(single)
        if part and part in value:
            return value.index(part)
    return None


def _unrepr(quoted: str) -> str:
    """The text of a ``repr``'d string's inside (``\\x00`` is one character)."""
    try:
        return ast.literal_eval(f"'{quoted}'")
    except (ValueError, SyntaxError):
        return quoted


_CLASS_OR_ESCAPE = Lazy(r"\[(?:\\.|[^\]\\])*\]|\\.")


def pattern_focus(pattern: Any, value: Any) -> int | None:
    """The first character of ``value`` that ``pattern`` can match nowhere (``>`` against
    ``^[a-z0-9-]+$``), or None.  No regex runs on the value: each character is tested against
    the pattern's character classes, escapes and literals, one at a time, so a schema's
    pattern cannot make this backtrack; a pattern with ``.`` (any character) gives None."""
    if not isinstance(pattern, str) or not isinstance(value, str):
        return None
    atoms = _CLASS_OR_ESCAPE.findall(pattern)
    literals = _CLASS_OR_ESCAPE.sub("", pattern)
    if "." in literals or "(?i" in pattern:  # any character, or any case: no character is surely wrong
        return None
    try:
        alphabet = re.compile("|".join(atoms + [re.escape(char) for char in set(literals) - set("^$()|?*+{},")]))
    except re.error:  # an ECMA 262 form Python does not know (\p{L}): no guess
        return None
    return next((index for index, char in enumerate(value) if not alphabet.fullmatch(char)), None)
