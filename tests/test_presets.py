"""Presets through the CLI on site skeletons of our own: Hugo, Jekyll, Zola, Astro/Starlight.

Each preset's gate: a page written the way the generator documents it is clean (no false
alarm), and a typo key, a wrong type and an impossible date are each caught; detection picks
the preset from the generator's config file, and the config or ``--preset`` can override it.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from conftest import run_cli, run_json

from fmlint import cli
from fmlint.running import presets


def make_site(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text) under ``root``; a ``.git`` folder bounds detection."""
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def found(records) -> list[tuple[str, str, str]]:
    return sorted((r["path"], r["code"], r["severity"]) for r in records)


HUGO_GOOD = """+++
title = "Release notes"
linktitle = "Notes"
Description = "What changed"
date = 2024-03-05T10:00:00
lastmod = 2024-03-06T09:00:00+01:00
publishDate = 2024-03-05
expiryDate = 2099-01-01
draft = false
weight = 10
aliases = ["/old/notes/"]
tags = ["release"]
categories = ["news"]
outputs = ["html", "rss"]
[params]
hero = "hero.png"
[build]
list = "never"
render = "always"
[menus.main]
weight = 2
[sitemap]
changefreq = "weekly"
priority = 0.5
[[resources]]
src = "images/*.png"
title = "Screenshot :counter"
+++
Body.
"""

HUGO_BAD = """---
title: Broken
descrption: a typo
draft: "false"
date: 2021-02-30T10:00:00
---
Body.
"""


@pytest.fixture
def hugo(tmp_path):
    return make_site(tmp_path, {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "Example"\n',
        "content/posts/good.md": HUGO_GOOD,
        "content/posts/bad.md": HUGO_BAD,
        "archetypes/default.md": '---\ntitle: "{{ .Name }}"\ndate: {{ .Date }}\n---\n',
        "notes.md": "---\ndate: 2021-02-30\n---\nNot a page: outside content/.\n",
    })


def test_hugo_page_as_documented_is_clean_and_each_defect_is_caught(hugo):
    code, records = run_json(".", cwd=hugo)
    assert code == 1
    assert found(records) == [("content/posts/bad.md", "FM202", "error"),
                              ("content/posts/bad.md", "FM203", "warning"),
                              ("content/posts/bad.md", "FM301", "error")]
    typo = next(r for r in records if r["code"] == "FM203")
    assert typo["message"] == 'unknown field "descrption" (did you mean "description"?)'
    assert typo["line"] == 3


def test_hugo_text_field_written_without_a_value_is_unset_not_an_error(hugo):
    """Hugo reads `linktitle:` (null) as unset, as its own docs write it; a number is still wrong."""
    page = hugo / "content" / "posts" / "empty.md"
    page.write_text("---\ntitle: Harbour lights\nlinktitle:\nslug:\ndraft: false\n---\nBody.\n")
    code, records = run_json("content/posts/empty.md", cwd=hugo)
    assert (code, records) == (0, [])
    page.write_text("---\ntitle: Harbour lights\nlinktitle: 42\n---\nBody.\n")
    _, records = run_json("content/posts/empty.md", cwd=hugo)
    assert [(r["code"], r["pointer"]) for r in records] == [("FM202", "/linktitle")]


def test_hugo_walk_skips_files_hugo_does_not_read_as_pages(hugo):
    _, with_preset = run_json(".", cwd=hugo)
    _, without = run_json("--preset", "none", ".", cwd=hugo)
    assert not {r["path"] for r in with_preset} & {"notes.md", "archetypes/default.md"}
    assert {"notes.md", "archetypes/default.md"} <= {r["path"] for r in without}


def test_hugo_expiry_date_may_be_in_the_future_but_date_may_not(hugo):
    (hugo / "content/posts/bad.md").unlink()
    page = HUGO_GOOD.replace("date = 2024-03-05T10:00:00", "date = 2098-03-05T10:00:00").replace("lastmod", "# lastmod")
    (hugo / "content/posts/good.md").write_text(page)
    _, records = run_json(".", cwd=hugo)
    assert [(r["code"], r["pointer"]) for r in records] == [("FM305", "/date")]


