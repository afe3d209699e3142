"""FM5xx: URLs: well formed, with the scheme typed right, and AMP cache URLs that match.

Which values are URLs: strings under keys named ``url``/``href``/``link`` or ending in
``Url``/``URL``/``_url``/``Href``/``Link``/``_link`` (``permalink`` is not one), and
strings the schema formats as ``uri``/``iri`` (absolute) or ``uri-reference``/``iri-reference``.

Relative references (``/assets/x.jpg``, ``../x``) are accepted unless the schema asks
for an absolute ``uri``: site generators resolve them against the site, and the article
schema gives image ``url`` the ``uri-reference`` format for exactly that.

One diagnostic per problem: when an enabled schema rule already reports the value
(FM205 says "not a valid uri"), FM501/FM502 stay silent; FM205's reason then names a
mistyped scheme itself and carries the same unsafe fix (``formats.scheme_typo`` is
shared).  A typo FM205 cannot see (``htps://x`` *is* a valid URI) is FM502's.
"""

from __future__ import annotations

import functools
import re

from fmlint.model import Fix, Problem
from fmlint.reading.scalars import string_fix
from fmlint.rules.registry import per_file, rule
from fmlint.rules.values import file_mappings, file_scalars, formats_at, key_matcher, pointer_parts, schema_memo
from fmlint.rules.values import schema_reports, string_at
from fmlint.schema import formats
from fmlint.schema.messages import display_path, focus_of, show

URL_KEYS = ("url", "URL", "href", "link", "*Url", "*URL", "*_url", "*-url", "*Href", "*_href", "*Link", "*_link")
SCHEMES = ("http", "https", "mailto", "tel")
_ABSOLUTE, _REFERENCE = {"uri", "iri"}, {"uri-reference", "iri-reference"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f\"<>\\^`{|}]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_LABEL = re.compile(r"^(?!-)[^\W_](?:[^\W_]|-){0,62}(?<!-)$")
_AMP_CACHE = ".cdn.ampproject.org"
_scheme_typo = functools.lru_cache(maxsize=4096)(formats.scheme_typo)  # FM501, FM502 and FM205's fix ask


@per_file
def url_values(ctx) -> list[tuple[str, str, bool]]:
    """``(pointer, value, absolute)`` for each URL string; ``absolute`` when the schema wants ``uri``."""
    root = ctx.schema.schema if ctx.schema is not None else None
    matcher = key_matcher(URL_KEYS)
    kinds = schema_memo(root, ("urls", matcher.pattern))  # pointer -> (absolute,), or () for no URL
    found = []
    for pointer, key, value in file_scalars(ctx):
        if not isinstance(value, str) or not value:
            continue
        kind = kinds.get(pointer)
        if kind is None:
            kind = kinds[pointer] = _url_kind(root, matcher, pointer, key)
        if kind:
            found.append((pointer, value, kind[0]))
    return found


def _url_kind(root, matcher, pointer: str, key: str) -> tuple:
    wanted = formats_at(root, pointer) if root is not None else set()
    if wanted & (_ABSOLUTE | _REFERENCE):
        return (not wanted & _REFERENCE,)
    return (False,) if not wanted and matcher.match(key) else ()


def _message(pointer: str, value: str, reason: str) -> str:
    shown = show(value, focus=focus_of(value, reason))  # the cut keeps what the reason names
    return f"{display_path(pointer_parts(pointer))}: {shown} is not a valid URL ({reason})"


@rule("FM501", "invalid-url", "a URL that is malformed", fix=None)
def invalid_url(ctx):
    """What: a URL with a space or a character that must be percent-encoded, a host that
    cannot exist (`https://exa_mple.com`, `https://example`, `https://-x.com`), a
    port out of range, a scheme other than http, https, mailto or tel, or a relative
    reference where the schema asks for an absolute `uri`.

    Why: the link is broken for every reader, and feeds and sitemaps reject the page.

    Example:

        provider:
          name: Portwire
          url: "https://www.portwire.example/a page"   # <- FM501: a space

    Fix: no automatic fix (what the address should be is not in the file): percent-encode
    the character (`%20`) or correct the host.
    """
    for pointer, value, absolute in url_values(ctx):
        if schema_reports(ctx, pointer) or _scheme_typo(value):
            continue
        reason = url_problem(value, absolute)
        if reason:
            yield Problem(_message(pointer, value, reason), pointer=pointer)


@functools.lru_cache(maxsize=4096)  # pure; FM501 and FM503 ask, and sites repeat their URLs
def url_problem(text: str, absolute: bool = False) -> str | None:
    """Why ``text`` is not a usable URL, or None."""
    bad = _FORBIDDEN.search(text)
    if bad:
        char = bad.group()
        return "contains a space" if char == " " else f"contains {char!r}, which must be percent-encoded"
    if _BAD_PERCENT.search(text):
        return "contains a '%' that is not followed by two hex digits"
    scheme = _SCHEME.match(text)
    if scheme is None:
        if absolute:
            return "a relative reference; an absolute URL such as https://example.com/page is required"
        return _authority_problem(text[2:]) if text.startswith("//") else None
    name = scheme.group(1).lower()
    if name not in SCHEMES:
        return f"the scheme {name}: is not http or https"
    if name in ("http", "https"):
        return _authority_problem(text[scheme.end() + 2:])
    return None


def _authority_problem(rest: str) -> str | None:
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0].rpartition("@")[2]
    if authority.startswith("["):
        host, _, port = authority[1:].partition("]")
        port = port[1:]
        import ipaddress  # rare: imported here, not on every run (it pulls in socket)

        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"[{host}] is not an IPv6 address"
    else:
        host, _, port = authority.partition(":")
        problem = _host_problem(host)
        if problem:
            return problem
    if port and not _valid_port(port):
        shown = port if len(port) <= 12 else port[:12] + "…"
        return f"port {shown!r} is not a number from 0 to 65535"
    return None


