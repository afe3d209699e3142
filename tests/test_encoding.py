"""Encoding glitches (FM603-FM609): exact positions, messages, and fixes that repair only the glitch."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from conftest import CORPUS, apply_fix, check_glitch_case, lint, needs_shared, run_json

from fmlint.fixing.loop import fix_bytes
from fmlint.rules import catalog
from fmlint.rules.engine import Settings


def doc(front_matter: str, body: str = "body\n") -> str:
    return f"---\n{front_matter}---\n{body}"


# (front matter, code, [(line, column)], first message, front matter after the first fix or None, applicability)
CASES = [
    # FM603 mojibake
    pytest.param('title: "Contosoâ€™s new compiler"\n', "FM603", [(2, 16)], 'mojibake "â€™" should read "’"',
                 'title: "Contoso’s new compiler"\n', "safe", id="mojibake-cp1252-quote"),
    pytest.param("title: Un cafÃ© noir\n", "FM603", [(2, 14)], 'mojibake "Ã©" should read "é"',
                 "title: Un café noir\n", "safe", id="mojibake-plain-scalar"),
    pytest.param('title: "cafÃƒÂ© crème"\n', "FM603", [(2, 12)], 'mojibake "ÃƒÂ©" should read "é"',
                 'title: "café crème"\n', "safe", id="mojibake-encoded-twice"),
    pytest.param('title: "naÃ¯ve and â€“ dash"\n', "FM603", [(2, 11), (2, 20)], 'mojibake "Ã¯" should read "ï"',
                 'title: "naïve and – dash"\n', "safe", id="mojibake-two-in-one-value-one-fix"),
    pytest.param('excerpt: "“Fast” builds &amp; Contosoâ€™s cache, it’s here"\n', "FM603", [(2, 38)],
                 'mojibake "â€™" should read "’"', 'excerpt: "“Fast” builds &amp; Contoso’s cache, it’s here"\n',
                 "safe", id="mojibake-repair-keeps-quotes-and-entities"),
    pytest.param('title: "Contoso\\xe2\\x80\\x99s"\n', "FM603", [(2, 16)], 'mojibake "â\x80\x99" should read "’"',
                 'title: "Contoso’s"\n', "safe", id="mojibake-latin1-with-c1-escapes"),
    pytest.param("excerpt: |\n  The cache\n  Contosoâ€™s way\n", "FM603", [(4, 10)], 'mojibake "â€™" should read "’"',
                 "excerpt: |\n  The cache\n  Contoso’s way\n", "safe", id="mojibake-block-scalar"),
    pytest.param('title: "SÃO PAULO Ã venda, Ã bientôt, 100 Â %"\n', "FM603", [], None, None, None,
                 id="capital-a-tilde-before-space-is-not-mojibake"),
    pytest.param('title: "Crème brûlée, señor, Zürich, Øresund — “quoted”"\n', "FM603", [], None, None, None,
                 id="clean-accents-are-not-mojibake"),
    # FM604 C1 controls
    pytest.param('title: "Contoso\\x92s compiler"\n', "FM604", [(2, 16)],
                 'C1 control character U+0092; Windows-1252 reads it as "’"', 'title: "Contoso’s compiler"\n', "safe",
                 id="c1-escaped-quote"),
    pytest.param('title: "2020\\u00962021"\n', "FM604", [(2, 13)],
                 'C1 control character U+0096; Windows-1252 reads it as "–"', 'title: "2020–2021"\n', "safe",
                 id="c1-en-dash"),
    pytest.param('title: "odd \\x81 byte"\n', "FM604", [(2, 13)], "C1 control character U+0081 (undefined in Windows-1252)",
                 None, None, id="c1-undefined-no-fix"),
    # FM605 U+FFFD
    pytest.param('excerpt: "It isn\ufffdt done"\n', "FM605", [(2, 17)],
                 'U+FFFD replacement character: a character was lost in decoding (an apostrophe: "isn’t")',
                 'excerpt: "It isn’t done"\n', "safe", id="fffd-contraction"),
    pytest.param('excerpt: "Contoso\'s team: it isn\ufffdt done"\n', "FM605", [(2, 33)],
                 'U+FFFD replacement character: a character was lost in decoding (an apostrophe: "isn\'t")',
                 'excerpt: "Contoso\'s team: it isn\'t done"\n', "safe", id="fffd-field-majority-straight"),
    pytest.param('title: "Andr\ufffds P\ufffdrez"\n', "FM605", [(2, 13), (2, 17)],
                 'U+FFFD replacement character: a character was lost in decoding (an apostrophe: "Andr’s")',
                 'title: "Andr’s P\ufffdrez"\n', "unsafe", id="fffd-possessive-without-evidence-is-unsafe"),
    pytest.param('title: "Fabrikam\ufffds cache"\nexcerpt: "Fabrikam’s team"\n', "FM605", [(2, 17)],
                 'U+FFFD replacement character: a character was lost in decoding (an apostrophe: "Fabrikam’s")',
                 'title: "Fabrikam’s cache"\nexcerpt: "Fabrikam’s team"\n', "safe", id="fffd-possessive-with-evidence"),
    pytest.param('title: "caf\ufffd noir"\n', "FM605", [(2, 12)],
                 "U+FFFD replacement character: a character was lost in decoding", None, None, id="fffd-no-fix"),
    # FM607 HTML entities
    pytest.param('excerpt: "it&#8217;s ready"\n', "FM607", [(2, 13)], 'HTML entity "&#8217;" in plain text; it means "’"',
                 'excerpt: "it’s ready"\n', "safe", id="entity-numeric"),
    pytest.param("excerpt: Contoso &amp; Fabrikam\n", "FM607", [(2, 18)], 'HTML entity "&amp;" in plain text; it means "&"',
                 "excerpt: Contoso & Fabrikam\n", "safe", id="entity-amp-plain-scalar"),
    pytest.param('excerpt: "a &amp;quot;new&amp;quot; look"\n', "FM607", [(2, 13), (2, 26)],
                 'double-escaped HTML entity "&amp;quot;" in plain text; it means """',
                 'excerpt: "a \\"new\\" look"\n', "safe", id="entity-double-escaped-quot"),
    pytest.param("excerpt: 'a &#8220;new&#8221; look'\n", "FM607", [(2, 13), (2, 23)],
                 'HTML entity "&#8220;" in plain text; it means "“"', "excerpt: 'a “new” look'\n", "safe",
                 id="entity-curly-quotes-single-quoted"),
    pytest.param('title: "Use &lt;b&gt; tags"\n', "FM607", [(2, 13), (2, 18)], 'HTML entity "&lt;" in plain text; it means "<"',
                 'title: "Use <b> tags"\n', "unsafe", id="entity-markup-is-unsafe"),
    pytest.param('featuredContent: "<p>it&#8217;s</p>"\nwebUrl: "https://x.example/?a=1&amp;b=2"\n'
                 'note: "<b>bold</b> &amp; more"\nimages:\n  - url: "/a.jpg?w=1&amp;h=2"\n', "FM607", [], None, None, None,
                 id="entity-in-html-fields-urls-and-tagged-values-not-flagged"),
    # FM608 zero-width
    pytest.param('title: "Connect your data\u200b"\n', "FM608", [(2, 26)], "invisible zero-width space (U+200B)",
                 'title: "Connect your data"\n', "safe", id="zero-width-space"),
    pytest.param("title: Word\u2060joiner and \ufeffmark\n", "FM608", [(2, 12), (2, 24)], "invisible word joiner (U+2060)",
                 "title: Wordjoiner and mark\n", "safe", id="word-joiner-and-inner-bom"),
    pytest.param('title: "Dev \U0001F469\u200d\U0001F4BB team, \u0646\u0645\u200c\u0627"\n', "FM608", [], None, None, None,
                 id="joiners-in-emoji-and-persian-are-text"),
    # FM609 no-break spaces
    pytest.param('excerpt: "Build apps\u00a0faster"\n', "FM609", [(2, 21)], "non-breaking space (U+00A0) in plain text",
                 'excerpt: "Build apps faster"\n', "unsafe", id="nbsp-to-space"),
    pytest.param('excerpt: "Build apps\u00a0 \u00a0 faster\u00a0"\n', "FM609", [(2, 21), (2, 23), (2, 31)],
                 "non-breaking space (U+00A0) in plain text", 'excerpt: "Build apps faster"\n', "unsafe",
                 id="nbsp-runs-become-one-space-and-ends-are-trimmed"),
    pytest.param('featuredContent: "<p>a\u00a0b</p>"\nwebUrl: "https://x.example/a\u00a0b"\n', "FM609", [], None, None, None,
                 id="nbsp-in-html-field-or-url-not-flagged"),
]


