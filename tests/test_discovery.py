"""Walking folders: extensions, .gitignore, hidden folders, symlinks out of the tree."""

from __future__ import annotations

import os

from fmlint.running.discovery import walk


def make(root, *names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\na: 1\n---\n")


def relative(root, found):
    return sorted(os.path.relpath(p, root) for p in found)


def test_gitignore_rules(tmp_path):
    make(tmp_path, "a.md", "build/b.md", "docs/c.md", "docs/keep.md", "docs/skip.md", "deep/x/tmp/d.md", "e.mdx")
    (tmp_path / ".gitignore").write_text("# comment\nbuild/\ntmp\n*.mdx\n")
    (tmp_path / "docs" / ".gitignore").write_text("*.md\n!keep.md\n")
    assert relative(tmp_path, walk(str(tmp_path))) == ["a.md", "docs/keep.md"]


def test_anchored_pattern_only_matches_at_its_folder(tmp_path):
    make(tmp_path, "drafts/a.md", "posts/drafts/b.md")
    (tmp_path / ".gitignore").write_text("/drafts\n")
    assert relative(tmp_path, walk(str(tmp_path))) == ["posts/drafts/b.md"]


def test_symlinks_are_not_followed_out_of_the_tree(tmp_path):
    outside = tmp_path / "outside"
    make(outside, "secret.md")
    tree = tmp_path / "tree"
    make(tree, "a.md", "real/b.md")
    (tree / "link.md").symlink_to(outside / "secret.md")
    (tree / "inner.md").symlink_to(tree / "a.md")
    (tree / "linkdir").symlink_to(outside, target_is_directory=True)
    (tree / "loop").symlink_to(tree, target_is_directory=True)
    assert relative(tree, walk(str(tree))) == ["a.md", "inner.md", "real/b.md"]
