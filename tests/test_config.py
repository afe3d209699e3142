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
    source = str(site / ".fmlint.toml")
    assert shown["options"]["html-fields"] == {"value": ["body", "featuredContent"], "from": source}
    assert shown["options"]["check-body"] == {"value": True, "from": source}
    assert shown["options"]["vocabulary"]["value"] == f"learned from {site.resolve()}"  # the site's words (FM613)
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


WIDE_IMAGE = "---\nimages:\n  - url: https://img.example/a.png\n    width: 12000\n    height: 1000\n---\n"


@pytest.mark.parametrize("setting, message", [
    ("", None),  # the defaults: 20,000 px and 20:1
    ("image-max-side = 10000\n", "images[0].width: 12000 px is implausibly large (over 10,000 px)"),
    ("image-max-aspect-ratio = 10.5\n", "images[0]: 12000x1000 has an aspect ratio beyond 10.5:1"),
    ('[[collections]]\ninclude = ["**/*.md"]\nimage-max-side = 5000\n',
     "images[0].width: 12000 px is implausibly large (over 5,000 px)"),
])
def test_image_size_options_in_the_config_change_fm405(tmp_path, setting, message):
    (tmp_path / "a.md").write_text(WIDE_IMAGE)
    (tmp_path / ".fmlint.toml").write_text('select = ["FM4"]\n' + setting)
    code, records = run_json("--no-cache", ".", cwd=tmp_path)
    assert code == 0  # a warning
    assert [(r["code"], r["message"].startswith(message)) for r in records] == ([("FM405", True)] if message else [])


@pytest.mark.parametrize("setting, message", [
    ("image-max-side = 0\n", ".fmlint.toml:2: image-max-side: 0 is less than the minimum of 1"),
    ("image-max-side = 1.5\n", ".fmlint.toml:2: image-max-side: 1.5 is not an integer"),
    ("image-max-aspect-ratio = 1\n", ".fmlint.toml:2: image-max-aspect-ratio: 1 must be greater than 1"),
    ('image-max-aspect-ratio = "wide"\n', '.fmlint.toml:2: image-max-aspect-ratio: "wide" is not a number'),
    ('[[collections]]\ninclude = ["**"]\nimage-max-side = -3\n',
     ".fmlint.toml:4: collections[0].image-max-side: -3 is less than the minimum of 1"),
])
def test_a_bad_image_size_option_is_a_config_error_with_its_line(tmp_path, setting, message):
    (tmp_path / "a.md").write_text(WIDE_IMAGE)
    (tmp_path / ".fmlint.toml").write_text('select = ["FM4"]\n' + setting)
    code, out, err = run_cli("check", ".", cwd=tmp_path)
    assert (code, out) == (2, "") and message in err


NEWS_AND_DRAFTS = ('date-keys = ["embargo"]\n\n[severity]\nFM105 = "error"\n\n'
                   '[[collections]]\nname = "news"\ninclude = ["_news/**/*.md"]\nschema = "article"\n'
                   'future-days = 30\nignore = ["FM6"]\n\n[[collections]]\ninclude = ["_drafts/*.md"]\n')


def show(site, *args):
    code, out, err = run_cli("check", "--show-config", *args, cwd=site)
    assert code == 0, err
    return json.loads(out) if out.count('"path"') == 1 else [json.loads(f"{{{part}") for part in out.split("\n{")]


def test_show_config_names_the_collection_that_matched_or_says_none_did(site):
    (site / ".fmlint.toml").write_text(NEWS_AND_DRAFTS)
    (site / "about.md").write_text("---\ntitle: x\n---\n")
    assert show(site, "_news/a.md")["collection"] == {"index": 0, "name": "news", "include": ["_news/**/*.md"],
                                                      "exclude": []}
    assert show(site, "_drafts/b.md")["collection"] == {"index": 1, "name": None, "include": ["_drafts/*.md"],
                                                        "exclude": []}
    assert show(site, "about.md")["collection"] == f"none matched (of 2 collections in {site / '.fmlint.toml'})"
    (site / ".fmlint.toml").write_text('ignore = ["FM105"]\n')
    assert show(site, "about.md")["collection"] == "none (the config has no collections)"


