"""Issue 15, security: a hostile repository must not switch the hook off, write outside the repo or lie.

Each test builds the hostile repository in a temporary git repository and runs the real
``fmlint`` command on it (a subprocess, with a timeout: a hang fails the test instead of
stalling the suite).  Items 1 and 5 are also run through a real ``pre-commit run`` of the
hooks in this tree's ``.pre-commit-hooks.yaml`` (as a local hook, so the working tree's
fmlint and hook arguments are the ones tested).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FMLINT = [sys.executable, "-m", "fmlint"]
BROKEN = "---\na: 1\na: 2\n---\nBody.\n"  # FM102 twice (errors)
CLEAN = "---\ntitle: fine\n---\nBody.\n"
SECRET = "secret-value-123"


def git(repo: Path, *args: str) -> str:
    env = {**_quiet_git_env(), "GIT_DIR": str(repo / ".git"), "GIT_WORK_TREE": str(repo)}
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _quiet_git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t.invalid")
    return env


def hostile_repo(path: Path, files: dict[str, str | bytes]) -> Path:
    """A git repository at ``path`` holding ``files``, every one committed (``add -f``: ignored or not)."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q", str(path)], check=True, env=_quiet_git_env())
    for name, data in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    git(path, "add", "-f", "-A")
    git(path, "commit", "-q", "-m", "hostile", "--allow-empty")
    return path


def fmlint(*args: str, cwd: Path, env: dict | None = None, timeout: int = 60) -> tuple[int, str, str]:
    """The real command in a subprocess; a hang is a failure (TimeoutExpired), not a stalled suite."""
    full_env = {**_quiet_git_env(), "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    full_env.pop("CI", None)
    result = subprocess.run([*FMLINT, *args], cwd=cwd, env={**full_env, **(env or {})}, capture_output=True,
                            timeout=timeout, stdin=subprocess.DEVNULL)
    return result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")


def records(out: str) -> list[dict]:
    return json.loads(out)


# --- item 1: file names read as options ----------------------------------------------------------

OPTION_NAMES = ["--select=nothing.md", "-oREADME.md", "--write-baseline=b.md", "--exit-zero.md"]


def test_file_names_that_look_like_options_are_paths(tmp_path):
    repo = hostile_repo(tmp_path / "site", {**{name: BROKEN for name in OPTION_NAMES}, "README.md": "# Read me\n",
                                            "bad.md": BROKEN})
    names = sorted(OPTION_NAMES + ["README.md", "bad.md"])  # as pre-commit passes them, no "--"
    for command in ("check", "fix"):
        code, out, err = fmlint(command, *names, cwd=repo)
        assert code == 1, out + err
        for name in OPTION_NAMES + ["bad.md"]:
            assert f"{name}:2:1: FM102 duplicate key" in out
    assert (repo / "README.md").read_text() == "# Read me\n"
    assert not (repo / "b.md").exists() and not (repo / "nothing.md").exists()
    code, out, _ = fmlint("check", "--select", "FM102", "--", *names, cwd=repo)  # the hook's "--" works too
    assert code == 1 and out.count("FM102") == 10


def test_an_option_value_is_not_taken_for_a_path(tmp_path):
    repo = hostile_repo(tmp_path / "site", {"-x.md": BROKEN, "bad.md": BROKEN})
    code, out, _ = fmlint("check", "--format", "concise", "--select", "FM1", "bad.md", cwd=repo)
    assert code == 1 and "bad.md:2:1: FM102 [error]" in out and "-x.md" not in out


# --- item 2: reports follow committed symlinks ------------------------------------------------------

@pytest.mark.parametrize("option", ["--output-file", "--write-baseline"])
def test_reports_never_follow_a_committed_link(tmp_path, option):
    victim = tmp_path / "home" / ".ssh" / "authorized_keys"
    victim.parent.mkdir(parents=True)
    victim.write_text("ssh-ed25519 AAAA me@host\n")
    repo = hostile_repo(tmp_path / "site", {"bad.md": BROKEN, "evil\nssh-rsa ATTACKER x.md": BROKEN})
    (repo / "fmlint.xml").symlink_to(os.path.relpath(victim, repo))
    git(repo, "add", "fmlint.xml")
    code, out, err = fmlint("check", "--format", "junit", option, "fmlint.xml", ".", cwd=repo)
    assert code == (0 if option == "--write-baseline" else 1), err
    assert victim.read_text() == "ssh-ed25519 AAAA me@host\n"
    written = repo / "fmlint.xml"
    assert not written.is_symlink() and "bad.md" in written.read_text()
    assert [p.name for p in repo.iterdir() if p.name.endswith(".tmp")] == []


# --- item 3: the cache is trusted from git -----------------------------------------------------------

def _cache_repo(tmp_path: Path, **extra: str | bytes) -> Path:
    return hostile_repo(tmp_path / "site", {"bad.md": BROKEN, "ok.md": CLEAN, **extra})


def _assert_checked(repo: Path, env: dict | None = None) -> None:
    code, out, err = fmlint("check", "--format", "json", ".", cwd=repo, env=env, timeout=60)
    assert code == 1, err
    assert sorted((r["path"], r["code"]) for r in records(out)) == [("bad.md", "FM102"), ("bad.md", "FM102")]


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "deep", "huge-number"])
def test_a_committed_cache_file_costs_only_a_recheck(tmp_path, kind):
    repo = _cache_repo(tmp_path)
    cache = repo / ".fmlint_cache" / "results-v1.json"
    cache.parent.mkdir()
    if kind == "dev-zero":
        cache.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(cache)
    elif kind == "deep":
        cache.write_text("[" * 200_000 + "]" * 200_000)
    else:
        cache.write_text('{"version": "' + "9" * 5000 + '", "entries": {}}')
    for _ in range(2):
        _assert_checked(repo)


