"""kerascount-lint: read Keras model source without running it, count what summary() would."""

__version__ = "0.1.0"
