"""Dates and durations (FM3xx), and the date reasons and fixes FM205 gives for schema-formatted values."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import CORPUS, apply_fix, article, described, lint, needs_shared, run_cli, run_json

from fmlint.fixing.loop import fix_bytes
from fmlint.rules import catalog
from fmlint.rules.engine import Settings
from fmlint.schema import datetext

NEWS = CORPUS / "_news"


def diagnostics(text: str, select=("FM3",), **kwargs):
    return described(text, select=select, **kwargs)


@pytest.mark.parametrize("front_matter, expected", [
    pytest.param("date: 2021-02-30\n", ("FM301", 2, 7, 'date: "2021-02-30" is not a valid date (day 30 does not exist '
                                                      "in February 2021)"), id="impossible-day"),
    pytest.param("date: 2021-13-01\n", ("FM301", 2, 7, 'date: "2021-13-01" is not a valid date (month 13 does not exist)'),
                 id="month-13"),
    pytest.param("updated_at: 2020-08-14T25:00:00Z\n",
                 ("FM301", 2, 13, 'updated_at: "2020-08-14T25:00:00Z" is not a valid date-time (hour 25 does not exist)'),
                 id="hour-25"),
    pytest.param("lastmod: 2020-08-14T22:48:00\n",
                 ("FM301", 2, 10, 'lastmod: "2020-08-14T22:48:00" is not a valid date-time (missing time zone (add Z '
                                  "for UTC, or an offset such as +02:00))"), id="missing-zone"),
    pytest.param("date:\n", ("FM301", 2, 6, "date: null is not a valid date (empty)"), id="empty-null"),
    pytest.param('date: ""\n', ("FM301", 2, 7, 'date: "" is not a valid date (empty)'), id="empty-string"),
    pytest.param("date: soon\n", ("FM301", 2, 7, 'date: "soon" is not a valid date (expected YYYY-MM-DD or an RFC 3339 '
                                                "date-time)"), id="not-a-date"),
    pytest.param("publishedDateTime: 2020-08-14\n",
                 ("FM301", 2, 20, 'publishedDateTime: "2020-08-14" is not a valid date-time (a date without a time; '
                                  "expected a date-time such as 2020-08-14T22:48:00Z)"), id="DateTime-key-needs-time"),
    pytest.param("date: 31/02/2020\n", ("FM301", 2, 7, 'date: "31/02/2020" is not a valid date (a D/M/YYYY date, but day '
                                                      "31 does not exist in February 2020)"), id="impossible-non-iso"),
    pytest.param("items:\n  - releaseDate: 2020-04-31\n",
                 ("FM301", 3, 18, 'items[0].releaseDate: "2020-04-31" is not a valid date (day 31 does not exist in '
                                  "April 2020)"), id="nested-in-list"),
    pytest.param("date: 14/08/2020\n", ("FM302", 2, 7, 'date: "14/08/2020" is not in ISO 8601 form: a D/M/YYYY date; '
                                                      "write 2020-08-14"), id="day-first"),
    pytest.param("date: 08/14/2020\n", ("FM302", 2, 7, 'date: "08/14/2020" is not in ISO 8601 form: an M/D/YYYY date; '
                                                      "write 2020-08-14"), id="month-first"),
    pytest.param("date: 04/08/2020\n", ("FM302", 2, 7, 'date: "04/08/2020" is not in ISO 8601 form: an ambiguous '
                                                      "D/M/YYYY or M/D/YYYY date; write 2020-08-04 or 2020-04-08, "
                                                      "whichever is meant"), id="ambiguous-no-fix"),
    pytest.param("date: August 14, 2020\n", ("FM302", 2, 7, 'date: "August 14, 2020" is not in ISO 8601 form: a '
                                                           "'Month D, YYYY' date; write 2020-08-14"), id="month-name"),
    pytest.param("eventDate: Aug 14 2020\n", ("FM302", 2, 12, 'eventDate: "Aug 14 2020" is not in ISO 8601 form: a '
                                                             "'Month D, YYYY' date; write 2020-08-14"), id="abbreviated"),
    pytest.param("startDate: '14 August 2020'\n", ("FM302", 2, 12, 'startDate: "14 August 2020" is not in ISO 8601 '
                                                                   "form: a 'D Month YYYY' date; write 2020-08-14"),
                 id="day-month-name"),
    pytest.param("date: 2020-08-14 22:48\n",
                 ("FM302", 2, 7, 'date: "2020-08-14 22:48" is not in ISO 8601 form: a date and time with a space instead '
                                 "of 'T', no seconds and no time zone; write 2020-08-14T22:48:00 with its time zone, e.g. "
                                 "2020-08-14T22:48:00Z for UTC"), id="space-no-zone"),
    pytest.param("date: 2020-08-14 22:48:00 +0000\n",
                 ("FM302", 2, 7, 'date: "2020-08-14 22:48:00 +0000" is not in ISO 8601 form: a date and time with a '
                                 "space instead of 'T', the offset '+0000' instead of '+00:00' and a space before the "
                                 "time zone; write 2020-08-14T22:48:00+00:00"), id="jekyll-form"),
    pytest.param("publishedDateTime: 14/08/2020\n",
                 ("FM302", 2, 20, 'publishedDateTime: "14/08/2020" is not in ISO 8601 form: a D/M/YYYY date; in ISO '
                                  "form 2020-08-14, but a date-time also needs a time and a time zone, e.g. "
                                  "2020-08-14T00:00:00Z"), id="date-for-a-date-time"),
    pytest.param("date: 2020-08-14\nupdated: 2020-08-14T22:48:00+02:00\ncreated_at: 2020-08-14T22:48:00.5Z\n", None,
                 id="valid-dates"),
    pytest.param("title: 14/08/2020\npublished: true\nupdate: soon\n", None, id="not-date-keys"),
    pytest.param("date: 2020\n", None, id="numbers-are-not-judged"),
])
def test_date_values(front_matter, expected):
    assert diagnostics(article(front_matter)) == ([expected] if expected else [])


@pytest.mark.parametrize("front_matter, expected", [
    pytest.param("publishedDateTime: 2020-08-14T22:48:00Z\nupdatedDateTime: 2020-08-13T10:00:00Z\n",
                 [("FM304", 3, 18, "updatedDateTime (2020-08-13T10:00:00Z) is before publishedDateTime "
                                  "(2020-08-14T22:48:00Z)")], id="updated-before-published"),
    pytest.param("date: 2020-08-14\nlastmod: 2020-08-01\n",
                 [("FM304", 3, 10, "lastmod (2020-08-01) is before date (2020-08-14)")], id="lastmod-before-date"),
    pytest.param("publishedDateTime: 2020-08-14T22:48:00+02:00\nupdatedDateTime: 2020-08-14T21:00:00Z\n", [],
                 id="instants-compare-across-zones"),
    pytest.param("date: 2020-08-14T22:48:00Z\nlastmod: 2020-08-14\n", [], id="same-day-date-only"),
    pytest.param("related:\n  - publishedDateTime: 2020-08-14T22:48:00Z\n    updatedDateTime: 2020-08-14T22:00:00Z\n",
                 [("FM304", 4, 22, "updatedDateTime (2020-08-14T22:00:00Z) is before publishedDateTime "
                                   "(2020-08-14T22:48:00Z)")], id="nested-pair"),
    pytest.param("date: 1970-01-01\n", [("FM305", 2, 7, "date: 1970-01-01 is before 1990-01-01 (the date-floor option)")],
                 id="before-floor"),
    pytest.param("date: 2999-01-01\n", [("FM305", 2, 7, "date: 2999-01-01 is more than 366 days in the future")],
                 id="far-future"),
    pytest.param("date: 14/08/2999\n", [
        ("FM302", 2, 7, 'date: "14/08/2999" is not in ISO 8601 form: a D/M/YYYY date; write 2999-08-14'),
        ("FM305", 2, 7, "date: 2999-08-14 is more than 366 days in the future")], id="non-iso-and-future-are-two-problems"),
    pytest.param("date: 2021-02-30\nlastmod: 2020-01-01\n", [
        ("FM301", 2, 7, 'date: "2021-02-30" is not a valid date (day 30 does not exist in February 2021)')],
                 id="invalid-dates-are-not-compared"),
])
def test_date_consistency(front_matter, expected):
    assert diagnostics(article(front_matter)) == expected


def test_near_future_counts_from_today_with_the_option():
    soon = dt.date.today() + dt.timedelta(days=40)
    text = article(f"date: {soon.isoformat()}\n")
    assert diagnostics(text) == []
    assert diagnostics(text, options={"future_days": 30}) == [
        ("FM305", 2, 7, f"date: {soon} is more than 30 days in the future")]


def test_date_options():
    text = article("released: 14/08/2020\nbirthDate: 1975-03-02\n")
    assert diagnostics(text) == [("FM305", 3, 12, "birthDate: 1975-03-02 is before 1990-01-01 (the date-floor option)")]
    assert diagnostics(text, options={"date_keys": ("released",), "date_floor": "1900-01-01"}) == [
        ("FM302", 2, 11, 'released: "14/08/2020" is not in ISO 8601 form: a D/M/YYYY date; write 2020-08-14')]


@pytest.mark.parametrize("front_matter, expected", [
    pytest.param("length: PT18M\nduration: P1DT2H\n", None, id="valid"),
    pytest.param("length: 1:02:03\n", ("FM306", 2, 9, 'length: "1:02:03" is not a valid duration (a clock time H:MM:SS; '
                                                     "write PT1H2M3S)"), id="clock-hms"),
    pytest.param('length: "18:34"\n', ("FM306", 2, 9, 'length: "18:34" is not a valid duration (a clock time; write '
                                                      "PT18M34S (M:SS) or PT18H34M (H:MM), whichever is meant)"),
                 id="clock-ambiguous"),
    pytest.param("length: pt18m\n", ("FM306", 2, 9, 'length: "pt18m" is not a valid duration (lower-case letters; write '
                                                   "PT18M)"), id="lower-case"),
    pytest.param("duration: 18 minutes\n", ("FM306", 2, 11, 'duration: "18 minutes" is not a valid duration (expected '
                                                           "an ISO 8601 duration such as PT18M or P1DT2H)"), id="words"),
    pytest.param('length: ""\n', ("FM306", 2, 9, 'length: "" is not a valid duration (empty)'), id="empty"),
    pytest.param("length: PT\n", ("FM306", 2, 9, 'length: "PT" is not a valid duration (expected an ISO 8601 duration '
                                                "such as PT18M or P1DT2H)"), id="designator-only"),
    pytest.param("length: 1200\nwidth: 1:30:00\n", None, id="numbers-and-other-keys"),
])
def test_durations(front_matter, expected):
    assert diagnostics(article(front_matter)) == ([expected] if expected else [])


@pytest.mark.parametrize("value", ["1:30", "1:02:03"])
def test_unquoted_base60_duration_is_reported_once_by_fm105(value):
    """YAML 1.1 reads an unquoted 1:30 as 90: FM105 reports that value, and FM306 waits for it to be quoted."""
    assert [d[0] for d in diagnostics(article(f"length: {value}\n"), select=("FM",))] == ["FM105"]
    assert [d[0] for d in diagnostics(article(f"length: {value}\n"), select=("FM3",))] == ["FM306"]


def test_duration_keys_option():
    text = article("runtime: 18 min\nlength: 18 min\n")
    assert [d[:3] for d in diagnostics(text, options={"duration_keys": ("runtime",)})] == [("FM306", 2, 10)]


@pytest.mark.parametrize("front_matter, code, after", [
    pytest.param("date: 14/08/2020\n", "FM302", "date: 2020-08-14\n", id="plain"),
    pytest.param('date: "August 14, 2020"\n', "FM302", 'date: "2020-08-14"\n', id="double-quoted-keeps-quotes"),
    pytest.param("date: '14 Aug 2020'\n", "FM302", "date: '2020-08-14'\n", id="single-quoted"),
    pytest.param("date: 2020-08-14 22:48:00 +0000  # Jekyll\n", "FM302", "date: 2020-08-14T22:48:00+00:00  # Jekyll\n",
                 id="comment-kept"),
    pytest.param("date: Fri, 14 Aug 2020 22:48:00 GMT\n", "FM302", "date: 2020-08-14T22:48:00Z\n", id="rfc2822"),
    pytest.param("updatedDateTime: 2020-08-14T22:48Z\n", "FM302", "updatedDateTime: 2020-08-14T22:48:00Z\n",
                 id="seconds-added"),
    pytest.param("length: 1:02:03\n", "FM306", "length: PT1H2M3S\n", id="duration"),
])
def test_fixes_apply_and_lint_clean(front_matter, code, after):
    text = article(front_matter)
    [found] = [d for d in lint(text, select=("FM3",)) if d.code == code]
    assert found.fix.applicability == "unsafe"
    fixed = apply_fix(text, found.fix)
    assert fixed == article(after)
    assert lint(fixed, select=("FM3",)) == []


def test_fix_is_verified_by_the_fixer_and_converges():
    text = article("date: 'August 14, 2020'\nlength: '1:02:03'\nlastmod: 14/08/2020\n")
    settings = Settings(tuple(catalog.select(("FM",))))
    outcome = fix_bytes(text.encode(), "doc.md", settings, unsafe=True)
    assert outcome.failed == [] and outcome.remaining == []
    assert outcome.fixed.decode() == article("date: '2020-08-14'\nlength: 'PT1H2M3S'\nlastmod: 2020-08-14\n")
    assert fix_bytes(text.encode(), "doc.md", settings, unsafe=False).fixed == text.encode()


def test_toml_string_date_is_fixed_in_its_quotes():
    text = '+++\ntitle = "T"\ndate = "14/08/2020"\n+++\n'
    [found] = lint(text, select=("FM3",))
    assert (found.code, found.line, found.column) == ("FM302", 3, 8)
    assert apply_fix(text, found.fix) == '+++\ntitle = "T"\ndate = "2020-08-14"\n+++\n'


def test_no_fix_where_the_iso_form_is_not_determined():
    for front_matter in ("date: 04/08/2020\n", "date: 2020-08-14 22:48\n", "publishedDateTime: 14/08/2020\n",
                         'length: "18:34"\n'):
        [found] = lint(article(front_matter), select=("FM3",))
        assert found.fix is None, front_matter


# --- FM205 (schema-formatted values): the same reasons and fixes, and FM3xx stays silent -------------

PUBLISHED = "publishedDateTime: 2023-09-12T07:15:00Z"


@pytest.mark.parametrize("value, message, fixed", [
    pytest.param("2023-09-12 07:15:00 +0000", 'publishedDateTime: "2023-09-12 07:15:00 +0000" is not a valid date-time '
                 "(a date and time with a space instead of 'T', the offset '+0000' instead of '+00:00' and a space "
                 "before the time zone; write 2023-09-12T07:15:00+00:00)", "2023-09-12T07:15:00+00:00", id="jekyll"),
    pytest.param("Sep 12, 2023 7:15 AM UTC", 'publishedDateTime: "Sep 12, 2023 7:15 AM UTC" is not a valid date-time '
                 "(a 'Month D, YYYY' date and time; write 2023-09-12T07:15:00Z)", "2023-09-12T07:15:00Z", id="named"),
    pytest.param("12/09/2023", 'publishedDateTime: "12/09/2023" is not a valid date-time (an ambiguous D/M/YYYY or '
                 "M/D/YYYY date; write 2023-09-12 or 2023-12-09, whichever is meant)", None, id="ambiguous"),
    pytest.param("14/09/2023", 'publishedDateTime: "14/09/2023" is not a valid date-time (a D/M/YYYY date; in ISO form '
                 "2023-09-14, but a date-time also needs a time and a time zone, e.g. 2023-09-14T00:00:00Z)", None,
                 id="date-only"),
    pytest.param("2023-09-12T07:15:00", 'publishedDateTime: "2023-09-12T07:15:00" is not a valid date-time (missing '
                 "time zone (add Z for UTC, or an offset such as +02:00))", None, id="missing-zone-unchanged"),
])
def test_schema_date_failures_name_the_form_once(seed_text, value, message, fixed):
    text = seed_text.replace(PUBLISHED, f"publishedDateTime: {value}", 1)
    [found] = lint(text, schema="article")
    assert (found.code, found.line, found.column, found.message) == ("FM205", 5, 20, message)
    if fixed is None:
        assert found.fix is None
    else:
        assert found.fix.applicability == "unsafe"
        repaired = apply_fix(text, found.fix)
        assert repaired == seed_text.replace(PUBLISHED, f"publishedDateTime: {fixed}", 1)
        assert lint(repaired, schema="article") == []
    # Without the schema rules, the date rule reports the same value instead (never both).
    assert [d.code for d in lint(text, schema="article", select=("FM3",))] == ["FM302" if "/" in value or
                                                                                " " in value else "FM301"]


def test_schema_date_format_fix_on_a_date_field(tmp_path):
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"day": {"type": "string", "format": "date"},
                                                                   "took": {"type": "string", "format": "duration"}}}))
    text = article('day: 2020-08-14T22:48:00Z\ntook: "1:02:03"\n')
    found = lint(text, schema=str(schema))
    assert [(d.code, d.line, d.column, d.message) for d in found] == [
        ("FM205", 2, 6, 'day: "2020-08-14T22:48:00Z" is not a valid date (a date and time; a date has no time: '
                        "write 2020-08-14)"),
        ("FM205", 3, 7, 'took: "1:02:03" is not a valid duration (a clock time H:MM:SS; write PT1H2M3S)')]
    repaired = apply_fix(apply_fix(text, found[1].fix), found[0].fix)
    assert repaired == article('day: 2020-08-14\ntook: "PT1H2M3S"\n')
    assert lint(repaired, schema=str(schema)) == []


# --- file names, through the CLI on real files ------------------------------------------------------------

@pytest.fixture
def posts(tmp_path):
    folder = tmp_path / "_posts"
    folder.mkdir()
    files = {
        "2020-08-14-three-days-late.md": "title: A\ndate: 2020-08-17T09:00:00Z\n",
        "2020-08-15-one-day-slack.md": "title: B\ndate: 2020-08-14T23:30:00Z\n",
        "2020-08-14-published.md": "title: C\npublishedDateTime: 2020-08-10T09:00:00Z\nupdatedDateTime: 2020-08-09T09:00:00Z\n",
        "2020-08-14-jekyll-form.md": "title: D\ndate: 2020-08-20 10:00:00 +0200\n",
        "2020-02-30-not-a-date.md": "title: E\ndate: 2020-08-14\n",
        "notes.md": "title: F\ndate: 2020-08-14\n",
    }
    for name, front_matter in files.items():
        (folder / name).write_text(article(front_matter))
    return tmp_path


def test_cli_reports_file_name_dates_on_real_files(posts):
    code, records = run_json("--select", "FM3", "_posts", cwd=posts)
    assert code == (1 if any(r["severity"] == "error" for r in records) else 0)
    assert run_json("--select", "FM3", "--strict", "_posts", cwd=posts)[0] == 1
    assert [(Path(r["path"]).name, r["line"], r["column"], r["code"], r["severity"], r["message"]) for r in records] == [
        ("2020-08-14-jekyll-form.md", 3, 7, "FM302", "warning",
         'date: "2020-08-20 10:00:00 +0200" is not in ISO 8601 form: a date and time with a space instead of \'T\', '
         "the offset '+0200' instead of '+02:00' and a space before the time zone; write 2020-08-20T10:00:00+02:00"),
        ("2020-08-14-jekyll-form.md", 3, 7, "FM303", "warning",
         "date is 2020-08-20, 6 days after the date in the file name (2020-08-14)"),
        ("2020-08-14-published.md", 3, 20, "FM303", "warning",
         "publishedDateTime is 2020-08-10, 4 days before the date in the file name (2020-08-14)"),
        ("2020-08-14-published.md", 4, 18, "FM304", "warning",
         "updatedDateTime (2020-08-09T09:00:00Z) is before publishedDateTime (2020-08-10T09:00:00Z)"),
        ("2020-08-14-three-days-late.md", 3, 7, "FM303", "warning",
         "date is 2020-08-17, 3 days after the date in the file name (2020-08-14)"),
    ]


def test_cli_fix_rewrites_the_date_and_keeps_the_rest(posts):
    target = posts / "_posts" / "2020-08-14-jekyll-form.md"
    code, _, _ = run_cli("fix", "--unsafe-fixes", "--select", "FM3", str(target))
    assert target.read_text() == article("title: D\ndate: 2020-08-20T10:00:00+02:00\n")
    code, records = run_json("--select", "FM3", str(target))
    assert [r["code"] for r in records] == ["FM303"]  # the file-name disagreement is not the fix's to settle


def test_config_options_reach_the_rules(tmp_path):
    (tmp_path / ".fmlint.toml").write_text('date-keys = ["released"]\ndate-floor = "1950-01-01"\nfuture-days = 0\n'
                                           'duration-keys = ["runtime"]\n')
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    (tmp_path / "a.md").write_text(article(f"released: 14/08/2020\nbirthDate: 1975-03-02\ndate: {tomorrow}\n"
                                       "runtime: 1:02:03\n"))
    code, records = run_json("--select", "FM3", "a.md", cwd=tmp_path)
    assert [(r["line"], r["code"]) for r in records] == [(2, "FM302"), (4, "FM305"), (5, "FM306")]


def test_reading_is_explicit_about_what_it_cannot_decide():
    assert datetext.read("2020-08-14T22:48:00Z") is None
    assert datetext.read("04/04/2020").date == dt.date(2020, 4, 4)  # both readings agree
    assert datetext.read("Thu, 14 Aug 2020").problem == "August 14, 2020 is a Friday, not a Thursday"
    assert datetext.moment("2020-08-14T22:48:00-02:00").instant == dt.datetime(2020, 8, 15, 0, 48, tzinfo=dt.timezone.utc)
    assert datetext.moment("04/08/2020") is None


# --- the real corpus --------------------------------------------------------------------------------------

@needs_shared(CORPUS)
def test_real_corpus_has_no_date_or_url_findings():
    code, records = run_json("--no-cache", "--select", "FM3,FM5", str(CORPUS))
    assert (code, records) == (0, [])
    code, records = run_json("--no-cache", "--select", "FM3,FM5", "--schema", "article", str(NEWS))
    assert (code, records) == (0, [])


@needs_shared(NEWS)
def test_real_file_names_need_the_one_day_slack():
    """Every real news file name is the front-matter date or one day after it (a local date vs UTC)."""
    offsets = {}
    for path in sorted(NEWS.glob("*.md")):
        value = next(line.split(":", 1)[1].strip() for line in path.read_text("utf-8").splitlines()
                     if line.startswith("publishedDateTime:"))
        offsets[path.name] = (datetext.moment(value).date - datetext.moment(path.name[:10]).date).days
    assert set(offsets.values()) == {0, -1}
    assert sum(offset == -1 for offset in offsets.values()) >= 10  # without the slack these would all be reported


@needs_shared(NEWS)
@pytest.mark.parametrize("mutate, codes", [
    pytest.param(lambda value: value, [], id="unchanged"),
    pytest.param(lambda value: (datetext.moment(value).instant + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                 ["FM303"], id="five-days-later"),
    pytest.param(lambda value: value.replace("T", " ").replace("Z", " +0000"), ["FM302"], id="jekyll-form"),
])
def test_mutated_real_article_is_reported(tmp_path, mutate, codes):
    source = sorted(NEWS.glob("*.md"))[0]
    text = source.read_text("utf-8")
    line = next(line for line in text.splitlines() if line.startswith("publishedDateTime:"))
    value = line.split(": ", 1)[1]
    (tmp_path / source.name).write_text(text.replace(line, f"publishedDateTime: {mutate(value)}", 1))
    _, records = run_json("--select", "FM3", str(tmp_path / source.name))
    assert [r["code"] for r in records] == codes


def test_fm205_fixes_pass_the_fixers_verification(seed_text):
    from fmlint.schema.loading import resolve_reference

    broken = seed_text.replace(PUBLISHED, "publishedDateTime: 2023-09-12 07:15:00 +0000", 1).replace(
        'webUrl: "https://www', 'webUrl: "https//www', 1)
    settings = Settings(tuple(catalog.select(("FM",))), resolve_reference("article", None))
    outcome = fix_bytes(broken.encode(), "doc.md", settings, unsafe=True)
    assert ([d.code for d in outcome.applied], outcome.failed, outcome.remaining) == (["FM205", "FM205"], [], [])
    assert outcome.fixed.decode() == seed_text.replace(PUBLISHED, "publishedDateTime: 2023-09-12T07:15:00+00:00", 1)
