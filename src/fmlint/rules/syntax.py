"""FM1xx: front matter that does not parse, or parses differently in different tools."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from yaml.nodes import ScalarNode

from fmlint.model import Edit, Fix, Problem, Span
from fmlint.model.patterns import Lazy
from fmlint.reading.yaml_reader import resolve_plain
from fmlint.rules.registry import DATA, TEXT, rule

_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_YAML11_TRUE = {"y", "yes", "on"}
_YAML11_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_YAML11_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_YAML11_INT_FORMS = re.compile(r"^[-+]?(?:0b[0-1_]+|[0-9][0-9_]*_[0-9_]*)$")
_YAML12_EXPONENT_ONLY = re.compile(r"^[-+]?[0-9]+[eE][-+]?[0-9]+$")
_YAML11_FIRST = frozenset("yYnNoO+-0123456789")  # what a text these five patterns match can start with
_LEADING_TAB = re.compile(r"^( *)\t", re.MULTILINE)
_BLANK_OR_COMMENT = Lazy(r"[ \t]*(?:#|\r|\n|\Z)")


@rule("FM101", "syntax-error", "the front matter is not valid YAML, TOML or JSON", stage=TEXT)
def syntax_error(ctx):
    """What: the front matter cannot be parsed; the position is where the parser stopped.

    Why: the site generator fails the build or silently drops the page.

    Example:

        title: Harbourline AI: a new tide model   # ': ' inside an unquoted value

    Fix: no automatic fix (what the text meant is not known): quote the value,
    `title: "Harbourline AI: a new tide model"`.
    """
    return ctx.found("syntax-error")


@rule("FM102", "duplicate-key", "a key appears twice in the same mapping")
def duplicate_key(ctx):
    """What: the same key is defined twice in one mapping; both places are reported.

    Why: YAML forbids it, and tools disagree on which value wins (the first or the
    last), so the page shows different data in different tools.

    Example:

        title: Harbourline ships a tide model
        category: news
        title: Harbourline's tide model is open source   # <- FM102, with the first title

    Fix: no automatic fix (which value was meant is not known): delete one of the two,
    or rename it.
    """
    return ctx.found("duplicate-key")


@rule("FM103", "tab-indentation", "a line is indented with a tab", stage=TEXT)
def tab_indentation(ctx):
    """What: a front-matter line is indented with a tab.

    Why: YAML does not allow tabs for indentation; most parsers stop with a confusing
    error ("found character that cannot start any token"), and the lenient ones
    disagree on what the line means.

    Not reported, in front matter that parses: a tab in a block scalar (`|`, `>`:
    it is content), a tab after the indentation that a multi-line quoted or plain value
    or a flow list or mapping needs (at least one space more than the key or `-` it
    belongs to: YAML reads the tab there as white space), and a tab on a line that holds
    only white space or a comment.

    Example: `<TAB>` stands for one tab character.

        topics:
        <TAB>- Logistics   # <- FM103

    Fix: no automatic fix: indent with spaces.
    """
    doc = ctx.doc
    if doc.kind != "yaml" or doc.body is None:
        return
    regions = None
    for match in _LEADING_TAB.finditer(doc.text, doc.body.start, doc.body.end):
        tab = match.end() - 1
        if ctx.fm.nodes:  # the front matter parsed: only tabs where indentation is needed count
            regions = _tab_regions(ctx.fm) if regions is None else regions
            allowed = _tab_allowed(regions, doc.text, tab, len(match.group(1)))
            if allowed or (allowed is None and _BLANK_OR_COMMENT.match(doc.text, tab)):
                continue
        yield Problem("tab used for indentation; YAML allows only spaces", span=Span(tab, tab + 1))


def _tab_regions(fm) -> tuple[list[int], list[tuple[int, int]]]:
    """Where a line may continue with tabs: (starts, [(end, spaces needed before a tab)]), sorted.

    One region per block scalar (any tab in it is content) and per flow value whose
    parent is a block collection or the document (a flow collection covers the values
    inside it): such a value is indented one column past its parent's entries, and a tab
    after that much indentation is white space.  Regions do not overlap.
    """
    found, seen = [], set()
    for pointer, (_, node) in fm.nodes.items():
        parent = fm.nodes[pointer.rpartition("/")[0]][1] if pointer else None
        if id(node) in seen or (parent is not None and parent.flow_style):
            continue
        seen.add(id(node))
        block_scalar = isinstance(node, ScalarNode) and node.style in ("|", ">")
        if not isinstance(node, ScalarNode) and not node.flow_style:
            continue  # a block mapping or list: its own lines are structure
        spaces = 0 if block_scalar or parent is None else parent.start_mark.column + 1
        span = fm.node_span(node)
        found.append((span.start, span.end, spaces))
    found.sort()
    return [start for start, _, _ in found], [(end, spaces) for _, end, spaces in found]


def _tab_allowed(regions, text: str, tab: int, spaces: int) -> bool | None:
    """Is the tab at ``tab`` (after ``spaces`` spaces) white space inside a value?  None: not in a value."""
    first = tab
    while first < len(text) and text[first] in " \t":
        first += 1  # the line's first character after its leading white space
    starts, rest = regions
    index = bisect.bisect_right(starts, first) - 1
    if index < 0 or first >= rest[index][0]:
        return None
    return spaces >= rest[index][1]


@rule("FM104", "alias", "an alias or anchor is used in front matter", severity="warning")
def alias(ctx):
    """What: the front matter uses a YAML anchor (`&name`) and alias (`*name`).

    Why: aliases are rare in front matter, not supported by TOML/JSON front matter or
    many editors' previews, and unbounded aliases are a denial-of-service vector
    ("billion laughs").  fmlint expands each alias once.

    Example:

        provider:
          name: &publisher Portwire   # <- FM104
        author: *publisher

    Fix: no automatic fix: write the value out.
    """
    return ctx.found("alias")


@rule("FM105", "yaml11-value", "a plain value means different things in YAML 1.1 and 1.2",
      severity="warning", fix="unsafe")
def yaml11_value(ctx):
    """What: an unquoted value that YAML 1.1 and YAML 1.2 read differently:
    `yes`/`no`/`on`/`off`/`y`/`n` (booleans in 1.1, strings in 1.2), `010` (8 in 1.1, 10 in
    1.2), `1:30` (90 in 1.1), `1_000`, `0b11`, `1e3`.

    Why: Jekyll (Ruby's Psych) reads YAML 1.1, while JavaScript tools and fmlint's schema
    check read YAML 1.2, so `published: yes` is `true` on the site and the string
    `"yes"` elsewhere.

    Example:

        published: yes   # <- FM105: true for Jekyll, the text "yes" for YAML 1.2

    Fix: write what you mean in a form both agree on: `published: true`, or quote the
    text (`answer: "yes"`).  `fmlint fix --unsafe-fixes` writes `true`/`false` for a
    boolean word; unsafe, because it changes the value under YAML 1.2.  Other values get
    no automatic fix: quote them or write the number meant.
    """
    for pointer, node, is_key in ctx.fm.plain:
        meaning = yaml11_meaning(node.value)
        if meaning is None:
            continue
        what = f'key "{node.value}"' if is_key else f'"{node.value}"'
        wanted = "" if is_key else _schema_wants(ctx, pointer)
        advice = _advice(wanted, node.value)
        fix = None if is_key else _schema_fix(ctx, pointer, node, wanted) or _bool_fix(ctx, pointer, node)
        yield Problem(f"{what} is {meaning}; {advice}", span=ctx.fm.node_span(node), fix=fix)


def _advice(wanted: str, text: str) -> str:
    if wanted == "a string":
        return f'the schema wants a string: quote it ("{text}")'
    if wanted == "a boolean" and _YAML11_BOOL.match(text):
        return f"the schema wants a boolean: write {'true' if text.lower() in _YAML11_TRUE else 'false'}"
    return "quote it or write it unambiguously"


def _schema_wants(ctx, pointer: str) -> str:
    """"a string" or "a boolean" when the schema allows exactly one of the two readings here."""
    if ctx.schema is None:
        return ""
    from fmlint.schema import walk

    types = walk.types_at(ctx.schema.schema, pointer)
    if "string" in types and not types & {"boolean", "integer", "number"}:
        return "a string"
    if "boolean" in types and "string" not in types:
        return "a boolean"
    return ""


def covers(ctx, pointer: str) -> bool:
    """Does FM105 (selected) report the plain value at ``pointer``?  Then FM202 stays silent
    there: ``published: yes`` is one problem (Jekyll reads a boolean), with FM105's fix."""
    if not any(each.code == "FM105" for each in ctx.settings.rules):
        return False
    entry = ctx.fm.nodes.get(pointer)
    node = entry[1] if entry else None
    plain = isinstance(node, ScalarNode) and node.style == ""
    return plain and yaml11_meaning(node.value) is not None


def _schema_fix(ctx, pointer: str, node, wanted: str) -> Fix | None:
    """The repair the schema decides.  A string: quote the text (safe when YAML 1.2 already
    reads a string, so fmlint's value is unchanged; unsafe for ``010``, read as 10).  A
    boolean: ``yes`` -> ``true`` is safe, the value Jekyll reads and the schema wants."""
    span = ctx.fm.node_span(node)
    if wanted == "a string":
        safety = "safe" if isinstance(resolve_plain(node.value), str) else "unsafe"
        return Fix((Edit(span.start, span.end, f'"{node.value}"'),), safety, f'quote "{node.value}"',
                   values=((pointer, node.value),))
    if wanted == "a boolean" and _YAML11_BOOL.match(node.value):
        return replace(_bool_fix(ctx, pointer, node), applicability="safe")
    return None


def yaml11_meaning(text: str) -> str | None:
    """How YAML 1.1 and 1.2 differ on a plain scalar, or None when they agree.

    Every pattern below starts with one of ``_YAML11_FIRST``: most keys and values do not,
    and are answered before five regexes run on each (issue 14).
    """
    if not text or text[0] not in _YAML11_FIRST:
        return None
    if _YAML11_BOOL.match(text):
        value = "true" if text.lower() in _YAML11_TRUE else "false"
        return f"a boolean ({value}) in YAML 1.1 (Jekyll, PyYAML) but a string in YAML 1.2"
    if _YAML11_OCTAL.match(text):
        octal = int(text.replace("_", ""), 8)
        if "_" in text:
            return f"octal ({octal}) in YAML 1.1 but a string in YAML 1.2"
        if octal != int(text):
            return f"octal ({octal}) in YAML 1.1 but the integer {int(text)} in YAML 1.2"
        return None
    if _YAML11_SEXAGESIMAL.match(text):
        return "a base-60 number in YAML 1.1 but a string in YAML 1.2"
    if _YAML11_INT_FORMS.match(text):
        return "a number in YAML 1.1 but a string in YAML 1.2"
    if _YAML12_EXPONENT_ONLY.match(text):
        return "a string in YAML 1.1 but a number in YAML 1.2"
    return None


def _bool_fix(ctx, pointer: str, node) -> Fix | None:
    if not _YAML11_BOOL.match(node.value):
        return None
    span = ctx.fm.node_span(node)
    value = "true" if node.value.lower() in _YAML11_TRUE else "false"
    return Fix((Edit(span.start, span.end, value),), "unsafe", f"replace {node.value} with {value}",
               values=((pointer, value == "true"),))


@rule("FM106", "not-a-mapping", "the front matter is not a mapping of keys to values", stage=DATA)
def not_a_mapping(ctx):
    """What: the front matter is a list or a single value instead of `key: value` lines.

    Why: every generator expects a mapping; anything else is dropped or fails the build.

    Example:

        - Harbourline ships a tide model
        - news

    Fix: no automatic fix: write the front matter as `key: value` lines.
    """
    return ctx.found("not-a-mapping")


@rule("FM107", "unsafe-tag", "a YAML tag that would construct an object")
def unsafe_tag(ctx):
    """What: a value carries a YAML tag such as `!!python/object` or a custom `!tag`.

    Why: tags that construct objects are how YAML loaders get tricked into running
    code.  fmlint never constructs them (it reads the value as plain data), but other
    tools reading the same file might.

    Example:

        title: !!python/object/apply:os.system ["echo owned"]

    Fix: no automatic fix (the value without its tag may not be what was meant): remove
    the tag.
    """
    return ctx.found("unsafe-tag")


@rule("FM108", "complex-key", "a key is a list or mapping instead of a string")
def complex_key(ctx):
    """What: a mapping key is itself a list or mapping (`? [a, b]: value`).

    Why: JSON, TOML and most generators only allow string keys.

    Example:

        ? [title, category]
        : Harbourline ships a tide model

    Fix: no automatic fix: use a plain string key.
    """
    return ctx.found("complex-key")
