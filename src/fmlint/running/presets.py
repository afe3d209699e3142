"""Presets: the front matter a site generator documents, built in, and how to recognise its sites.

A preset is a built-in schema (``schema/builtin/<name>.schema.json``) plus the rule settings
that fit the generator: Hugo's ``expiryDate`` is in the future by design, Jekyll reads YAML
1.1 (so its hazards are errors), Hugo keeps unknown keys as page parameters (so one is a
warning).  A config chooses one with ``preset = "hugo"`` and ``--preset`` overrides it; when
neither says, the site is recognised by its generator's config file, walking up from the
checked file to the repository root.  A user's own ``schema``, collections, ``severity``,
``ignore`` and options always win over the preset's.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import NamedTuple
from pathlib import Path

NONE = "none"  # ``preset = "none"`` turns detection off


@dataclass(frozen=True, eq=False)  # hashed by identity: planners cache by preset
class Preset:
    name: str
    title: str
    schema: str | None  # the built-in schema of content files (None: only Astro's generated ones)
    content: tuple[str, ...]  # globs, relative to the site's root, of the files the generator reads
    sections: tuple[tuple[str, str], ...] = ()  # (glob, schema) for files with a schema of their own
    severity: dict = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)
    skipped: tuple[str, ...] = ()  # globs of files under ``content`` that are not pages (matched in any case)


_HUGO_FUTURE = ("expiryDate", "unpublishdate", "publishDate", "pubdate", "published")
_NOT_PAGES = ("README.md", "CHANGELOG.md", "LICENSE.md", "CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "SECURITY.md")
_JS_BUILD = ("node_modules/**", "_site/**", "dist/**", "build/**")

PRESETS = {
    "hugo": Preset("hugo", "Hugo", "hugo", ("content/**",), severity={"FM203": "warning"},
                   options={"future_keys": _HUGO_FUTURE}),
    "jekyll": Preset("jekyll", "Jekyll", "jekyll", ("**",), severity={"FM105": "error"},
                     skipped=("_site/**", "vendor/**", "_layouts/**", "_includes/**", "_sass/**", "_data/**",
                              ".jekyll-cache/**", *_NOT_PAGES)),
    "zola": Preset("zola", "Zola", "zola", ("content/**",), sections=(("content/**/_index.md", "zola-section"),)),
    "starlight": Preset("starlight", "Astro with Starlight", "starlight", ("src/content/**",),
                         severity={"FM203": "warning"}),  # sites extend the schema: docsSchema({ extend })
    "astro": Preset("astro", "Astro", None, ("src/content/**",)),
    "docusaurus": Preset("docusaurus", "Docusaurus", "docusaurus-docs",
                         ("docs/**", "blog/**", "src/pages/**", "versioned_docs/**", "i18n/**"),
                         sections=(("blog/**", "docusaurus-blog"), ("i18n/*/docusaurus-plugin-content-blog/**",
                                                                    "docusaurus-blog"))),
    "mkdocs-material": Preset("mkdocs-material", "MkDocs Material", "mkdocs-material", ("docs/**",),
                              severity={"FM105": "error"}),
    "eleventy": Preset("eleventy", "Eleventy", "eleventy", ("**",),
                       skipped=(*_JS_BUILD, "_includes/**", "_data/**", *_NOT_PAGES)),
}


def names() -> tuple[str, ...]:
    return tuple(PRESETS)


def detect(folder: Path) -> str | None:
    """The generator whose site ``folder`` is the root of, from its config file; None if none.

    The folder is listed once and only the config files it may hold are looked at: the walk
    up from a checked file asks this of every folder on the way (~30 names each)."""
    listed = _listing(folder)
    for name, found in _DETECTORS:
        if found(folder, listed):
            return name(folder) if callable(name) else name
    return None


def _listing(folder: Path) -> frozenset[str] | None:
    """The folder's entry names, lower-cased (a case-insensitive file system finds ``Hugo.toml``
    as ``hugo.toml``); None when it cannot be listed, and then every name is looked at."""
    try:
        return frozenset(name.lower() for name in os.listdir(folder))
    except OSError:
        return None


def _may_hold(listed: frozenset[str] | None, name: str) -> bool:
    return listed is None or name.lower() in listed


def _any_file(*names: str):
    return lambda folder, listed: any(_may_hold(listed, name) and (folder / name).is_file() for name in names)


def _config_with(pattern: str, *names: str):
    """A test: one of the config files ``names`` has a line matching ``pattern``."""
    regex = re.compile(pattern, re.IGNORECASE | re.MULTILINE)
    return lambda folder, listed: any(_may_hold(listed, name) and regex.search(_read_small(folder / name) or "")
                                      for name in names)


def _astro_site(folder: Path, listed: frozenset[str] | None) -> bool:
    if listed is not None and not any(name.startswith("astro.config.") for name in listed):
        return False
    return any(folder.glob("astro.config.*")) and (folder / "src" / "content").is_dir()


def _astro_flavour(folder: Path) -> str:
    return "starlight" if "@astrojs/starlight" in (_read_small(folder / "package.json") or "") else "astro"


_DETECTORS = (
    ("hugo", _any_file("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")),
    ("zola", _config_with(r"^\s*base_url\s*=", "config.toml")),  # before Hugo: both may use config.toml
    ("hugo", _config_with(r"^\s*\"?baseurl\"?\s*[=:]", "config.toml", "config.yaml", "config.yml", "config.json")),
    ("jekyll", _any_file("_config.yml", "_config.yaml", "_config.toml")),
    (_astro_flavour, _astro_site),
    ("docusaurus", _any_file(*(f"docusaurus.config.{ext}" for ext in ("js", "ts", "mjs", "cjs", "mts")))),
    ("mkdocs-material", _config_with(r"^\s*(theme:\s*material\b|name:\s*[\"']?material\b)", "mkdocs.yml", "mkdocs.yaml")),
    ("eleventy", _any_file(".eleventy.js", ".eleventy.cjs", *(f"eleventy.config.{ext}"
                                                             for ext in ("js", "mjs", "cjs", "ts")))),
)


def _read_small(path: Path, limit: int = 256 * 1024) -> str | None:
    """A generator config's text (None when missing, unreadable or implausibly large)."""
    try:
        if not path.is_file() or path.stat().st_size > limit:
            return None
        return path.read_text("utf-8", errors="replace")
    except OSError:
        return None


