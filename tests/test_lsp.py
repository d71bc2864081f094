"""End to end: a real LSP client (pytest-lsp) starts `kerascount-lint lsp` over stdio."""
import asyncio
import pathlib
import sys

import pytest
import pytest_lsp
from lsprotocol import types as T
from pygls.exceptions import JsonRpcException
from pygls.uris import from_fs_path, to_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import SAMPLES

SERVER = [sys.executable, "-m", "kerascount_lint", "lsp"]
PADDING = "from keras import Sequential\nfrom keras.layers import Dense\n\nmodel = Sequential()\n" \
          "model.add(Dense(10, input_shape=(784,)))\nmodel.add(Dense(3, padding='same'))\n"


async def start(client: LanguageClient, root: pathlib.Path, options=None):
    await client.initialize_session(T.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=from_fs_path(str(root)),
        initialization_options={"debounceMs": 50, **(options or {})}))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path):
    await start(lsp_client, tmp_path)
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def quiet_client(lsp_client: LanguageClient, tmp_path):
    await start(lsp_client, tmp_path, {"inlayHints": False})
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


async def diagnostics_for(client: LanguageClient, uri: str, before=None, timeout: float = 20):
    """The diagnostics published for `uri` after `before` (the list published earlier, if any).
    Polls what the client recorded: several notifications can arrive in one read."""
    async def wait():
        while True:
            current = client.diagnostics.get(uri)
            if current is not None and current is not before:
                return current
            await asyncio.sleep(0.02)
    return await asyncio.wait_for(wait(), timeout)


def open_doc(client: LanguageClient, name: str, text: str, version: int = 1) -> str:
    path = client.root / name
    path.write_text(text, encoding="utf-8")
    uri = from_fs_path(str(path))
    client.text_document_did_open(T.DidOpenTextDocumentParams(
        T.TextDocumentItem(uri=uri, language_id="python", version=version, text=text)))
    return uri


def replace_all(client: LanguageClient, uri: str, text: str, version: int):
    """Send the new text; returns the diagnostics published before, to wait for newer ones."""
    before = client.diagnostics.get(uri)
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        T.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [T.TextDocumentContentChangeWholeDocument(text=text)]))
    return before


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def test_diagnostics_code_range_severity_then_cleared(client: LanguageClient):
    uri = open_doc(client, "model.py", PADDING)
    found = await diagnostics_for(client, uri)
    [d] = [d for d in found if d.code == "KC101"]
    line = PADDING.splitlines()[5]
    start = line.index("padding")
    assert d.range == T.Range(T.Position(5, start), T.Position(5, start + len("padding")))
    assert d.severity == T.DiagnosticSeverity.Error and d.source == "kerascount-lint"
    docs = pathlib.Path(to_fs_path(d.code_description.href)).read_text()
    assert docs.startswith("# KC101 (unknown-argument)")

    before = replace_all(client, uri, PADDING.replace(", padding='same'", ""), 2)
    assert [d for d in await diagnostics_for(client, uri, before) if d.severity == T.DiagnosticSeverity.Error] == []


async def test_utf16_columns_after_non_ascii_text(client: LanguageClient):
    prefix = 'note = "Modèle 😋 学习"; '
    text = PADDING.replace("model.add(Dense(3, padding='same'))", prefix + "model.add(Dense(3, padding='same'))")
    uri = open_doc(client, "unicode.py", text)
    [d] = [d for d in await diagnostics_for(client, uri) if d.code == "KC101"]
    line = text.splitlines()[5]
    start = utf16(line[:line.index("padding")])
    assert start != line.index("padding")  # the emoji takes two UTF-16 units, the accents one each
    assert (d.range.start.character, d.range.end.character) == (start, start + len("padding"))


async def test_hover_on_a_layer_and_on_the_model(client: LanguageClient):
    text = (SAMPLES / "slide1_dense.py").read_text()
    uri = open_doc(client, "slide1.py", text)
    await diagnostics_for(client, uri)
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if "Dense(10" in line)
    hover = await client.text_document_hover_async(T.HoverParams(
        T.TextDocumentIdentifier(uri), T.Position(row, lines[row].index("Dense") + 2)))
    value = hover.contents.value
    assert "**dense** (Dense)" in value and "(None, 784)" in value and "(None, 10)" in value
    assert "params: **7,850**" in value and "784 * 10 + 10 = 7850" in value
    row = next(i for i, line in enumerate(lines) if "Sequential(" in line)
    hover = await client.text_document_hover_async(T.HoverParams(
        T.TextDocumentIdentifier(uri), T.Position(row, lines[row].index("Sequential") + 1)))
    assert "Total params: 7,993" in hover.contents.value
    nothing = await client.text_document_hover_async(T.HoverParams(T.TextDocumentIdentifier(uri), T.Position(0, 0)))
    assert nothing is None


