"""URLs (FM5xx), and the scheme-typo reasons and fixes FM205 gives for schema ``uri`` values."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED, apply_fix, article, described, lint, needs_shared, run_cli, run_json

from fmlint.rules.urls import amp_cache_url
from fmlint.schema import formats


def diagnostics(text: str, select=("FM5",), **kwargs):
    return described(text, select=select, **kwargs)


@pytest.mark.parametrize("front_matter, expected", [
    pytest.param("webUrl: htps://x.example.com/a\n",
                 ("FM502", 2, 9, 'webUrl: "htps://x.example.com/a" is not a valid URL ("htps://" is a mistyped '
                                 '"https://")'), id="htps"),
    pytest.param("webUrl: https//x.example.com/a\n",
                 ("FM502", 2, 9, 'webUrl: "https//x.example.com/a" is not a valid URL ("https//" is a mistyped '
                                 '"https://")'), id="missing-colon"),
    pytest.param("link: http:/x.example.com\n",
                 ("FM502", 2, 7, 'link: "http:/x.example.com" is not a valid URL ("http:/" is a mistyped "http://")'),
                 id="one-slash"),
    pytest.param("link: https:///x.example.com\n",
                 ("FM502", 2, 7, 'link: "https:///x.example.com" is not a valid URL ("https:///" is a mistyped '
                                 '"https://")'), id="three-slashes"),
    pytest.param("source_url: http://https://x.example.com/a\n",
                 ("FM502", 2, 13, 'source_url: "http://https://x.example.com/a" is not a valid URL ("http://https://" '
                                  "repeats the scheme)"), id="doubled"),
    pytest.param("url: httpx://x.example.com\n",
                 ("FM502", 2, 6, 'url: "httpx://x.example.com" is not a valid URL ("httpx://" is a mistyped "http://" '
                                 'or "https://")'), id="ambiguous-typo"),
    pytest.param("url: www.example.com/x\n",
                 ("FM502", 2, 6, 'url: "www.example.com/x" is not a valid URL (no scheme: did you mean '
                                 '"https://www.example.com/x"?)'), id="missing-scheme"),
    pytest.param('url: "https://www.example.com/a page"\n',
                 ("FM501", 2, 6, 'url: "https://www.example.com/a page" is not a valid URL (contains a space)'),
                 id="space"),
    pytest.param("homeURL: https://exa_mple.com/\n",
                 ("FM501", 2, 10, "homeURL: \"https://exa_mple.com/\" is not a valid URL (host 'exa_mple.com' is not a "
                                  "valid host name)"), id="underscore-host"),
    pytest.param("url: https://example/\n",
                 ("FM501", 2, 6, "url: \"https://example/\" is not a valid URL (host 'example' has no top-level domain)"),
                 id="no-tld"),
    pytest.param("url: https://x.example.com:99999/\n",
                 ("FM501", 2, 6, "url: \"https://x.example.com:99999/\" is not a valid URL (port '99999' is not a number "
                                 "from 0 to 65535)"), id="port"),
    pytest.param("url: ftp://x.example.com/\n",
                 ("FM501", 2, 6, 'url: "ftp://x.example.com/" is not a valid URL (the scheme ftp: is not http or https)'),
                 id="other-scheme"),
    pytest.param("url: https://x.example.com/a%2\n",
                 ("FM501", 2, 6, 'url: "https://x.example.com/a%2" is not a valid URL (contains a \'%\' that is not '
                                 "followed by two hex digits)"), id="bad-percent"),
    pytest.param("url: https://256.1.1.1/\n",
                 ("FM501", 2, 6, "url: \"https://256.1.1.1/\" is not a valid URL (host '256.1.1.1' is not a valid IPv4 "
                                 "address)"), id="bad-ipv4"),
    pytest.param("images:\n  - url: /assets/x.jpg\n  - url: ../x.png\n  - url: //cdn.example.com/x.png\n", None,
                 id="relative-references-are-fine"),
    pytest.param("url: https://x.example.com/\nhref: mailto:someone@example.com\nlink: http://127.0.0.1:8080/\n"
                 "canonicalURL: https://[::1]/x\ncurl: htps://nope\npermalink: /blog/:title/\nurl2: htps://x\n", None,
                 id="valid-and-not-url-keys"),
])
def test_url_values(front_matter, expected):
    assert diagnostics(article(front_matter)) == ([expected] if expected else [])


@pytest.mark.parametrize("front_matter, after", [
    pytest.param("webUrl: htps://x.example.com/a\n", "webUrl: https://x.example.com/a\n", id="insert-t"),
    pytest.param('webUrl: "https//x.example.com/a"\n', 'webUrl: "https://x.example.com/a"\n', id="insert-colon"),
    pytest.param("link: http:/x.example.com\n", "link: http://x.example.com\n", id="insert-slash"),
    pytest.param("link: 'HTTPS//x.example.com'\n", "link: 'https://x.example.com'\n", id="lower-cased"),
    pytest.param("url: http://https://x.example.com/a\n", "url: https://x.example.com/a\n", id="doubled"),
])
def test_scheme_fixes_apply_and_lint_clean(front_matter, after):
    text = article(front_matter)
    [found] = lint(text, select=("FM5",))
    assert (found.code, found.fix.applicability) == ("FM502", "unsafe")
    fixed = apply_fix(text, found.fix)
    assert fixed == article(after)
    assert lint(fixed, select=("FM5",)) == []


@pytest.mark.parametrize("front_matter", ["url: www.example.com/x\n", "url: httpx://x.example.com\n"])
def test_no_fix_when_the_scheme_is_not_determined(front_matter):
    [found] = lint(article(front_matter), select=("FM5",))
    assert found.fix is None


# --- with the article schema: one diagnostic per problem --------------------------------------------------

WEB = 'webUrl: "https://www.portwire.example/2023/09/12/harbourline-tide-model/"'


@pytest.mark.parametrize("new, select, expected, fixed", [
    pytest.param('webUrl: "https//www.portwire.example/2023/09/12/harbourline-tide-model/"', ("FM",),
                 ("FM205", 6, 9, 'webUrl: "https//www.portwire.example/2023/09/12/harbourline-tide-mo… is not a valid '
                                 'uri ("https//" is a mistyped "https://")'), True, id="fm205-names-the-typo"),
    pytest.param('webUrl: "https//www.portwire.example/2023/09/12/harbourline-tide-model/"', ("FM5",),
                 ("FM502", 6, 9, 'webUrl: "https//www.portwire.example/2023/09/12/harbourline-tide-mo… is not a valid '
                                 'URL ("https//" is a mistyped "https://")'), True, id="fm502-without-schema-rules"),
    pytest.param('webUrl: "htps://www.portwire.example/2023/09/12/harbourline-tide-model/"', ("FM",),
                 ("FM502", 6, 9, 'webUrl: "htps://www.portwire.example/2023/09/12/harbourline-tide-mo… is not a valid '
                                 'URL ("htps://" is a mistyped "https://")'), True, id="valid-uri-typo-is-fm502"),
    pytest.param('webUrl: "www.portwire.example/2023/09/12/harbourline-tide-model/"', ("FM",),
                 ("FM205", 6, 9, 'webUrl: "www.portwire.example/2023/09/12/harbourline-tide-model/" is not a valid uri '
                                 '(no scheme: did you mean "https://www.portwire.example/2023/09/12/harbourline-tide-'
                                 'model/"?)'), False, id="missing-scheme-no-fix"),
    pytest.param('webUrl: "/2023/09/12/harbourline-tide-model/"', ("FM5",),
                 ("FM501", 6, 9, 'webUrl: "/2023/09/12/harbourline-tide-model/" is not a valid URL (a relative '
                                 'reference; an absolute URL such as https://example.com/page is required)'), False,
                 id="relative-where-uri-required"),
    pytest.param('webUrl: "htt ps://www.portwire.example/2023/09/12/harbourline-tide-model/"', ("FM",),
                 ("FM205", 6, 9, 'webUrl: "htt ps://www.portwire.example/2023/09/12/harbourline-tide-… is not a valid '
                                 "uri (not an absolute URI (it has no scheme such as https:))"), False,
                 id="existing-message-unchanged"),
])
def test_schema_uri_values(seed_text, new, select, expected, fixed):
    text = seed_text.replace(WEB, new, 1)
    [found] = lint(text, schema="article", select=select)
    assert (found.code, found.line, found.column, found.message) == expected
    if not fixed:
        assert found.fix is None
        return
    repaired = apply_fix(text, found.fix)
    assert repaired == seed_text
    assert lint(repaired, schema="article") == []


def test_image_url_is_a_uri_reference(seed_text):
    old = '- url: "https://assets.portwire.example/2023/09/tide-gauge.jpg?w=1200"'
    for new, expected in [('- url: "/assets/2023/09/tide-gauge.jpg"', []),
                          ('- url: "https//assets.portwire.example/2023/09/tide-gauge.jpg"', [("FM502", 27, 10)])]:
        assert [(d.code, d.line, d.column) for d in lint(seed_text.replace(old, new), schema="article")] == expected


# --- AMP cache URLs -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("amp, cdn", [
    ("https://www.a-b.example/x/amp/?q=1#top", "https://www-a--b-example.cdn.ampproject.org/c/s/www.a-b.example/x/amp/?q=1"),
    ("http://news.example/amp", "https://news-example.cdn.ampproject.org/c/news.example/amp"),
    ("https://xn--bcher-kva.example/amp", None),
])
def test_amp_cache_url(amp, cdn):
    assert amp_cache_url(amp) == cdn


def test_amp_mismatch_is_reported_and_fixed(seed_text):
    old = 'cdnAmpWebUrl: "https://www-portwire-example.cdn.ampproject.org/c/s/www.portwire.example/2023/09/12/'
    text = seed_text.replace(old, old.replace("/2023/09/12/", "/2023/09/13/"), 1)
    [found] = lint(text, schema="article")
    assert (found.code, found.line, found.column, found.severity) == ("FM503", 8, 15, "warning")
    assert found.message == ('cdnAmpWebUrl is not the AMP cache URL of ampWebUrl; expected "https://www-portwire-example.'
                             'cdn.ampproject.org/c/s/www.portwire.example/2023/09/12/harbourline-tide-model/amp/"')
    assert found.fix.applicability == "unsafe"
    assert apply_fix(text, found.fix) == seed_text


def test_amp_pair_in_a_related_item():
    text = article("related:\n  - ampWebUrl: https://b.example/x/amp\n"
               "    cdnAmpWebUrl: https://b-example.cdn.ampproject.org/c/s/b.example/y/amp\n")
    assert diagnostics(text) == [("FM503", 4, 19, "related[0].cdnAmpWebUrl is not the AMP cache URL of ampWebUrl; "
                                                  'expected "https://b-example.cdn.ampproject.org/c/s/b.example/x/amp"')]


@needs_shared(SEED)
def test_the_real_seed_amp_urls_follow_the_pattern():
    assert lint(SEED.read_bytes(), schema="article", select=("FM5",), path=str(SEED)) == []
    text = SEED.read_text("utf-8")
    broken = text.replace("https://gizmodo-com.cdn", "https://gizmodo.cdn", 1)
    assert [d.code for d in lint(broken, schema="article", select=("FM5",))] == ["FM503"]


def test_scheme_typo_is_shared_with_the_format_checker():
    assert formats.scheme_typo("htps://x.example") == ('"htps://" is a mistyped "https://"', "https://x.example")
    assert formats.scheme_typo("ftp://x.example") is None and formats.scheme_typo("hxxp://x.example") is None
    assert formats.scheme_typo("logo.ai") is None and formats.scheme_typo("http/notes.md") is None
    with pytest.raises(ValueError, match="mistyped"):
        formats.check_uri("https//x.example")


def test_cli_on_real_files(tmp_path):
    (tmp_path / "a.md").write_text(article("title: A\nwebUrl: htps://a.example/x\nimage:\n  url: /assets/a.png\n"))
    (tmp_path / "b.md").write_text(article("title: B\nlink: https://b.example/ok\n"))
    code, records = run_json("--select", "FM5", ".", cwd=tmp_path)
    assert code == 1
    assert [(Path(r["path"]).name, r["line"], r["column"], r["code"], r["fixable"]) for r in records] == [
        ("a.md", 3, 9, "FM502", True)]
    run_cli("fix", "--unsafe-fixes", "--select", "FM5", str(tmp_path / "a.md"))
    assert (tmp_path / "a.md").read_text() == article("title: A\nwebUrl: https://a.example/x\nimage:\n  url: /assets/a.png\n")
    assert run_json("--select", "FM5", ".", cwd=tmp_path) == (0, [])


def test_ports_that_are_not_ascii_numbers_are_diagnostics_not_crashes(tmp_path):
    """``"²".isdigit()`` is True and ``int()`` rejects it; a 5,000-digit port exceeds int()'s digit limit."""
    (tmp_path / "a.md").write_text(article(f'webUrl: "http://example.com:²/a"\nampWebUrl: "http://example.com:{"9" * 5000}/a"\n'),
                                   "utf-8")
    code, records = run_json("--no-cache", "--select", "FM0,FM5", "a.md", cwd=tmp_path)
    assert code == 1
    assert [(r["code"], r["line"]) for r in records] == [("FM501", 2), ("FM501", 3)]
    assert "port '²' is not a number" in records[0]["message"] and "99999999" in records[1]["message"]
