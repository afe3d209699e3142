"""Completion and hover from the document's schema.

The schema is the one ``fmlint check`` validates the file against (the planner's, or the
file's own ``$schema``: ``rules.engine.Context.schema`` decides, so they cannot differ).
``schema.walk.subschemas_at`` says what applies at a pointer; ``yaml_place`` says which
pointer the cursor is at. Only YAML front matter is completed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lsprotocol import types

from fmlint.rules.engine import Context
from fmlint.schema.walk import subschemas_at
from fmlint.server.linting import Linted
from fmlint.server.yaml_place import Place

_KEY_PREFIX = re.compile(r"^(?P<indent>[ ]*)(?P<items>(?:-[ \t]+)*)(?P<partial>[^\s:#'\"][^:#]*|)$")
_VALUE_PREFIX = re.compile(r"^(?P<head>[ ]*(?:-[ \t]+)*[^\s:#][^:#]*?)[ \t]*:[ \t]+(?P<partial>[^\s#]*)$")
_PLAIN_SAFE = re.compile(r"[A-Za-z_][\w .-]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def loaded_schema(linted: Linted) -> dict | None:
    """The schema dict that applies to the document, or None."""
    if linted.doc is None or linted.settings is None or not linted.doc.checkable:
        return None
    loaded = Context(linted.doc, linted.fm, linted.settings).schema
    return loaded.schema if loaded is not None and isinstance(loaded.schema, dict) else None


def _body_place(linted: Linted, line: int) -> tuple[Place, int] | None:
    """The YAML body's lines and the cursor's row in them, when ``line`` is inside the body."""
    doc = linted.doc
    if doc is None or doc.kind != "yaml" or doc.body is None:
        return None
    first = linted.lines.line_of(doc.body.start)
    last = linted.lines.line_of(doc.body.end) if doc.close_fence is not None else len(linted.lines.starts) - 1
    if doc.close_fence is not None and doc.body.end == linted.lines.starts[min(last, len(linted.lines.starts) - 1)]:
        last -= 1  # the body ends at the start of the closing fence's line
    if not first <= line <= last:
        return None
    return Place([linted.lines.line_text(each) for each in range(first, last + 1)]), line - first


def completions(linted: Linted, line: int, offset: int) -> list[types.CompletionItem]:
    """Keys the schema allows where the cursor is, or the values it allows after ``key:``."""
    schema = loaded_schema(linted)
    placed = _body_place(linted, line)
    if schema is None or placed is None:
        return []
    place, row = placed
    before = linted.text[linted.lines.starts[line]:offset]
    value = _VALUE_PREFIX.match(before)
    if value is not None:
        key_column = len(value["head"]) - len(value["head"].lstrip(" -\t"))
        key = next((e.key for e in place.on(row) if e.column == key_column and e.key), None)
        if key is None:
            return []
        pointer = place.pointer_at(row, key_column) + "/" + key.replace("~", "~0").replace("/", "~1")
        return _value_items(schema, pointer)
    typed = _KEY_PREFIX.match(before)
    if typed is None:
        return []
    column = len(typed["indent"]) + len(typed["items"])
    pointer = place.pointer_at(row, column)
    present = place.sibling_keys(row, column)
    items = _key_items(schema, pointer, present)
    if typed["items"]:  # "- " starts a list item: its values are candidates too
        items += _value_items(schema, pointer)
    return items


def _key_items(schema: dict, pointer: str, present: set[str]) -> list[types.CompletionItem]:
    found: dict[str, types.CompletionItem] = {}
    required = {name for sub in subschemas_at(schema, pointer) for name in sub.get("required", ())
                if isinstance(name, str)}
    for sub in subschemas_at(schema, pointer):
        properties = sub.get("properties")
        if not isinstance(properties, dict):
            continue
        for name, child in properties.items():
            if name in present or name in found:
                continue
            detail = describe_types(schema, f"{pointer}/{name.replace('~', '~0').replace('/', '~1')}")
            found[name] = types.CompletionItem(
                label=name, kind=types.CompletionItemKind.Property,
                detail=("required · " if name in required else "") + (detail or "any"),
                documentation=_markdown(_text_of(child, schema, f"{pointer}/{name}")),
                insert_text=f"{name}: ", filter_text=name,
                sort_text=("0" if name in required else "1") + name,
            )
    return list(found.values())


def _value_items(schema: dict, pointer: str) -> list[types.CompletionItem]:
    values: list[Any] = []
    for sub in subschemas_at(schema, pointer):
        values.extend(sub.get("enum", []) if isinstance(sub.get("enum"), list) else [])
        if "const" in sub:
            values.append(sub["const"])
        kinds = sub.get("type")
        if kinds == "boolean" or isinstance(kinds, list) and "boolean" in kinds:
            values.extend([True, False])
    items, seen = [], set()
    for value in values:
        text = yaml_scalar(value)
        if text in seen:
            continue
        seen.add(text)
        items.append(types.CompletionItem(label=text, kind=types.CompletionItemKind.Value, insert_text=text,
                                          detail=describe_types(schema, pointer) or None))
    return items


def yaml_scalar(value: Any) -> str:
    """``value`` as a YAML scalar that reads back as exactly that value (quoted when it must be)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and _PLAIN_SAFE.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


def describe_types(schema: dict, pointer: str) -> str:
    """The JSON types (and formats) the schema allows at ``pointer``, e.g. ``string (date-time)``."""
    kinds, formats = [], []
    for sub in subschemas_at(schema, pointer):
        kind = sub.get("type")
        for each in kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else []:
            if each not in kinds:
                kinds.append(each)
        if isinstance(sub.get("format"), str) and sub["format"] not in formats:
            formats.append(sub["format"])
    text = " | ".join(kinds)
    return f"{text} ({', '.join(formats)})" if formats else text


def _text_of(child: Any, schema: dict, pointer: str) -> str:
    """The first description (else title) among the subschemas at ``pointer``."""
    candidates = [child] if isinstance(child, dict) else []
    candidates += subschemas_at(schema, pointer)
    for key in ("description", "title"):
        for sub in candidates:
            if isinstance(sub.get(key), str):
                return sub[key]
    return ""


def _markdown(text: str) -> types.MarkupContent | None:
    return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text) if text else None


def key_hover(linted: Linted, line: int, offset: int) -> str | None:
    """What the schema says about the key under the cursor: description, type, allowed values."""
    schema = loaded_schema(linted)
    placed = _body_place(linted, line)
    if schema is None or placed is None:
        return None
    place, row = placed
    column = offset - linted.lines.starts[line]
    key = next((e for e in place.on(row) if e.key is not None and e.column <= column <= e.end), None)
    if key is None:
        return None
    pointer = place.pointer_at(row, key.column) + "/" + key.key.replace("~", "~0").replace("/", "~1")
    if not subschemas_at(schema, pointer):
        return f"**{key.key}**: not described by the schema"
    parts = [f"**{key.key}**" + (f": `{describe_types(schema, pointer)}`" if describe_types(schema, pointer) else "")]
    description = _text_of(None, schema, pointer)
    if description:
        parts.append(description)
    allowed = [yaml_scalar(v) for sub in subschemas_at(schema, pointer) for v in sub.get("enum", [])
               if isinstance(sub.get("enum"), list)]
    if allowed:
        parts.append("One of: " + ", ".join(f"`{each}`" for each in allowed))
    return "\n\n".join(parts)
