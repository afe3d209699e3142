"""Image sizes (FM4xx): values, pairs, absurd sizes and URL size hints, at exact positions."""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import CORPUS, SEED, apply_fix, article, described, lint, needs_shared, run_cli, run_json

from fmlint.fixing.loop import fix_bytes
from fmlint.rules import catalog, images, registry
from fmlint.rules.engine import Settings
from fmlint.rules.image_hints import Hint, disagreeing, url_hint

CORE = ("FM0", "FM1", "FM2", "FM4")  # the families that judge image sizes (others are written elsewhere)
PX_1024 = 'images[0].width: "1024px" is text, not an integer; write 1024'
IMAGE = '---\nimages:\n  - url: "{url}"\n    width: {width}\n    height: {height}\n---\nbody\n'
URL = "https://cdn.example/photos/harbour.jpg"  # no size hint


def image(width="1200", height="800", url=URL) -> str:
    """One image object: its width value is at line 4 column 12, its height value at 5:13."""
    return IMAGE.format(url=url, width=width, height=height)


def diagnostics(text: str, select=("FM4",), **kwargs):
    return described(text, select=select, **kwargs)


# ---------------------------------------------------------------- values (no schema)


@pytest.mark.parametrize(
    "width, height, expected",
    [
        pytest.param("1200", "800", [], id="integers-are-fine"),
        pytest.param('"1024"', "683", [("FM402", 4, 12, 'images[0].width: "1024" is text, not an integer; write 1024')],
                     id="quoted-digits"),
        pytest.param('"1024px"', "683", [("FM402", 4, 12, PX_1024)],
                     id="quoted-px"),
        pytest.param("1024px", "683", [("FM402", 4, 12, PX_1024)],
                     id="plain-px"),
        pytest.param("1024.0", "683",
                     [("FM402", 4, 12, "images[0].width: 1024.0 is a decimal, not an integer; write 1024")],
                     id="integral-float"),
        pytest.param("700", "393.75", [("FM403", 5, 13, "images[0].height: 393.75 is not a whole number of pixels; "
                                                        "round it to 394")], id="fraction"),
        pytest.param("700", "'392.5px'", [("FM403", 5, 13, "images[0].height: \"392.5px\" is not a whole number of "
                                                          "pixels; round it to 393")], id="text-fraction-half-up"),
        pytest.param("0", "683", [("FM404", 4, 12, "images[0].width: 0 is not a positive number")], id="zero"),
        pytest.param("-5", "683", [("FM404", 4, 12, "images[0].width: -5 is not a positive number")], id="negative"),
        pytest.param('"0px"', "683", [("FM404", 4, 12, 'images[0].width: "0px" is not a positive number')],
                     id="zero-px"),
        pytest.param("0.4", "683", [("FM404", 4, 12, "images[0].width: 0.4 is not a positive number")],
                     id="rounds-to-zero"),
        pytest.param('""', "683", [("FM404", 4, 12, 'images[0].width: "" is not a number of pixels')], id="empty-text"),
        pytest.param("", "683", [("FM404", 4, 11, "images[0].width: is empty")], id="null"),
        pytest.param("abc", "683", [("FM404", 4, 12, 'images[0].width: "abc" is not a number of pixels')], id="word"),
        pytest.param('"1,024"', "683", [("FM404", 4, 12, 'images[0].width: "1,024" is not a number of pixels')],
                     id="thousands-separator-is-ambiguous"),
        pytest.param("true", "683", [("FM404", 4, 12, "images[0].width: true is not a number of pixels")], id="bool"),
        pytest.param("[1, 2]", "683", [("FM404", 4, 12, "images[0].width: [1, 2] is not a number of pixels")],
                     id="list"),
        pytest.param('"1024px"', "0", [("FM402", 4, 12, PX_1024),
                                      ("FM404", 5, 13, "images[0].height: 0 is not a positive number")],
                     id="two-problems-two-diagnostics"),
    ],
)
def test_values(width, height, expected):
    assert diagnostics(image(width, height)) == expected


