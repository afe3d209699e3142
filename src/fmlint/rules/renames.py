"""Key renames: an unknown key that is a typo of a field the schema allows (``tittle`` -> ``title``).

A misspelt required key is two findings for one slip: FM201 (``title`` is missing) and
FM203 (``tittle`` is unknown).  When the unknown key has exactly one close match among
the fields the schema defines at that mapping, and the mapping lacks that field, the
slip is named once: by FM201 when the field is required (and FM201 is selected), else by
FM203, with an unsafe fix that renames the key in place.  The fix declares the rename
(the old key gone, its value under the new key), so the fixer's verification accepts
exactly that change and nothing else.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from fmlint.model import Edit, Fix, pointers
from fmlint.model.patterns import Lazy
from fmlint.reading.view import escape_token
from fmlint.rules import values
from fmlint.rules.registry import per_file
from fmlint.schema import messages, walk

REMOVED = "-"  # fixing.loop's convention: a declared pointer with this prefix names a key that goes
_PLAIN_KEY = Lazy(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


class Rename(NamedTuple):
    pointer: str  # the unknown key's pointer
    parent: str
    old: str
    new: str
    required: bool  # is ``new`` required at ``parent``? (then FM201 names the typo)
    fix: Fix | None


@per_file
def renames(ctx) -> dict[str, Rename]:
    """The likely typos of the file, by the unknown key's pointer."""
    found: dict[str, Rename] = {}
    if ctx.schema is None:
        return found
    for kind, problem in ctx.schema_errors:
        if kind != messages.UNKNOWN or not problem.pointer:
            continue
        parent, _, token = problem.pointer.rpartition("/")
        old = token.replace("~1", "/").replace("~0", "~")
        mapping = pointers.resolve(ctx.data, parent)
        schemas = walk.subschemas_at(ctx.schema.schema, parent)
        known = sorted({name for schema in schemas for name in schema.get("properties", {})})
        import difflib  # only an unknown key asks for a close match

        close = difflib.get_close_matches(old, known, n=2, cutoff=0.75)
        if len(close) != 1 or not isinstance(mapping, dict) or close[0] in mapping:
            continue
        new = close[0]
        required = any(new in (schema.get("required") or ()) for schema in schemas)
        found[problem.pointer] = Rename(problem.pointer, parent, old, new, required,
                                        _rename_fix(ctx, problem.pointer, parent, new, mapping[old]))
    return found


def named_by_missing(ctx, rename: Rename) -> bool:
    """Does FM201 (selected) report this typo's missing field, so FM203 stays silent?"""
    return rename.required and any(each.code == "FM201" for each in ctx.settings.rules)


def for_missing(ctx, problem) -> Rename | None:
    """The typo that explains a missing-field problem, if any."""
    for rename in renames(ctx).values():
        parts = [int(t) if t.isdigit() else t for t in pointers.tokens(rename.parent)] + [rename.new]
        if rename.required and problem.pointer == rename.parent and \
                problem.message == f'missing required field "{messages.display_path(parts)}"':
            return rename
    return None


def _rename_fix(ctx, pointer: str, parent: str, new: str, value: Any) -> Fix | None:
    """Replace the key's text, in its own quoting; None where the key has no span of its own."""
    entry = ctx.fm.nodes.get(pointer)
    key_node = entry[0] if entry else None
    if key_node is None:
        return None
    span = ctx.fm.node_span(key_node)
    source = ctx.doc.text[span.start:span.end]
    style = getattr(key_node, "style", None)
    if style in ('"', "'") and source[:1] == style and '"' not in new and "'" not in new and "\\" not in new:
        text = f"{style}{new}{style}"
    elif (style == "" or style == "toml" and _PLAIN_KEY.match(source)) and _PLAIN_KEY.match(new):
        text = new
    else:
        return None
    return Fix((Edit(span.start, span.end, text),), "unsafe", f'rename "{source}" to "{new}"',
               values=((REMOVED + pointer, None), (f"{parent}/{escape_token(new)}", value)))


def open_typos(ctx) -> list[Rename]:
    """Likely typos where the schema allows other keys, so no FM203 names them (FM208).

    Open schemas (Jekyll's, Eleventy's: any key may be the site's own) accept `descrption`
    silently.  A key is a likely typo when it is one slip (one letter added, dropped,
    changed or two swapped) from exactly one field the schema defines at that mapping and
    the mapping lacks that field.  Case-only differences (Hugo reads keys case-blind) and
    plural/singular pairs (`author` beside `authors` is often a field of the site's own)
    are left alone, as are keys under four letters.  Linear: one visit per mapping entry.
    """
    if ctx.schema is None or not isinstance(ctx.data, dict):
        return []
    unknown = {problem.pointer for kind, problem in ctx.schema_errors if kind == messages.UNKNOWN}
    found = []
    for parent, mapping in values.file_mappings(ctx):
        schemas = walk.subschemas_at(ctx.schema.schema, parent)
        known = {name for schema in schemas for name in schema.get("properties", {})}
        for key, value in mapping.items():
            pointer = f"{parent}/{escape_token(key)}"
            if not known or key in known or pointer in unknown:
                continue
            close = [name for name in known if name not in mapping and _one_slip(key, name)]
            if len(close) == 1:
                required = any(close[0] in (schema.get("required") or ()) for schema in schemas)
                found.append(Rename(pointer, parent, key, close[0], required,
                                    _rename_fix(ctx, pointer, parent, close[0], value)))
    return sorted(found, key=lambda rename: rename.pointer)


def _one_slip(typed: str, field: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped; not case, not a plural."""
    if len(typed) < 4 or typed.lower() == field.lower() or typed.rstrip("s") == field.rstrip("s"):
        return False
    if len(typed) == len(field):
        differ = [index for index, (a, b) in enumerate(zip(typed, field)) if a != b]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and typed[differ[0]] == field[differ[1]] and typed[differ[1]] == field[differ[0]])
    shorter, longer = sorted((typed, field), key=len)
    if len(longer) - len(shorter) != 1:
        return False
    start = next((index for index, (a, b) in enumerate(zip(shorter, longer)) if a != b), len(shorter))
    return shorter[start:] == longer[start + 1:]