def test_user_settings_win_over_the_presets(hugo):
    (hugo / ".fmlint.toml").write_text('future-keys = []\n[severity]\nFM203 = "error"\n')
    _, records = run_json(".", cwd=hugo)
    assert ("content/posts/bad.md", "FM203", "error") in found(records)
    assert ("content/posts/good.md", "FM305", "warning") in found(records)  # expiryDate 2099, no longer exempt


def test_hugo_keys_are_read_in_any_case_and_still_type_checked(hugo):
    (hugo / "content/posts/bad.md").write_text('---\ntitle: x\nLinkTitle: 3\nDRAFT: true\n---\n')
    _, records = run_json("content/posts/bad.md", cwd=hugo)
    assert [(r["code"], r["pointer"]) for r in records] == [("FM202", "/LinkTitle")]


JEKYLL_POST = """---
layout: post
title: Jekyll 4.3 released
date: 2024-03-05 10:00:00 +0100
categories: release news
tags: [jekyll]
permalink: /news/:title/
published: true
excerpt_separator: <!--more-->
author: Ann
---
Body.
"""


@pytest.fixture
def jekyll(tmp_path):
    return make_site(tmp_path, {"_config.yml": "title: Example\n", "_posts/2024-03-05-release.md": JEKYLL_POST})


def test_jekyll_date_form_is_valid_under_the_preset_only(jekyll):
    code, records = run_json(".", cwd=jekyll)
    assert (code, records) == (0, [])
    _, without = run_json("--preset", "none", ".", cwd=jekyll)
    assert [r["code"] for r in without] == ["FM302"]  # the generic rules call it non-ISO


def test_jekyll_yaml11_hazards_are_errors_and_defects_are_caught(jekyll):
    (jekyll / "_posts/2024-03-06-bad.md").write_text(
        "---\ntitle: Bad\ndate: 2024-02-30 10:00:00 +0100\npublished: \"false\"\ncomments: yes\n---\n")
    code, records = run_json(".", cwd=jekyll)
    assert code == 1
    assert found(records) == [("_posts/2024-03-06-bad.md", "FM105", "error"),
                              ("_posts/2024-03-06-bad.md", "FM202", "error"),
                              ("_posts/2024-03-06-bad.md", "FM301", "error")]
    _, without = run_json("--preset", "none", "_posts/2024-03-06-bad.md", cwd=jekyll)
    assert ("FM105", "warning") in [(r["code"], r["severity"]) for r in without]


@pytest.fixture
def zola(tmp_path):
    return make_site(tmp_path, {
        "config.toml": 'base_url = "https://example.org"\ntitle = "Example"\n',
        "content/blog/_index.md": '+++\ntitle = "Blog"\nsort_by = "date"\npaginate_by = 5\n+++\n',
        "content/blog/first.md": ('+++\ntitle = "First"\ndate = 2024-03-05\nupdated = 2024-03-06T10:00:00\n'
                                  'authors = ["Ann"]\n[taxonomies]\ntags = ["rust"]\n[extra]\nmine = 1\n+++\nBody.\n'),
    })


def test_zola_pages_and_sections_have_their_own_schemas(zola):
    code, records = run_json(".", cwd=zola)
    assert (code, records) == (0, [])
    (zola / "content/blog/bad.md").write_text(
        '+++\ntitle = "Bad"\ndescrption = "x"\ndraft = "false"\ndate = "2024-02-30"\nsort_by = "date"\n+++\n')
    _, records = run_json(".", cwd=zola)
    assert [(r["code"], r["pointer"]) for r in records] == [
        ("FM203", "/descrption"), ("FM202", "/draft"), ("FM205", "/date"), ("FM203", "/sort_by")]


STARLIGHT_PAGE = """---
title: Welcome
description: Start here
template: splash
hero:
  tagline: Docs for everyone
  image:
    file: ../../assets/hero.png
  actions:
    - text: Get started
      link: /guides/
      icon: right-arrow
sidebar:
  order: 1
  badge:
    text: New
    variant: tip
tableOfContents: false
lastUpdated: 2024-03-05
prev: false
next:
  link: /guides/
  label: Guides
head:
  - tag: meta
    attrs:
      name: robots
      content: noindex
banner:
  content: Hello
editUrl: false
pagefind: true
draft: false
---
"""


