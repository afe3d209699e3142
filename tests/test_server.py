"""`fmlint server` (issue 13), driven over stdio by a real LSP client (pygls's LanguageClient).

Every test starts the server as an editor would, speaks the protocol to it and shuts it
down; the expected diagnostics are those of `fmlint check --format json` on the same text.
Fixtures are our own articles in the seed's format (shared/seeds/article-front-matter.md).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# pygls and lsprotocol are in the [test] extra (as in [server]): both CI jobs run these, none skips.
from lsp_session import WAIT, apply_edits, run, session
from lsprotocol import types
from pygls.exceptions import JsonRpcException

ARTICLE = "_posts/2020-08-14-clearview.md"
# Line 4 has an emoji before the problem: 🚀 is one code point but two UTF-16 units.
BROKEN = textwrap.dedent("""\
    ---
    category: news
    title: "Clearview AI landed a new contract with ICE"
    excerpt: "🚀 Clearview wasnt alone in this"
    publishedDateTime: 2020-08-14T22:48:00
    webUrl: "https://techcrunch.com/2020/08/14/clearview-ai-ice-hsi-contract-2020/"
    type: article
    quality: 104
    published: "yes"
    provider:
      name: TechCrunch
      domain: techcrunch.com
    ---

    Clearview was already known to work with the branch.
    """)
SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"description": "Headline of the article.", "type": "string"},
        "category": {"description": "Site category of the page.", "enum": ["news", "opinion", "video"]},
        "excerpt": {"description": "Short plain-text summary shown in lists.", "type": "string"},
        "publishedDateTime": {"description": "When the article was published.", "type": "string",
                              "format": "date-time"},
        "webUrl": {"type": "string", "format": "uri"},
        "type": {"type": "string"}, "quality": {"type": "integer"},
        "published": {"description": "Whether the page is published.", "type": "boolean"},
        "provider": {"description": "Publisher of the article.", "type": "object",
                     "properties": {"name": {"description": "Display name of the publisher.", "type": "string"},
                                    "domain": {"description": "Web domain of the publisher.", "type": "string"}}},
    },
}


def site(tmp_path: Path, text: str = BROKEN, schema: dict | None = None) -> Path:
    """A site whose `_posts` collection has a schema, with one article."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "post.json").write_text(json.dumps(schema or SCHEMA), "utf-8")
    (tmp_path / ".fmlint.toml").write_text('[[collections]]\ninclude = ["_posts/**"]\nschema = "schemas/post.json"\n')
    (tmp_path / "_posts").mkdir()
    (tmp_path / ARTICLE).write_text(text, "utf-8")
    return tmp_path


