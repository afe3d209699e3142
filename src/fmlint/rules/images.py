"""FM4xx: image sizes that are missing, not integers, absurd, or contradicted by the URL.

An *image object* is any nested mapping with a ``url`` (or ``src``) and a ``width`` and/or
``height``: ``images[]``, ``provider.images[]``, ``related[].images[]``, ``image:``,
``thumbnail:``.  Templates copy the two into ``<img>`` so the browser reserves the space.
The value rules (FM402-FM404) own those values; ``covers`` tells the schema rules to stay
silent where one of them reports, so ``width: "1024px"`` is one diagnostic, with its fix.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from fmlint.model import Edit, Fix, Problem, pointers
from fmlint.reading.view import escape_token
from fmlint.rules.image_hints import disagreeing, size_text, url_hint
from fmlint.rules.registry import per_file, rule
from fmlint.schema import walk

SIDES = ("width", "height")
VALUE_CODES = frozenset({"FM402", "FM403", "FM404"})
_TEXT_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?:px)?\s*$", re.IGNORECASE)
_TOML_SCALAR = re.compile(r"""^(?:"[^"\\\n]*"|'[^'\n]*'|[0-9+\-.eE_]+)$""")
class Verdict(NamedTuple):
    code: str | None  # FM402/FM403/FM404, or None for a positive integer
    pixels: int | None  # the whole number of pixels the value stands for, if any
    why: str


def image_objects(data: Any, pointer: str = ""):
    """``(pointer, mapping)`` of every image object, in document order (never the root:
    a top-level ``url`` is the page's own address)."""
    if isinstance(data, dict):
        if pointer and ("url" in data or "src" in data) and ("width" in data or "height" in data):
            yield pointer, data
        children = ((f"{pointer}/{escape_token(key)}", value) for key, value in data.items())
    else:
        children = ((f"{pointer}/{index}", value) for index, value in enumerate(data))
    for child, value in children:
        if isinstance(value, (dict, list)):
            yield from image_objects(value, child)


@per_file
def _images(ctx):
    """Image objects of the file; the text pre-filter skips most files without a walk."""
    if not isinstance(ctx.data, dict) or ("width" not in ctx.fm.text and "height" not in ctx.fm.text):
        return ()
    return list(image_objects(ctx.data))


def _where(pointer: str) -> str:
    """``/images/0/width`` -> ``images[0].width``, as the schema rules write it."""
    text = ""
    for token in pointers.tokens(pointer):
        text += f"[{token}]" if token.isdigit() else (f".{token}" if text else token)
    return text


