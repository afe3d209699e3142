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
        pytest.param("a: 1  # fmlint: disable=FM999\n", [], id="unknown-code-is-not-enabled"),
    ],
)
def test_suppressions(front_matter, expected):
    assert found(f"---\n{front_matter}---\n") == expected


def test_disabled_rules_do_not_make_a_suppression_unused():
    assert found("---\na: 1  # fmlint: disable=FM105\n---\n", ignore=("FM105",)) == []
    assert found("---\na: 1  # fmlint: disable=FM105\n---\n", ignore=("FM008",)) == []


def test_suppression_through_the_cli(tmp_path):
    (tmp_path / "a.md").write_text("---\npublished: yes  # fmlint: disable=FM105\nother: on\n---\n")
    code, records = run_json("a.md", cwd=tmp_path)
    assert code == 1 and [(r["code"], r["line"]) for r in records] == [("FM105", 3)]
