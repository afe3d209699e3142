"""``running.infer``: a schema per collection from the front matter already written (issue 12).

The pure functions first (views in, schema and notes out), each schema also checked against
the very files it came from with jsonschema-rs; then ``fmlint init`` on a copy of the shared
Smartable corpus, against the built-in ``article`` schema, defect by defect.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import tomllib

import jsonschema_rs
import pytest
from conftest import CORPUS, needs_shared, run_cli, run_json

from fmlint.running.infer import Shape, infer_schema, plan, schema_bytes, summary


def views_in(folder: str, rows: list[dict]) -> list[tuple[str, dict]]:
    return [(f"{folder}/{number:03}.md" if folder else f"{number:03}.md", row) for number, row in enumerate(rows)]


def merged(rows: list[dict]) -> Shape:
    shape = Shape()
    for path, row in views_in("posts", rows):
        shape.add(row, path)
    return shape


def inferred(rows: list[dict], required: int = 100):
    """The schema and notes of one folder of ``rows``, after checking it accepts every row."""
    schema, notes = infer_schema(merged(rows), "posts/", required)
    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    if required == 100:
        assert all(validator.is_valid(row) for row in rows)
    return schema, [text for _, text in notes], validator


def post(number: int, **extra) -> dict:
    day = f"2024-03-{number % 28 + 1:02}"
    return {"title": f"Post {number}", "date": f"{day}T{number % 24:02}:00:00Z", "day": day,
            "link": f"https://example.org/{number}", "mail": f"a{number}@example.org", "weight": number, **extra}


def test_types_formats_required_and_a_closed_top_level():
    rows = [post(n, score=n / 2 if n % 2 else n, draft=bool(n % 3), author={"name": f"A{n}", "x": n})
            for n in range(12)]
    schema, _, validator = inferred(rows)
    props = schema["properties"]
    assert props["date"] == {"type": "string", "format": "date-time"}
    assert props["day"] == {"type": "string", "format": "date"}
    assert props["link"] == {"type": "string", "format": "uri"}
    assert props["mail"] == {"type": "string", "format": "email"}
    assert props["title"] == {"type": "string"}
    assert props["weight"] == {"type": "integer"} and props["score"] == {"type": "number"}
    assert props["draft"] == {"type": "boolean"}
    assert schema["required"] == sorted(props) and schema["additionalProperties"] is False
    assert "additionalProperties" not in props["author"]  # nested objects stay open: keys there may be data
    assert props["author"]["required"] == ["name", "x"]
    assert not validator.is_valid({**rows[0], "tittle": "x"})  # a typo key
    assert not validator.is_valid({**rows[0], "weight": "3"})  # a wrong type
    assert not validator.is_valid({key: value for key, value in rows[0].items() if key != "title"})  # missing
    assert not validator.is_valid({**rows[0], "date": "2024-02-30T10:00:00Z"})  # an impossible date-time
    assert not validator.is_valid({**rows[0], "link": "www.example.org/1"})  # not a URI
    assert validator.is_valid({**rows[0], "author": {"name": "B", "x": 1, "more": True}})


def test_a_format_only_where_every_value_has_it_and_a_near_miss_is_noted():
    rows = [post(n) for n in range(30)]
    rows[7]["date"] = "March 8, 2024"
    schema, notes, _ = inferred(rows)
    assert schema["properties"]["date"] == {"type": "string"}
    assert any(note.startswith("`date`: 29 of 30 distinct values are date-time, but not 'March 8, 2024' "
                               "(posts/007.md)") for note in notes)


@pytest.mark.parametrize(("count", "distinct", "enum"), [(10, 2, True), (9, 2, False), (40, 8, True), (40, 9, False)])
def test_an_enum_for_a_small_set_seen_often(count, distinct, enum):
    rows = [post(n, kind=f"k{n % distinct}") for n in range(count)]
    schema, notes, validator = inferred(rows)
    kind = schema["properties"]["kind"]
    assert ("enum" in kind) is enum
    if enum:
        assert kind["enum"] == sorted({f"k{n % distinct}" for n in range(count)})
        assert not validator.is_valid({**rows[0], "kind": "other"})
        assert ("enum", f"`kind` ({distinct})") in infer_schema(merged(rows), "posts/")[1]
    assert "enum" not in schema["properties"]["weight"]  # numbers and booleans get no enum


def test_mixed_types_rare_keys_and_nearly_required_keys_are_noted():
    rows = [post(n, tags=["a", "b"]) for n in range(60)]
    rows[3]["tags"] = "a"
    rows[5]["tittle"] = "typo"
    del rows[9]["mail"]
    schema, notes, validator = inferred(rows)
    assert schema["properties"]["tags"]["type"] == ["array", "string"]
    assert "`tags`: mixed types: array 59 (posts/000.md), string 1 (posts/003.md)" in notes
    assert "`tittle`: in only 1 of 60 files (posts/005.md); a typo of `title`?" in notes
    assert "`mail`: in 59 of 60 files, not in posts/009.md: not required" in notes
    assert "mail" not in schema["required"] and "title" in schema["required"]
    strict, _, strict_validator = inferred(rows, required=98)
    assert "mail" in strict["required"] and not strict_validator.is_valid(rows[9])


def test_arrays_of_objects_merge_their_shapes():
    rows = [post(n, images=[{"url": f"https://example.org/{n}.png", "width": n + 1},
                            {"url": f"/local/{n}.png", "width": n + 2, "alt": "x"}]) for n in range(12)]
    schema, _, validator = inferred(rows)
    items = schema["properties"]["images"]["items"]
    assert items["properties"]["url"] == {"type": "string"}  # a site path is not a URI: no format
    assert items["properties"]["width"] == {"type": "integer"}
    assert items["required"] == ["url", "width"] and "alt" in items["properties"]
    assert not validator.is_valid({**rows[0], "images": [{"url": "x", "width": "10px"}]})


def test_folders_with_few_files_or_no_shared_key_are_no_collection_and_names_are_unique():
    views = (views_in("_posts", [post(n) for n in range(5)]) + views_in("posts", [post(n) for n in range(5)])
             + views_in("odd", [{f"k{n}": n} for n in range(6)]) + views_in("few", [post(n) for n in range(4)])
             + views_in("", [post(n) for n in range(5)]) + views_in("a[1]", [post(n) for n in range(5)])
             + views_in("bad\udcff", [post(n) for n in range(5)]))
    found, skipped = plan(views, min_files=5)
    assert [(each.folder, each.name, each.glob, each.files) for each in found] == [
        ("", "root", "*", 5), ("_posts", "posts", "_posts/*", 5), ("posts", "posts-2", "posts/*", 5)]
    odd_name = "its name holds a glob character, a control character or bytes that are not UTF-8: no collection"
    assert skipped == [f"a[1]/: {odd_name}", f"bad\udcff/: {odd_name}", "few/: 4 files, fewer than 5: no schema",
                       "odd/: its 6 files share no key: no schema"]


def test_keys_and_values_from_the_repository_are_escaped_in_the_output_and_the_files():
    rows = [post(n, kind="\x1b]52;c;x\x07") for n in range(30)]
    rows[0]["evil\x1b[2J\n::error file=x::"] = 1  # in 1 file of 30: a rare key, named in the output
    found, _ = plan(views_in("posts", rows))
    text = summary(found, [], 30, 0, None)
    assert "\n::error" not in text and "\x1b" not in text and "`evil\\x1b[2J\\n::error file=x::`: in only 1" in text
    data = schema_bytes(found[0].schema)
    assert json.loads(data)["properties"]["kind"]["enum"] == ["\x1b]52;c;x\x07"]  # JSON escapes it: \\u001b


def test_the_same_content_in_any_order_gives_the_same_bytes():
    rows = [post(n, tags=["x", f"t{n % 3}"], extra={"b": n, "a": [n]}) for n in range(25)]
    views = views_in("posts", rows)
    first = [schema_bytes(each.schema) for each in plan(views)[0]]
    shuffled = views[:]
    random.Random(12).shuffle(shuffled)
    assert [schema_bytes(each.schema) for each in plan(shuffled)[0]] == first
    assert b'"additionalProperties": false' in first[0] and first[0].endswith(b"}\n")


PRESET = {"properties": {"date": {"$ref": "#/$defs/date", "description": "d"}, "title": {"type": "string"}},
          "$defs": {"date": {"anyOf": [{"type": "string", "format": "date-time"},
                                       {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$"}]}}}


@pytest.mark.parametrize(("dates", "borrowed"), [(["2024-03-05 10:00", "2024-03-06T10:00:00Z"], True),
                                                 (["2024-03-05 10:00", "5 March"], False)])
def test_a_key_the_preset_reads_as_a_date_keeps_the_presets_forms_when_they_fit(dates, borrowed):
    rows = [{"title": f"t{n}", "date": dates[n % 2]} for n in range(6)]
    schema, notes = infer_schema(merged(rows), "posts/", preset=PRESET)
    expected = {**PRESET["$defs"]["date"], "description": "d"} if borrowed else {"type": "string"}
    assert schema["properties"]["date"] == expected and schema["properties"]["title"] == {"type": "string"}
    assert (("preset", "`date`") in notes) is borrowed
    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    assert all(validator.is_valid(row) for row in rows)


def test_random_front_matter_is_always_accepted_by_its_own_schema():
    """Whatever the values, the inferred schema (required: every file) accepts every file it came from."""
    chooser = random.Random(2024)
    pool = [None, True, 3, 2.5, "2024-01-02", "2024-01-02T03:04:05Z", "https://x.org", "a@b.org", "text", "x y",
            [], ["a"], [{"u": 1}], {"k": "v"}, {"k": 1, "j": [1, "a"]}]
    for _ in range(40):
        rows = [{f"key{chooser.randrange(6)}": chooser.choice(pool) for _ in range(chooser.randrange(1, 6))}
                for _ in range(chooser.randrange(1, 30))]
        inferred(rows)


# ``fmlint init`` on a copy of the Smartable corpus: the inferred schema accepts every file, and
# rejects each defect the built-in article schema rejects.

DEFECTS = {
    "typo key": [(r"^title:", "tittle:"), (r"^excerpt:", "excrept:"), (r"^heat:", "haet:"), (r"^quality:", "qualty:"),
                 (r"^published:", "publshed:"), (r"^webUrl:", "weburl:")],  # webUrl: optional in both (*)
    "wrong type": [(r"^quality: (\d+)$", r'quality: "\1"'), (r"^heat: (\d+)$", "heat: high"),
                   (r"^published: true$", 'published: "true"'), (r"^title: .*$", "title: 12"),
                   (r"^topics:\n(  - .*\n)+", "topics: Power Apps\n")],
    "missing required": [(r"^title: .*\n", ""), (r"^excerpt: .*\n", ""), (r"^category: .*\n", ""),
                         (r"^type: .*\n", ""), (r"^publishedDateTime: .*\n", "")],
    "bad date-time": [(r"^publishedDateTime: .*$", f"publishedDateTime: {value}") for value in
                      ("2020-13-01T10:00:00Z", "2020-02-30T10:00:00Z", '"August 14, 2020"', "2020-09-22T25:00:00Z",
                       '"2020-09-22T10:00:00"')],
    "non-URI url": [(r"^originalUrl: .*$", f"originalUrl: {value}") for value in
                    ('"www.example.com/page"', '"not a url"', '"/relative/path"', "example.com",
                     '"http//example.com"')],
}


# (*) The article schema lets ``weburl`` pass when ``originalUrl`` is there: FM203 leaves a typo of a
# field that is required (here: one of an ``anyOf``) to FM201, which has nothing to say when the
# ``anyOf`` holds.  The inferred schema, where ``webUrl`` is optional, reports it.


@needs_shared(CORPUS)
def test_init_on_the_smartable_corpus_accepts_every_file_and_rejects_what_article_rejects(tmp_path):
    site = tmp_path / "smartable"
    shutil.copytree(CORPUS, site)
    for path in [site, *site.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # the shared copy is read-only
    code, _, err = run_cli("init", cwd=site)
    assert code == 0, err
    config = tomllib.loads((site / ".fmlint.toml").read_text("utf-8"))
    news = next(each for each in config["collections"] if each["include"] == ["_news/*"])
    assert run_json("--no-cache", "--select", "FM2", ".", cwd=site) == (0, [])
    assert run_json("--no-cache", "--select", "FM2", "--schema", "article", "_news", cwd=site) == (0, [])
    base = next(path for path in sorted((site / "_news").glob("*.md")) if "\nwebUrl:" in path.read_text("utf-8"))
    text, made = base.read_text("utf-8"), {}
    for kind, edits in DEFECTS.items():
        for number, (pattern, replacement) in enumerate(edits):
            changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
            assert changed != text, (kind, pattern)
            name = f"zz-defect-{kind.replace(' ', '-')}-{number}.md"
            (site / "_news" / name).write_text(changed, encoding="utf-8")
            made[f"_news/{name}"] = kind
    rejected = {}
    for schema in ((), ("--schema", "article")):
        _, records = run_json("--no-cache", "--select", "FM2", *schema, "_news", cwd=site)
        rejected[schema] = {record["path"] for record in records}
    by_article, by_inferred = rejected[("--schema", "article")], rejected[()]
    assert by_article <= set(made) and by_inferred <= set(made)  # the corpus's own files stay clean
    assert sorted(by_article - by_inferred) == []
    for kind in DEFECTS:
        of_kind = {path for path, each in made.items() if each == kind}
        assert len(of_kind & by_article) >= len(of_kind) - 1, kind  # the comparison is not vacuous
    assert (site / news["schema"]).is_file()