def judge(value: Any) -> Verdict:
    """What is wrong with one width/height value, and which integer it stands for."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return Verdict("FM404", None, "is empty" if value is None else f"{_show(value)} is not a number of pixels")
    if isinstance(value, int):
        return Verdict(None, value, "") if value > 0 else Verdict("FM404", None, f"{value} is not a positive number")
    match = _TEXT_NUMBER.match(value) if isinstance(value, str) else None
    if isinstance(value, str) and match is None:
        return Verdict("FM404", None, f"{_show(value)} is not a number of pixels")
    number = float(match.group(1)) if match else value
    pixels = math.floor(number + 0.5) if math.isfinite(number) else 0  # half up: 392.5 -> 393
    if pixels < 1:
        return Verdict("FM404", None, f"{_show(value)} is not a positive number")
    if number != pixels:
        return Verdict("FM403", pixels, f"{_show(value)} is not a whole number of pixels; round it to {pixels}")
    kind = "text" if match else "a decimal"
    return Verdict("FM402", pixels, f"{_show(value)} is {kind}, not an integer; write {pixels}")


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


def _types(ctx, pointer: str) -> set[str]:
    return walk.types_at(ctx.schema.schema, pointer) if ctx.schema is not None else set()


def _value_verdict(ctx, pointer: str, value: Any) -> Verdict | None:
    """What a value rule reports at ``pointer``; None when fine or when the schema wants text."""
    verdict = judge(value)
    types = _types(ctx, pointer) if verdict.code else set()
    if verdict.code is None or types and not types & {"integer", "number"}:
        return None  # a schema that makes sizes text judges them itself
    if verdict.code == "FM403" and "number" in types and "integer" not in types:
        return None  # the schema allows fractions
    return verdict


def covers(ctx, pointer: str) -> bool:
    """Is the value at ``pointer`` reported by a selected value rule (FM402-FM404)?

    The schema rules (FM202/FM206/FM207) skip such a pointer; when the value rules are
    not selected, this is False and the schema rules report as usual.
    """
    parent, _, side = pointer.rpartition("/")
    selected = {each.code for each in ctx.settings.rules} & VALUE_CODES
    if side not in SIDES or not selected or not parent:
        return False
    image = pointers.resolve(ctx.data, parent)
    if not isinstance(image, dict) or ("url" not in image and "src" not in image) or side not in image:
        return False
    verdict = _value_verdict(ctx, pointer, image[side])
    return verdict is not None and verdict.code in selected


def _value_problems(ctx, code: str):
    for pointer, image in _images(ctx):
        for side in SIDES:
            verdict = _value_verdict(ctx, f"{pointer}/{side}", image[side]) if side in image else None
            if verdict is not None and verdict.code == code:
                yield f"{pointer}/{side}", verdict


def _number_fix(ctx, pointer: str, pixels: int, applicability: str) -> Fix | None:
    """Replace the value's source with the integer, when its span is exactly that value (a block
    scalar's span runs into the next line; a TOML span runs to the end of the line, comment included)."""
    node = ctx.fm.nodes.get(pointer, (None, None))[1]
    style = getattr(node, "style", None)  # None: no node (a TOML inline table), so no span to edit
    if style not in ("", '"', "'", "toml"):
        return None
    span = ctx.fm.node_span(node)
    if style == "toml" and not _TOML_SCALAR.match(ctx.doc.text[span.start:span.end]):
        return None
    return Fix((Edit(span.start, span.end, str(pixels)),), applicability, f"write {pixels}", ((pointer, pixels),))


@rule("FM401", "image-size-incomplete", "an image has a width without a height, or the reverse", severity="warning")
def image_size_incomplete(ctx):
    """What: an image object (a mapping with ``url``/``src``) has ``width`` but no ``height``, or the reverse.

    Why: one side does not give the aspect ratio, so the browser cannot reserve the
    space and the page jumps.  When the schema requires the missing side and FM201 is
    selected, FM201 reports it instead (one diagnostic per problem).

    Example::

        - url: https://cdn.example/photo.jpg
          width: 1200

    Fix: none; add the image's real height (or width).
    """
    for pointer, image in _images(ctx):
        present = [side for side in SIDES if side in image]
        if len(present) != 1:
            continue
        missing = SIDES[1 - SIDES.index(present[0])]
        if not _schema_reports_missing(ctx, pointer, missing):
            yield Problem(f"{_where(pointer)} has a {present[0]} but no {missing}",
                          pointer=f"{pointer}/{present[0]}", at_key=True)


def _schema_reports_missing(ctx, pointer: str, key: str) -> bool:
    """Will FM201 (selected, with a schema that requires ``key`` here) report the missing side?"""
    if ctx.schema is None or not any(each.code == "FM201" for each in ctx.settings.rules):
        return False
    return any(key in (schema.get("required") or ()) for schema in walk.subschemas_at(ctx.schema.schema, pointer))


@rule("FM402", "image-size-not-integer", "an image size is written as text or a decimal", fix="safe")
def image_size_not_integer(ctx):
    """What: a width or height written as text (``"1024"``, ``"1024px"``) or a decimal (``1024.0``).

    Why: templates and image components want an integer: ``"1024px"`` becomes
    ``width="1024pxpx"`` or breaks aspect-ratio arithmetic.  With a schema, this replaces
    FM202's "is not an integer" for image sizes, and brings the fix.

    Example::

        width: "1024px"     # -> width: 1024

    Fix: write the integer.  Safe when the schema wants an integer or says nothing (no
    schema): the number is unchanged and an integer is what every consumer of an image
    size expects.  Unsafe when the schema asks for a ``number``; none when it wants text.
    """
    for pointer, verdict in _value_problems(ctx, "FM402"):
        types = _types(ctx, pointer)
        safety = "safe" if not types or "integer" in types else "unsafe"
        yield Problem(f"{_where(pointer)}: {verdict.why}", pointer=pointer,
                      fix=_number_fix(ctx, pointer, verdict.pixels, safety))


