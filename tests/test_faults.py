"""File-system faults and concurrent runs: a diagnostic or a clear error, the run goes on, no file is harmed.

Every test runs the real CLI on real files in ``tmp_path``.  Faults that permission bits
would cause are tested for real when we are not root; as root (where permissions do not
apply) the same fault is simulated by making the one system call fail, so the behaviour
is covered either way.  A full disk is simulated by failing the writer's write, fsync
or rename with ENOSPC.
"""

from __future__ import annotations

import builtins
import errno
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli, run_json

from fmlint.fixing import atomic as writer
from fmlint.fixing import loop as fixer
from fmlint.running import cache as cache_module
from fmlint.running import planner as runner
from fmlint.running import pool as parallel

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_permissions = pytest.mark.skipif(IS_ROOT, reason="running as root: permission bits do not stop root "
                                                       "(the simulated variant of this test covers the behaviour)")
FIXABLE = "\ufeff---\ntitle: Fine\n---\nbody\n"  # FM601, a safe fix: drop the byte-order mark
FIXED = "---\ntitle: Fine\n---\nbody\n"


def tree(root: Path, **files: str) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root


def by_file(records: list[dict]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for record in records:
        found.setdefault(os.path.basename(record["path"]), []).append(record["code"])
    return found


def message_for(records: list[dict], name: str) -> str:
    return next(r["message"] for r in records if os.path.basename(r["path"]) == name)


def leftovers(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if p.name.startswith((".fmlint-", ".results-"))]


# --- unreadable files and folders -------------------------------------------------------------------

def _deny_open(monkeypatch, name: str) -> None:
    """Opening ``name`` (by ``open`` or ``os.open``) fails as chmod 000 would for anyone but root."""
    def guard(opener):
        def guarded(file, *args, **kwargs):
            if isinstance(file, (str, bytes, os.PathLike)) and os.path.basename(os.fsdecode(file)) == name:
                raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(file))
            return opener(file, *args, **kwargs)
        return guarded

    monkeypatch.setattr(builtins, "open", guard(builtins.open))
    monkeypatch.setattr(os, "open", guard(os.open))


@pytest.mark.parametrize("how", [pytest.param("real", marks=needs_permissions), "simulated"])
def test_unreadable_file_is_fm001_and_the_others_are_still_checked_and_fixed(tmp_path, monkeypatch, how):
    tree(tmp_path, **{"locked.md": FIXABLE, "other.md": FIXABLE})
    if how == "real":
        (tmp_path / "locked.md").chmod(0)
    else:
        _deny_open(monkeypatch, "locked.md")
    code, records = run_json(str(tmp_path), "--no-cache")
    assert code == 1
    assert by_file(records) == {"locked.md": ["FM001"], "other.md": ["FM601"]}
    assert "Permission denied" in message_for(records, "locked.md")
    code, out, err = run_cli("fix", str(tmp_path))
    assert code == 1 and "FM001" in out and "Traceback" not in out + err
    monkeypatch.undo()
    (tmp_path / "locked.md").chmod(0o644)
    assert (tmp_path / "locked.md").read_text("utf-8") == FIXABLE  # untouched
    assert (tmp_path / "other.md").read_text("utf-8") == FIXED  # the run went on


def _deny_listing(monkeypatch, folder: Path) -> None:
    real_scandir, real_listdir = os.scandir, os.listdir

    def refuse(path="."):
        if os.path.abspath(os.fsdecode(path)) == str(folder):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))

    def scandir(path="."):
        refuse(path)
        return real_scandir(path)

    def listdir(path="."):
        refuse(path)
        return real_listdir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", listdir)


