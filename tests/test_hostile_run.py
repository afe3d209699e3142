"""Issue 15, crashes, hangs and data loss: each reproducer through the real CLI, in a temporary repository.

Hang tests use sizes that took minutes before the fix (the issue's measurements) and
assert the diagnostics, not the time; the subprocess timeout turns a regression into a
failure instead of a stalled suite.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys

import pytest
from conftest import run_cli
from test_hostile_repo import BROKEN, CLEAN, ROOT, fmlint, hostile_repo, records

from fmlint.model import Edit
from fmlint.running.globs import glob_matches

GENERATED: dict[str, int] = {}


def glob_regex(pattern: str) -> re.Pattern:
    """The reference: the regex translation fmlint used before ``globs`` (it backtracks
    exponentially on ``*a*a*a*a*b``, which is why it is only a test's oracle now)."""
    out, index = [], 0
    tokens = (("**/", "(?:.*/)?"), ("**", ".*"), ("*", "[^/]*"), ("?", "[^/]"))
    while index < len(pattern):
        for token, regex in tokens:
            if pattern.startswith(token, index):
                out.append(regex)
                index += len(token)
                break
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(out) + r"\Z")



def codes(out: str) -> list[tuple[str, int]]:
    return [(r["code"], r["line"]) for r in records(out)]


# --- crashes -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, text", [
    ("yaml.md", "---\nn: " + "9" * 5000 + "\n---\n"),
    ("json.md", '{\n"n": ' + "9" * 5000 + "\n}\n"),
    ("toml.md", "+++\nn = " + "9" * 5000 + "\n+++\n"),
    ("alias.md", "---\nn: &a " + "9" * 5000 + "\nm: *a\n---\n"),
])
def test_an_integer_of_more_than_4300_digits_is_fm007_at_its_place(tmp_path, name, text):
    repo = hostile_repo(tmp_path / "site", {name: text, "other.md": BROKEN})
    code, out, err = fmlint("check", "--no-cache", "--format", "json", ".", cwd=repo)
    assert code == 1, err
    found = {r["path"]: [] for r in records(out)}
    for r in records(out):
        found[r["path"]].append((r["code"], r["line"], r["message"]))
    assert found[name] == [("FM007", 2, "an integer of more than 4,300 digits; not checked")]
    assert [code for code, _, _ in found["other.md"]] == ["FM102"] * 2


@pytest.mark.parametrize("front, schema, expected", [
    ('image:\n  url: "http://example.com/a-1e400x10.jpg"\n  width: 1e309\n', None, ("FM404", 4)),
    ('image:\n  url: "http://[::1x]/a.jpg"\n', None, ("FM501", 3)),
    ('webUrl: "\\n\\n"\n', "article", ("FM205", 2)),
])
def test_hostile_values_are_diagnostics_not_internal_errors(tmp_path, front, schema, expected):
    repo = hostile_repo(tmp_path / "site", {"a.md": f"---\n{front}---\n", "b.md": BROKEN})
    code, out, err = fmlint("check", "--no-cache", "--format", "json", *(["--schema", schema] if schema else []), ".",
                            cwd=repo)
    found = [(r["code"], r["line"]) for r in records(out) if r["path"] == "a.md"]
    assert code == 1 and expected in found and "FM009" not in out, out + err
    assert ("b.md", "FM102") in {(r["path"], r["code"]) for r in records(out)}


