"""Code actions: each fix as a quick fix, fix-all, and a suppression comment for a line.

A quick fix is offered only when ``fixing.loop.verify`` accepts it, as ``fmlint fix``
would: the front matter must still parse and hold exactly the declared changes. Fix-all
is ``fixing.loop.fix_bytes`` (safe fixes only, repeated until stable). A suppression is
offered only where it keeps every value and really silences the diagnostic: a comment
appended inside a block scalar would change the text it belongs to.
"""

from __future__ import annotations

import re

from lsprotocol import types

from fmlint.fixing.loop import applicable, fix_bytes, splice, verify
from fmlint.model import Diagnostic, Edit
from fmlint.reading.frontmatter import read
from fmlint.rules.engine import lint_document
from fmlint.server.linting import Linted, diagnostic_range, lsp_range, to_lsp

FIX_ALL_KIND = "source.fixAll.fmlint"
_DIRECTIVE_ON_LINE = re.compile(r"(#\s*fmlint:\s*disable\s*=\s*)([A-Za-z0-9][A-Za-z0-9 ,]*?)\s*$")


def code_actions(linted: Linted, uri: str, wanted: types.Range, only: list[str] | None,
                 docs_url: str) -> list[types.CodeAction]:
    """The actions for the diagnostics touching ``wanted``, and fix-all, filtered by ``only``."""
    touching = [d for d in linted.diagnostics if _touches(diagnostic_range(linted, d), wanted)]
    actions: list[types.CodeAction] = []
    if _wanted(only, types.CodeActionKind.QuickFix):
        for diagnostic in touching:
            fix_action = quick_fix(linted, uri, diagnostic, docs_url)
            if fix_action is not None:
                actions.append(fix_action)
        actions.extend(filter(None, (disable_action(linted, uri, d, docs_url) for d in _one_per_code(touching))))
    if _wanted(only, FIX_ALL_KIND) and (only or any(d.fixable for d in linted.diagnostics)):
        fix_all = fix_all_action(linted, uri)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def _wanted(only: list[str] | None, kind: str) -> bool:
    """LSP's ``only`` filter: a kind is wanted when it equals or extends a requested kind."""
    return not only or any(kind == each or kind.startswith(each + ".") for each in only)


def _touches(a: types.Range, b: types.Range) -> bool:
    start_a, end_a = (a.start.line, a.start.character), (a.end.line, a.end.character)
    start_b, end_b = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return start_a <= end_b and start_b <= end_a


def _one_per_code(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen, unique = set(), []
    for each in diagnostics:
        if (each.code, each.line) not in seen:
            seen.add((each.code, each.line))
            unique.append(each)
    return unique


def _text_edits(linted: Linted, edits) -> list[types.TextEdit]:
    return [types.TextEdit(lsp_range(linted, e.start, e.end), e.content) for e in sorted(edits, key=lambda e: e.start)]


def quick_fix(linted: Linted, uri: str, diagnostic: Diagnostic, docs_url: str) -> types.CodeAction | None:
    """The diagnostic's own fix, if it verifies; safe fixes are preferred, unsafe ones say so."""
    fix = diagnostic.fix
    if not applicable(fix, unsafe=True) or linted.doc is None or not linted.doc.checkable:
        return None
    if verify(linted.fm, splice(linted.doc.text, list(fix.edits)), linted.path, [fix]) is not None:
        return None
    label = fix.description or diagnostic.message
    title = f"Fix {diagnostic.code}: {label}" if fix.applicability == "safe" else \
        f"Fix {diagnostic.code} (unsafe: check the result): {label}"
    return types.CodeAction(
        title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[to_lsp(linted, diagnostic, docs_url)],
        is_preferred=fix.applicability == "safe",
        edit=types.WorkspaceEdit(changes={uri: _text_edits(linted, fix.edits)}),
    )


def fix_all_action(linted: Linted, uri: str) -> types.CodeAction | None:
    """Every safe fix at once, as ``fmlint fix`` applies them; None when nothing would change."""
    if linted.doc is None or linted.settings is None:
        return None
    outcome = fix_bytes(linted.text.encode("utf-8", "surrogatepass"), linted.path, linted.settings)
    if not outcome.changed:
        return None
    fixed = outcome.fixed.decode("utf-8")
    edit = _smallest_edit(linted.text, fixed)
    return types.CodeAction(
        title="Fix all safe fmlint problems in this file", kind=FIX_ALL_KIND,
        edit=types.WorkspaceEdit(changes={uri: _text_edits(linted, [edit])}),
    )


def _smallest_edit(before: str, after: str) -> Edit:
    """One edit turning ``before`` into ``after``: the differing middle, so the cursor stays put."""
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    return Edit(prefix, len(before) - suffix, after[prefix:len(after) - suffix])


def disable_action(linted: Linted, uri: str, diagnostic: Diagnostic, docs_url: str) -> types.CodeAction | None:
    """``# fmlint: disable=FMxxx`` on the diagnostic's line, when that keeps the data and silences it."""
    edit = suppression_edit(linted, diagnostic)
    if edit is None:
        return None
    return types.CodeAction(
        title=f"Disable {diagnostic.code} on this line", kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_lsp(linted, diagnostic, docs_url)],
        edit=types.WorkspaceEdit(changes={uri: _text_edits(linted, [edit])}),
    )


def suppression_edit(linted: Linted, diagnostic: Diagnostic) -> Edit | None:
    """The edit adding the code to the line's directive (or a new one), if it verifies."""
    doc = linted.doc
    if doc is None or doc.body is None or doc.kind not in ("yaml", "toml") or diagnostic.code in ("FM008", "FM009"):
        return None
    first_line, last_line = doc.position(doc.body.start)[0], doc.position(max(doc.body.start, doc.body.end - 1))[0]
    if not first_line <= diagnostic.line <= last_line or doc.body.end == doc.body.start:
        return None
    line_start = doc.offset_of(diagnostic.line, 1)
    text = doc.line_text(diagnostic.line)
    existing = _DIRECTIVE_ON_LINE.search(text)
    if existing is not None:
        edit = Edit(line_start + existing.end(2), line_start + existing.end(2), f",{diagnostic.code}")
    else:
        edit = Edit(line_start + len(text), line_start + len(text), f"  # fmlint: disable={diagnostic.code}")
    return edit if _silences(linted, diagnostic, edit) else None


def _silences(linted: Linted, diagnostic: Diagnostic, edit: Edit) -> bool:
    """The comment leaves every value as it was, and the diagnostic is gone after it."""
    new_text = splice(linted.doc.text, [edit])
    if verify(linted.fm, new_text, linted.path, []) is not None:
        return False
    doc, fm = read(new_text.encode("utf-8", "surrogatepass"), linted.path)
    after = lint_document(doc, fm, linted.settings)
    return not any(d.code == diagnostic.code and d.line == diagnostic.line for d in after)
