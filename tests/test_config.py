"""Configuration through the CLI on real files: collections, ignores, severities, options, --show-config."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, run_json

ARTICLE_CONFIG = '[[collections]]\ninclude = ["_news/**/*.md"]\nschema = "article"\n'


@pytest.fixture
def site(tmp_path):
    (tmp_path / "_news").mkdir()
    (tmp_path / "_drafts").mkdir()
    (tmp_path / "_news" / "a.md").write_text("---\ntitle: x\npublished: yes\n---\n")
    (tmp_path / "_drafts" / "b.md").write_text("---\npublished: yes\n---\n")
    return tmp_path


def codes(records):
    return sorted((r["path"], r["code"]) for r in records)


def test_per_file_ignores(site):
    (site / ".fmlint.toml").write_text('[per-file-ignores]\n"_drafts/**" = ["FM105"]\n')
    _, records = run_json(".", cwd=site)
    assert codes(records) == [("_news/a.md", "FM105")]


def test_collection_ignore_and_schema(site):
    (site / ".fmlint.toml").write_text(ARTICLE_CONFIG + 'ignore = ["FM105"]\n')
    _, records = run_json(".", cwd=site)
    assert ("_news/a.md", "FM105") not in codes(records)
    assert ("_news/a.md", "FM201") in codes(records)  # the article schema applies to _news only
    assert ("_drafts/b.md", "FM105") in codes(records)


def test_severity_override(site):
    (site / ".fmlint.toml").write_text('[severity]\nFM105 = "error"\n')
    _, records = run_json("_drafts", cwd=site)
    assert [(r["code"], r["severity"]) for r in records] == [("FM105", "error")]


def test_extend_select_adds_to_a_narrow_select(site):
    (site / ".fmlint.toml").write_text('select = ["FM2"]\nextend-select = ["FM105"]\n')
    _, records = run_json("_drafts", cwd=site)
    assert [r["code"] for r in records] == ["FM105"]


def test_exclude_in_config_and_on_the_command_line(site):
    (site / ".fmlint.toml").write_text('exclude = ["_drafts"]\n')
    _, records = run_json(".", cwd=site)
    assert {r["path"] for r in records} == {"_news/a.md"}
    (site / ".fmlint.toml").unlink()
    _, records = run_json("--exclude", "_news/**", ".", cwd=site)
    assert {r["path"] for r in records} == {"_drafts/b.md"}


def test_explicit_config_file(site, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("cfg") / "strict.toml"
    elsewhere.write_text('ignore = ["FM1"]\n')
    assert run_json("--config", str(elsewhere), ".", cwd=site) == (0, [])


def test_html_fields_option_reaches_rules(site):
    (site / ".fmlint.toml").write_text('html-fields = ["body", "featuredContent"]\ncheck-body = true\n')
    code, out, _ = run_cli("check", "--show-config", "_news/a.md", cwd=site)
    shown = json.loads(out)
    assert code == 0
    assert shown["options"] == {"html_fields": ["body", "featuredContent"], "check_body": True,
                                "vocabulary": f"learned from {site.resolve()}"}  # the site's words (FM613)
    assert shown["config"].endswith(".fmlint.toml") and shown["schema"] is None


def test_show_config_names_the_collection_schema(site):
    (site / ".fmlint.toml").write_text(ARTICLE_CONFIG)
    _, out, _ = run_cli("check", "--show-config", "_news/a.md", cwd=site)
    assert json.loads(out)["schema"] == "article"
    _, out, _ = run_cli("check", "--show-config", "_drafts/b.md", cwd=site)
    assert json.loads(out)["schema"] is None


def test_pyproject_without_fmlint_table_is_skipped_walking_up(site):
    (site / ".fmlint.toml").write_text('ignore = ["FM105"]\n')
    (site / "_drafts" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert run_json("_drafts", cwd=site) == (0, [])


def test_config_errors_inside_pyproject_name_the_line(site):
    (site / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.fmlint]\nselect = ["FM1"]\nignor = []\n')
    code, _, err = run_cli("check", ".", cwd=site)
    assert code == 2 and 'pyproject.toml:6: unknown key "ignor" (did you mean "ignore"?)' in err


@pytest.mark.parametrize(
    "config, message",
    [
        ('select = ["FM1", "FM999"]\n', '.fmlint.toml:1: select[1]: unknown rule code "FM999" (see `fmlint rules`)'),
        ('extend-select = ["XYZ"]\n', '.fmlint.toml:1: extend-select[0]: unknown rule code "XYZ"'),
        ('select = ["FM1"]\n\nignore = ["FM2O1"]\n',
         '.fmlint.toml:3: ignore[0]: unknown rule code "FM2O1" (did you mean FM201?)'),
        ('[per-file-ignores]\n"_drafts/**" = ["FM105", "FM9"]\n',
         '.fmlint.toml:2: per-file-ignores._drafts/**[1]: unknown rule code "FM9"'),
        ('[severity]\nFM105 = "error"\nFM999 = "info"\n', '.fmlint.toml:3: severity.FM999: unknown rule code "FM999"'),
        ('[severity]\nFM10 = "info"\n', '.fmlint.toml:2: severity.FM10: unknown rule code "FM10"'),  # one rule only
        ('[severity]\nfm105 = "info"\n',
         '.fmlint.toml:2: severity.fm105: unknown rule code "fm105" (did you mean FM105?)'),
        ('[[collections]]\ninclude = ["**"]\nignore = ["FM7"]\n\n[severity]\nFM999 = "info"\n',
         '.fmlint.toml:3: collections[0].ignore[0]: unknown rule code "FM7"'),  # the first in the file
    ],
)
def test_an_unknown_code_in_the_config_is_a_config_error(site, config, message):
    (site / ".fmlint.toml").write_text(config)
    code, out, err = run_cli("check", ".", cwd=site)
    assert code == 2 and out == "" and f"fmlint: error: {site}" in err and message in err


def test_an_unknown_code_in_pyproject_names_its_line(site):
    (site / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.fmlint]\nselect = ["FM1"]\nignore = ["FM2O1"]\n')
    code, _, err = run_cli("check", ".", cwd=site)
    assert code == 2 and 'pyproject.toml:6: ignore[0]: unknown rule code "FM2O1" (did you mean FM201?)' in err


def test_codes_and_prefixes_in_the_config_select_in_any_case(site):
    (site / ".fmlint.toml").write_text('select = ["all"]\nignore = ["fm2", "FM10"]\n')
    assert run_json(".", cwd=site) == (0, [])
    (site / ".fmlint.toml").write_text('select = ["FM"]\n[per-file-ignores]\n"_drafts/**" = ["fm105"]\n')
    assert codes(run_json(".", cwd=site)[1]) == [("_news/a.md", "FM105")]