def test_a_folder_500_levels_deep_is_walked(tmp_path):
    deep = os.path.join(*["d"] * 500, "a.md")
    repo = hostile_repo(tmp_path / "site", {deep: BROKEN, ".fmlint.toml": 'select = ["FM1"]\n'})
    code, out, err = fmlint("check", "--no-cache", "--format", "json", ".", cwd=repo)
    assert code == 1 and codes(out) == [("FM102", 2), ("FM102", 3)], err
    code, out, err = fmlint("check", "--no-cache", "--format", "json", deep, cwd=repo)
    assert code == 1 and len(records(out)) == 2, err


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
@pytest.mark.parametrize("in_git", [True, False])
def test_a_gitignore_that_is_a_device_or_fifo_is_skipped(tmp_path, kind, in_git):
    root = hostile_repo(tmp_path / "site", {"bad.md": BROKEN}) if in_git else tmp_path / "site"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "x.md").write_text(BROKEN)
    for folder in (root, root / "sub"):
        os.mkfifo(folder / ".gitignore") if kind == "fifo" else (folder / ".gitignore").symlink_to("/dev/zero")
    code, out, err = fmlint("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert code == 1 and ("sub/x.md", "FM102") in {(r["path"], r["code"]) for r in records(out)}, err


def _deep(kind: str) -> str:
    return {"toml": "x = " + "[" * 50_000 + "]" * 50_000 + "\n", "json": "[" * 100_000 + "]" * 100_000}[kind]


def test_deeply_nested_config_baseline_and_schema_are_clear_errors(tmp_path):
    repo = hostile_repo(tmp_path / "site", {"a.md": CLEAN, "deep.json": _deep("json")})
    (repo / ".fmlint.toml").write_text(_deep("toml"))
    code, _, err = fmlint("check", "a.md", cwd=repo)
    assert code == 2 and ".fmlint.toml" in err and "nested too deeply" in err and "Traceback" not in err
    (repo / ".fmlint.toml").unlink()
    code, _, err = fmlint("check", "--baseline", "deep.json", "a.md", cwd=repo)
    assert code == 2 and "deep.json: cannot use this baseline" in err and "Traceback" not in err
    code, out, err = fmlint("check", "--no-cache", "--format", "json", "--schema", "deep.json", "a.md", cwd=repo)
    assert code == 1 and codes(out) == [("FM200", 1)] and "nested too deeply" in records(out)[0]["message"]


def test_a_huge_future_days_is_a_config_error(tmp_path):
    repo = hostile_repo(tmp_path / "site", {"a.md": "---\ndate: 2020-01-01\n---\n",
                                            ".fmlint.toml": "future-days = 99999999999999999999\n"})
    code, _, err = fmlint("check", "a.md", cwd=repo)
    assert code == 2 and "future-days" in err and "maximum" in err and "Traceback" not in err
    (repo / ".fmlint.toml").write_text("future-days = 1000000\n")
    code, out, err = fmlint("check", "--no-cache", "a.md", cwd=repo)
    assert code == 0 and "FM009" not in out, out + err


# --- hangs -------------------------------------------------------------------------------------------

STARS = "*a" * 40 + "*b"
DEEP_STARS = "/".join(["**"] * 9) + "/b/"


@pytest.mark.parametrize("where", ["gitignore", "exclude", "collection"])
def test_backtracking_globs_on_long_names_and_deep_folders(tmp_path, where):
    long_name, deep = "a" * 38 + ".md", os.path.join(*["d"] * 40, "x.md")
    root = tmp_path / "site"
    for name in (long_name, deep):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(BROKEN)
    config = {"gitignore": "", "exclude": f'exclude = ["{STARS}", "{DEEP_STARS}"]\n',
              "collection": f'[[collections]]\ninclude = ["{STARS}", "{DEEP_STARS}"]\nschema = "article"\n'}[where]
    (root / ".fmlint.toml").write_text('select = ["FM1"]\n' + config)
    if where == "gitignore":
        (root / ".gitignore").write_text(f"{STARS}\n{DEEP_STARS}\n")
    code, out, err = fmlint("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert code == 1, err
    assert sorted({r["path"] for r in records(out)}) == sorted([deep.replace(os.sep, "/"), long_name])


def test_globs_agree_with_the_regular_expressions_they_replace():
    """Generated globs and paths: the linear matcher says what the old ``re`` translation said."""
    rng = random.Random(15)
    pieces, chars = ["*", "**", "**/", "?", "a", "b", "/", "."], "ab/."
    cases = 0
    for _ in range(20_000):
        pattern = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        path = "".join(rng.choice(chars) for _ in range(rng.randint(0, 8)))
        assert glob_matches(pattern, path) == (glob_regex(pattern).match(path) is not None), (pattern, path)
        floating = re.compile("(?:.*/)?" + glob_regex(pattern).pattern.removesuffix(r"\Z") + r"(?:/.*)?\Z")
        assert glob_matches(pattern, path, True, True) == (floating.match(path) is not None), (pattern, path)
        cases += 1
    GENERATED["glob cases"] = cases


def test_a_catastrophic_schema_pattern_is_checked(tmp_path):
    schema = {"type": "object", "properties": {"k": {"type": "string", "pattern": "^(a+)+$"}}}
    repo = hostile_repo(tmp_path / "site", {"s.json": json.dumps(schema), "a.md": "---\nk: " + "a" * 30 + "b\n---\n"})
    code, out, _ = fmlint("check", "--no-cache", "--format", "json", "--schema", "s.json", "a.md", cwd=repo)
    assert code == 1 and codes(out) == [("FM206", 2)]


def test_a_self_referencing_allof_chosen_by_a_content_file(tmp_path):
    schema = {"allOf": [{"$ref": "#"}] * 10, "properties": {"k": {"type": "integer"}}}
    repo = hostile_repo(tmp_path / "site", {"all.json": json.dumps(schema),
                                            "a.md": "---\n$schema: all.json\nk: x\ndate: it's\n---\n"})
    code, out, _ = fmlint("check", "--no-cache", "--format", "json", "a.md", cwd=repo, timeout=60)
    assert code == 1 and ("FM202", 3) in codes(out)


def test_fm607_is_linear_in_the_number_of_entities(tmp_path):
    repo = hostile_repo(tmp_path / "site", {"a.md": '---\ntitle: "' + "&amp;" * 40_000 + '"\n---\n'})  # 200 KB
    code, out, _ = fmlint("check", "--no-cache", "--format", "json", "--select", "FM607", "a.md", cwd=repo)
    found = records(out)
    assert code == 1 and len(found) == 40_000 and {r["code"] for r in found} == {"FM607"}
    assert found[-1]["column"] == len('title: "') + 1 + 5 * 39_999


@pytest.mark.parametrize("parsed", [True, False])
def test_fm604_is_linear_in_the_number_of_c1_characters(tmp_path, parsed):
    count = 60_000
    value = "\\u0085\\u0092" * (count // 2) if parsed else "\x85\x92" * (count // 2)  # escaped, or raw (no parse)
    repo = hostile_repo(tmp_path / "site", {"a.md": '---\ntitle: "' + value + '"\n---\n'})
    code, out, _ = fmlint("check", "--no-cache", "--format", "json", "--select", "FM604", "a.md", cwd=repo)
    assert code == 1 and [r["code"] for r in records(out)] == ["FM604"] * count


# --- data loss and wrong results ---------------------------------------------------------------------

def test_an_edit_made_while_fix_runs_is_never_lost(tmp_path, monkeypatch):
    from fmlint.fixing import loop

    post = hostile_repo(tmp_path / "site", {"a.md": "\ufeff" + CLEAN, "b.md": "\ufeff" + CLEAN}) / "a.md"
    real = loop.fix_bytes

    def slow_fix(data, path, *args, **kwargs):
        outcome = real(data, path, *args, **kwargs)
        if path.endswith("a.md"):  # the user saves a paragraph while fmlint is busy
            with open(path, "a", encoding="utf-8") as handle:
                handle.write("A paragraph written during the fix.\n")
        return outcome

    monkeypatch.setattr(loop, "fix_bytes", slow_fix)
    code, out, err = run_cli("fix", ".", cwd=post.parent)
    assert code == 2 and "a.md" in err and "changed while it was being fixed" in err
    assert post.read_text("utf-8") == "\ufeff" + CLEAN + "A paragraph written during the fix.\n"
    assert (post.parent / "b.md").read_text("utf-8") == CLEAN  # the other file was fixed
    assert [p.name for p in post.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_fix_refuses_to_split_hard_links(tmp_path):
    repo = hostile_repo(tmp_path / "site", {"a.md": "\ufeff" + CLEAN})
    os.link(repo / "a.md", repo / "twin.md")
    code, _, err = fmlint("fix", "a.md", cwd=repo)
    assert code == 2 and "hard links" in err and "left as it was" in err
    assert os.stat(repo / "a.md").st_ino == os.stat(repo / "twin.md").st_ino
    assert (repo / "a.md").read_text("utf-8") == "\ufeff" + CLEAN


def test_fm602_never_moves_the_front_matter_boundary(tmp_path):
    text = "---\ntitle: [unclosed\r---\r\nsecret: draft notes\n---\nBody\n"
    repo = hostile_repo(tmp_path / "site", {"a.md": text.encode()})
    for _ in range(2):
        code, out, err = fmlint("fix", "--unsafe-fixes", "--format", "concise", "a.md", cwd=repo)
        assert code == 1 and "would move where the front matter ends" in out, out + err
        assert (repo / "a.md").read_bytes() == text.encode()


def _fences(text: str):
    from fmlint.reading.document import Document, locate_front_matter

    doc = Document("", text)
    locate_front_matter(doc)
    return doc.kind, doc.body and text[doc.body.start:doc.body.end].splitlines()


def test_generated_mixed_endings_fixes_keep_the_front_matter(tmp_path):
    """4,000 generated files: wherever FM602's fix applies, the front matter has the same lines."""
    from conftest import lint

    rng = random.Random(602)
    endings, lines = ["\n", "\r\n", "\r"], ["---", "+++", "title: x", "a: [1", "- b", "secret: notes", "Body", ""]
    applied = 0
    for _ in range(4_000):
        text = "".join(rng.choice(lines) + rng.choice(endings) for _ in range(rng.randint(2, 9)))
        for diagnostic in lint(text, select=("FM602",)):
            if diagnostic.fix is None:
                continue
            fixed = _apply(text, diagnostic.fix.edits)
            assert _fences(fixed) == _fences(text), repr(text)
            applied += 1
    GENERATED["FM602 generated files"] = 4_000
    assert applied > 500


def _apply(text: str, edits: tuple[Edit, ...]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.content + text[edit.end:]
    return text


@pytest.mark.parametrize("name, text", [
    ("toml.md", '+++\ntitle = "a &amp; b # fmlint: disable-file=ALL"\n+++\n'),
    ("block.md", "---\ntitle: a &amp; b\nbody: |\n  text\n  # fmlint: disable-file=ALL\n---\n"),
    ("key.md", '---\ntitle: a &amp; b\n"x # fmlint: disable-file=ALL": 1\n---\n'),
])
def test_a_directive_inside_a_string_silences_nothing(tmp_path, name, text):
    repo = hostile_repo(tmp_path / "site", {name: text, "real.md": "---\ntitle: a &amp; b # fmlint: disable=FM607\n---\n",
                                            "real.toml.md": '+++\ntitle = "a &amp; b" # fmlint: disable=FM607\n+++\n'})
    code, out, _ = fmlint("check", "--no-cache", "--format", "json", ".", cwd=repo)
    assert code == 1 and [(r["path"], r["code"]) for r in records(out)] == [(name, "FM607")]


def test_paths_from_stdin_are_taken_as_written(tmp_path):
    repo = hostile_repo(tmp_path / "site", {" lead.md": BROKEN, "lead.md": CLEAN})
    result = subprocess.run([sys.executable, "-m", "fmlint", "check", "--format", "json", "-"], cwd=repo,
                            input=b" lead.md\r\n\n", capture_output=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 1 and {r["path"] for r in json.loads(result.stdout)} == {" lead.md"}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_fix_leaves_no_temporary_file_and_no_traceback(tmp_path, signum):
    repo = hostile_repo(tmp_path / "site", {"a.md": "\ufeff" + CLEAN})
    driver = ("import os, signal, sys\nreal = os.fsync\n"
              f"os.fsync = lambda fd: (os.kill(os.getpid(), {int(signum)}), real(fd))\n"
              "sys.argv = ['fmlint', 'fix', 'a.md']\nfrom fmlint.cli import run\nrun()\n")
    result = subprocess.run([sys.executable, "-c", driver], cwd=repo, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 2 and "fmlint: interrupted" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in repo.iterdir() if not p.name.startswith(".git")) == ["a.md"]
    assert (repo / "a.md").read_text("utf-8") == "\ufeff" + CLEAN


def test_jobs_are_capped_at_the_cores(tmp_path, monkeypatch):
    import multiprocessing

    from fmlint.running import pool

    repo = hostile_repo(tmp_path / "site", {f"p{i:03}.md": BROKEN for i in range(80)})
    asked = []
    real_context = multiprocessing.get_context

    class Recording:
        def __init__(self, method):
            self.real = real_context(method)

        def Pool(self, processes, *args, **kwargs):  # noqa: N802 - multiprocessing's name
            asked.append(processes)
            return self.real.Pool(processes, *args, **kwargs)

    monkeypatch.setattr(pool, "_cores", lambda: 2)
    monkeypatch.setattr(multiprocessing, "get_context", Recording)
    code, out, _ = run_cli("check", "--no-cache", "-j", "64", "--format", "json", ".", cwd=repo)
    assert code == 1 and len(json.loads(out)) == 160 and asked == [2]


def test_excerpts_and_messages_stay_on_their_lines(tmp_path):
    """U+2028 and U+0085 end no YAML line: the excerpt of line 3 is line 3; a YAML error's
    message (with line breaks of its own) stays on one line."""
    text = '---\ntitle: "a\u2028b\x85c &amp;"\nx: it&amp;s\n---\n'
    repo = hostile_repo(tmp_path / "site", {"a.md": text, "b.md": "---\nx: [1\n---\n"})
    code, out, _ = fmlint("check", "--no-cache", "a.md", "b.md", cwd=repo)
    assert code == 1
    lines = out.splitlines()
    assert all(line.startswith(("a.md:", "b.md:", "  ", "Found")) for line in lines), out
    third = lines.index(next(line for line in lines if line.startswith("a.md:3:6: FM607")))
    assert lines[third + 1] == "  x: it&amp;s"
    assert lines[lines.index(next(line for line in lines if line.startswith("a.md:2:"))) + 1] == \
        '  title: "a\ufffdb\ufffdc &amp;"'
    assert any(line.startswith("b.md:") and "FM101" in line for line in lines)


def test_zz_report_generated_case_counts(capsys):
    with capsys.disabled():
        print(f"\nissue 15 generated cases: {GENERATED}")
    assert GENERATED == {} or all(count > 0 for count in GENERATED.values())
