"""Security: nothing in a content file is executed, nothing is fetched, nothing outside the tree is read.

* YAML tags that would construct objects are reported (FM107) and never constructed:
  each payload below *does* run under ``yaml.unsafe_load`` (the control), and leaves no
  marker file under ``fmlint check`` or ``fmlint fix --unsafe-fixes``.
* A remote ``$schema`` or schema ``$ref`` is refused (FM200, or exit 2 when the schema
  comes from the command line or the config) with no connection attempted: Python's
  sockets are patched to record and refuse, and a real listening socket on 127.0.0.1
  (which jsonschema-rs, in Rust, would reach without Python) must see no connection.
* Discovery reads only the folder walked: collection globs like ``../**`` select among
  discovered files and cannot add any; links out of the tree are not followed.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import socket
import threading
from pathlib import Path

import pytest
import yaml
from conftest import run_cli, run_json

from fmlint.reporting import REPORTERS

SRC = Path(__file__).resolve().parents[1] / "src" / "fmlint"

# (id, the YAML after "---", whether yaml.unsafe_load runs it) - MARKER is replaced by a file path.
PAYLOADS = [
    ("apply-os-system", 'evil: !!python/object/apply:os.system ["touch MARKER"]', True),
    ("apply-subprocess", 'evil: !!python/object/apply:subprocess.call [["touch", "MARKER"]]', True),
    ("new-os-system", 'evil: !!python/object/new:os.system ["touch MARKER"]', True),
    ("apply-exec", "evil: !!python/object/apply:builtins.exec [\"open('MARKER', 'w').close()\"]", True),
    ("apply-kwargs", 'evil: !!python/object/apply:os.system {args: ["touch MARKER"]}', True),
    ("verbatim-tag", 'evil: !<tag:yaml.org,2002:python/object/apply:os.system> ["touch MARKER"]', True),
    ("tag-directive", '%TAG !p! tag:yaml.org,2002:python/object/apply:\n--- !p!os.system ["touch MARKER"]', True),
    ("in-a-key", '? !!python/object/apply:os.system ["touch MARKER"]\n: value', True),
    ("nested-in-list", 'list:\n  - ok\n  - !!python/object/apply:os.system ["touch MARKER"]', True),
    ("python-name", "evil: !!python/name:os.system", False),
    ("python-module", "evil: !!python/module:os", False),
    ("custom-tag", "evil: !Ref MARKER", False),
]


def _payload_file(tmp_path: Path, name: str, payload: str) -> tuple[Path, Path]:
    marker = tmp_path / f"marker-{name}"
    post = tmp_path / "site" / f"{name}.md"
    post.parent.mkdir(exist_ok=True)
    title = "" if payload.startswith("%") else "title: Tagged\n"  # a directive must come first
    post.write_text(f"---\n{title}{payload.replace('MARKER', str(marker))}\n---\nBody\n", "utf-8")
    return post, marker


@pytest.mark.parametrize("name, payload, live", [pytest.param(*p, id=p[0]) for p in PAYLOADS])
def test_tags_are_reported_and_never_constructed(tmp_path, name, payload, live):
    post, marker = _payload_file(tmp_path, name, payload)
    code, records = run_json(str(post), "--no-cache")
    assert code == 1 and "FM107" in {r["code"] for r in records}
    for fmt in REPORTERS:
        run_cli("check", "--no-cache", "--format", fmt, str(post))
    run_cli("fix", "--unsafe-fixes", str(post))
    assert not marker.exists(), "fmlint constructed a tagged object"
    if live:  # the control: the payload is real, an unsafe loader runs it
        yaml.unsafe_load(post.read_text("utf-8").split("---\n", 2)[1])
        assert marker.exists()


def test_the_tag_rule_points_at_each_tag(tmp_path):
    post, _ = _payload_file(tmp_path, "x", PAYLOADS[0][1] + "\nother: !custom 1")
    code, records = run_json(str(post), "--no-cache")
    assert [(r["code"], r["line"], r["column"]) for r in records if r["code"] == "FM107"] == [
        ("FM107", 3, 7), ("FM107", 4, 8)]


# --- no network -------------------------------------------------------------------------------------

class _Listener:
    """A TCP server on 127.0.0.1 that counts connections: what a fetch would reach, from any language."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.server.close()


