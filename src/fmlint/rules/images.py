"""FM4xx: image sizes that are missing, not integers, absurd, or contradicted by the URL.

An *image object* is any nested mapping with a ``url`` (or ``src``) and a ``width`` and/or
``height``: ``images[]``, ``provider.images[]``, ``related[].images[]``, ``image:``,
``thumbnail:``.  Templates copy the two into ``<img>`` so the browser reserves the space.
The value rules (FM402-FM404) own those values; ``covers`` tells the schema rules to stay
silent where one of them reports, so ``width: "1024px"`` is one diagnostic, with its fix.
Where the URL names a file in the repository, ``Context.image_size`` reads its real size
(rules do no I/O): FM407 compares it, and FM401, FM404 and FM408 write it in (unsafe).
"""

from __future__ import annotations

from typing import Any

from fmlint.model import Edit, Fix, Problem, pointers
from fmlint.model.patterns import Lazy
from fmlint.rules.image_hints import SIDES, Verdict, added, disagreeing, image_objects, images_among, judge, size_text
from fmlint.rules.image_hints import sizeless_among, url_hint, where as _where
from fmlint.rules.registry import per_file, rule
from fmlint.rules.values import file_mappings
from fmlint.schema import walk

__all__ = ["SIDES", "Verdict", "covers", "image_objects", "judge"]
VALUE_CODES = frozenset({"FM402", "FM403", "FM404"})
_REMOTE = ("http://", "https://")
_TOML_SCALAR = Lazy(r"""^(?:"[^"\\\n]*"|'[^'\n]*'|[0-9+\-.eE_]+)$""")


@per_file
def _images(ctx):
    """Image objects of the file; the text pre-filter skips most files without a walk."""
    if not isinstance(ctx.data, dict) or ("width" not in ctx.fm.text and "height" not in ctx.fm.text):
        return ()
    return images_among(file_mappings(ctx))


def _file_size(ctx, image: dict) -> tuple[int, int] | None:
    """The size of the image's file in the repository, if its URL names one (never fetched)."""
    url = image.get("url", image.get("src"))
    if not isinstance(url, str) or url.lstrip()[:8].lower().startswith(_REMOTE):
        return None  # a scheme names no local file (``image_files.locate``): skip the look-up
    return ctx.image_size(url)


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
    return [(pointer, verdict) for pointer, verdict in _value_verdicts(ctx) if verdict.code == code]


@per_file
def _value_verdicts(ctx) -> list[tuple[str, Verdict]]:
    """``(pointer, verdict)`` of each size a value rule reports, judged once for FM402-FM404."""
    found = []
    for pointer, image in _images(ctx):
        for side in SIDES:
            verdict = _value_verdict(ctx, f"{pointer}/{side}", image[side]) if side in image else None
            if verdict is not None:
                found.append((f"{pointer}/{side}", verdict))
    return found


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


@rule("FM401", "image-size-incomplete", "an image has a width without a height, or the reverse", severity="warning",
      fix="unsafe")
def image_size_incomplete(ctx):
    """What: an image object (a mapping with `url`/`src`) has `width` but no `height`, or
    the reverse.

    Why: one side does not give the aspect ratio, so the browser cannot reserve the
    space and the page jumps.  When the schema requires the missing side and FM201 is
    selected, FM201 reports it instead (one diagnostic per problem).

    Example:

        $schema: jekyll
        image:
          url: https://assets.portwire.example/tide-gauge.jpg
          width: 1200   # <- FM401: no height

    Fix: when the URL names an image file in the repository (`/assets/a.png`, `./a.png`),
    `fmlint fix --unsafe-fixes` adds the missing side from its header (unsafe: the
    template may show the image at another size than the file's).  Otherwise no automatic
    fix: add the image's real size.
    """
    for pointer, image in _images(ctx):
        present = [side for side in SIDES if side in image]
        if len(present) != 1:
            continue
        missing = SIDES[1 - SIDES.index(present[0])]
        if not _schema_reports_missing(ctx, pointer, missing):
            real = _file_size(ctx, image)
            fix = added(ctx, pointer, image, present[0], [(missing, real[SIDES.index(missing)])]) if real else None
            yield Problem(f"{_where(pointer)} has a {present[0]} but no {missing}",
                          pointer=f"{pointer}/{present[0]}", at_key=True, fix=fix)


def _schema_reports_missing(ctx, pointer: str, key: str) -> bool:
    """Will FM201 (selected, with a schema that requires ``key`` here) report the missing side?"""
    if ctx.schema is None or not any(each.code == "FM201" for each in ctx.settings.rules):
        return False
    return any(key in (schema.get("required") or ()) for schema in walk.subschemas_at(ctx.schema.schema, pointer))


