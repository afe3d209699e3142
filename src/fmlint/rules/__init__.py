"""The rule families.  This import list is the one place rules are registered.

Codes are grouped by family and never reused:
FM0xx reading the file, FM1xx YAML/TOML/JSON syntax, FM2xx schema validation,
FM3xx dates, FM4xx images, FM5xx URLs, FM6xx text and encoding glitches.
"""

from . import apostrophes, dates, encoding, images, reading, schema, syntax, text, urls  # noqa: F401
