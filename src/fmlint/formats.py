"""String formats (RFC 3339 dates, URIs, ISO 8601 durations, ...) that explain *why* a value fails.

jsonschema only asserts ``format`` with a checker, and its stock checkers for
date-time and uri need optional packages and answer yes or no.  Ours need nothing
extra, are cheap, and raise ``ValueError`` with a reason a person can act on
("day 30 does not exist in February"), which the schema rule and the date rules
both show.
"""

from __future__ import annotations

import calendar
import ipaddress
import re
import uuid
from collections.abc import Callable

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|z|[+-]\d{2}:\d{2})?$")
_DURATION = re.compile(
    r"^P(?!$)(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?W)?(?:\d+(?:[.,]\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?$"
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def check_date(text: str) -> None:
    """A full date, ``YYYY-MM-DD``, that exists in the calendar."""
    match = _DATE.match(text)
    if not match:
        raise ValueError("expected YYYY-MM-DD")
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
        raise ValueError("expected an ISO 8601 duration such as PT18M or P1DT2H")


def check_uri(text: str) -> None:
    """An absolute URI: a scheme, then characters RFC 3986 allows (no spaces)."""
    if not _SCHEME.match(text):
        raise ValueError("not an absolute URI (it has no scheme such as https:)")
    check_uri_reference(text)


def check_uri_reference(text: str) -> None:
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


def _check_ip(kind: type) -> Callable[[str], None]:
    def check(text: str) -> None:
        kind(text)

    return check


def _check_uuid(text: str) -> None:
    uuid.UUID(text)


def _check_regex(text: str) -> None:
    try:
        re.compile(text)
    except re.error as error:
        raise ValueError(str(error)) from None


CHECKERS: dict[str, Callable[[str], None]] = {
    "date-time": check_date_time,
    "date": check_date,
    "time": check_time,
    "duration": check_duration,
    "uri": check_uri,
    "iri": check_uri,
    "uri-reference": check_uri_reference,
    "iri-reference": check_uri_reference,
    "email": check_email,
    "idn-email": check_email,
    "hostname": check_hostname,
    "ipv4": _check_ip(ipaddress.IPv4Address),
    "ipv6": _check_ip(ipaddress.IPv6Address),
    "uuid": _check_uuid,
    "regex": _check_regex,
}


def format_checker():
    """A jsonschema ``FormatChecker`` asserting our formats; errors carry the reason as ``cause``."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in CHECKERS.items():
        checker.checks(name, raises=ValueError)(_strings_only(check))
    return checker


def _strings_only(check: Callable[[str], None]) -> Callable[[object], bool]:
    """Formats apply to strings only (JSON Schema says other types pass)."""

    def run(value: object) -> bool:
        if isinstance(value, str):
            check(value)
        return True

    return run
