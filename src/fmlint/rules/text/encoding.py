"""FM603-FM609: encoding glitches in front-matter strings (and, opt-in, the body).

Text that went through the wrong decoder, an HTML scraper or a copy from a web page
keeps traces: mojibake (``Microsoftâ€™s``), C1 controls, U+FFFD, HTML entities in
plain-text fields, zero-width and non-breaking spaces.  Each kind has its own code so
a site can ignore one.  Rules look at every string value of the front matter; with
the option ``check_body`` they also look at the Markdown body, where they only report
(positions are exact; no fix is offered there).

ftfy (the mojibake repairer) is imported only when a string contains a character pair
that every UTF-8 mojibake contains, so a clean file never pays its ~50 ms import.
The texts a rule reads, and where each character stands in the file, come from
``glitchview.doc_view``, built once per file and shared with ``apostrophes``; FM603-FM605,
FM608 and FM609 read only its ``rare`` texts, those holding a character one of them looks for.
"""

from __future__ import annotations

import functools
import os
import re

from fmlint.model import Edit, Fix, Problem, Span
from fmlint.reading.document import cp1252
from fmlint.rules.registry import TEXT, rule
from fmlint.rules.text import glitch_tables as g
from fmlint.rules.text.apostrophes import lost_apostrophes
from fmlint.rules.text.glitch_fixes import grouped_fixes, span_of
from fmlint.rules.text.glitch_view import doc_view

