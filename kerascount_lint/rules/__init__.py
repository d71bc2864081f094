"""Rules: each declared once (code, name, severity, docs, examples) in registry.py."""
