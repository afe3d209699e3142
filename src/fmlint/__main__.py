"""``python -m fmlint``."""

from .cli import run

run()
