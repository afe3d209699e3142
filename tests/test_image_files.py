"""Local image sizes (issue 17): the header reader, the confinement of what it opens, FM407,
the fixes that fill in sizes from the file, and the cache that must see an image change.

Images are written by hand (struct, zlib): no Pillow.
"""

from __future__ import annotations

import os
import struct
import time
import zlib
from pathlib import Path

import pytest
from conftest import CORPUS, needs_shared, run_cli, run_json

from fmlint.reading import image_files
from fmlint.reading.image_files import locate, pixel_size
from fmlint.rules import catalog
from fmlint.rules.engine import Settings, lint_bytes, recording_reads


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + \
        chunk(b"IEND", b"")


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0) + b",\0\0\0\0\1\0\1\0\0\2\2D\1\0;"


def _segment(marker: int, data: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data


def _exif(orientation: int, order: str = "<") -> bytes:
    mark = b"II" if order == "<" else b"MM"
    entry = struct.pack(order + "HHIHH", 0x0112, 3, 1, orientation, 0)
    return b"Exif\0\0" + mark + struct.pack(order + "HI", 42, 8) + struct.pack(order + "H", 1) + entry + b"\0\0\0\0"


def jpeg(width: int, height: int, orientation: int | None = None, padding: int = 0, order: str = "<",
         sof: int = 0xC0) -> bytes:
    """SOI, JFIF, optional EXIF, ``padding`` APP2 segments of 65,000 bytes, a DHT, the SOF, SOS, EOI."""
    parts = [b"\xff\xd8", _segment(0xE0, b"JFIF\0\1\1\0\0\1\0\1\0\0")]
    if orientation is not None:
        parts.append(_segment(0xE1, _exif(orientation, order)))
    parts += [_segment(0xE2, b"\0" * 65_000)] * padding
    parts.append(_segment(0xC4, b"\0" * 17))
    parts.append(b"\xff\xff" + _segment(sof, struct.pack(">BHHB", 8, height, width, 3) + b"\1\x11\0\2\x11\1\3\x11\1"))
    return b"".join(parts) + _segment(0xDA, b"\3\1\0\2\x11\3\x11\0\x3f\0") + b"\0\0\xff\xd9"


def _riff(chunk: bytes, data: bytes) -> bytes:
    body = b"WEBP" + chunk + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def webp_lossy(width: int, height: int) -> bytes:
    return _riff(b"VP8 ", b"\x30\x01\x00\x9d\x01\x2a" + struct.pack("<HH", width, height) + b"\0" * 10)


def webp_lossless(width: int, height: int) -> bytes:
    return _riff(b"VP8L", b"\x2f" + struct.pack("<I", (width - 1) | (height - 1) << 14) + b"\0" * 8)


def webp_extended(width: int, height: int) -> bytes:
    return _riff(b"VP8X", b"\x10\0\0\0" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little"))


IMAGES = [
    pytest.param(png(1200, 800), (1200, 800), id="png"),
    pytest.param(png(1, 65_536), (1, 65_536), id="png-large-side"),
    pytest.param(gif(640, 480), (640, 480), id="gif"),
    pytest.param(jpeg(1024, 683), (1024, 683), id="jpeg"),
    pytest.param(jpeg(1024, 683, sof=0xC2), (1024, 683), id="jpeg-progressive"),
    pytest.param(jpeg(4000, 3000, orientation=6), (3000, 4000), id="jpeg-exif-turned"),
    pytest.param(jpeg(4000, 3000, orientation=8, order=">"), (3000, 4000), id="jpeg-exif-big-endian-turned"),
    pytest.param(jpeg(4000, 3000, orientation=3), (4000, 3000), id="jpeg-exif-upside-down"),
    pytest.param(jpeg(800, 600, padding=3), (800, 600), id="jpeg-sof-after-200kb-of-metadata"),
    pytest.param(webp_lossy(550, 368), (550, 368), id="webp-vp8"),
    pytest.param(webp_lossless(386, 395), (386, 395), id="webp-vp8l"),
    pytest.param(webp_extended(16_384, 9_000), (16_384, 9_000), id="webp-vp8x"),
]


@pytest.mark.parametrize("data, size", IMAGES)
def test_header_sizes(tmp_path, data, size):
    (tmp_path / "image").write_bytes(data)
    assert pixel_size(str(tmp_path / "image"), str(tmp_path)) == size


@pytest.mark.parametrize("data, size", IMAGES)
def test_truncated_images_have_no_size_and_no_crash(tmp_path, data, size):
    """Every prefix short of the size fields: None; never an exception."""
    path = tmp_path / "image"
    found = []
    for end in range(0, min(len(data), 400)):
        path.write_bytes(data[:end])
        found.append(pixel_size(str(path), str(tmp_path)))
    assert found[0] is None and set(found) <= {None, size}


@pytest.mark.parametrize("data", [
    pytest.param(b"", id="empty"),
    pytest.param(os.urandom(4096).replace(b"\xff\xd8", b"xx").replace(b"\x89P", b"xx"), id="random"),
    pytest.param(b"<svg width='10' height='10'/>", id="svg-not-read"),
    pytest.param(png(0, 800), id="png-zero-width"),
    pytest.param(b"\xff\xd8" + _segment(0xDA, b"\0" * 10) + b"\xff\xd9", id="jpeg-scan-before-frame"),
    pytest.param(b"\xff\xd8\xff\xe0\x00\x01", id="jpeg-length-below-two"),
    pytest.param(b"\xff\xd8" + b"\xff\xfe\x00\x02" * 5000, id="jpeg-endless-comments"),
    pytest.param(b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0\0\0\0\0\0\0", id="webp-no-start-code"),
    pytest.param(b"GIF89", id="gif-short"),
])
def test_garbage_has_no_size(tmp_path, data):
    (tmp_path / "x.png").write_bytes(data)
    assert pixel_size(str(tmp_path / "x.png"), str(tmp_path)) is None


def test_bad_exif_keeps_the_frame_size(tmp_path):
    (tmp_path / "x.jpg").write_bytes(b"\xff\xd8" + _segment(0xE1, b"Exif\0\0MM\0*\xff\xff\xff\xff") + jpeg(5, 6)[2:])
    assert pixel_size(str(tmp_path / "x.jpg"), str(tmp_path)) == (5, 6)


@pytest.mark.parametrize("reference, expected", [
    ("/assets/img/a.png", "ROOT/assets/img/a.png"),
    ("a.png", "DOC/a.png"),
    ("./a.png", "DOC/./a.png"),
    ("img/a%20b.png?v=2#top", "DOC/img/a b.png"),
    ("  /a.png  ", "ROOT/a.png"),
    ("https://cdn.example/a.png", None),
    ("//cdn.example/a.png", None),
    ("data:image/png;base64,iVBORw0KGgo=", None),
    ("{{ site.baseurl }}/assets/a.png", None),
    ("/assets/", None),
    ("", None),
    ("a\0.png", None),
    ("/a%00.png", None),
    ("http://[/a.png", None),
    ("x" * 5000 + ".png", None),
])
def test_locate(tmp_path, reference, expected):
    root, doc = str(tmp_path / "site"), str(tmp_path / "site" / "_posts" / "p.md")
    found = locate(reference, doc, root)
    wanted = expected and expected.replace("ROOT", root).replace("DOC", os.path.dirname(doc))
    assert found == wanted


def test_nothing_outside_the_root_is_opened(tmp_path):
    site, outside = tmp_path / "site", tmp_path / "outside"
    (site / "_posts").mkdir(parents=True)
    outside.mkdir()
    (outside / "x.png").write_bytes(png(10, 20))
    (site / "in.png").write_bytes(png(30, 40))
    (site / "link-out.png").symlink_to(outside / "x.png")
    (site / "link-in.png").symlink_to(site / "in.png")
    (site / "folder.png").mkdir()
    os.mkfifo(site / "fifo.png")
    doc, root = str(site / "_posts" / "p.md"), str(site)

    def size(reference):
        target = locate(reference, doc, root)
        return pixel_size(target, root) if target else None

    assert size("../../outside/x.png") is None  # `..` out of the project
    assert size("/../outside/x.png") is None
    assert size("/link-out.png") is None  # a link out
    assert size("/link-in.png") == (30, 40)  # a link that stays inside
    assert size("../in.png") == (30, 40)  # `..` that stays inside
    started = time.monotonic()
    assert size("/fifo.png") is None  # never blocks
    assert time.monotonic() - started < 1
    assert size("/folder.png") is None
    assert size("/missing.png") is None
    assert pixel_size("/dev/zero", "/dev") is None


# ---------------------------------------------------------------- rules, through the engine


POST = "---\nimages:\n  - url: {url}\n    width: {width}\n    height: {height}\n---\nbody\n"


def lint_post(tmp_path: Path, text: str, select=("FM4",)):
    path = tmp_path / "_posts" / "p.md"
    path.parent.mkdir(exist_ok=True)
    settings = Settings(tuple(catalog.select(select)), root=str(tmp_path))
    return lint_bytes(text.encode(), str(path), settings)


@pytest.mark.parametrize("url, width, height, expected", [
    ("/assets/a.png", 1200, 800, []),
    ("/assets/a.png", 1000, 800, [("FM407", 4, 12, "images[0]: width 1000 disagrees with the file /assets/a.png, "
                                               "which is 1200x800")]),
    ("../assets/a.png", 800, 1200, [("FM407", 4, 12, "images[0]: width 800 and height 1200 disagree with the file "
                                                 "../assets/a.png, which is 1200x800")]),
    ("/assets/a.png", '"1200px"', 800, [("FM402", 4, 12, 'images[0].width: "1200px" is text, not an integer; '
                                                      "write 1200")]),
    ("/assets/missing.png", 1000, 800, []),
    ("https://cdn.example/assets/a.png", 1000, 800, []),  # never fetched
    ("/assets/a-1000x800.png", 1000, 800, [("FM407", 4, 12, "images[0]: width 1000 disagrees with the file "
                                                        "/assets/a-1000x800.png, which is 1200x800")]),
])
def test_fm407(tmp_path, url, width, height, expected):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.png").write_bytes(png(1200, 800))
    (tmp_path / "assets" / "a-1000x800.png").write_bytes(png(1200, 800))  # the file decides, not its name (FM406)
    found = lint_post(tmp_path, POST.format(url=url, width=width, height=height))
    assert [(d.code, d.line, d.column, d.message) for d in found] == expected


def test_lookups_are_recorded_and_remote_ones_are_not(tmp_path):
    with recording_reads() as reads:
        lint_post(tmp_path, POST.format(url="/assets/missing.png", width=1, height=1))
    assert reads == [str(tmp_path / "assets" / "missing.png")]  # a missing file counts: it may appear
    with recording_reads() as reads:
        lint_post(tmp_path, POST.format(url="https://cdn.example/a.png", width=1, height=1))
        lint_post(tmp_path, POST.format(url="/assets/a.png", width=1, height=1), select=("FM1",))
    assert reads == []  # remote: never looked up; no image rule selected: nothing read
    lint_post(tmp_path, POST.format(url="/assets/missing.png", width=1, height=1))  # outside a block: fine


def test_the_rules_do_not_import_the_reader_at_start_up():
    import subprocess
    import sys

    code = "import sys, fmlint.rules.images; print('fmlint.reading.image_files' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


# ---------------------------------------------------------------- CLI on real files


def site(tmp_path: Path, text: str, name: str = "p.md") -> Path:
    (tmp_path / "assets").mkdir(exist_ok=True)
    (tmp_path / "assets" / "a.png").write_bytes(png(1200, 800))
    (tmp_path / "_posts").mkdir(exist_ok=True)
    path = tmp_path / "_posts" / name
    path.write_bytes(text.encode())
    return path


FIXES = [
    pytest.param("images:\n  - url: /assets/a.png\n    width: 1000\n    height: 700\n",
                 "images:\n  - url: /assets/a.png\n    width: 1200\n    height: 800\n", ["FM407"], id="wrong-both"),
    pytest.param("images:\n  - url: ../assets/a.png\n    width: 1200\n    alt: A\n",
                 "images:\n  - url: ../assets/a.png\n    width: 1200\n    height: 800\n    alt: A\n", ["FM401"],
                 id="fill-height"),
    pytest.param("images:\n  - url: /assets/a.png\n    height: 800  # tall\n",
                 "images:\n  - url: /assets/a.png\n    height: 800  # tall\n    width: 1200\n", ["FM401"],
                 id="fill-width-after-a-comment"),
    pytest.param("images:\n  - url: /assets/a.png\n    width: '1200px'\n",
                 "images:\n  - url: /assets/a.png\n    width: 1200\n    height: 800\n", ["FM401", "FM402"],
                 id="text-width-and-no-height"),
    pytest.param("images:\n  - url: /assets/a.png\n    width: 0\n    height: 800\n",
                 "images:\n  - url: /assets/a.png\n    width: 1200\n    height: 800\n", ["FM404"], id="zero"),
    pytest.param("image:\n  url: \"/assets/a.png\"\n  alt: A\n",
                 "image:\n  url: \"/assets/a.png\"\n  width: 1200\n  height: 800\n  alt: A\n", ["FM408"],
                 id="fill-both"),
]


@pytest.mark.parametrize("before, after, codes", FIXES)
def test_cli_check_and_fix(tmp_path, before, after, codes):
    path = site(tmp_path, f"---\ntitle: T\n{before}---\nbody\n")
    _, records = run_json("--select", "FM4", str(path), cwd=tmp_path)
    assert sorted(r["code"] for r in records) == codes
    run_cli("fix", "--select", "FM4", str(path), cwd=tmp_path)  # safe fixes alone never use the file
    assert path.read_text("utf-8") == f"---\ntitle: T\n{before}---\nbody\n".replace("'1200px'", "1200")
    code, _, _ = run_cli("fix", "--select", "FM4", "--unsafe-fixes", str(path), cwd=tmp_path)
    assert path.read_text("utf-8") == f"---\ntitle: T\n{after}---\nbody\n"
    assert run_json("--select", "FM4", "--no-cache", str(path), cwd=tmp_path) == (0, [])


def test_fix_in_toml_and_crlf(tmp_path):
    toml = site(tmp_path, '+++\ntitle = "T"\n[[images]]\nurl = "/assets/a.png"\nwidth = 1200\n+++\nbody\n', "t.md")
    crlf = site(tmp_path, "---\r\nimage:\r\n  url: /assets/a.png\r\n---\r\nbody\r\n", "c.md")
    run_cli("fix", "--select", "FM4", "--unsafe-fixes", str(toml), str(crlf), cwd=tmp_path)
    assert toml.read_text("utf-8") == ('+++\ntitle = "T"\n[[images]]\nurl = "/assets/a.png"\nwidth = 1200\n'
                                       'height = 800\n+++\nbody\n')
    assert crlf.read_bytes() == (b"---\r\nimage:\r\n  url: /assets/a.png\r\n  width: 1200\r\n  height: 800\r\n"
                                 b"---\r\nbody\r\n")


def test_no_fix_where_lines_cannot_go(tmp_path):
    """A flow mapping, JSON front matter: reported, no fix, the file untouched."""
    flow = site(tmp_path, "---\nimage: {url: /assets/a.png, width: 1200}\n---\nbody\n", "f.md")
    json_fm = site(tmp_path, '---\n{"image": {"url": "/assets/a.png"}}\n---\nbody\n', "j.md")
    before = flow.read_bytes(), json_fm.read_bytes()
    _, records = run_json("--select", "FM4", str(flow), str(json_fm), cwd=tmp_path)
    assert [(r["code"], r["fixable"]) for r in records] == [("FM401", False), ("FM408", False)]
    run_cli("fix", "--select", "FM4", "--unsafe-fixes", str(flow), str(json_fm), cwd=tmp_path)
    assert (flow.read_bytes(), json_fm.read_bytes()) == before


def test_the_site_root_is_the_configs_folder(tmp_path):
    """``/assets/a.png`` is found from the folder of ``.fmlint.toml``, wherever the run starts."""
    path = site(tmp_path, "---\nimages:\n  - url: /assets/a.png\n    width: 1000\n    height: 800\n---\n")
    (tmp_path / ".fmlint.toml").write_text("", "utf-8")
    _, records = run_json("--select", "FM4", str(path), cwd=tmp_path / "_posts")
    assert [r["code"] for r in records] == ["FM407"]


@pytest.fixture
def counted(monkeypatch):
    """The files really linted (the cache answers the rest)."""
    from fmlint.running import pool

    calls, real = [], pool.lint_bytes
    monkeypatch.setattr(pool, "lint_bytes",
                        lambda data, path, settings: calls.append(path) or real(data, path, settings))
    return calls


def test_a_cached_result_sees_the_image_change(tmp_path, counted):
    """An entry is keyed by the images its rules looked up: unchanged, it is reused; changed, gone or
    appeared, the file is checked again."""
    path = site(tmp_path, "---\nimages:\n  - url: /assets/a.png\n    width: 1200\n    height: 800\n"
                          "  - url: new.png\n    width: 10\n    height: 10\n---\n")
    image = tmp_path / "assets" / "a.png"

    def run():
        _, records = run_json("-j1", "--select", "FM4", str(path), cwd=tmp_path)
        return [(r["code"], r["message"][-8:]) for r in records]

    assert run() == [] and len(counted) == 1
    assert run() == [] and len(counted) == 1  # a hit
    image.write_bytes(png(1000, 800))  # same length, new size
    os.utime(image, ns=(1, 1))
    assert run() == [("FM407", "1000x800")] and len(counted) == 2
    image.unlink()  # gone: nothing to judge
    assert run() == [] and len(counted) == 3
    (tmp_path / "_posts" / "new.png").write_bytes(png(20, 10))  # a missing image appears
    assert run() == [("FM407", "is 20x10")] and len(counted) == 4
    assert run() == [("FM407", "is 20x10")] and len(counted) == 4  # and that result is cached in turn


@needs_shared(CORPUS)
def test_corpus_local_image_urls_name_no_file():
    """The corpus names 217 site-root images (/assets/images/...) but ships none: nothing is judged."""
    from fmlint.reading.frontmatter import read
    from fmlint.rules.image_hints import image_objects

    local = 0
    for path in sorted(CORPUS.rglob("*.md")):
        _, fm = read(path.read_bytes(), str(path))
        for _, found in image_objects(fm.data if fm.ok and isinstance(fm.data, dict) else {}):
            url = found.get("url", found.get("src"))
            target = locate(url, str(path), str(CORPUS)) if isinstance(url, str) else None
            local += target is not None
            assert target is None or pixel_size(target, str(CORPUS)) is None
    assert local >= 200


def test_reader_module_is_small_and_imports_nothing_heavy():
    import subprocess
    import sys

    code = ("import sys; before = set(sys.modules); import fmlint.reading.image_files; "
            "print(sorted(m for m in set(sys.modules) - before if not m.startswith('fmlint')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "urllib.request" not in out and "PIL" not in out
    assert len(Path(image_files.__file__).read_text("utf-8").splitlines()) < 300
