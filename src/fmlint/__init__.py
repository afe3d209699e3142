"""fmlint: validate, lint and safely repair the front matter of Markdown content files."""

__version__ = "0.1.0"
