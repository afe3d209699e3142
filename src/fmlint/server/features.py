"""The LSP features ``fmlint server`` answers, registered on ``app.server``.

Each handler is ``guarded``: whatever it raises is logged and answered as an error,
and the next request is served as usual.
"""

from __future__ import annotations

from lsprotocol import types

from fmlint.rules import catalog
from fmlint.running.config import CONFIG_FILES
from fmlint.server import actions, schema_help
from fmlint.server.app import WATCHED, FmlintServer, guarded, server
from fmlint.server.linting import diagnostic_range


@server.feature(types.INITIALIZE)
@guarded(answers=True)
def initialize(ls: FmlintServer, params: types.InitializeParams) -> None:
    ls.apply_settings(params.initialization_options or {})


@server.feature(types.INITIALIZED)
@guarded(answers=False)
def initialized(ls: FmlintServer, params: types.InitializedParams) -> None:
    """Ask the client to tell us about changed configs and schemas, when it can watch files."""
    watch = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if watch and watch.dynamic_registration:
        options = types.DidChangeWatchedFilesRegistrationOptions([types.FileSystemWatcher(glob) for glob in WATCHED])
        ls.client_register_capability(types.RegistrationParams([types.Registration(
            "fmlint-watch", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)]))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded(answers=False)
def did_open(ls: FmlintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded(answers=False)
def did_change(ls: FmlintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
@guarded(answers=False)
def did_save(ls: FmlintServer, params: types.DidSaveTextDocumentParams) -> None:
    """A saved document is linted at once; a saved config or schema re-lints every document."""
    uri = params.text_document.uri
    if uri.rsplit("/", 1)[-1] in CONFIG_FILES or uri.endswith(".json"):
        ls.relint_all()
    else:
        ls.publish(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded(answers=False)
def did_close(ls: FmlintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.linted.pop(uri, None)
    waiting = ls.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
@guarded(answers=False)
def did_change_configuration(ls: FmlintServer, params: types.DidChangeConfigurationParams) -> None:
    ls.apply_settings(params.settings or {})
    ls.relint_all()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded(answers=False)
def did_change_watched_files(ls: FmlintServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.relint_all()


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND]))
@guarded(answers=True)
def code_action(ls: FmlintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    linted = ls.lint(params.text_document.uri)
    if linted is None:
        return None
    return actions.code_actions(linted, params.text_document.uri, params.range, params.context.only, ls.docs_url)


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", ":", "-"]))
@guarded(answers=True)
def completion(ls: FmlintServer, params: types.CompletionParams) -> types.CompletionList | None:
    linted = ls.lint(params.text_document.uri)
    if linted is None:
        return None
    offset = linted.lines.offset(params.position.line, params.position.character)
    return types.CompletionList(is_incomplete=False,
                                items=schema_help.completions(linted, params.position.line, offset))


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded(answers=True)
def hover(ls: FmlintServer, params: types.HoverParams) -> types.Hover | None:
    """The schema's word on the key under the cursor, and the doc of each rule reported there."""
    linted = ls.lint(params.text_document.uri)
    if linted is None:
        return None
    position = params.position
    offset = linted.lines.offset(position.line, position.character)
    parts = [schema_help.key_hover(linted, position.line, offset) or ""]
    for diagnostic in linted.diagnostics:
        found = diagnostic_range(linted, diagnostic)
        if (found.start.line, found.start.character) <= (position.line, position.character) <= (
                found.end.line, found.end.character):
            rule = catalog.get(diagnostic.code)
            parts.append(f"**{diagnostic.code} {diagnostic.name}**: {diagnostic.message}\n\n{rule.doc if rule else ''}")
    text = "\n\n---\n\n".join(part for part in parts if part)
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text)) if text else None


def serve() -> None:
    """Serve over stdio until the client says exit."""
    import logging
    import sys

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(name)s: %(levelname)s: %(message)s")
    server.start_io()
