"""Headless subcommands.  Each module defines ``register(subparsers)`` which adds
its parser and sets ``func`` (called with the parsed args, returns an exit code).
Modules are listed in ``COMMANDS`` in the order ``tablewright --help`` shows them."""

COMMANDS = ["open_", "import_", "export", "lint", "advise", "rules", "migrate", "diff", "diagram", "docs"]
