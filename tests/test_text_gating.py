"""The text rules look only where their trigger is (issue 14): the cheap tests must never miss.

Each gate stands in for a slower test the rules made before (a scan of every value, a walk
over every word): these properties say the gate answers yes whenever the old test did, and
the CLI cases show the rules still fire on the values a gate could wrongly skip.
"""

from __future__ import annotations

import re

from conftest import article, run_json
from hypothesis import given, settings
from hypothesis import strategies as st

from fmlint.rules.text import possessive_rule
from fmlint.rules.text import bom_and_line_endings as endings
from fmlint.rules.text import glitch_tables as g
from fmlint.rules.text import glitch_view as view

WORDISH = st.lists(st.sampled_from(["a", "s", "ys", "sys", "womens", "todays", "Apps", "news", "abcs", "ABCS",
                                    "x", " ", "\n", "-", "'", "’", "é", "K", "İ", "sS"]), max_size=25).map("".join)
RARE_PIECES = ["a", " ", "Ã", "©", "â€™", "\x85", "\x9d", "\xa0", "\u200b", "\u200d", "\u2060", "\ufeff", "\ufffd",
               "é", "’", "—", "😀", "ô", "\xc2", "\xf4\x80"]


@settings(max_examples=2000, deadline=None, database=None, derandomize=True)
@given(WORDISH)
def test_the_candidate_searches_agree_with_the_word_sets(prose):
    lowered = prose.lower()
    words = g.LETTERS.findall(lowered)
    assert bool(possessive_rule._S_ENDING.search(lowered)) == any(len(w) > 3 and w[-1] == "s" for w in words)
    assert bool(possessive_rule._SHAPE_HINT.search(lowered)) == any(
        w.endswith("ys") or w in g.POSSESSIVE_WORDS for w in words)


@settings(max_examples=2000, deadline=None, database=None, derandomize=True)
@given(st.lists(st.sampled_from(RARE_PIECES), max_size=12).map("".join))
def test_a_value_the_rare_scan_skips_holds_nothing_the_rare_rules_look_for(value):
    looked_for = (g.MOJIBAKE_CANDIDATE.search(value) or g.C1.search(value) or "\ufffd" in value
                  or g.ZERO_WIDTH.search(value) or g.NBSP in value)
    kept = not value.isascii() and view._RARE.search(value)
    assert kept or not looked_for


@settings(max_examples=1000, deadline=None, database=None, derandomize=True)
@given(st.lists(st.sampled_from(["a", "\n", "\r", "\r\n", "\n\r"]), max_size=12).map("".join))
def test_mixed_endings_are_counted_as_the_line_scan_counts_them(text):
    kinds = {match.group() for match in re.finditer(r"\r\n|\n|\r", text)}
    assert endings._mixed(text) == (len(kinds) >= 2)


def test_the_document_word_set_and_names_are_those_of_each_text():
    class Stub:
        def __init__(self, value):
            self.value, self.prose, self.lowered, self.words = value, value, value.lower(), True
            self.vocabulary = frozenset(g.LETTERS.findall(self.lowered))

    texts = [Stub("Contoso ships"), Stub("Its Fabrikam\nteam"), Stub("o'clock-Names")]
    doc = view.DocView(texts, "Body of Northwind")
    assert doc.words == frozenset().union(*(t.vocabulary for t in texts))
    assert doc.names == frozenset(name for prose in doc.all_prose() for name in g.BARE_NAME.findall(prose))
    assert "Northwind" in doc.names and "Fabrikam" in doc.names


def test_single_tokens_with_a_trigger_are_still_read(tmp_path):
    """Values of one token are read only for a trigger character: each still fires."""
    (tmp_path / "post.md").write_text(article(
        'title: Contoso compiler ships\nslug: "cafÃ©"\ncode: "isn?t"\nlabel: "R&amp;D"\nmark: "x\\u200by"\n'
        "tag: plain-token\n"), "utf-8")
    code, found = run_json("--no-cache", "--select", "FM6", str(tmp_path / "post.md"))
    assert code == 1
    assert sorted((d["code"], d["pointer"]) for d in found) == [
        ("FM603", "/slug"), ("FM606", "/code"), ("FM607", "/label"), ("FM608", "/mark")]


