"""``fmlint init``: a JSON Schema per collection, inferred from the front matter already written.

Writing a schema by hand was the hard part of adopting fmlint on a real site (issue 12), and
the content already says most of it.  These are pure functions from JSON views (``(path,
data)`` pairs, timestamps still text) to schema dicts and the notes of what the survey was
unsure of; the caller reads the files and writes the results.

What is inferred, per collection (the files of one folder):

* ``type``: the types seen (an integer and a float make a number); more than one is noted;
* ``format``: ``date-time``, ``date``, ``email`` or ``uri`` when jsonschema-rs accepts every
  string seen as one (``schema.formats.is_valid``: the verdict ``fmlint check`` applies);
  a format all but a few values have is noted, naming one that has not;
* ``enum``: strings seen at least 10 times with at most 8 distinct values (noted for review);
* ``required``: keys in every file (``required`` percent: 100 by default, so the schema accepts
  every file it came from; keys in 98% or more but not all are noted with the files lacking them);
* ``properties`` of nested objects and of arrays' items, their shapes merged;
* ``additionalProperties: false`` at the top level only.  Nested objects stay open: front
  matter's nested mappings are often keyed by data (Hugo's ``menus``, ``params``, Zola's
  ``extra``), so the keys seen are not the keys allowed; their values are still typed;
* a key the detected preset reads as a date keeps the preset's date forms when they accept
  every value (Hugo's local date-times, Jekyll's ``2024-03-05 10:00:00 +0100``).

Everything is sorted, so the same content gives the same bytes.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

FORMATS = ("date-time", "date", "email", "uri")  # tried in this order; the first every value has wins
ENUM_MAX, ENUM_MIN_SEEN = 8, 10
NEARLY, RARE = 98, 5  # percent of files: "nearly required" and "rare" keys are noted
DRAFT = "https://json-schema.org/draft/2020-12/schema"
_GLOB_CHARS = re.compile(r"[*?\[\]]")


@dataclass
class Shape:
    """Every value seen at one place (a key, or an array's items) across a collection's files."""

    count: int = 0
    types: dict[str, list] = field(default_factory=dict)  # type -> [how many, first file]
    strings: dict[str, str] = field(default_factory=dict)  # distinct string -> first file
    keys: dict[str, Shape] = field(default_factory=dict)
    objects: int = 0
    items: Shape | None = None
    files: dict[str, None] = field(default_factory=dict)  # files it was seen in, in order

    def add(self, value: Any, path: str) -> None:
        kind = json_type(value)
        self.count += 1
        self.files.setdefault(path)
        self.types.setdefault(kind, [0, path])[0] += 1
        if kind == "string":
            self.strings.setdefault(value if isinstance(value, str) else str(value), path)
        elif kind == "object":
            self.objects += 1
            for key, item in value.items():
                self.keys.setdefault(str(key), Shape()).add(item, path)
        elif kind == "array":
            self.items = self.items or Shape()
            for item in value:
                self.items.add(item, path)


def json_type(value: Any) -> str:
    """The JSON Schema type of a value of the JSON view (bool before int: True is an int)."""
    if value is None:
        return "null"
    for kind, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (dict, "object"), (list, "array")):
        if isinstance(value, kind):
            return name
    return "string"


@dataclass
class Inferred:
    """One collection: its folder ("" for the root), name, files surveyed, schema and notes."""

    folder: str
    name: str
    files: int
    schema: dict
    notes: list[tuple[str, str]]  # (kind, text): "unsure" of something, an "enum" or "preset" dates to review

    @property
    def glob(self) -> str:
        return f"{self.folder}/*" if self.folder else "*"

    @property
    def schema_path(self) -> str:
        return f"schemas/{self.name}.schema.json"


def plan(views: list[tuple[str, Any]], min_files: int = 5, required: int = 100,
         preset=lambda folder: None) -> tuple[list[Inferred], list[str]]:
    """The collections among ``(relative path, data)`` views: each folder with at least
    ``min_files`` files whose front matter shares a key; and notes on the folders that are not.
    ``preset(folder)`` is the schema a detected generator would apply there (or None)."""
    folders: dict[str, list[tuple[str, Any]]] = {}
    for path, data in sorted(views, key=lambda view: view[0]):
        folders.setdefault(path.rpartition("/")[0], []).append((path, data))
    found, skipped, taken = [], [], set()
    for folder in sorted(folders):
        members, shown = folders[folder], f"{folder}/" if folder else "./"
        shape = Shape()
        for path, data in members if len(members) >= min_files else ():
            shape.add({key: value for key, value in data.items() if key != "$schema"}, path)  # not validated
        if len(members) < min_files:
            skipped.append(f"{shown}: {_count(len(members), 'file')}, fewer than {min_files}: no schema")
        elif _GLOB_CHARS.search(folder) or not folder.isprintable() or _not_utf8(folder):
            skipped.append(f"{shown}: its name holds a glob character, a control character or bytes that are "
                           "not UTF-8: no collection")
        elif not any(child.count == len(members) for child in shape.keys.values()):
            skipped.append(f"{shown}: its {len(members)} files share no key: no schema")
        else:
            name = _name(folder, taken)
            schema, notes = infer_schema(shape, shown, required, preset(folder))
            found.append(Inferred(folder, name, len(members), schema, notes))
    return found, skipped


def infer_schema(shape: Shape, shown: str, required: int = 100,
                 preset: dict | None = None) -> tuple[dict, list[tuple[str, str]]]:
    """The schema of a collection's merged top-level shape, and what it was unsure of."""
    notes: list[tuple[str, str]] = []
    body = _schema(shape, "", required, notes, top=True)
    _borrow_dates(body["properties"], shape, preset, notes)
    schema = {"$schema": DRAFT, "title": f"Front matter of {shown}",
              "description": (f"Inferred by `fmlint init` from the {shape.count} files in {shown}: the types seen, "
                              "the formats every value has, small closed sets as enums, the keys in every file "
                              "as required, and only the keys seen at the top level (nested objects stay open). "
                              "Review it; `fmlint init --force` infers it again."), **body}
    return schema, sorted(notes)


def _schema(shape: Shape, where: str, required: int, notes: list, top: bool = False) -> dict:
    types = sorted(shape.types)
    if "integer" in types and "number" in types:
        types.remove("integer")
    out: dict[str, Any] = {"type": types[0] if len(types) == 1 else types}
    if len(types) > 1:
        seen = ", ".join(f"{kind} {count} ({first})" for kind, (count, first) in sorted(shape.types.items()))
        notes.append(("unsure", f"{_at(where)}: mixed types: {seen}"))
    if "string" in types:
        out.update(_strings(shape, where, notes, only=len(types) == 1))
    if "object" in types:
        out.update(_object(shape, where, required, notes, top))
    if "array" in types and shape.items is not None and shape.items.count:
        out["items"] = _schema(shape.items, f"{where}[]", required, notes)
    return out


def _strings(shape: Shape, where: str, notes: list, only: bool) -> dict:
    """A format every string has; else an enum of a small set seen often; notes on near misses."""
    values = shape.strings
    best = None
    for name in FORMATS:
        failed = _failures(name, values, limit=max(1, len(values) // 20))
        if not failed:
            return {"format": name}
        if len(failed) <= max(1, len(values) // 20) and len(values) >= 4 and best is None:
            best = (name, failed)
    if best is not None:
        text, path = best[1][0], values[best[1][0]]
        notes.append(("unsure", f"{_at(where)}: {len(values) - len(best[1])} of {len(values)} distinct values are "
                                f"{best[0]}, but not {_cut(text)!r} ({path}): no format"))
    strings = shape.types["string"][0]
    if only and strings >= ENUM_MIN_SEEN and len(values) <= ENUM_MAX:
        notes.append(("enum", f"{_at(where)} ({len(values)})"))
        return {"enum": sorted(values)}
    return {}


def _borrow_dates(properties: dict, shape: Shape, preset: dict | None, notes: list) -> None:
    """A text key the preset reads as a date keeps the preset's forms when they accept every
    value seen (Hugo's local ``2024-03-05T10:00:00``, Jekyll's ``2024-03-05 10:00:00 +0100``):
    the date rules go by the schema, and a bare string would turn them into false alarms."""
    if not preset:
        return
    import jsonschema_rs

    from fmlint.model.pointers import escape
    from fmlint.schema.walk import formats_at

    for key, child in sorted(shape.keys.items()):
        theirs = _inline(preset.get("properties", {}).get(key), preset.get("$defs", {}), depth=0)
        if properties[key] != {"type": "string"} or not theirs or not formats_at(preset, f"/{escape(key)}") & {
                "date", "date-time"}:
            continue
        accepts = jsonschema_rs.validator_for(theirs, validate_formats=True).is_valid
        if all(accepts(value) for value in child.strings):
            properties[key] = theirs
            notes.append(("preset", _at(key)))


def _inline(schema: Any, defs: dict, depth: int) -> Any:
    """``schema`` with its ``#/$defs/...`` references replaced by their definitions (None if
    one cannot be: another kind of reference, or nested too deep), for use outside its file."""
    if depth > 16:
        return None
    if isinstance(schema, list):
        items = [_inline(item, defs, depth + 1) for item in schema]
        return None if any(item is None for item in items) else items
    if not isinstance(schema, dict):
        return schema
    reference = schema.get("$ref")
    if reference is not None:
        name = reference.removeprefix("#/$defs/")
        if name == reference or name not in defs:
            return None
        schema = {**defs[name], **{key: value for key, value in schema.items() if key != "$ref"}}
        return _inline(schema, defs, depth + 1)
    out = {key: _inline(value, defs, depth + 1) for key, value in schema.items()}
    return None if any(value is None and schema[key] is not None for key, value in out.items()) else out


def _failures(name: str, values: dict[str, str], limit: int) -> list[str]:
    """Up to ``limit + 1`` of ``values`` that are not a valid ``name`` (jsonschema-rs's verdict)."""
    from fmlint.schema.formats import is_valid

    failed = []
    for value in values:
        if not is_valid(name, value):
            failed.append(value)
            if len(failed) > limit:
                break
    return failed


def _object(shape: Shape, where: str, required: int, notes: list, top: bool) -> dict:
    """Properties (sorted), the keys in enough of the objects as required, closed at the top."""
    unit = "files" if top else f"{_at(where)} objects"
    out: dict[str, Any] = {"properties": {key: _schema(child, _join(where, key), required, notes)
                                          for key, child in sorted(shape.keys.items())}}
    needed = [key for key, child in sorted(shape.keys.items()) if child.count * 100 >= required * shape.objects]
    for key, child in sorted(shape.keys.items()):
        present, lacking = child.count, [path for path in shape.files if path not in child.files]
        if key not in needed and present * 100 >= NEARLY * shape.objects:
            missing = f", not in {_few(lacking)}" if lacking else ""
            notes.append(("unsure", f"{_at(_join(where, key))}: in {present} of {shape.objects} {unit}{missing}: "
                                    "not required"))
        elif present * 100 < RARE * shape.objects:
            common = [other for other, each in shape.keys.items() if each.count > present]
            close = difflib.get_close_matches(key, sorted(common), n=1, cutoff=0.85)  # tittle, not ampWebUrl
            hint = f"; a typo of {_at(_join(where, close[0]))}?" if close else ""
            notes.append(("unsure", f"{_at(_join(where, key))}: in only {present} of {shape.objects} {unit} "
                                    f"({_few(list(child.files))}){hint}"))
    if needed:
        out["required"] = needed
    if top:
        out["additionalProperties"] = False
    return out


def schema_bytes(schema: dict) -> bytes:
    """The file's bytes: two-space indent, one final newline.  Keys keep the order they were built
    in (``type`` before ``properties``, reading order for a person); every list and every set
    of properties is sorted, so the same content gives the same bytes."""
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")  # readers refuse "\ud800"


def config_tables(collections: list[Inferred]) -> str:
    """The ``[[collections]]`` tables mapping each folder to its inferred schema (TOML)."""
    if not collections:
        return ""
    lines = ["", "# Collections inferred by `fmlint init` from the front matter already here: the files of",
             "# each folder are checked against the schema inferred from them, which takes the place",
             "# of a preset's schema there.  Review the schemas; `fmlint init --force` infers them again."]
    for each in collections:
        lines += ["", "[[collections]]", f"name = {_toml(each.name)}", f"include = [{_toml(each.glob)}]",
                  f"schema = {_toml(each.schema_path)}"]
    return "\n".join(lines) + "\n"


def _toml(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but DEL must be escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _name(folder: str, taken: set[str]) -> str:
    """A file-name-safe, unique collection name from the folder (``_learning/videos`` -> ``learning-videos``)."""
    parts = [re.sub(r"[^a-z0-9_-]+", "-", part.lower().lstrip("_.")).strip("-") for part in folder.split("/")]
    base = "-".join(part for part in parts if part) or "root"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    taken.add(name)
    return name


def _not_utf8(name: str) -> bool:
    """A name holding bytes that are not UTF-8 (``os`` gives them as lone surrogates)."""
    return name.encode("utf-8", "ignore").decode("utf-8") != name


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _at(where: str) -> str:
    return f"`{where}`"


def _few(paths: list[str], shown: int = 3) -> str:
    more = len(paths) - shown
    return ", ".join(paths[:shown]) + (f" and {more} more" if more > 0 else "")


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def summary(collections: list[Inferred], skipped: list[str], surveyed: int, unread: int, preset: str | None) -> str:
    """What ``fmlint init`` says it inferred and what it was unsure of, in a stable order."""
    keys = sum(len(each.schema.get("properties", {})) for each in collections)
    lines = [f"Surveyed {_count(surveyed, 'file')}: {_count(len(collections), 'collection')}, "
             f"{_count(keys, 'top-level key')}" + (f" ({unread} without front matter to survey)" if unread else "")]
    instead = f", instead of the {preset} preset's schema" if preset and collections else ""
    lines += [f"  {each.glob} -> {each.schema_path} ({_count(each.files, 'file')}, "
              f"{_count(len(each.schema.get('properties', {})), 'key')}{instead})" for each in collections]
    lines += [f"  not a collection: {note}" for note in skipped]
    for each in collections:
        borrowed = [text for kind, text in each.notes if kind == "preset"]
        if borrowed:
            lines.append(f"  {each.folder or '.'}/ dates in the {preset} preset's forms: {', '.join(borrowed)}")
        enums = [text for kind, text in each.notes if kind == "enum"]
        if enums:
            lines.append(f"  {each.folder or '.'}/ enums (a value not seen yet will be reported; the number of "
                         f"values in parentheses): {', '.join(enums)}")
    notes = [f"  {each.folder or '.'}/ {text}" for each in collections for kind, text in each.notes if kind == "unsure"]
    if notes:
        lines += ["Unsure (review the schemas):", *notes]
    from fmlint.reporting.common import printable

    return "\n".join(printable(line) for line in lines)  # keys and values are the repository's: no "\n::error"