@pytest.mark.parametrize("front_matter, code, positions, message, fixed, applicability", CASES)
def test_glitch(front_matter, code, positions, message, fixed, applicability):
    check_glitch_case(doc(front_matter), code, positions, message, None if fixed is None else doc(fixed), applicability)


def test_fixes_are_idempotent_and_leave_no_problem_of_their_code():
    text = doc('title: "Contosoâ€™s cafÃ©"\nexcerpt: "it&#8217;s a &amp;quot;new&amp;quot; look\u200b"\n')
    for code in ("FM603", "FM607", "FM608"):
        [fix] = {d.fix for d in lint(text, select=(code,))}
        text = apply_fix(text, fix)
        assert lint(text, select=(code,)) == []
    assert text == doc('title: "Contoso’s café"\nexcerpt: "it’s a \\"new\\" look"\n')


def test_raw_c1_control_breaks_yaml_and_is_pointed_at_with_its_repair():
    # issue 17: the fix may start from front matter that does not parse (fixing.loop verifies it)
    text = doc("title: Contoso\u0092s compiler\n")
    c1 = [d for d in lint(text, select=("FM1", "FM604")) if d.code == "FM604"]
    assert [(d.line, d.column, d.fix.applicability) for d in c1] == [(2, 15, "safe")]
    assert apply_fix(text, c1[0].fix) == doc("title: Contoso\u2019s compiler\n")
    assert "FM101" in {d.code for d in lint(text, select=("FM1",))}