def test_line_endings_one_kind_is_quiet_and_mixed_is_reported(tmp_path):
    (tmp_path / "crlf.md").write_bytes(b"---\r\ntitle: Contoso ships\r\n---\r\nBody.\r\n")
    (tmp_path / "mixed.md").write_bytes(b"---\r\ntitle: Contoso ships\n---\r\nBody.\r\n")
    code, found = run_json("--no-cache", "--select", "FM602", str(tmp_path / "crlf.md"), str(tmp_path / "mixed.md"))
    assert code == 0  # a warning alone exits 0
    assert [(d["code"], d["path"].rsplit("/", 1)[-1], d["line"]) for d in found] == [("FM602", "mixed.md", 2)]


@settings(max_examples=1000, deadline=None, database=None, derandomize=True)
@given(st.lists(st.sampled_from(["a", "B", "'", "’", " ", "1", "é", "''"]), max_size=16).map("".join))
def test_apostrophes_are_counted_as_the_in_word_search_finds_them(text):
    found = [match.group(1) for match in g.IN_WORD_APOSTROPHE.finditer(text)]
    assert g.apostrophe_counts(text) == (found.count("'"), found.count("’"))


URLISH = st.lists(st.sampled_from(["a", "b", "W", "w", ".", "@", ":", "/", " ", "\n", "\u00a0", "\u2003", "-", "+",
                                   "ailto", "ww", "http", "(", "'", '"', "<", "1", "_", "é"]), max_size=30).map("".join)


@settings(max_examples=5000, deadline=None, database=None, derandomize=True)
@given(URLISH)
def test_urls_blanked_token_by_token_as_the_whole_text_scan_blanks_them(text):
    assert g._urls_blanked(text) == g._URL_IN_TEXT.sub(g._blank, text)


def test_a_body_with_links_keeps_its_masked_prose(tmp_path):
    """On real files: the words around a link or an e-mail address are still read."""
    body = "See https://example.com/a?b=c and mail ab@example.com: dont go.\n"
    (tmp_path / ".fmlint.toml").write_text("check-body = true\n", "utf-8")
    (tmp_path / "a.md").write_text(article('title: "A page"\n', body), "utf-8")
    code, records = run_json("--select", "FM610", "a.md", cwd=tmp_path)
    assert code == 1 and [(r["line"], r["column"]) for r in records] == [(4, body.index("dont") + 1)]


# FM613's searches from the end (``possessive_candidates``) against the plain searches they replace.
CANDIDATE_PIECES = st.lists(st.sampled_from(["Apps", "techs", "s", "ss", "sS", "abs", "Lius", " ", "\n", "\r\n", "\t",
                                             "-", "'", "’", "‘", "/", "@", "#", ".", ":", "é", "1", "_", "x", "K",
                                             "[", "a-b", "  ", "news"]), max_size=30).map("".join)


@settings(max_examples=3000, deadline=None, database=None, derandomize=True)
@given(CANDIDATE_PIECES)
def test_candidates_found_from_the_end_are_those_of_the_plain_search(prose):
    from fmlint.rules.text import possessive_candidates as c

    assert c.candidate_spans(prose) == [match.span() for match in c.CANDIDATE.finditer(prose)]


@settings(max_examples=3000, deadline=None, database=None, derandomize=True)
@given(CANDIDATE_PIECES, st.integers(min_value=0, max_value=80))
def test_the_previous_word_read_from_the_end_is_the_searched_one(prose, start):
    from fmlint.rules.text.neighbours import previous_word

    start = min(start, len(prose))
    found = g.PREVIOUS_WORD.search(prose, max(0, start - 40), start)
    assert previous_word(prose, start) == (found.group(1) if found else "")


@settings(max_examples=1000, deadline=None, database=None, derandomize=True)
@given(st.lists(st.sampled_from(["a", "B", "'", "’", " ", "1", "é", "''"]), max_size=16).map("".join))
def test_an_in_word_apostrophe_is_found_as_the_look_behind_search_finds_it(text):
    assert g.has_in_word_apostrophe(text) == (g.IN_WORD_APOSTROPHE.search(text) is not None)


ASCII_WORDISH = st.lists(st.sampled_from(["a", "s", "ys", "sys", "womens", "Todays", "Citys", "days", "Apps", "abcs",
                                          "x", " ", "\n", "-", "'", "b", "K", "Y", "S", "_", "1", "."]),
                         max_size=25).map("".join)


@settings(max_examples=3000, deadline=None, database=None, derandomize=True)
@given(ASCII_WORDISH)
def test_an_ascii_text_the_shape_gate_skips_has_no_shape_word(prose):
    lowered = prose.lower()
    if not possessive_rule._CONSONANT_YS.search(lowered) and not any(word in lowered for word in g.POSSESSIVE_WORDS):
        assert list(possessive_rule.found_words(prose, possessive_rule._SHAPE_POSSESSIVE)) == []
