"""Migrations: compare two models → ordered, reversible operations → SQL per
dialect or an Alembic revision (Alembic's three stages)."""

from tablewright.designer.migrations.compare import RenameHint, compare, compare_by_name, match_by_name
from tablewright.designer.migrations.ops import MigrationScript, replay, reverse_ops

__all__ = ["MigrationScript", "RenameHint", "compare", "compare_by_name", "match_by_name", "replay", "reverse_ops"]
