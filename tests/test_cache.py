"""The result cache and parallel checking: same answers, less work, never fatal."""

from __future__ import annotations

import json
import threading

import pytest

from conftest import run_cli, run_json
from fmlint import parallel


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
            from fmlint.runner import RunOptions, check_paths

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
    from fmlint import cache

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