@rule("FM403", "image-size-fraction", "an image size is not a whole number", fix="unsafe")
def image_size_fraction(ctx):
    """What: a width or height with a fractional part (``393.75``, ``"393.75px"``).

    Why: images have whole pixels; a fraction comes from scaling the other side by the
    aspect ratio, and templates and the schema want an integer.

    Example::

        height: 393.75      # -> height: 394

    Fix: round half up (unsafe: it changes the value, and the real size may be the
    value rounded down).
    """
    for pointer, verdict in _value_problems(ctx, "FM403"):
        yield Problem(f"{_where(pointer)}: {verdict.why}", pointer=pointer,
                      fix=_number_fix(ctx, pointer, verdict.pixels, "unsafe"))


@rule("FM404", "image-size-invalid", "an image size is not a positive number")
def image_size_invalid(ctx):
    """What: a width or height that is zero, negative, empty, or not a number (``abc``, ``true``).

    Why: no image has that size; the page renders a zero-size or broken image.

    Example::

        width: 0

    Fix: none; write the image's real size.
    """
    for pointer, verdict in _value_problems(ctx, "FM404"):
        yield Problem(f"{_where(pointer)}: {verdict.why}", pointer=pointer)


def _pixels(image: dict) -> dict[str, int | None]:
    return {side: judge(image[side]).pixels if side in image else None for side in SIDES}


@rule("FM405", "image-size-absurd", "an image size is implausibly large or narrow", severity="warning")
def image_size_absurd(ctx):
    """What: a side over 20,000 px (option ``image_max_side``) or an aspect ratio beyond 20:1
    (option ``image_max_aspect_ratio``).

    Why: these are typos (an extra digit, sides from two different images); a template
    that reserves 40,000 px ruins the page.

    Example::

        width: 12000
        height: 300         # 40:1

    Fix: none; check the image's real size.
    """
    max_side, max_ratio = ctx.option("image_max_side", 20_000), ctx.option("image_max_aspect_ratio", 20)
    for pointer, image in _images(ctx):
        sizes = _pixels(image)
        width, height = sizes["width"] or 0, sizes["height"] or 0
        big = next((side for side in SIDES if (sizes[side] or 0) > max_side), None)
        if big:
            yield Problem(f"{_where(pointer)}.{big}: {sizes[big]} px is implausibly large (over {max_side:,} px)",
                          pointer=f"{pointer}/{big}")
        elif width and height and max(width, height) > max_ratio * min(width, height):
            yield Problem(f"{_where(pointer)}: {width}x{height} has an aspect ratio beyond {max_ratio}:1; "
                          "one side is probably wrong", pointer=f"{pointer}/width")


@rule("FM406", "image-size-url-mismatch", "an image's size disagrees with the size in its URL", severity="warning")
def image_size_url_mismatch(ctx):
    """What: the URL states the delivered size (``?w=1024``, ``&h=683``, ``resize=1200%2C630``,
    ``/1200x630/``, Cloudinary ``w_800``, WordPress ``-1200x630.jpg``, YouTube
    ``maxresdefault.jpg``) and width/height disagree by more than 1 px.  A side the URL
    leaves open (``?w=1024`` alone, ``/1200x0/``) is not compared; a box the image is only
    fitted into (``fit=max``, a bare ``/800x800/`` folder) is a maximum.

    Why: the fields were copied from another rendition (or image); the browser reserves
    the wrong box.  The tolerance lets ``h=393.75`` match a rounded ``height: 394``.

    Example::

        - url: "https://img.example/dims?resize=1200%2C630&image_uri=..."
          width: 945        # the URL serves 1200x630

    Fix: none; which side is right (field or URL) needs a look at the image.
    """
    for pointer, image in _images(ctx):
        url = image.get("url", image.get("src"))
        hint = url_hint(url) if isinstance(url, str) else None
        sizes = _pixels(image)
        bad = disagreeing(hint, sizes) if hint else []
        if bad:
            fields = " and ".join(f"{side} {sizes[side]}" for side in bad)
            yield Problem(f"{_where(pointer)}: {fields} disagree{'s' * (len(bad) == 1)} with the URL, which "
                          f"{size_text(hint)} ({hint.source})", pointer=f"{pointer}/{bad[0]}")
