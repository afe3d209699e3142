"""Schema validation: readable messages at the right place (FM2xx)."""

from __future__ import annotations

import json

import pytest
from conftest import found, lint


def edit(article: str, old: str, new: str) -> str:
    assert old in article, old
    return article.replace(old, new, 1)


def test_the_valid_article_passes(seed_text):
    assert lint(seed_text, schema="article") == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        pytest.param('title: "Harbourline ships an open-source tide model for port operators"\n', "",
                     [("FM201", 1, 1, 'missing required field "title"')], id="missing-top-level-at-fence"),
        pytest.param("  domain: portwire.example\n", "",
                     [("FM201", 14, 1, 'missing required field "provider.domain"')], id="missing-nested-at-parent-key"),
        pytest.param("    quality: 61\n", '    quality: "61px"\n',
                     [("FM202", 41, 14, 'related[0].quality: "61px" is not an integer')], id="wrong-type-at-value"),
        pytest.param("type: article\n", "type: article\ntittle: x\n",
                     [("FM203", 10, 1, 'unknown field "tittle" (did you mean "title"?)')], id="unknown-at-key"),
        pytest.param("publishedDateTime: 2023-09-12T07:15:00Z", "publishedDateTime: 2023-09-12T07:15:00",
                     [("FM205", 5, 20, 'publishedDateTime: "2023-09-12T07:15:00" is not a valid date-time '
                                       "(missing time zone (add Z for UTC, or an offset such as +02:00))")],
                     id="date-time-without-zone"),
        pytest.param("publishedDateTime: 2023-09-12T07:15:00Z", "publishedDateTime: 2023-02-30T07:15:00Z",
                     [("FM205", 5, 20, 'publishedDateTime: "2023-02-30T07:15:00Z" is not a valid date-time '
                                       "(day 30 does not exist in February 2023)")], id="impossible-day"),
        pytest.param('title: "Harbourline ships an open-source tide model for port operators"', 'title: ""',
                     [("FM206", 3, 8, "title: must not be empty")], id="empty-title"),
        pytest.param("    width: 1200\n", "    width: 0\n",
                     [("FM206", 28, 12, "images[0].width: 0 is less than the minimum of 1")], id="zero-width"),
        pytest.param('webUrl: "https://www.portwire.example/2023/09/12/harbourline-tide-model/"\n', "",
                     [("FM201", 1, 1, 'missing required field: one of "originalUrl", "webUrl"')], id="any-of-required"),
        pytest.param("quality: 88", "quality: 1.5", [("FM202", 10, 10, "quality: 1.5 is not an integer")],
                     id="float-not-integer"),
        pytest.param('    webUrl: "https://news.coastal.example/ports-water-depth"\n', "",
                     [("FM201", 33, 5, 'missing required field "related[0].webUrl"')], id="missing-in-list-item"),
        pytest.param('webUrl: "https://www', 'webUrl: "htt ps://www',
                     [("FM205", 6, 9, 'webUrl: "htt ps://www.portwire.example/2023/09/12/harbourline-tide-… is '
                                      "not a valid uri (not an absolute URI (it has no scheme such as https:))")],
                     id="bad-uri"),
        pytest.param("published: true", "published: yes",
                     [("FM105", 12, 12, None)],  # one problem: FM202 stays silent where FM105 reports (issue 17)
                     id="yaml11-bool-is-a-string-in-1.2"),
        pytest.param("publishedDateTime: 2023-09-12T07:15:00Z", "publishedDateTime: 2023-09-12",
                     [("FM205", 5, 20, None)], id="timestamp-stays-text"),
    ],
)
def test_schema_problems(seed_text, old, new, expected):
    diagnostics = lint(edit(seed_text, old, new), schema="article", select=("FM0", "FM1", "FM2"))
    assert [(d.code, d.line, d.column) for d in diagnostics] == [e[:3] for e in expected]
    for diagnostic, (*_, message) in zip(diagnostics, expected):
        if message is not None:
            assert diagnostic.message == message


def test_enum_lists_allowed_values(tmp_path):
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"type": {"enum": ["article", "video"]}}}))
    [diagnostic] = lint("---\ntype: podcast\n---\n", schema=str(schema))
    assert diagnostic.code == "FM204"
    assert diagnostic.message == 'type: "podcast" is not one of "article", "video"'


def test_one_of_reports_the_best_branch_not_a_wall(tmp_path):
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({
        "type": "object",
        "properties": {"image": {"oneOf": [
            {"type": "string", "format": "uri"},
            {"type": "object", "required": ["url"], "properties": {"url": {"type": "string"}, "width": {"type": "integer"}}},
        ]}},
    }))
    diagnostics = lint("---\nimage:\n  url: x\n  width: wide\n---\n", schema=str(schema), select=("FM2",))
    assert [(d.code, d.line, d.column, d.message) for d in diagnostics] == [
        ("FM202", 4, 10, 'image.width: "wide" is not an integer')]


def test_never_the_same_problem_twice(tmp_path):
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "object", "required": ["title"],
                                  "allOf": [{"required": ["title"]}, {"required": ["title"]}]}))
    assert found("---\na: 1\n---\n", schema=str(schema)) == [("FM201", 1, 1)]


def test_draft07_schema_is_honoured(tmp_path):
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                                  "properties": {"count": {"type": "integer", "exclusiveMinimum": 0}}}))
    assert found("---\ncount: 0\n---\n", schema=str(schema)) == [("FM206", 2, 8)]


def test_local_ref_is_followed(tmp_path):
    (tmp_path / "common.json").write_text(json.dumps({"$defs": {"count": {"type": "integer"}}}))
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"count": {"$ref": "common.json#/$defs/count"}}}))
    assert found("---\ncount: many\n---\n", schema=str(schema)) == [("FM202", 2, 8)]


def test_plain_number_where_text_expected_says_to_quote(tmp_path):
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"version": {"type": "string"}}}))
    [diagnostic] = lint("---\nversion: 1.10\n---\n", schema=str(schema))
    assert "quote it" in diagnostic.message


def test_schema_key_in_the_file_selects_the_schema(tmp_path):
    (tmp_path / "s.json").write_text(json.dumps({"type": "object", "required": ["title"]}))
    assert found("---\n$schema: s.json\n---\n", path=str(tmp_path / "a.md")) == [("FM201", 1, 1)]
    assert found("---\n$schema: missing.json\n---\n", path=str(tmp_path / "a.md")) == [("FM200", 2, 10)]
    assert found("---\n$schema: https://example.com/s.json\n---\n", path=str(tmp_path / "a.md")) == [("FM200", 2, 10)]


def test_toml_front_matter_is_validated_with_positions(seed_text):
    text = '+++\ncategory = "news"\ntitle = "T"\nexcerpt = "E"\npublishedDateTime = 2023-09-12T07:15:00Z\n' \
           'webUrl = "https://a.example/x"\ntype = "article"\nquality = "high"\n[provider]\nname = "P"\n' \
           'domain = "p.example"\n+++\n'
    assert found(text, schema="article") == [("FM202", 8, 11)]
