"""Errors the command line reports as one line with exit code 2."""


class UsageError(Exception):
    """Bad input or usage: printed as ``tablewright: <message>``, exit code 2."""