@pytest.fixture
def no_network(monkeypatch):
    """Record (and refuse) every outgoing connection Python makes; a listener catches the rest."""
    attempts: list = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during a lint run")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, lambda self, *args, _name=name: refuse(_name, *args))
    monkeypatch.setattr(socket, "create_connection", lambda *args, **kwargs: refuse("create_connection", *args))
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: refuse("getaddrinfo", *args))
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(variable, raising=False)
    listener = _Listener()
    yield attempts, listener
    listener.close()
    assert listener.connections == 0, "something connected to the network"
    assert attempts == [], f"network access attempted: {attempts}"


def test_remote_schemas_and_refs_are_refused_without_a_connection(tmp_path, no_network):
    attempts, listener = no_network
    remote = f"http://127.0.0.1:{listener.port}"
    (tmp_path / "remote-ref.json").write_text(
        f'{{"type": "object", "properties": {{"title": {{"$ref": "{remote}/defs.json#/title"}}}}}}', "utf-8")
    (tmp_path / "relative-ref.json").write_text(
        f'{{"$id": "{remote}/root.json", "type": "object", "properties": {{"title": {{"$ref": "defs.json"}}}}}}',
        "utf-8")
    posts = {
        "remote-http.md": f"$schema: {remote}/schema.json",
        "remote-https.md": "$schema: https://schemas.example/article.json",
        "remote-file-url.md": "$schema: file:///etc/hostname",
        "remote-ref.md": "$schema: ./remote-ref.json",
        "relative-ref.md": "$schema: ./relative-ref.json",
    }
    for name, line in posts.items():
        (tmp_path / name).write_text(f"---\n{line}\ntitle: x\n---\n", "utf-8")
    code, records = run_json(str(tmp_path), "--no-cache")
    assert code == 1
    found = {os.path.basename(r["path"]): r for r in records}
    assert {name: found[name]["code"] for name in posts} == {name: "FM200" for name in posts}
    assert all("refused" in found[name]["message"] for name in posts)
    # From the command line or a config, a remote schema is a usage error, also without a connection.
    code, out, err = run_cli("check", "--no-cache", "--schema", f"{remote}/schema.json",
                             str(tmp_path / "remote-http.md"))
    assert code == 2 and "refused" in err
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / ".fmlint.toml").write_text(f'schema = "{remote}/schema.json"\n', "utf-8")
    (tmp_path / "cfg" / "post.md").write_text("---\ntitle: x\n---\n", "utf-8")
    code, out, err = run_cli("check", "--no-cache", str(tmp_path / "cfg"))
    assert code == 2 and "refused" in err


# --- nothing outside the tree -----------------------------------------------------------------------

@pytest.fixture
def file_access(monkeypatch):
    """Every path opened or listed during the test."""
    touched: list[str] = []
    real_open, real_scandir, real_os_open = builtins.open, os.scandir, os.open

    def record(path):
        if isinstance(path, (str, bytes, os.PathLike)):
            touched.append(os.path.abspath(os.fsdecode(path)))

    def opening(file, *args, **kwargs):
        record(file)
        return real_open(file, *args, **kwargs)

    def scanning(path="."):
        record(path)
        return real_scandir(path)

    def os_opening(path, *args, **kwargs):
        record(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", opening)
    monkeypatch.setattr(os, "scandir", scanning)
    monkeypatch.setattr(os, "open", os_opening)
    return touched


def test_collection_globs_and_links_cannot_reach_outside_the_walked_folder(tmp_path, file_access):
    outside, repo = tmp_path / "outside", tmp_path / "repo"
    outside.mkdir()
    repo.mkdir()
    (outside / "secret.md").write_text("---\npublished: yes\n---\n", "utf-8")
    (outside / "secret.json").write_text('{"type": "object"}', "utf-8")
    (repo / ".fmlint.toml").write_text(
        '[[collections]]\ninclude = ["../**", "../outside/*.md", "/**", "**"]\nschema = "article"\n'
        'exclude = []\n', "utf-8")
    (repo / ".gitignore").write_text("!../outside/\n!/../**\n", "utf-8")
    (repo / "post.md").write_text("---\ntitle: Inside\n---\n", "utf-8")
    os.symlink("../outside", repo / "linked-folder")
    os.symlink("../outside/secret.md", repo / "linked-secret.md")
    for where, cwd in ((str(repo), None), (".", repo)):  # (naming the parent would be walking it: allowed)
        file_access.clear()
        code, records = run_json(where, "--no-cache", cwd=cwd)
        assert code == 1
        assert {os.path.basename(r["path"]) for r in records} == {"post.md"}
        reached = [path for path in file_access if path.startswith(str(outside))]
        assert reached == [], f"read outside the walked folder: {reached}"


@pytest.mark.parametrize(
    "value",
    ["$(touch MARKER)", "`touch MARKER`", "{0.__class__.__mro__}", "%(x)s %s", "{{ 7*7 }}", "${MARKER}",
     "__import__('os').system('touch MARKER')", "!!python/object/apply:os.system ['touch MARKER']"],
)
def test_values_are_data_never_code(tmp_path, value):
    marker = tmp_path / "MARKER"
    text = value.replace("MARKER", str(marker))
    post = tmp_path / "post.md"
    post.write_text(f"---\ntitle: {json.dumps(text)}\n{json.dumps(text)}: 1\n---\n", "utf-8")
    code, records = run_json(str(post), "--schema", "article", "--no-cache")
    unknown = [r["message"] for r in records if r["code"] == "FM203"]
    assert unknown and text in unknown[0]  # echoed literally, not formatted or expanded
    for fmt in REPORTERS:
        run_cli("check", "--schema", "article", "--no-cache", "--format", fmt, str(post))
    run_cli("fix", "--unsafe-fixes", str(post))
    assert not marker.exists()


_FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "subprocess", "urllib.request", "http.client", "requests",
                      "httpx", "urllib3", "socket", "ctypes"}