def test_show_config_spells_options_as_the_config_does_and_says_where_each_came_from(site):
    (site / ".fmlint.toml").write_text(NEWS_AND_DRAFTS)
    source = str(site / ".fmlint.toml")
    shown = show(site, "_news/a.md")
    options = shown["options"]
    assert "date_keys" not in options and options["date-keys"] == {"value": ["embargo"], "from": source}
    assert options["future-days"] == {"value": 30, "from": f"{source} collections[0]"}
    assert options["image-max-side"] == {"value": 20000, "from": "default"}
    assert options["date-floor"] == {"value": "1990-01-01", "from": "default"}
    assert (shown["schema"], shown["schema-from"]) == ("article", f"{source} collections[0]")
    assert shown["severity"] == {"FM105": {"value": "error", "from": source}}
    assert shown["select"] == {"value": ["FM"], "from": "default"}
    assert shown["also-ignored"] == [{"codes": ["FM6"], "from": f"{source} collections[0]"}]
    assert "FM601" not in shown["rules"].split() and "FM105" in shown["rules"].split()
    drafts = show(site, "--select", "FM1", "_drafts/b.md")
    assert drafts["options"]["future-days"] == {"value": 366, "from": "default"}  # not the news collection's
    assert (drafts["schema"], drafts["schema-from"], drafts["also-ignored"]) == (None, None, [])
    assert drafts["select"] == {"value": ["FM1"], "from": "--select"}


def test_show_config_says_whether_the_preset_was_detected_or_configured(tmp_path):
    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\n')
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "page.md").write_text("---\ntitle: x\n---\n")
    shown = show(tmp_path, "content/page.md")
    assert (shown["preset"], shown["preset-from"]) == ("hugo", f"detected at {tmp_path}")
    assert (shown["schema"], shown["schema-from"]) == ("hugo", "preset hugo")
    assert shown["options"]["future-keys"]["from"] == "preset hugo"
    assert shown["severity"]["FM203"] == {"value": "warning", "from": "preset hugo"}
    (tmp_path / ".fmlint.toml").write_text('preset = "hugo"\nfuture-keys = ["expiryDate"]\n')
    shown = show(tmp_path, "content/page.md")
    assert shown["preset-from"] == f"configured in {tmp_path / '.fmlint.toml'}"
    assert shown["options"]["future-keys"] == {"value": ["expiryDate"], "from": str(tmp_path / ".fmlint.toml")}
    assert show(tmp_path, "--preset", "jekyll", "content/page.md")["preset-from"] == "--preset"


def test_the_defaults_shown_are_the_ones_the_rules_use(tmp_path):
    from fmlint.rules import dates
    from fmlint.running.config import DEFAULT_OPTIONS, OPTION_DEFAULTS

    assert OPTION_DEFAULTS["future-days"] == dates.FUTURE_DAYS and OPTION_DEFAULTS["date-floor"] == dates.DATE_FLOOR
    assert tuple(OPTION_DEFAULTS["duration-keys"]) == dates.DURATION_KEYS
    assert tuple(OPTION_DEFAULTS["html-fields"]) == DEFAULT_OPTIONS["html_fields"]
    side, ratio = OPTION_DEFAULTS["image-max-side"], OPTION_DEFAULTS["image-max-aspect-ratio"]
    for width, height, flagged in [(side, side, False), (side + 1, side, True),
                                   (ratio * 100, 100, False), (ratio * 100 + 1, 100, True)]:
        (tmp_path / "a.md").write_text(f"---\nimages:\n  - url: https://img.example/a.png\n"
                                       f"    width: {width}\n    height: {height}\n---\n")
        assert [r["code"] for r in run_json("--no-cache", "--select", "FM405", "a.md", cwd=tmp_path)[1]] == (
            ["FM405"] if flagged else []), (width, height)


