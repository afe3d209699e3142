"""Baselines: record today's problems, then report only new ones."""

from __future__ import annotations

import json

from conftest import run_cli, run_json


def test_baseline_round_trip_survives_unrelated_edits(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("---\npublished: yes\ndraft: no\n---\n")
    code, out, err = run_cli("check", "--write-baseline", "baseline.json", ".", cwd=tmp_path)
    assert code == 0 and "Recorded 2 problems" in err
    recorded = json.loads((tmp_path / "baseline.json").read_text())
    assert [p["code"] for p in recorded["problems"]] == ["FM105", "FM105"]
    assert all("line" not in p for p in recorded["problems"])
    # Lines move (a field is added above), the old problems stay known.
    target.write_text("---\ntitle: new\npublished: yes\ndraft: no\n---\n")
    assert run_json("--baseline", "baseline.json", ".", cwd=tmp_path) == (0, [])
    # A new problem is reported, the old ones are not.
    target.write_text("---\ntitle: new\npublished: yes\ndraft: no\nsticky: on\n---\n")
    code, records = run_json("--baseline", "baseline.json", ".", cwd=tmp_path)
    assert code == 0 and [(r["code"], r["line"]) for r in records] == [("FM105", 5)]  # a warning


def test_a_second_copy_of_a_known_problem_is_new(tmp_path):
    (tmp_path / "a.md").write_text("---\na: 1\na: 2\n---\n")
    run_cli("check", "--write-baseline", "b.json", ".", cwd=tmp_path)
    (tmp_path / "a.md").write_text("---\na: 1\na: 2\na: 3\n---\n")
    code, records = run_json("--baseline", "b.json", ".", cwd=tmp_path)
    assert code == 1 and len(records) == 2


def test_a_broken_baseline_is_an_error(tmp_path):
    (tmp_path / "a.md").write_text("---\na: 1\n---\n")
    (tmp_path / "b.json").write_text("{not json")
    code, _, err = run_cli("check", "--baseline", "b.json", ".", cwd=tmp_path)
    assert code == 2 and "cannot use this baseline" in err


def test_a_baseline_recorded_before_text_rules_named_their_field_still_matches(tmp_path):
    """Baselines written when FM105 and FM6xx had no pointer hold ``""``: they still hide
    those problems, and are not reported as stale, now that the diagnostics name the field."""
    (tmp_path / "a.md").write_text("---\ntitle: It isnt here\npublished: yes\n---\n")
    _, records = run_json("--no-cache", ".", cwd=tmp_path)
    assert sorted((r["code"], r["pointer"]) for r in records) == [("FM105", "/published"), ("FM610", "/title")]
    old_style = [{"path": "a.md", "code": r["code"], "pointer": "", "message": r["message"], "count": 1}
                 for r in records]
    (tmp_path / "b.json").write_text(json.dumps({"fmlint-baseline": 1, "problems": old_style}))
    code, out, err = run_cli("check", "--format", "json", "--baseline", "b.json", ".", cwd=tmp_path)
    assert (code, json.loads(out)) == (0, [])
    assert "2 problems hidden by the baseline" in err and "no longer found" not in err
    # An entry with no pointer hides one diagnostic only: a second copy elsewhere is new.
    (tmp_path / "a.md").write_text("---\ntitle: It isnt here\nsummary: It isnt here\npublished: yes\n---\n")
    code, records = run_json("--baseline", "b.json", ".", cwd=tmp_path)
    assert [(r["code"], r["pointer"]) for r in records] == [("FM610", "/summary")]


def test_a_new_baseline_records_the_field_of_a_text_problem(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: It isnt here\n---\n")
    run_cli("check", "--write-baseline", "b.json", ".", cwd=tmp_path)
    recorded = json.loads((tmp_path / "b.json").read_text())["problems"]
    assert [(p["code"], p["pointer"]) for p in recorded] == [("FM610", "/title")]
    (tmp_path / "a.md").write_text("---\nsummary: x\ntitle: It isnt here\n---\n")  # the line moves
    assert run_json("--baseline", "b.json", ".", cwd=tmp_path) == (0, [])
