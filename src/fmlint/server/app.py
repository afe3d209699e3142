"""The language server: pygls over stdio, wired to ``linting``, ``actions`` and ``schema_help``.

Diagnostics are published on open and save at once, and on change after a short quiet
time (``debounceMs``, default 20 ms: a burst of keystrokes is linted once, and a 2 KB
article still gets its diagnostics well within 50 ms, ``bench/server_latency.py``).
Settings are the CLI's: the planner finds each document's config as ``fmlint check``
does; the client's ``fmlint`` settings are the CLI's flags (``config``, ``select``,
``ignore``, ``extendSelect``). A changed setting, config or schema re-lints every open
document. No handler's failure stops the server: it is logged (stderr and the client's
log) and a request is answered with an error.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from fmlint.model.version import __version__
from fmlint.running.config import CONFIG_FILES, ConfigError
from fmlint.running.planner import Planner, RunOptions, UsageError
from fmlint.schema import loading
from fmlint.server.linting import RULE_DOCS_URL, Linted, is_markdown, lint_text, lsp_diagnostics

logger = logging.getLogger("fmlint.server")
DEBOUNCE_MS = 20
WATCHED = [f"**/{name}" for name in CONFIG_FILES] + ["**/*.json"]  # configs, and schemas (JSON files)


class FmlintServer(LanguageServer):
    """The server's state: the planner for the current settings and the last lint of each document."""

    def __init__(self) -> None:
        super().__init__("fmlint", __version__)
        self.options = RunOptions()
        self.planner = Planner(self.options)
        self.debounce = DEBOUNCE_MS / 1000
        self.docs_url = RULE_DOCS_URL
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}

    def report_failure(self, where: str, error: BaseException) -> None:
        """Log a handler's failure to stderr and to the client; the server keeps serving."""
        logger.error("fmlint server: %s failed", where, exc_info=error)
        try:
            self.window_log_message(types.LogMessageParams(types.MessageType.Error,
                                                           f"fmlint: {where} failed: {type(error).__name__}: {error}"))
        except Exception:  # noqa: BLE001 - the client is gone; stderr has it
            logger.debug("could not send the failure to the client", exc_info=True)

    def apply_settings(self, settings: Any) -> None:
        """Take the client's ``fmlint`` settings (the CLI's flags); a bad value is shown, the old kept."""
        values = settings.get("fmlint", settings) if isinstance(settings, dict) else None
        if not isinstance(values, dict):
            return
        try:
            options = RunOptions(select=_codes(values.get("select")), ignore=_codes(values.get("ignore")),
                                 config_file=values.get("config") or None,
                                 extend_select=_codes(values.get("extendSelect")) or ())
            planner = Planner(options)
        except (UsageError, ConfigError, OSError, TypeError) as error:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"fmlint settings: {error}"))
            return
        self.options, self.planner = options, planner
        if isinstance(values.get("debounceMs"), (int, float)) and values["debounceMs"] >= 0:
            self.debounce = values["debounceMs"] / 1000
        if isinstance(values.get("ruleDocsUrl"), str):
            self.docs_url = values["ruleDocsUrl"]

    def path_of(self, uri: str) -> str:
        """The file a document stands for (an untitled one: its name in the workspace folder)."""
        path = to_fs_path(uri)
        if path and uri.startswith("file:"):
            return path
        root = self.workspace.root_path or os.getcwd()
        return os.path.join(root, uri.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1] or "untitled.md")

    def lint(self, uri: str) -> Linted | None:
        """Lint the document's current text (reusing the last result for the same text)."""
        document = self.workspace.get_text_document(uri)
        path = self.path_of(uri)
        if not is_markdown(path, document.language_id):
            return None
        text = document.source
        known = self.linted.get(uri)
        if known is not None and known.text == text:
            return known
        linted = lint_text(text, path, self.planner, self.workspace.position_codec.client_num_units)
        self.linted[uri] = linted
        return linted

    def publish(self, uri: str) -> None:
        self.pending.pop(uri, None)
        try:
            linted = self.lint(uri)
            if linted is None:
                return
            version = self.workspace.get_text_document(uri).version
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri, lsp_diagnostics(linted, self.docs_url), version))
        except Exception as error:  # noqa: BLE001 - one document's failure must not stop the server
            self.report_failure(f"linting {uri}", error)

    def schedule(self, uri: str) -> None:
        """Publish after ``debounce`` seconds without another change to the document."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.pending[uri] = asyncio.get_running_loop().call_later(self.debounce, self.publish, uri)

    def relint_all(self) -> None:
        """Settings, a config or a schema changed: forget what was read and lint every open document."""
        loading.load.cache_clear()
        try:
            self.planner = Planner(self.options)
        except (UsageError, ConfigError) as error:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"fmlint: {error}"))
        self.linted.clear()
        for uri in list(self.workspace.text_documents):
            self.publish(uri)


def _codes(value: Any) -> tuple[str, ...] | None:
    """A list of codes, or a comma-separated string of them, as ``--select`` takes."""
    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
        raise TypeError(f"expected rule codes, got {value!r}")
    return tuple(part.strip() for part in parts if part.strip())


def guarded(answers: bool):
    """A handler whose failure is logged; a request (``answers``) is then answered with an error."""
    def decorate(handler):
        @functools.wraps(handler)
        def run(ls: FmlintServer, params: Any) -> Any:
            try:
                return handler(ls, params)
            except Exception as error:
                ls.report_failure(handler.__name__.replace("_", " "), error)
                if answers:
                    raise  # pygls answers the request with an InternalError; the server goes on
                return None
        return run
    return decorate


server = FmlintServer()