@pytest.mark.parametrize("how", [pytest.param("real", marks=needs_permissions), "simulated"])
def test_unlistable_folder_is_reported_not_skipped(tmp_path, monkeypatch, how):
    """os.walk ignores folders it cannot list; fmlint used to skip their files without a word."""
    tree(tmp_path, **{"locked/inside.md": FIXABLE, "open/other.md": FIXABLE})
    locked = tmp_path / "locked"
    if how == "real":
        locked.chmod(0)
    else:
        _deny_listing(monkeypatch, locked)
    try:
        code, records = run_json(str(tmp_path), "--no-cache")
    finally:
        locked.chmod(0o755)
    assert code == 1
    assert by_file(records) == {"locked": ["FM001"], "other.md": ["FM601"]}
    assert "cannot list folder: Permission denied" in message_for(records, "locked")


# --- links, vanishing files ------------------------------------------------------------------------

def test_broken_links_and_link_loops_are_fm001_and_never_hang(tmp_path):
    tree(tmp_path, **{"good.md": FIXABLE, "sub/deep.md": FIXED})
    os.symlink("missing.md", tmp_path / "dangling.md")
    os.symlink("self.md", tmp_path / "self.md")
    os.symlink("b.md", tmp_path / "a.md")
    os.symlink("a.md", tmp_path / "b.md")
    os.symlink("..", tmp_path / "sub" / "up")  # a folder loop: links to folders are not walked
    os.symlink(tmp_path / "sub", tmp_path / "sub" / "again")
    os.symlink("/nonexistent/elsewhere.md", tmp_path / "outside.md")  # out of the tree: skipped
    started = time.process_time()
    code, records = run_json(str(tmp_path), "--no-cache")
    assert time.process_time() - started < 10
    assert code == 1
    assert by_file(records) == {"a.md": ["FM001"], "b.md": ["FM001"], "dangling.md": ["FM001"],
                                "good.md": ["FM601"], "self.md": ["FM001"]}
    assert "broken symbolic link" in message_for(records, "dangling.md")
    assert "symbolic link" in message_for(records, "self.md")
    code, out, err = run_cli("fix", str(tmp_path))
    assert code == 1 and "Traceback" not in out + err
    assert (tmp_path / "good.md").read_text("utf-8") == FIXED
    assert os.readlink(tmp_path / "dangling.md") == "missing.md" and not (tmp_path / "missing.md").exists()
    assert os.readlink(tmp_path / "a.md") == "b.md" and os.readlink(tmp_path / "b.md") == "a.md"
    code, records = run_json(str(tmp_path / "dangling.md"), "--no-cache")  # named on the command line: a diagnostic too
    assert code == 1 and by_file(records) == {"dangling.md": ["FM001"]}


def test_a_link_is_fixed_through_and_stays_a_link(tmp_path):
    """The writer used to replace the link itself with a fixed copy, leaving the real file unfixed."""
    tree(tmp_path, **{"real/post.md": FIXABLE})
    os.symlink("real/post.md", tmp_path / "link.md")
    code, out, err = run_cli("fix", str(tmp_path / "link.md"))
    assert code == 0, err
    assert (tmp_path / "link.md").is_symlink() and os.readlink(tmp_path / "link.md") == "real/post.md"
    assert (tmp_path / "real" / "post.md").read_text("utf-8") == FIXED


def _vanishing_listing(monkeypatch, victim: Path) -> None:
    """The file is listed, then deleted before anything reads it."""
    real_discover = runner.discover

    def listing(*args, **kwargs):
        paths = list(real_discover(*args, **kwargs))
        victim.unlink()
        return iter(paths)

    monkeypatch.setattr(runner, "discover", listing)


@pytest.mark.parametrize("command", ["check", "fix"])
def test_file_deleted_between_listing_and_reading(tmp_path, monkeypatch, command):
    tree(tmp_path, **{"gone.md": FIXABLE, "other.md": FIXABLE})
    _vanishing_listing(monkeypatch, tmp_path / "gone.md")
    options = ["--no-cache"] if command == "check" else []
    code, out, err = run_cli(command, "--format", "json", str(tmp_path), *options)
    records = json.loads(out)
    assert code == 1, err
    assert by_file(records)["gone.md"] == ["FM001"]
    assert "No such file or directory" in message_for(records, "gone.md")
    assert not (tmp_path / "gone.md").exists()  # not recreated
    assert ((tmp_path / "other.md").read_text("utf-8") == FIXED) == (command == "fix")