def test_cache_links_out_of_the_repository_are_never_written_through(tmp_path):
    victim, victim2 = tmp_path / "victim", tmp_path / "victim2"
    victim.mkdir()
    victim2.mkdir()
    repo = _cache_repo(tmp_path)
    (repo / ".fmlint_cache").mkdir()
    (repo / ".fmlint_cache" / ".gitignore").symlink_to("../../victim/x")
    other = _cache_repo(tmp_path / "second")
    (other / ".fmlint_cache").symlink_to("../../victim2")
    for each in (repo, other):
        _assert_checked(each)
        _assert_checked(each)
    assert list(victim.iterdir()) == [] and list(victim2.iterdir()) == []
    assert (repo / ".fmlint_cache" / ".gitignore").is_symlink()


def test_a_forged_cache_entry_does_not_make_a_broken_file_pass(tmp_path):
    """The attacker's own fmlint writes a valid-looking entry (their secret), with no problems."""
    repo = _cache_repo(tmp_path)
    attacker = {"XDG_CACHE_HOME": str(tmp_path / "attacker-cache")}
    _assert_checked(repo, attacker)
    forge = ("import json,os,sys\nfrom fmlint.running import cache_store\n"
             "p='.fmlint_cache/results-v1.json'\nd=json.load(open(p))\ne=d['entries']['bad.md']\n"
             "e[4]=[]\ne[5]=cache_store.seal('bad.md', e[:5])\njson.dump(d,open(p,'w'))\n")
    subprocess.run([sys.executable, "-c", forge], cwd=repo, check=True,
                   env={**os.environ, **attacker, "PYTHONPATH": str(ROOT / "src")})
    code, out, _ = fmlint("check", ".", cwd=repo, env=attacker)
    assert code == 0  # the forgery works for the one who made it (it is their cache) ...
    victim = {"XDG_CACHE_HOME": str(tmp_path / "ci-cache"), "CI": "true"}
    code, out, _ = fmlint("check", "--format", "github", ".", cwd=repo, env=victim)
    assert code == 1 and out.count("::error file=bad.md,line=") == 2  # ... and for nobody else


def test_cache_keys_do_not_collide_across_working_folders(tmp_path):
    """Same name, size and mtime (as after ``git archive``) in two folders under one cache."""
    twin = BROKEN.replace("a: 2", "b: 2")  # clean, and exactly as long as BROKEN
    repo = hostile_repo(tmp_path / "site", {".fmlint.toml": 'select = ["FM"]\n', "drafts/a.md": twin,
                                            "content/a.md": BROKEN})
    for name in ("drafts/a.md", "content/a.md"):
        os.utime(repo / name, ns=(10**18, 10**18))
    code, _, _ = fmlint("check", "a.md", cwd=repo / "drafts")
    assert code == 0
    code, out, _ = fmlint("check", "--format", "json", "a.md", cwd=repo / "content")
    assert code == 1 and [r["code"] for r in records(out)] == ["FM102", "FM102"]


