"""Output: text tables, JSON, and the diagnostic formats. Each reads analysis results only."""