async def test_inlay_hints_one_per_layer_and_the_total(client: LanguageClient):
    text = (SAMPLES / "slide2_cnn.py").read_text()
    uri = open_doc(client, "slide2.py", text)
    await diagnostics_for(client, uri)
    hints = await client.text_document_inlay_hint_async(T.InlayHintParams(
        T.TextDocumentIdentifier(uri), T.Range(T.Position(0, 0), T.Position(len(text.splitlines()), 0))))
    labels = [h.label for h in hints]
    assert len([x for x in labels if "params" in x and "·" in x]) == 4, labels
    assert "(None, 28, 28, 10) · 100 params" in labels
    assert any(label.startswith("model: 24,533 params") for label in labels)
    lines = text.splitlines()
    for h in hints:
        assert h.position.character == utf16(lines[h.position.line])  # at the end of the line


async def test_inlay_hints_can_be_turned_off(quiet_client: LanguageClient):
    uri = open_doc(quiet_client, "slide2.py", (SAMPLES / "slide2_cnn.py").read_text())
    await diagnostics_for(quiet_client, uri)
    hints = await quiet_client.text_document_inlay_hint_async(T.InlayHintParams(
        T.TextDocumentIdentifier(uri), T.Range(T.Position(0, 0), T.Position(20, 0))))
    assert list(hints) == []


def apply(text: str, edits) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(pos):  # ASCII test files: UTF-16 units are characters
        return offsets[pos.line] + pos.character
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:at(edit.range.start)] + edit.new_text + text[at(edit.range.end):]
    return text


async def test_code_actions_fix_and_noqa(client: LanguageClient):
    text = ("from keras import Sequential\nfrom keras.layers import Conv2D\n\nmodel = Sequential()\n"
            "model.add(Conv2D(8, 3, border_mode='same', input_shape=(28, 28, 1)))\n")
    uri = open_doc(client, "legacy.py", text)
    [d] = [d for d in await diagnostics_for(client, uri) if d.code == "KC104"]
    actions = await client.text_document_code_action_async(T.CodeActionParams(
        T.TextDocumentIdentifier(uri), d.range, T.CodeActionContext(diagnostics=[d])))
    by_title = {a.title: a for a in actions}
    fix = next(a for a in actions if a.is_preferred)
    fixed = apply(text, fix.edit.changes[uri])
    assert "padding='same'" in fixed and "border_mode" not in fixed
    noqa = next(a for t, a in by_title.items() if "noqa" in t)
    silenced = apply(text, noqa.edit.changes[uri])
    assert silenced.splitlines()[4].endswith("  # noqa: KC104")

    before = replace_all(client, uri, fixed, 2)
    assert [d for d in await diagnostics_for(client, uri, before) if d.code == "KC104"] == []


async def test_half_typed_and_broken_code_never_kill_the_server(client: LanguageClient):
    uri = open_doc(client, "typing.py", "")
    await diagnostics_for(client, uri)
    final = PADDING
    for version, end in enumerate(range(1, len(final) + 1, 7), start=2):  # typing, quickly
        replace_all(client, uri, final[:end], version)
    found = await diagnostics_for(client, uri, replace_all(client, uri, final, 999))
    while not any(d.code == "KC101" for d in found):  # an earlier version may still be reported first
        found = await diagnostics_for(client, uri, found)
    broken = open_doc(client, "broken.py", "model = Sequential([Dense(3,\n" + "[" * 5000)
    assert [d.code for d in await diagnostics_for(client, broken)] == ["KC001"]
    binaryish = open_doc(client, "nul.py", "Sequential\x00\x01")
    await diagnostics_for(client, binaryish)
    hover = await client.text_document_hover_async(T.HoverParams(T.TextDocumentIdentifier(uri), T.Position(5, 12)))
    assert hover is not None  # still answering


async def test_unknown_document_gets_an_error_reply(client: LanguageClient):
    with pytest.raises(JsonRpcException):
        await client.text_document_hover_async(T.HoverParams(
            T.TextDocumentIdentifier("file:///nowhere/never_opened.py"), T.Position(0, 0)))
    uri = open_doc(client, "after.py", PADDING)
    assert any(d.code == "KC101" for d in await diagnostics_for(client, uri))


async def test_config_changes_apply_without_restart_and_broken_config_is_shown(client: LanguageClient):
    pyproject = client.root / "pyproject.toml"
    pyproject.write_text("[tool.kerascount-lint]\nignore = [\"KC101\"]\n")
    uri = open_doc(client, "configured.py", PADDING)
    assert [d for d in await diagnostics_for(client, uri) if d.code == "KC101"] == []
    before = client.diagnostics[uri]
    pyproject.write_text("[tool.kerascount-lint]\nignore = [\"KC4\"]\n")
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(
        [T.FileEvent(from_fs_path(str(pyproject)), T.FileChangeType.Changed)]))
    assert any(d.code == "KC101" for d in await diagnostics_for(client, uri, before))
    before = client.diagnostics[uri]
    pyproject.write_text("[tool.kerascount-lint]\nignored = [\"KC101\"]\n")
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(
        [T.FileEvent(from_fs_path(str(pyproject)), T.FileChangeType.Changed)]))
    assert any(d.code == "KC101" for d in await diagnostics_for(client, uri, before))  # defaults meanwhile
    [message] = [m for m in client.messages if "kerascount-lint" in m.message]  # shown once, not per document
    assert "unknown key `ignored`" in message.message and message.type == T.MessageType.Error


