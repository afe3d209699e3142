"""Where the repository's vocabulary comes from without a config (the git work tree's root;
never the current folder: a file checked from a home folder must not make fmlint walk it), what it leaves out (what .gitignore hides), and `--no-cache`
(the vocabulary's cache is neither read nor written).  Real git repositories on disk."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import run_json

from fmlint.running import vocabulary_walk
from fmlint.running.vocabulary_walk import content_files, repository_root

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
SITE = ["Microsoft’s Power Platform grows.", "Microsoft’s new tools ship.", "Read Microsoft’s blog today."]
CHANGED = 'title: "Microsofts Power Apps ships"\n'


def doc(front_matter: str) -> str:
    return f"---\n{front_matter}---\nbody\n"


def _site(root, folder: str = "content"):
    """Three files writing ``Microsoft’s`` and the changed one without its apostrophe (no config)."""
    (root / folder).mkdir(parents=True, exist_ok=True)
    for index, sentence in enumerate(SITE):
        (root / folder / f"other{index}.md").write_text(doc(f'title: "{sentence}"\n'), "utf-8")
    changed = root / "content" / "changed.md"
    changed.parent.mkdir(parents=True, exist_ok=True)
    changed.write_text(doc(CHANGED), "utf-8")
    return changed


def _git_init(root) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)


def _severities(*args, cwd):
    code, records = run_json(*args, "--select", "FM613", cwd=cwd)
    return code, [(r["severity"], r["message"]) for r in records]


@needs_git
def test_without_a_config_the_git_root_holds_the_vocabulary(tmp_path):
    """pre-commit in a repository with no config: one file passed, the site's words found."""
    _git_init(tmp_path)
    changed = _site(tmp_path)
    for cwd, path in ((tmp_path, "content/changed.md"), (changed.parent, "changed.md"), (tmp_path.parent,
                                                                                        str(changed))):
        code, found = _severities(path, cwd=cwd)
        assert code == 1 and found[0][0] == "error", (cwd, found)
        assert '"Microsoft’s" appears in 3 files of the site' in found[0][1]
    assert repository_root(str(changed.parent)) == str(tmp_path)


def test_without_git_or_config_no_folder_is_walked(tmp_path, monkeypatch):
    changed = _site(tmp_path)
    code, found = _severities("content/changed.md", cwd=tmp_path)
    assert not any("files of the site" in message for _, message in found), found
    monkeypatch.chdir(tmp_path)
    assert repository_root(str(changed.parent)) is None  # not the current folder, not its parent


@needs_git
def test_what_gitignore_hides_teaches_nothing(tmp_path):
    _git_init(tmp_path)
    _site(tmp_path, folder="_site")  # the evidence only in a build's output
    (tmp_path / ".gitignore").write_text("_site/\n", "utf-8")
    code, found = _severities("content/changed.md", cwd=tmp_path)
    assert [severity for severity, _ in found] == ["warning"]  # English evidence only
    listed = sorted(relative for _, relative in content_files(str(tmp_path)))
    assert listed == ["content/changed.md"]
    (tmp_path / ".gitignore").write_text("", "utf-8")
    assert sorted(relative for _, relative in content_files(str(tmp_path)))[0] == "_site/other0.md"
    assert _severities("content/changed.md", cwd=tmp_path)[1][0][0] == "error"


@needs_git
def test_a_slow_git_means_the_plain_walk(tmp_path, monkeypatch):
    _git_init(tmp_path)
    _site(tmp_path, folder="_site")
    (tmp_path / ".gitignore").write_text("_site/\n", "utf-8")
    monkeypatch.setattr(vocabulary_walk, "GIT_SECONDS", 0.0)  # killed at once
    assert vocabulary_walk._git_listing(str(tmp_path)) is None
    assert len(list(content_files(str(tmp_path)))) == 4  # the walk: .gitignore not read
    monkeypatch.setattr(vocabulary_walk, "GIT_SECONDS", 10.0)
    monkeypatch.setattr(vocabulary_walk, "GIT_MAX_BYTES", 10)  # a listing too large
    assert vocabulary_walk._git_listing(str(tmp_path)) is None


def test_no_cache_neither_reads_nor_writes_the_vocabulary_cache(tmp_path):
    (tmp_path / ".fmlint.toml").write_text("", "utf-8")
    _site(tmp_path)
    code, found = _severities("--no-cache", "content/changed.md", cwd=tmp_path)
    assert found[0][0] == "error" and not (tmp_path / ".fmlint_cache").exists()  # nothing written
    _severities("content/changed.md", cwd=tmp_path)  # the cache is written
    cache = tmp_path / ".fmlint_cache" / "vocabulary.json"
    written = cache.read_bytes()
    for index in range(3):  # the evidence goes, but size and time stay: only a re-read can tell
        other = tmp_path / "content" / f"other{index}.md"
        status = other.stat()
        other.write_text(other.read_text("utf-8").replace("Microsoft’s", "Microsoftabcd"), "utf-8")  # same bytes
        assert other.stat().st_size == status.st_size
        os.utime(other, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert [s for s, _ in _severities("content/changed.md", cwd=tmp_path)[1]] == ["error"]  # the stale cache
    assert [s for s, _ in _severities("--no-cache", "content/changed.md", cwd=tmp_path)[1]] == ["warning"]
    assert cache.read_bytes() == written


def _reference_listed(root: str, listed: list[str], exclude: tuple[str, ...]) -> list[tuple[str, str]]:
    """What ``_listed`` gave before its folders were decided once each: every file's steps
    checked on their own (hidden, skipped, excluded, a link)."""
    from fmlint.running.globs import glob_matches

    found = []
    for relative in listed:
        steps = relative.split("/")
        if not relative.endswith((".md", ".markdown", ".mdx")) or any(
                step.startswith(".") or step in ("node_modules", "__pycache__") for step in steps[:-1]):
            continue
        prefixes = ["/".join(steps[:depth]) for depth in range(1, len(steps))]
        if exclude and any(glob_matches(p, relative) or any(glob_matches(p, d, descendants=True) for d in prefixes)
                           for p in exclude):
            continue
        if not any(os.path.islink(os.path.join(root, *prefix.split("/"))) for prefix in prefixes):
            found.append((os.path.join(root, *steps), relative))
    return found


@pytest.mark.parametrize("exclude", [(), ("drafts/**",), ("*/old.md", "a/b"), ("**/x.md",)])
def test_the_listing_keeps_what_each_file_checked_alone_kept(tmp_path, exclude):
    """Folders hidden, skipped, excluded or linked, at several depths, in git's sorted order."""
    for folder in ("a/b", "a/c", "drafts/d", "real"):
        (tmp_path / folder).mkdir(parents=True)
    os.symlink(tmp_path / "real", tmp_path / "a" / "link")
    names = ["x.md", "old.md", "y.txt", "z.mdx"]
    folders = ["", "a", "a/b", "a/c", "a/link", "a/link/deep", ".hidden", "a/.git", "node_modules/p", "drafts",
               "drafts/d", "real", "_site/node_modules"]
    listed = sorted(f"{folder}/{name}".lstrip("/") for folder in folders for name in names)
    kept = list(vocabulary_walk._listed(str(tmp_path), listed, exclude))
    assert kept == _reference_listed(str(tmp_path), listed, exclude)
    assert any(relative.startswith("a/b/") for _, relative in kept) != ("a/b" in exclude)
    assert not any("/link/" in relative or relative.startswith(".hidden") for _, relative in kept)