_TOKEN = re.compile(r"[^ \t\r\n]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_DOUBLE_ENTITY = re.compile(r"&(?:amp;)+(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


# -- FM603 mojibake ------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _ftfy_config():
    from ftfy import TextFixerConfig  # deferred: only text that passes the pre-filter pays for it

    # The encoding repair only: no HTML unescaping, no quote straightening, no
    # normalisation, no U+FFFD for lossy sequences, and no restore_byte_a0 (it turns a
    # real capital "Ã " into "à"; glitches.md).
    return TextFixerConfig(unescape_html=False, restore_byte_a0=False, replace_lossy_sequences=False,
                           decode_inconsistent_utf8=True, fix_c1_controls=False, explain=False)


@functools.lru_cache(maxsize=4096)
def _repair_short(token: str) -> str:
    return _repair(token)


def _repair(token: str) -> str:
    from ftfy import fix_encoding

    fixed = fix_encoding(token, _ftfy_config())
    return token if "\ufffd" in fixed and "\ufffd" not in token else fixed


def mojibake_repairs(value: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each mojibake sequence in ``value``.

    Each blank-separated token with a candidate pair is repaired on its own, so a real
    ``Ã`` elsewhere in the value (or before a space) is never touched.
    """
    if not g.MOJIBAKE_CANDIDATE.search(value):
        return []
    repairs = []
    for token in _TOKEN.finditer(value):
        if g.MOJIBAKE_CANDIDATE.search(token.group()):
            text = token.group()
            fixed = _repair_short(text) if len(text) <= 256 else _repair(text)
            repairs += [(token.start() + i, token.start() + j, new) for i, j, new in _changes(text, fixed)]
    return repairs


def _changes(old: str, new: str) -> list[tuple[int, int, str]]:
    """What changed between a token and its repair, as (start, end, replacement).

    A repair changes only runs of non-ASCII characters (ASCII bytes decode to themselves),
    so the runs are paired up in order; difflib is the fallback for short odd cases.
    """
    if old == new:
        return []
    runs_old, runs_new = list(_NON_ASCII.finditer(old)), list(_NON_ASCII.finditer(new))
    if len(runs_old) == len(runs_new) and _NON_ASCII.split(old) == _NON_ASCII.split(new):
        changes = []
        for a, b in zip(runs_old, runs_new):
            x, y = a.group(), b.group()
            if x != y:
                head = len(os.path.commonprefix([x, y]))
                tail = len(os.path.commonprefix([x[head:][::-1], y[head:][::-1]]))
                changes.append((a.start() + head, a.end() - tail, y[head:len(y) - tail]))
        return changes
    if len(old) > 1000:
        return [(0, len(old), new)]
    import difflib  # rare (odd repairs only): not imported by every run

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


@rule("FM603", "mojibake", "text was decoded with the wrong encoding (mojibake)", fix="safe")
def mojibake(ctx):
    """What: UTF-8 text that was read as Windows-1252 or Latin-1 on its way: `Microsoftâ€™s`
    for `Microsoft’s`, `cafÃ©` for `café`, also text that went through it twice.

    Why: readers see garbage in titles, excerpts and search results, and it spreads
    when the text is copied.

    Example:

        title: "Contosoâ€™s new compiler"

    Fix: `fmlint fix` re-decodes each damaged sequence with ftfy's encoding repair alone (no quote
    straightening, HTML unescaping or normalisation).  Safe: only the damaged sequence
    changes, back to the text it was before the wrong decoding.  A capital `Ã`/`Â`
    before a space is never taken for mojibake (it is often real).
    """
    for text in doc_view(ctx).rare:
        repairs = mojibake_repairs(text.value)
        if not repairs:
            continue
        fix = grouped_fixes(ctx, text, [r + ("safe",) for r in repairs], "repair mojibake").get("safe")
        for start, end, new in repairs:
            yield Problem(f'mojibake "{text.value[start:end]}" should read "{new}"',
                          span=span_of(ctx, text, start, end), fix=fix)


# -- FM604 C1 controls ---------------------------------------------------------------------

def _mojibake_indices(value: str) -> set[int]:
    """Indices inside a mojibake sequence (left to FM603); computed once per value, so FM604
    stays linear in the number of C1 characters (once per character was quadratic)."""
    return {index for start, end, _ in mojibake_repairs(value) for index in range(start, end)}


@rule("FM604", "c1-control-character", "a C1 control character (U+0080-U+009F) stands for a cp1252 character",
      stage=TEXT, fix="safe")
def c1_control(ctx):
    """What: a character in U+0080-U+009F, such as U+0092 where `’` was meant.

    Why: these controls are never text; they appear when Windows-1252 bytes are read as
    Latin-1, and show as nothing or as boxes.  YAML refuses them unescaped, so the front
    matter then fails to parse (FM101); this rule points at each one.

    Example:

        title: "Contoso\\x92s compiler"

    Fix: `fmlint fix` replaces each with the Windows-1252 character of the same byte (U+0092 -> `’`,
    U+0096 -> `–`): safe, it is what browsers display for them.  No automatic fix for the five
    bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).  The fix also
    applies where the controls keep the front matter from parsing: the repaired file is
    accepted only if it parses to the old text's lenient reading with exactly those
    characters replaced.  Controls inside a mojibake sequence are left to FM603.
    """
    if not ctx.fm.ok:
        yield from _raw_c1(ctx)
        return
    for text in doc_view(ctx).rare:
        if not g.C1.search(text.value):
            continue
        owned = _mojibake_indices(text.value)
        found = [(m.start(), cp1252(m.group())) for m in g.C1.finditer(text.value) if m.start() not in owned]
        repairs = [(i, i + 1, new, "safe" if new else None) for i, new in found]
        fix = grouped_fixes(ctx, text, repairs, "replace C1 controls with cp1252 characters").get("safe")
        for index, new in found:
            yield _c1_problem(text.value[index], new, span_of(ctx, text, index, index + 1), fix if new else None)


def _raw_c1(ctx):
    """Front matter that did not parse (YAML rejects raw C1 controls): scan its raw text.

    Each defined one gets a safe fix, replacing it by its Windows-1252 character: the
    fixer accepts a repair that makes the front matter parse only when the repaired data
    equals the old text read leniently with those characters replaced (``fixing.lenient``).
    """
    body = ctx.doc.body
    if body is None:
        return
    raw = ctx.doc.text[body.start:body.end]
    owned = _mojibake_indices(raw)
    for match in g.C1.finditer(raw):
        if match.start() not in owned:
            start = body.start + match.start()
            new = cp1252(match.group())
            fix = Fix((Edit(start, start + 1, new),), "safe", f"replace U+{ord(match.group()):04X} with {new}") \
                if new else None
            yield _c1_problem(match.group(), new, Span(start, start + 1), fix)


def _c1_problem(char: str, new: str | None, span: Span, fix: Fix | None) -> Problem:
    meant = f'; Windows-1252 reads it as "{new}"' if new else " (undefined in Windows-1252)"
    return Problem(f"C1 control character U+{ord(char):04X}{meant}", span=span, fix=fix)


# -- FM605 U+FFFD ----------------------------------------------------------------------------

@rule("FM605", "replacement-character", "U+FFFD: a character was lost when the text was decoded", fix="safe")
def replacement_character(ctx):
    """What: the replacement character U+FFFD (`�`), left where a decoder met bytes it
    could not read.

    Why: the original character is gone and readers see `�`.

    Example:

        excerpt: "The compiler isn�t a rewrite."

    Fix: `fmlint fix` restores it only where the lost character was an apostrophe: between a
    letter and `t`/`s`/`re`/`ve`/`ll`/`d`/`m` when the word is a contraction (`isn’t`,
    `it’s`) — safe; `Name�s` -> `Name’s` is safe when the document spells `Name’s`
    elsewhere, else unsafe (`--unsafe-fixes`; an accented letter may have been lost:
    `Andr�s`). Elsewhere no automatic fix: retype the character. The apostrophe is the
    field's usual one, else the document's, else `’`.
    """
    for text in doc_view(ctx).rare:
        if "\ufffd" not in text.value:
            continue
        lost = {item.index: item for item in lost_apostrophes(ctx, text, "\ufffd") if item.applicability}
        fixes = grouped_fixes(ctx, text, [(i.index, i.index + 1, i.mark, i.applicability) for i in lost.values()],
                              "restore apostrophes")
        for index in (i for i, char in enumerate(text.value) if char == "\ufffd"):
            item = lost.get(index)
            message = "U+FFFD replacement character: a character was lost in decoding"
            if item is not None:
                message += f' (an apostrophe: "{item.word}")'
            yield Problem(message, span=span_of(ctx, text, index, index + 1),
                          fix=fixes.get(item.applicability) if item else None)


# -- FM607 HTML entities ---------------------------------------------------------------------

@rule("FM607", "html-entity", "an HTML entity in a plain-text field", fix="safe")
def html_entity(ctx):
    """What: an HTML character reference (`&#8217;`, `&amp;`, `&quot;`, `&#8220;`)
    or a double-escaped one (`&amp;quot;`) in a field that holds plain text.

    Why: templates escape plain text, so readers see `it&#8217;s` literally.  Fields
    that hold HTML (config `html-fields`, default `featuredContent`, matched by the
    last key), values containing HTML tags, URL values and the body are not checked.

    Example:

        excerpt: "it&#8217;s compatible with Contoso &amp; Fabrikam tools"

    Fix: `fmlint fix` decodes the entity, double-escaped ones fully. Safe, except for
    entities that decode to `<` or `>`: unsafe (`--unsafe-fixes`), since a template that
    prints the field unescaped would then emit markup.
    """
    for text in doc_view(ctx).texts:
        if "&" not in text.value or text.url or text.html:
            continue
        found = _entities(text.value)
        fixes = grouped_fixes(ctx, text, found, "decode HTML entities")
        for start, end, new, applicability in found:
            old = text.value[start:end]
            kind = "double-escaped HTML entity" if old.startswith("&amp;") and len(old) > 5 else "HTML entity"
            yield Problem(f'{kind} "{old}" in plain text; it means "{new}"', span=span_of(ctx, text, start, end),
                          fix=fixes.get(applicability))


def _entities(value: str) -> list[tuple[int, int, str, str]]:
    """(start, end, decoded, applicability) per entity; a double-escaped one wins over its inner part.

    Covered indices are a set, so the overlap test is O(1): linear in the value's size.
    ``html`` (and its large entity table) is imported here, for a value with a ``&``, not by every run."""
    import html

    found: list[tuple[int, int, str, str]] = []
    covered: set[int] = set()
    for pattern in (_DOUBLE_ENTITY, g.ENTITY):
        taken = []
        for match in pattern.finditer(value):
            new = _decode(match.group(), html.unescape)
            if new != match.group() and match.start() not in covered:
                found.append((match.start(), match.end(), new, "unsafe" if set(new) & set("<>") else "safe"))
                taken.append(match)
        covered.update(index for match in taken for index in range(match.start(), match.end()))
    return sorted(found)


def _decode(entity: str, unescape) -> str:
    for _ in range(4):
        decoded = unescape(entity)
        if decoded == entity:
            break
        entity = decoded
    return entity


# -- FM608 zero-width, FM609 no-break space ---------------------------------------------------

@rule("FM608", "zero-width-character", "an invisible zero-width character inside text", fix="safe")
def zero_width(ctx):
    """What: U+200B zero-width space, U+2060 word joiner, U+FEFF inside a value, or
    U+200C/U+200D (non-)joiners between Latin letters, spaces or punctuation.

    Why: invisible, but they break search, sorting, comparison and slugs; they arrive by
    copy-and-paste from web pages.  Joiners next to emoji or other scripts (where they
    mean something) are not flagged, nor a byte-order mark at the file start (FM601).

    Example:

        title: "Connect your data\\u200b"

    Fix: `fmlint fix` deletes the character (safe: it displays as nothing).
    """
    for text in doc_view(ctx).rare:
        found = [m.start() for m in g.ZERO_WIDTH.finditer(text.value) if not g.meaningful_joiner(text.value, m.start())]
        if not found:
            continue
        fix = grouped_fixes(ctx, text, [(i, i + 1, "", "safe") for i in found], "delete zero-width characters")
        for index in found:
            char = text.value[index]
            yield Problem(f"invisible {g.ZERO_WIDTH_NAMES[char]} (U+{ord(char):04X})",
                          span=span_of(ctx, text, index, index + 1), fix=fix.get("safe"))


@rule("FM609", "non-breaking-space", "a non-breaking space in a plain-text field", severity="warning", fix="unsafe")
def non_breaking_space(ctx):
    """What: U+00A0 (no-break space) in a plain-text field.

    Why: it usually comes from `&nbsp;` in scraped HTML: it looks like a space but does
    not match one in search, comparison or splitting.  It can be deliberate (`10 km`),
    hence a warning.  HTML fields, URL values and the body are not checked.

    Example:

        excerpt: "Build apps\\u00a0 faster"

    Fix: `fmlint fix --unsafe-fixes` replaces it, with any spaces around it, by one space
    (by nothing at an end of the value).  Unsafe: a deliberate no-break space loses its
    meaning.
    """
    for text in doc_view(ctx).rare:
        if g.NBSP not in text.value or text.url or text.html:
            continue
        repairs = [repair + ("unsafe",) for repair in g.nbsp_repairs(text.value)]
        fix = grouped_fixes(ctx, text, repairs, "replace non-breaking spaces").get("unsafe")
        for index in (i for i, char in enumerate(text.value) if char == g.NBSP):
            yield Problem("non-breaking space (U+00A0) in plain text", span=span_of(ctx, text, index, index + 1), fix=fix)
