"""``fmlint init`` on site skeletons of our own: a starting config with the detected preset."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest
from conftest import run_cli, run_json
from test_presets import HUGO_BAD, make_site


@pytest.mark.parametrize(("marker", "preset"), [
    ({"hugo.toml": 'baseURL = "/"\n'}, "hugo"),
    ({"_config.yml": "title: x\n"}, "jekyll"),
    ({"config.toml": 'base_url = "https://example.org"\n'}, "zola"),
    ({"astro.config.mjs": "", "package.json": '{"devDependencies": {"@astrojs/starlight": "1"}}',
      "src/content/docs/a.md": "---\ntitle: a\n---\n"}, "starlight"),
])
def test_init_writes_a_config_with_the_detected_preset(tmp_path, marker, preset):
    make_site(tmp_path, marker)
    code, out, err = run_cli("init", cwd=tmp_path)
    assert code == 0, err
    written = tomllib.loads((tmp_path / ".fmlint.toml").read_text("utf-8"))
    assert written == {"preset": preset}
    assert f"a {preset} site" in err
    shown = run_cli("check", "--show-config", ".", cwd=tmp_path)
    assert shown[0] == 0 and f'"config": "{tmp_path / ".fmlint.toml"}"' in shown[1]


def test_init_from_a_subfolder_writes_at_the_site_root_and_the_config_works(tmp_path):
    make_site(tmp_path, {"hugo.toml": 'baseURL = "/"\n', "content/posts/bad.md": HUGO_BAD})
    code, _, _ = run_cli("init", "content/posts", cwd=tmp_path)
    assert code == 0
    assert (tmp_path / ".fmlint.toml").is_file() and not (tmp_path / "content/posts/.fmlint.toml").exists()
    code, records = run_json(".", cwd=tmp_path)
    assert code == 1
    assert sorted(r["code"] for r in records) == ["FM202", "FM203", "FM301"]


def test_init_never_writes_over_a_file_without_force_and_is_repeatable(tmp_path):
    make_site(tmp_path, {"hugo.toml": 'baseURL = "/"\n'})
    assert run_cli("init", cwd=tmp_path)[0] == 0
    first = (tmp_path / ".fmlint.toml").read_bytes()
    (tmp_path / ".fmlint.toml").write_text("# mine\n")
    code, _, err = run_cli("init", cwd=tmp_path)
    assert code == 2 and "already exists" in err and "--force" in err
    assert (tmp_path / ".fmlint.toml").read_text() == "# mine\n"
    assert run_cli("init", "--force", cwd=tmp_path)[0] == 0
    assert (tmp_path / ".fmlint.toml").read_bytes() == first


def test_init_without_a_generator_writes_a_valid_config_that_says_so(tmp_path):
    make_site(tmp_path, {"notes/a.md": "---\ntitle: a\n---\n"})
    code, _, err = run_cli("init", cwd=tmp_path)
    assert code == 0 and "no site generator" in err
    text = (tmp_path / ".fmlint.toml").read_text("utf-8")
    assert tomllib.loads(text) == {} and '# preset = "hugo"' in text
    assert run_cli("check", ".", cwd=tmp_path)[0] == 0


def test_init_on_a_missing_folder_is_a_usage_error(tmp_path):
    code, _, err = run_cli("init", "nowhere", cwd=tmp_path)
    assert code == 2 and "nowhere" in err


# The rough edges a maintainer meets adopting fmlint on a site (issue 12): pre-commit names
# excluded files, hooks cannot pass --baseline, and scripts asking for JSON statistics.

YAML11 = "---\ntitle: x\ncomments: yes\n---\n"


def test_config_exclude_holds_for_files_named_on_the_command_line(tmp_path):
    make_site(tmp_path, {".fmlint.toml": 'exclude = ["public/**", "drafts"]\n', "public/generated.md": YAML11,
                         "drafts/wip.md": YAML11, "content/post.md": YAML11})
    named = ("public/generated.md", "drafts/wip.md", "content/post.md")
    _, records = run_json(*named, cwd=tmp_path)
    assert [r["path"] for r in records] == ["content/post.md"]
    from_content = ("../public/generated.md", "../drafts/wip.md", "post.md")
    _, records = run_json(*from_content, cwd=tmp_path / "content")  # globs are relative to the config's folder
    assert [r["path"] for r in records] == ["post.md"]
    (tmp_path / ".fmlint.toml").write_text("")
    _, records = run_json(*named, cwd=tmp_path)
    assert len(records) == 3


def test_baseline_from_the_config_hides_known_problems_and_reports_fixed_ones(tmp_path):
    make_site(tmp_path, {".fmlint.toml": 'baseline = "fmlint-baseline.json"\n', "a.md": YAML11, "b.md": YAML11})
    assert run_cli("check", "--write-baseline", "fmlint-baseline.json", ".", cwd=tmp_path)[0] == 0
    code, records = run_json(".", cwd=tmp_path)
    assert (code, records) == (0, [])
    _, _, err = run_cli("check", ".", cwd=tmp_path)
    assert "2 problems hidden by the baseline" in err
    (tmp_path / "a.md").write_text(YAML11.replace("yes", "true"))
    (tmp_path / "c.md").write_text(YAML11)
    code, out, err = run_cli("check", "--format", "concise", ".", cwd=tmp_path)
    assert "c.md:3:11: FM105" in out and "b.md" not in out
    assert "1 problem hidden by the baseline" in err
    assert "1 baseline entry no longer found (a.md FM105)" in err
    _, _, err = run_cli("check", "b.md", cwd=tmp_path)  # only b.md checked: a.md's entry is not judged
    assert "no longer found" not in err


def test_a_configured_baseline_not_yet_written_is_no_error_but_a_named_one_is(tmp_path):
    make_site(tmp_path, {".fmlint.toml": 'baseline = "fmlint-baseline.json"\n', "a.md": YAML11})
    code, records = run_json(".", cwd=tmp_path)
    assert code == 0 and [r["code"] for r in records] == ["FM105"]
    code, _, err = run_cli("check", "--baseline", "missing.json", ".", cwd=tmp_path)
    assert code == 2 and "missing.json" in err


def test_statistics_in_json_when_json_is_asked_for(tmp_path):
    make_site(tmp_path, {"a.md": YAML11, "b.md": YAML11 + "", "c.md": "---\ntitle: x\ntitle: y\n---\n"})
    code, out, _ = run_cli("check", "--statistics", "--format", "json", ".", cwd=tmp_path)
    assert code == 1
    assert json.loads(out) == [{"code": "FM102", "name": "duplicate-key", "count": 2, "fixable": 0},
                               {"code": "FM105", "name": "yaml11-value", "count": 2, "fixable": 0}]
    _, text, _ = run_cli("check", "--statistics", ".", cwd=tmp_path)
    assert text.splitlines()[-1] == "Found 4 problems."


def test_check_reads_unsaved_text_from_stdin_and_reports_it_with_that_paths_settings(tmp_path):
    make_site(tmp_path, {"hugo.toml": 'baseURL = "/"\n', "content/posts/new.md": "---\ntitle: saved\n---\n"})
    unsaved = '---\ntitle: x\ndraft: "false"\n---\n'
    code, out, _ = run_cli("check", "--format", "json", "--stdin-filename", "content/posts/new.md", cwd=tmp_path,
                           input=unsaved)
    records = json.loads(out)
    assert code == 1
    assert [(r["path"], r["code"], r["line"]) for r in records] == [("content/posts/new.md", "FM202", 3)]
    code, out, _ = run_cli("check", "--stdin-filename", "content/posts/new.md", cwd=tmp_path, input=unsaved)
    assert 'draft: "false"' in out  # the excerpt is the unsaved text's line, not the file's
    code, out, _ = run_cli("check", "--format", "json", "--preset", "none", "--stdin-filename", "content/posts/new.md",
                           cwd=tmp_path, input=unsaved)
    assert (code, json.loads(out)) == (0, [])  # the preset (Hugo's draft is a boolean) is what found it


def test_fix_with_stdin_writes_the_fixed_text_to_stdout_and_touches_no_file(tmp_path):
    make_site(tmp_path, {"hugo.toml": 'baseURL = "/"\n', "content/posts/new.md": "---\ntitle: saved\n---\n"})
    # A real process: the fixed bytes go to stdout's buffer and the report to stderr, which
    # click's CliRunner captures differently from one click release to the next.
    result = subprocess.run([sys.executable, "-m", "fmlint", "fix", "--stdin-filename", "content/posts/new.md"],
                            cwd=tmp_path, input=b'---\ntitle: x\ndraft: "false"\nnote: 1\n---\nBody.\n',
                            capture_output=True)
    code, out, err = result.returncode, result.stdout.decode(), result.stderr.decode()
    assert out == "---\ntitle: x\ndraft: false\nnote: 1\n---\nBody.\n"
    assert "FM203" in err and code == 0  # the unknown key remains (a warning under the Hugo preset)
    assert (tmp_path / "content/posts/new.md").read_text() == "---\ntitle: saved\n---\n"


def test_init_force_replaces_a_linked_config_instead_of_writing_through_it(tmp_path):
    make_site(tmp_path / "site", {"hugo.toml": 'baseURL = "/"\n'})
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    (tmp_path / "site/.fmlint.toml").symlink_to(outside)
    assert run_cli("init", cwd=tmp_path / "site")[0] == 2
    assert run_cli("init", "--force", cwd=tmp_path / "site")[0] == 0
    assert outside.read_text() == "precious\n"
    assert not (tmp_path / "site/.fmlint.toml").is_symlink()
    assert tomllib.loads((tmp_path / "site/.fmlint.toml").read_text()) == {"preset": "hugo"}


# ``fmlint init`` infers a schema per collection from the front matter already there (issue 12).

def jekyll_posts(count: int = 6, **extra: str) -> dict[str, str]:
    """A Jekyll site with ``count`` posts in ``_posts/`` and one page at the root."""
    files = {"_config.yml": "title: x\n", "about.md": "---\nlayout: page\ntitle: About\n---\n"}
    for day in range(1, count + 1):
        files[f"_posts/2024-01-0{day}-post.md"] = (f"---\nlayout: post\ntitle: Post {day}\nupdated: 2024-01-0{day}\n"
                                                   f"weight: {day}\ntags: [a, b]\n---\nBody.\n")
    return {**files, **extra}


def test_init_infers_a_schema_per_collection_next_to_the_preset(tmp_path):
    make_site(tmp_path, jekyll_posts())
    code, _, err = run_cli("init", cwd=tmp_path)
    assert code == 0, err
    config = tomllib.loads((tmp_path / ".fmlint.toml").read_text("utf-8"))
    assert config["preset"] == "jekyll"
    assert config["collections"] == [{"name": "posts", "include": ["_posts/*"], "schema": "schemas/posts.schema.json"}]
    schema = json.loads((tmp_path / "schemas/posts.schema.json").read_text("utf-8"))
    assert schema["required"] == ["layout", "tags", "title", "updated", "weight"]
    assert schema["properties"]["updated"] == {"type": "string", "format": "date"}
    assert "Surveyed 7 files: 1 collection, 5 top-level keys" in err
    assert "_posts/* -> schemas/posts.schema.json (6 files, 5 keys, instead of the jekyll preset's schema)" in err
    assert "not a collection: ./: 1 file, fewer than 5: no schema" in err
    assert run_json(".", cwd=tmp_path) == (0, [])
    (tmp_path / "_posts/2024-02-01-new.md").write_text(
        "---\nlayout: post\ntittle: New\nupdated: 2024-02-01\nweight: two\ntags: [a]\n---\n")
    code, records = run_json(".", cwd=tmp_path)
    assert code == 1
    assert sorted((r["path"], r["code"]) for r in records) == [("_posts/2024-02-01-new.md", "FM201"),
                                                               ("_posts/2024-02-01-new.md", "FM202")]
    shown = run_cli("check", "--show-config", "_posts/2024-02-01-new.md", cwd=tmp_path)[1]
    assert f'"schema": "{tmp_path / "schemas/posts.schema.json"}"' in shown


def test_init_writes_nothing_when_a_schema_exists_and_the_same_bytes_with_force(tmp_path):
    make_site(tmp_path, jekyll_posts(**{"schemas/posts.schema.json": "{}\n"}))
    code, _, err = run_cli("init", cwd=tmp_path)
    assert code == 2 and "posts.schema.json already exists; use --force" in err and "Traceback" not in err
    assert not (tmp_path / ".fmlint.toml").exists() and (tmp_path / "schemas/posts.schema.json").read_text() == "{}\n"
    assert run_cli("init", "--force", cwd=tmp_path)[0] == 0
    written = {name: (tmp_path / name).read_bytes() for name in (".fmlint.toml", "schemas/posts.schema.json")}
    assert run_cli("init", "--force", cwd=tmp_path)[0] == 0
    assert {name: (tmp_path / name).read_bytes() for name in written} == written


def test_init_never_writes_schemas_through_a_linked_folder(tmp_path):
    make_site(tmp_path / "site", jekyll_posts())
    (tmp_path / "outside").mkdir()
    (tmp_path / "site/schemas").symlink_to(tmp_path / "outside")
    code, _, err = run_cli("init", cwd=tmp_path / "site")
    assert code == 2 and "is a link or not a folder" in err
    assert list((tmp_path / "outside").iterdir()) == [] and not (tmp_path / "site/.fmlint.toml").exists()


def test_init_min_files_and_required_share(tmp_path):
    make_site(tmp_path / "a", jekyll_posts())
    assert run_cli("init", "--min-files", "7", cwd=tmp_path / "a")[0] == 0
    assert tomllib.loads((tmp_path / "a/.fmlint.toml").read_text("utf-8")) == {"preset": "jekyll"}
    for site, required in (("b", "100"), ("c", "80")):  # one site each: a process compiles a schema file once
        files = jekyll_posts()
        files["_posts/2024-01-06-post.md"] = files["_posts/2024-01-06-post.md"].replace("weight: 6\n", "")
        make_site(tmp_path / site, files)
        _, _, err = run_cli("init", "--required", required, cwd=tmp_path / site)
        assert "`weight`: in 5 of 6" not in err  # 83%: not nearly every file, so not noted
    assert run_json(".", cwd=tmp_path / "b") == (0, [])  # required: in every file, so every file passes
    code, records = run_json(".", cwd=tmp_path / "c")
    assert code == 1 and [(r["path"], r["code"]) for r in records] == [("_posts/2024-01-06-post.md", "FM201")]


def test_init_keeps_the_presets_date_forms_so_the_date_rules_raise_no_false_alarm(tmp_path):
    posts = {f"_posts/2024-01-0{day}-post.md": f"---\ntitle: P{day}\ndate: 2024-01-0{day} 10:00:00 +0100\n---\n"
             for day in range(1, 6)}
    make_site(tmp_path, {"_config.yml": "title: x\n", **posts})
    code, _, err = run_cli("init", cwd=tmp_path)
    assert code == 0 and "_posts/ dates in the jekyll preset's forms: `date`" in err
    date = json.loads((tmp_path / "schemas/posts.schema.json").read_text("utf-8"))["properties"]["date"]
    assert {"type": "string", "format": "date-time"} in date["anyOf"]
    assert run_json(".", cwd=tmp_path) == (0, [])  # a bare string would leave Jekyll's form to FM301
    (tmp_path / "_posts/2024-01-06-post.md").write_text("---\ntitle: P6\ndate: 2024-01-32 10:00:00 +0100\n---\n")
    code, records = run_json(".", cwd=tmp_path)
    assert code == 1 and [(r["path"], r["code"]) for r in records] == [("_posts/2024-01-06-post.md", "FM301")]