@pytest.mark.parametrize(
    "front_matter, expected",
    [
        pytest.param("images:\n  - url: a.jpg\n    width: 1200\n",
                     [("FM401", 4, 5, "images[0] has a width but no height")], id="width-only-at-key"),
        pytest.param("images:\n  - url: a.jpg\n    height: 800\n",
                     [("FM401", 4, 5, "images[0] has a height but no width")], id="height-only"),
        pytest.param("image: {src: /img/a.png, width: '800', height: 600}\n",
                     [("FM402", 2, 33, 'image.width: "800" is text, not an integer; write 800')], id="flow-src"),
        pytest.param("provider:\n  images:\n    - url: logo.png\n      width: 50px\n      height: 50\n",
                     [("FM402", 5, 14, 'provider.images[0].width: "50px" is text, not an integer; write 50')],
                     id="provider-images"),
        pytest.param("related:\n  - title: t\n    images:\n      - url: r.jpg\n        width: 10\n        height: x\n",
                     [("FM404", 7, 17, 'related[0].images[0].height: "x" is not a number of pixels')],
                     id="related-images"),
        pytest.param("thumbnail:\n  url: t.jpg\n  width: 0\n  height: 90\n",
                     [("FM404", 4, 10, "thumbnail.width: 0 is not a positive number")], id="thumbnail"),
        pytest.param("url: /about/\nwidth: abc\n", [], id="the-page-itself-is-not-an-image"),
        pytest.param("video:\n  width: abc\n  height: 0\n", [], id="no-url-not-an-image"),
        pytest.param("images:\n  - url: a.jpg\n    alt: x\n", [], id="no-size-not-checked"),
        pytest.param("images:\n  - url: a.jpg\n    width: 30000\n    height: 2000\n",
                     [("FM405", 4, 12, "images[0].width: 30000 px is implausibly large (over 20,000 px)")],
                     id="over-20000"),
        pytest.param("images:\n  - url: a.jpg\n    width: 30000\n    height: 10\n",
                     [("FM405", 4, 12, "images[0].width: 30000 px is implausibly large (over 20,000 px)")],
                     id="one-diagnostic-for-size-and-ratio"),
        pytest.param("images:\n  - url: a.jpg\n    width: 12000\n    height: 300\n",
                     [("FM405", 4, 12, "images[0]: 12000x300 has an aspect ratio beyond 20:1; one side is probably "
                                       "wrong")], id="ratio-40-to-1"),
        pytest.param("images:\n  - url: a.jpg\n    width: 100\n    height: 2001\n",
                     [("FM405", 4, 12, "images[0]: 100x2001 has an aspect ratio beyond 20:1; one side is probably "
                                       "wrong")], id="ratio-tall"),
        pytest.param("images:\n  - url: a.jpg\n    width: 2000\n    height: 100\n", [], id="ratio-20-to-1-is-fine"),
        pytest.param("images:\n  - url: a.jpg\n    width: 20000\n    height: 20000\n", [], id="20000-is-fine"),
        pytest.param("images:\n  - url: a.jpg\n    width: 25000px\n    height: 20000\n",
                     [("FM402", 4, 12, 'images[0].width: "25000px" is text, not an integer; write 25000'),
                      ("FM405", 4, 12, "images[0].width: 25000 px is implausibly large (over 20,000 px)")],
                     id="text-and-absurd-are-two-problems"),
    ],
)
def test_image_objects_anywhere(front_matter, expected):
    assert diagnostics(f"---\n{front_matter}---\n") == expected


def test_severities_and_fix_kinds_are_documented():
    for code, severity, fix in [("FM401", "warning", "unsafe"), ("FM402", "error", "safe"), ("FM403", "error", "unsafe"),
                                ("FM404", "error", "unsafe"), ("FM405", "warning", None), ("FM406", "warning", None),
                                ("FM407", "warning", "unsafe"), ("FM408", "info", "unsafe")]:
        each = catalog.get(code)
        assert (each.severity, each.fix) == (severity, fix)
        for section in ("What:", "Why:", "Example:", "Fix:"):
            assert section in each.doc, (code, section)