_SITES: dict[str, tuple[str, str, tuple[str, ...]] | None] = {}  # folder -> its site, for one run


def forget_sites() -> None:
    """Drop what earlier runs in this process found (the files may have changed since)."""
    _SITES.clear()


def find_site(folder: str) -> tuple[str, str, tuple[str, ...]] | None:
    """``(preset name, site root, content globs)`` of the nearest generator site at or above
    ``folder``; the globs follow the site's ``contentDir`` (Hugo) or ``docs_dir`` (MkDocs).

    The walk stops at a repository root (``.git``): a site is inside its repository.  It is
    a loop, not a recursion (a tree may be hundreds of folders deep), and every folder on the
    way is remembered, so each folder is looked at once per run."""
    passed, current = [], Path(folder)
    while str(current) not in _SITES:
        passed.append(str(current))
        name = detect(current)
        if name is not None:
            _SITES[str(current)] = (name, str(current), _content_globs(current, PRESETS[name]))
            break
        if (current / ".git").exists() or current.parent == current:
            _SITES[str(current)] = None
            break
        current = current.parent
    found = _SITES[str(current)]
    _SITES.update(dict.fromkeys(passed, found))
    return found


_CONTENT_SETTINGS = {
    "hugo": (r"^\s*\"?contentdir\"?\s*[=:]\s*[\"']?([^\"'\s,]+)", ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
                                                               "config.toml", "config.yaml", "config.yml", "config.json")),
    "mkdocs-material": (r"^docs_dir\s*:\s*[\"']?([^\"'\s]+)", ("mkdocs.yml", "mkdocs.yaml")),
}


def _content_globs(root: Path, preset: Preset) -> tuple[str, ...]:
    """The preset's content globs, or the folder the site's config names instead of the default
    (a Hugo site with ``contentDir = "docs"`` would otherwise have no page checked)."""
    setting = _CONTENT_SETTINGS.get(preset.name)
    for name in setting[1] if setting else ():
        found = re.search(setting[0], _read_small(root / name) or "", re.IGNORECASE | re.MULTILINE)
        if found and ".." not in found.group(1):
            return (f"{found.group(1).strip('/')}/**",)
    return preset.content