def test_file_deleted_while_being_fixed_is_not_recreated(tmp_path, monkeypatch):
    tree(tmp_path, **{"a-gone.md": FIXABLE, "b-other.md": FIXABLE})
    real_fix_bytes = fixer.fix_bytes

    def fix_then_delete(data, path, *args, **kwargs):
        outcome = real_fix_bytes(data, path, *args, **kwargs)
        if path.endswith("a-gone.md"):
            os.unlink(path)
        return outcome

    monkeypatch.setattr(fixer, "fix_bytes", fix_then_delete)
    code, out, err = run_cli("fix", str(tmp_path))
    assert code == 2
    assert "cannot write" in err and "a-gone.md" in err and "No such file or directory" in err
    assert not (tmp_path / "a-gone.md").exists()
    assert (tmp_path / "b-other.md").read_text("utf-8") == FIXED
    assert leftovers(tmp_path) == []


# --- read-only files and folders --------------------------------------------------------------------

def test_read_only_file_given_to_fix_is_left_alone(tmp_path):
    """Refused even for root, who could replace it: read-only means "do not change this"."""
    tree(tmp_path, **{"a-readonly.md": FIXABLE, "b-other.md": FIXABLE})
    readonly = tmp_path / "a-readonly.md"
    readonly.chmod(0o444)
    code, out, err = run_cli("fix", str(tmp_path))
    assert code == 2
    assert "a-readonly.md" in err and "read-only" in err and "left as it was" in err
    assert readonly.read_text("utf-8") == FIXABLE and (readonly.stat().st_mode & 0o777) == 0o444
    assert (tmp_path / "b-other.md").read_text("utf-8") == FIXED
    assert leftovers(tmp_path) == []


@needs_permissions
def test_read_only_folder_given_to_fix(tmp_path):
    tree(tmp_path, **{"locked/post.md": FIXABLE, "open/post2.md": FIXABLE})
    (tmp_path / "locked").chmod(0o555)
    try:
        code, out, err = run_cli("fix", str(tmp_path))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert code == 2 and "Permission denied" in err
    assert (tmp_path / "locked" / "post.md").read_text("utf-8") == FIXABLE
    assert (tmp_path / "open" / "post2.md").read_text("utf-8") == FIXED


# --- a full disk ------------------------------------------------------------------------------------

class _FailingOs:
    """The ``os`` module as ``writer``/``cache`` see it, with one call failing with ENOSPC."""

    def __init__(self, fail: str):
        self.fail = fail
        self.calls = 0

    def __getattr__(self, name):
        real = getattr(os, name)
        if name == self.fail:
            def failing(*args, **kwargs):
                self.calls += 1
                raise OSError(errno.ENOSPC, "No space left on device")
            return failing
        if name == "fdopen" and self.fail == "write":
            return lambda *args, **kwargs: _HalfWriter(real(*args, **kwargs), self)
        return real


class _HalfWriter:
    """A stream that writes half of what it is given, then reports a full disk."""

    def __init__(self, stream, owner):
        self.stream, self.owner = stream, owner

    def write(self, data):
        self.owner.calls += 1
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()


@pytest.mark.parametrize("fail", ["write", "fsync", "chmod", "replace"])
def test_full_disk_during_fix_keeps_every_original(tmp_path, monkeypatch, fail):
    tree(tmp_path, **{"a.md": FIXABLE, "b.md": FIXABLE, "c.md": FIXED})
    failing = _FailingOs(fail)
    monkeypatch.setattr(writer, "os", failing)
    code, out, err = run_cli("fix", str(tmp_path))
    assert failing.calls == 2  # both files were attempted: the run went on after the first failure
    assert code == 2
    assert err.count("No space left on device") == 2 and err.count("left as it was") == 2
    assert "Traceback" not in out + err
    for name in ("a.md", "b.md"):
        assert (tmp_path / name).read_text("utf-8") == FIXABLE
    assert (tmp_path / "c.md").read_text("utf-8") == FIXED
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fail", ["write", "replace"])
def test_full_disk_while_saving_the_cache_is_harmless(tmp_path, monkeypatch, fail):
    tree(tmp_path, **{"a.md": FIXABLE})
    from fmlint.running import cache_store

    monkeypatch.setattr(cache_store, "os", _FailingOs(fail))  # the module that writes the cache file
    code, records = run_json(".", "--strict", cwd=tmp_path)  # FM601 is a warning: --strict makes it fail
    assert code == 1 and by_file(records) == {"a.md": ["FM601"]}
    assert leftovers(tmp_path) == []  # no half-written cache left behind
    assert not (tmp_path / ".fmlint_cache" / cache_module.CACHE_FILE).exists()


