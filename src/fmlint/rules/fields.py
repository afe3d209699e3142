"""FM2xx: the front matter against its JSON Schema.

Validation runs once per file (``Context.schema_errors``); each rule here reports one
kind of finding, so each can be selected, ignored and documented on its own.
"""

from __future__ import annotations

from fmlint.model import Problem
from fmlint.rules import images, renames, syntax, typed
from fmlint.rules.registry import DATA, TEXT, rule
from fmlint.schema import messages

# Kinds another rule family may explain better at the same value (an image width of "1024px"
# is FM402 with a fix, not a bare FM202); missing and unknown fields are always ours.
_COVERABLE = {messages.TYPE, messages.ENUM, messages.CONSTRAINT, messages.ALTERNATIVES}


def _of_kind(ctx, kind: str):
    return [problem for found, problem in ctx.schema_errors if found == kind
            and not (kind in _COVERABLE and problem.pointer and _covered(ctx, kind, problem.pointer))]


def _covered(ctx, kind: str, pointer: str) -> bool:
    """Does another rule report this value, with its fix (FM402-404 an image size, FM105 a YAML 1.1 value)?"""
    return images.covers(ctx, pointer) or kind == messages.TYPE and syntax.covers(ctx, pointer)


@rule("FM200", "schema-unavailable", "the schema for this file cannot be loaded", stage=TEXT)
def schema_unavailable(ctx):
    """What: the schema chosen for the file (by `$schema` in the file or by configuration)
    cannot be found, read, or is not a valid JSON Schema; remote schemas are refused.

    Why: a file whose schema is missing is a file nobody validated.

    Example:

        $schema: ./schemas/news.schema.json   # <- FM200: there is no such file
        title: Harbourline ships a tide model

    Fix: no automatic fix: correct the `$schema` value or the path in the configuration.
    """
    return ctx.found("schema-unavailable")


@rule("FM201", "missing-field", "a required field is missing", stage=DATA, fix="unsafe")
def missing_field(ctx):
    """What: a field the schema requires is absent.  Top-level fields are reported at the
    opening fence, nested ones at their parent's key.

    Why: templates print or sort by these fields; a page without its title or date shows
    a blank heading, sorts first or last, or fails the build.

    Example:

        category: news
        tittle: Harbourline ships a tide model   # <- FM201: "title" is missing (typo?)

    Fix: add the field (here `title`).  When an unknown key of the same mapping is a
    likely typo of it (`tittle`), this one diagnostic names the typo, at that key, and
    `fmlint fix --unsafe-fixes` renames it (FM203 stays silent there); unsafe, because
    the key may be a different field.  Otherwise no automatic fix: write the value.
    """
    for problem in _of_kind(ctx, messages.MISSING):
        typo = renames.for_missing(ctx, problem)
        if typo is not None:
            problem = Problem(f'{problem.message}; "{typo.old}" looks like a typo of it', pointer=typo.pointer,
                              at_key=True, fix=typo.fix)
        yield problem


@rule("FM202", "wrong-type", "a value has the wrong type", stage=DATA, fix="safe")
def wrong_type(ctx):
    """What: a value's type differs from the schema's: a string where an integer is
    expected (`width: "1024px"`), a number where text is expected (`version: 1.10`).

    Why: templates do arithmetic or comparisons on these values; a wrong type breaks the
    page or silently renders wrong.

    Example:

        quality: "88"   # <- FM202: the schema wants an integer

    Fix: `fmlint fix` unquotes a quoted value whose text is the canonical form of the type
    the schema asks for (`"154"` for an integer, `"true"` for a boolean, `"null"` where
    only null fits), in YAML, JSON and TOML front matter: safe, the text is unchanged.
    Other forms of a number or boolean (`"1,024"`, `" 154 "`, `"1e3"`, `"True"`) get an
    unsafe fix (`fmlint fix --unsafe-fixes`).  Otherwise no automatic fix: write the
    value in the expected type, or quote a plain value that must stay text.
    """
    for problem in _of_kind(ctx, messages.TYPE):
        entry = ctx.fm.nodes.get(problem.pointer)
        node = entry[1] if entry else None
        if getattr(node, "style", None) == "" and "a string" in problem.message.split(" is not ")[-1]:
            problem = Problem(f"{problem.message}; YAML read the unquoted {node.value!r} as a "
                              f"{'number' if node.value[:1].isdigit() else 'non-string'}: quote it to keep it as text",
                              pointer=problem.pointer)
        elif node is not None and problem.pointer:
            fix = typed.typed_fix(ctx, problem.pointer, node)
            if fix is not None:
                problem = Problem(f"{problem.message}; {fix.description}", pointer=problem.pointer, fix=fix)
        yield problem


@rule("FM203", "unknown-field", "a field the schema does not allow", stage=DATA, fix="unsafe")
def unknown_field(ctx):
    """What: a key the schema does not define, where the schema allows no others.  A close
    match is suggested (`tittle` -> `title`).

    Why: a misspelt key is a missing field in disguise: the template never reads it.

    Example:

        descrption: Berth-level water depth, six hours ahead   # <- FM203 (did you mean "description"?)

    Fix: rename the key to the intended one, or remove it.  With one close match that the
    mapping lacks, `fmlint fix --unsafe-fixes` renames the key (unsafe: the name may be
    meant); when that field is required, FM201 reports the typo instead (one problem, one
    diagnostic).  Otherwise no automatic fix.
    """
    typos = renames.renames(ctx)
    for problem in _of_kind(ctx, messages.UNKNOWN):
        typo = typos.get(problem.pointer)
        if typo is not None and renames.named_by_missing(ctx, typo):
            continue
        yield problem if typo is None else Problem(problem.message, pointer=problem.pointer, at_key=True,
                                                   fix=typo.fix)


