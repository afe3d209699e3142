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
    """What: the schema chosen for the file (by ``$schema`` in the file or by configuration)
    cannot be found, read, or is not a valid JSON Schema; remote schemas are refused.

    Why: a file whose schema is missing is a file nobody validated.

    Fix: correct the ``$schema`` value or the path in the configuration.
    """
    return ctx.found("schema-unavailable")


@rule("FM201", "missing-field", "a required field is missing", stage=DATA, fix="unsafe")
def missing_field(ctx):
    """What: a field the schema requires is absent.  Top-level fields are reported at the
    opening fence, nested ones at their parent's key.

    Example::

        ---
        category: news
        excerpt: "..."

    Fix: add the field (here ``title``).  When an unknown key of the same mapping is a
    likely typo of it (``tittle``), this one diagnostic names the typo, at that key, with an
    unsafe fix renaming it (FM203 stays silent there).
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
    expected (``width: "1024px"``), a number where text is expected (``version: 1.10``).

    Why: templates do arithmetic or comparisons on these values; a wrong type breaks the
    page or silently renders wrong.

    Fix: write the value in the expected type; quote a plain value that must stay text.
    A quoted value whose text is the canonical form of the type the schema asks for
    (``"154"`` for an integer, ``"true"`` for a boolean, ``"null"`` where only null fits)
    is unquoted by a safe fix, in YAML, JSON and TOML front matter; other forms of a
    number or boolean (``"1,024"``, ``" 154 "``, ``"1e3"``, ``"True"``) get an unsafe one.
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
    match is suggested (``tittle`` -> ``title``).

    Why: a misspelt key is a missing field in disguise: the template never reads it.

    Fix: rename the key to the intended one, or remove it.  With one close match that the
    mapping lacks, an unsafe fix renames the key; when that field is required, FM201 reports
    the typo instead (one problem, one diagnostic).
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
    """What: a value outside the schema's ``enum`` (or different from its ``const``); the
    message lists the allowed values.

    Fix: use one of the listed values.
    """
    return _of_kind(ctx, messages.ENUM)


@rule("FM205", "invalid-format", "a value does not have the required format", stage=DATA, fix="unsafe")
def invalid_format(ctx):
    """What: a string that does not match its ``format``: ``date-time`` (RFC 3339, with a
    time zone), ``date``, ``uri``, ``email``, ``duration``, ... The message says what is wrong,
    and names a recognised non-ISO date (``14/08/2020``, ``August 14, 2020``,
    ``2020-08-14 22:48``) or a mistyped URL scheme (``https//``).

    Why: templates, feeds and sitemaps parse these values; one they cannot parse is dropped,
    shown raw, or read as something else (a date in the wrong month, a link to a 404).

    Example::

        publishedDateTime: 2020-08-14T22:48:00     # missing time zone

    Fix: ``publishedDateTime: 2020-08-14T22:48:00Z``.  An unsafe fix is offered when the
    right form is determined: a non-ISO date with one reading (``14/08/2020``, not
    ``04/08/2020``; a date-time only with its zone), a clock-time duration ``1:02:03``, a
    mistyped ``https//`` (not a missing scheme: http or https?).
    """
    from dataclasses import replace

    from fmlint.rules.dates import date_format_fix
    from fmlint.rules.urls import uri_format_fix

    for problem in _of_kind(ctx, messages.FORMAT):
        fix = date_format_fix(ctx, problem.pointer) or uri_format_fix(ctx, problem.pointer)
        yield problem if fix is None else replace(problem, fix=fix)


@rule("FM206", "constraint-violation", "a value breaks a schema constraint", stage=DATA)
def constraint_violation(ctx):
    """What: a value breaks ``minimum``, ``maxLength``, ``pattern``, ``minItems``, ... (an
    empty title, a width of 0).

    Fix: change the value to satisfy the constraint in the message.
    """
    return _of_kind(ctx, messages.CONSTRAINT)


@rule("FM207", "no-matching-alternative", "a value matches none of the allowed forms", stage=DATA)
def no_matching_alternative(ctx):
    """What: a value fails every branch of an ``anyOf``/``oneOf`` (or matches several
    branches of a ``oneOf``), and no single branch explains it better.

    Fix: follow the form the schema documents for the field.
    """
    return _of_kind(ctx, messages.ALTERNATIVES)