def test_cache_folder_that_is_a_file(tmp_path):
    tree(tmp_path, **{"a.md": FIXABLE, ".fmlint_cache": "not a folder"})
    code, records = run_json(".", "--strict", cwd=tmp_path)
    assert code == 1 and by_file(records) == {"a.md": ["FM601"]}


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda entries: entries.update({"a.md": 5}), id="entry-not-a-list"),
        pytest.param(lambda entries: entries.update({"a.md": [1, 2]}), id="entry-too-short"),
        pytest.param(lambda entries: entries["a.md"].__setitem__(4, [[1]]), id="row-too-short"),
        pytest.param(lambda entries: entries["a.md"].__setitem__(4, 5), id="rows-not-a-list"),
        pytest.param(lambda entries: entries["a.md"][4][0].__setitem__(6, "fatal"), id="unknown-severity"),
        pytest.param(lambda entries: entries["a.md"][4][0].__setitem__(0, "1"), id="line-not-a-number"),
        pytest.param(lambda entries: entries["a.md"][4][0][9].__setitem__(2, [["x", 1, "y"]]), id="bad-edit"),
        pytest.param(lambda entries: entries["a.md"].__setitem__(0, "mtime"), id="stat-not-a-number"),
    ],
)
def test_damaged_cache_entries_cost_a_recheck_never_a_crash(tmp_path, damage):
    """A cache entry of the wrong shape used to crash every later run (IndexError, TypeError...)."""
    tree(tmp_path, **{"a.md": FIXABLE, "b.md": FIXED})
    assert run_json(".", "--strict", cwd=tmp_path)[0] == 1
    cache_file = tmp_path / ".fmlint_cache" / cache_module.CACHE_FILE
    stored = json.loads(cache_file.read_text("utf-8"))
    damage(stored["entries"])
    cache_file.write_text(json.dumps(stored), "utf-8")
    for _ in range(2):  # the damaged entry is replaced, and the repaired cache is used
        code, records = run_json(".", cwd=tmp_path)
        assert code == 0 and by_file(records) == {"a.md": ["FM601"]}  # a warning: reported, exit 0
    for fmt in ("github", "sarif", "text"):
        code, out, err = run_cli("check", "--format", fmt, ".", cwd=tmp_path)
        assert code == 0 and "error" not in err  # a warning only


# --- concurrent runs ---------------------------------------------------------------------------------

def _fixable_tree(root: Path, count: int = 200) -> dict[str, bytes]:
    """Files with safe and unsafe fixes, several per file, some needing more than one pass."""
    files = {}
    for i in range(count):
        text = (f"---\ntitle: Post number {i}\npublished: yes\ndraft: off\ntags: [on, n]\n---\nBody {i}\n"
                if i % 2 else f"\ufeff---\r\ntitle: Post {i}\r\npublished: no\n---\r\nBody\r\n")
        files[f"post-{i:03}.md"] = text.encode("utf-8")
        (root / f"post-{i:03}.md").write_bytes(files[f"post-{i:03}.md"])
    return files


def _fmlint(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "fmlint", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "CI": "1"})


