"""Every snippet in README.md, run: commands on copies of examples/, configs loaded, outputs compared.

tests/readme_blocks.py says how a block's directive (an HTML comment before it) tells what
the block is and what it should give.  The pre-commit snippets run in test_precommit.py and
the GitHub workflow in test_action.py; this module checks that those kinds are the only
ones left to them, and runs everything else.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import run_cli
from readme_blocks import ROOT, Block, blocks, commands, console_output, of_kind, section

SCHEMA_SOURCE = ROOT / "src" / "fmlint" / "running" / "config_schema.json"
EDITOR_SCHEMA = ROOT / "editors" / "fmlint-config.schema.json"
BIN = str(Path(sys.executable).parent)
ELSEWHERE = {"pre-commit": "test_precommit.py", "github-workflow": "test_action.py"}
PLACEHOLDER = re.compile(r"<[^<>\n]+>|/path/to/fmlint")


def copy_site(block: Block, into: Path) -> Path:
    """A temporary copy of the directive's ``site`` (``SRC`` or ``SRC:DEST``), bounded by a
    ``.git`` folder so that no config or generator above it counts; returns where to run."""
    into.mkdir(parents=True, exist_ok=True)
    (into / ".git").mkdir(exist_ok=True)
    source, _, destination = block.directive["site"].partition(":")
    shutil.copytree(ROOT / source, into / destination if destination else into, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".fmlint_cache"))
    if "drop" in block.directive:
        (into / block.directive["drop"]).unlink()
    if "edit" in block.directive:
        page = into / block.directive["edit"]
        text = page.read_text("utf-8")
        assert block.directive["replace"] in text, f"{block.where}: nothing to replace in {page}"
        page.write_text(text.replace(block.directive["replace"], block.directive["with"], 1), "utf-8")
    return into


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """``command`` as a user types it, with this environment's fmlint and python first on PATH.

    A plain ``fmlint ...`` command (no shell syntax) runs in this process, which is quicker
    and gives the same output; anything else goes to bash."""
    words = shlex.split(command, comments=True)
    if words[:1] == ["fmlint"] and not re.search(r"[&|;<>$`]", command):
        code, out, err = run_cli(*words[1:], cwd=cwd)
        return subprocess.CompletedProcess(words, code, out, err)
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", ""), "NO_COLOR": "1"}
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def run_commands(block: Block, tmp_path: Path) -> list[subprocess.CompletedProcess]:
    """Each command of the block in the site's copy (a fresh copy each with ``fresh``), with
    the exit code the directive states."""
    lines = commands(block)
    assert lines, f"{block.where}: no command"
    results, where = [], copy_site(block, tmp_path / "0")
    for index, (command, expected) in enumerate(zip(lines, block.exits(len(lines)), strict=True)):
        if block.directive.get("fresh") and index:
            where = copy_site(block, tmp_path / str(index))
        result = shell(command, where)
        assert result.returncode == expected, (f"{block.where}: `{command}` exited {result.returncode}, "
                                               f"the README says {expected}\n{result.stdout}{result.stderr}")
        assert "Traceback" not in result.stderr, result.stderr
        results.append(result)
    return results


def run_shell_block(block: Block, tmp_path: Path) -> None:
    assert "site" in block.directive, f"{block.where}: a command block needs <!-- test: site=... -->"
    results = run_commands(block, tmp_path)
    if block.info == "console":
        assert "".join(result.stdout for result in results) == console_output(block), block.where


def run_output_block(block: Block, tmp_path: Path) -> None:
    """An output shown in the README is part of what its command prints today."""
    result = shell(block.directive["run"], copy_site(block, tmp_path))
    assert result.returncode == int(block.directive["exit"]), result.stdout + result.stderr
    assert block.text in result.stdout, f"{block.where}: not in the output of {block.directive['run']}"


def run_ci_block(block: Block, tmp_path: Path) -> None:
    """The first screen's commands are the ones .ci/run runs, word for word."""
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    for command in commands(block):
        assert command in ci, f"{block.where}: .ci/run does not run `{command}`"


