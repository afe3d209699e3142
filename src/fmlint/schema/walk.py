"""What a schema says about the value at a JSON pointer: its possible types and formats.

Content rules ask "does the schema want an integer here?" or "is this a date-time?"
without running the validator.  The walk follows ``properties``,
``patternProperties``, ``additionalProperties``, ``items``/``prefixItems``, local
``$ref`` and the ``allOf``/``anyOf``/``oneOf`` branches, and collects every
subschema that could apply.  It is an over-approximation, which is what a rule
deciding whether a fix is wanted needs.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from fmlint.model import ByIdentity, pointers


def subschemas_at(root: dict, pointer: str) -> list[dict]:
    """Every subschema of ``root`` that may describe the value at ``pointer``."""
    return list(_subschemas_at(ByIdentity(root), pointer))


def types_at(root: dict | None, pointer: str) -> set[str]:
    """JSON types the schema allows at ``pointer`` (empty when it says nothing)."""
    if root is None:
        return set()
    found: set[str] = set()
    for schema in subschemas_at(root, pointer):
        kind = schema.get("type")
        found.update(kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else [])
    return found


def formats_at(root: dict | None, pointer: str) -> set[str]:
    if root is None:
        return set()
    return {schema["format"] for schema in subschemas_at(root, pointer) if isinstance(schema.get("format"), str)}


@functools.lru_cache(maxsize=4096)
def _subschemas_at(root: ByIdentity, pointer: str) -> tuple[dict, ...]:
    tokens = pointers.tokens(pointer)
    current = _expand(root.value, root.value)
    for token in tokens:
        following: list[dict] = []
        for schema in current:
            following.extend(_child(schema, token, root.value))
        current = _dedupe(following)
        if not current:
            break
    return tuple(current)


def _child(schema: dict, token: str, root: dict) -> list[dict]:
    children: list[Any] = []
    properties = schema.get("properties", {})
    if token in properties:
        children.append(properties[token])
    else:
        for pattern, sub in schema.get("patternProperties", {}).items():
            if _matches(pattern, token):
                children.append(sub)
        if not children and isinstance(schema.get("additionalProperties"), dict):
            children.append(schema["additionalProperties"])
    if token.isdigit():
        prefix = schema.get("prefixItems", [])
        index = int(token)
        if index < len(prefix):
            children.append(prefix[index])
        elif isinstance(schema.get("items"), dict):
            children.append(schema["items"])
        elif isinstance(schema.get("items"), list) and index < len(schema["items"]):  # draft-07 tuples
            children.append(schema["items"][index])
    expanded: list[dict] = []
    for child in children:
        expanded.extend(_expand(child, root))
    return expanded


def _matches(pattern: str, key: str) -> bool:
    """ECMA-262 ``pattern`` semantics (jsonschema-rs's engine), not Python's ``re`` dialect."""
    return _pattern_validator(pattern).is_valid(key)


@functools.lru_cache(maxsize=256)
def _pattern_validator(pattern: str):
    import jsonschema_rs

    try:
        return jsonschema_rs.validator_for({"pattern": pattern})
    except (ValueError, jsonschema_rs.ValidationError):
        return jsonschema_rs.validator_for(True)  # a pattern the engine rejects: assume it may match


def _expand(schema: Any, root: dict) -> list[dict]:
    """A schema plus everything its local ``$ref`` and combinators bring in, each subschema once.

    Visited subschemas are remembered: ``{"allOf": [{"$ref": "#"}] * 10}`` (which a content
    file may choose with ``$schema``) would otherwise be walked 10 ** depth times.
    """
    result, seen, stack = [], set(), [schema]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        result.append(node)
        following = []
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            following.append(_resolve_local(root, ref))
        for keyword in ("allOf", "anyOf", "oneOf"):
            branches = node.get(keyword, [])
            following.extend(branches if isinstance(branches, list) else [])
        stack.extend(reversed(following))
    return result


def _resolve_local(root: dict, ref: str) -> Any:
    target = pointers.resolve(root, ref[1:])
    return None if target is pointers.MISSING else target


def _dedupe(schemas: list[dict]) -> list[dict]:
    seen, unique = set(), []
    for schema in schemas:
        key = id(schema) if len(schema) > 8 else json.dumps(schema, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            unique.append(schema)
    return unique
