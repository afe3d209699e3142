"""The pre-commit hooks in .pre-commit-hooks.yaml, run for real by pre-commit.

Each test makes a git repository in tmp_path whose .pre-commit-config.yaml points at
this repository (or FMLINT_HOOK_REPO) at the commit HEAD (or FMLINT_HOOK_REV).
pre-commit clones that commit and pip-installs fmlint from it into a hook environment,
so the hooks file must be committed; the test skips, with a reason, when it is not.
The environment lives in one PRE_COMMIT_HOME shared by the module and is built once.

FMLINT_HOOK_REPO / FMLINT_HOOK_REV let you try uncommitted hooks: clone this repository,
commit the hooks file in the clone, and point these variables at the clone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
HOOKS_FILE = ".pre-commit-hooks.yaml"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

BROKEN = b"---\na: 1\na: 2\n---\nBody.\n"  # FM102 twice, no fix
BOM = b"\xef\xbb\xbf---\ntitle: x\n---\nBody.\n"  # FM601, safe fix: drop the BOM
YAML11 = b"---\npublished: yes\n---\nBody.\n"  # FM105, unsafe fix to true
CLEAN = b"---\ntitle: A clean article\n---\nBody.\n"


def _git(*args: str, cwd: Path | str, env: dict | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"git {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return result.stdout.strip()


def _hook_source() -> tuple[str, str]:
    """(repo, rev) the test repositories point at; skips when the hooks file is not committed there."""
    repo = os.environ.get("FMLINT_HOOK_REPO") or str(ROOT)
    rev = os.environ.get("FMLINT_HOOK_REV") or _git("rev-parse", "HEAD", cwd=repo)
    present = subprocess.run(["git", "cat-file", "-e", f"{rev}:{HOOKS_FILE}"], cwd=repo, capture_output=True)
    if present.returncode != 0:
        pytest.skip(f"{HOOKS_FILE} is not committed at {rev[:12]} of {repo}; pre-commit only sees "
                    "committed hooks (commit it, or set FMLINT_HOOK_REPO/FMLINT_HOOK_REV to a clone that has it)")
    if repo == str(ROOT) and not os.environ.get("FMLINT_HOOK_REV"):
        committed = _git("show", f"{rev}:{HOOKS_FILE}", cwd=repo)
        if (ROOT / HOOKS_FILE).read_text("utf-8").strip() != committed:
            warnings.warn(f"{HOOKS_FILE} differs from HEAD; these tests run the committed version", stacklevel=1)
    return repo, rev


@pytest.fixture(scope="module")
def hook_source() -> tuple[str, str]:
    return _hook_source()


@pytest.fixture(scope="module")
def env(tmp_path_factory, hook_source) -> dict[str, str]:
    """Environment for git and pre-commit: a fresh module-wide PRE_COMMIT_HOME, a fixed
    identity, and no user or system git configuration (signing, hooksPath, templates)."""
    base = tmp_path_factory.mktemp("pre-commit")
    gitconfig = base / "gitconfig"
    gitconfig.write_text("")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "SKIP"}
    env.update(
        PRE_COMMIT_HOME=str(base / "home"),
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="fmlint tests",
        GIT_AUTHOR_EMAIL="tests@fmlint.invalid",
        GIT_COMMITTER_NAME="fmlint tests",
        GIT_COMMITTER_EMAIL="tests@fmlint.invalid",
    )
    return env


def _config(hook_source, hooks: list[tuple[str, list[str]]]) -> str:
    repo, rev = hook_source
    lines = ["repos:", f"  - repo: {repo}", f"    rev: {rev}", "    hooks:"]
    for hook_id, args in hooks:
        lines.append(f"      - id: {hook_id}")
        if args:
            lines.append(f"        args: [{', '.join(args)}]")
    return "\n".join(lines) + "\n"


def make_repo(path: Path, env, hook_source, files: dict[str, bytes], hooks) -> Path:
    """A git repository at ``path`` with ``files`` and a pre-commit config, all committed."""
    path.mkdir(parents=True, exist_ok=True)
    _git("-c", "init.defaultBranch=main", "init", "-q", cwd=path, env=env)
    (path / ".pre-commit-config.yaml").write_text(_config(hook_source, hooks))
    for name, data in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_bytes(data)
    _git("add", "-A", cwd=path, env=env)
    _git("commit", "-q", "-m", "articles", cwd=path, env=env)
    return path


def pre_commit(repo: Path, env, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*PRE_COMMIT, *args, "--color", "never"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=timeout)


def run_hook(repo: Path, env, hook_id: str, *extra: str) -> tuple[int, str]:
    result = pre_commit(repo, env, "run", hook_id, "--all-files", *extra)
    return result.returncode, result.stdout + result.stderr


def status(output: str, name: str) -> str:
    """``Passed``, ``Failed`` or ``Skipped`` from pre-commit's ``name......Status`` line."""
    match = re.search(rf"^{re.escape(name)}\.+(?:\(no files to check\))?(Passed|Failed|Skipped)$", output, re.M)
    assert match, f"no status line for {name!r} in:\n{output}"
    return match.group(1)