def check_json(folder: Path, relative: str) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "fmlint", "check", "--no-cache", "--format", "json", relative],
                            cwd=folder, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def as_tuples(diagnostics: list[types.Diagnostic]) -> list[tuple]:
    return [(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
            for d in diagnostics]


def test_diagnostics_are_those_of_check_with_utf16_columns(tmp_path):
    folder = site(tmp_path)
    expected = check_json(folder, ARTICLE)

    async def body():
        async with session(folder) as lsp:
            uri = lsp.open(ARTICLE)
            return await lsp.diagnostics(uri)

    found = run(body())
    assert [d.code for d in found] == [e["code"] for e in expected] == ["FM610", "FM205", "FM202"]
    # "wasnt" starts at code point 22 of line 4 (0-based line 3): UTF-16 column 23 after the emoji.
    assert as_tuples(found)[0] == ("FM610", 3, 23, 3, 28)
    assert as_tuples(found)[1:] == [("FM205", 4, 19, 4, 38), ("FM202", 8, 11, 8, 16)]
    for lsp_diagnostic, cli in zip(found, expected):
        assert lsp_diagnostic.message == cli["message"]
        assert lsp_diagnostic.severity == types.DiagnosticSeverity.Error and cli["severity"] == "error"
        assert lsp_diagnostic.source == "fmlint"
        assert lsp_diagnostic.range.start.line == cli["line"] - 1
        assert lsp_diagnostic.code_description is not None and lsp_diagnostic.code_description.href.startswith("http")


def test_the_unsaved_text_is_linted_on_change_and_nothing_is_written(tmp_path):
    clean = BROKEN.replace("wasnt", "wasn’t").replace('"yes"', "true").replace("22:48:00", "22:48:00Z")
    folder = site(tmp_path, clean)

    async def body():
        async with session(folder) as lsp:
            uri = lsp.open(ARTICLE)
            assert await lsp.diagnostics(uri) == []
            seen = lsp.count(uri)
            version = lsp.change(uri, clean.replace("true", '"no"'))
            return await lsp.diagnostics(uri, after=seen, version=version)

    assert [(d.code, d.message) for d in run(body())] == [("FM202", 'published: "no" is not a boolean')]
    assert (folder / ARTICLE).read_text("utf-8") == clean


def test_a_burst_of_changes_is_linted_once_after_the_debounce(tmp_path):
    folder = site(tmp_path)

    async def body():
        async with session(folder, options={"fmlint": {"debounceMs": 300}}) as lsp:
            uri = lsp.open(ARTICLE)
            await lsp.diagnostics(uri)
            seen = lsp.count(uri)
            for count in range(5):
                last = lsp.change(uri, BROKEN.replace("wasnt", "wasnt" + "x" * count))
            await lsp.diagnostics(uri, after=seen, version=last)
            return [params.version for params in lsp.published[uri][seen:]]

    assert run(body()) == [6]  # versions 2-5 were superseded before their lint ran


def test_a_quick_fix_gives_the_fixed_text(tmp_path):
    folder = site(tmp_path)

    async def body():
        async with session(folder) as lsp:
            uri = lsp.open(ARTICLE)
            found = await lsp.diagnostics(uri)
            fm610 = next(d for d in found if d.code == "FM610")
            result = await lsp.client.text_document_code_action_async(types.CodeActionParams(
                types.TextDocumentIdentifier(uri), fm610.range, types.CodeActionContext([fm610])))
            fixes = [a for a in result if a.kind == types.CodeActionKind.QuickFix and a.title.startswith("Fix")]
            assert len(fixes) == 1 and fixes[0].is_preferred and fixes[0].diagnostics[0].code == "FM610"
            fixed = apply_edits(BROKEN, fixes[0].edit.changes[uri])
            seen = lsp.count(uri)
            version = lsp.change(uri, fixed)
            return fixed, await lsp.diagnostics(uri, after=seen, version=version)

    fixed, remaining = run(body())
    assert fixed == BROKEN.replace("wasnt", "wasn’t")
    assert [d.code for d in remaining] == ["FM205", "FM202"]


def test_an_unsafe_fix_is_labelled_and_not_preferred(tmp_path):
    text = BROKEN.replace("quality: 104", 'quality: "1,024"')  # a guess at the number: unsafe
    folder = site(tmp_path, text)

    async def body():
        async with session(folder) as lsp:
            uri = lsp.open(ARTICLE)
            found = await lsp.diagnostics(uri)
            quality = next(d for d in found if d.range.start.line == 7)
            return await lsp.client.text_document_code_action_async(types.CodeActionParams(
                types.TextDocumentIdentifier(uri), quality.range, types.CodeActionContext([quality]))), text, uri

    actions, text, uri = run(body())
    unsafe = [a for a in actions if "unsafe" in a.title]
    assert unsafe and not any(a.is_preferred for a in unsafe)
    assert unsafe[0].title.startswith("Fix FM202 (unsafe")
    assert apply_edits(text, unsafe[0].edit.changes[uri]).splitlines()[7] == "quality: 1024"


def test_fix_all_gives_what_fmlint_fix_writes(tmp_path):
    folder = site(tmp_path)
    shutil.copy(folder / ARTICLE, folder / "_posts" / "copy.md")
    fixing = subprocess.run([sys.executable, "-m", "fmlint", "fix", "_posts/copy.md"], cwd=folder,
                            capture_output=True, text=True)
    assert fixing.returncode == 1, fixing.stderr  # fixed what it could; errors remain

    async def body():
        async with session(folder) as lsp:
            uri = lsp.open(ARTICLE)
            await lsp.diagnostics(uri)
            whole = types.Range(types.Position(0, 0), types.Position(0, 0))
            result = await lsp.client.text_document_code_action_async(types.CodeActionParams(
                types.TextDocumentIdentifier(uri), whole, types.CodeActionContext([], only=["source.fixAll"])))
            return result, uri

    result, uri = run(body())
    assert [a.kind for a in result] == ["source.fixAll.fmlint"]
    fixed = apply_edits(BROKEN, result[0].edit.changes[uri])
    assert fixed == (folder / "_posts" / "copy.md").read_text("utf-8") != BROKEN


def test_disable_on_this_line_adds_a_suppression_that_silences_it(tmp_path):
    folder = site(tmp_path)

    async def body():
        async with session(folder) as lsp:
            uri = lsp.open(ARTICLE)
            found = await lsp.diagnostics(uri)
            fm202 = next(d for d in found if d.code == "FM202")
            result = await lsp.client.text_document_code_action_async(types.CodeActionParams(
                types.TextDocumentIdentifier(uri), fm202.range, types.CodeActionContext([fm202])))
            disable = next(a for a in result if a.title == "Disable FM202 on this line")
            fixed = apply_edits(BROKEN, disable.edit.changes[uri])
            seen = lsp.count(uri)
            version = lsp.change(uri, fixed)
            return fixed, await lsp.diagnostics(uri, after=seen, version=version)

    fixed, remaining = run(body())
    assert fixed.splitlines()[8] == 'published: "yes"  # fmlint: disable=FM202'
    assert [d.code for d in remaining] == ["FM610", "FM205"]  # no FM202, and no FM008 (it is used)


def test_no_suppression_is_offered_where_the_comment_would_change_a_value(tmp_path):
    text = BROKEN.replace('excerpt: "🚀 Clearview wasnt alone in this"', "excerpt: |\n  Clearview wasnt alone")
    folder = site(tmp_path, text)

    async def body():
        async with session(folder) as lsp:
            uri = lsp.open(ARTICLE)
            found = await lsp.diagnostics(uri)
            fm610 = next(d for d in found if d.code == "FM610")
            return await lsp.client.text_document_code_action_async(types.CodeActionParams(
                types.TextDocumentIdentifier(uri), fm610.range, types.CodeActionContext([fm610])))

    titles = [a.title for a in run(body())]
    assert any(t.startswith("Fix FM610") for t in titles) and "Disable FM610 on this line" not in titles


def completion_at(folder: Path, text: str, line: int, character: int) -> list[types.CompletionItem]:
    async def body():
        async with session(folder) as lsp:
            uri = lsp.open(ARTICLE, text)
            result = await lsp.client.text_document_completion_async(types.CompletionParams(
                types.TextDocumentIdentifier(uri), types.Position(line, character)))
            return list(result.items)

    return run(body())


def test_completion_offers_the_keys_the_schema_allows_there(tmp_path):
    text = "---\ntitle: Clearview\npub\n---\n"
    items = {item.label: item for item in completion_at(site(tmp_path), text, 2, 3)}
    assert "title" not in items  # already there
    assert {"published", "publishedDateTime", "provider", "category", "excerpt"} <= set(items)
    assert items["published"].documentation.value == "Whether the page is published."
    assert items["published"].detail == "boolean" and items["published"].insert_text == "published: "
    assert items["publishedDateTime"].detail == "string (date-time)"


def test_completion_of_nested_keys_enum_values_and_booleans(tmp_path):
    folder = site(tmp_path)
    nested = completion_at(folder, "---\nprovider:\n  name: TechCrunch\n  do\n---\n", 3, 4)
    assert [item.label for item in nested] == ["domain"]
    assert nested[0].documentation.value == "Web domain of the publisher."
    assert [i.label for i in completion_at(folder, "---\ncategory: \n---\n", 1, 10)] == ["news", "opinion", "video"]
    assert [i.label for i in completion_at(folder, "---\npublished: \n---\n", 1, 11)] == ["true", "false"]
    assert completion_at(folder, "---\ntitle: x\n---\n\npub", 4, 3) == []  # the body is not front matter


def test_hover_shows_the_schema_on_a_key_and_the_rule_on_a_diagnostic(tmp_path):
    folder = site(tmp_path)

    async def body():
        async with session(folder) as lsp:
            uri = lsp.open(ARTICLE)
            await lsp.diagnostics(uri)
            on_key = await lsp.client.text_document_hover_async(types.HoverParams(
                types.TextDocumentIdentifier(uri), types.Position(10, 4)))  # "name" under provider
            on_problem = await lsp.client.text_document_hover_async(types.HoverParams(
                types.TextDocumentIdentifier(uri), types.Position(8, 13)))  # inside "yes"
            return on_key.contents.value, on_problem.contents.value

    on_key, on_problem = run(body())
    assert on_key == "**name**: `string`\n\nDisplay name of the publisher."
    assert on_problem.startswith('**FM202 wrong-type**: published: "yes" is not a boolean')
    assert "What:" in on_problem and "Fix" in on_problem  # the rule's doc, as `fmlint rule FM202` prints it


def test_a_changed_config_or_schema_or_setting_relints_open_documents(tmp_path):
    folder = site(tmp_path)

    async def body():
        async with session(folder) as lsp:
            uri = lsp.open(ARTICLE)
            assert [d.code for d in await lsp.diagnostics(uri)] == ["FM610", "FM205", "FM202"]
            seen = lsp.count(uri)
            (folder / ".fmlint.toml").write_text('ignore = ["FM610"]\n[[collections]]\ninclude = ["_posts/**"]\n'
                                                 'schema = "schemas/post.json"\n')
            lsp.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([types.FileEvent(
                lsp.uri(".fmlint.toml"), types.FileChangeType.Changed)]))
            after_config = await lsp.diagnostics(uri, after=seen)
            seen = lsp.count(uri)
            loose = dict(SCHEMA, properties=dict(SCHEMA["properties"], published={"type": "string"}))
            (folder / "schemas" / "post.json").write_text(json.dumps(loose), "utf-8")
            lsp.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([types.FileEvent(
                lsp.uri("schemas/post.json"), types.FileChangeType.Changed)]))
            after_schema = await lsp.diagnostics(uri, after=seen)
            seen = lsp.count(uri)
            lsp.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
                {"fmlint": {"select": ["FM6"]}}))
            after_setting = await lsp.diagnostics(uri, after=seen)
            return after_config, after_schema, after_setting

    after_config, after_schema, after_setting = run(body())
    assert [d.code for d in after_config] == ["FM205", "FM202"]
    assert [d.code for d in after_schema] == ["FM205"]
    # --select FM6 replaces the config's select, the config's ignore still applies (as on the CLI)
    assert [d.code for d in after_setting] == []


