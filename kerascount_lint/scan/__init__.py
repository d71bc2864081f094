"""Batch scanning of a class folder (`kerascount-lint scan`): submissions -> files -> cached or
analyzed rows -> report. Every file goes through analysis.analyze_bytes, like any other front end."""
