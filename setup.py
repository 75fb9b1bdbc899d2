"""The package layout pyproject.toml cannot say on its own: the top-level
folders app/, designer/, linting/ and resources/ are installed as the
subpackages of one ``tablewright`` namespace (tablewright.app, ...), so no
installed name collides with another distribution's (issue 16)."""

from setuptools import find_packages, setup

TOPS = ("app", "designer", "linting", "resources")

setup(
    packages=[f"tablewright.{p}" for p in find_packages(include=[f"{t}*" for t in TOPS] + list(TOPS))],
    package_dir={f"tablewright.{t}": t for t in TOPS},
)
