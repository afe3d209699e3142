"""FM0xx: problems reading a file before any YAML is parsed."""

from __future__ import annotations

from ..registry import READ, TEXT, rule


@rule("FM001", "unreadable-file", "the file cannot be read", stage=READ)
def unreadable_file(ctx):
    """What: the file could not be opened or read (permissions, a broken link, a folder).

    Why: a file fmlint cannot read is a file nothing checked; the run says so instead of
    passing silently.

    Fix: make the file readable, or exclude it.
    """
    return ctx.found("unreadable-file")


@rule("FM002", "not-utf8", "the file is not valid UTF-8", stage=READ)
def not_utf8(ctx):
    """What: the file's bytes are not UTF-8; the message names the encoding it most likely uses.

    Why: static site generators read content as UTF-8, so a cp1252 or latin-1 file shows
    mojibake (``Microsoftâ€™s``) or fails the build.

    Example: a file saved by an old Windows editor, where ``’`` is the single byte 0x92.

    Fix: re-save the file as UTF-8 (``iconv -f cp1252 -t utf-8``).
    """
    return ctx.found("not-utf8")


@rule("FM003", "not-text", "the file looks binary", stage=READ)
def not_text(ctx):
    """What: the file contains NUL bytes, so it is not a text file.

    Why: a binary file with a content extension is almost always a mistake (an image or
    document saved under the wrong name).

    Fix: rename or remove the file, or exclude it.
    """
    return ctx.found("not-text")


@rule("FM004", "file-too-large", "the file is too large to check", stage=READ)
def file_too_large(ctx):
    """What: the file is larger than fmlint's limit (10 MB) and was not parsed.

    Why: front matter is small; a huge content file is usually generated or misplaced,
    and parsing it would slow every run.

    Fix: exclude the file, or split it.
    """
    return ctx.found("file-too-large")


@rule("FM005", "missing-front-matter", "the file has no front matter", stage=TEXT)
def missing_front_matter(ctx):
    """What: a file that a schema applies to does not start with a ``---`` fence (or ``+++``, or ``{``).

    Why: without front matter the site generator treats the file as a plain page, or
    drops it; every required field is missing.  Reported only when a schema applies,
    so plain Markdown files (READMEs) pass.

    Example::

        title: Missing fences
        # Heading

    Fix: put the front matter between ``---`` lines at the very top of the file.
    """
    if ctx.settings.schema is None:
        return ()
    return ctx.found("missing-front-matter")


@rule("FM006", "unterminated-front-matter", "the front matter has no closing fence", stage=TEXT)
def unterminated_front_matter(ctx):
    """What: the file opens front matter with ``---`` (or ``+++``) and never closes it.

    Why: generators then read the whole file as YAML, or the whole file as body.

    Fix: add the closing ``---`` line after the last field.
    """
    return ctx.found("unterminated-front-matter")


@rule("FM007", "limit-exceeded", "the front matter exceeds a size or nesting limit", stage=TEXT)
def limit_exceeded(ctx):
    """What: the front matter is nested too deeply or has too many values to check safely.

    Why: limits keep one hostile or generated file from stalling a pre-commit hook.

    Fix: simplify the front matter.
    """
    return ctx.found("limit-exceeded")


@rule("FM008", "unused-suppression", "a suppression comment silences nothing", stage=TEXT, severity="warning")
def unused_suppression(ctx):
    """What: a ``# fmlint: disable=CODE`` (or ``disable-file=``) comment in the front matter
    that silences no problem of an enabled rule.

    Why: stale suppressions hide the next real problem on that line; reporting them keeps
    the comments honest.  The engine finds these after all other rules ran.

    Example::

        title: "Fine"  # fmlint: disable=FM202

    Fix: delete the comment (or the codes in it that no longer apply).
    """
    return ()
