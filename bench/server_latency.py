"""How long `fmlint server` takes to publish diagnostics after a change (issue 13).

Starts the real server over stdio with pygls's client (as tests/test_server.py does),
opens a 2 KB article cut from shared/seeds/article-front-matter.md in a folder whose
config gives it the built-in `article` schema, then sends CHANGES edits one at a time
and times each from sending `didChange` to receiving `publishDiagnostics` for that
version. The debounce (20 ms by default) is inside the number: it is what a writer
waits for. The first lint (imports, schema compilation) is timed apart. The target is
50 ms for every change after the first.

    .venv/bin/python bench/server_latency.py [--changes 200] [--debounce-ms 20] [--output FILE]

Needs the server extra (`pip install -e '.[server]'`). Writes bench/results-server-latency.md.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
SEED = HERE.parent.parent / "shared" / "seeds" / "article-front-matter.md"
TARGET_BYTES = 2048
TARGET_MS = 50.0


def two_kb_article(seed: Path = SEED) -> str:
    """The seed's front matter cut at the last top-level key or list item that keeps it under
    2 KB, closed, and a body padding the article to exactly ``TARGET_BYTES``."""
    lines = seed.read_text("utf-8").splitlines(keepends=True)
    body = "---\n\nClearview was already known to work with the branch of Homeland Security.\n"
    kept, cut = [lines[0]], 1
    for line in lines[1:]:
        if line.startswith("---") or len("".join(kept).encode()) + len(line.encode()) + len(body) > TARGET_BYTES:
            break
        kept.append(line)
        if line[:1] not in (" ", "-", "\n") or line.startswith("  - "):
            cut = len(kept) - 1  # the text before this line is whole YAML
    text = "".join(kept[:cut]) + body
    return text + "x" * (TARGET_BYTES - len(text.encode()) - 1) + "\n"


async def measure(changes: int, debounce_ms: float) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="fmlint-lsp-bench-"))
    (folder / ".fmlint.toml").write_text('schema = "article"\n', "utf-8")
    (folder / "_posts").mkdir()
    path = folder / "_posts" / "2020-08-14-clearview.md"
    text = two_kb_article()
    path.write_text(text, "utf-8")
    arrived: dict[int, float] = {}
    client = LanguageClient("fmlint-bench", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        arrived.setdefault(params.version, time.perf_counter())

    await client.start_io(sys.executable, "-m", "fmlint", "server", cwd=str(folder))
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                         root_uri=folder.as_uri(),
                                                         initialization_options={"debounceMs": debounce_ms}))
    client.initialized(types.InitializedParams())
    uri = path.as_uri()
    start = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text)))
    first = await _arrival(arrived, 1) - start
    latencies = []
    for version in range(2, changes + 2):
        # alternate a clean title and one with a missing apostrophe (FM610), so results change
        edited = text.replace("title: \"", f"title: \"{'Its ' if version % 2 else 'It’s '}{version} ", 1)
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version, uri), [types.TextDocumentContentChangeWholeDocument(edited)]))
        latencies.append((await _arrival(arrived, version) - sent) * 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {"bytes": len(text.encode()), "first_ms": first * 1000, "latencies": latencies}


async def _arrival(arrived: dict[int, float], version: int, timeout: float = 30.0) -> float:
    deadline = time.perf_counter() + timeout
    while version not in arrived:
        if time.perf_counter() > deadline:
            raise SystemExit(f"no diagnostics for version {version} within {timeout}s")
        await asyncio.sleep(0.0005)
    return arrived[version]


def report(result: dict, debounce_ms: float) -> str:
    ordered = sorted(result["latencies"])
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    verdict = "met" if ordered[-1] <= TARGET_MS else "MISSED"
    return "\n".join([
        "# fmlint server: diagnostics latency",
        "",
        f"A {result['bytes']:,}-byte article (cut from shared/seeds/article-front-matter.md, built-in "
        f"`article` schema, every rule), {len(ordered)} changes, debounce {debounce_ms:g} ms included; "
        f"Python {sys.version.split()[0]}, `python bench/server_latency.py`.",
        "",
        "| | ms |",
        "|---|---:|",
        f"| first diagnostics after didOpen (imports, schema compiled) | {result['first_ms']:.1f} |",
        f"| after a change: median | {statistics.median(ordered):.1f} |",
        f"| after a change: 90th percentile | {p90:.1f} |",
        f"| after a change: slowest | {ordered[-1]:.1f} |",
        f"| after a change: median less the debounce (the lint and the round trip) | "
        f"{statistics.median(ordered) - debounce_ms:.1f} |",
        "",
        f"Target: every change after the first within {TARGET_MS:g} ms: **{verdict}**.",
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--debounce-ms", type=float, default=20.0)
    parser.add_argument("--output", type=Path, default=HERE / "results-server-latency.md")
    args = parser.parse_args()
    text = report(asyncio.run(measure(args.changes, args.debounce_ms)), args.debounce_ms)
    args.output.write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