@rule("FM204", "value-not-allowed", "a value is not one of the allowed values", stage=DATA)
def value_not_allowed(ctx):
    """What: a value outside the schema's `enum` (or different from its `const`); the
    message lists the allowed values.

    Why: templates branch on these values; one they do not know falls through to a
    default layout, or to none, and the page renders wrong without an error.

    Example:

        $schema: starlight
        title: Harbourline tide model
        template: landing   # <- FM204: "doc" or "splash"

    Fix: no automatic fix (which value was meant is not known): use one of the listed
    values.
    """
    return _of_kind(ctx, messages.ENUM)


@rule("FM205", "invalid-format", "a value does not have the required format", stage=DATA, fix="unsafe")
def invalid_format(ctx):
    """What: a string that does not match its `format`: `date-time` (RFC 3339, with a
    time zone), `date`, `uri`, `email`, `duration`, ... The message says what is wrong,
    and names a recognised non-ISO date (`14/08/2020`, `August 14, 2020`,
    `2020-08-14 22:48`) or a mistyped URL scheme (`https//`).

    Why: templates, feeds and sitemaps parse these values; one they cannot parse is dropped,
    shown raw, or read as something else (a date in the wrong month, a link to a 404).

    Example:

        publishedDateTime: 2023-09-12T07:15:00     # <- FM205: missing time zone

    Fix: add the zone, `publishedDateTime: 2023-09-12T07:15:00Z`. No automatic fix for that
    (which zone is not in the file); `fmlint fix --unsafe-fixes` rewrites the value when the
    right form is determined (unsafe: the value changes): a non-ISO date with one reading
    (`14/08/2020`, not `04/08/2020`; a date-time only with its zone), a clock-time duration
    `1:02:03`, a mistyped `https//` (not a missing scheme: http or https?).
    """
    from dataclasses import replace

    from fmlint.rules.dates import date_format_fix
    from fmlint.rules.urls import uri_format_fix

    for problem in _of_kind(ctx, messages.FORMAT):
        fix = date_format_fix(ctx, problem.pointer) or uri_format_fix(ctx, problem.pointer)
        yield problem if fix is None else replace(problem, fix=fix)


@rule("FM206", "constraint-violation", "a value breaks a schema constraint", stage=DATA)
def constraint_violation(ctx):
    """What: a value breaks `minimum`, `maxLength`, `pattern`, `minItems`, ... (an
    empty title, a width of 0).

    Why: the schema states what the site can display; an empty title is a blank heading
    and a blank link text, a too-long excerpt is cut in the middle of a word.

    Example:

        title: ""   # <- FM206: at least 1 character

    Fix: no automatic fix: change the value to satisfy the constraint in the message.
    """
    return _of_kind(ctx, messages.CONSTRAINT)


@rule("FM207", "no-matching-alternative", "a value fits more than one form of a oneOf (ambiguous)", stage=DATA)
def no_matching_alternative(ctx):
    """What: a value that matches more than one branch of a `oneOf`, where exactly one must
    fit.  A value that fits no branch is reported as the problem of the branch it comes
    nearest to (FM202 for a wrong type, FM206 for a broken constraint, ...).

    Why: a schema says `oneOf` when the forms mean different things to the site; a value
    that fits two of them is ambiguous, and templates may read it either way.

    Example: `cover.schema.json` says `cover` is `oneOf` any string or a `uri` string.

        $schema: ./cover.schema.json
        cover: https://assets.portwire.example/tide-gauge.jpg   # <- FM207: fits both

    Fix: no automatic fix: write the value in one form only, or make the schema's
    branches exclusive (`anyOf` if both may fit).
    """
    return _of_kind(ctx, messages.ALTERNATIVES)


@rule("FM208", "likely-typo-field", "a key one letter away from a field the schema defines",
      severity="warning", stage=DATA, fix="unsafe")
def likely_typo_field(ctx):
    """What: a key the schema does not define, where the schema allows keys of the site's
    own, that is one slip (a letter added, dropped, changed, or two swapped) from exactly
    one field it does define, and the mapping lacks that field.

    Why: open schemas (Jekyll's, Eleventy's, Docusaurus's) accept any key, so a misspelt
    `descrption` passes validation while the page loses its description.  Case-only
    differences, plural/singular pairs and keys under four letters are left alone: those
    are often fields of the site's own.

    Example:

        $schema: jekyll
        title: Tide tables for the outer berths
        descrption: Berth-level water depth, six hours ahead   # <- FM208: did you mean "description"?

    Fix: `fmlint fix --unsafe-fixes` renames the key in place (unsafe: the key may be
    meant); otherwise rename it by hand, or ignore FM208 for a key of the site's own.
    """
    for typo in renames.open_typos(ctx):
        field = "required field" if typo.required else "field"
        yield Problem(f'unknown key "{typo.old}": did you mean the {field} "{typo.new}"?',
                      pointer=typo.pointer, at_key=True, fix=typo.fix)
