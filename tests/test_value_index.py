"""The reader's index of values (issue 14): what the value rules read instead of walking the data.

The YAML reader records, in the walk that builds the JSON view, each scalar that is a key's
value and each mapping, in document order.  The date, URL and image rules read that index, so
it must hold exactly what a walk of the data finds, in the same order: otherwise a rule would
see other values, or report them in another order.
"""

from __future__ import annotations

import pytest
from conftest import SHARED, needs_shared

from fmlint.reading.frontmatter import read
from fmlint.rules.values import mappings, scalars

CASES = {
    "nested": "---\ntitle: Tide tables\nprovider:\n  name: Portwire\n  images:\n    - url: /a.png\n      width: 50\n"
              "topics:\n  - Harbours\n  - [x, {deep: 1}]\n---\n",
    "duplicate key": "---\ntitle: One\ntitle: Two\nheat: 3\n---\n",
    "aliases": "---\nbase: &b {url: /b.jpg, width: 10}\ncopy: *b\nname: &n Portwire\nagain: *n\n---\n",
    "escaped keys": "---\n\"a/b\": 1\n\"c~d\": {\"e/f\": x}\n---\n",
    "empty values": "---\ndate:\nlist: []\nmap: {}\n---\n",
    "json": '---\n{"title": "x", "images": [{"url": "/i.png", "height": 2}]}\n---\n',
    "a list at the top": "---\n- a: 1\n- [b]\n---\n",
}


def _index_and_walk(text: str):
    _, fm = read(text.encode("utf-8"), "post.md")
    assert fm.ok and fm.keyed is not None and fm.mappings is not None
    return (fm.keyed, fm.mappings), (list(scalars(fm.data)), list(mappings(fm.data)))


@pytest.mark.parametrize("name", CASES)
def test_the_index_holds_what_a_walk_of_the_data_finds(name):
    index, walk = _index_and_walk(CASES[name])
    assert walk[0] or walk[1]  # the case has values to find
    assert index == walk


def test_the_index_keeps_the_first_of_duplicate_keys_and_nothing_behind_an_alias():
    (keyed, found), _ = _index_and_walk("---\ntitle: One\ntitle: Two\nbase: &b {url: /b.jpg}\ncopy: *b\n---\n")
    assert ("/title", "title", "One") in keyed and ("/title", "title", "Two") not in keyed
    assert [pointer for pointer, _ in found] == ["", "/base"]  # the alias of a mapping is null


def test_toml_keeps_no_index_and_the_rules_walk_instead(tmp_path):
    _, fm = read(b'+++\ntitle = "x"\n[image]\nurl = "/a.png"\nwidth = 3\n+++\n', "post.md")
    assert fm.ok and fm.keyed is None and fm.mappings is None


@needs_shared(SHARED / "corpus")
def test_the_index_matches_the_walk_on_every_corpus_file():
    files = [path for path in sorted((SHARED / "corpus").rglob("*.md")) if path.name != "README.md"]
    assert len(files) > 100
    compared = 0
    for path in files:
        _, fm = read(path.read_bytes(), str(path))
        if fm.ok and fm.keyed is not None:
            assert (fm.keyed, fm.mappings) == (list(scalars(fm.data)), list(mappings(fm.data))), path
            compared += 1
    assert compared > 100
