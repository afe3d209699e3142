"""Every output format on one shared set of diagnostics (golden files), plus each new format via the CLI.

Rewrite the golden files with ``UPDATE_GOLDEN=1 pytest tests/test_reporters.py``, then read
the diff: the files are the contract.
"""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import SHARED, needs_shared, run_cli

import fmlint
from fmlint.model import Diagnostic, Edit, Fix, version
from fmlint.reporting import REPORTERS
from fmlint.rules import catalog

GOLDEN = Path(__file__).parent / "golden" / "reporters"
SARIF_SCHEMA = SHARED / "external" / "sarif-schema-2.1.0.json"

A = "content/posts/a.md"
B = "notes/b, v2: ü.md"  # a comma, a colon, a space and a non-ASCII letter in a file name
TRICKY = 'quality: expected 0–100%, got "high: 88",\nnot a number'
UNKNOWN = "unknown field \"titel\" — did you mean “title”? (Größe ✓)"
YAML11 = '"yes" is a boolean (true) in YAML 1.1 (Jekyll, PyYAML) but a string in YAML 1.2; quote it or write it unambiguously'


def _diagnostic(path, line, column, end_line, end_column, code, name, severity, message, pointer=None, fix=None):
    return Diagnostic(path, line, column, end_line, end_column, code, name, severity, message, pointer, fix)


DIAGNOSTICS = sorted([
    _diagnostic(A, 1, 1, 6, 4, "FM201", "missing-field", "error", 'missing required field "title"'),
    _diagnostic(A, 2, 15, 2, 16, "FM602", "mixed-line-endings", "warning", "the file mixes \\r\\n and \\n line endings",
                fix=Fix((Edit(40, 42, "\n"), Edit(18, 20, "\n")), "safe", "use \\n line endings throughout")),
    _diagnostic(A, 3, 12, 3, 15, "FM105", "yaml11-value", "warning", YAML11, "/published",
                fix=Fix((Edit(52, 55, "true"),), "unsafe")),
    _diagnostic(A, 4, 10, 4, 20, "FM202", "wrong-type", "error", TRICKY, "/quality"),
    _diagnostic(B, 2, 1, 2, 6, "FM203", "unknown-field", "error", UNKNOWN, "/titel"),
    _diagnostic(B, 5, 8, 5, 13, "FM104", "alias", "info", "an alias (*base) is used; not every tool resolves it"),
    _diagnostic(B, 7, 3, 7, 8, "FM203", "unknown-field", "error", UNKNOWN, "/titel"),
], key=Diagnostic.sort_key)

SOURCE = {
    (A, 1): "---", (A, 2): "title_draft: Hello", (A, 3): "published: yes", (A, 4): "quality: high: 88",
    (B, 2): "titel: Größe", (B, 5): "other: *base", (B, 7): "  titel: x",
}

# Fixed rule metadata, so the golden files do not change when a rule's documentation does.
# FM104 is left out on purpose: a code the registry does not know still gets a descriptor.
RULES = {
    code: SimpleNamespace(code=code, name=name, summary=summary, severity=severity,
                          doc=f"What: {summary}, in\na second line.\n\nWhy: because.\n\nFix: {fix}")
    for code, name, summary, severity, fix in [
        ("FM105", "yaml11-value", "a plain value means different things in YAML 1.1 and 1.2", "warning", "quote it."),
        ("FM201", "missing-field", "a required field is missing", "error", "none."),
        ("FM202", "wrong-type", "a value has the wrong type", "error", "none."),
        ("FM203", "unknown-field", "a field the schema does not allow", "error", "none."),
        ("FM602", "mixed-line-endings", "the file mixes line endings", "warning", "one kind of line ending."),
    ]
}


def lines(path: str, line: int) -> str:
    return SOURCE.get((path, line), "")


@pytest.fixture
def fixed_metadata(monkeypatch):
    monkeypatch.setattr(catalog, "get", RULES.get)
    monkeypatch.setattr(version, "__version__", "9.9.9")


def render(name: str, diagnostics=DIAGNOSTICS, color: bool = False) -> str:
    out = io.StringIO()
    REPORTERS[name](diagnostics, lines, out, color=color)
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_golden(name, fixed_metadata):
    """Every format, byte for byte (UPDATE_GOLDEN=1 rewrites the files)."""
    output = render(name)
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(output.encode("utf-8"))
    assert golden.exists(), f"no golden file for --format {name}: run with UPDATE_GOLDEN=1 and read it"
    assert output == golden.read_bytes().decode("utf-8")