def test_limits_are_options():
    text = "---\nimages:\n  - url: a.jpg\n    width: 6000\n    height: 600\n---\n"
    assert diagnostics(text) == []
    assert [d[0] for d in diagnostics(text, options={"image_max_side": 5000})] == ["FM405"]
    assert [d[0] for d in diagnostics(text, options={"image_max_aspect_ratio": 5})] == ["FM405"]


# ---------------------------------------------------------------- fixes


@pytest.mark.parametrize(
    "width, height, code, safety, fixed",
    [
        pytest.param('"1024"', "683", "FM402", "safe", ("1024", "683"), id="quoted"),
        pytest.param("'1024px'", "683", "FM402", "safe", ("1024", "683"), id="single-quoted-px"),
        pytest.param("1024px", "683", "FM402", "safe", ("1024", "683"), id="plain-px"),
        pytest.param("1024.0", "683", "FM402", "safe", ("1024", "683"), id="float"),
        pytest.param('" 1024 PX "', "683", "FM402", "safe", ("1024", "683"), id="spaces-and-case"),
        pytest.param("1024", "393.75", "FM403", "unsafe", ("1024", "394"), id="round"),
        pytest.param("1024", '"393.5px"  # scaled', "FM403", "unsafe", ("1024", "394  # scaled"), id="comment-kept"),
    ],
)
def test_fix_applied_then_clean(width, height, code, safety, fixed):
    text = image(width, height)
    [diagnostic] = lint(text, select=(code,))
    assert diagnostic.fix.applicability == safety
    result = apply_fix(text, diagnostic.fix)
    assert result == image(*fixed)
    assert lint(result, select=("FM4",)) == []
    side = "width" if code == "FM402" else "height"
    assert diagnostic.fix.values == ((f"/images/0/{side}", int(fixed[side == "height"].split()[0])),)


def test_fix_in_a_flow_mapping_and_json():
    text = "---\nimage: {url: a.png, width: '800', height: 600.0}\n---\n"
    fixes = [d.fix for d in lint(text, select=("FM402",))]
    for fix in sorted(fixes, key=lambda f: f.edits[0].start, reverse=True):
        text = apply_fix(text, fix)
    assert text == "---\nimage: {url: a.png, width: 800, height: 600}\n---\n"
    as_json = '{\n  "image": {"url": "a.png", "width": "800px", "height": 600}\n}\nbody\n'
    [diagnostic] = lint(as_json, select=("FM4",))
    assert apply_fix(as_json, diagnostic.fix) == '{\n  "image": {"url": "a.png", "width": 800, "height": 600}\n}\nbody\n'


def test_toml_fix_replaces_the_string_and_keeps_a_comment_after_it():
    text = '+++\ntitle = "t"\n[[images]]\nurl = "a.jpg"\nwidth = "1024px"\nheight = 683\n+++\n'
    [diagnostic] = lint(text, select=("FM4",))
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("FM402", 5, 9)
    assert apply_fix(text, diagnostic.fix) == text.replace('"1024px"', "1024")
    commented = text.replace('"1024px"', '"1024px" # from the CMS')
    [diagnostic] = lint(commented, select=("FM4",))
    assert apply_fix(commented, diagnostic.fix) == commented.replace('"1024px"', "1024")
    unquoted = text.replace('"1024px"', "1024.0 # from the CMS")  # no string: the span runs to the comment
    [diagnostic] = lint(unquoted, select=("FM4",))
    assert diagnostic.fix is None


def test_multi_line_quoted_value_is_replaced_whole():
    text = '---\nimages:\n  - url: a.jpg\n    width: "1024\n      px"\n    height: 683\n---\n'
    [diagnostic] = lint(text, select=("FM4",))
    assert apply_fix(text, diagnostic.fix) == "---\nimages:\n  - url: a.jpg\n    width: 1024\n    height: 683\n---\n"


def test_toml_inline_table_is_checked_without_a_fix():
    text = '+++\nimages = [{url = "a.jpg", width = "1024px", height = 683}]\n+++\n'
    [diagnostic] = lint(text, select=("FM4",))
    assert (diagnostic.code, diagnostic.pointer, diagnostic.fix) == ("FM402", "/images/0/width", None)


