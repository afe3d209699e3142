"""The command line on real files: output, exit codes, options, config."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli, run_json

from fmlint import reporting
from fmlint.cli import FORMATS
from fmlint.rules import catalog

JSON_KEYS = ["path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message",
             "pointer", "fixable"]


@pytest.fixture
def project(tmp_path, seed_text):
    (tmp_path / "_news").mkdir()
    (tmp_path / "_news" / "2023-09-12-good.md").write_text(seed_text)
    (tmp_path / "_news" / "2023-09-13-bad.md").write_text(seed_text.replace("    width: 1200", '    width: "1200px"'))
    (tmp_path / "README.md").write_text("# A site\n")
    (tmp_path / ".fmlint.toml").write_text('[[collections]]\ninclude = ["_news/**/*.md"]\nschema = "article"\n')
    return tmp_path


def test_text_output_has_location_code_source_and_caret(project):
    code, out, _ = run_cli("check", "_news", cwd=project)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (f"{Path('_news', '2023-09-13-bad.md')}:28:12: FM402 [*] images[0].width: \"1200px\" is text, "
                        "not an integer; write 1200")
    assert lines[1] == '      width: "1200px"'
    assert lines[2] == "             ^^^^^^^^"
    assert lines[-1] == "Found 1 problem in 1 file. [*] 1 fixable with `fmlint fix`."


def test_json_output_has_exactly_the_stable_keys(project):
    code, records = run_json(".", cwd=project)
    assert code == 1
    assert [list(record) for record in records] == [JSON_KEYS]
    assert records[0] | {"path": None} == {
        "path": None, "line": 28, "column": 12, "end_line": 28, "end_column": 20, "code": "FM402",
        "name": "image-size-not-integer", "severity": "error",
        "message": 'images[0].width: "1200px" is text, not an integer; write 1200',
        "pointer": "/images/0/width", "fixable": True}


def test_clean_run_exits_zero(project):
    code, out, _ = run_cli("check", "_news/2023-09-12-good.md", cwd=project)
    assert (code, out.strip()) == (0, "All checks passed.")


def test_collections_decide_the_schema(project):
    # README.md matches no collection: only schema-independent rules, so no FM005 for it.
    code, records = run_json(".", cwd=project)
    assert {r["path"] for r in records} == {str(Path("_news", "2023-09-13-bad.md"))}


def test_schema_option_forces_one_schema(project):
    code, records = run_json("--schema", "article", "README.md", cwd=project)
    assert (code, [r["code"] for r in records]) == (1, ["FM005"])


def test_select_and_ignore_by_prefix(project):
    assert run_json("--ignore", "FM2,FM4", ".", cwd=project) == (0, [])
    assert run_json("--select", "FM1", ".", cwd=project) == (0, [])
    code, records = run_json("--select", "FM2", "--ignore", "FM201", ".", cwd=project)
    assert [r["code"] for r in records] == ["FM202"]


def test_config_select_and_ignore(project):
    (project / ".fmlint.toml").write_text(
        'ignore = ["FM202", "FM402"]\n[[collections]]\ninclude = ["_news/**/*.md"]\nschema = "article"\n')
    assert run_json(".", cwd=project) == (0, [])


def test_pyproject_config_is_found_walking_up(tmp_path, seed_text):
    (tmp_path / "pyproject.toml").write_text('[tool.fmlint]\nschema = "article"\n')
    deep = tmp_path / "content" / "posts"
    deep.mkdir(parents=True)
    (deep / "a.md").write_text(seed_text.replace("type: article\n", "", 1))
    code, records = run_json(str(deep / "a.md"), cwd=tmp_path)
    assert [r["message"] for r in records] == ['missing required field "type"']


@pytest.mark.parametrize(
    "config, message",
    [
        ('selct = ["FM1"]\n', '.fmlint.toml:1: unknown key "selct" (did you mean "select"?)'),
        ('select = "FM1"\n', '.fmlint.toml:1: select: "FM1" is not a list'),
        ('ignore = ["FM1"]\n[[collections]]\nschema = "article"\n', '.fmlint.toml:2: missing key "collections[0].include"'),
        ('[[collections]]\ninclude = ["*.md"]\nschema = "nope"\n', "schema 'nope' not found"),
        ("select = [\n", "invalid TOML"),
        ('select = ["FM1"]\n\n[severity]\nFM105 = "fatal"\n', '.fmlint.toml:4: severity.FM105: "fatal" is not one of'),
        ('future-days = -1\n', ".fmlint.toml:1: future-days: -1 is less than the minimum of 0"),
    ],
)
def test_bad_config_is_a_clear_error_with_exit_2(tmp_path, config, message):
    (tmp_path / ".fmlint.toml").write_text(config)
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n")
    code, out, err = run_cli("check", "a.md", cwd=tmp_path)
    assert code == 2
    assert message in err and ".fmlint.toml" in err


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("check", "no-such-file.md", cwd=tmp_path)[0] == 2
    assert run_cli("check", "--schema", "no-such-schema", ".", cwd=tmp_path)[0] == 2
    assert run_cli("check", "--format", "xml", ".", cwd=tmp_path)[0] == 2
    assert run_cli("rule", "FM999")[0] == 2


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--select", "XYZ"], '--select: unknown rule code "XYZ" (see `fmlint rules`)'),
        (["--ignore", "FM2O1"], '--ignore: unknown rule code "FM2O1" (did you mean FM201?)'),
        (["--extend-select", "nonsense"], '--extend-select: unknown rule code "nonsense"'),
        (["--select", "FM1,FM999"], '--select: unknown rule code "FM999"'),
        (["--select", "201"], '--select: unknown rule code "201" (did you mean FM201?)'),
        (["--select", "FM9"], '--select: unknown rule code "FM9"'),
        (["--ignore", "yaml11-value"], '"yaml11-value" (that is the name of FM105; rules are selected by code)'),
    ],
)
def test_an_unknown_code_on_the_command_line_is_a_usage_error(args, message):
    code, out, err = run_cli("check", *args, str(EXAMPLES / "broken"))
    assert code == 2 and message in err and out == "" and "Traceback" not in err
    assert run_cli("fix", "--diff", *args, str(EXAMPLES / "broken"))[0] == 2


def test_known_codes_and_prefixes_in_any_case_still_select(tmp_path):
    (tmp_path / "a.md").write_text("---\npublished: yes\n---\n")
    for selected in ("FM", "fm1", "FM10", "FM105", "ALL", "all"):
        assert [r["code"] for r in run_json("--select", selected, "a.md", cwd=tmp_path)[1]] == ["FM105"], selected
    assert run_json("--ignore", "fm105", "a.md", cwd=tmp_path) == (0, [])


def test_rule_explains_one_rule_and_refuses_anything_else():
    code, _, err = run_cli("rule", "FM999")
    assert code == 2 and 'unknown rule "FM999" (see `fmlint rules`)' in err
    code, _, err = run_cli("rule", "FM2O1")
    assert code == 2 and "did you mean missing-field (FM201)?" in err
    code, _, err = run_cli("rule", "FM10")
    assert code == 2 and '"FM10" selects ' in err and "(FM101, FM102," in err and "name a single rule" in err
    assert run_cli("rule", "fm105")[0] == 0


def test_file_list_on_stdin(project):
    code, out, _ = run_cli("check", "--format", "json", "-", cwd=project,
                           input="_news/2023-09-13-bad.md\n_news/2023-09-12-good.md\n")
    assert code == 1 and len(json.loads(out)) == 1


def test_walk_finds_markdown_variants_and_skips_hidden_folders(tmp_path):
    for name in ("a.md", "b.markdown", "c.mdx", "d.txt", ".git/e.md", "node_modules/f.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\npublished: yes\n---\n")
    code, records = run_json(".", cwd=tmp_path)
    assert sorted(r["path"] for r in records) == ["a.md", "b.markdown", "c.mdx"]


def test_unreadable_file_is_a_diagnostic(tmp_path):
    target = tmp_path / "a.md"
    target.symlink_to(tmp_path / "missing.md")
    code, records = run_json("a.md", cwd=tmp_path)
    assert code == 1 and records[0]["code"] == "FM001" and "cannot read" in records[0]["message"]


def test_rules_lists_every_rule_and_rule_explains_one():
    code, out, _ = run_cli("rules")
    assert code == 0
    codes = [line.split()[0] for line in out.splitlines()]
    assert codes == [each.code for each in catalog.all_rules()] and len(codes) >= 20
    code, out, _ = run_cli("rule", "FM105")
    assert code == 0 and "yaml11-value" in out and "Jekyll" in out and "Fix:" in out
    assert run_cli("rule", "duplicate-key")[1].startswith("FM102 duplicate-key")


@pytest.mark.parametrize("typed, meant", [
    ("mojbake", "did you mean mojibake (FM603)?"),  # a name with a letter missing
    ("FM6O3", "did you mean mojibake (FM603)?"),  # a code with a letter for a digit
    ("duplicat-key", "did you mean duplicate-key (FM102)?"),
    ("Yaml11-Valu", "did you mean yaml11-value (FM105)?"),
])
def test_rule_with_a_typo_says_which_rule_was_meant(typed, meant):
    code, out, err = run_cli("rule", typed)
    assert code == 2 and out == ""
    assert err == f'fmlint: error: unknown rule "{typed}" ({meant})\n'


def test_rules_columns_line_up_whatever_the_longest_name():
    code, out, _ = run_cli("rules")
    rules = catalog.all_rules()
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(rules)
    longest = max(len(each.name) for each in rules)
    assert longest > 26  # the width the columns used to assume
    starts = set()
    for line, each in zip(lines, rules):
        fields = line.split(maxsplit=4)
        assert fields == [each.code, each.name, each.severity, each.fix or "-", each.summary]
        starts.add(tuple(line.index(f" {field} ", len(each.code)) + 1 for field in fields[1:4]))
    assert len(starts) == 1, starts  # name, severity and fix start in the same column on every line


def test_every_rule_is_documented():
    for each in catalog.all_rules():
        assert "What:" in each.doc and "Fix:" in each.doc, each.code


def test_format_choices_match_the_reporter_table():
    assert set(FORMATS) == set(reporting.REPORTERS)


def test_console_script_and_module_run_as_real_processes(tmp_path, seed_text):
    (tmp_path / "a.md").write_text(seed_text.replace("quality: 88", "quality: high"))
    module = subprocess.run([sys.executable, "-m", "fmlint", "check", "--schema", "article", "a.md"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert module.returncode == 1 and "a.md:10:10: FM202" in module.stdout
    script = Path(sys.executable).parent / "fmlint"
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and "fmlint" in version.stdout


def test_internal_error_exits_2_without_traceback(tmp_path, monkeypatch):
    script = (
        "import fmlint.running.commands, sys\n"
        "def boom(*a, **k): raise RuntimeError('boom')\n"
        "fmlint.running.commands.check_paths = boom\n"
        "sys.argv = ['fmlint', 'check', '.']\n"
        "from fmlint.cli import run\nrun()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 2
    assert "internal error: RuntimeError: boom" in result.stderr and "Traceback" not in result.stderr


def test_warnings_alone_do_not_fail_unless_strict(tmp_path):
    (tmp_path / "warn.md").write_text("---\ntitle: x\npublished: yes\n---\n", "utf-8")  # FM105: a warning
    code, records = run_json("--no-cache", "warn.md", cwd=tmp_path)
    assert code == 0 and [(r["code"], r["severity"]) for r in records] == [("FM105", "warning")]
    assert run_json("--no-cache", "--strict", "warn.md", cwd=tmp_path)[0] == 1
    (tmp_path / "error.md").write_text("---\ntitle: [x\n---\n", "utf-8")  # FM101: an error
    assert run_json("--no-cache", "warn.md", "error.md", cwd=tmp_path)[0] == 1
    code, out, _ = run_cli("fix", "warn.md", cwd=tmp_path)
    assert code == 0 and "FM105" in out  # the unsafe fix was not applied; the warning remains, shown
    assert run_cli("fix", "--strict", "warn.md", cwd=tmp_path)[0] == 1