def test_concise_is_one_line_per_diagnostic_and_the_summary():
    output = render("concise").splitlines()
    assert len(output) == len(DIAGNOSTICS) + 1
    assert output[3] == (f"{A}:4:10: FM202 [error] " + TRICKY.replace("\n", "\\n"))
    assert output[-1] == render("text").splitlines()[-1]
    assert "\x1b[" in render("concise", color=True) and "\x1b[" not in render("concise")


def test_github_lines():
    assert render("github").splitlines() == [
        f"::error file={A},line=1,endLine=6,title=FM201 missing-field::missing required field \"title\"",
        f"::warning file={A},line=2,col=15,endLine=2,endColumn=16,title=FM602 mixed-line-endings::"
        "the file mixes \\r\\n and \\n line endings",
        f"::warning file={A},line=3,col=12,endLine=3,endColumn=15,title=FM105 yaml11-value::{YAML11}",
        f"::error file={A},line=4,col=10,endLine=4,endColumn=20,title=FM202 wrong-type::"
        'quality: expected 0–100%25, got "high: 88",%0Anot a number',
        "::error file=notes/b%2C v2%3A ü.md,line=2,col=1,endLine=2,endColumn=6,title=FM203 unknown-field::" + UNKNOWN,
        "::notice file=notes/b%2C v2%3A ü.md,line=5,col=8,endLine=5,endColumn=13,title=FM104 alias::"
        "an alias (*base) is used; not every tool resolves it",
        "::error file=notes/b%2C v2%3A ü.md,line=7,col=3,endLine=7,endColumn=8,title=FM203 unknown-field::" + UNKNOWN,
    ]


def test_github_escapes_carriage_returns_and_percent_in_properties():
    odd = replace(DIAGNOSTICS[0], path="./x%y.md", message="a\r\nb%")
    assert render("github", [odd]) == (
        "::error file=x%25y.md,line=1,endLine=6,title=FM201 missing-field::a%0D%0Ab%25\n")


def test_github_clean_run_prints_nothing():
    assert render("github", []) == ""


@needs_shared(SARIF_SCHEMA)
def test_sarif_is_valid_against_the_schema(fixed_metadata):
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    for diagnostics in (DIAGNOSTICS, []):
        log = json.loads(render("sarif", diagnostics))
        jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(log)