def test_block_scalar_gets_no_fix():
    text = "---\nimages:\n  - url: a.jpg\n    width: |\n      1024\n    height: 683\n---\n"
    [diagnostic] = lint(text, select=("FM4",))
    assert diagnostic.code == "FM402" and diagnostic.fix is None


def test_the_fixer_accepts_the_fixes_and_converges():
    """Through the real fixer: ``Fix.values`` verify, and a second run changes nothing."""
    source = image('"1024px"', "393.75").encode()
    settings = Settings(tuple(catalog.select(("FM4",))))
    safe = fix_bytes(source, "doc.md", settings, unsafe=False)
    assert safe.fixed.decode() == image("1024", "393.75") and not safe.failed
    both = fix_bytes(source, "doc.md", settings, unsafe=True)
    assert both.fixed.decode() == image("1024", "394") and both.remaining == []
    assert fix_bytes(both.fixed, "doc.md", settings, unsafe=True).applied == []


# ---------------------------------------------------------------- URL size hints


@pytest.mark.parametrize(
    "url, expected",
    [
        pytest.param("https://techcrunch.example/a.jpg?w=1024", Hint(1024, None, True, "w=1024"), id="w"),
        pytest.param("https://x.example/a.jpg?h=683", Hint(None, 683, True, "h=683"), id="h"),
        pytest.param("https://x.example/a.jpg?width=640&height=480&fit=cover",
                     Hint(640, 480, True, "width=640&height=480"), id="width-height-cover"),
        pytest.param("https://imgix.example/a.jpg?w=700&h=393.75&fit=crop&auto=format",
                     Hint(700, 393.75, True, "w=700&h=393.75"), id="imgix-crop"),
        pytest.param("https://imgix.example/a.jpg?w=1200&h=800", Hint(1200, 800, False, "w=1200&h=800"),
                     id="both-sides-no-crop-is-a-box"),
        pytest.param("https://imgix.example/a.png?auto=format&fit=max&w=1200", Hint(1200, None, False, "w=1200"),
                     id="fit-max-is-a-box"),
        pytest.param("https://aol.example/dims?resize=1200%2C630&crop=1200%2C630%2C0%2C0&image_uri=https%3A%2F%2Fx",
                     Hint(1200, 630, True, "resize=1200,630"), id="resize-encoded-comma"),
        pytest.param("https://i0.wp.example/a.png?resize=620,497&#038;ssl=1", Hint(620, 497, True, "resize=620,497"),
                     id="resize-with-html-entity"),
        pytest.param("https://i0.wp.example/a.png?fit=1200%2C800", Hint(1200, 800, False, "fit=1200,800"),
                     id="photon-fit-is-a-box"),
        pytest.param("https://x.example/a.jpg?w=700&amp;h=394&amp;fit=crop", Hint(700, 394, True, "w=700&h=394"),
                     id="escaped-ampersands"),
        pytest.param("https://x.example/a.jpg?w=0&h=630", Hint(None, 630, True, "w=0&h=630"), id="w-0-is-auto"),
        pytest.param("https://x.example/a.jpg?w=abc&v=2&s=400", None, id="not-numbers-not-hints"),
        pytest.param("https://arc.example/resizer/Sig3=/1200x0/smart/filters:quality(70)/host/a.jpg",
                     Hint(1200, None, True, "/1200x0/"), id="thumbor-auto-height"),
        pytest.param("https://arc.example/resizer/-Sig=/1200x628/host.example/a.jpg",
                     Hint(1200, 628, True, "/1200x628/"), id="thumbor-after-signature"),
        pytest.param("https://thumbor.example/unsafe/fit-in/800x600/a.jpg", Hint(800, 600, False, "/800x600/"),
                     id="thumbor-fit-in-is-a-box"),
        pytest.param("https://cdn.example/article/images/800x800/dimg/a.jpg", Hint(800, 800, False, "/800x800/"),
                     id="bare-folder-is-a-box"),
        pytest.param("https://cdn.example/profile_banners/1/2/1500x500", Hint(1500, 500, False, "/1500x500/"),
                     id="last-segment"),
        pytest.param("https://res.example/image/upload/c_scale,f_auto,q_80,w_800/a.jpg",
                     Hint(800, None, True, "c_scale,w_800"), id="cloudinary-width"),
        pytest.param("https://res.example/image/upload/c_fit,w_800,h_600/a.jpg",
                     Hint(800, 600, False, "c_fit,w_800,h_600"), id="cloudinary-fit-is-a-box"),
        pytest.param("https://res.example/image/upload/w_800,dpr_2.0/a.jpg", None, id="cloudinary-dpr-not-a-hint"),
        pytest.param("https://res.example/image/upload/w_0.5/a.jpg", None, id="cloudinary-relative-not-a-hint"),
        pytest.param("https://res.example/image/upload/c_mfit,w_800/a.jpg", None, id="cloudinary-at-least-not-a-hint"),
        pytest.param("https://blog.example/uploads/2020/02/photo-1200x630.jpg", Hint(1200, 630, True, "-1200x630.jpg"),
                     id="wordpress-suffix"),
        pytest.param("https://blog.example/uploads/photo-1000x563-1-630x355.JPG", Hint(630, 355, True, "-630x355.JPG"),
                     id="wordpress-last-suffix"),
        pytest.param("https://blog.example/uploads/Banner-1200X678-Blog.jpg", None, id="size-inside-a-name"),
        pytest.param("https://blog.example/uploads/photo_1200x630.jpg", None, id="underscore-not-wordpress"),
        pytest.param("https://i.ytimg.com/vi/abc/maxresdefault.jpg", Hint(1280, 720, True, "maxresdefault.jpg"),
                     id="youtube-maxres"),
        pytest.param("https://i.ytimg.com/vi/abc/hqdefault.jpg", Hint(480, 360, True, "hqdefault.jpg"),
                     id="youtube-hq"),
        pytest.param("https://files.example/maxresdefault.jpg", None, id="youtube-name-elsewhere"),
        pytest.param("https://blog.example/a-300x200.jpg?w=1024", Hint(1024, None, True, "w=1024"),
                     id="query-beats-file-name"),
        pytest.param("https://arc.example/resizer/s=/1200x628/host/a-300x200.jpg", Hint(1200, 628, True, "/1200x628/"),
                     id="path-beats-file-name"),
        pytest.param("/assets/images/organizations/example.com-50x50.jpg", Hint(50, 50, True, "-50x50.jpg"),
                     id="site-path"),
        pytest.param("https://x.example/t5/image/serverpage/image-id/1/image-size/large?v=1.0&px=999", None,
                     id="px-is-a-limit-not-a-size"),
    ],
)
def test_url_hint(url, expected):
    assert url_hint(url) == expected


