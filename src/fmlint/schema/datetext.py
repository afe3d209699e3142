"""Dates and durations written the way people write them, and their ISO 8601 / RFC 3339 forms.

Front matter is full of ``14/08/2020``, ``August 14, 2020`` and Jekyll's
``2020-08-14 22:48:00 +0000``.  RFC 3339 accepts none of them, and "not a valid
date-time" does not help the person who wrote one.  ``describe`` names the form and
says what to write instead; ``read`` gives the meaning, and the ISO text only when it
is *determined*: ``04/08/2020`` (April or August?) and a time without a zone have no
single ISO form, so they get a suggestion but no fix.  ``moment`` turns any date the
date rules can trust into something comparable.

Pure and stdlib-only: the format checkers (``formats.py``), the schema rule and the
date rules all use it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

from fmlint.model.patterns import Lazy

DATE, DATE_TIME, ANY = "date", "date-time", "any"  # what a field wants: ANY is a date or a date-time

_ISOISH = Lazy(
    r"^(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<mo>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
    r"(?:(?P<t>[Tt]|\s+)(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2})(?P<frac>\.[0-9]+)?)?"
    r"(?P<zsp>\s*)(?P<zone>[Zz]|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?)?)?\Z")
_NUMERIC = Lazy(r"^(?P<a>[0-9]{1,2})(?P<sep>[/.-])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})\Z")
_NAMED = Lazy(
    r"^(?:(?P<wd>[A-Za-z]{3,9})\.?,?\s+)?"
    r"(?:(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>[0-9]{4})"
    r"|(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>[A-Za-z]{3,9})\.?,?\s+(?P<y2>[0-9]{4}))"
    r"(?:,?\s+(?:at\s+)?(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
    r"(?:\s*(?P<zone>Z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2}))?\Z")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.lower(): number for number, name in enumerate(calendar.day_abbr)})
_RFC3339 = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?\Z")
_CLOCK = Lazy(r"^([0-9]{1,3}):([0-5][0-9])(?::([0-5][0-9]))?\Z")
_DURATION_WORDS = Lazy(r"^(?i:p(?:[0-9]+[ymwd])*(?:t(?:[0-9]+(?:[.,][0-9]+)?[hms])+)?)\Z")


# A NamedTuple, not a dataclass: creating a dataclass costs ~1 ms at import, on every run.
class Reading(NamedTuple):
    """What a non-ISO date means.  ``date`` is None when the text allows two readings."""

    form: str  # "a D/M/YYYY date", "a date and time with a space instead of 'T'", ...
    date: dt.date | None
    time: str | None = None  # "22:48:00" (with any fraction), when the text has a time
    zone: str | None = None  # "Z" or "+02:00", when the text has one
    readings: tuple[dt.date, ...] = ()  # the candidates, when ambiguous
    problem: str | None = None  # why no date exists ("day 30 does not exist in February 2021")


def read(text: str) -> Reading | None:
    """The reading of ``text`` if it is a recognised *non*-ISO form, else None.

    Strict RFC 3339 text, and ISO text whose only fault is a missing zone or an
    impossible field, are not "non-ISO forms": the format checker explains those.
    """
    text = text.strip()
    if _RFC3339.match(text):
        return None
    match = _ISOISH.match(text)
    if match:
        return _read_isoish(match)
    match = _NUMERIC.match(text)
    if match:
        return _read_numeric(match)
    match = _NAMED.match(text)
    if match:
        return _read_named(match)
    return None


def describe(text: str, want: str) -> tuple[str, str | None] | None:
    """``(phrase, iso)`` for a recognised non-ISO ``text``; ``iso`` is None unless it is determined.

    The phrase names the form and says what to write, e.g. ``a D/M/YYYY date; write 2020-08-14``.
    """
    reading = read(text)
    if reading is None:
        return _date_time_as_date(text) if want == DATE else None
    if reading.problem:
        return f"{reading.form}, but {reading.problem}", None
    if reading.date is None:
        options = " or ".join(day.isoformat() for day in reading.readings)
        return f"{reading.form}; write {options}, whichever is meant", None
    day = reading.date.isoformat()
    if want == DATE:
        if reading.time is None:
            return f"{reading.form}; write {day}", day
        return f"{reading.form}; a date has no time: write {day}", day
    if reading.time is None:
        if want == ANY:
            return f"{reading.form}; write {day}", day
        return (f"{reading.form}; in ISO form {day}, but a date-time also needs a time and a time zone, "
                f"e.g. {day}T00:00:00Z"), None
    local = f"{day}T{reading.time}"
    if reading.zone is None:
        return f"{reading.form}; write {local} with its time zone, e.g. {local}Z for UTC", None
    return f"{reading.form}; write {local}{reading.zone}", f"{local}{reading.zone}"


def _date_time_as_date(text: str) -> tuple[str, str | None] | None:
    """An RFC 3339 date-time where only a date is wanted: keep its date (the time is dropped)."""
    match = _RFC3339.match(text.strip())
    if not match or match[4] is None or _impossible(*(int(part) for part in match.groups()[:3])):
        return None
    day = text.strip()[:10]
    return f"a date and time; a date has no time: write {day}", day


def _read_isoish(match: re.Match) -> Reading:
    faults = []
    if match["sep"] != "-":
        faults.append(f"{match['sep']!r} instead of '-' between year, month and day")
    if len(match["mo"]) < 2 or len(match["d"]) < 2 or (match["h"] and len(match["h"]) < 2):
        faults.append("single-digit fields (ISO pads them with a zero)")
    time = zone = None
    if match["h"]:
        if match["t"] not in ("T", "t"):
            faults.append("a space instead of 'T'")
        if match["s"] is None:
            faults.append("no seconds")
        zone, zone_fault = _zone(match["zone"])
        if zone_fault:
            faults.append(zone_fault)
        if match["zsp"] and match["zone"]:
            faults.append("a space before the time zone")
        if zone is None:
            faults.append("no time zone")
        time = f"{int(match['h']):02}:{match['mi']}:{match['s'] or '00'}{match['frac'] or ''}"
    form = "a date" + (" and time" if match["h"] else "") + " with " + _join(faults)
    problem = _impossible(int(match["y"]), int(match["mo"]), int(match["d"]))
    if problem is None and time is not None:
        problem = _impossible_time(int(match["h"]), int(match["mi"]), int(match["s"] or 0)) or _impossible_zone(zone)
    day = None if problem else dt.date(int(match["y"]), int(match["mo"]), int(match["d"]))
    return Reading(form, day, time, zone, problem=problem)


def _read_numeric(match: re.Match) -> Reading | None:
    """``14/08/2020`` (day first), ``08/14/2020`` (month first), ``04/08/2020`` (either)."""
    a, b, year, sep = int(match["a"]), int(match["b"]), int(match["y"]), match["sep"]
    if a > 12 and b > 12:
        return None
    if a > 12 or b > 12:
        day, month, form = (a, b, "a D/M/YYYY") if a > 12 else (b, a, "an M/D/YYYY")
        form = f"{form.replace('/', sep)} date"
        problem = _impossible(year, month, day)
        return Reading(form, None if problem else dt.date(year, month, day), problem=problem)
    candidates = tuple(dict.fromkeys(
        dt.date(year, month, day) for day, month in ((a, b), (b, a)) if _impossible(year, month, day) is None))
    if len(candidates) == 1:
        return Reading(f"a D{sep}M{sep}YYYY date", candidates[0])
    if not candidates:
        return Reading(f"a D{sep}M{sep}YYYY date", None, problem=_impossible(year, b, a))
    return Reading(f"an ambiguous D{sep}M{sep}YYYY or M{sep}D{sep}YYYY date", None, readings=candidates)


def _read_named(match: re.Match) -> Reading | None:
    """``August 14, 2020``, ``14 Aug 2020``, ``Fri, 14 Aug 2020 22:48:00 +0000`` (RFC 2822)."""
    month = _MONTHS.get((match["mon"] or match["mon2"]).lower())
    weekday = _WEEKDAYS.get(match["wd"].lower()) if match["wd"] else None
    if month is None or (match["wd"] and weekday is None):
        return None
    day, year = int(match["d"] or match["d2"]), int(match["y"] or match["y2"])
    form = "a 'Month D, YYYY' date" if match["mon"] else "a 'D Month YYYY' date"
    time = zone = None
    problem = _impossible(year, month, day)
    if match["h"]:
        hour = _hour(int(match["h"]), match["ampm"])
        if hour is None:
            return None
        time = f"{hour:02}:{match['mi']}:{match['s'] or '00'}"
        zone = _zone(match["zone"])[0]
        problem = problem or _impossible_time(hour, int(match["mi"]), int(match["s"] or 0)) or _impossible_zone(zone)
        form += " and time" + ("" if zone else " with no time zone")
    date = None if problem else dt.date(year, month, day)
    if date is not None and weekday is not None and date.weekday() != weekday:
        problem = f"{date:%B} {day}, {year} is a {date:%A}, not a {calendar.day_name[weekday]}"
        date = None
    return Reading(form, date, time, zone, problem=problem)


def _hour(hour: int, ampm: str | None) -> int | None:
    if not ampm:
        return hour
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if ampm[0] in "Pp" else 0)


def _zone(text: str | None) -> tuple[str | None, str | None]:
    """The RFC 3339 spelling of a zone, and what was wrong with how it was written."""
    if not text:
        return None, None
    if text in ("Z", "z"):
        return "Z", None
    if text in ("UTC", "GMT"):
        return "Z", f"{text!r} instead of 'Z'"
    sign, digits = text[0], text[1:].replace(":", "")
    zone = f"{sign}{digits[:2]}:{digits[2:4] or '00'}"
    return zone, None if zone == text else f"the offset {text!r} instead of {zone!r}"


def _impossible(year: int, month: int, day: int) -> str | None:
    if not 1 <= month <= 12:
        return f"month {month} does not exist"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"day {day} does not exist in {calendar.month_name[month]} {year}"
    return None


def _impossible_time(hour: int, minute: int, second: int) -> str | None:
    for value, name, limit in ((hour, "hour", 23), (minute, "minute", 59), (second, "second", 60)):
        if value > limit:
            return f"{name} {value} does not exist"
    return None


def _impossible_zone(zone: str | None) -> str | None:
    if zone and zone != "Z" and (int(zone[1:3]) > 23 or int(zone[4:6]) > 59):
        return f"time zone offset {zone} does not exist"
    return None


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# A NamedTuple, not a dataclass: creating a dataclass costs ~1 ms at import, on every run.
class Moment(NamedTuple):
    """A date the rules can compare: its calendar date as written, and the instant when known."""

    date: dt.date
    instant: dt.datetime | None = None  # timezone-aware; None for a date or a zone-less time


def moment(text: str) -> Moment | None:
    """The meaning of an RFC 3339 / ISO date, or of a determined non-ISO one; None otherwise."""
    match = _RFC3339.match(text.strip())
    if match:
        year, month, day = (int(part) for part in match.groups()[:3])
        if _impossible(year, month, day):
            return None
        if match[4] is None or match[8] is None:
            bad_time = match[4] is not None and _impossible_time(int(match[4]), int(match[5]), int(match[6]))
            return None if bad_time else Moment(dt.date(year, month, day))
        return _instant(dt.date(year, month, day), f"{match[4]}:{match[5]}:{match[6]}", match[8])
    reading = read(text)
    if reading is None or reading.date is None or reading.problem:
        return None
    if reading.time is None or reading.zone is None:
        return Moment(reading.date)
    return _instant(reading.date, reading.time, reading.zone)


def _instant(date: dt.date, time: str, zone: str) -> Moment | None:
    hour, minute, second = (int(part) for part in time[:8].split(":"))
    if _impossible_time(hour, minute, second):
        return None
    offset = dt.timedelta(0)
    if zone not in ("Z", "z"):
        if _impossible_zone(zone):
            return None
        offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])) * (-1 if zone[0] == "-" else 1)
    clock = dt.datetime(date.year, date.month, date.day, hour, minute, min(second, 59))
    return Moment(date, clock.replace(tzinfo=dt.timezone(offset)))


def describe_duration(text: str) -> tuple[str, str | None] | None:
    """``(phrase, iso)`` for a duration written as a clock (``1:02:03``) or in lower case (``pt18m``)."""
    text = text.strip()
    clock = _CLOCK.match(text)
    if clock:
        first, second, third = clock.groups()
        if third is not None:
            iso = _duration(int(first), int(second), int(third))
            return f"a clock time H:MM:SS; write {iso}", iso
        as_minutes, as_hours = _duration(0, int(first), int(second)), _duration(int(first), int(second), 0)
        return f"a clock time; write {as_minutes} (M:SS) or {as_hours} (H:MM), whichever is meant", None
    if text != text.upper() and _DURATION_WORDS.match(text):
        return f"lower-case letters; write {text.upper()}", text.upper()
    return None


def _duration(hours: int, minutes: int, seconds: int) -> str:
    parts = [(hours, "H"), (minutes, "M"), (seconds, "S")]
    return "PT" + ("".join(f"{value}{unit}" for value, unit in parts if value) or "0S")
