"""What every importer returns: the schema plus what it could not take in."""

from __future__ import annotations

from dataclasses import dataclass, field

from tablewright.designer.model import Schema, SourceLocation


@dataclass
class ImportIssue:
    """One statement or object that was skipped or only partly understood.

    ``severity`` is ``error`` (a statement that could not be parsed: nothing of
    it was imported), ``warning`` (imported, but something of it was dropped or
    guessed) or ``info`` (deliberately ignored noise, e.g. ``SET`` or psql
    meta-commands, kept out of the model).
    """

    severity: str
    message: str
    location: SourceLocation | None = None
    statement: str | None = None  # the first line of the statement concerned

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}: {self.message}"


@dataclass
class ImportResult:
    """What an import made: the schema and the issues met on the way."""
    schema: Schema
    issues: list[ImportIssue] = field(default_factory=list)
    #: several DDL files: the order they were read in, when it is not the order given
    #: (``tablewright.designer.load_order``: each file after the files that create what it uses)
    reordered: list[str] | None = None

    @property
    def errors(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def skipped(self) -> list[ImportIssue]:
        """Statements that were not imported (errors and ignored statements)."""
        return [i for i in self.issues if i.severity in ("error", "info")]