@pytest.mark.parametrize(
    "url, width, height, expected",
    [
        pytest.param("https://aol.example/dims?resize=1200%2C630&image_uri=x", 945, 630,
                     [("FM406", 4, 12, "images[0]: width 945 disagrees with the URL, which asks for 1200x630 "
                                       "(resize=1200,630)")], id="engadget-like"),
        pytest.param("https://imgix.example/a.jpg?w=700&h=393.75&fit=crop", 700, 394, [], id="tvnz-like-rounding"),
        pytest.param("https://imgix.example/a.jpg?w=700&h=393.75&fit=crop", 700, 393, [], id="rounded-down-too"),
        pytest.param("https://imgix.example/a.jpg?w=700&h=393.75&fit=crop", 700, 392,
                     [("FM406", 5, 13, "images[0]: height 392 disagrees with the URL, which asks for 700x393.75 "
                                       "(w=700&h=393.75)")], id="beyond-tolerance"),
        pytest.param("https://x.example/a.jpg?w=1024", 1024, 683, [], id="only-width-hinted"),
        pytest.param("https://x.example/a.jpg?w=1024", 1023, 683, [], id="one-px-tolerance"),
        pytest.param("https://x.example/a.jpg?w=1024", 1022, 683,
                     [("FM406", 4, 12, "images[0]: width 1022 disagrees with the URL, which asks for a width of 1024 "
                                       "(w=1024)")], id="two-px-off"),
        pytest.param("https://x.example/a.jpg?h=683", 1024, 600,
                     [("FM406", 5, 13, "images[0]: height 600 disagrees with the URL, which asks for a height of 683 "
                                       "(h=683)")], id="only-height-hinted"),
        pytest.param("https://arc.example/resizer/S=/1200x0/smart/a.jpg", 1200, 750, [], id="auto-height"),
        pytest.param("https://arc.example/resizer/S=/1200x0/smart/a.jpg", 1000, 750,
                     [("FM406", 4, 12, "images[0]: width 1000 disagrees with the URL, which asks for a width of 1200 "
                                       "(/1200x0/)")], id="auto-height-width-wrong"),
        pytest.param("https://imgix.example/a.png?fit=max&w=1200", 595, 335, [], id="box-smaller-original"),
        pytest.param("https://imgix.example/a.png?fit=max&w=1200", 1300, 700,
                     [("FM406", 4, 12, "images[0]: width 1300 disagrees with the URL, which allows at most a width of "
                                       "1200 (w=1200)")], id="box-exceeded"),
        pytest.param("https://cdn.example/article/images/800x800/dimg/a.jpg", 800, 533, [], id="folder-box"),
        pytest.param("https://blog.example/a-1200x630.jpg", 800, 450,
                     [("FM406", 4, 12, "images[0]: width 800 and height 450 disagree with the URL, which asks for "
                                       "1200x630 (-1200x630.jpg)")], id="both-sides-one-diagnostic"),
        pytest.param("https://res.example/image/upload/c_scale,w_800/a.jpg", 800, 450, [], id="cloudinary-agrees"),
        pytest.param("https://i.ytimg.com/vi/abc/hqdefault.jpg", 1280, 720,
                     [("FM406", 4, 12, "images[0]: width 1280 and height 720 disagree with the URL, which asks for "
                                       "480x360 (hqdefault.jpg)")], id="youtube-wrong-rendition"),
        pytest.param("https://x.example/a.jpg?w=1200", "abc", 683,
                     [("FM404", 4, 12, 'images[0].width: "abc" is not a number of pixels')], id="invalid-not-compared"),
        pytest.param("https://x.example/a.jpg?w=1200", '"1024px"', 683,
                     [("FM402", 4, 12, PX_1024),
                      ("FM406", 4, 12, "images[0]: width 1024 disagrees with the URL, which asks for a width of 1200 "
                                       "(w=1200)")], id="text-value-compared-as-its-number"),
    ],
)
def test_url_mismatch(url, width, height, expected):
    assert diagnostics(image(width, height, url)) == expected