@pytest.mark.parametrize("collections, warned", [
    ('[[collections]]\ninclude = ["_news/**/*.md"]\n\n[[collections]]\ninclude = ["_news/**/*.md"]\n',
     ':4: collections[1] never applies: collections[0] (line 1, include = ["_news/**/*.md"])'),
    ('[[collections]]\nname = "all"\ninclude = ["**"]\n\n[[collections]]\nname = "news"\ninclude = ["_news/*.md"]\n',
     ':5: collections[1] ("news") never applies: collections[0] ("all") (line 1, include = ["**"])'),
    ('[[collections]]\ninclude = ["**/*.md"]\n\n[[collections]]\ninclude = ["_news/**/*.md", "*.md"]\n',
     ':4: collections[1] never applies: collections[0] (line 1, include = ["**/*.md"])'),
    ('[[collections]]\ninclude = ["**/*.md"]\n\n[[collections]]\ninclude = ["docs/*.mdx"]\n', None),  # not .md
    ('[[collections]]\ninclude = ["**"]\nexclude = ["_news/**"]\n\n[[collections]]\ninclude = ["_news/*.md"]\n',
     None),  # the earlier one leaves _news/ to it
    ('[[collections]]\ninclude = ["_news/*.md"]\n\n[[collections]]\ninclude = ["**"]\n', None),  # a fallback
])
def test_a_shadowed_collection_is_a_warning_with_its_line(site, collections, warned):
    (site / ".fmlint.toml").write_text(collections)
    code, records = run_json("--no-cache", ".", cwd=site)
    _, _, err = run_cli("check", "--no-cache", ".", cwd=site)
    assert code == 0 and {r["code"] for r in records} == {"FM105"}  # the run goes on; warnings do not fail it
    if warned is None:
        assert "warning" not in err
    else:
        assert f"fmlint: warning: {site / '.fmlint.toml'}{warned} takes every file it matches first" in err


def test_a_shadowed_collection_in_pyproject_names_its_line_and_problems_still_fail(site):
    (site / "_news" / "a.md").write_text("---\na: 1\na: 2\n---\n")  # an error: exit 1
    (site / "pyproject.toml").write_text('[project]\nname = "x"\n\n[[tool.fmlint.collections]]\ninclude = ["**"]\n'
                                         '\n[[tool.fmlint.collections]]\ninclude = ["_news/*.md"]\n')
    code, out, err = run_cli("check", "--no-cache", ".", cwd=site)
    assert code == 1 and "_news/a.md" in out
    assert f"fmlint: warning: {site / 'pyproject.toml'}:7: collections[1] never applies" in err
    code, _, err = run_cli("check", "--show-config", "_news/a.md", cwd=site)
    assert code == 0 and "collections[1] never applies" in err
    code, _, err = run_cli("fix", "--diff", ".", cwd=site)  # fix reads the same config: the same warning
    assert f"fmlint: warning: {site / 'pyproject.toml'}:7: collections[1] never applies" in err


def test_an_explicit_config_whose_collections_take_no_checked_file_is_a_warning(site):
    (site / "other").mkdir()
    (site / "other" / "x.toml").write_text('[[collections]]\ninclude = ["_news/**/*.md"]\nignore = ["FM105"]\n')
    code, out, err = run_cli("check", "--no-cache", "--config", "other/x.toml", ".", cwd=site)
    assert code == 0 and "FM105" in out  # the collection's ignore did not apply
    assert ("fmlint: warning: no file matched any collection of other/x.toml "
            "(collections are relative to other/)") in err
    (site / "x.toml").write_text((site / "other" / "x.toml").read_text())
    code, out, err = run_cli("check", "--no-cache", "--config", "x.toml", "_news", cwd=site)
    assert (code, "FM105" in out, "warning" in err) == (0, False, False)  # it took _news/a.md
    (site / "other" / "x.toml").write_text('ignore = ["FM2"]\n')  # no collections: nothing to match
    assert "warning" not in run_cli("check", "--no-cache", "--config", "other/x.toml", ".", cwd=site)[2]