def test_a_bad_setting_is_shown_and_the_old_settings_stay(tmp_path):
    folder = site(tmp_path)

    async def body():
        async with session(folder) as lsp:
            uri = lsp.open(ARTICLE)
            await lsp.diagnostics(uri)
            seen = lsp.count(uri)
            lsp.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
                {"fmlint": {"select": ["FM2O1"]}}))
            return lsp, await lsp.diagnostics(uri, after=seen)

    lsp, found = run(body())
    assert any('unknown rule code "FM2O1" (did you mean FM201?)' in line for line in lsp.logs)
    assert [d.code for d in found] == ["FM610", "FM205", "FM202"]


def test_a_broken_config_is_a_diagnostic_naming_the_file(tmp_path):
    folder = site(tmp_path)
    (folder / ".fmlint.toml").write_text("selct = [\"FM\"]\n")

    async def body():
        async with session(folder) as lsp:
            return await lsp.diagnostics(lsp.open(ARTICLE))

    found = run(body())
    assert len(found) == 1 and ".fmlint.toml" in found[0].message and "selct" in found[0].message
    assert found[0].range.start == types.Position(0, 0)


def test_other_documents_are_not_linted(tmp_path):
    folder = site(tmp_path)
    (folder / "notes.txt").write_text(BROKEN, "utf-8")

    async def body():
        async with session(folder) as lsp:
            text_uri = lsp.open("notes.txt")
            await lsp.diagnostics(lsp.open(ARTICLE))  # handled in order: the .txt came first
            return lsp.count(text_uri)

    assert run(body()) == 0


