"""Schema-directed value repairs: a quoted scalar whose text is the value the schema wants.

``quality: "154"`` where the schema asks for an integer is the same slip as FM402's
``width: "1024px"``: the number is there, only its quotes make it text.  When the text is
the canonical form of the wanted type (what a YAML 1.2, JSON and TOML reader all read as
that value), removing the quotes is safe: the value means what it plainly says.  Other
forms (``"1,024"``, ``" 154 "``, ``"1e3"``, ``"True"``) need a guess, so their fix is unsafe.
The fixer re-reads the result and checks the declared value (``Fix.values``).
"""

from __future__ import annotations

from typing import Any

from fmlint.model import Edit, Fix, pointers
from fmlint.model.patterns import Lazy
from fmlint.schema import walk

_INTEGER = Lazy(r"-?(?:0|[1-9][0-9]{0,299})\Z")
_DECIMAL = Lazy(r"-?(?:0|[1-9][0-9]{0,30})\.[0-9]{1,30}\Z")
_GROUPED = Lazy(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3}){1,10}\Z")
_EXPONENT = Lazy(r"-?[0-9]{1,30}(?:\.[0-9]{1,30})?[eE][-+]?[0-9]{1,3}\Z")
_TOML_STRING = Lazy(r"""("[^"\\\n]*"|'[^'\n]*')[ \t]*(?:#.*)?\Z""")


def typed_fix(ctx, pointer: str, node: Any) -> Fix | None:
    """The fix turning the quoted string at ``pointer`` into the schema's type, or None."""
    value = pointers.resolve(ctx.data, pointer)
    if not isinstance(value, str) or ctx.schema is None:
        return None
    found = typed_value(value, walk.types_at(ctx.schema.schema, pointer))
    span = _quoted_span(ctx, node)
    if found is None or span is None:
        return None
    new, literal, safety = found
    return Fix((Edit(span[0], span[1], literal),), safety, f"write {literal} (unquoted)", values=((pointer, new),))


def typed_value(text: str, types: set[str]) -> tuple[Any, str, str] | None:
    """``(value, literal, applicability)`` for ``text`` as one of ``types``, or None."""
    exact = _canonical(text, types)
    if exact is not None:
        return (*exact, "safe")
    loose = _loose(text, types)
    return None if loose is None else (*loose, "unsafe")


def _canonical(text: str, types: set[str]) -> tuple[Any, str] | None:
    numeric = types & {"integer", "number"}
    if numeric and _INTEGER.match(text):
        return int(text), text
    if "number" in types and _DECIMAL.match(text) and repr(float(text)) == text:
        return float(text), text
    if "boolean" in types and text in ("true", "false"):
        return text == "true", text
    if types == {"null"} and text == "null":
        return None, "null"
    return None


def _loose(text: str, types: set[str]) -> tuple[Any, str] | None:
    stripped = text.strip()
    if stripped != text and stripped:
        return _canonical(stripped, types) or _loose(stripped, types)
    if types & {"integer", "number"} and _GROUPED.match(text):
        number = int(text.replace(",", ""))
        return number, str(number)
    if types & {"integer", "number"} and _EXPONENT.match(text):
        number = float(text)
        if "integer" in types and number.is_integer() and abs(number) < 1e15:
            return int(number), str(int(number))
        return (number, repr(number)) if "number" in types and repr(number) not in ("inf", "-inf") else None
    if "boolean" in types and text.lower() in ("true", "false"):
        return text.lower() == "true", text.lower()
    return None


def _quoted_span(ctx, node: Any) -> tuple[int, int] | None:
    """The span of the quoted scalar itself (quotes included), on one line; None for other styles."""
    style = getattr(node, "style", None)
    span = ctx.fm.node_span(node)
    source = ctx.doc.text[span.start:span.end]
    if style in ('"', "'") and "\n" not in source:
        return span.start, span.end
    if style == "toml":
        match = _TOML_STRING.match(source)
        return (span.start, span.start + match.end(1)) if match else None
    return None
