"""Conformance: fmlint's schema verdicts on the official JSON-Schema-Test-Suite.

Why: fmlint promises JSON Schema draft 2020-12 and draft-07 validation (FM2xx).  Our own
schema tests check messages and positions on schemas we wrote; this one checks the
verdicts on the schemas the specification's authors wrote, edge cases included, through
the real ``fmlint check`` command on real files, and requires the same verdict as
jsonschema-rs, the reference validator (the suite itself is cross-checked against it).

How:

* The suite lives in ``../shared/external/JSON-Schema-Test-Suite`` (outside the repo);
  without it every test here skips.  ``tests/<draft>/*.json`` and
  ``tests/<draft>/optional/format/*.json`` are used, for draft2020-12 and draft7.
* Front matter must be a mapping, so only cases whose ``data`` is a JSON object are
  used, except in ``optional/format/``: there every schema is ``{"format": F}``, so a
  non-object instance ``x`` is checked as ``{"value": x}`` against
  ``{"type": "object", "required": ["value"], "properties": {"value": {"format": F}}}``.
  A case whose instance has a top-level ``$schema`` key is skipped: in front matter that
  key chooses the schema (the suite has none today).
* draft7 schemas get ``"$schema": "http://json-schema.org/draft-07/schema#"`` so both
  validators read them as draft 7; a boolean schema (``true``/``false``: the same in
  every draft, and it can take no key) is written as it is.
* The expected verdict is jsonschema-rs's ``is_valid`` on the schema as written
  (``validate_formats=True`` for ``optional/format``, the draft's default elsewhere),
  with ``http://localhost:1234/...`` served from the suite's ``remotes/`` folder by a
  retriever: files, never a socket.  fmlint never fetches schemas, so a case whose schema
  needs a remote document (jsonschema-rs asked the retriever for one) is expected to be
  refused: FM200, whatever the instance.
* Every case is written three ways: YAML block style (``yaml.dump``, with the strings
  that YAML 1.2 core would read as numbers, booleans or null quoted), YAML flow style
  (the JSON text between ``---`` fences) and JSON front matter (a file starting with
  ``{``).  Each text is read back with fmlint's own reader first; one that does not read
  back as the instance (types compared strictly) is not checked but must be listed in
  ``UNREADABLE``.
* One ``.fmlint.toml`` maps each group's folder to its schema file with
  ``[[collections]]``; one ``fmlint check --format json --no-cache --select FM2`` per
  draft covers every file.  A file's verdict: ``refused`` if FM200 is reported, else
  ``invalid`` if any other FM2xx is, else ``valid``.
* The set of disagreements must equal ``EXCEPTIONS`` exactly, each with its reason: a new
  disagreement fails, and so does an exception that no longer disagrees.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SHARED, needs_shared, run_cli

SUITE = SHARED / "external" / "JSON-Schema-Test-Suite"
REMOTES = SUITE / "remotes"
REMOTE_BASE = "http://localhost:1234/"
DRAFT7 = "http://json-schema.org/draft-07/schema#"
DRAFTS = {"draft2020-12": None, "draft7": DRAFT7}  # the $schema added to schemas without one
FORMS = ("yaml-block", "yaml-flow", "json")
FORMAT_DIR = "optional/format/"

# (draft, suite file, group description, test description, form or "*" for all forms): why
# fmlint's verdict differs from jsonschema-rs's by design.  Keep it short.
EXCEPTIONS: dict[tuple[str, str, str, str, str], str] = {}

# (draft, suite file, group description, test description, form): cases whose front matter
# cannot be written so that fmlint reads it back as the instance.
UNREADABLE: dict[tuple[str, str, str, str, str], str] = {}

# (draft, suite file, group description, test description): where jsonschema-rs's verdict
# differs from the suite's "valid" flag (the expected verdict follows jsonschema-rs).
REFERENCE_DIFFERENCES: dict[tuple[str, str, str, str], str] = {}


@dataclass(frozen=True)
class Case:
    draft: str
    file: str  # relative to tests/<draft>/, e.g. "ref.json" or "optional/format/date.json"
    group: str
    test: str
    group_index: int
    test_index: int
    instance: Any
    suite_valid: bool

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.draft, self.file, self.group, self.test


@dataclass
class Group:
    index: int
    schema: Any  # as written for both validators
    formats: bool  # an optional/format group: formats asserted by the reference too
    cases: list[Case]


def suite_files(draft: str) -> list[str]:
    """The suite files used for ``draft``, relative to ``tests/<draft>/``."""
    folder = SUITE / "tests" / draft
    paths = sorted(folder.glob("*.json")) + sorted(folder.glob(FORMAT_DIR + "*.json"))
    return [path.relative_to(folder).as_posix() for path in paths]


def schema_as_written(draft: str, schema: Any) -> Any:
    """The suite's schema with the draft's ``$schema`` added (a boolean one, which means the
    same in every draft and can take no key, as it is)."""
    if isinstance(schema, bool):
        return schema
    added = DRAFTS[draft]
    return {"$schema": added, **schema} if added and "$schema" not in schema else schema


def wrapped_format_schema(schema: dict) -> dict:
    """``{"format": F}`` applied to the ``value`` field of an object (for non-object instances)."""
    inner = {key: value for key, value in schema.items() if key != "$schema"}
    outer = {"type": "object", "required": ["value"], "properties": {"value": inner}}
    return {"$schema": schema["$schema"], **outer} if "$schema" in schema else outer


def file_cases(draft: str, file: str) -> list[tuple[Any, list[Case]]]:
    """Each group of a suite file: its schema as written and its cases, the ``$schema``-keyed
    instances left out (in front matter that key chooses the schema)."""
    groups = []
    for group_index, entry in enumerate(json.loads((SUITE / "tests" / draft / file).read_text("utf-8"))):
        cases = [Case(draft, file, entry["description"], test["description"], group_index, test_index,
                      test["data"], test["valid"])
                 for test_index, test in enumerate(entry["tests"])
                 if not (isinstance(test["data"], dict) and "$schema" in test["data"])]
        groups.append((schema_as_written(draft, entry["schema"]), cases))
    return groups


def file_groups(draft: str, file: str, start: int) -> list[Group]:
    """The usable groups of one suite file, numbered from ``start``: the object instances,
    and in optional/format the others too, as ``{"value": x}`` against the wrapped schema."""
    formats = file.startswith(FORMAT_DIR)
    groups: list[Group] = []
    for schema, cases in file_cases(draft, file):
        objects = [case for case in cases if isinstance(case.instance, dict)]
        others = [replace(case, instance={"value": case.instance}) for case in cases
                  if formats and not isinstance(case.instance, dict)]
        if objects:
            groups.append(Group(start + len(groups), schema, formats, objects))
        if others:
            groups.append(Group(start + len(groups), wrapped_format_schema(schema), formats, others))
    return groups


@functools.cache
def draft_groups(draft: str) -> tuple[Group, ...]:
    groups: list[Group] = []
    for file in suite_files(draft):
        groups.extend(file_groups(draft, file, len(groups)))
    return tuple(groups)


def remote_retriever(asked: list[str]):
    """Serve ``http://localhost:1234/...`` from the suite's ``remotes/`` folder (files, no
    socket), recording each URI asked for."""
    def retrieve(uri: str) -> Any:
        asked.append(uri)
        if not uri.startswith(REMOTE_BASE):
            raise ValueError(f"not a suite remote: {uri}")
        return json.loads((REMOTES / uri.removeprefix(REMOTE_BASE).split("#")[0]).read_text("utf-8"))

    return retrieve


@functools.cache
def reference(draft: str) -> dict[tuple[str, str, str, str], tuple[bool, bool]]:
    """For each case key: (jsonschema-rs's ``is_valid``, whether the schema needed a remote document)."""
    import jsonschema_rs

    verdicts = {}
    for group in draft_groups(draft):
        asked: list[str] = []
        validator = jsonschema_rs.validator_for(group.schema, validate_formats=True if group.formats else None,
                                                retriever=remote_retriever(asked))
        valid = {case.key: validator.is_valid(case.instance) for case in group.cases}
        verdicts.update({key: (verdict, bool(asked)) for key, verdict in valid.items()})
    return verdicts


def expected(case: Case) -> str:
    """``refused`` where the schema needs a remote document (fmlint never fetches one),
    else jsonschema-rs's verdict."""
    valid, remote = reference(case.draft)[case.key]
    return "refused" if remote else "valid" if valid else "invalid"


# Plain scalars that YAML 1.2's core schema reads as null, a boolean or a number (spec 10.3.2).
_CORE_NOT_STRING = re.compile(r"""(?x)
    null|Null|NULL|~|
    |true|True|TRUE|false|False|FALSE
    |[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+
    |[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN""")


class _Dumper(yaml.SafeDumper):
    """Block-style YAML that means the same under YAML 1.2 core rules: a string that 1.2
    would read as something else is double-quoted; any other is left to PyYAML, which
    quotes what YAML 1.1 or the syntax needs (``yes``, ``: x``) and writes the rest plain."""


# Characters to write as escapes: controls, DEL and C1 controls, YAML 1.1's line breaks
# (NEL, LS, PS), a BOM, surrogates and noncharacters.
_RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _CORE_NOT_STRING.fullmatch(text) or _RAW_UNSAFE.search(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def json_text(instance: Any) -> str:
    """JSON text that is also a YAML flow mapping meaning the same (``json.dumps`` escapes
    the controls below U+0020 itself)."""
    text = json.dumps(instance, ensure_ascii=False)
    return _RAW_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def front_matter(instance: Any, form: str) -> str:
    if form == "yaml-block":
        block = yaml.dump(instance, Dumper=_Dumper, default_flow_style=False, allow_unicode=True,
                          sort_keys=False, width=float("inf"))
        return f"---\n{block}---\nBody.\n"
    if form == "yaml-flow":
        return f"---\n{json_text(instance)}\n---\nBody.\n"
    return f"{json_text(instance)}\nBody.\n"


def same(a: Any, b: Any) -> bool:
    """JSON equality with types compared strictly (``1`` is not ``1.0`` nor ``True``)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def readable_text(instance: Any, form: str) -> str | None:
    """The file text for ``instance`` in ``form``, or None if fmlint would not read it back as it."""
    from fmlint.reading.frontmatter import read

    try:
        text = front_matter(instance, form)
        doc, fm = read(text.encode("utf-8"), "case.md")
    except (UnicodeError, yaml.YAMLError):
        return None
    return text if doc.kind == form.split("-")[0] and fm.ok and same(fm.data, instance) else None


def write_tree(root: Path, draft: str) -> tuple[dict[str, tuple[Case, str]], dict[tuple, str]]:
    """Every case as files under ``root/cases/gNNNN/``, each group's schema in
    ``root/schemas/gNNNN/``, and one ``.fmlint.toml`` mapping the one to the other.

    Returns (relative path -> (case, form), unreadable case-forms -> their instance as JSON).
    """
    written, unreadable, collections = {}, {}, []
    for group in draft_groups(draft):
        name = f"g{group.index:04d}"
        (root / "schemas" / name).mkdir(parents=True)  # a folder each: no schema sees another's files
        (root / "schemas" / name / "schema.json").write_text(json.dumps(group.schema), "utf-8")
        (root / "cases" / name).mkdir(parents=True)
        collections.append(f'[[collections]]\ninclude = ["cases/{name}/*"]\nschema = "schemas/{name}/schema.json"\n')
        for case in group.cases:
            for form in FORMS:
                text = readable_text(case.instance, form)
                if text is None:
                    unreadable[(*case.key, form)] = json.dumps(case.instance)
                    continue
                relative = f"cases/{name}/t{case.test_index:03d}-{form}.md"
                (root / relative).write_text(text, "utf-8", newline="")
                written[relative] = (case, form)
    (root / ".fmlint.toml").write_text("\n".join(collections), "utf-8")
    return written, unreadable


@dataclass
class DraftRun:
    """What one ``fmlint check`` over a draft's cases found."""

    verdicts: dict[tuple[str, str, str, str, str], tuple[str, str]]  # case-form key -> (expected, fmlint's)
    unreadable: dict[tuple, str]
    codes: dict[tuple[str, str, str, str, str], list[str]]  # case-form key -> FM2xx codes reported


def check_draft(root: Path, draft: str) -> DraftRun:
    written, unreadable = write_tree(root, draft)
    status, out, err = run_cli("check", "--format", "json", "--select", "FM2", "--no-cache",
                               "--config", str(root / ".fmlint.toml"), "cases", cwd=root)
    assert status in (0, 1), f"fmlint check exited {status}: {err}"
    records = json.loads(out)
    reported: dict[str, list[str]] = {}
    for record in records:
        reported.setdefault(Path(record["path"]).as_posix().removeprefix("./"), []).append(record["code"])
    verdicts, codes = {}, {}
    for relative, (case, form) in written.items():
        found = sorted(set(reported.pop(relative, [])))
        verdict = "refused" if "FM200" in found else "invalid" if found else "valid"
        verdicts[(*case.key, form)] = (expected(case), verdict)
        codes[(*case.key, form)] = found
    assert not reported, f"diagnostics for files not written: {sorted(reported)[:5]}"
    return DraftRun(verdicts, unreadable, codes)


@pytest.fixture(scope="module")
def draft_run(tmp_path_factory):
    """One fmlint run per draft, shared by that draft's tests."""
    runs: dict[str, DraftRun] = {}

    def get(draft: str) -> DraftRun:
        if draft not in runs:
            runs[draft] = check_draft(tmp_path_factory.mktemp(f"conformance-{draft}"), draft)
        return runs[draft]

    return get


def expanded_exceptions(draft: str, file: str) -> dict[tuple, str]:
    """``EXCEPTIONS`` for one suite file, a form of "*" standing for every form written."""
    found = {}
    for (each_draft, each_file, group, test, form), reason in EXCEPTIONS.items():
        if (each_draft, each_file) != (draft, file):
            continue
        for each_form in FORMS if form == "*" else (form,):
            found[(draft, file, group, test, each_form)] = reason
    return found


def describe(disagreements: dict[tuple, tuple[str, str]], run: DraftRun) -> str:
    """One line per case (its forms together), the first 40."""
    forms: dict[tuple, list[str]] = {}
    for key, (want, got) in sorted(disagreements.items()):
        forms.setdefault((*key[2:4], want, got, tuple(run.codes[key])), []).append(key[4])
    lines = [f"{group} | {test} [{'all forms' if len(found) == len(FORMS) else ', '.join(found)}]: "
             f"expected {want}, fmlint {got} {list(codes)}" for (group, test, want, got, codes), found in forms.items()]
    return "\n  ".join(lines[:40] + ([f"... and {len(lines) - 40} more"] if len(lines) > 40 else []))


def suite_params() -> list:
    params = [pytest.param(draft, file, id=f"{draft}/{file}") for draft in DRAFTS for file in suite_files(draft)]
    return params or [pytest.param("-", "-", id="suite-absent")]


@needs_shared(SUITE)
@pytest.mark.parametrize("draft, file", suite_params())
def test_verdicts_match_jsonschema_rs(draft_run, draft, file):
    """fmlint's verdict on every case of the file, in every form, is jsonschema-rs's, but
    for the documented exceptions (which must still disagree)."""
    run = draft_run(draft)
    disagreements = {key: verdicts for key, verdicts in run.verdicts.items()
                     if key[:2] == (draft, file) and verdicts[0] != verdicts[1]}
    allowed = expanded_exceptions(draft, file)
    new = {key: value for key, value in disagreements.items() if key not in allowed}
    fixed = sorted(key[2:] for key in allowed if key not in disagreements)
    assert not new, f"{len(new)} case-forms where fmlint disagrees with jsonschema-rs:\n  {describe(new, run)}"
    assert not fixed, f"listed in EXCEPTIONS but fmlint now agrees (remove them): {fixed}"


@needs_shared(SUITE)
@pytest.mark.parametrize("draft", list(DRAFTS))
def test_cases_read_back_as_written(draft_run, draft):
    """Every case's front matter reads back, in every form, as its instance; the ones that
    cannot are documented in ``UNREADABLE``."""
    unreadable = draft_run(draft).unreadable
    listed = {key for key in UNREADABLE if key[0] == draft}
    assert set(unreadable) == listed, {key: unreadable.get(key, "now readable") for key in set(unreadable) ^ listed}


@needs_shared(SUITE)
@pytest.mark.parametrize("draft", list(DRAFTS))
def test_reference_agrees_with_suite(draft):
    """jsonschema-rs (remotes served from files) gives the suite's verdicts: it is a fair
    reference.  Differences are documented in ``REFERENCE_DIFFERENCES``."""
    cases = [case for group in draft_groups(draft) for case in group.cases]
    differ = {case.key for case in cases if reference(draft)[case.key][0] != case.suite_valid}
    assert differ == {key for key in REFERENCE_DIFFERENCES if key[0] == draft}


@needs_shared(SUITE)
def test_documented_entries_name_real_cases():
    """Every entry in the three lists names a case in use (a suite update may rename one)."""
    known = {case.key for draft in DRAFTS for group in draft_groups(draft) for case in group.cases}
    forms = set(FORMS) | {"*"}
    stale = [key for key in (*EXCEPTIONS, *UNREADABLE) if key[:4] not in known or key[4] not in forms]
    stale += [key for key in REFERENCE_DIFFERENCES if key not in known]
    assert not stale
