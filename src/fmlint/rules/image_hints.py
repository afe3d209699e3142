"""What the image rules (FM4xx) compute without a rule: values, walks, URL hints, added lines.

Pure functions, kept apart so ``images`` holds the rules.  ``judge`` reads one
width/height value; ``image_objects`` and ``sizeless_objects`` walk the data;
``url_hint`` parses size hints in image URLs (``?w=1024``, ``resize=1200,630``,
``/1200x630/``, ``-50x50.jpg``): a hint is either the exact size the image is delivered
at, or a box it is fitted inside (``fit=max``); a side of 0 or none means "auto" and is
not compared.  ``insertion`` builds the edit that adds a size line to an image object.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

from fmlint.model import Edit, Fix, pointers
from fmlint.model.patterns import Lazy
from fmlint.rules.values import mappings

SIDES = ("width", "height")
_TEXT_NUMBER = Lazy(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?:px)?\s*$", re.IGNORECASE)
_IMAGE_NAME = Lazy(r"\.(?:png|jpe?g|gif|webp)$", re.IGNORECASE)
_IMAGE_TEXT = re.compile(r"\.(?:png|jpe?g|gif|webp)\b", re.IGNORECASE)
_NOT_SPACE = re.compile(r"\S")


class Verdict(NamedTuple):
    code: str | None  # FM402/FM403/FM404, or None for a positive integer
    pixels: int | None  # the whole number of pixels the value stands for, if any
    why: str


def judge(value: Any) -> Verdict:
    """What is wrong with one width/height value, and which integer it stands for."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return Verdict("FM404", None, "is empty" if value is None else f"{show(value)} is not a number of pixels")
    if isinstance(value, int):
        return Verdict(None, value, "") if value > 0 else Verdict("FM404", None, f"{value} is not a positive number")
    match = _TEXT_NUMBER.match(value) if isinstance(value, str) else None
    if isinstance(value, str) and match is None:
        return Verdict("FM404", None, f"{show(value)} is not a number of pixels")
    number = float(match.group(1)) if match else value
    pixels = math.floor(number + 0.5) if math.isfinite(number) else 0  # half up: 392.5 -> 393
    if pixels < 1:
        return Verdict("FM404", None, f"{show(value)} is not a positive number")
    if number != pixels:
        return Verdict("FM403", pixels, f"{show(value)} is not a whole number of pixels; round it to {pixels}")
    kind = "text" if match else "a decimal"
    return Verdict("FM402", pixels, f"{show(value)} is {kind}, not an integer; write {pixels}")


def where(pointer: str) -> str:
    """``/images/0/width`` -> ``images[0].width``, as the schema rules write it."""
    text = ""
    for token in pointers.tokens(pointer):
        text += f"[{token}]" if token.isdigit() else (f".{token}" if text else token)
    return text


def show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


def image_objects(data: Any, pointer: str = ""):
    """``(pointer, mapping)`` of every image object, in document order (never the root:
    a top-level ``url`` is the page's own address)."""
    return images_among(mappings(data, pointer))


def images_among(found) -> list[tuple[str, dict]]:
    """The image objects among ``(pointer, mapping)`` pairs (the reader's index of mappings)."""
    return [(pointer, data) for pointer, data in found
            if pointer and ("url" in data or "src" in data) and ("width" in data or "height" in data)]


def sizeless_objects(data: Any, text: str):
    """``(pointer, mapping, key)`` of each mapping whose ``url``/``src`` names an image file
    (``.png``, ``.jpg``, ``.gif``, ``.webp``) and that has no width or height.  The name
    matters: a ``url`` of an author or a page is no image, and is never looked up."""
    return sizeless_among(mappings(data), text)


def sizeless_among(found, text: str):
    """``sizeless_objects`` among ``(pointer, mapping)`` pairs (the reader's index of mappings)."""
    if not _IMAGE_TEXT.search(text):
        return
    for pointer, node in found:
        key = "url" if "url" in node else "src"
        name = node.get(key)
        if pointer and isinstance(name, str) and "width" not in node and "height" not in node \
                and _names_image(name):
            yield pointer, node, key