@pytest.fixture(scope="module")
def installed(tmp_path_factory, env, hook_source) -> float:
    """Build the hook environment once (clone + pip install of fmlint); returns seconds taken."""
    repo = make_repo(tmp_path_factory.mktemp("install"), env, hook_source, {},
                     [("fmlint", []), ("fmlint-fix", [])])
    start = time.monotonic()
    result = pre_commit(repo, env, "install-hooks", timeout=900)
    elapsed = time.monotonic() - start
    assert result.returncode == 0, f"pre-commit install-hooks failed:\n{result.stdout}{result.stderr}"
    return elapsed


@pytest.mark.parametrize("name", ["content/post.md", "content/post.markdown", "content/post.mdx"])
def test_check_hook_fails_on_broken_front_matter_and_prints_the_diagnostic(tmp_path, env, hook_source, installed, name):
    repo = make_repo(tmp_path / "site", env, hook_source, {name: BROKEN, "content/ok.md": CLEAN}, [("fmlint", [])])
    code, out = run_hook(repo, env, "fmlint")
    assert code == 1, out
    assert status(out, "fmlint") == "Failed"
    assert f"{name}:2:1: FM102 duplicate key \"a\"" in out
    assert f"{name}:3:1: FM102" in out
    assert "ok.md" not in out
    assert "files were modified" not in out
    assert (repo / name).read_bytes() == BROKEN


def test_check_hook_passes_clean_files_and_ignores_other_types(tmp_path, env, hook_source, installed):
    files = {"a.md": CLEAN, "b.markdown": CLEAN, "c.mdx": CLEAN, "README.md": b"# No front matter\n",
             "notes.txt": BROKEN, "data.yaml": b"a: 1\na: 2\n"}
    repo = make_repo(tmp_path / "site", env, hook_source, files, [("fmlint", [])])
    code, out = run_hook(repo, env, "fmlint", "--verbose")
    assert code == 0, out
    assert status(out, "fmlint") == "Passed"
    assert "All checks passed." in out  # --verbose shows the hook's output: it really ran


def test_fix_hook_repairs_the_file_fails_because_it_changed_it_then_passes(tmp_path, env, hook_source, installed):
    repo = make_repo(tmp_path / "site", env, hook_source, {"post.md": BOM, "ok.md": CLEAN}, [("fmlint-fix", [])])
    code, out = run_hook(repo, env, "fmlint-fix")
    assert code == 1, out
    assert status(out, "fmlint (fix)") == "Failed"
    assert "files were modified by this hook" in out
    assert (repo / "post.md").read_bytes() == BOM[3:]
    assert (repo / "ok.md").read_bytes() == CLEAN
    assert _git("status", "--porcelain", cwd=repo, env=env) == "M post.md"

    code, out = run_hook(repo, env, "fmlint-fix")
    assert code == 0, out
    assert status(out, "fmlint (fix)") == "Passed"
    assert (repo / "post.md").read_bytes() == BOM[3:]


