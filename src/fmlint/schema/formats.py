"""String formats (RFC 3339 dates, URIs, ISO 8601 durations, ...): the library's verdict, our reasons.

Whether a string is a valid ``date-time`` or ``email`` is jsonschema-rs's verdict
(``is_valid``): it follows the RFCs and the JSON-Schema-Test-Suite, where hand-written
checks had gone wrong (``\\d`` matching Bengali digits, ``$`` before a final newline,
leap seconds, ``P1Y2W``).  The checkers here only explain a rejection, with a reason a
person can act on ("day 30 does not exist in February"), which the schema rule and the
date rules both show.  Their patterns are ASCII-only and anchored with ``\\Z``.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable

from fmlint.model.patterns import Lazy
from fmlint.schema import datetext

_DATE = Lazy(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_TIME = Lazy(r"^([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|z|[+-][0-9]{2}:[0-9]{2})?\Z")
_DURATION = Lazy(
    r"^P(?!\Z)(?:[0-9]+(?:[.,][0-9]+)?Y)?(?:[0-9]+(?:[.,][0-9]+)?M)?(?:[0-9]+(?:[.,][0-9]+)?W)?(?:[0-9]+(?:[.,][0-9]+)?D)?"
    r"(?:T(?=[0-9])(?:[0-9]+(?:[.,][0-9]+)?H)?(?:[0-9]+(?:[.,][0-9]+)?M)?(?:[0-9]+(?:[.,][0-9]+)?S)?)?\Z"
)
_SCHEME = Lazy(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_URI_CHARS = Lazy(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*\Z")
_BAD_PERCENT = Lazy(r"%(?![0-9A-Fa-f]{2})")
_EMAIL = Lazy(r"^[^@\s]+@[^@\s]+\Z")
_HOST_LABEL = Lazy(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)\Z")
_SCHEME_START = re.compile(r"^([A-Za-z]{2,7})([:;]?)([/\\]*)(?<=[:;/\\])(?=[A-Za-z0-9\[])")
_DOUBLED_SCHEME = re.compile(r"^(https?)://(?=https?:?//)", re.IGNORECASE)
_BARE_HOST = Lazy(
    r"^(?:www[0-9]{0,3}\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]|\Z)"
    r"|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|edu|gov|io|ai|co|dev|app|info|uk|de|fr|ca|au|in|jp)/)",
    re.IGNORECASE)
_WEB_SCHEMES = ("http", "https")


def check_date(text: str) -> None:
    """A full date, ``YYYY-MM-DD``, that exists in the calendar.

    A date written another way (``14/08/2020``, ``August 14, 2020``) is named, with
    its ISO form when that is determined (``datetext.describe``).
    """
    match = _DATE.match(text)
    if not match:
        if not text.strip():
            raise ValueError("empty")
        described = datetext.describe(text, datetext.DATE)
        raise ValueError(described[0] if described else "expected YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"day {day} does not exist in {calendar.month_name[month]} {year}")


def check_time(text: str, zone_required: bool = True) -> None:
    """``HH:MM:SS[.frac]`` with a zone (``Z`` or ``+HH:MM``), as RFC 3339 requires."""
    match = _TIME.match(text)
    if not match:
        raise ValueError("expected HH:MM:SS followed by Z or an offset such as +02:00")
    hour, minute, second = (int(part) for part in match.groups()[:3])
    if hour > 23:
        raise ValueError(f"hour {hour} does not exist")
    if minute > 59:
        raise ValueError(f"minute {minute} does not exist")
    if second > 60:
        raise ValueError(f"second {second} does not exist")
    zone = match.group(5)
    if zone is None and zone_required:
        raise ValueError("missing time zone (add Z for UTC, or an offset such as +02:00)")
    if zone and zone[0] in "+-" and (int(zone[1:3]) > 23 or int(zone[4:6]) > 59):
        raise ValueError(f"time zone offset {zone} does not exist")


def check_date_time(text: str) -> None:
    """RFC 3339 date-time: ``2020-08-14T22:48:00Z``."""
    if not text.strip():
        raise ValueError("empty")
    described = datetext.describe(text, datetext.DATE_TIME)
    if described:
        raise ValueError(described[0])
    date, separator, time = text.partition("T") if "T" in text else text.partition("t")
    if not separator:
        if " " in text:
            raise ValueError("date and time must be separated by 'T', not a space")
        check_date(text)
        raise ValueError("a date without a time; expected a date-time such as 2020-08-14T22:48:00Z")
    check_date(date)
    check_time(time)


def check_duration(text: str) -> None:
    """ISO 8601 duration: ``PT18M``, ``P1DT2H``, ``P3W``."""
    if not _DURATION.match(text):
        described = datetext.describe_duration(text)
        raise ValueError(described[0] if described else "expected an ISO 8601 duration such as PT18M or P1DT2H")


def check_uri(text: str) -> None:
    """An absolute URI: a scheme, then characters RFC 3986 allows (no spaces).

    When it fails and the start is a mistyped web scheme (``https//``) or a bare host
    (``www.example.com/x``), the reason says so (``scheme_typo``).
    """
    if not _SCHEME.match(text):
        typo = scheme_typo(text)
        raise ValueError(typo[0] if typo else "not an absolute URI (it has no scheme such as https:)")
    check_uri_reference(text)


def check_uri_reference(text: str) -> None:
    try:
        _check_reference(text)
    except ValueError:
        typo = scheme_typo(text)
        if typo is None:
            raise
        raise ValueError(typo[0]) from None


def scheme_typo(text: str) -> tuple[str, str | None] | None:
    """``(reason, corrected)`` when ``text`` starts with a mistyped or missing http(s) scheme.

    ``corrected`` is the URL with the scheme repaired, or None when the intended scheme
    is not determined: ``httpx://`` (http or https?) and a bare ``www.example.com/x``.
    A scheme counts as mistyped one edit away from http or https (``htps``, ``htttp``),
    or with the wrong separator (``https//``, ``http:/``, ``https:///``, ``http:\\``).
    """
    doubled = _DOUBLED_SCHEME.match(text)
    if doubled:
        rest = text[doubled.end():]
        return f'"{text[:doubled.end()] + rest.split("//")[0]}//" repeats the scheme', _with_scheme(rest)
    match = _SCHEME_START.match(text)
    if match:
        return _mistyped(text, match)
    if _BARE_HOST.match(text):
        return f'no scheme: did you mean "https://{text}"?', None
    return None


def _mistyped(text: str, match: re.Match) -> tuple[str, str | None] | None:
    scheme, colon, slashes = match.groups()
    if colon == ":" and slashes == "//" and scheme.lower() in _WEB_SCHEMES:
        return None  # the common, correct case: no distances to compute
    distances = {name: _edit_distance(scheme.lower(), name) for name in _WEB_SCHEMES}
    best = min(distances.values())
    if best > 1 or (best == 1 and not slashes and not colon):
        return None
    if best == 0 and colon == ":" and slashes == "//":
        return None
    if best == 0 and not colon and len(slashes) < 2:
        return None  # "http/x" is a relative path, not a typo
    typed = text[:match.end()]
    candidates = [name for name, distance in distances.items() if distance == best]
    if len(candidates) > 1:
        return f'"{typed}" is a mistyped "http://" or "https://"', None
    return f'"{typed}" is a mistyped "{candidates[0]}://"', f"{candidates[0]}://{text[match.end():]}"


def _with_scheme(text: str) -> str | None:
    match = _SCHEME_START.match(text)
    if match and match.group(1).lower() in _WEB_SCHEMES:
        return f"{match.group(1).lower()}://{text[match.end():]}"
    return None


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count as one edit), for short words."""
    rows = [list(range(len(b) + 1))] + [[i] + [0] * len(b) for i in range(1, len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


def _check_reference(text: str) -> None:
    if " " in text:
        raise ValueError("contains a space")
    if not _URI_CHARS.match(text):
        bad = next(char for char in text if not _URI_CHARS.match(char))
        raise ValueError(f"contains {bad!r}, which must be percent-encoded")
    if _BAD_PERCENT.search(text):
        raise ValueError("contains a '%' that is not followed by two hex digits")


def check_email(text: str) -> None:
    if not _EMAIL.match(text):
        raise ValueError("expected name@domain")


def check_hostname(text: str) -> None:
    labels = text.rstrip(".").split(".")
    if len(text) > 253 or not all(_HOST_LABEL.match(label) for label in labels):
        raise ValueError("not a valid host name")


def _check_ip(kind: str) -> Callable[[str], None]:
    """``ipaddress`` and ``uuid`` are imported on first use: they pull in socket and platform
    (~4 ms), which a one-file check should not pay for formats it never meets."""

    def check(text: str) -> None:
        import ipaddress

        getattr(ipaddress, kind)(text)

    return check


def _check_uuid(text: str) -> None:
    import uuid

    uuid.UUID(text)


# Explanations only: the verdict on a format is jsonschema-rs's (``is_valid``).  A format
# missing here (iri, idn-email, json-pointer, regex, ...) is still checked, just not explained.
CHECKERS: dict[str, Callable[[str], None]] = {
    "date-time": check_date_time,
    "date": check_date,
    "time": check_time,
    "duration": check_duration,
    "uri": check_uri,
    "uri-reference": check_uri_reference,
    "email": check_email,
    "hostname": check_hostname,
    "ipv4": _check_ip("IPv4Address"),
    "ipv6": _check_ip("IPv6Address"),
    "uuid": _check_uuid,
}


def is_valid(name: str, text: str) -> bool:
    """The maintained library's verdict (jsonschema-rs) on ``text`` as a ``format: name`` string."""
    return _format_validator(name).is_valid(text)


@functools.lru_cache(maxsize=64)
def _format_validator(name: str):
    import jsonschema_rs

    return jsonschema_rs.validator_for({"type": "string", "format": name}, validate_formats=True)


def explain(name: str, text: str) -> str | None:
    """Why ``text`` is not a valid ``name``, in words a person can act on; None when we cannot say.

    Called only for values the library rejected, so a checker of ours that would accept
    the value (it is laxer somewhere) simply gives no reason.
    """
    check = CHECKERS.get(name)
    if check is None:
        return None
    try:
        check(text)
    except ValueError as error:
        return str(error) or None
    return None