def _names_image(url: str) -> bool:
    try:
        return bool(_IMAGE_NAME.search(urlsplit(url).path))
    except ValueError:  # "http://[": no URL at all
        return False


def insertion(ctx, after: str, pairs: list[tuple[str, int]]) -> Edit | None:
    """The edit adding ``key: value`` lines (``key = value`` in TOML) right after the entry at
    ``after``, at its key's indentation; None where lines cannot go (a flow mapping, JSON, an
    inline table, a value that is a block).  The fixer verifies the result parses as declared."""
    key, value = ctx.fm.nodes.get(after, (None, None))
    parent = ctx.fm.nodes.get(after.rpartition("/")[0], (None, None))[1]
    kind, text = ctx.doc.kind, ctx.doc.text
    if key is None or parent is None or getattr(value, "style", None) not in ("", '"', "'", "toml"):
        return None
    if kind not in ("yaml", "toml") or kind == "yaml" and getattr(parent, "flow_style", True) is not False:
        return None
    start = ctx.fm.node_span(key).start
    indent = _NOT_SPACE.sub(" ", text[text.rfind("\n", 0, start) + 1:start])  # "  - url" -> "    "
    end = text.find("\n", ctx.fm.node_span(value).end)
    if end < 0:
        return None
    newline = "\r\n" if text[end - 1:end] == "\r" else "\n"
    end -= len(newline) - 1
    separator = " = " if kind == "toml" else ": "
    return Edit(end, end, "".join(f"{newline}{indent}{name}{separator}{number}" for name, number in pairs))

TOLERANCE = 1  # px: a URL hint of h=393.75 and a field of 394 agree
_AMP_ENTITY = re.compile(r"&(?:amp|#0*38|#x0*26);", re.IGNORECASE)
_HINT_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_HINT_PAIR = re.compile(r"^(\d+(?:\.\d+)?)[,x](\d+(?:\.\d+)?)$")
_SIZE_SEGMENT = re.compile(r"^(\d+)x(\d+)$")
_CLOUDINARY = re.compile(r"^[a-z]{1,4}_[^,]+(?:,[a-z]{1,4}_[^,]+)*$")
_WP_SUFFIX = re.compile(r"-(\d+)x(\d+)\.(?i:jpe?g|png|gif|webp|avif)$")
_BOX_FITS = {"max", "clip", "inside", "contain", "scale-down", "min", "fillmax", "bounds"}  # fit inside
_CROP_FITS = {"crop", "cover", "fill", "scale", "facearea", "stretch"}  # exactly the size asked for
_THUMBOR_AFTER = {"smart", "left", "center", "right", "top", "middle", "bottom"}
_YOUTUBE = {"default": (120, 90), "mqdefault": (320, 180), "hqdefault": (480, 360),
            "sddefault": (640, 480), "maxresdefault": (1280, 720)}


class Hint(NamedTuple):
    """The delivered size as the URL states it; a side is None when the URL leaves it open."""

    width: float | None
    height: float | None
    exact: bool  # False: a box the image fits inside (it may be smaller)
    source: str  # the part of the URL that says so


@functools.lru_cache(maxsize=4096)  # a pure reading of the text; logos and CDNs repeat across files
def url_hint(url: str) -> Hint | None:
    """The delivered size the URL states, or None.  Query parameters (applied when the image
    is served) win over path transformations (Thumbor ``/1200x630/``, Cloudinary ``w_800``),
    which win over the stored file's name (``-1200x630.jpg``, YouTube ``maxresdefault.jpg``)."""
    try:
        parts = urlsplit(_AMP_ENTITY.sub("&", url))
    except ValueError:  # "http://[::1x]/a.jpg": Python refuses the bracketed host; FM501 reports it
        return None
    return _query_hint(parts.query) or _path_hint(unquote(parts.path)) or _name_hint(parts.netloc, parts.path)