CRASHING_HOVER = ("import fmlint.server.schema_help as help\n"
                  "def broken(*args):\n    raise RuntimeError('planted fault')\n"
                  "help.key_hover = broken\n"
                  "from fmlint.server.features import serve\nserve()\n")


def test_a_crash_in_one_request_is_answered_and_logged_and_the_server_goes_on(tmp_path):
    folder = site(tmp_path)

    async def body():
        async with session(folder, code=CRASHING_HOVER) as lsp:
            uri = lsp.open(ARTICLE)
            await lsp.diagnostics(uri)
            with pytest.raises(JsonRpcException, match="planted fault"):
                await lsp.client.text_document_hover_async(types.HoverParams(
                    types.TextDocumentIdentifier(uri), types.Position(1, 2)))
            completion = await lsp.client.text_document_completion_async(types.CompletionParams(
                types.TextDocumentIdentifier(uri), types.Position(1, 2)))
            return lsp, completion

    lsp, completion = run(body())
    assert any("hover failed" in line and "planted fault" in line for line in lsp.logs)
    assert completion is not None and lsp.returncode == 0


CRASHING_LINT = ("import fmlint.server.app as app\n"
                 "def broken(*args):\n    raise RuntimeError('planted lint fault')\n"
                 "app.lint_text = broken\n"
                 "from fmlint.server.features import serve\nserve()\n")


