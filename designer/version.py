"""Tablewright's version: the one place it is written (pyproject.toml reads it
from here, ``version = {attr = ...}``; packaging/build.sh too).  A constant, so
the reports that print it (SARIF's ``tool.driver.version``, the crash log, the
About box) need not import ``importlib.metadata`` (45 ms of a cold ``lint``)."""

VERSION = "0.1.0"
