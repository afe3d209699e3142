"""FM208: a misspelt key under an open schema (Jekyll's accepts any key) is still caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED, needs_shared, run_cli, run_json

PAGE = """---
layout: post
title: Tide tables for the outer berths
{key}: Berth-level water depth, six hours ahead
tags: [ports]
---
Body text.
"""


def jekyll_site(root: Path, key: str) -> Path:
    (root / "_config.yml").write_text("title: Portwire\n", "utf-8")
    (root / "_posts").mkdir()
    page = root / "_posts" / "2024-03-05-tides.md"
    page.write_text(PAGE.format(key=key), "utf-8")
    return page


def codes(records) -> list[tuple[str, int, str]]:
    return [(r["code"], r["line"], r["pointer"]) for r in records]


def test_a_typo_under_an_open_schema_is_a_warning_with_an_unsafe_rename(tmp_path):
    page = jekyll_site(tmp_path, "descrption")
    code, records = run_json(str(tmp_path), "--no-cache", cwd=tmp_path)
    assert codes(records) == [("FM208", 4, "/descrption")] and code == 0  # a warning alone exits 0
    assert 'did you mean the field "description"' in records[0]["message"]
    code, _, _ = run_cli("fix", str(page), cwd=tmp_path)  # safe fixes only: the key stays
    assert "descrption:" in page.read_text("utf-8")
    code, _, _ = run_cli("fix", "--unsafe-fixes", str(page), cwd=tmp_path)
    assert page.read_text("utf-8") == PAGE.format(key="description")
    code, records = run_json(str(tmp_path), "--no-cache", cwd=tmp_path)
    assert records == [] and code == 0


@pytest.mark.parametrize("key, why", [
    ("descriptions", "a plural of a field"),
    ("Description", "a case-only difference"),
    ("summary_note", "no field one slip away"),
    ("tgs", "too short to guess"),
])
def test_keys_of_the_sites_own_are_left_alone(tmp_path, key, why):
    jekyll_site(tmp_path, key)
    code, records = run_json(str(tmp_path), "--no-cache", cwd=tmp_path)
    assert [r["code"] for r in records if r["code"] == "FM208"] == [], why


@pytest.mark.parametrize("key", ["descirption", "ddescription", "descripton", "dascription"])
def test_each_kind_of_slip_is_caught(tmp_path, key):
    jekyll_site(tmp_path, key)
    _, records = run_json(str(tmp_path), "--no-cache", cwd=tmp_path)
    assert codes(records) == [("FM208", 4, f"/{key}")]


def test_a_closed_schema_names_the_typo_once_as_fm203(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE.format(key="descrption").replace("layout: post\n", ""), "utf-8")
    schema = tmp_path / "closed.schema.json"
    schema.write_text('{"type": "object", "additionalProperties": false, "properties": {'
                      '"title": {}, "description": {}, "tags": {}}}', "utf-8")
    _, records = run_json(str(page), "--schema", str(schema), "--no-cache", cwd=tmp_path)
    assert [r["code"] for r in records] == ["FM203"]


@needs_shared(SHARED / "corpus")
@pytest.mark.parametrize("preset", ["jekyll", "eleventy", "docusaurus", "mkdocs-material"])
def test_no_false_alarm_on_the_real_corpus(preset):
    _, records = run_json(str(SHARED / "corpus"), "--preset", preset, "--select", "FM208", "--no-cache")
    assert records == []