def _query_hint(query: str) -> Hint | None:
    params: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        params.setdefault(key.lower(), value.strip())
    for name, exact in (("resize", True), ("fit", False)):  # WordPress Photon, AOL: "W,H"
        pair = _HINT_PAIR.match(params.get(name, ""))
        if pair:
            return Hint(_side(pair[1]), _side(pair[2]), exact, f"{name}={pair[1]},{pair[2]}")
    found = {name: params[name] for name in ("w", "width", "h", "height") if _HINT_NUMBER.match(params.get(name, ""))}
    width, height = _side(found.get("w", found.get("width"))), _side(found.get("h", found.get("height")))
    fit = params.get("fit", "").lower()
    exact = fit in _CROP_FITS or fit not in _BOX_FITS and (width is None or height is None)
    source = "&".join(f"{name}={value}" for name, value in found.items())
    return Hint(width, height, exact, source) if width or height else None


def _path_hint(path: str) -> Hint | None:
    segments = path.split("/")
    for index, segment in enumerate(segments):
        size = _SIZE_SEGMENT.match(segment)
        if size:  # Thumbor/Arc crop to exactly this (after a signature, before smart/filters); else a box
            before, after = segments[index - 1] if index else "", (segments[index + 1:] or [""])[0]
            exact = before != "fit-in" and (before.endswith("=") or before == "unsafe" or after in _THUMBOR_AFTER
                                            or after.startswith("filters:"))
            return Hint(_side(size[1]), _side(size[2]), exact, f"/{segment}/")
    for segment in reversed(segments):
        options = dict(token.split("_", 1) for token in segment.split(",")) if _CLOUDINARY.match(segment) else {}
        width, height = (_side(options.get(s)) if options.get(s, "").isdigit() else None for s in "wh")
        if (width or height) and options.get("dpr", "1") in ("1", "1.0") and options.get("c") not in ("mfit", "mpad"):
            exact = options.get("c") not in ("fit", "limit", "lfill", "lpad")
            return Hint(width, height, exact, ",".join(f"{k}_{options[k]}" for k in "cwh" if k in options))
    return None


def _name_hint(host: str, path: str) -> Hint | None:
    name = path.rsplit("/", 1)[-1]
    if host.endswith("ytimg.com") or host == "img.youtube.com":
        size = _YOUTUBE.get(name.rsplit(".", 1)[0])
        return Hint(*size, True, name) if size else None
    suffix = _WP_SUFFIX.search(name)
    return Hint(_side(suffix[1]), _side(suffix[2]), True, suffix[0]) if suffix else None


def _side(text: str | None) -> float | None:
    """A hinted side; 0 (``/1200x0/``) means "scaled to match the other side"."""
    number = float(text) if text else 0.0
    return number if number > 0 else None


def disagreeing(hint: Hint, sizes: dict[str, int | None]) -> list[str]:
    """The sides whose field disagrees with the hint by more than TOLERANCE px."""
    bad = []
    for side, wanted in zip(("width", "height"), (hint.width, hint.height)):
        have = sizes[side]
        if wanted is not None and have is not None and (
                abs(have - wanted) > TOLERANCE if hint.exact else have > wanted + TOLERANCE):
            bad.append(side)
    return bad


def size_text(hint: Hint) -> str:
    """How the hint reads in a message: "asks for 1200x630"."""
    verb = "asks for" if hint.exact else "allows at most"
    if hint.width and hint.height:
        return f"{verb} {hint.width:g}x{hint.height:g}"
    return f"{verb} a width of {hint.width:g}" if hint.width else f"{verb} a height of {hint.height:g}"


def added(ctx, pointer: str, image: dict, after: str, pairs: list[tuple[str, int]]) -> Fix | None:
    """The unsafe fix adding ``pairs`` (side, pixels) after the entry ``after`` of the image at
    ``pointer``, declared as the whole new object (so the fixer's verification accepts the new keys)."""
    edit = insertion(ctx, f"{pointer}/{after}", pairs)
    if edit is None:
        return None
    text = " and ".join(f"{side} {pixels}" for side, pixels in pairs)
    return Fix((edit,), "unsafe", f"add {text} (the file's size)", ((pointer, {**image, **dict(pairs)}),))