@pytest.fixture
def starlight(tmp_path):
    return make_site(tmp_path, {
        "astro.config.mjs": "export default {};\n",
        "package.json": '{"dependencies": {"astro": "^5.0.0", "@astrojs/starlight": "^0.30.0"}}\n',
        "src/content/docs/index.mdx": STARLIGHT_PAGE,
    })


def test_starlight_docs_schema(starlight):
    code, records = run_json(".", cwd=starlight)
    assert (code, records) == (0, [])
    (starlight / "src/content/docs/bad.md").write_text(
        "---\ndescrption: x\ndraft: \"false\"\nlastUpdated: 2024-02-30\nsidebar:\n  order: first\n---\n")
    _, records = run_json(".", cwd=starlight)
    assert [(r["code"], r["pointer"]) for r in records] == [
        ("FM201", ""), ("FM203", "/descrption"), ("FM202", "/draft"), ("FM205", "/lastUpdated"),
        ("FM202", "/sidebar/order")]


def test_starlight_keys_a_site_adds_are_warnings_and_real_defects_still_fail(starlight):
    """Astro's own docs extend Starlight's schema (i18nReady, type): a warning, exit 0."""
    page = starlight / "src/content/docs/extended.md"
    page.write_text("---\ntitle: Tide gauges\ni18nReady: true\n---\nBody.\n")
    code, records = run_json(".", cwd=starlight)
    assert code == 0 and [(r["code"], r["severity"]) for r in records] == [("FM203", "warning")]
    assert run_json("--strict", ".", cwd=starlight)[0] == 1
    page.write_text("---\ntitle: Tide gauges\ndraft: \"false\"\n---\nBody.\n")
    code, records = run_json(".", cwd=starlight)
    assert code == 1 and [(r["code"], r["severity"]) for r in records] == [("FM202", "error")]


def test_astros_generated_collection_schema_is_used_when_present(starlight):
    generated = {"type": "object", "required": ["title", "author"], "properties": {"title": {"type": "string"},
                                                                                  "author": {"type": "string"}}}
    (starlight / ".astro/collections").mkdir(parents=True)
    (starlight / ".astro/collections/docs.schema.json").write_text(json.dumps(generated))
    (starlight / "src/content/docs/index.mdx").write_text("---\ntitle: Welcome\n---\n")
    _, records = run_json(".", cwd=starlight)
    assert [(r["code"], r["message"]) for r in records] == [("FM201", 'missing required field "author"')]


@pytest.mark.parametrize(("files", "expected"), [
    ({"hugo.toml": 'baseURL = "/"\n'}, "hugo"),
    ({"config.toml": 'baseURL = "https://example.org/"\n'}, "hugo"),
    ({"config.yaml": "baseurl: https://example.org/\n"}, "hugo"),
    ({"config.toml": 'base_url = "https://example.org"\n'}, "zola"),
    ({"_config.yml": "title: x\n"}, "jekyll"),
    ({"astro.config.mjs": "", "src/content/blog/a.md": "---\n---\n"}, "astro"),
    ({"astro.config.ts": "", "package.json": '{"dependencies": {"@astrojs/starlight": "1"}}',
      "src/content/docs/a.md": "---\ntitle: a\n---\n"}, "starlight"),
    ({"docusaurus.config.ts": ""}, "docusaurus"),
    ({"mkdocs.yml": "site_name: x\ntheme:\n  name: material\n"}, "mkdocs-material"),
    ({"mkdocs.yml": "site_name: x\ntheme: readthedocs\n"}, None),
    ({"eleventy.config.mjs": ""}, "eleventy"),
    ({".eleventy.js": ""}, "eleventy"),
    ({"config.toml": 'title = "not a site"\n'}, None),
])
def test_detection_by_the_generators_config(tmp_path, files, expected):
    make_site(tmp_path, {**files, "content/page.md": "---\ntitle: x\n---\n"})
    code, out, _ = run_cli("check", "--show-config", "content/page.md", cwd=tmp_path)
    assert code == 0
    assert json.loads(out)["preset"] == expected


