"""FM0xx: problems reading a file before any YAML is parsed."""

from __future__ import annotations

from fmlint.rules.registry import READ, TEXT, rule


@rule("FM001", "unreadable-file", "the file cannot be read", stage=READ)
def unreadable_file(ctx):
    """What: the file could not be read: no permission, a broken symbolic link, a file
    deleted during the run, a folder that cannot be listed, or something that is not a
    regular file (a FIFO, a socket, a device — never read, so the run cannot hang).

    Why: a file fmlint cannot read is a file nothing checked; the run says so instead of
    passing silently, and goes on with the other files.

    Example: `post.md` is a symbolic link to `drafts/post.md`, and that file was deleted.

    Fix: no automatic fix (nothing in the file can be edited): make the file readable,
    restore or remove the link, or exclude the path in the config.
    """
    return ctx.found("unreadable-file")


@rule("FM002", "not-utf8", "the file is not valid UTF-8", stage=READ, fix="unsafe")
def not_utf8(ctx):
    """What: the file's bytes are not UTF-8; the message names the encoding it most likely uses
    (UTF-16 or UTF-32 by their byte-order mark, cp1252, latin-1).

    Why: static site generators read content as UTF-8, so a cp1252 or latin-1 file shows
    mojibake (`Microsoftâ€™s`) or fails the build.

    Example: a file saved by an old Windows editor as cp1252, where the apostrophe of
    `Harbourline’s` is the single byte 0x92.

    Fix: `fmlint fix --unsafe-fixes` re-encodes the file as UTF-8 when the encoding is
    certain (UTF-16/32 with a byte-order mark; cp1252 whose every non-ASCII byte is a
    letter or common punctuation) and the result converts back to exactly the original
    bytes.  Otherwise the file is left alone: re-save it as UTF-8 yourself
    (`iconv -f cp1252 -t utf-8`).  Unsafe, because a wrong guess would change every
    non-ASCII character.
    """
    return ctx.found("not-utf8")


@rule("FM003", "not-text", "the file looks binary", stage=READ)
def not_text(ctx):
    """What: the file contains NUL bytes, so it is not a text file.

    Why: a binary file with a content extension is almost always a mistake (an image or
    document saved under the wrong name).

    Example: `cover.md`, a PNG image saved under a Markdown name (its header holds NUL bytes).

    Fix: no automatic fix: rename or remove the file, or exclude it in the config.
    """
    return ctx.found("not-text")


@rule("FM004", "file-too-large", "the file is too large to check", stage=READ)
def file_too_large(ctx):
    """What: the file is larger than fmlint's limit (10 MB) and was not parsed.

    Why: front matter is small; a huge content file is usually generated or misplaced,
    and parsing it would slow every run.

    Example: `export.md`, a 12 MB dump of a database table with front matter on top.

    Fix: no automatic fix: exclude the file in the config, or split it.
    """
    return ctx.found("file-too-large")


@rule("FM005", "missing-front-matter", "the file has no front matter", stage=TEXT)
def missing_front_matter(ctx):
    """What: a file that a schema applies to does not start with a `---` fence (or `+++`, or `{`).

    Why: without front matter the site generator treats the file as a plain page, or
    drops it; every required field is missing.  Reported only when a schema applies,
    so plain Markdown files (READMEs) pass.

    Example: the whole file, with no fence before the first field:

        title: Harbourline ships a tide model
        category: news

        # Harbourline ships a tide model

    Fix: no automatic fix (where the front matter ends is not known): put the front matter
    between `---` lines at the very top of the file.
    """
    if ctx.settings.schema is None:
        return ()
    return ctx.found("missing-front-matter")


@rule("FM006", "unterminated-front-matter", "the front matter has no closing fence", stage=TEXT)
def unterminated_front_matter(ctx):
    """What: the file opens front matter with `---` (or `+++`) and never closes it.

    Why: generators then read the whole file as YAML, or the whole file as body.

    Example: the whole file, whose fence is never closed:

        ---
        title: Harbourline ships a tide model
        category: news

        The body starts here, but no closing fence came first.

    Fix: no automatic fix (where the front matter ends is not known): add the closing
    `---` line after the last field.
    """
    return ctx.found("unterminated-front-matter")


@rule("FM007", "limit-exceeded", "the front matter exceeds a size or nesting limit", stage=TEXT)
def limit_exceeded(ctx):
    """What: the front matter is larger, deeper or bigger than fmlint checks: over 1 MiB of
    text, nested deeper than 64 levels, more than 100,000 values, or aliases that would
    repeat more than 100,000 characters.  Nothing after the limit is checked.

    Why: limits keep one hostile or generated file ("billion laughs", 100,000 levels of
    `[`) from stalling or crashing a pre-commit hook; they are far above real front
    matter.

    Example:

        tides: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
               ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]  # <- FM007

    Fix: no automatic fix: simplify the front matter; move large data out of it.
    """
    return ctx.found("limit-exceeded")


@rule("FM008", "unused-suppression", "a suppression comment silences nothing", stage=TEXT, severity="warning")
def unused_suppression(ctx):
    """What: a `# fmlint: disable=CODE` (or `disable-file=`) comment in the front matter
    that silences no problem of an enabled rule.

    Why: stale suppressions hide the next real problem on that line; reporting them keeps
    the comments honest.  The engine finds these after all other rules ran.

    Example:

        title: "Fine"  # fmlint: disable=FM202

    Fix: no automatic fix: delete the comment (or the codes in it that no longer apply).
    """
    return ()


@rule("FM009", "internal-error", "fmlint failed on this file (a bug in fmlint)", stage=READ)
def internal_error(ctx):
    """What: a rule, the reader or the fixer raised an unexpected error on this file.  The
    message names the rule (or stage), the error and the line of fmlint where it happened.
    The file's other rules still ran, and the other files were checked as usual.

    Why: a bug in one rule must not hide every other result of the run, nor pass a file
    silently.  The run exits with code 2, as for any internal error.

    Example: a rule that raises `IndexError` on `post.md` gives this diagnostic, and the
    run exits with code 2:
    `post.md:1:1: FM009 internal error in rule FM205 (invalid-format): IndexError: ...`

    Fix: no automatic fix, and nothing to change in the file: please report it with the
    file that triggers it.  The engine reports this code whatever `--select` says.
    """
    return ()