_FORBIDDEN_BUILTINS = {"eval", "exec", "compile", "__import__", "breakpoint"}
_FORBIDDEN_METHODS = {"yaml": {"load", "unsafe_load", "full_load", "load_all", "unsafe_load_all", "full_load_all"},
                      "os": {"system", "popen", "execv", "execvp", "execl", "spawnl", "spawnv", "posix_spawn"},
                      "importlib": {"import_module"}, "request": {"urlopen"}}
_FORBIDDEN_NAMES = {"Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"}


def _offences(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name in _FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module in _FORBIDDEN_MODULES:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Name) and function.id in _FORBIDDEN_BUILTINS:
                found.append((node.lineno, f"{function.id}()"))
            elif isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
                if function.attr in _FORBIDDEN_METHODS.get(function.value.id, ()):
                    found.append((node.lineno, f"{function.value.id}.{function.attr}()"))
            found += [(node.lineno, "shell=True") for keyword in node.keywords if keyword.arg == "shell"]
        elif isinstance(node, ast.Attribute) and node.attr in _FORBIDDEN_NAMES:
            found.append((node.lineno, node.attr))
    return found


# The one process fmlint starts: ``git ls-files`` (fixed arguments, no shell, fsmonitor off),
# so that inside a work tree a tracked file is never hidden by a .gitignore (issue 15, item 5);
# and the vocabulary's ``git ls-files --exclude-standard`` (the same, bounded in time and size,
# so that what .gitignore hides teaches FM613 nothing: issue 16).
_ALLOWED = {("running/discovery.py", "subprocess"), ("running/vocabulary_walk.py", "subprocess")}


def test_no_code_path_can_execute_or_fetch():
    """A source audit: no evaluator, no unsafe YAML loader, no process spawning but git's listing, no HTTP client."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        where = path.relative_to(SRC).as_posix()
        offenders += [f"{where}:{line}: {what}" for line, what in _offences(tree) if (where, what) not in _ALLOWED]
    assert offenders == []
    assert _offences(ast.parse("import pickle\nyaml.load(x)\neval(y)\nyaml.UnsafeLoader")) != []  # it can fail


def test_a_content_file_cannot_name_a_schema_outside_the_project(tmp_path):
    """Values of an arbitrary local JSON file would show up in messages (FM204 lists enums)."""
    outside = tmp_path / "secret.json"
    outside.write_text('{"type": "object", "properties": {"k": {"enum": ["secret-value-123"]}}}')
    project = tmp_path / "site"
    project.mkdir()
    (project / ".fmlint.toml").write_text('select = ["FM"]\n')
    (project / "post.md").write_text(f"---\n$schema: {outside}\nk: x\n---\n")
    (project / "inside.json").write_text('{"type": "object", "properties": {"k": {"enum": ["fine"]}}}')
    (project / "ok.md").write_text("---\n$schema: inside.json\nk: x\n---\n")
    code, records = run_json("--no-cache", ".", cwd=project)
    messages = {r["path"]: r["message"] for r in records}
    assert "must lie inside" in messages["post.md"] and "secret-value-123" not in json.dumps(records)
    assert messages["ok.md"] == 'k: "x" is not one of "fine"'