@pytest.mark.slow
def test_two_fix_runs_at_once_leave_each_file_fixed_or_untouched(tmp_path):
    shared, reference = tmp_path / "shared", tmp_path / "reference"
    shared.mkdir()
    originals = _fixable_tree(shared)
    shutil.copytree(shared, reference)
    code, out, err = run_cli("fix", "--unsafe-fixes", str(reference))
    expected = {name: (reference / name).read_bytes() for name in originals}
    assert all(expected[name] != originals[name] for name in originals)  # every file has something to fix

    runs = [_fmlint("fix", "--unsafe-fixes", ".", cwd=shared) for _ in range(2)]
    results = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, results):
        assert run.returncode in (0, 1), err.decode()
        assert b"Traceback" not in out + err
    states = {"fixed": 0, "untouched": 0}
    for name, original in originals.items():
        now = (shared / name).read_bytes()
        assert now in (original, expected[name]), f"{name} is neither the original nor the fixed file"
        states["fixed" if now == expected[name] else "untouched"] += 1
    assert states == {"fixed": len(originals), "untouched": 0}  # both runs finished: everything is fixed
    code, records = run_json(".", "--no-cache", "--select", "FM1", cwd=shared)
    assert [r for r in records if r["code"] == "FM101"] == []
    assert leftovers(shared) == []


@pytest.mark.slow
def test_the_cache_survives_concurrent_writers(tmp_path, monkeypatch):
    for i in range(200):
        (tmp_path / f"post-{i:03}.md").write_text(FIXABLE if i % 3 == 0 else FIXED, "utf-8")
    runs = [_fmlint("check", "--format", "json", "--strict", ".", cwd=tmp_path) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [1, 1], [err.decode() for _, err in outputs]
    assert json.loads(outputs[0][0]) == json.loads(outputs[1][0])
    stored = json.loads((tmp_path / ".fmlint_cache" / cache_module.CACHE_FILE).read_text("utf-8"))
    assert len(stored["entries"]) == 200

    checked = []
    real_check = parallel._check
    monkeypatch.setattr(parallel, "_check", lambda planner, task: checked.append(task[0]) or real_check(planner, task))
    code, from_cache = run_json(".", cwd=tmp_path)
    assert checked == []  # every result came from the cache the two runs wrote
    code_fresh, fresh = run_json(".", "--no-cache", cwd=tmp_path)
    assert (code, from_cache) == (code_fresh, fresh) and len(fresh) == 67
    assert leftovers(tmp_path) == []


# --- files that are not regular files ------------------------------------------------------------------

def _run(*args: str, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    """The CLI in a subprocess: a hang must fail the test, not stall the suite."""
    return subprocess.run([sys.executable, "-m", "fmlint", *args], cwd=cwd, capture_output=True, timeout=timeout,
                          env={**os.environ, "CI": "1"})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_or_a_device_is_fm001_and_never_blocks_or_reads_forever(tmp_path):
    """A FIFO named post.md used to block the run forever (open waits for a writer)."""
    tree(tmp_path, **{"good.md": FIXABLE})
    os.mkfifo(tmp_path / "pipe.md")
    done = _run("check", "--format", "json", "--no-cache", ".", cwd=tmp_path, timeout=60)
    records = json.loads(done.stdout)
    assert done.returncode == 1 and by_file(records) == {"good.md": ["FM601"], "pipe.md": ["FM001"]}
    assert "not a regular file" in message_for(records, "pipe.md")
    if os.path.exists("/dev/zero"):  # endless: only the first MAX_BYTES + 1 bytes could ever be read
        done = _run("check", "--format", "json", "--no-cache", "/dev/zero", cwd=tmp_path, timeout=60)
        assert done.returncode == 1 and [r["code"] for r in json.loads(done.stdout)] == ["FM001"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_does_not_block_text_output_or_fix(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    runs = [_fmlint("check", "--no-cache", ".", cwd=tmp_path), _fmlint("fix", ".", cwd=tmp_path)]
    try:
        deadline = time.monotonic() + 4
        for run in runs:
            run.communicate(timeout=max(0.1, deadline - time.monotonic()))
            assert run.returncode == 1
    finally:
        for run in runs:
            run.kill()
            run.communicate()