# ---------------------------------------------------------------- with a schema: one diagnostic per problem


def edit(article: str, old: str, new: str) -> str:
    assert old in article, old
    return article.replace(old, new, 1)


@pytest.mark.parametrize(
    "old, new, expected, safety",
    [
        pytest.param("    width: 1200\n", '    width: "1200px"\n',
                     [("FM402", 28, 12, 'images[0].width: "1200px" is text, not an integer; write 1200')], "safe",
                     id="text"),
        pytest.param("    height: 800\n", "    height: 799.5\n",
                     [("FM403", 29, 13, "images[0].height: 799.5 is not a whole number of pixels; round it to 800")],
                     "unsafe", id="fraction"),
        pytest.param("    width: 50\n", "    width: 0\n",
                     [("FM404", 19, 14, "provider.images[0].width: 0 is not a positive number")], None, id="zero"),
        pytest.param("    height: 800\n", "", [("FM401", 28, 5, "images[0] has a width but no height")], None,
                     id="pair-without-FM201-selected"),
    ],
)
def test_with_the_article_schema(seed_text, old, new, expected, safety):
    found = lint(edit(seed_text, old, new), schema="article", select=("FM4",))
    assert [(d.code, d.line, d.column, d.message) for d in found] == expected
    assert [d.fix.applicability if d.fix else None for d in found] == ([safety] if expected else [])


def test_missing_side_is_reported_once(seed_text):
    text = edit(seed_text, "    height: 800\n", "")
    assert [d.code for d in lint(text, schema="article", select=CORE)] == ["FM201"]
    assert [d.code for d in lint(text, select=CORE)] == ["FM401"]
    assert [d.code for d in lint(text, schema="article", select=("FM201", "FM401"))] == ["FM201"]


