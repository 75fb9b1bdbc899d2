"""The package layout pyproject.toml cannot say on its own: the top-level
folders app/, designer/, linting/ and resources/ are installed as the
subpackages of one ``tablewright`` namespace (tablewright.app, ...), so no
installed name collides with another distribution's (issue 16)."""

from setuptools import find_namespace_packages, find_packages, setup

TOPS = ("app", "designer", "linting", "resources")
# resources/' folders hold data, no __init__.py: named as namespace packages, or setuptools warns for each
# that its files are package data of a package it does not know
DATA = [p for p in find_namespace_packages(include=["resources.*"]) if "__pycache__" not in p]

setup(
    packages=[f"tablewright.{p}" for p in find_packages(include=[f"{t}*" for t in TOPS] + list(TOPS)) + DATA],
    package_dir={f"tablewright.{t}": t for t in TOPS},
)
