"""The language server: server.py speaks LSP (pygls); features.py computes what it shows."""