def _valid_port(port: str) -> bool:
    """ASCII digits only (``str.isdigit`` also accepts ``²``), at most 5 of them, at most 65535."""
    return len(port) <= 5 and port.isascii() and port.isdigit() and int(port) <= 65535


def _host_problem(host: str) -> str | None:
    if not host:
        return "no host"
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if not all(_LABEL.match(label) for label in labels) or len(host) > 253:
        return f"host {host!r} is not a valid host name"
    if labels[-1].isdigit():
        import ipaddress

        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return f"host {host!r} is not a valid IPv4 address"
    elif len(labels) < 2 and host.lower() != "localhost":
        return f"host {host!r} has no top-level domain"
    return None


@rule("FM502", "url-scheme-typo", "a URL with a mistyped or missing scheme", fix="unsafe")
def url_scheme_typo(ctx):
    """What: a URL whose scheme is mistyped (`htps://`, `htttp://`, `https//`,
    `http:/`, `https:///`, `http:\\\\`), repeated (`http://https://`) or missing where
    the value is evidently a web address (`www.example.com/x`, `example.com/x`).

    Why: browsers treat `https//example.com` as a relative path on your own site, so the
    link silently goes to a 404 page.

    Example:

        webUrl: "htps://www.example.com/2020/08/14/launch/"

    Fix: `fmlint fix --unsafe-fixes` writes `https://www.example.com/2020/08/14/launch/`:
    unsafe (the value changes), and offered only when the intended scheme is determined:
    not for a missing scheme (http or https?) nor for `httpx://`.  Otherwise no automatic
    fix: write the scheme.
    """
    for pointer, value, _ in url_values(ctx):
        typo = _scheme_typo(value)
        if typo is None or schema_reports(ctx, pointer):
            continue
        reason, corrected = typo
        yield Problem(_message(pointer, value, reason), pointer=pointer,
                      fix=_repair(ctx, pointer, value, corrected, "repair the URL scheme") if corrected else None)


def _repair(ctx, pointer: str, old: str, new: str, description: str) -> Fix | None:
    entry = ctx.fm.nodes.get(pointer)
    return string_fix(ctx.fm, pointer, entry[1], old, new, "unsafe", description) if entry else None


def uri_format_fix(ctx, pointer: str) -> Fix | None:
    """The fix for an FM205 finding on a ``uri``-like value whose scheme is mistyped, when determined."""
    value = string_at(ctx.fm, pointer)
    wanted = formats_at(ctx.schema.schema, pointer) if ctx.schema is not None and value is not None else set()
    typo = _scheme_typo(value) if wanted & (_ABSOLUTE | _REFERENCE) else None
    if typo is None or typo[1] is None:
        return None
    if not all(formats.is_valid(name, typo[1]) for name in wanted & (_ABSOLUTE | _REFERENCE)):
        return None
    return _repair(ctx, pointer, value, typo[1], "repair the URL scheme")


@rule("FM503", "amp-cache-url-mismatch", "cdnAmpWebUrl is not the AMP cache URL of ampWebUrl",
      severity="warning", fix="unsafe")
def amp_cache_url_mismatch(ctx):
    """What: in one mapping, `cdnAmpWebUrl` differs from the Google AMP cache address of
    `ampWebUrl`: `https://<host, '-' doubled, '.' as '-'>.cdn.ampproject.org/c/s/<host><path>`
    (`/c/` without `s/` for an http page).

    Why: the two are derived from each other; a mismatch means one was edited (or pasted
    from another article) and readers of the cached page land on the wrong story.

    Example:

        ampWebUrl: "https://www.example.com/2020/launch/amp/"
        cdnAmpWebUrl: "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/2020/other/amp/"

    Fix: `fmlint fix --unsafe-fixes` rewrites `cdnAmpWebUrl` from `ampWebUrl`.  Unsafe: the
    AMP URL may be the wrong one.
    """
    for pointer, data in file_mappings(ctx):
        amp, cdn = data.get("ampWebUrl"), data.get("cdnAmpWebUrl")
        if not (isinstance(amp, str) and isinstance(cdn, str)) or url_problem(amp, True) or url_problem(cdn, True):
            continue
        expected = amp_cache_url(amp)
        if expected is None or _same_url(expected, cdn):
            continue
        where = f"{pointer}/cdnAmpWebUrl"
        yield Problem(f"{display_path(pointer_parts(where))} is not the AMP cache URL of ampWebUrl; expected {show(expected, 200)}",
                      pointer=where, fix=_repair(ctx, where, cdn, expected, "derive cdnAmpWebUrl from ampWebUrl"))


def amp_cache_url(amp: str) -> str | None:
    """The AMP cache URL of ``amp``; None for hosts whose cache name needs punycode or a hash."""
    match = re.match(r"^(https?)://([^/?#]+)(.*)$", amp, re.IGNORECASE)
    if match is None or not match.group(2).isascii() or "@" in match.group(2) or ":" in match.group(2):
        return None
    host = match.group(2).lower().rstrip(".")
    label = host.replace("-", "--").replace(".", "-")
    if host.startswith("xn--") or ".xn--" in host or len(label) > 63:
        return None
    secure = "s/" if match.group(1).lower() == "https" else ""
    path = match.group(3).split("#", 1)[0]
    return f"https://{label}{_AMP_CACHE}/c/{secure}{host}{path}"


def _same_url(first: str, second: str) -> bool:
    split_first, split_second = first.split("/", 3), second.split("/", 3)
    return [part.lower() for part in split_first[:3]] == [part.lower() for part in split_second[:3]] and \
        split_first[3:] == split_second[3:]
