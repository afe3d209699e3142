"""The result cache and parallel checking: same answers, less work, never fatal."""

from __future__ import annotations

import json
import threading

import pytest
from conftest import run_cli, run_json

from fmlint.running import pool as parallel


@pytest.fixture
def counted(monkeypatch):
    """Count how many files are really linted (the cache answers the rest)."""
    calls = []
    real = parallel.lint_bytes

    def counting(data, path, settings):
        calls.append(path)
        return real(data, path, settings)

    monkeypatch.setattr(parallel, "lint_bytes", counting)
    return calls


@pytest.fixture
def site(tmp_path):
    for index in range(3):
        (tmp_path / f"a{index}.md").write_text(f"---\nnum: {index}\npublished: yes\n---\n")
    (tmp_path / ".fmlint.toml").write_text('ignore = ["FM008"]\n')
    return tmp_path


def test_warm_run_reads_from_the_cache(site, counted):
    first = run_json("-j1", ".", cwd=site)
    assert len(counted) == 3
    assert (site / ".fmlint_cache" / ".gitignore").read_text().strip().endswith("*")
    second = run_json("-j1", ".", cwd=site)
    assert second == first and len(counted) == 3  # nothing linted again


def test_a_changed_file_or_config_is_checked_again(site, counted):
    run_json("-j1", ".", cwd=site)
    (site / "a1.md").write_text("---\nnum: 1\n---\n")
    code, records = run_json("-j1", ".", cwd=site)
    assert counted[3:] == ["a1.md"] and len(records) == 2
    (site / ".fmlint.toml").write_text('ignore = ["FM105"]\n')
    assert run_json("-j1", ".", cwd=site) == (0, [])
    assert len(counted) == 7


def test_touch_without_change_is_a_hit_by_content(site, counted):
    run_json("-j1", ".", cwd=site)
    data = (site / "a0.md").read_bytes()
    (site / "a0.md").write_bytes(data)  # new mtime, same bytes
    run_json("-j1", ".", cwd=site)
    assert len(counted) == 3


def test_no_cache_checks_everything_and_writes_nothing(site, counted):
    run_json("--no-cache", ".", cwd=site)
    run_json("--no-cache", ".", cwd=site)
    assert len(counted) == 6 and not (site / ".fmlint_cache").exists()


@pytest.mark.parametrize("garbage", [b"{not json", b'{"version": "0.0.0", "entries": {}}', b"\x00\xff" * 10,
                                     b'{"version": "x", "entries": []}'])
def test_a_corrupt_cache_is_ignored(site, garbage):
    expected = run_json("--no-cache", ".", cwd=site)
    (site / ".fmlint_cache").mkdir()
    (site / ".fmlint_cache" / "results-v1.json").write_bytes(garbage)
    assert run_json(".", cwd=site) == expected


@pytest.mark.parametrize("inputs", [[["/x\u0000y", "z"]], [["", "none"]] * 5000, [["vocabulary:/nowhere", "missing"]]])
def test_a_forged_entrys_inputs_are_never_looked_at(site, counted, inputs):
    """An entry that is not sealed by this user is dropped before its inputs are stat-ed: a
    path with a NUL byte, thousands of inputs or an unknown vocabulary cost a re-check only."""
    expected = run_json("-j1", ".", cwd=site)
    path = site / ".fmlint_cache" / "results-v1.json"
    cache = json.loads(path.read_text("utf-8"))
    for entry in cache["entries"].values():
        entry[3] = entry[3].split("\n")[0] + "\n" + json.dumps(inputs)
        entry[4] = []  # what a forger would want: "clean"
    path.write_text(json.dumps(cache), "utf-8")
    assert run_json("-j1", ".", cwd=site) == expected and len(counted) == 6


def test_cache_entries_keep_fixes(site):
    run_json(".", cwd=site)
    code, out, _ = run_cli("check", ".", cwd=site)
    assert "3 more with `fmlint fix --unsafe-fixes`" in out


def test_parallel_output_is_identical_and_ordered(tmp_path):
    for index in range(150):
        (tmp_path / f"f{index:03d}.md").write_text(f"---\nn: 0{index % 8}{index % 7}\nok: on\n---\n")
    serial = run_json("--no-cache", "-j1", ".", cwd=tmp_path)
    assert run_json("--no-cache", "-j2", ".", cwd=tmp_path) == serial
    assert len(serial[1]) > 150