def test_fix_hook_passes_without_touching_a_file_it_cannot_fix(tmp_path, env, hook_source, installed):
    # issue 17: the fix hook fails only when it changed a file; what it cannot fix is the check hook's
    repo = make_repo(tmp_path / "site", env, hook_source, {"dup.md": BROKEN, "yes.md": YAML11}, [("fmlint-fix", [])])
    code, out = run_hook(repo, env, "fmlint-fix", "--verbose")
    assert code == 0, out
    assert status(out, "fmlint (fix)") == "Passed"
    assert "files were modified" not in out
    assert "dup.md:2:1: FM102" in out
    assert "yes.md:2:12: FM105" in out  # only an unsafe fix exists: not applied by default
    assert (repo / "dup.md").read_bytes() == BROKEN
    assert (repo / "yes.md").read_bytes() == YAML11


def test_fix_hook_passes_args_through_unsafe_fixes(tmp_path, env, hook_source, installed):
    repo = make_repo(tmp_path / "site", env, hook_source, {"yes.md": YAML11}, [("fmlint-fix", ["--unsafe-fixes"])])
    code, out = run_hook(repo, env, "fmlint-fix")
    assert code == 1, out
    assert "files were modified by this hook" in out
    assert (repo / "yes.md").read_bytes() == b"---\npublished: true\n---\nBody.\n"
    code, out = run_hook(repo, env, "fmlint-fix")
    assert code == 0, out


@pytest.mark.parametrize("how", ["args", "config"])
def test_check_hook_applies_a_schema_from_args_or_the_config_file(tmp_path, env, hook_source, installed, how):
    article = (ROOT / "tests" / "data" / "article.md").read_bytes()
    files = {"_posts/good.md": article, "_posts/thin.md": CLEAN}
    args: list[str] = []
    if how == "args":
        args = ["--schema", "article"]
    else:
        files[".fmlint.toml"] = b'schema = "article"\n'
    repo = make_repo(tmp_path / "site", env, hook_source, files, [("fmlint", args)])
    code, out = run_hook(repo, env, "fmlint")
    assert code == 1, out
    assert '_posts/thin.md:1:1: FM201 missing required field "category"' in out
    assert "good.md" not in out


def _readme_config(index: int, hook_source) -> str:
    """The README's ``index``-th pre-commit snippet, its placeholders filled as the README says:
    the path of a copy of fmlint and a commit of it."""
    from readme_blocks import of_kind

    text = of_kind("pre-commit")[index].text
    repo, rev = hook_source
    return text.replace("/path/to/fmlint", repo).replace("<commit>", rev)


def test_the_readmes_hook_snippet_runs_fix_then_check_on_the_content_folder_only(tmp_path, env, hook_source,
                                                                                installed):
    article = (ROOT / "tests" / "data" / "article.md").read_bytes()
    repo = make_repo(tmp_path / "site", env, hook_source,
                     {"_posts/good.md": article, "_posts/thin.md": CLEAN, "notes/draft.md": CLEAN}, [])
    (repo / ".pre-commit-config.yaml").write_text(_readme_config(0, hook_source))
    _git("commit", "-qam", "the README's hooks", cwd=repo, env=env)
    result = pre_commit(repo, env, "run", "--all-files")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert (status(out, "fmlint (fix)"), status(out, "fmlint")) == ("Passed", "Failed")
    assert '_posts/thin.md:1:1: FM201 missing required field "category"' in out
    assert "good.md" not in out and "notes/draft.md" not in out  # files: ^_posts/


def test_the_readmes_local_hook_runs_the_installed_fmlint(tmp_path, env, hook_source):
    local_env = {**env, "PATH": str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")}
    repo = make_repo(tmp_path / "site", local_env, hook_source, {"post.md": BROKEN, "ok.md": CLEAN}, [])
    (repo / ".pre-commit-config.yaml").write_text(_readme_config(1, hook_source))
    _git("commit", "-qam", "the README's hooks", cwd=repo, env=local_env)
    code, out = run_hook(repo, local_env, "fmlint")
    assert code == 1 and status(out, "fmlint") == "Failed", out
    assert 'post.md:2:1: FM102 duplicate key "a"' in out and "ok.md" not in out
    (repo / "post.md").write_bytes(CLEAN)
    code, out = run_hook(repo, local_env, "fmlint")
    assert code == 0 and status(out, "fmlint") == "Passed", out