def test_config_preset_overrides_detection_and_preset_option_overrides_config(hugo):
    (hugo / ".fmlint.toml").write_text('preset = "zola"\n')
    shown = json.loads(run_cli("check", "--show-config", "content/posts/good.md", cwd=hugo)[1])
    assert (shown["preset"], shown["schema"]) == ("zola", "zola")
    shown = json.loads(run_cli("check", "--show-config", "--preset", "jekyll", "content/posts/good.md", cwd=hugo)[1])
    assert (shown["preset"], shown["schema"]) == ("jekyll", "jekyll")
    (hugo / ".fmlint.toml").write_text('preset = "none"\n')
    shown = json.loads(run_cli("check", "--show-config", "content/posts/good.md", cwd=hugo)[1])
    assert (shown["preset"], shown["schema"]) == (None, None)


def test_a_config_schema_wins_over_the_presets(hugo):
    (hugo / ".fmlint.toml").write_text('schema = "article"\n')
    shown = json.loads(run_cli("check", "--show-config", "content/posts/good.md", cwd=hugo)[1])
    assert (shown["preset"], shown["schema"]) == ("hugo", "article")


def test_an_unknown_preset_is_a_config_error_with_its_line(hugo):
    (hugo / ".fmlint.toml").write_text('select = ["FM"]\npreset = "hugoo"\n')
    code, out, err = run_cli("check", ".", cwd=hugo)
    assert code == 2 and out == ""
    assert ".fmlint.toml:2:" in err and "hugoo" in err
    code, _, err = run_cli("check", "--preset", "hugoo", ".", cwd=hugo)
    assert code == 2 and "hugoo" in err


def test_the_preset_names_agree_everywhere():
    schema = json.loads((resources.files("fmlint.running") / "config_schema.json").read_text("utf-8"))
    known = (*presets.names(), presets.NONE)
    assert set(schema["properties"]["preset"]["enum"]) == set(known)
    assert set(cli.PRESETS) == set(known)
    from fmlint.schema.loading import builtin_names, load

    for preset in presets.PRESETS.values():
        for name in [preset.schema, *(schema for _, schema in preset.sections)]:
            if name is not None:
                assert name in builtin_names()
                assert load(f"builtin:{name}").schema["$id"].endswith(f"/{name}.schema.json")


def test_jekyll_walk_skips_the_build_and_templates_but_checks_pages(jekyll):
    broken = "---\ntitle: x\n  bad: indent\n---\n"
    for relative in ("_site/index.md", "_layouts/post.md", "readme.md", "about.md"):
        (jekyll / relative).parent.mkdir(exist_ok=True)
        (jekyll / relative).write_text(broken)
    _, records = run_json(".", cwd=jekyll)
    assert {r["path"] for r in records} == {"about.md"}