def _schema(tmp_path, width: dict) -> str:
    path = tmp_path / f"s{len(list(tmp_path.iterdir()))}.json"  # a new file each time: loaded schemas are cached
    path.write_text(json.dumps({"type": "object", "properties": {"image": {
        "type": "object", "properties": {"url": {"type": "string"}, "width": width, "height": {"type": "integer"}}}}}))
    return str(path)


def test_schema_decides_whether_the_fix_is_safe(tmp_path):
    text = "---\nimage:\n  url: a.jpg\n  width: '1024px'\n  height: 683\n---\n"
    for width, expected in [({"type": "integer"}, ["safe"]), ({}, ["safe"]), ({"type": "number"}, ["unsafe"]),
                            ({"type": "string"}, [])]:
        found = lint(text, schema=_schema(tmp_path, width), select=("FM4",))
        assert [d.fix.applicability for d in found] == expected, width
    fraction = text.replace("'1024px'", "1023.5")
    assert lint(fraction, schema=_schema(tmp_path, {"type": "number"}), select=("FM4",)) == []


def _schema_rules_skip_covered(monkeypatch):
    """The change asked of rules/schema.py: FM202/FM206/FM207 skip what ``images.covers`` claims."""
    for code in ("FM202", "FM206", "FM207"):
        original = catalog.get(code)

        def check(ctx, original=original):
            return [p for p in original.check(ctx) if not (p.pointer and images.covers(ctx, p.pointer))]

        monkeypatch.setitem(registry._RULES, code, dataclasses.replace(original, check=check))


@pytest.mark.parametrize(
    "old, new, code",
    [
        pytest.param("    width: 1200\n", '    width: "1200px"\n', "FM402", id="text"),
        pytest.param("    height: 800\n", "    height: 799.5\n", "FM403", id="fraction"),
        pytest.param("    width: 1200\n", "    width: 0\n", "FM404", id="zero"),
        pytest.param("    width: 1200\n", "    width: abc\n", "FM404", id="word"),
    ],
)
def test_one_diagnostic_with_or_without_schema(seed_text, monkeypatch, old, new, code):
    _schema_rules_skip_covered(monkeypatch)
    text = edit(seed_text, old, new)
    without, with_schema = lint(text, select=CORE), lint(text, schema="article", select=CORE)
    assert [d.code for d in without] == [d.code for d in with_schema] == [code]
    assert (with_schema[0].fix is None) == (code == "FM404")
    only_schema = lint(text, schema="article", select=("FM2",))
    assert [d.code for d in only_schema] == ["FM206" if new.strip().endswith(": 0") else "FM202"]


def test_one_diagnostic_with_schema_in_the_real_rules(seed_text):
    text = edit(seed_text, "    width: 1200\n", '    width: "1200px"\n')
    assert [d.code for d in lint(text, schema="article", select=CORE)] == ["FM402"]


def test_covers_only_what_a_selected_value_rule_reports(seed_text, tmp_path):
    from fmlint.reading.frontmatter import read
    from fmlint.rules.engine import Context

    def context(text, select, schema=None):
        doc, fm = read(text.encode(), "doc.md")
        return Context(doc, fm, Settings(tuple(catalog.select(select)), schema))

    text = edit(seed_text, "    width: 1200\n", '    width: "1200px"\n')
    assert images.covers(context(text, ("FM4",)), "/images/0/width")
    assert images.covers(context(text, ("FM402",)), "/images/0/width")
    assert not images.covers(context(text, ("FM403", "FM404")), "/images/0/width")
    assert not images.covers(context(text, ("FM2",)), "/images/0/width")
    assert not images.covers(context(text, ("FM4",)), "/images/0/height")  # a fine value
    assert not images.covers(context(text, ("FM4",)), "/quality")
    capped = str(tmp_path / "s.json")
    (tmp_path / "s.json").write_text(json.dumps({"properties": {"images": {"items": {"properties": {
        "width": {"type": "integer", "maximum": 1000}}}}}}))
    too_wide = context(seed_text, ("FM",), capped)
    assert not images.covers(too_wide, "/images/0/width")  # 1200 > maximum: the schema's finding, not ours
    assert [d.code for d in lint(seed_text, schema=capped, select=CORE)] == ["FM206"]