@rule("FM402", "image-size-not-integer", "an image size is written as text or a decimal", fix="safe")
def image_size_not_integer(ctx):
    """What: a width or height written as text (`"1024"`, `"1024px"`) or a decimal
    (`1024.0`).

    Why: templates and image components want an integer: `"1024px"` becomes
    `width="1024pxpx"` or breaks aspect-ratio arithmetic.  With a schema, this replaces
    FM202's "is not an integer" for image sizes, and brings the fix.

    Example:

        images:
          - url: https://assets.portwire.example/tide-gauge.jpg
            width: "1200px"   # <- FM402: fmlint fix writes 1200
            height: 800

    Fix: `fmlint fix` writes the integer.  Safe when the schema wants an integer or says
    nothing (no schema): the number is unchanged and an integer is what every consumer of
    an image size expects.  Unsafe (`fmlint fix --unsafe-fixes`) when the schema asks for
    a `number`; no automatic fix when it wants text.
    """
    for pointer, verdict in _value_problems(ctx, "FM402"):
        types = _types(ctx, pointer)
        safety = "safe" if not types or "integer" in types else "unsafe"
        yield Problem(f"{_where(pointer)}: {verdict.why}", pointer=pointer,
                      fix=_number_fix(ctx, pointer, verdict.pixels, safety))


@rule("FM403", "image-size-fraction", "an image size is not a whole number", fix="unsafe")
def image_size_fraction(ctx):
    """What: a width or height with a fractional part (`393.75`, `"393.75px"`).

    Why: images have whole pixels; a fraction comes from scaling the other side by the
    aspect ratio, and templates and the schema want an integer.

    Example:

        images:
          - url: https://assets.portwire.example/tide-gauge.jpg
            width: 1200
            height: 393.75   # <- FM403: --unsafe-fixes writes 394

    Fix: `fmlint fix --unsafe-fixes` rounds half up (unsafe: it changes the value, and the
    real size may be the value rounded down).  Or write the image's real size by hand.
    """
    for pointer, verdict in _value_problems(ctx, "FM403"):
        yield Problem(f"{_where(pointer)}: {verdict.why}", pointer=pointer,
                      fix=_number_fix(ctx, pointer, verdict.pixels, "unsafe"))


@rule("FM404", "image-size-invalid", "an image size is not a positive number", fix="unsafe")
def image_size_invalid(ctx):
    """What: a width or height that is zero, negative, empty, or not a number (`abc`, `true`).

    Why: no image has that size; the page renders a zero-size or broken image.

    Example:

        images:
          - url: https://assets.portwire.example/tide-gauge.jpg
            width: 0   # <- FM404
            height: 800

    Fix: when the URL names an image file in the repository, `fmlint fix --unsafe-fixes`
    writes its size (unsafe, as FM407's).  Otherwise no automatic fix: write the image's
    real size.
    """
    for pointer, verdict in _value_problems(ctx, "FM404"):
        parent, _, side = pointer.rpartition("/")
        real = _file_size(ctx, pointers.resolve(ctx.data, parent))
        fix = _number_fix(ctx, pointer, real[SIDES.index(side)], "unsafe") if real else None
        yield Problem(f"{_where(pointer)}: {verdict.why}", pointer=pointer, fix=fix)


def _pixels(image: dict) -> dict[str, int | None]:
    return {side: judge(image[side]).pixels if side in image else None for side in SIDES}


@per_file
def _sizes(ctx) -> dict[str, dict[str, int | None]]:
    """``_pixels`` of each image object by its pointer, judged once for FM405-FM407."""
    return {pointer: _pixels(image) for pointer, image in _images(ctx)}