def test_concurrent_writers_leave_a_valid_cache(site):
    errors = []

    def check():
        try:
            from fmlint.running.commands import check_paths
            from fmlint.running.planner import RunOptions

            check_paths([str(site)], RunOptions(), jobs=1)
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=check) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    json.loads((site / ".fmlint_cache" / "results-v1.json").read_text())


def test_editing_fmlint_itself_invalidates_the_cache(site, counted, monkeypatch):
    from fmlint.running import cache

    run_json("-j1", ".", cwd=site)
    monkeypatch.setattr(cache, "code_stamp", lambda: "a different build")
    run_json("-j1", ".", cwd=site)
    assert len(counted) == 6


def test_no_progress_bar_in_pipes_or_ci(tmp_path):
    import os
    import subprocess
    import sys

    for index in range(320):
        (tmp_path / f"f{index:03d}.md").write_text("---\nnum: 1\n---\n")
    env = {**os.environ, "CI": "true"}
    done = subprocess.run([sys.executable, "-m", "fmlint", "check", "--no-cache", "."], cwd=tmp_path,
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0 and "Checking" not in done.stderr and done.stderr == ""


@pytest.fixture
def fresh_process(monkeypatch):
    """Forget loaded schemas before each CLI run, as a new process would (only the cache carries over)."""
    from fmlint.schema import loading as schemas

    schemas.load.cache_clear()
    yield schemas.load.cache_clear
    schemas.load.cache_clear()


@pytest.fixture
def referencing_site(tmp_path):
    """A schema whose type for ``count`` lives two ``$ref`` hops away, in a subfolder."""
    (tmp_path / "schemas" / "defs").mkdir(parents=True)
    (tmp_path / "schemas" / "post.json").write_text(
        '{"type": "object", "properties": {"count": {"$ref": "defs/count.json"}}}')
    (tmp_path / "schemas" / "defs" / "count.json").write_text('{"$ref": "kinds.json#/$defs/count"}')
    (tmp_path / "schemas" / "defs" / "kinds.json").write_text('{"$defs": {"count": {"type": "integer"}}}')
    (tmp_path / ".fmlint.toml").write_text('schema = "schemas/post.json"\n')
    (tmp_path / "a.md").write_text('---\ncount: "3"\n---\n')
    return tmp_path


def test_a_changed_referenced_schema_file_is_checked_again(referencing_site, counted, fresh_process):
    code, records = run_json("-j1", "a.md", cwd=referencing_site)
    assert code == 1 and [r["code"] for r in records] == ["FM202"]
    fresh_process()
    assert run_json("-j1", "a.md", cwd=referencing_site) == (code, records) and len(counted) == 1  # a hit
    (referencing_site / "schemas" / "defs" / "kinds.json").write_text('{"$defs": {"count": {"type": "string"}}}')
    fresh_process()
    assert run_json("-j1", "a.md", cwd=referencing_site) == (0, [])
    assert len(counted) == 2


def test_a_referenced_schema_file_that_appears_is_checked_again(referencing_site, fresh_process):
    kinds = referencing_site / "schemas" / "defs" / "kinds.json"
    text = kinds.read_text()
    kinds.unlink()
    code, records = run_json("-j1", "a.md", cwd=referencing_site)
    assert code == 1 and [r["code"] for r in records] == ["FM200"]
    kinds.write_text(text)
    fresh_process()
    assert [r["code"] for r in run_json("-j1", "a.md", cwd=referencing_site)[1]] == ["FM202"]


def test_every_file_a_schema_may_reference_is_in_its_key(tmp_path):
    import os

    from fmlint.running import cache

    root = tmp_path.resolve() / "schemas"
    (root / "sub").mkdir(parents=True)
    (root / "top.json").write_text(json.dumps({
        "$id": "https://example.com/schemas/top.json",
        "properties": {"a": {"$ref": "sub/a.json#/x"}, "b": {"$ref": "https://example.com/schemas/b.json"},
                       "c": {"$ref": "#/$defs/c"}, "d": {"$ref": "../outside.json"}}}))
    (root / "sub" / "a.json").write_text('{"x": {"$ref": "nested%20name.json"}}')
    (root / "other.json").write_text('{"$id": "https://example.com/elsewhere/b.json"}')
    outside = root.parent / "outside.json"
    os.mkfifo(outside)  # opened, it would hang the run
    parts = cache.schema_inputs(str(root / "top.json"))

    def part_of(path):
        return next((part for part in parts if part.startswith(f"{path}:")), None)

    for found in ("top.json", "sub/a.json", "other.json"):  # other.json: a candidate by its $id
        assert part_of(root / found) is not None and part_of(root / found).split(":")[-1].isalnum(), found
    assert part_of(root / "sub" / "nested name.json").endswith(":missing")  # its absence counts
    assert part_of(root / "b.json").endswith(":missing")  # the $ref's path under the schema's folder
    assert part_of(outside).startswith(f"{outside}:outside:")  # its size and mtime only


def test_a_schema_referencing_a_fifo_or_itself_does_not_hang(tmp_path):
    import os

    from fmlint.running import cache

    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "top.json").write_text('{"allOf": [{"$ref": "pipe.json"}, {"$ref": "top.json"}]}')
    parts = cache.schema_inputs(str(tmp_path / "top.json"))
    assert f"{tmp_path.resolve()}/pipe.json:not a regular file" in parts and len(parts) == 2


