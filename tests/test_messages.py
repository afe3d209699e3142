"""Messages that quote a long value keep what is wrong with it in view (issue 12).

A value over 60 characters is cut; the cut keeps a window around the first offending
character (with … on each cut side), so "contains '>'" is never said of a value shown
without its ``>``.
"""

from __future__ import annotations

import json

from conftest import run_cli, run_json

from fmlint.schema.messages import pattern_focus, show

LONG_URL = "https://www.portwire.example/2023/09/12/harbourline-tide-model-for-port-operators/a>b"
ARTICLE = f"""---
category: news
title: "Harbourline ships an open-source tide model for port operators"
publishedDateTime: 2023-09-12T07:15:00Z
webUrl: "{LONG_URL}"
slug: harbourline-ships-an-open-source-tide-model-for-port-operators-Today
type: article
---
The port's new model.
"""
SCHEMA = {"type": "object", "properties": {"webUrl": {"type": "string", "format": "uri"},
                                            "slug": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}}}


def messages(tmp_path, *args):
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "s.json").write_text(json.dumps(SCHEMA))
    _, records = run_json("--no-cache", *args, "a.md", cwd=tmp_path)
    return {r["code"]: r["message"] for r in records}


def test_a_format_message_shows_the_character_it_names(tmp_path):
    found = messages(tmp_path, "--schema", "s.json", "--select", "FM2")
    assert found["FM205"] == ('webUrl: …e/2023/09/12/harbourline-tide-model-for-port-operators/a>b" is not a valid uri '
                              "(contains '>', which must be percent-encoded)")


def test_a_pattern_message_shows_the_first_character_the_pattern_refuses(tmp_path):
    found = messages(tmp_path, "--schema", "s.json", "--select", "FM2")
    shown = found["FM206"].split(" does not match")[0]
    assert shown == 'slug: …e-ships-an-open-source-tide-model-for-port-operators-Today"'
    assert "T" in shown.split("operators-")[1]  # the capital the pattern refuses


def test_a_rule_message_that_quotes_a_url_shows_the_character_it_names(tmp_path):
    found = messages(tmp_path, "--select", "FM501")
    assert found["FM501"].startswith('webUrl: …') and 'a>b" is not a valid URL (contains \'>\'' in found["FM501"]


def test_the_text_report_says_the_same(tmp_path):
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run_cli("check", "--no-cache", "--select", "FM501", "a.md", cwd=tmp_path)
    assert code == 1 and "a>b\" is not a valid URL" in out


def test_the_window_is_cut_on_both_sides_in_the_middle_and_only_at_the_end_near_the_end():
    value = "a" * 50 + ">" + "b" * 50
    middle = show(value, focus=50)
    assert len(middle) == 60 and middle.startswith("…") and middle.endswith("…") and ">" in middle
    near_end = show("a" * 98 + ">b", focus=98)
    assert near_end == "…" + "a" * 56 + '>b"'
    assert show("a" * 98 + ">b", focus=3) == '"' + "a" * 58 + "…"  # near the start: cut at the end, as before
    assert show("a" * 98 + ">b") == '"' + "a" * 58 + "…"


def test_pattern_focus_tests_characters_never_the_whole_value():
    assert pattern_focus("^[a-z0-9-]+$", "abc-def>g") == 7
    assert pattern_focus(r"^\d{4}-\d{2}$", "2024-0x") == 6
    assert pattern_focus("^.+$", "anything>") is None  # "." matches any character: no guess
    assert pattern_focus("(?i)^[a-z]+$", "ABC") is None
    assert pattern_focus("^(a+)+$", "a" * 5000 + "!") == 5000  # no backtracking: the value is never matched
