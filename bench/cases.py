"""What is timed: the command lines of every case, per corpus and for one file."""

from __future__ import annotations

from pathlib import Path

from corpus import FOLDER_SIZE
from measure import Case
from tools import Tools

ARG_BYTES = 1_000_000  # keep each check-jsonschema command line well under Linux's 2 MiB ARG_MAX


def batches(files: list[str], limit: int = ARG_BYTES) -> list[list[str]]:
    """Split a file list so that no command line exceeds ``limit`` bytes of arguments."""
    out: list[list[str]] = [[]]
    size = 0
    for name in files:
        if out[-1] and size + len(name) + 1 > limit:
            out.append([])
            size = 0
        out[-1].append(name)
        size += len(name) + 1
    return out


def fmlint_cases(tools: Tools, corpus: Path) -> list[Case]:
    check = [tools.fmlint, "check", "--schema", "article"]
    cache = corpus / ".fmlint_cache"
    return [
        Case("fmlint-cold", "fmlint, cold (`--no-cache`), default jobs", [check + ["--no-cache", "."]], corpus,
             reference=True),
        Case("fmlint-cold-j1", "fmlint, cold (`--no-cache`), `--jobs 1`",
             [check + ["--no-cache", "--jobs", "1", "."]], corpus),
        # The cache is refilled before every timed run, not once: an edited fmlint (it is
        # installed editable) invalidates it, and the timed run would then be a cold one.
        Case("fmlint-warm", "fmlint, warm cache, default jobs", [check + ["."]], corpus,
             prepare=[["rm", "-rf", str(cache)]], before_each=[check + ["."]],
             note="cache filled by an untimed run just before"),
    ]


def check_jsonschema_case(tools: Tools, yaml_dir: Path, yaml_files: list[Path]) -> Case:
    parts = batches([str(name) for name in yaml_files])
    commands = [[tools.check_jsonschema, "--schemafile", tools.schema, *part] for part in parts]
    note = "front matter extracted to .yaml files first, not timed"
    if len(parts) > 1:
        note += f"; {len(parts)} invocations (command-line length)"
    return Case("check-jsonschema", "check-jsonschema", commands, yaml_dir, ok_exits=(0,), note=note)


def remark_cases(tools: Tools, corpus: Path) -> list[Case]:
    """One remark process for the whole corpus, and, above one folder, one process per folder.

    remark-cli opens every file at once: past the open-files limit (``ulimit -n``) files
    fail with EMFILE, and its memory grows with the corpus; per folder it stays bounded.
    """
    remark = [tools.remark, "--no-stdout", "--quiet", "--no-color", "--frail"]
    cases = [Case("remark", "remark-lint-frontmatter-schema (remark-cli), one process", [remark + ["."]],
                  corpus, ok_exits=(0,))]
    folders = sorted(path.name for path in corpus.iterdir() if path.is_dir() and not path.name.startswith("."))
    if len(folders) > 1:
        cases.append(Case("remark-folders", "remark-lint-frontmatter-schema, one process per folder",
                          [remark + [folder] for folder in folders], corpus, ok_exits=(0,),
                          note=f"{len(folders)} processes of at most {FOLDER_SIZE:,} files, one after another"))
    return cases


def corpus_cases(tools: Tools, wanted: set[str], corpus: Path, yaml_dir: Path,
                 yaml_files: list[Path], n: int) -> list[Case]:
    cases: list[Case] = []
    if "fmlint" in wanted:
        cases += fmlint_cases(tools, corpus)
    if "check-jsonschema" in wanted:
        cases.append(check_jsonschema_case(tools, yaml_dir, yaml_files))
    if "remark" in wanted:
        cases += remark_cases(tools, corpus)
    for case in cases:
        case.key = f"{n}-{case.key}"
    return cases


def one_file_cases(tools: Tools, wanted: set[str], corpus: Path, md_file: Path,
                   yaml_dir: Path, yaml_file: Path) -> list[Case]:
    """The pre-commit case: a whole process for a single file."""
    cases: list[Case] = []
    if "fmlint" in wanted:
        cases += [
            Case("fmlint-one", "fmlint check, one file (`--no-cache`)",
                 [[tools.fmlint, "check", "--schema", "article", "--no-cache", str(md_file)]], corpus,
                 reference=True),
            Case("fmlint-version", "`fmlint --version` (start-up alone)", [[tools.fmlint, "--version"]], corpus,
                 ok_exits=(0,)),
        ]
    if "check-jsonschema" in wanted:
        cases.append(Case("check-jsonschema", "check-jsonschema, one file",
                          [[tools.check_jsonschema, "--schemafile", tools.schema, str(yaml_file)]], yaml_dir,
                          ok_exits=(0,)))
    if "remark" in wanted:
        cases.append(Case("remark", "remark-lint-frontmatter-schema, one file",
                          [[tools.remark, "--no-stdout", "--quiet", "--no-color", "--frail", str(md_file)]], corpus,
                          ok_exits=(0,)))
    for case in cases:
        case.key = f"one-{case.key}"
    return cases