# --- item 4: $ref and schema paths escape the project ---------------------------------------------

def _schema_repo(tmp_path: Path, ref: str, mkfifo: str | None = None, link: tuple[str, str] | None = None) -> Path:
    (tmp_path / "secret.json").write_text(json.dumps({"enum": [SECRET]}))
    repo = hostile_repo(tmp_path / "site", {
        "schemas/s.json": json.dumps({"type": "object", "properties": {"k": {"$ref": ref}}}),
        "schemas/str.json": '"just a string"', "a.md": "---\nk: x\n---\n"})
    if mkfifo:
        os.mkfifo(repo / mkfifo)
    if link:
        (repo / link[0]).symlink_to(link[1])
    return repo


REFS = {
    "parent": ("../secret.json#", None, None),
    "file-uri": ("file://{outside}/secret.json", None, None),
    "dev-zero": ("/dev/zero", None, None),
    "link-to-dev-zero": ("zero.json", None, ("schemas/zero.json", "/dev/zero")),
    "link-out": ("out.json", None, ("schemas/out.json", "../../secret.json")),
    "fifo": ("fifo.json", "schemas/fifo.json", None),
}


@pytest.mark.parametrize("name", sorted(REFS))
def test_a_ref_never_reads_outside_the_schema_folder_nor_a_non_regular_file(tmp_path, name):
    ref, fifo, link = REFS[name]
    repo = _schema_repo(tmp_path, ref.format(outside=tmp_path), fifo, link)
    code, out, err = fmlint("check", "--no-cache", "--format", "json", "--schema", "schemas/s.json", "a.md", cwd=repo)
    assert code == 1, err
    found = records(out)
    assert [r["code"] for r in found] == ["FM200"] and "refused" in found[0]["message"]
    assert SECRET not in out + err


def test_a_ref_to_a_json_string_is_a_diagnostic(tmp_path):
    repo = _schema_repo(tmp_path, "str.json")
    code, out, err = fmlint("check", "--no-cache", "--format", "json", "--schema", "schemas/s.json", "a.md", cwd=repo)
    assert code == 1 and "Traceback" not in err
    assert [r["code"] for r in records(out)] == ["FM200"]


@pytest.mark.parametrize("where", ["../secret.json", "{outside}/secret.json", "schemas/fifo.json", "/dev/zero"])
def test_the_configs_schema_must_be_a_regular_file_inside_the_project(tmp_path, where):
    repo = _schema_repo(tmp_path, "#", mkfifo="schemas/fifo.json")
    (repo / ".fmlint.toml").write_text(f'schema = "{where.format(outside=tmp_path)}"\n')
    code, out, err = fmlint("check", "--no-cache", "a.md", cwd=repo)
    assert code == 2 and ".fmlint.toml" in err and ("refused" in err or "not found" in err)
    assert SECRET not in out + err


@pytest.mark.parametrize("declared", ["../secret.json", "{outside}/secret.json", "schemas/fifo.json", "/dev/zero",
                                      "link.json"])
def test_a_content_files_schema_must_be_a_regular_file_inside_the_project(tmp_path, declared):
    repo = _schema_repo(tmp_path, "#", mkfifo="schemas/fifo.json", link=("link.json", "../secret.json"))
    (repo / "a.md").write_text(f"---\n$schema: {declared.format(outside=tmp_path)}\nk: x\n---\n")
    code, out, err = fmlint("check", "--no-cache", "--format", "json", "a.md", cwd=repo)
    assert code == 1, err
    found = records(out)
    assert [(r["code"], r["line"]) for r in found] == [("FM200", 2)]
    assert SECRET not in out + err


# --- item 5: a nested .gitignore hides a tracked file --------------------------------------------------

