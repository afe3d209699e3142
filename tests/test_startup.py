"""A one-file check (the pre-commit case) imports only what it uses (issue 14).

Start-up is most of a one-file run, and ``re`` caches nothing across processes, so every
module a run imports for nothing is paid by every commit.  These tests run the real
command (``python -X importtime -m fmlint check --no-cache FILE``) on an article of our
own and read the modules it imported from the interpreter's own report; no time is
measured (speed lives in ``bench/``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# What a `check` with the text output, no cache and no baseline never needs: the other
# formats' reporters, the cache, the baseline, the fixer, `init`'s inference, the language
# server, and stdlib modules only rare paths use (diffs, close matches, temporary files).
NOT_NEEDED = (
    "fmlint.reporting.concise", "fmlint.reporting.json_array", "fmlint.reporting.github",
    "fmlint.reporting.sarif", "fmlint.reporting.junit",
    "fmlint.running.cache", "fmlint.running.cache_store", "fmlint.running.baseline", "fmlint.running.infer",
    "fmlint.fixing.loop", "fmlint.fixing.atomic", "fmlint.server",
    "difflib", "hmac", "tempfile", "html", "importlib.resources", "pygls", "ftfy",
)

# An article of our own in the seed's format, with one planted slip: `published: yes` is
# true in YAML 1.1 and a string in YAML 1.2 (FM105, a warning), so the rules demonstrably ran.
# With the article schema it also lacks the required ``provider`` (FM201, an error: exit 1).
ARTICLE = """---
category: news
title: "Harbour pilots test a tide-aware berthing planner"
excerpt: "A port authority is trialling software that times berthing windows to the tide."
publishedDateTime: 2024-05-02T09:30:00Z
webUrl: "https://news.portwire.example/2024/05/02/tide-aware-berthing/"
type: article
published: yes
topics:
  - Logistics
---
Body text.
"""


def imported_modules(stderr: str) -> set[str]:
    """The module names in ``-X importtime``'s report (one line per module imported)."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name)
    return names


def run_check(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "fmlint", "check", "--no-cache", *args],
                          cwd=folder, capture_output=True, text=True, timeout=120)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "2024-05-02-tide-aware-berthing.md"
    path.write_text(ARTICLE, "utf-8")
    return path


@pytest.mark.parametrize(("schema", "exit_code"), [((), 0), (("--schema", "article"), 1)], ids=["no-schema", "schema"])
def test_a_one_file_check_imports_nothing_it_does_not_use(article, schema, exit_code):
    result = run_check(article.parent, *schema, article.name)
    assert result.returncode == exit_code, result.stderr[-2000:]
    assert "FM105" in result.stdout  # the rules ran: the planted slip is reported
    assert ("FM201" in result.stdout) == bool(schema)
    modules = imported_modules(result.stderr)
    assert "fmlint.rules.engine" in modules and "fmlint.reporting.text" in modules  # the report is read right
    assert sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in NOT_NEEDED)) == []


def test_the_json_output_loads_only_its_own_reporter(article):
    result = run_check(article.parent, "--format", "json", article.name)
    assert result.returncode == 0 and '"FM105"' in result.stdout
    modules = imported_modules(result.stderr)
    assert "fmlint.reporting.json_array" in modules
    reporters = sorted(m for m in modules if m.startswith("fmlint.reporting.") and m != "fmlint.reporting.common")
    assert reporters == ["fmlint.reporting.json_array"]


def test_no_config_file_means_no_toml_parser(article):
    """tomllib compiles its regexes at import; only a TOML config (or TOML front matter) needs it."""
    above = [folder for folder in [article.parent, *article.parent.parents]
             if (folder / ".fmlint.toml").exists() or (folder / "pyproject.toml").exists()]
    if above:
        pytest.skip(f"a config file lies above the temporary folder: {above[0]}")
    result = run_check(article.parent, article.name)
    assert result.returncode == 0 and "FM105" in result.stdout
    assert "tomllib" not in imported_modules(result.stderr)
    (article.parent / ".fmlint.toml").write_text('select = ["FM1"]\n', "utf-8")
    with_config = run_check(article.parent, article.name)
    assert with_config.returncode == 0 and "FM105" in with_config.stdout
    assert "tomllib" in imported_modules(with_config.stderr)  # the test would see it if it were imported


def test_a_selection_imports_only_the_families_it_reaches(article):
    """``--select FM1`` runs the syntax rules: the text rules (their tables and regexes), the
    date, URL and image families and the schema library are never imported."""
    result = run_check(article.parent, "--select", "FM1", article.name)
    assert result.returncode == 0 and "FM105" in result.stdout and "FM6" not in result.stdout
    modules = imported_modules(result.stderr)
    assert "fmlint.rules.syntax" in modules
    families = ("fmlint.rules.text", "fmlint.rules.dates", "fmlint.rules.urls", "fmlint.rules.images",
                "fmlint.rules.fields", "jsonschema_rs")
    assert sorted(m for m in modules if m.startswith(families)) == []
    everything = run_check(article.parent, article.name)  # the default selection reaches every family
    assert {"fmlint.rules.text.apostrophes", "fmlint.rules.dates"} <= imported_modules(everything.stderr)