@rule("FM405", "image-size-absurd", "an image size is implausibly large or narrow", severity="warning")
def image_size_absurd(ctx):
    """What: a side over 20,000 px or an aspect ratio beyond 20:1.  Both limits are set in
    the config: `image-max-side = 20000` and `image-max-aspect-ratio = 20` are the defaults.

    Why: these are typos (an extra digit, sides from two different images); a template
    that reserves 40,000 px ruins the page.

    Example:

        images:
          - url: https://assets.portwire.example/tide-gauge.jpg
            width: 12000
            height: 300   # <- FM405: 40:1

    Fix: no automatic fix (which side is wrong is not in the file): check the image's real
    size, or raise the limits in the config for a site that holds panoramas.
    """
    max_side, max_ratio = ctx.option("image_max_side", 20_000), ctx.option("image_max_aspect_ratio", 20)
    for pointer, image in _images(ctx):
        sizes = _sizes(ctx)[pointer]
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
    """What: the URL states the delivered size (`?w=1024`, `&h=683`, `resize=1200%2C630`,
    `/1200x630/`, Cloudinary `w_800`, WordPress `-1200x630.jpg`, YouTube
    `maxresdefault.jpg`) and width/height disagree by more than 1 px.  A side the URL
    leaves open (`?w=1024` alone, `/1200x0/`) is not compared; a box the image is only
    fitted into (`fit=max`, a bare `/800x800/` folder) is a maximum.

    Why: the fields were copied from another rendition (or image); the browser reserves
    the wrong box.  The tolerance lets `h=393.75` match a rounded `height: 394`.

    Example:

        images:
          - url: "https://assets.portwire.example/tide-gauge.jpg?w=1200"
            width: 945   # <- FM406: the URL serves 1200 px
            height: 630

    Fix: no automatic fix: which side is right (field or URL) needs a look at the image.
    Where the URL names a file in the repository, its header decides: FM407 reports
    instead.
    """
    by_file = any(each.code == "FM407" for each in ctx.settings.rules)
    for pointer, image in _images(ctx):
        if by_file and _file_size(ctx, image) is not None:
            continue
        url = image.get("url", image.get("src"))
        hint = url_hint(url) if isinstance(url, str) else None
        sizes = _sizes(ctx)[pointer]
        bad = disagreeing(hint, sizes) if hint else []
        if bad:
            fields = " and ".join(f"{side} {sizes[side]}" for side in bad)
            yield Problem(f"{_where(pointer)}: {fields} disagree{'s' * (len(bad) == 1)} with the URL, which "
                          f"{size_text(hint)} ({hint.source})", pointer=f"{pointer}/{bad[0]}")


@rule("FM407", "image-size-file-mismatch", "an image's size disagrees with its file in the repository",
      severity="warning", fix="unsafe")
def image_size_file_mismatch(ctx):
    """What: the URL names an image file in the repository (`/assets/img/a.jpg` from the
    site's root, the config's folder; `a.jpg` or `./a.jpg` from the content file's
    folder) and width/height differ from the size its header states (PNG, GIF, WebP, JPEG,
    turned by its EXIF orientation as browsers show it).  Remote URLs are never fetched;
    a missing file, one outside the project or not an image is not judged.

    Why: the image was replaced, or the fields copied from another one; the browser
    reserves the wrong box.  A 2x image meant to show at half size is reported too:
    suppress it on that line.

    Example:

        images:
          - url: /assets/img/harbour.png   # the file is 1200x800
            width: 1024   # <- FM407
            height: 800

    Fix: `fmlint fix --unsafe-fixes` writes the file's size (unsafe: the page may show the
    image at another size on purpose).  Or suppress it on that line.
    """
    for pointer, image in _images(ctx):
        real = _file_size(ctx, image)
        sizes = _sizes(ctx)[pointer]
        bad = [side for side, have in zip(SIDES, real or ()) if sizes[side] is not None and sizes[side] != have]
        if not bad:
            continue
        fixes = [_number_fix(ctx, f"{pointer}/{side}", real[SIDES.index(side)], "unsafe") for side in bad]
        fix = None if None in fixes else Fix(tuple(e for f in fixes for e in f.edits), "unsafe",
                                             f"write {real[0]}x{real[1]}", tuple(v for f in fixes for v in f.values))
        fields = " and ".join(f"{side} {sizes[side]}" for side in bad)
        yield Problem(f"{_where(pointer)}: {fields} disagree{'s' * (len(bad) == 1)} with the file "
                      f"{image.get('url', image.get('src'))}, which is {real[0]}x{real[1]}",
                      pointer=f"{pointer}/{bad[0]}", fix=fix)


@rule("FM408", "image-size-missing", "an image file in the repository has no width and height", severity="info",
      fix="unsafe")
def image_size_missing(ctx):
    """What: a mapping whose `url`/`src` names an image file in the repository (by its
    name: `.png`, `.jpg`, `.gif`, `.webp`) declares neither `width` nor `height`.

    Why: without them the browser cannot reserve the space and the page jumps; the file's
    header says what they are.  Info: many templates do not use them.

    Example:

        image:
          url: /assets/img/harbour.png   # <- FM408: the file is 1200x800

    Fix: `fmlint fix --unsafe-fixes` adds both from the file's header (unsafe: the
    template decides how they are used).  Or add them by hand, or ignore the rule.
    """
    if not isinstance(ctx.data, dict):
        return
    for pointer, image, key in sizeless_among(file_mappings(ctx), ctx.fm.text):
        real = _file_size(ctx, image)
        if real:
            yield Problem(f"{_where(pointer)} has no width or height; the file {image[key]} is {real[0]}x{real[1]}",
                          pointer=f"{pointer}/{key}", at_key=True,
                          fix=added(ctx, pointer, image, key, list(zip(SIDES, real))))
