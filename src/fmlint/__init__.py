"""fmlint: validate, lint and safely repair the front matter of Markdown content files.

The public Python API, which does not move with the package layout::

    import fmlint

    diagnostics = fmlint.check_paths(["content/"], fmlint.RunOptions(schema="article"))
    for outcome in fmlint.fix_paths(["content/"], fmlint.RunOptions(), unsafe=False): ...

Names are imported on first use, so ``import fmlint`` (and ``fmlint --version``) stays cheap.
"""

from fmlint.model.version import __version__

__all__ = ["Diagnostic", "RunOptions", "UsageError", "__version__", "check_paths", "fix_paths"]


def __getattr__(name: str):
    """The API's names, imported on first use (a lint run's modules are not ``import fmlint``'s cost)."""
    if name in ("check_paths", "fix_paths"):
        from fmlint.running import commands

        return getattr(commands, name)
    if name in ("RunOptions", "UsageError"):
        from fmlint.running import planner

        return getattr(planner, name)
    if name == "Diagnostic":
        from fmlint.model import Diagnostic

        return Diagnostic
    raise AttributeError(f"module 'fmlint' has no attribute {name!r}")
