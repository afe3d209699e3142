"""The package layout is the pipeline, and the code keeps to it (issue 11).

Read from the ``ast`` of every module under ``src/fmlint`` (every ``import``, also those
inside functions, since a lazy import is still a dependency):

* each module imports only its own layer or the layers below it (``LAYERS``);
* there is no import cycle between modules;
* rules never do I/O or exit, only ``cli.py`` exits, and the public API is importable
  from ``fmlint`` itself.

Nothing here can be skipped: it needs only the source tree.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "fmlint"

# Lowest first.  A module belongs to the first layer whose name is a prefix of its own.
LAYERS = [
    ("model", ["fmlint.model"]),
    ("reading", ["fmlint.reading"]),
    ("schema", ["fmlint.schema"]),
    ("rules", ["fmlint.rules"]),
    ("fixing", ["fmlint.fixing"]),
    ("reporting", ["fmlint.reporting"]),
    ("running", ["fmlint.running"]),
    ("console", ["fmlint.console"]),
    ("server", ["fmlint.server"]),
    ("cli", ["fmlint.cli", "fmlint.__main__"]),
]
# The package root re-exports the public API lazily; it may import anything, nothing imports it.
ROOT = "fmlint"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every fmlint module ``path`` imports, resolved to absolute names (packages and modules)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "fmlint")
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            if base is None or base.split(".")[0] != "fmlint":
                continue
            submodules = {f"{base}.{alias.name}" for alias in node.names} & set(all_modules())
            found.update(submodules)
            if len(submodules) < len(node.names):  # a name defined in ``base`` itself
                found.add(base)
    modules = all_modules()
    return {each for each in found if each in modules and each != name}


def _absolute(node: ast.ImportFrom, package: str) -> str | None:
    if node.level == 0:
        return node.module
    parts = package.split(".")
    if node.level > 1:
        parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def graph() -> dict[str, set[str]]:
    return {name: imports_of(path) for name, path in all_modules().items()}


def layer_of(name: str) -> int | None:
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes):
            return index
    return None


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def depth(edges: dict[str, set[str]]) -> int:
    """The number of import layers: the longest chain of imports (on the graph without cycles)."""
    memo: dict[str, int] = {}

    def longest(node: str, seen: frozenset) -> int:
        if node in memo:
            return memo[node]
        result = 1 + max((longest(child, seen | {node}) for child in edges.get(node, ()) if child not in seen),
                         default=0)
        memo[node] = result
        return result

    return max((longest(node, frozenset()) for node in edges), default=0)


def test_every_module_belongs_to_a_layer():
    stray = [name for name in all_modules() if name != ROOT and layer_of(name) is None]
    assert stray == [], "add these modules to a layer in LAYERS (and ARCHITECTURE.md)"


def test_each_layer_imports_only_the_layers_below_it():
    upward = []
    for name, targets in graph().items():
        if name == ROOT:
            continue
        for target in targets:
            if target == ROOT:
                upward.append(f"{name} imports the package root {ROOT} (import from the layer instead)")
            elif layer_of(target) > layer_of(name):
                upward.append(f"{name} ({LAYERS[layer_of(name)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})")
    assert upward == []


def test_there_is_no_import_cycle():
    edges = {name: {t for t in targets if not name.startswith(t + ".")} for name, targets in graph().items()}
    assert cycles(edges) == []  # a package importing its own submodules is not a cycle


def test_the_checker_finds_cycles_and_upward_imports():
    """The graph tools above can fail: a planted cycle and a planted chain are found."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert depth({"a": {"b"}, "b": {"c"}, "c": set()}) == 3
    assert layer_of("fmlint.rules.text.encoding") > layer_of("fmlint.reading.document")


@pytest.mark.parametrize("layer", ["fmlint.rules", "fmlint.schema", "fmlint.reading", "fmlint.model"])
def test_only_the_cli_exits(layer):
    offenders = []
    for name, path in all_modules().items():
        if layer_of(name) == layer_of(layer):
            text = path.read_text("utf-8")
            offenders += [name for call in ("sys.exit(", "click.echo(", "print(") if call in text]
    assert offenders == []


def test_rules_do_no_io():
    """Rules see a ``Context``; reading files is the reading layer's job (schemas aside, via ``schema``)."""
    offenders = []
    for name, path in all_modules().items():
        if name.startswith("fmlint.rules.") and name != "fmlint.rules.engine":
            tree = ast.parse(path.read_text("utf-8"))
            calls = [node.func for node in ast.walk(tree) if isinstance(node, ast.Call)]
            names = {getattr(func, "id", None) or getattr(func, "attr", None) for func in calls}
            offenders += [f"{name}: {call}" for call in names & {"open", "read_text", "read_bytes", "write_text",
                                                                 "listdir", "scandir", "remove", "rename"}]
    assert offenders == []


def test_the_public_api_does_not_move_with_the_layout():
    code = ("import fmlint, sys; assert 'fmlint.running' not in sys.modules; "
            "print(fmlint.check_paths.__module__, fmlint.fix_paths.__module__, fmlint.RunOptions.__name__, "
            "fmlint.Diagnostic.__name__, fmlint.__version__)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split()[2:4] == ["RunOptions", "Diagnostic"]


def test_the_readmes_api_example_runs(tmp_path):
    """The README's Python example, as written, on a folder with one broken article."""
    readme = (SRC.parent / "README.md").read_text("utf-8")
    section = readme[readme.index("## Python API"):]
    example = section[section.index("```python") + len("```python"): section.index("```", section.index("```python") + 9)]
    content = tmp_path / "content"
    content.mkdir()
    (content / "post.md").write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    result = subprocess.run([sys.executable, "-c", example], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "FM101" in result.stdout and "post.md" in result.stdout
