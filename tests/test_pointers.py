"""Every diagnostic in the front matter names its field (issue 12).

Text rules (FM6xx) and FM105 find problems by offset; the engine names the key or scalar
the problem's span lies in, so the JSON output's ``pointer`` (and the baselines keyed on
it) says which field it is.  A problem in the Markdown body, or in a comment, has none.
"""

from __future__ import annotations

from conftest import run_json


def pointers(tmp_path, name: str, text: str, *args: str):
    (tmp_path / name).write_text(text, encoding="utf-8")
    _, records = run_json("--no-cache", *args, name, cwd=tmp_path)
    return [(r["line"], r["code"], r["pointer"]) for r in records]


def test_text_rules_and_yaml11_values_name_their_field(tmp_path):
    text = '---\ntitle: "Microsoftâ€™s new thing"\nsummary: It isnt here\npublished: yes\n---\nBody.\n'
    assert pointers(tmp_path, "a.md", text) == [
        (2, "FM603", "/title"), (3, "FM610", "/summary"), (4, "FM105", "/published")]


def test_nested_values_sequence_items_and_keys(tmp_path):
    text = ("---\non: x\nnested:\n  list:\n    - plain\n    - It isnt\n  yes: 2\n"
            "  alias: &a \"Microsoftâ€™s\"\n  again: *a\n---\n")
    assert pointers(tmp_path, "a.md", text, "--ignore", "FM104") == [
        (2, "FM105", "/on"),  # a key: the pointer of its entry
        (6, "FM610", "/nested/list/1"),
        (7, "FM105", "/nested/yes"),
        (8, "FM603", "/nested/alias"),  # the anchored value, where it is written, not its alias
    ]


def test_the_body_and_comments_have_no_pointer(tmp_path):
    (tmp_path / "body.toml").write_text("check-body = true\n")
    text = "---\ntitle: x  # fmlint: disable=FM105\n---\nThe Microsoftâ€™s body.\n"
    assert pointers(tmp_path, "a.md", text, "--config", "body.toml") == [(2, "FM008", None), (4, "FM603", None)]


def test_toml_and_json_front_matter(tmp_path):
    toml = '+++\ntitle = "Microsoftâ€™s"\n[params]\nsummary = "It isnt here"\n+++\n'
    assert pointers(tmp_path, "t.md", toml) == [(2, "FM603", "/title"), (4, "FM610", "/params/summary")]
    json_text = '---\n{"title": "It isnt", "n": {"k": "Microsoftâ€™s"}}\n---\n'
    assert pointers(tmp_path, "j.md", json_text) == [(2, "FM610", "/title"), (2, "FM603", "/n/k")]


def test_a_rule_that_names_its_pointer_keeps_it(tmp_path):
    (tmp_path / "s.json").write_text('{"type": "object", "properties": {"title": {"type": "string"}}, '
                                     '"additionalProperties": false}')
    found = pointers(tmp_path, "a.md", "---\ntitle: It isnt\ntittle: x\n---\n", "--schema", "s.json")
    assert found == [(2, "FM610", "/title"), (3, "FM203", "/tittle")]
