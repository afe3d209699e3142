"""FM3xx: dates and durations: valid, in ISO form, agreeing with each other and the file name.

Which values are dates: every string the schema formats as ``date`` or ``date-time``,
and, where the schema says nothing about a value, keys that look like dates (``date``,
``*Date``, ``*DateTime``, ``*_at``, ``*_date``, ``lastmod``, plus the ``date_keys`` option).

One diagnostic per problem: a value the schema formats is judged by the schema rule
FM205 (whose message names non-ISO forms and carries the same fix); the validity rules
here (FM301, FM302, FM306) speak only when no *enabled* schema rule reports the value,
so ``--select FM3`` still finds everything and a full run says it once.  The
consistency rules (FM303-FM305) compare dates that parse, whoever judged their form.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple

from fmlint.model import Fix, Problem
from fmlint.reading.scalars import value_fix
from fmlint.rules.registry import per_file, rule
from fmlint.rules.values import file_scalars, formats_at, key_matcher, pointer_parts, schema_memo, schema_reports
from fmlint.rules.values import string_at
from fmlint.schema import datetext, formats
from fmlint.schema.messages import display_path, show
from fmlint.schema.walk import subschemas_at

DATE_KEYS = ("date", "*Date", "*DateTime", "*_at", "*_date", "lastmod")
DURATION_KEYS = ("length", "duration")
FUTURE_DAYS, DATE_FLOOR = 366, "1990-01-01"
_JEKYLL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-.")
_moment = functools.lru_cache(maxsize=4096)(datetext.moment)  # FM303-FM305 read the same dates


# A NamedTuple, not a dataclass: creating a dataclass costs ~1 ms at import, on every run.
class DateValue(NamedTuple):
    pointer: str
    key: str
    value: str | None
    want: str  # datetext.DATE, DATE_TIME or ANY
    by_schema: bool  # the schema formats it (so FM205 judges its form)


@per_file
def date_values(ctx) -> list[DateValue]:
    """The date values of this file (strings and empty values), in document order."""
    root = ctx.schema.schema if ctx.schema is not None else None
    matcher = key_matcher(DATE_KEYS + tuple(ctx.option("date_keys", ())))
    kinds = schema_memo(root, ("dates", matcher.pattern))  # pointer -> (want, by_schema), or ()
    found = []
    for pointer, key, value in file_scalars(ctx):
        if value is not None and not isinstance(value, str):
            continue
        kind = kinds.get(pointer)
        if kind is None:
            kind = kinds[pointer] = _date_kind(root, matcher, pointer, key)
        if kind:
            found.append(DateValue(pointer, key, value, *kind))
    return found


def _date_kind(root, matcher, pointer: str, key: str) -> tuple:
    wanted = formats_at(root, pointer) if root is not None else set()
    if wanted & {"date", "date-time"}:
        want = datetext.DATE if "date-time" not in wanted else (
            datetext.ANY if "date" in wanted else datetext.DATE_TIME)
        return want, True
    if not wanted and matcher.match(key):
        return (datetext.DATE_TIME if key.lower().endswith("datetime") else datetext.ANY), False
    return ()


def _invalid_reason(text: str | None, want: str) -> tuple[str, str] | None:
    """``(kind, reason)`` when ``text`` is not a valid date of kind ``want``; None when it is.

    A field that takes either a date or a date-time is judged as a date-time when the
    text has a time part, so the reason speaks about the part that is wrong.
    """
    if want == datetext.ANY:
        want = datetext.DATE_TIME if text and len(text) > 10 and text[10] in "Tt " else datetext.DATE
    kind = "date-time" if want == datetext.DATE_TIME else "date"
    if text is None or not text.strip():
        return kind, "empty"
    if formats.is_valid(kind, text):  # the verdict is the library's; ours is the reason
        return None
    reason = formats.explain(kind, text) or f"not a valid RFC 3339 {kind}"
    return kind, "expected YYYY-MM-DD or an RFC 3339 date-time" if reason == "expected YYYY-MM-DD" else reason


@per_file
def _unreported(ctx):
    """Date values whose form this family judges: none an enabled schema rule already reports,
    and none the schema accepts in a form it spells out (a preset's ``pattern`` for Hugo's local
    date-times or Jekyll's ``2024-03-05 10:00:00 +0100``), unless that date does not exist."""
    return [each for each in date_values(ctx) if not schema_reports(ctx, each.pointer)
            and not _schema_accepts(ctx, each)]


def _schema_accepts(ctx, each: DateValue) -> bool:
    """The schema names this value (Eleventy's ``date: Last Modified``), or matches it with a
    ``pattern`` and it is a real date; and the schema finds no fault with it."""
    if not each.by_schema or not each.value:
        return False
    subschemas = subschemas_at(ctx.schema.schema, each.pointer)
    named = any(each.value in sub.get("enum", ()) or sub.get("const") == each.value for sub in subschemas)
    if not named and not (any("pattern" in sub for sub in subschemas) and _moment(each.value) is not None):
        return False
    return not any(problem.pointer == each.pointer for _, problem in ctx.schema_errors)


@rule("FM301", "invalid-date", "a date or date-time that does not exist or is incomplete")
def invalid_date(ctx):
    """What: a date-like value that is not a valid RFC 3339 date or date-time: an impossible
    day (`2021-02-30`), hour 25, month 13, a time with no time zone, an empty value, or
    text that is no date at all.  Keys ending in `DateTime` need a date-time; other date
    keys accept a date or a date-time.  Values the schema formats are FM205's.

    Why: generators either fail the build or quietly shift the page to another date (a
    missing zone is read in the build machine's zone).

    Example:

        date: 2023-02-30   # <- FM301: February has no 30th

    Fix: write the date that was meant; add `Z` or the offset (`+02:00`).  No automatic
    fix: the intended date or zone is not in the file.
    """
    for each in _unreported(ctx):
        invalid = _invalid_reason(each.value, each.want)
        if invalid is None:
            continue
        reading = datetext.read(each.value) if each.value else None
        if reading is not None and not reading.problem:
            continue  # a recognised non-ISO form: FM302
        kind, reason = invalid
        yield Problem(f"{display_path(pointer_parts(each.pointer))}: {show(each.value)} is not a valid {kind} ({reason})",
                      pointer=each.pointer)


@rule("FM302", "non-iso-date", "a date written in a non-ISO form", severity="warning", fix="unsafe")
def non_iso_date(ctx):
    """What: a date-like value in a recognised non-ISO form: `14/08/2020`, `08/14/2020`,
    `August 14, 2020`, `14 Aug 2020`, `2020/08/14`, `2020-08-14 22:48`, Jekyll's
    `2020-08-14 22:48:00 +0000`, RFC 2822 `Fri, 14 Aug 2020 22:48:00 +0000`.  The
    message names the form and gives the ISO 8601 / RFC 3339 form.

    Why: other tools (feeds, sitemaps, JavaScript `Date`, schema validators) read these
    differently or not at all; `04/08/2020` is April in the US and August elsewhere.

    Example:

        date: 14/09/2023   # <- FM302: D/M/YYYY

    Fix: `fmlint fix --unsafe-fixes` writes `date: 2023-09-14`: unsafe (the value changes),
    and offered only when the ISO form is determined: not for `04/08/2020` (day and month
    could be either), and not for a time without a zone. Otherwise no automatic fix: write
    the ISO form.
    """
    for each in _unreported(ctx):
        reading = datetext.read(each.value) if each.value else None
        if reading is None or reading.problem:
            continue  # valid, or not a recognised form: FM301
        phrase, iso = datetext.describe(each.value, each.want)
        where = display_path(pointer_parts(each.pointer))
        fix = value_fix(ctx.fm, each.pointer, iso, f"write {iso}") if iso else None
        yield Problem(f"{where}: {show(each.value)} is not in ISO 8601 form: {phrase}", pointer=each.pointer, fix=fix)


@rule("FM303", "file-name-date-mismatch", "the date in a Jekyll file name disagrees with the front matter",
      severity="warning")
def file_name_date_mismatch(ctx):
    """What: a Jekyll post named `YYYY-MM-DD-slug.md` whose front-matter date (`date`, else
    `publishedDateTime`, else the first top-level date) is more than one day away from
    the date in the name.  One day is allowed: the name is usually the author's local date
    and the front matter UTC.

    Why: Jekyll builds the URL from one and sorts by the other; a page that moved date
    lands at an unexpected address or in the wrong place in the archive.

    Example:

        # file: _posts/2023-09-12-tide-model.md
        date: 2023-09-15T09:00:00Z   # <- FM303: three days after the name's date

    Fix: correct whichever is wrong (no automatic fix: either could be).
    """
    name = _JEKYLL_NAME.match(ctx.doc.path.replace("\\", "/").rsplit("/", 1)[-1])
    named = _moment(name.group(1)) if name else None
    chosen = _main_date(ctx) if named else None
    found = _moment(chosen.value) if chosen else None
    days = (found.date - named.date).days if found else 0
    if abs(days) > 1:
        yield Problem(f"{chosen.key} is {found.date}, {abs(days)} days {'after' if days > 0 else 'before'} the date "
                      f"in the file name ({named.date})", pointer=chosen.pointer)


def _main_date(ctx) -> DateValue | None:
    top = [each for each in date_values(ctx) if each.pointer.count("/") == 1 and each.value]
    for key in ("date", "publishedDateTime"):
        for each in top:
            if each.key == key:
                return each
    return top[0] if top else None


@rule("FM304", "date-order", "a last-updated date before the publication date", severity="warning")
def date_order(ctx):
    """What: in one mapping, an update date (a key containing `updated` or `modified`, or
    `lastmod`) earlier than the publication date (`date` or a key containing
    `publish`): `updatedDateTime` before `publishedDateTime`.

    Why: feeds and search engines show "updated" dates; one before the publication is a
    copy-paste slip or a swapped pair.

    Example:

        publishedDateTime: 2023-09-12T07:15:00Z
        updatedDateTime: 2023-09-11T10:00:00Z   # <- FM304: a day before publication

    Fix: correct the dates (no automatic fix: either could be wrong).
    """
    groups: dict[str, list[tuple[DateValue, datetext.Moment]]] = {}
    for each in date_values(ctx):
        found = _moment(each.value) if each.value else None
        if found is not None:
            groups.setdefault(each.pointer.rsplit("/", 1)[0], []).append((each, found))
    for members in groups.values():
        published = [(v, m) for v, m in members if v.key == "date" or "publish" in v.key.lower()]
        for value, found in members:
            lowered = value.key.lower()
            if not ("updated" in lowered or "modified" in lowered or lowered == "lastmod"):
                continue
            later = next((v for v, m in published if _before(found, m)), None)
            if later is not None:
                yield Problem(f"{value.key} ({value.value}) is before {later.key} ({later.value})",
                              pointer=value.pointer)


def _before(first: datetext.Moment, second: datetext.Moment) -> bool:
    if first.instant is not None and second.instant is not None:
        return first.instant < second.instant
    return first.date < second.date


@rule("FM305", "date-out-of-range", "a date far in the future or before the configured floor", severity="warning")
def date_out_of_range(ctx):
    """What: a date more than `future-days` days ahead of today (default 366) or before
    `date-floor` (default 1990-01-01): placeholders such as `1970-01-01` or
    `2099-12-31`, and typos in the year (`2202`).

    Why: a post dated years ahead is hidden by generators that skip future posts; an
    epoch date is a placeholder nobody replaced.

    Example:

        date: 1970-01-01   # <- FM305: before the 1990-01-01 floor

    Fix: write the real date (no automatic fix).  Adjust the options for sites that
    legitimately hold old dates (birth dates, archives).  Keys matching `future-keys`
    (globs, any case; the Hugo preset sets `expiryDate` and `publishDate`) may be in the
    future by design and are checked only against the floor.
    """
    floor = (_moment(str(ctx.option("date_floor", DATE_FLOOR))) or _moment(DATE_FLOOR)).date
    future = ctx.option("future_days", FUTURE_DAYS)
    future = future if isinstance(future, int) and not isinstance(future, bool) else FUTURE_DAYS
    latest = dt.date.today() + dt.timedelta(days=future)
    may_be_future = key_matcher(tuple(key.lower() for key in ctx.option("future_keys", ())))
    for each in date_values(ctx):
        found = _moment(each.value) if each.value else None
        where = display_path(pointer_parts(each.pointer))
        if found is not None and found.date < floor:
            yield Problem(f"{where}: {found.date} is before {floor} (the date-floor option)", pointer=each.pointer)
        elif found is not None and found.date > latest and not may_be_future.match(each.key.lower()):
            yield Problem(f"{where}: {found.date} is more than {future} days in the future",
                          pointer=each.pointer)


@rule("FM306", "invalid-duration", "a duration that is not ISO 8601", fix="unsafe")
def invalid_duration(ctx):
    """What: a `length` or `duration` value (keys set by the `duration-keys` option) that
    is not an ISO 8601 duration such as `PT18M` or `PT1H2M3S`, where the schema does
    not format it (then FM205 reports it).  Clock times are named: `1:02:03`, `18:34`.

    Why: templates and structured data (schema.org `duration`) expect ISO 8601; a clock
    time is shown raw or dropped.

    Example:

        length: "1:02:03"   # <- FM306: a clock time (unquoted, YAML 1.1 reads 3723: FM105)

    Fix: `fmlint fix --unsafe-fixes` writes `length: PT1H2M3S`: unsafe (the value changes),
    and offered only when the reading is determined: `18:34` could be minutes:seconds or
    hours:minutes.  Otherwise no automatic fix: write the ISO 8601 duration.
    """
    root = ctx.schema.schema if ctx.schema is not None else None
    matcher = key_matcher(tuple(ctx.option("duration_keys", DURATION_KEYS)))
    for pointer, key, value in file_scalars(ctx):
        if not isinstance(value, str) or not matcher.match(key) or schema_reports(ctx, pointer):
            continue
        if _yaml11_reports(ctx, pointer):
            continue  # FM105 already reports the unquoted 1:30 (base 60 in YAML 1.1)
        if formats_at(root, pointer) - {"duration"}:
            continue  # the schema says it is something else
        if not formats.is_valid("duration", value):
            reason = "empty" if not value.strip() else formats.explain("duration", value) or "not ISO 8601"
            described = datetext.describe_duration(value)
            iso = described[1] if described else None
            fix = value_fix(ctx.fm, pointer, iso, f"write {iso}") if iso else None
            yield Problem(f"{display_path(pointer_parts(pointer))}: {show(value)} is not a valid duration ({reason})",
                          pointer=pointer, fix=fix)


def _yaml11_reports(ctx, pointer: str) -> bool:
    entry = ctx.fm.nodes.get(pointer)
    node = entry[1] if entry else None
    if getattr(node, "style", None) != "" or not any(each.code == "FM105" for each in ctx.settings.rules):
        return False
    from fmlint.rules.syntax import yaml11_meaning

    return yaml11_meaning(node.value) is not None


def date_format_fix(ctx, pointer: str) -> Fix | None:
    """The fix for an FM205 finding on a ``date``/``date-time``/``duration`` value, when determined.

    The formats are tried richest first, and the first that recognises the value decides:
    ``2024-03-05 10:00:00`` under ``anyOf[date-time, date]`` is a date-time without its
    zone (no fix: the zone is unknown), never a date with its time dropped.
    """
    value = string_at(ctx.fm, pointer)
    wanted = formats_at(ctx.schema.schema, pointer) if ctx.schema is not None and value is not None else set()
    for name in ("date-time", "date", "duration"):
        if name in wanted:
            described = datetext.describe_duration(value) if name == "duration" else datetext.describe(value, name)
            iso = described[1] if described else None
            if iso and formats.is_valid(name, iso):
                return value_fix(ctx.fm, pointer, iso, f"write {iso}")
            if name == "date-time" and described and _has_time(value):
                return None  # a date-only fix would drop the time the value holds
    return None


def _has_time(text: str) -> bool:
    reading = datetext.read(text)
    return reading is not None and reading.time is not None
