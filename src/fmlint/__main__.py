"""``python -m fmlint``."""

from fmlint.cli import run

run()