def test_sarif_rules_results_and_fixes(fixed_metadata):
    run = json.loads(render("sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["FM104", "FM105", "FM201", "FM202", "FM203", "FM602"]
    assert rules[1]["shortDescription"]["text"] == RULES["FM105"].summary
    assert rules[1]["fullDescription"]["text"] == RULES["FM105"].summary + ", in a second line."
    assert rules[0] == {"id": "FM104", "name": "alias", "defaultConfiguration": {"level": "note"}}
    results = run["results"]
    assert [r["level"] for r in results] == ["error", "warning", "warning", "error", "error", "note", "error"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    location = results[4]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "notes/b%2C%20v2%3A%20%C3%BC.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 6}
    fixes = {r["ruleId"]: r["fixes"] for r in results if "fixes" in r}
    assert fixes["FM602"][0]["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"charOffset": 18, "charLength": 2}, "insertedContent": {"text": "\n"}},
        {"deletedRegion": {"charOffset": 40, "charLength": 2}, "insertedContent": {"text": "\n"}}]
    assert fixes["FM105"][0]["properties"] == {"applicability": "unsafe"} and set(fixes) == {"FM602", "FM105"}


def test_sarif_fingerprints_survive_moved_lines_and_tell_copies_apart(fixed_metadata):
    def prints(diagnostics):
        return [r["partialFingerprints"]["fmlint/v1"] for r in json.loads(render("sarif", diagnostics))["runs"][0]["results"]]

    before = prints(DIAGNOSTICS)
    assert len(set(before)) == len(before)
    assert before[4].split(":")[0] == before[6].split(":")[0] and (before[4][-2:], before[6][-2:]) == (":1", ":2")
    moved = [replace(d, line=d.line + 3, end_line=d.end_line + 3) for d in DIAGNOSTICS]
    assert prints(moved) == before
    assert prints([replace(DIAGNOSTICS[3], message="other")]) != [before[3]]


def test_sarif_locations_outside_the_current_folder(tmp_path, monkeypatch, fixed_metadata):
    inside = tmp_path / "work"
    inside.mkdir()
    monkeypatch.chdir(inside)
    uris = [json.loads(render("sarif", [replace(DIAGNOSTICS[0], path=path)]))["runs"][0]["results"][0]
            ["locations"][0]["physicalLocation"]["artifactLocation"] for path in
            (str(inside / "a b.md"), "./x/../c.md", str(tmp_path / "out.md"))]
    assert uris == [{"uri": "a%20b.md", "uriBaseId": "%SRCROOT%"}, {"uri": "c.md", "uriBaseId": "%SRCROOT%"},
                    {"uri": (tmp_path / "out.md").as_uri()}]


def test_junit_counts_and_failures():
    root = ET.fromstring(render("junit").encode("utf-8"))
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "7", "7")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [(A, "4", "4"), (B, "3", "3")]
    failures = root.findall(".//failure")
    assert len(failures) == len(DIAGNOSTICS)
    assert failures[3].get("message") == f"FM202 {TRICKY}" and failures[3].text == f"{A}:4:10"
    cases = suites[1].findall("testcase")
    assert [c.get("name") for c in cases] == [f"FM203 {UNKNOWN}", "FM104 an alias (*base) is used; not every tool "
                                              "resolves it", f"FM203 {UNKNOWN} [2]"]
    assert cases[0].get("classname") == "notes/b, v2: ü" and cases[0].get("file") == B


def test_junit_clean_run_is_a_valid_report_with_no_failures():
    root = ET.fromstring(render("junit", []).encode("utf-8"))
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    assert root.findall(".//failure") == [] and len(root.findall(".//testcase")) == 1


def test_junit_writes_characters_xml_cannot_hold_as_escapes():
    odd = replace(DIAGNOSTICS[0], message="bell \x07 and nul \x00 & <tag>")
    failure = ET.fromstring(render("junit", [odd]).encode("utf-8")).find(".//failure")
    assert failure.get("message") == "FM201 bell \\u0007 and nul \\u0000 & <tag>"


def _cli(tmp_path, name):
    (tmp_path / "a.md").write_text("---\npublished: yes\n---\n")
    code, out, _ = run_cli("check", "--format", name, "--strict", "a.md", cwd=tmp_path)
    assert code == 1  # FM105 is a warning: it fails the run with --strict only
    return out


def test_cli_concise(tmp_path):
    assert _cli(tmp_path, "concise").splitlines()[0].startswith("a.md:2:12: FM105 [warning] \"yes\" is a boolean")


def test_cli_github(tmp_path):
    assert _cli(tmp_path, "github").startswith(
        "::warning file=a.md,line=2,col=12,endLine=2,endColumn=15,title=FM105 yaml11-value::\"yes\" is")


def test_cli_sarif(tmp_path):
    run = json.loads(_cli(tmp_path, "sarif"))["runs"][0]
    assert run["tool"]["driver"]["version"] == fmlint.__version__
    assert run["tool"]["driver"]["rules"][0]["shortDescription"]["text"] == catalog.get("FM105").summary
    result = run["results"][0]
    assert (result["ruleId"], result["locations"][0]["physicalLocation"]["region"]["startColumn"]) == ("FM105", 12)
    replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    text = (tmp_path / "a.md").read_text()
    start = replacement["deletedRegion"]["charOffset"]
    assert text[start:start + replacement["deletedRegion"]["charLength"]] == "yes"


def test_cli_sarif_help_is_the_plain_rule_doc_and_names_no_missing_page(tmp_path):
    driver = json.loads(_cli(tmp_path, "sarif"))["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver  # optional in SARIF; the PyPI page it named does not exist
    [rule] = driver["rules"]
    assert rule["help"]["text"] == catalog.get("FM105").doc and "``" not in rule["help"]["text"]
    markdown = rule["help"]["markdown"]
    assert markdown.startswith("**What:** ") and "\n\n**Example:**\n\n    published: yes" in markdown


def test_cli_junit(tmp_path):
    root = ET.fromstring(_cli(tmp_path, "junit").encode("utf-8"))
    assert root.get("failures") == "1" and root.find(".//failure").text == "a.md:2:12"
