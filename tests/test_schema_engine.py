"""The schema engine's verdicts are jsonschema-rs's; fmlint explains them (issue 10, section 2).

Each case is a real schema file and a real content file checked through the CLI.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import article, run_cli, run_json

from fmlint.rules import catalog, registry


def check(tmp_path, schema, front_matter: str, *extra: str, name: str = "post.md"):
    (tmp_path / "schema.json").write_text(json.dumps(schema), "utf-8")
    (tmp_path / name).write_text(article(front_matter), "utf-8")
    return run_json("--no-cache", "--schema", str(tmp_path / "schema.json"), *extra, str(tmp_path / name))


def codes(found) -> list[tuple[str, int, str]]:
    return [(d["code"], d["line"], d["message"]) for d in found]


def test_a_false_branch_in_any_of_is_no_crash(tmp_path):
    code, found = check(tmp_path, {"properties": {"v": {"anyOf": [False, {"type": "integer"}]}}}, "v: foo\n")
    assert code == 1
    assert codes(found) == [("FM202", 2, 'v: "foo" is not an integer')]


def test_an_ecma_262_pattern_is_used_not_refused(tmp_path):
    schema = {"required": ["title"], "properties": {"tag": {"pattern": "^\\p{L}+$"}}}
    code, found = check(tmp_path, schema, "tag: '12'\n")
    assert code == 1
    assert [d["code"] for d in found] == ["FM201", "FM206"]  # the other checks still ran
    code, found = check(tmp_path, schema, "title: x\ntag: Köln\n")
    assert (code, found) == (0, [])


def test_a_relative_ref_under_an_absolute_id_reads_the_file_beside_the_schema(tmp_path):
    (tmp_path / "image.json").write_text(json.dumps({"type": "object", "required": ["url"]}), "utf-8")
    schema = {"$id": "https://example.com/schemas/article.json", "properties": {"image": {"$ref": "image.json"}}}
    code, found = check(tmp_path, schema, "image: {width: 3}\n")
    assert code == 1
    assert codes(found) == [("FM201", 2, 'missing required field "image.url"')]


def test_an_absolute_ref_resolves_by_the_id_of_a_local_file(tmp_path):
    (tmp_path / "defs.json").write_text(json.dumps({"$id": "https://example.org/defs.json", "type": "integer"}))
    code, found = check(tmp_path, {"properties": {"num": {"$ref": "https://example.org/defs.json"}}}, "num: x\n")
    assert codes(found) == [("FM202", 2, 'num: "x" is not an integer')]


def test_a_ref_that_needs_the_network_is_refused_and_named(tmp_path):
    code, found = check(tmp_path, {"properties": {"num": {"$ref": "https://example.org/elsewhere.json"}}}, "num: 1\n")
    assert code == 1
    assert [d["code"] for d in found] == ["FM200"]
    assert "https://example.org/elsewhere.json" in found[0]["message"] and "remote" in found[0]["message"]


def test_a_ref_may_not_read_outside_the_schema_folder(tmp_path):
    (tmp_path / "secret.json").write_text(json.dumps({"type": "integer"}))
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "schema.json").write_text(json.dumps({"properties": {"num": {"$ref": "../secret.json"}}}))
    (tmp_path / "post.md").write_text(article("num: x\n"))
    code, found = run_json("--no-cache", "--schema", str(folder / "schema.json"), str(tmp_path / "post.md"))
    assert [d["code"] for d in found] == ["FM200"]


@pytest.mark.parametrize("schema, expected", [(True, []), (False, ["FM206"])], ids=["true", "false"])
def test_boolean_root_schemas_are_schemas(tmp_path, schema, expected):
    code, found = check(tmp_path, schema, "title: x\n")
    assert [d["code"] for d in found] == expected
    assert code == (1 if expected else 0)


FORMAT_CASES = [
    ("date", "2020-0৪-01", False),  # a Bengali digit is not an ASCII digit
    ("date-time", "2020-01-01T00:00:00Z\n", False),  # "$" before a final newline
    ("time", "23:58:60Z", False),  # a leap second only at 23:59:60 UTC
    ("duration", "PT0,5S", False),
    ("duration", "P1Y2W", False),
    ("hostname", "example.com\n", False),
    ("email", ".test@example.com", False),
    ("uri", "http://example.com:abc/path", False),
    ("uuid", "2eb8aa08aa984a2ebaa0ac3a5a7b8a4c", False),
    ("email", '"joe bloggs"@example.com', True),
    ("iri", "https://de.wikipedia.org/wiki/Köln", True),
    ("json-pointer", "/a~2b", False),
    ("relative-json-pointer", "-1/a", False),
    ("uri-template", "http://example.com/{term:1}/{term", False),
    ("idn-hostname", "ex ample.com", False),
    ("regex", "^\\p{L}+$", True),  # ECMA-262, not Python's dialect
    ("date-time", "2020-08-14T22:48:00Z", True),
]


@pytest.mark.parametrize("name, value, valid", FORMAT_CASES, ids=[f"{n}:{v!r}" for n, v, _ in FORMAT_CASES])
def test_format_verdicts_are_the_libraries(tmp_path, name, value, valid):
    code, found = check(tmp_path, {"properties": {"v": {"type": "string", "format": name}}},
                        f"v: {json.dumps(value, ensure_ascii=False)}\n")
    assert [d["code"] for d in found] == ([] if valid else ["FM205"])


def test_a_format_failure_is_explained_by_our_reason(tmp_path):
    code, found = check(tmp_path, {"properties": {"v": {"format": "date"}}}, "v: 2023-02-30\n")
    assert codes(found) == [("FM205", 2, 'v: "2023-02-30" is not a valid date (day 30 does not exist in February 2023)')]


def test_any_of_is_explained_by_the_branch_whose_type_the_value_has(tmp_path):
    schema = {"properties": {"toc": {"anyOf": [{"const": False},
                                               {"type": "object", "properties": {"min": {"maximum": 6}}}]}}}
    code, found = check(tmp_path, schema, "toc:\n  min: 7\n")
    assert codes(found) == [("FM206", 3, "toc.min: 7 is greater than the maximum of 6")]
    code, found = check(tmp_path, schema, "toc: yes\n", "--select", "FM2")
    assert codes(found) == [("FM202", 2, 'toc: "yes" is not a boolean or a mapping')]


def test_a_fix_never_drops_the_time_its_message_asks_to_keep(tmp_path):
    schema = {"properties": {"b": {"anyOf": [{"type": "string", "format": "date-time"},
                                             {"type": "string", "format": "date"}]}}}
    code, found = check(tmp_path, schema, "b: 2024-03-05 10:00:00\n")
    assert "write 2024-03-05T10:00:00 with its time zone" in found[0]["message"]
    code, out, _ = run_cli("fix", "--unsafe-fixes", "--schema", str(tmp_path / "schema.json"), str(tmp_path / "post.md"))
    assert (tmp_path / "post.md").read_text("utf-8") == article("b: 2024-03-05 10:00:00\n")


def test_a_date_under_any_of_date_time_and_date_is_still_fixed(tmp_path):
    schema = {"properties": {"b": {"anyOf": [{"type": "string", "format": "date-time"},
                                             {"type": "string", "format": "date"}]}}}
    check(tmp_path, schema, "b: 14/08/2020\n")
    run_cli("fix", "--unsafe-fixes", "--schema", str(tmp_path / "schema.json"), str(tmp_path / "post.md"))
    assert (tmp_path / "post.md").read_text("utf-8") == article("b: 2020-08-14\n")


def test_one_files_internal_error_is_reported_on_it_and_hides_no_other(tmp_path, monkeypatch):
    def broken(ctx):
        if "boom" in ctx.doc.path:
            raise IndexError("list index out of range")
        return ()

    monkeypatch.setitem(registry._RULES, "FM205", dataclasses.replace(catalog.get("FM205"), check=broken))
    (tmp_path / "schema.json").write_text(json.dumps({"required": ["title"]}))
    (tmp_path / "boom.md").write_text(article("x: 1\n"))
    (tmp_path / "fine.md").write_text(article("x: 1\n"))
    code, out, _ = run_cli("check", "--no-cache", "--format", "json", "--select", "FM201,FM205",
                           "--schema", str(tmp_path / "schema.json"), str(tmp_path))
    found = json.loads(out)
    assert code == 2
    assert sorted((d["path"].rsplit("/", 1)[-1], d["code"]) for d in found) == [
        ("boom.md", "FM009"), ("boom.md", "FM201"), ("fine.md", "FM201")]
    internal = next(d for d in found if d["code"] == "FM009")
    assert "rule FM205" in internal["message"] and "IndexError" in internal["message"]


def test_a_fix_that_fails_inside_fmlint_is_reported_and_writes_nothing(tmp_path, monkeypatch):
    from fmlint.fixing import loop as fixer

    def broken(data, path, *args, **kwargs):
        if "boom" in path:
            raise KeyError("lost")
        return real(data, path, *args, **kwargs)

    real = fixer.fix_bytes
    monkeypatch.setattr(fixer, "fix_bytes", broken)
    text = article("title: x &amp; y\n")
    (tmp_path / "boom.md").write_text(text)
    (tmp_path / "fine.md").write_text(text)
    code, out, _ = run_cli("fix", "--format", "json", str(tmp_path))
    assert code == 2
    assert (tmp_path / "boom.md").read_text() == text
    assert (tmp_path / "fine.md").read_text() == article("title: x & y\n")
    assert sorted((d["path"].rsplit("/", 1)[-1], d["code"]) for d in json.loads(out)) == [
        ("boom.md", "FM009"), ("boom.md", "FM607")]


@pytest.mark.parametrize("pattern, value", [("^\\S+$", "a\u3000b"), ("^.+$", "a\rb")], ids=["ecma-whitespace", "ecma-dot"])
def test_patterns_follow_ecma_262_where_python_differs(tmp_path, pattern, value):
    """U+3000 is whitespace and "." stops at a carriage return in ECMA-262 (jsonschema-rs >= 0.61)."""
    code, found = check(tmp_path, {"properties": {"v": {"type": "string", "pattern": pattern}}},
                        f"v: {json.dumps(value)}\n")
    assert [d["code"] for d in found] == ["FM206"]