def test_c1_inside_mojibake_is_left_to_the_mojibake_rule():
    text = doc('title: "Contoso\\xe2\\x80\\x99s"\n')
    assert [d.code for d in lint(text, select=("FM603", "FM604"))] == ["FM603"]


def test_html_fields_option_chooses_the_fields_by_last_key():
    text = doc('summary:\n  html: "it&#8217;s"\nfeaturedContent: "it&#8217;s"\n')
    default = lint(text, select=("FM607",))
    custom = lint(text, select=("FM607",), options={"html_fields": ("html",)})
    assert [(d.pointer, d.line) for d in default] == [("/summary/html", 3)]  # the field, by its last key
    assert [d.line for d in custom] == [4]


@pytest.mark.parametrize("body, expected", [
    pytest.param("Contosoâ€™s cache\n", [("FM603", 4, 8)], id="mojibake"),
    pytest.param("x\n\nthe data\u200b is here\n", [("FM608", 6, 9)], id="zero-width"),
    pytest.param("it&#8217;s and a\u00a0b\n", [], id="entities-and-nbsp-are-not-body-glitches"),
])
def test_body_is_checked_only_with_check_body_and_without_fixes(body, expected):
    text = doc("title: Clean\n", body)
    assert lint(text, select=("FM6",)) == []
    found = lint(text, select=("FM6",), options={"check_body": True})
    assert [(d.code, d.line, d.column) for d in found] == expected
    assert all(d.fix is None for d in found)


def test_toml_front_matter_is_checked_and_fixed_in_its_one_line_strings():
    # issue 17: text fixes in TOML front matter (a one-line basic string is edited in place)
    text = '+++\ntitle = "Contosoâ€™s compiler"  # kept\n+++\nbody\n'
    [diagnostic] = lint(text, select=("FM603",))
    assert (diagnostic.line, diagnostic.column) == (2, 17)
    assert apply_fix(text, diagnostic.fix) == '+++\ntitle = "Contoso’s compiler"  # kept\n+++\nbody\n'


