"""The GitHub Action (action.yml): its structure, and its check step run as GitHub runs it.

The step's `${{ }}` expressions are filled in as GitHub would (inputs from the README's
workflow, else their defaults) and the script runs in `bash --noprofile --norc -eo pipefail`,
GitHub's shell for `shell: bash`, with this environment's fmlint on PATH; one test runs the
install step too, into a fresh virtual environment (what setup-python gives: a bare Python
with pip), and then the check step with the fmlint it installed (~30 s: pip builds the
repository and fetches its dependencies from the package index, as on GitHub).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from readme_blocks import ROOT, of_kind

ACTION = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
STEPS = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def step(name: str) -> dict:
    return next(each for each in STEPS if each.get("name") == name)


def evaluate(value: str, inputs: dict[str, str]) -> str:
    """A `${{ }}` expression as GitHub fills it: an input, or the action's own folder."""
    def one(match: re.Match) -> str:
        context, _, key = match.group(1).partition(".")
        if context == "inputs":
            return inputs.get(key, ACTION["inputs"][key].get("default", ""))
        assert match.group(1) == "github.action_path", match.group(1)
        return str(ROOT)
    return EXPRESSION.sub(one, str(value))


def run_step(each: dict, inputs: dict[str, str], cwd: Path, bin_folder: Path | None = None,
             timeout: int = 120) -> subprocess.CompletedProcess:
    """Run one `run:` step as GitHub does, with ``bin_folder`` (default: this Python's) first on PATH."""
    folder = bin_folder or Path(sys.executable).parent
    env = {**os.environ, **{key: evaluate(value, inputs) for key, value in each.get("env", {}).items()},
           "PATH": str(folder) + os.pathsep + os.environ.get("PATH", "")}
    env.pop("VIRTUAL_ENV", None)
    assert each["shell"] == "bash"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", each["run"]], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=timeout)


def test_the_action_is_a_composite_that_sets_up_python_installs_itself_and_checks():
    assert ACTION["runs"]["using"] == "composite" and ACTION["name"] and ACTION["description"]
    assert set(ACTION["inputs"]) == {"paths", "args", "python-version"}
    assert all(each.get("description") and "default" in each for each in ACTION["inputs"].values())
    setup = STEPS[0]
    assert setup["uses"].startswith("actions/setup-python@v")
    assert setup["with"]["python-version"] == "${{ inputs.python-version }}"
    install = step("Install fmlint")
    assert install["env"] == {"FMLINT_SOURCE": "${{ github.action_path }}"}
    assert re.fullmatch(r'python -m pip install [^"]*"\$FMLINT_SOURCE"', install["run"].strip())
    assert "fmlint check --format github" in step("Check front matter")["run"]


def test_no_input_is_spliced_into_a_script():
    """Expressions in `run:` would let an input inject shell; they go through `env:` only."""
    for each in STEPS:
        assert "${{" not in each.get("run", ""), each


@pytest.fixture
def site(tmp_path) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copytree(ROOT / "examples", tmp_path / "content", ignore=shutil.ignore_patterns(".fmlint_cache"))
    return tmp_path


def readme_workflow_inputs() -> dict[str, str]:
    """The `with:` of the README workflow's fmlint step, checked against the action's inputs."""
    (block,) = of_kind("github-workflow")
    steps = yaml.safe_load(block.text)["jobs"]["front-matter"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    (ours,) = [each for each in steps if "fmlint@" in each.get("uses", "")]
    assert set(ours["with"]) <= set(ACTION["inputs"]), ours["with"]
    return {key: str(value) for key, value in ours["with"].items()}


def test_the_readme_workflow_annotates_each_problem_on_its_file_and_line(site):
    (block,) = of_kind("github-workflow")
    result = run_step(step("Check front matter"), readme_workflow_inputs(), site)
    assert result.returncode == int(block.directive["exit"]), result.stdout + result.stderr
    annotations = re.findall(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+)[^:]*::(.*)$",
                             result.stdout, re.M)
    assert len(annotations) == len(result.stdout.splitlines()) >= 15
    assert ("error", "content/broken/2024-03-06-misspelt-key.md", "3", "1",
            'missing required field "title"; "tittle" looks like a typo of it') in annotations
    assert all((site / path).is_file() for _, path, *_ in annotations)
    assert ("warning", "content/broken/2024-03-13-bom-crlf.md") in {(kind, path) for kind, path, *_ in annotations}


def test_the_defaults_check_the_working_folder_and_pass_a_clean_site(tmp_path):
    shutil.copytree(ROOT / "examples" / "hugo", tmp_path, dirs_exist_ok=True)
    (tmp_path / ".git").mkdir()
    result = run_step(step("Check front matter"), {}, tmp_path)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    (tmp_path / "content" / "bad.md").write_text("---\ntitle: x\ndraft: 'no'\n---\n")
    result = run_step(step("Check front matter"), {"args": "--preset hugo --strict"}, tmp_path)
    assert result.returncode == 1 and "::error file=content/bad.md,line=3" in result.stdout


def test_input_words_are_not_globbed_or_run(site):
    result = run_step(step("Check front matter"), {"paths": "content/*.md", "args": "$(touch pwned)"}, site)
    assert result.returncode == 2 and not (site / "pwned").exists()


def test_the_install_step_installs_this_fmlint_and_the_check_step_runs_it(tmp_path):
    """Both steps for real: a bare Python (as setup-python leaves it), the action's own
    `pip install` of the repository, then the check step with the fmlint it installed."""
    python = tmp_path / "python"
    subprocess.run([sys.executable, "-m", "venv", str(python)], check=True, timeout=120)
    folder = python / "bin"
    installed = run_step(step("Install fmlint"), {}, tmp_path, folder, timeout=600)
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
    assert (folder / "fmlint").is_file()
    site = tmp_path / "site"
    shutil.copytree(ROOT / "examples" / "broken", site)
    (site / ".git").mkdir()
    result = run_step(step("Check front matter"), {}, site, folder)
    assert result.returncode == 1, result.stderr
    assert re.search(r"^::error file=2024-03-09-duplicate-key\.md,line=11,col=1,.*FM102", result.stdout, re.M), result.stdout
