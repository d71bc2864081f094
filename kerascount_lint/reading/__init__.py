"""Reading the input: bytes to text (source.py), a notebook's code cells (notebook.py), and its
`# noqa` comments (suppression.py)."""
