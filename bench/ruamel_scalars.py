"""Would ruamel.yaml's emitter write our repaired scalars the same way?  (issue 17; see ARCHITECTURE.md)

For every string scalar of the corpus and the golden tests, emit its value in double-quoted,
single-quoted and (for plain ones) plain style with ``reading.scalars`` and with ruamel.yaml
(unbounded width, unicode kept), and count where the text differs.  Needs ruamel.yaml and
PyYAML: ``pip install ruamel.yaml pyyaml`` in a throw-away environment, then
``python bench/ruamel_scalars.py`` from the repository root.  ruamel.yaml is not a dependency.
"""

import collections
import io
import sys
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as DQ
from ruamel.yaml.scalarstring import SingleQuotedScalarString as SQ

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from fmlint.reading.scalars import double_quoted, escape_for

ry = YAML()
ry.width = 10**9
ry.allow_unicode = True

def ruamel_emit(value, style):
    buf = io.StringIO()
    wrapped = DQ(value) if style == '"' else SQ(value) if style == "'" else value
    ry.dump({"k": wrapped}, buf)
    out = buf.getvalue()
    assert out.startswith("k: "), out
    text = out[3:]
    return text[:-1] if text.endswith("\n") else text

def ours(value, style):
    if style == '"':
        return double_quoted(value)
    if style == "'":
        inner = escape_for(value, "'")
        return None if inner is None else "'" + inner + "'"
    return escape_for(value, "")

counts = collections.Counter(); examples = collections.defaultdict(list)
files = sorted((ROOT.parent / "shared" / "corpus" / "smartable").rglob("*.md")) + sorted((ROOT / "tests" / "golden").rglob("*.md"))
for path in files:
    text = path.read_text("utf-8", errors="replace")
    if not text.startswith("---"):
        continue
    end = text.find("\n---", 3)
    try:
        root = yaml.compose(text[3:end])
    except Exception:
        counts["unparsable"] += 1
        continue
    stack = [root] if root else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            style = node.style or ""
            if style not in ('"', "'", ""):
                counts["block"] += 1
                continue
            for target in ('"', "'") + (("",) if style == "" else ()):
                a, b = ours(node.value, target), ruamel_emit(node.value, target)
                if target == "" and a is not None and b.startswith(("'", '"')):
                    key = "plain: ours plain, ruamel quotes"
                elif target == "" and a is None:
                    key = "plain: ours refuses"
                elif a == b:
                    key = f"{target or 'plain'} same"
                else:
                    key = f"{target or 'plain'} differs"
                counts[key] += 1
                if "differs" in key or "ruamel quotes" in key:
                    if len(examples[key]) < 4:
                        examples[key].append((node.value[:80], (a or "")[:100], b[:100]))
for k, v in sorted(counts.items()):
    print(f"{v:7d}  {k}")
for k, ex in examples.items():
    print(k)
    for e in ex:
        print("   ", repr(e))