def test_a_crash_while_linting_a_document_is_logged_and_the_server_goes_on(tmp_path):
    folder = site(tmp_path)

    async def body():
        async with session(folder, code=CRASHING_LINT) as lsp:
            uri = lsp.open(ARTICLE)
            deadline = asyncio.get_running_loop().time() + WAIT
            while not lsp.logs and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.01)
            with pytest.raises(JsonRpcException, match="planted lint fault"):  # requests lint too: an error
                await lsp.client.text_document_hover_async(types.HoverParams(
                    types.TextDocumentIdentifier(uri), types.Position(1, 2)))
            return lsp

    lsp = run(body())
    assert any("linting" in line and "planted lint fault" in line for line in lsp.logs)
    assert lsp.count(lsp.uri(ARTICLE)) == 0 and lsp.returncode == 0


def test_the_session_shuts_down_cleanly(tmp_path):
    async def body():
        async with session(site(tmp_path)) as lsp:
            await lsp.diagnostics(lsp.open(ARTICLE))
            return lsp

    assert run(body()).returncode == 0


def test_server_without_the_extra_says_how_to_install_it(tmp_path):
    code = "import sys; sys.modules['pygls'] = None; sys.argv = ['fmlint', 'server']; from fmlint.cli import run; run()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=WAIT)
    assert result.returncode == 2
    assert "pip install 'fmlint[server]'" in result.stderr and "Traceback" not in result.stderr


def test_check_never_imports_the_server(tmp_path):
    folder = site(tmp_path)
    code = ("import sys; from fmlint.cli import main\n"
            "try:\n    main(['check', '--no-cache', '_posts'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('pygls', 'lsprotocol', 'fmlint.server'))))")
    result = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=WAIT)
    assert "FM610" in result.stdout and result.stdout.strip().endswith("[]")


def test_the_server_asks_a_client_that_can_watch_files_to_watch_configs_and_schemas(tmp_path):
    watching = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)))

    async def body():
        async with session(site(tmp_path), capabilities=watching) as lsp:
            await lsp.diagnostics(lsp.open(ARTICLE))  # by now the registration request has come
            return lsp.registrations

    registrations = run(body())
    assert [r.method for r in registrations] == ["workspace/didChangeWatchedFiles"]
    options = registrations[0].register_options  # the client keeps it as JSON: its type depends on the method
    globs = [watcher["globPattern"] for watcher in options["watchers"]]
    assert globs == ["**/.fmlint.toml", "**/pyproject.toml", "**/*.json"]


def test_save_lints_at_once_and_close_clears_the_diagnostics(tmp_path):
    folder = site(tmp_path)

    async def body():
        async with session(folder, options={"fmlint": {"debounceMs": 60000}}) as lsp:
            uri = lsp.open(ARTICLE)
            await lsp.diagnostics(uri)
            seen = lsp.count(uri)
            version = lsp.change(uri, BROKEN.replace('"yes"', "true"))  # not linted for a minute...
            lsp.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
            saved = await lsp.diagnostics(uri, after=seen, version=version)  # ...but saving lints it now
            seen = lsp.count(uri)
            lsp.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
            return saved, await lsp.diagnostics(uri, after=seen)

    saved, closed = run(body())
    assert [d.code for d in saved] == ["FM610", "FM205"] and closed == []


def test_positions_count_utf16_units_and_every_line_break():
    from fmlint.server.positions import Lines

    lines = Lines("a🚀b\r\nc\rd\n😀😀x")
    assert lines.position(2) == (0, 3) and lines.offset(0, 3) == 2  # after the rocket: 3 UTF-16 units
    assert lines.position(5) == (1, 0) and lines.position(7) == (2, 0) and lines.line_text(0) == "a🚀b"
    assert lines.position(11) == (3, 4) and lines.offset(3, 4) == 11 and lines.offset(3, 99) == 12
    assert Lines("é😀", units=lambda text: len(text.encode("utf-8"))).position(2) == (0, 6)


def test_the_cursors_pointer_follows_indentation_and_list_items():
    from fmlint.server.yaml_place import Place

    place = Place(["title: x", "images:", "  - url: a", "    width: 5", "  - url: b", "    wi",
                   "related:", "  - provider:", "      name: T", "      do"])
    assert place.pointer_at(5, 4) == "/images/1" and place.sibling_keys(5, 4) == {"url"}
    assert place.pointer_at(9, 6) == "/related/0/provider" and place.sibling_keys(9, 6) == {"name"}
    assert place.pointer_at(6, 0) == "" and place.sibling_keys(6, 0) == {"title", "images"}
