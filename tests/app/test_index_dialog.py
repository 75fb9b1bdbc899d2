"""The index dialog writes each element as in CREATE INDEX and reads it back
with the DDL importer: editing keeps collations, operator classes, NULLS
order and prefix lengths, and can set them."""

from __future__ import annotations

import pytest

from tablewright.app.dialogs.objects import IndexDialog
from tablewright.designer.ddl_import import import_ddl

PG = """CREATE TABLE person (id int PRIMARY KEY, email text, name text, born date);
CREATE INDEX person_lookup ON person (lower(email), name COLLATE "C" text_pattern_ops DESC NULLS LAST, born NULLS FIRST);"""
MYSQL = """CREATE TABLE post (id int PRIMARY KEY, title varchar(200), body text);
CREATE INDEX post_title ON post (title(20) DESC, id);"""


@pytest.mark.parametrize("ddl, dialect", [(PG, "postgres"), (MYSQL, "mysql")])
def test_unchanged_dialog_gives_back_the_same_index(qtbot, ddl, dialect):
    table = import_ddl([("x.sql", ddl)], dialect).schema.tables[0]
    index = table.indexes[0]
    dialog = IndexDialog(table, index, dialect)
    qtbot.addWidget(dialog)
    assert dialog.result_index() == index


def test_nulls_order_and_direction_can_be_set(qtbot):
    table = import_ddl([("x.sql", PG)], "postgres").schema.tables[0]
    dialog = IndexDialog(table, None, "postgres")
    qtbot.addWidget(dialog)
    dialog.elements.setPlainText("born DESC NULLS LAST\nname")
    born, name = dialog.result_index().elements
    assert (born.column, born.descending, born.nulls) == (table.column_named("born").id, True, "LAST")
    assert (name.column, name.descending, name.nulls) == (table.column_named("name").id, False, None)


@pytest.mark.parametrize("text, message", [("nosuch", "no column 'nosuch'"), ("lower(", "not an index column"),
                                           ("a, b", "one column or expression per line")])
def test_bad_lines_are_named_in_the_error(qtbot, text, message):
    table = import_ddl([("x.sql", PG)], "postgres").schema.tables[0]
    dialog = IndexDialog(table, None, "postgres")
    qtbot.addWidget(dialog)
    dialog.elements.setPlainText(text)
    with pytest.raises(ValueError, match=message):
        dialog.result_index()
