"""``# fmlint: disable=`` comments, and the report of ones that silence nothing (FM008)."""

from __future__ import annotations

import pytest
from conftest import found, run_json


@pytest.mark.parametrize(
    "front_matter, expected",
    [
        pytest.param("published: yes  # fmlint: disable=FM105\n", [], id="line"),
        pytest.param("published: yes  # fmlint: disable=FM1\n", [], id="prefix"),
        pytest.param("published: yes  # fmlint: disable=fm105, FM202\n", [], id="list-and-case"),
        pytest.param("# fmlint: disable-file=FM1\na: yes\nb: no\n", [], id="file"),
        pytest.param("a: yes  # fmlint: disable=FM105\nb: no\n", [("FM105", 3, 4)], id="only-its-own-line"),
        pytest.param("a: 1  # fmlint: disable=FM105\n", [("FM008", 2, 7)], id="unused"),
        pytest.param("# fmlint: disable-file=FM105\na: 1\n", [("FM008", 2, 1)], id="unused-file"),
        pytest.param('a: "text # fmlint: disable=FM105"\nb: yes\n', [("FM105", 3, 4)], id="inside-a-string-is-text"),
        pytest.param("a: 1  # fmlint: disable=FM999\n", [("FM008", 2, 7)], id="unknown-code"),
        pytest.param("a: yes  # fmlint: disable=FM105,FM1O5\n", [("FM008", 2, 9)], id="unknown-code-beside-a-used-one"),
        pytest.param("a: yes  # fmlint: disable=ALL\n", [], id="all"),
    ],
)
def test_suppressions(front_matter, expected):
    assert found(f"---\n{front_matter}---\n") == expected


def test_an_unknown_code_in_a_suppression_is_named_with_a_suggestion(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\npublished: yes  # fmlint: disable=FM1O5\ntitle: x  # fmlint: disable-file=XYZ\n---\n")
    code, records = run_json("a.md", cwd=tmp_path)
    assert code == 0  # FM105 and FM008 are warnings
    assert [(r["code"], r["line"], r["message"]) for r in records] == [
        ("FM105", 2, records[0]["message"]),  # the typo silenced nothing
        ("FM008", 2, "suppression 'disable=FM1O5': unknown rule code \"FM1O5\" (did you mean FM105?)"),
        ("FM008", 3, "suppression 'disable-file=XYZ': unknown rule code \"XYZ\" (see `fmlint rules`)"),
    ]
    assert run_json("--ignore", "FM008", "a.md", cwd=tmp_path)[1][0]["code"] == "FM105"


def test_disabled_rules_do_not_make_a_suppression_unused():
    assert found("---\na: 1  # fmlint: disable=FM105\n---\n", ignore=("FM105",)) == []
    assert found("---\na: 1  # fmlint: disable=FM105\n---\n", ignore=("FM008",)) == []


def test_suppression_through_the_cli(tmp_path):
    (tmp_path / "a.md").write_text("---\npublished: yes  # fmlint: disable=FM105\nother: on\n---\n")
    code, records = run_json("a.md", cwd=tmp_path)
    assert code == 0 and [(r["code"], r["line"]) for r in records] == [("FM105", 3)]  # a warning
