"""Size hints in image URLs: ``?w=1024``, ``resize=1200,630``, ``/1200x630/``, ``-50x50.jpg``, ...

Pure URL parsing for the image rules (FM406).  A hint is either the exact size the
image is delivered at, or a box it is fitted inside (``fit=max``); a side of 0 or
none means "auto" and is not compared.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

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


def url_hint(url: str) -> Hint | None:
    """The delivered size the URL states, or None.  Query parameters (applied when the image
    is served) win over path transformations (Thumbor ``/1200x630/``, Cloudinary ``w_800``),
    which win over the stored file's name (``-1200x630.jpg``, YouTube ``maxresdefault.jpg``)."""
    parts = urlsplit(_AMP_ENTITY.sub("&", url))
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
