"""The language server against a raw JSON-RPC client, for what a well-behaved client never sends:
requests with invalid params, and `exit` without `shutdown`."""
import json
import os
import select
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(not hasattr(select, "select") or os.name == "nt", reason="POSIX pipes")


class RawClient:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-m", "kerascount_lint", "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.buffer = b""

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if b"\r\n\r\n" in self.buffer:
                head, rest = self.buffer.split(b"\r\n\r\n", 1)
                length = int(head.split(b"Content-Length:")[1].split(b"\r\n")[0])
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    return json.loads(rest[:length])
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.1)
            if ready:
                self.buffer += os.read(self.proc.stdout.fileno(), 65536)
        return None

    def replies(self, ids, timeout=20):
        got = {}
        end = time.monotonic() + timeout
        while time.monotonic() < end and not ids <= set(got):
            message = self.receive(1)
            if message is not None and message.get("id") in ids:
                got[message["id"]] = message
        return got

    def start(self):
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"processId": None, "rootUri": None, "capabilities": {}}})
        assert self.replies({1})
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})


def test_invalid_params_get_an_invalid_params_error_and_exit_without_shutdown_is_1():
    client = RawClient()
    try:
        client.start()
        client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "file:///tmp/x.py", "languageId": "python", "version": 1,
            "text": "import keras\nm = keras.Sequential([keras.layers.Dense(2)])\n"}}})
        positions = [{"line": -1, "character": 0}, {"line": 0, "character": -5}, {"line": 2 ** 31, "character": 0},
                     {"line": 0}]
        for i, position in enumerate(positions):
            client.send({"jsonrpc": "2.0", "id": 10 + i, "method": "textDocument/hover",
                         "params": {"textDocument": {"uri": "file:///tmp/x.py"}, "position": position}})
        replies = client.replies({10, 11, 12, 13})
        assert {i: r.get("error", {}).get("code") for i, r in replies.items()} == {i: -32602 for i in range(10, 14)}
        client.send({"jsonrpc": "2.0", "method": "exit"})
        assert client.proc.wait(20) == 1
    finally:
        client.proc.kill()


def test_shutdown_then_exit_is_0():
    client = RawClient()
    try:
        client.start()
        client.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        assert client.replies({2})
        client.send({"jsonrpc": "2.0", "method": "exit"})
        assert client.proc.wait(20) == 0
    finally:
        client.proc.kill()
