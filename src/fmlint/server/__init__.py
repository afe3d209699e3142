"""``fmlint server``: a Language Server Protocol server over stdio (``pip install 'fmlint[server]'``).

The layer above ``running``, beside ``cli``: it lints the editor's unsaved text with the
settings ``running.planner`` finds for the file, as ``fmlint check`` would, and turns
fixes into code actions and the schema into completion and hover. Importing this package
imports nothing: pygls is imported by ``app`` alone, so the linter's start-up never pays for it.
"""