def test_a_tracked_file_is_checked_whatever_a_gitignore_says(tmp_path):
    repo = hostile_repo(tmp_path / "site", {"content/2024/.gitignore": "evil.md\n", "content/2024/evil.md": BROKEN,
                                            "content/ok.md": CLEAN, ".gitignore": "drafts/\n"})
    (repo / "drafts").mkdir()
    (repo / "drafts" / "wip.md").write_text(BROKEN)  # untracked and ignored: not checked
    (repo / "content" / "new.md").write_text(BROKEN)  # untracked, not ignored: checked
    for args in ([".", "--no-cache"], ["content"], ["."]):
        code, out, _ = fmlint("check", "--format", "json", *args, cwd=repo)
        assert code == 1
        paths = sorted({r["path"] for r in records(out)})
        assert paths == ["content/2024/evil.md", "content/new.md"], args


# --- item 6: output injection ------------------------------------------------------------------------

INJECTED_KEY = '"x\\n::error file=README.md,line=1::Injected\\u001b]52;c;cHduZWQ=\\u0007"'


def test_control_characters_never_reach_a_log_or_terminal(tmp_path):
    front = f"---\n{INJECTED_KEY}: 1\n{INJECTED_KEY}: 2\n---\n"
    repo = hostile_repo(tmp_path / "site", {"post.md": front, "evil\n::error file=README.md::Name\x1b[2J.md": BROKEN})
    for fmt in ("text", "concise"):
        for command in ("check", "fix"):
            code, out, err = fmlint(command, "--format", fmt, ".", cwd=repo)
            assert code == 1, err
            assert not re.search(r"^::", out + err, re.M) and "\x1b" not in out + err and "\x07" not in out + err
            assert "FM102" in out and "\\n::error file=README.md" in out and "\\x1b" in out
    code, out, _ = fmlint("check", "--format", "github", ".", cwd=repo)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 4 and "\x1b" not in out and "\x07" not in out
    assert all(line.startswith(("::error file=post.md,", "::error file=evil%0A")) for line in lines), out


def test_a_file_name_that_is_not_utf8_is_escaped_in_every_format(tmp_path):
    repo = hostile_repo(tmp_path / "site", {})
    (repo / os.fsdecode(b"caf\xe9.md")).write_text(BROKEN)
    for fmt in ("text", "concise", "json", "sarif", "github", "junit"):
        for output in ([], ["--output-file", f"report.{fmt}"]):
            code, out, err = fmlint("check", "--format", fmt, *output, ".", cwd=repo,
                                    env={"PYTHONIOENCODING": "utf-8:strict"})
            assert code == 1 and "Traceback" not in err and "internal error" not in err, (fmt, err)
            text = out or (repo / f"report.{fmt}").read_text("utf-8")
            assert "caf" in text and "FM102" in text


# --- items 1 and 5 through a real pre-commit run -----------------------------------------------------

def _local_hooks_config(hook_ids: list[str]) -> str:
    """The hooks of this tree's .pre-commit-hooks.yaml as local hooks running this tree's fmlint."""
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    lines = ["repos:", "  - repo: local", "    hooks:"]
    for hook_id in hook_ids:
        hook = hooks[hook_id]
        entry = hook["entry"].replace("fmlint", f"{sys.executable} -m fmlint", 1)
        lines += [f"      - id: {hook_id}", f"        name: {hook['name']}", f"        entry: {entry}",
                  "        language: system", f"        types_or: {json.dumps(hook['types_or'])}",
                  f"        args: {json.dumps(hook.get('args', []))}"]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_pre_commit_hook_checks_option_like_and_git_ignored_tracked_files(tmp_path):
    pytest.importorskip("pre_commit")
    files = {**{name: BROKEN for name in OPTION_NAMES}, "README.md": "# Read me\n", "content/2024/.gitignore": "evil.md\n",
             "content/2024/evil.md": BROKEN, ".pre-commit-config.yaml": _local_hooks_config(["fmlint"])}
    repo = hostile_repo(tmp_path / "site", files)
    env = {**_quiet_git_env(), "PRE_COMMIT_HOME": str(tmp_path / "pc-home"), "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "fmlint", "--all-files", "--color", "never"],
                            cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    out = result.stdout + result.stderr
    assert result.returncode == 1 and re.search(r"^fmlint\.+Failed$", out, re.M), out
    for name in OPTION_NAMES + ["content/2024/evil.md"]:
        assert f"{name}:2:1: FM102" in out, out
    assert (repo / "README.md").read_text() == "# Read me\n" and not (repo / "b.md").exists()