async def test_notebook_cells_get_their_own_diagnostics(client: LanguageClient):
    nb_uri = from_fs_path(str(client.root / "hw.ipynb"))
    sources = ["%matplotlib inline\nfrom keras import Sequential\nfrom keras.layers import Dense",
               "# Model", "model = Sequential()\nmodel.add(Dense(10, input_shape=(784,)))\n"
               "model.add(Dense(3, padding='same'))"]
    kinds = [T.NotebookCellKind.Code, T.NotebookCellKind.Markup, T.NotebookCellKind.Code]
    cells = [T.NotebookCell(kind=k, document=f"{nb_uri}#cell{i}") for i, k in enumerate(kinds)]
    docs = [T.TextDocumentItem(uri=f"{nb_uri}#cell{i}", language_id="python" if k == T.NotebookCellKind.Code
                               else "markdown", version=1, text=src)
            for i, (k, src) in enumerate(zip(kinds, sources))]
    client.notebook_document_did_open(T.DidOpenNotebookDocumentParams(
        T.NotebookDocument(uri=nb_uri, notebook_type="jupyter-notebook", version=1, cells=cells), docs))
    found = await diagnostics_for(client, f"{nb_uri}#cell2")
    [d] = [d for d in found if d.code == "KC101"]
    assert d.range.start.line == 2 and d.range.start.character == sources[2].splitlines()[2].index("padding")
    hover = await client.text_document_hover_async(T.HoverParams(
        T.TextDocumentIdentifier(f"{nb_uri}#cell2"), T.Position(1, 12)))
    assert "7,850" in hover.contents.value


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def bare_client(lsp_client: LanguageClient, tmp_path):
    await start(lsp_client, tmp_path)
    lsp_client.root = tmp_path
    yield


async def test_shutdown_and_exit_are_clean(bare_client: LanguageClient):
    uri = open_doc(bare_client, "m.py", PADDING)
    await diagnostics_for(bare_client, uri)
    await bare_client.shutdown_session()
    assert bare_client._server.returncode == 0  # pytest-lsp keeps the server process here


def test_tcp_mode_answers_initialize(tmp_path):
    import json
    import socket
    import subprocess
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(SERVER + ["--tcp", "--port", str(port)], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                time.sleep(0.1)
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                           "params": {"processId": None, "rootUri": None, "capabilities": {}}}).encode()
        conn.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        data = b""
        while b"serverInfo" not in data:
            data += conn.recv(65536)
        assert b'"name": "kerascount-lint"' in data or b'"name":"kerascount-lint"' in data
        conn.close()
    finally:
        server.kill()
        server.wait()


async def test_functional_code_hover_hints_and_fixes(client: LanguageClient):
    """The editor features on keras.Input -> layer calls -> keras.Model, numbers from Keras's golden data."""
    import json

    golden = json.loads((SAMPLES.parent / "tests" / "data" / "golden_samples.json").read_text())
    [truth] = golden["files"]["sample_models/functional/residual_cnn.py"]["models"].values()
    keras_rows = {la["name"]: la for la in truth["layers"]}
    text = (SAMPLES / "functional" / "residual_cnn.py").read_text()
    uri = open_doc(client, "residual.py", text)
    await diagnostics_for(client, uri)
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if "layers.add(" in line)
    hover = await client.text_document_hover_async(T.HoverParams(
        T.TextDocumentIdentifier(uri), T.Position(row, lines[row].index("add(") + 1)))
    assert "**add** (Add)" in hover.contents.value
    row = next(i for i, line in enumerate(lines) if "keras.Model(" in line)
    hover = await client.text_document_hover_async(T.HoverParams(
        T.TextDocumentIdentifier(uri), T.Position(row, lines[row].index("Model(") + 1)))
    assert "Connected to" in hover.contents.value and f"Total params: {truth['total_params']:,}" in hover.contents.value
    hints = await client.text_document_inlay_hint_async(T.InlayHintParams(
        T.TextDocumentIdentifier(uri), T.Range(T.Position(0, 0), T.Position(len(lines), 0))))
    labels = [h.label for h in hints]
    conv = keras_rows["conv2d"]
    shape = "(" + ", ".join("None" if d is None else str(d) for d in conv["output_shape"]) + ")"
    assert f"{shape} · {conv['params']:,} params" in labels, labels

    bad = text.replace('layers.Conv2D(16, 3, padding="same")(x)', 'layers.Conv2D(16, 3, border_mode="same")(x)')
    before = replace_all(client, uri, bad, 2)
    [d] = [d for d in await diagnostics_for(client, uri, before) if d.code == "KC104"]
    actions = await client.text_document_code_action_async(T.CodeActionParams(
        T.TextDocumentIdentifier(uri), d.range, T.CodeActionContext(diagnostics=[d])))
    fix = next(a for a in actions if a.is_preferred)
    assert apply(bad, fix.edit.changes[uri]) == text
