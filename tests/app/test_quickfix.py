"""Quick fixes become one undoable edit: the finding goes away, and comes back on undo."""

from __future__ import annotations

from pathlib import Path

from tablewright.app.quickfix import fix_edit
from tablewright.designer.ddl_import import import_ddl
from tablewright.linting.engine import Engine

SHOP = Path(__file__).resolve().parents[2] / "resources" / "examples" / "shop.sql"


def test_fix_applies_and_undoes():
    schema = import_ddl([SHOP], "postgres").schema
    engine = Engine()
    findings = engine.run(schema)
    fixable = [f for f in findings if f.fix and f.fix.edit]
    assert fixable, "the example schema has fixable findings"
    finding = fixable[0]
    edit = fix_edit(schema, finding.fix)
    edit.apply(schema)
    after = engine.update(schema, edit.tables)
    assert finding.id not in {f.id for f in after}
    edit.revert(schema)
    again = engine.update(schema, edit.tables)
    assert finding.id in {f.id for f in again}
