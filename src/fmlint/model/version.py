"""fmlint's version: part of every cache key and of the SARIF and ``--version`` output."""

__version__ = "0.1.0"