def test_a_schema_closure_too_large_to_walk_is_never_reused(tmp_path, monkeypatch):
    from fmlint.running import cache

    monkeypatch.setattr(cache, "MAX_SCHEMA_FILES", 2)
    (tmp_path / "top.json").write_text('{"allOf": [{"$ref": "a.json"}, {"$ref": "b.json"}]}')
    first = cache.schema_inputs(str(tmp_path / "top.json"))
    assert first != cache.schema_inputs(str(tmp_path / "top.json"))


def _pretend_today(monkeypatch, day):
    """Move the clock the date rules and the cache read (both ``datetime.date.today``)."""
    import datetime as dt
    import types

    from fmlint.rules import dates
    from fmlint.running import cache

    class Day(dt.date):
        @classmethod
        def today(cls):
            return day

    clock = types.SimpleNamespace(date=Day, timedelta=dt.timedelta, datetime=dt.datetime, timezone=dt.timezone)
    monkeypatch.setattr(dates, "dt", clock)
    monkeypatch.setattr(cache, "dt", clock)


def test_a_date_rule_verdict_is_not_reused_on_another_day(tmp_path, counted, monkeypatch):
    import datetime as dt

    (tmp_path / "a.md").write_text("---\ndate: 2031-03-01\n---\n")
    _pretend_today(monkeypatch, dt.date(2030, 1, 1))  # 424 days ahead: more than 366
    code, records = run_json("-j1", "a.md", cwd=tmp_path)
    assert code == 0 and [r["code"] for r in records] == ["FM305"]  # a warning
    assert run_json("-j1", "a.md", cwd=tmp_path) == (code, records) and len(counted) == 1  # same day: a hit
    _pretend_today(monkeypatch, dt.date(2030, 3, 1))  # 365 days ahead
    assert run_json("-j1", "a.md", cwd=tmp_path) == (0, [])
    assert len(counted) == 2


def test_the_date_is_in_the_key_only_when_a_clock_rule_runs(tmp_path, counted, monkeypatch):
    import datetime as dt

    (tmp_path / "a.md").write_text("---\ndate: 2031-03-01\n---\n")
    _pretend_today(monkeypatch, dt.date(2030, 1, 1))
    run_json("-j1", "--ignore", "FM305", "a.md", cwd=tmp_path)
    _pretend_today(monkeypatch, dt.date(2030, 3, 1))
    run_json("-j1", "--ignore", "FM305", "a.md", cwd=tmp_path)
    assert len(counted) == 1


def test_every_rule_that_reads_the_clock_is_a_clock_rule():
    import inspect
    import re

    from fmlint.rules import catalog
    from fmlint.running import cache

    clock = re.compile(r"\b(today|now|utcnow|time|monotonic)\(|\btime\.time\b")
    reading = {each.code for each in catalog.all_rules() if clock.search(inspect.getsource(each.check))}
    assert reading <= cache.CLOCK_RULES and "FM305" in reading