def run_usage_block(block: Block, tmp_path: Path) -> None:
    """Every command and option the summary names is one the CLI has."""
    helps = {name: run_cli(name, "--help")[1] for name in ("check", "fix", "init")}
    assert all(helps.values())
    listed = run_cli("--help")[1]
    for command in re.findall(r"^fmlint (\w+)", block.text, re.M):
        assert re.search(rf"^\s+{command}\b", listed, re.M), f"{block.where}: no command `fmlint {command}`"
    for option in set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", block.text)):
        assert any(re.search(rf"{option}\b", text) for text in helps.values()), f"{block.where}: no {option}"


def editor_schema() -> dict:
    return json.loads(EDITOR_SCHEMA.read_text("utf-8"))


def validate_config(table: dict, where: str) -> None:
    validator = jsonschema.Draft202012Validator(editor_schema(), format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(table)]
    assert not errors, f"{where}: the config schema rejects the snippet: {errors}"


def run_config_block(block: Block, tmp_path: Path) -> None:
    """A config snippet: valid for the schema editors get, and loaded by fmlint without error."""
    if "file" in block.directive:
        assert (ROOT / block.directive["file"]).read_text("utf-8") == block.text, f"{block.where} differs"
    data = tomllib.loads(block.text)
    in_pyproject = "tool" in data
    table = data["tool"]["fmlint"] if in_pyproject else data
    validate_config(table, block.where)
    if "schema" in block.directive:
        named = re.match(r"#:schema (\S+)\n", block.text)
        assert named and Path(named.group(1)).name == block.directive["schema"] == EDITOR_SCHEMA.name
        shutil.copy(EDITOR_SCHEMA, tmp_path / named.group(1))
    config = tmp_path / ("pyproject.toml" if in_pyproject else ".fmlint.toml")
    config.write_text(block.text, "utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / "page.md").write_text("---\ntitle: A page\n---\n", "utf-8")
    code, out, err = run_cli("check", "--show-config", "page.md", cwd=tmp_path)
    assert code == 0, f"{block.where}: {err}"
    shown = json.loads(out)
    assert shown["config"] == str(config)
    assert shown["preset"] == (table.get("preset") if table.get("preset") != "none" else None)


def run_taplo_block(block: Block, tmp_path: Path) -> None:
    """taplo's rule gives the copied schema to [tool.fmlint] in pyproject.toml."""
    rules = tomllib.loads(block.text)["rule"]
    assert [(rule["include"], rule["keys"]) for rule in rules] == [(["pyproject.toml"], ["tool.fmlint"])]
    assert Path(rules[0]["schema"]["path"]).name == block.directive["schema"] == EDITOR_SCHEMA.name


def run_server_command(command: list[str], where: str) -> None:
    assert command[:2] == ["fmlint", "server"], f"{where}: {command}"
    result = shell(" ".join([*command, "--help"]), ROOT)
    assert result.returncode == 0 and "language server" in result.stdout.lower(), where


def run_helix_block(block: Block, tmp_path: Path) -> None:
    data = tomllib.loads(block.text)
    server = data["language-server"]["fmlint"]
    run_server_command([server["command"], *server["args"]], block.where)
    assert "fmlint" in data["language"][0]["language-servers"]


def run_neovim_block(block: Block, tmp_path: Path) -> None:
    command = re.search(r"cmd = \{([^}]*)\}", block.text)
    assert command, block.where
    run_server_command(re.findall(r'"([^"]+)"', command.group(1)), block.where)
    assert '"markdown"' in block.text


def run_pip_block(block: Block, tmp_path: Path) -> None:
    """``pip install /path/to/fmlint[extras]``: this folder is an installable fmlint with those
    extras (installing it is what .ci/run does)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == "fmlint"
    for command in commands(block):
        target = re.fullmatch(r"pip install '?/path/to/fmlint(?:\[([\w,]+)\])?'?", command)
        assert target, f"{block.where}: `{command}` is not an install of a copy of fmlint"
        for extra in filter(None, (target.group(1) or "").split(",")):
            assert extra in project["optional-dependencies"], f"{block.where}: no extra [{extra}]"


def run_gitlab_block(block: Block, tmp_path: Path) -> None:
    """The job's script on a copy of the site (the install line names your repository, so
    it is the one line not run), and the junit report it hands to GitLab."""
    job = yaml.safe_load(block.text)["front-matter"]
    install, *rest = job["script"]
    assert install.startswith("pip install ") and PLACEHOLDER.search(install), install
    site = copy_site(block, tmp_path)
    for command in rest:
        result = shell(command, site)
        assert result.returncode == int(block.directive["exit"]), result.stdout + result.stderr
    report = site / job["artifacts"]["reports"]["junit"]
    assert "<testsuite" in report.read_text("utf-8") and "FM201" in report.read_text("utf-8")


def run_python_block(block: Block, tmp_path: Path) -> None:
    site = copy_site(block, tmp_path)
    result = subprocess.run([sys.executable, "-c", block.text], cwd=site, capture_output=True, text=True, timeout=60)
    assert result.returncode == int(block.directive["exit"]), result.stderr
    assert "FM201" in result.stdout and "fixes" in result.stdout, result.stdout


RUNNERS = {"sh": run_shell_block, "console": run_shell_block, "output": run_output_block, "ci": run_ci_block,
           "usage": run_usage_block, "toml": run_config_block, "taplo": run_taplo_block, "helix": run_helix_block,
           "neovim": run_neovim_block, "pip": run_pip_block, "gitlab-ci": run_gitlab_block,
           "python": run_python_block}


@pytest.mark.parametrize("block", blocks(), ids=lambda block: f"line{block.line}-{block.kind}")
def test_each_readme_snippet_runs_and_gives_what_the_readme_says(block, tmp_path):
    if "skip" in block.directive:
        pytest.skip(f"{block.where}: {block.directive['skip']}")
    if block.kind in ELSEWHERE:
        pytest.skip(f"{block.where} runs in tests/{ELSEWHERE[block.kind]}")
    assert block.kind in RUNNERS, f"{block.where}: no test runs a ```{block.info} block of kind {block.kind!r}"
    RUNNERS[block.kind](block, tmp_path)


def test_every_block_is_of_a_kind_some_test_runs():
    kinds = {block.kind for block in blocks()}
    assert kinds <= set(RUNNERS) | set(ELSEWHERE), kinds - set(RUNNERS) - set(ELSEWHERE)
    assert of_kind("pre-commit") and of_kind("github-workflow") and of_kind("ci")


def test_the_config_reference_names_every_key_the_config_schema_has():
    schema = json.loads(SCHEMA_SOURCE.read_text("utf-8"))
    text = section("Configuration")
    reference = tomllib.loads(text[text.index("```toml\n") + 8:text.index("```\n", text.index("```toml\n") + 8)])
    assert set(reference) == set(schema["properties"])
    collection = schema["properties"]["collections"]["items"]["properties"]
    assert set(reference["collections"][0]) == set(collection)


def test_the_editors_copy_of_the_config_schema_is_the_one_fmlint_uses():
    assert EDITOR_SCHEMA.read_bytes() == SCHEMA_SOURCE.read_bytes(), (
        f"cp {SCHEMA_SOURCE.relative_to(ROOT)} {EDITOR_SCHEMA.relative_to(ROOT)}")
    schema = editor_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("https://") and schema["title"] == "fmlint configuration"
    assert f"`{EDITOR_SCHEMA.relative_to(ROOT)}`" in section("Configuration")


def test_the_config_schema_rejects_what_fmlint_rejects(tmp_path):
    """The editors' schema is no looser than fmlint: a typo key fails both."""
    with pytest.raises(AssertionError, match="tittle|Additional properties"):
        validate_config({"preset": "hugo", "tittle": 1}, "a typo")
    (tmp_path / ".fmlint.toml").write_text('preset = "hugo"\ntittle = 1\n')
    assert run_cli("check", ".", cwd=tmp_path)[0] == 2


def test_there_is_a_use_it_on_your_site_section_per_preset_with_an_example_site():
    from fmlint.running import presets

    text = section("Use it on your site")
    sites = {block.directive["site"] for block in blocks() if block.directive.get("site", "").startswith(
        "examples/") and block.line > 0}
    for name in presets.names():
        example = name if name != "astro" else "starlight"  # Astro shares Starlight's section and example
        assert f"examples/{example}/.fmlint.toml" in text, name
        assert f"examples/{example}" in sites, name