def test_the_readmes_config_example_is_a_valid_config_with_a_preset(tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme[readme.index("## Configuration"):]
    example = section[section.index("```toml\n") + 8:section.index("```", section.index("```toml\n") + 8)]
    assert 'preset = "hugo"' in example and "future-keys" in example
    (tmp_path / ".fmlint.toml").write_text(example)
    (tmp_path / "page.md").write_text("---\ntitle: x\nexpiryDate: 2099-01-01\n---\n")
    code, out, err = run_cli("check", "--show-config", "page.md", cwd=tmp_path)
    assert code == 0, err
    assert json.loads(out)["preset"] == "hugo" and json.loads(out)["options"]["future-keys"]["value"] == ["expiryDate"]


MORE_SITES = {
    "docusaurus": ({"docusaurus.config.js": "module.exports = {};\n",
                    "docs/intro.md": ("---\nid: intro\ntitle: Intro\nsidebar_position: 1\npagination_next: null\n"
                                      "tags: [a, {label: B, permalink: /b}]\nlast_update:\n  date: 2024-03-05\n"
                                      "  author: Ann\nmy_own_key: 1\n---\n"),
                    "blog/2024-03-05-hello.md": ("---\ntitle: Hello\ndate: 2024-03-05T10:00\n"
                                                 "authors: [ann, {name: Bob, url: 'https://example.org'}]\n---\n")},
                   "blog/2024-03-06-bad.md", "---\ntitle: Bad\ndraft: 'false'\nauthors: 3\n---\n",
                   [("FM202", 3), ("FM202", 4)]),
    "eleventy": ({"eleventy.config.js": "",
                  "posts/a.md": ("---\nlayout: post.njk\ntitle: Hi\ndate: Last Modified\ntags: post\npermalink: false\n"
                                 "eleventyNavigation:\n  key: Hi\n  order: 2\n---\n"),
                  "_includes/post.md": "---\n  broken: [\n---\n"},
                 "posts/b.md", "---\ndate: 2024-02-30\npagination:\n  size: '2'\n---\n",
                 [("FM205", 2), ("FM202", 4)]),
    "mkdocs-material": ({"mkdocs.yml": "site_name: x\ntheme:\n  name: material\n",
                         "docs/index.md": ("---\ntitle: Hi\nicon: material/home\nhide:\n  - navigation\n  - toc\n"
                                           "search:\n  boost: 2\nstatus: new\n---\n"),
                         "docs/blog/posts/p.md": ("---\ndate:\n  created: 2024-03-05\n  updated: 2024-03-06\n"
                                                  "categories: [News]\nauthors: [ann]\n---\n")},
                        "docs/bad.md", "---\ndraft: no\nhide: [sidebar]\n---\n",
                        [("FM105", 2), ("FM204", 3)]),
}


@pytest.mark.parametrize("name", sorted(MORE_SITES))
def test_open_presets_type_the_documented_keys_and_allow_the_rest(tmp_path, name):
    files, bad_path, bad_text, expected = MORE_SITES[name]
    make_site(tmp_path, files)
    code, records = run_json(".", cwd=tmp_path)
    assert (code, records) == (0, [])
    (tmp_path / bad_path).write_text(bad_text)
    code, records = run_json(".", cwd=tmp_path)
    assert code == 1
    assert [(r["code"], r["line"]) for r in records] == expected
    _, without = run_json("--preset", "none", ".", cwd=tmp_path)
    assert [(r["code"], r["line"]) for r in without] != expected  # the preset is what found them


def test_a_hugo_site_with_its_own_content_dir_has_its_pages_checked(tmp_path):
    make_site(tmp_path, {"hugo.toml": 'baseURL = "/"\ncontentDir = "pages"\n', "pages/bad.md": HUGO_BAD,
                         "content/old.md": HUGO_BAD})
    _, records = run_json(".", cwd=tmp_path)
    assert sorted({r["path"] for r in records}) == ["pages/bad.md"]
    assert sorted(r["code"] for r in records) == ["FM202", "FM203", "FM301"]


EXAMPLE_SITES = ("hugo", "jekyll", "zola", "starlight", "docusaurus", "mkdocs-material", "eleventy")  # examples/<name>
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("name", EXAMPLE_SITES)
def test_each_example_site_is_detected_clean_and_every_page_is_checked(tmp_path, name):
    """examples/<generator>/: the preset finds no false alarm there, and that is not because
    no page was read: a duplicate key planted in each page is reported in each."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(EXAMPLES / name, site, ignore=shutil.ignore_patterns(".fmlint_cache"))
    (site / ".git").mkdir()
    (site / ".fmlint.toml").unlink()  # detection alone, as on a site without a config
    assert run_json(".", cwd=site) == (0, [])
    pages = sorted(str(page.relative_to(site)) for page in site.rglob("*.md*"))
    assert len(pages) >= 2
    for page in pages:
        shown = json.loads(run_cli("check", "--show-config", page, cwd=site)[1])
        assert (shown["preset"], shown["schema"] is not None) == (name, True), page
        text = (site / page).read_text("utf-8")
        fence = text.split("\n", 1)[0]
        duplicate = "\nweight = 1\nweight = 2" if fence == "+++" else "\nx: 1\nx: 2"
        (site / page).write_text(text.replace(fence, fence + duplicate, 1), "utf-8")
    code, records = run_json(".", cwd=site)
    assert code == 1 and sorted({r["path"] for r in records}) == pages