def _imports_ftfy(text: str) -> bool:
    """Lint ``text`` in a fresh interpreter and say whether ftfy was imported."""
    script = ("import sys; from fmlint.rules import catalog; from fmlint.rules.engine import Settings, lint_bytes; "
              "lint_bytes(sys.stdin.buffer.read(), 'doc.md', Settings(tuple(catalog.select(('FM6',))))); "
              "print('ftfy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], input=text.encode(), capture_output=True, check=True)
    return result.stdout.strip() == b"True"


def test_ftfy_is_imported_only_when_a_candidate_exists():
    assert not _imports_ftfy(doc('title: "Crème brûlée, “quoted”, it’s &amp; café"\n'))
    assert _imports_ftfy(doc('title: "Contosoâ€™s"\n'))


def test_cli_reports_glitches_in_real_files(tmp_path):
    (tmp_path / "post.md").write_text(doc('title: "Contosoâ€™s new compiler"\nexcerpt: "it&#8217;s here\u00a0now"\n'
                                          'webUrl: "https://x.example/?a=1&amp;b=2"\n'), "utf-8")
    code, records = run_json("--no-cache", "--select", "FM6", str(tmp_path))
    assert code == 1
    assert [(r["code"], r["line"], r["column"], r["severity"], r["fixable"]) for r in records] == [
        ("FM603", 2, 16, "error", True), ("FM607", 3, 13, "error", True), ("FM609", 3, 26, "warning", True)]


@needs_shared(CORPUS)
def test_real_corpus_encoding_glitches_are_the_known_ones():
    """glitches.md: the HTML entities in plain-text fields (all real), 2 zero-width spaces, the
    no-break spaces; no mojibake, C1, U+FFFD or '?' apostrophes in the real corpus."""
    code, records = run_json("--no-cache", "--select", "FM603,FM604,FM605,FM606,FM607,FM608,FM609", str(CORPUS))
    counts: dict[str, int] = {}
    for record in records:
        counts[record["code"]] = counts.get(record["code"], 0) + 1
    assert counts == {"FM607": 69, "FM608": 2, "FM609": 34}
    entities = [r for r in records if r["code"] == "FM607"]
    assert len({r["path"] for r in entities}) == 38
    assert all(r["pointer"] is None or not r["pointer"].endswith("Url") for r in records)
    assert all(r["fixable"] for r in records)


def test_fixer_repairs_every_glitch_of_a_value_and_converges():
    """Several rules repair one value: the fixer applies them one per pass and verifies each."""
    text = doc('title: "Contosoâ€™s cafÃ© isnt new\u200b"\nexcerpt: "it&#8217;s a\u00a0 &amp;quot;new&amp;quot; look"\n'
               'note: "Fabrikam\\x92s team"\nsummary: |\n  Fabrikam team\n  dont wait\n')
    settings = Settings(tuple(catalog.select(("FM6",))), None, {"html_fields": ("featuredContent",)})
    outcome = fix_bytes(text.encode("utf-8"), "doc.md", settings, unsafe=True)
    assert outcome.converged and outcome.failed == [] and outcome.remaining == []
    assert outcome.fixed.decode("utf-8") == doc(
        'title: "Contoso’s café isn’t new"\nexcerpt: "it’s a \\"new\\" look"\n'
        'note: "Fabrikam’s team"\nsummary: |\n  Fabrikam team\n  don’t wait\n')


def test_long_values_are_fast_and_still_fixed():
    """Fixes are exact edits, not a diff of the whole value: a 100,000-character value is fine.

    The bound is a hang guard in CPU seconds (a quadratic diff takes minutes), not a speed test.
    """
    filler = "Contoso builds apps. " * 5000
    text = doc(f'excerpt: "{filler}It isnt done{filler}\u200b"\nsecured: "{"Ab1+" * 25000}"\n')
    started = time.process_time()
    found = lint(text, select=("FM6",))
    assert time.process_time() - started < 2
    assert [d.code for d in found] == ["FM610", "FM608"]
    assert [len(d.fix.edits) for d in found] == [1, 1]
