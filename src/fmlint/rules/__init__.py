"""The rules: the registry and engine, and one module per family (``text/`` for the glitch rules).

Codes are grouped by family and never reused:
FM0xx reading the file (``files``), FM1xx YAML/TOML/JSON syntax (``syntax``), FM2xx
schema validation (``fields``), FM3xx dates, FM4xx images, FM5xx URLs, FM6xx text and
encoding glitches (``text/``).  ``catalog`` is the one place the families are imported.
"""
