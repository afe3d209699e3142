"""A real LSP client (pygls's) driving ``fmlint server`` over stdio, for tests/test_server.py.

``session(folder)`` starts the server as an editor would (``python -m fmlint server``,
or ``python -c CODE`` to plant a fault), initializes it, and collects what it publishes.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

WAIT = 20.0  # seconds; generous for a loaded CI machine, a failure is then a real one


class Session:
    """One running server, the client talking to it, and what the server sent so far."""

    def __init__(self, client: LanguageClient, folder: Path):
        self.client = client
        self.folder = folder
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.logs: list[str] = []
        self.versions: dict[str, int] = {}

    def uri(self, relative: str) -> str:
        return (self.folder / relative).resolve().as_uri()

    def open(self, relative: str, text: str | None = None) -> str:
        uri = self.uri(relative)
        text = (self.folder / relative).read_text("utf-8") if text is None else text
        self.versions[uri] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "markdown", 1, text)))
        return uri

    def change(self, uri: str, text: str) -> int:
        """Replace the whole text (as a full-sync edit); returns the new version."""
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(self.versions[uri], uri),
            [types.TextDocumentContentChangeWholeDocument(text)]))
        return self.versions[uri]

    async def diagnostics(self, uri: str, after: int = 0, version: int | None = None) -> list[types.Diagnostic]:
        """The first diagnostics published for ``uri`` after the ``after``-th (for ``version``, if given)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for params in self.published.get(uri, [])[after:]:
                if version is None or params.version == version:
                    return list(params.diagnostics)
            await asyncio.sleep(0.005)
        raise AssertionError(f"no diagnostics for {uri} (version {version}) within {WAIT}s; logs: {self.logs}")

    def count(self, uri: str) -> int:
        return len(self.published.get(uri, []))


@contextlib.asynccontextmanager
async def session(folder: Path, code: str | None = None, options: dict | None = None,
                  capabilities: types.ClientCapabilities | None = None):
    """A server started in ``folder`` and initialized; shut down cleanly (exit code 0) at the end."""
    client = LanguageClient("fmlint-tests", "1")
    state = Session(client, folder)
    state.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams) -> None:
        state.registrations.extend(params.registrations)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        state.published.setdefault(params.uri, []).append(params)

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        state.logs.append(params.message)

    @client.feature(types.WINDOW_SHOW_MESSAGE)
    def on_show(params: types.ShowMessageParams) -> None:
        state.logs.append(params.message)

    arguments = ["-c", code] if code else ["-m", "fmlint", "server"]
    await client.start_io(sys.executable, *arguments, cwd=str(folder))
    result = await asyncio.wait_for(client.initialize_async(types.InitializeParams(
        capabilities=capabilities or types.ClientCapabilities(), root_uri=folder.resolve().as_uri(),
        initialization_options=options)), WAIT)
    client.initialized(types.InitializedParams())
    state.capabilities = result.capabilities
    try:
        yield state
    finally:
        await asyncio.wait_for(client.shutdown_async(None), WAIT)
        client.exit(None)
        await asyncio.wait_for(client.stop(), WAIT)
    state.returncode = client._server.returncode


def run(coroutine):
    """Run one test's conversation with the server; its result."""
    return asyncio.run(coroutine)


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """What an editor does with a workspace edit: UTF-16 positions, applied last to first."""
    lines = text.splitlines(keepends=True)

    def index(position: types.Position) -> int:
        start = sum(len(line) for line in lines[:position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = line.encode("utf-16-le")[: 2 * position.character]
        return start + len(units.decode("utf-16-le"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:index(edit.range.start)] + edit.new_text + text[index(edit.range.end):]
    return text