# ---------------------------------------------------------------- real files


def test_cli_on_real_files(tmp_path):
    (tmp_path / "clean.md").write_text(image(), "utf-8")
    (tmp_path / "text.md").write_text(image('"1024px"', "683"), "utf-8")
    (tmp_path / "hint.md").write_text(image("945", "630", "https://aol.example/dims?resize=1200%2C630"), "utf-8")
    (tmp_path / "hugo.md").write_text('+++\n[[images]]\nurl = "a.jpg"\nwidth = 1024\n+++\n', "utf-8")
    code, records = run_json("--select", "FM4", str(tmp_path))
    assert code == 1
    assert [(r["path"].rsplit("/", 1)[-1], r["line"], r["column"], r["code"], r["severity"], r["fixable"])
            for r in records] == [("hint.md", 4, 12, "FM406", "warning", False),
                                  ("hugo.md", 4, 1, "FM401", "warning", False),
                                  ("text.md", 4, 12, "FM402", "error", True)]


def test_cli_fix_on_a_real_file(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(image('"1024px"', "393.75"), "utf-8")
    run_cli("fix", "--select", "FM4", str(path))
    assert path.read_text("utf-8") == image("1024", "393.75")
    run_cli("fix", "--select", "FM4", "--unsafe-fixes", str(path))
    assert path.read_text("utf-8") == image("1024", "394")


@needs_shared(CORPUS)
def test_real_corpus_has_no_image_problems():
    """758 real files, 1,136 image objects: no image problem (767 URL size hints, all agreeing)."""
    code, records = run_json("--select", "FM4", str(CORPUS))
    assert (code, records) == (0, [])


@needs_shared(CORPUS)
def test_real_corpus_hints_are_recognised_and_agree():
    from fmlint.reading.frontmatter import read

    seen = agreeing = 0
    for path in sorted(CORPUS.rglob("*.md")):
        _, fm = read(path.read_bytes(), str(path))
        for _, found in images.image_objects(fm.data if fm.ok and isinstance(fm.data, dict) else {}):
            hint = url_hint(found["url"]) if isinstance(found.get("url"), str) else None
            seen += hint is not None
            agreeing += hint is not None and not disagreeing(hint, images._pixels(found))
    assert seen >= 700 and agreeing == seen


@needs_shared(CORPUS)
@pytest.mark.parametrize("old, new, code", [
    ("width: 1280", 'width: "1280px"', "FM402"),
    ("height: 720", "height: 0", "FM404"),
    ("width: 1280", "width: 1000", "FM406"),
])
def test_mutated_real_files(tmp_path, old, new, code):
    source = next(p for p in sorted(CORPUS.rglob("*.md")) if "maxresdefault.jpg" in p.read_text("utf-8")
                  and "width: 1280" in p.read_text("utf-8"))
    (tmp_path / source.name).write_text(source.read_text("utf-8").replace(old, new, 1), "utf-8")
    _, records = run_json("--select", "FM4", str(tmp_path))
    assert [r["code"] for r in records] == [code]


@needs_shared(SEED)
def test_seed_with_article_schema():
    """The seed's Engadget image says resize=1200,630 but width 945; TVNZ's h=393.75 vs 394 agrees."""
    code, records = run_json("--select", "FM4", "--schema", "article", str(SEED))
    assert [(r["line"], r["column"], r["code"], r["message"]) for r in records] == [
        (85, 16, "FM406", "related[3].images[0]: width 945 disagrees with the URL, which asks for 1200x630 "
                          "(resize=1200,630)")]


def test_a_url_python_cannot_split_is_no_size_hint_and_no_crash(tmp_path):
    """``urlsplit`` raises on an invalid bracketed host; that used to be FM009 in FM406."""
    (tmp_path / "a.md").write_text(article('title: x\nimages:\n  - url: "http://[::1x]/a-1200x630.jpg"\n'
                                           "    width: 10\n    height: 10\n"), "utf-8")
    code, records = run_json("--no-cache", "a.md", cwd=tmp_path)
    assert [(r["code"], r["line"]) for r in records] == [("FM501", 4)]
