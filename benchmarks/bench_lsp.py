"""Language server latency: from a didChange to the publishDiagnostics for that version.

    python benchmarks/bench_lsp.py [EDITS]   (default 50)

Starts `kerascount-lint lsp` over stdio with a real pygls client, opens a generated 300-line
model file (several models built with .add() and lists, helper functions, constants) and makes
EDITS single-character edits, one at a time, each changing a layer's units (so every edit
changes the diagnostics' input). For each it times didChange -> publishDiagnostics carrying
that version, and prints the median and spread, with and without the server's debounce.
"""
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as T
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

DEBOUNCE_MS = 150  # the server's default; passed explicitly so the figure says what it measured


def model_file(lines: int = 300) -> str:
    out = ["import keras", "from keras import layers", "", "NUM_CLASSES = 10", "IMG = (28, 28, 1)", ""]
    k = 0
    while len(out) < lines - 12:
        out += [f"def build_{k}(units=64):", f'    """Model {k}."""', "    model = keras.Sequential()",
                "    model.add(keras.Input(shape=IMG))"]
        for f in (8, 16, 32):
            out.append(f"    model.add(layers.Conv2D({f}, 3, activation='relu', padding='same'))")
            out.append("    model.add(layers.MaxPooling2D(2))")
        out += ["    model.add(layers.Flatten())", "    model.add(layers.Dense(units, activation='relu'))",
                "    model.add(layers.Dropout(0.25))",
                "    model.add(layers.Dense(NUM_CLASSES, activation='softmax'))",
                "    model.compile(optimizer='adam', loss='categorical_crossentropy')", "    return model", ""]
        k += 1
    out += ["mlp = keras.Sequential([", "    keras.Input(shape=(784,)),", "    layers.Dense(128, activation='relu'),",
            "    layers.Dense(64, activation='relu'),", "    layers.Dense(NUM_CLASSES, activation='softmax'),", "])"]
    while len(out) < lines:
        out.append(f"# padding line {len(out)}")
    return "\n".join(out) + "\n"


async def main(n_edits: int) -> None:
    text = model_file()
    folder = Path(tempfile.mkdtemp(prefix="kc-bench-lsp-"))
    path = folder / "models.py"
    path.write_text(text)
    uri = from_fs_path(str(path))
    arrived: dict = {}

    client = LanguageClient("bench", "1")

    @client.feature(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: T.PublishDiagnosticsParams):
        arrived.setdefault(params.version, time.perf_counter())

    await client.start_io(sys.executable, "-m", "kerascount_lint", "lsp")
    await client.initialize_async(T.InitializeParams(
        capabilities=T.ClientCapabilities(), root_uri=from_fs_path(str(folder)),
        initialization_options={"debounceMs": DEBOUNCE_MS}))
    client.initialized(T.InitializedParams())
    client.text_document_did_open(T.DidOpenTextDocumentParams(
        T.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
    while 1 not in arrived:
        await asyncio.sleep(0.005)

    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if "layers.Dense(128" in line)
    col = lines[row].index("128")
    times = []
    for version in range(2, n_edits + 2):
        digit = str(version % 10)  # Dense(128) -> Dense(228), Dense(328), ...
        start = time.perf_counter()
        client.text_document_did_change(T.DidChangeTextDocumentParams(
            T.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [T.TextDocumentContentChangePartial(range=T.Range(T.Position(row, col), T.Position(row, col + 1)),
                                                text=digit)]))
        while version not in arrived:
            await asyncio.sleep(0.001)
        times.append((arrived[version] - start) * 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()

    median = statistics.median(times)
    print(f"{len(lines)}-line file, {n_edits} edits, debounce {DEBOUNCE_MS} ms")
    print(f"didChange -> publishDiagnostics: median {median:.1f} ms, min {min(times):.1f}, "
          f"p90 {sorted(times)[int(0.9 * len(times)) - 1]:.1f}, max {max(times):.1f}")
    print(f"after the debounce: median {median - DEBOUNCE_MS:.1f} ms   (target < 100 ms)")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
