"""Tablewright's Qt application and command-line entry point."""