# A NamedTuple, not a dataclass: creating a dataclass costs ~1 ms at import, on every run.
class Site(NamedTuple):
    """A preset as it applies under one root folder (None: everywhere, when it was named but
    no site was found)."""

    preset: Preset
    root: str | None
    content: tuple[str, ...] = ()  # globs of its pages (the preset's, or the site's own folder)

    def relative(self, path: str) -> str | None:
        """``path`` relative to the site's root (the whole path when the preset applies everywhere)."""
        if self.root is None:
            return path.replace(os.sep, "/")
        prefix = self.root.rstrip(os.sep) + os.sep
        return path[len(prefix):].replace(os.sep, "/") if path.startswith(prefix) else None

    def covers(self, path: str) -> bool:
        """Is ``path`` (absolute) a file the generator reads as a page?"""
        from fmlint.running.config import glob_match

        relative = self.relative(path)
        if relative is None or self.root is None:
            return self.root is None
        return (any(glob_match(glob, relative) for glob in self.content or self.preset.content)
                and not any(glob_match(glob.lower(), relative.lower()) for glob in self.preset.skipped))

    def schema_for(self, path: str) -> str | None:
        """The schema reference for a page: Astro's generated schema of its collection when the
        project has one, a section's own schema, else the preset's."""
        relative = self.relative(path) or ""
        from fmlint.running.config import glob_match

        if self.preset.name in ("astro", "starlight") and self.root is not None:
            generated = _astro_generated(self.root, relative)
            if generated is not None:
                return generated
            if not relative.startswith("src/content/docs/"):
                return None  # Starlight's schema is the docs collection's
        for glob, schema in self.preset.sections:
            if glob_match(glob if self.root is not None else f"**/{glob}", relative):
                return schema
        return self.preset.schema


def _astro_generated(root: str, relative: str) -> str | None:
    """``.astro/collections/<collection>.schema.json`` for a file in ``src/content/<collection>/``."""
    parts = relative.split("/")
    if len(parts) < 4 or parts[:2] != ["src", "content"]:
        return None
    candidate = os.path.join(root, ".astro", "collections", f"{parts[2]}.schema.json")
    inside = os.path.realpath(candidate).startswith(os.path.realpath(root) + os.sep)
    return candidate if inside and os.path.isfile(candidate) else None


def resolve(named: str | None, folder: str) -> Site | None:
    """The site a file in ``folder`` belongs to: the named preset (``none``: no preset), else
    the detected one."""
    if named == NONE:
        return None
    found = find_site(folder)
    if found is not None and named in (None, found[0]):
        return Site(PRESETS[found[0]], found[1], found[2])
    if named is None:
        return None
    return Site(PRESETS[named], None)  # named for a folder that is no such site: every file


_INIT_NOTES = {
    "hugo": ('# Hugo keeps a key it does not know as a page parameter, so an unknown key is a warning:\n'
             '# a typo, or a custom value that belongs under [params].  Make it an error with:\n'
             '# severity = { FM203 = "error" }\n'
             '# Keys that may lie in the future by design (the preset: expiryDate, publishDate):\n'
             '# future-keys = ["expiryDate", "publishDate"]\n'),
    "jekyll": ("# Jekyll keeps every key as a page variable, so other keys are allowed; it reads YAML 1.1,\n"
               "# so values such as yes, no, on and 010 are errors (FM105) here.\n"),
    "zola": "# Zola refuses unknown keys (its build fails): put your own under [extra].\n",
    "starlight": ("# Starlight's docs schema applies to src/content/docs/; where Astro generated\n"
                  "# .astro/collections/<name>.schema.json (astro sync), that schema is used instead.\n"),
    "docusaurus": ("# docs/ is checked against Docusaurus's docs front matter, blog/ against the blog's;\n"
                   "# Docusaurus accepts other keys, so they are allowed.\n"),
    "mkdocs-material": ("# MkDocs reads YAML 1.1 (PyYAML), so values such as yes, no, on and 010 are errors (FM105).\n"
                        "# Other keys are kept in page.meta, so they are allowed.\n"),
    "eleventy": ("# Every other key is template data, so it is allowed; date may be Eleventy's\n"
                 "# Last Modified, Created, git Last Modified or git Created.\n"),
    "astro": ("# Each collection is checked against Astro's generated .astro/collections/<name>.schema.json\n"
              "# (run astro sync to write them); the other rules apply everywhere.\n"),
}


def starting_config(folder: str) -> tuple[str, str | None, str | None]:
    """``(text of a .fmlint.toml, preset name, site root)`` for the site at or above ``folder``.

    The text depends only on what was detected, so running ``fmlint init`` again writes the
    same bytes."""
    found = find_site(os.path.abspath(folder))
    if found is None:
        choices = ", ".join(f'"{name}"' for name in PRESETS)
        return ("# fmlint configuration (written by `fmlint init`).\n"
                "# No site generator was recognised here.  Choose one of\n"
                f"# {choices} if your site uses it, or name a schema for every file:\n"
                '# preset = "hugo"\n# schema = "schemas/page.schema.json"\n', None, None)
    name, root, _ = found
    text = (f"# fmlint configuration for this {PRESETS[name].title} site (written by `fmlint init`).\n"
            f'preset = "{name}"  # the front matter {PRESETS[name].title} documents, and rule settings to fit\n\n'
            + _INIT_NOTES[name])
    return text, name, root
