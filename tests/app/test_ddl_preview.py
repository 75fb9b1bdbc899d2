"""The DDL preview of one table: its own statements and the types it uses,
picked by the table each exported statement is about (no SQL text matching)."""

from __future__ import annotations

import pytest

from tablewright.app.docks.ddl_preview import table_ddl, table_snapshot
from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tests.conftest import corpus_path
from tests.corpus_cases import CASES
from tests.app.test_gui_support import answers, make_window, window  # noqa: F401


@pytest.fixture(scope="module")
def sakila():
    files, dialect, _ = CASES["sakila-pg"]
    path = corpus_path(*files[0].split("/"))
    return import_ddl([(str(path), path.read_text(encoding="utf-8"))], dialect).schema


def test_exported_statements_name_their_table(sakila):
    result = export_ddl(sakila, "postgres")
    ids = {t.id: t for t in sakila.tables}
    creates = [st for st in result.statements if st.kind == "CreateTable"]
    assert sorted(st.table_id for st in creates) == sorted(ids)
    for st in creates:
        assert st.sql.startswith("CREATE TABLE") and ids[st.table_id].name in st.sql.split("(")[0]
    index_tables = {st.table_id for st in result.statements if st.kind == "CreateIndex"}
    assert index_tables and index_tables <= set(ids)
    assert result.sql == "\n\n".join(st.sql for st in result.statements) + "\n"


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite", "mssql"])
def test_table_ddl_keeps_the_table_and_its_types_not_the_referenced_tables(sakila, dialect):
    film = next(t for t in sakila.tables if t.name == "film")
    language = next(t for t in sakila.tables if t.id in {fk.ref_table for fk in film.foreign_keys})
    result = table_ddl(table_snapshot(sakila, film.id), film.id, dialect)
    assert result.statements and all(st.table_id in (film.id, None) for st in result.statements)
    creates = [st for st in result.statements if st.kind == "CreateTable"]
    assert len(creates) == 1 and "film" in creates[0].sql.split("(")[0]
    assert language.name not in " ".join(st.sql.split("(")[0] for st in creates)
    assert "REFERENCES" in result.sql  # the keys are written: the referenced tables were in the snapshot
    if dialect == "postgres":  # film.rating uses the enum type mpaa_rating
        assert any(st.kind == "CreateEnumType" and "mpaa_rating" in st.sql for st in result.statements)
    indexes = {ix.name for ix in film.indexes}
    assert indexes and all(name in result.sql for name in indexes)


def test_an_opened_schema_is_previewed_in_its_own_dialect(qtbot, window, tmp_path):
    """A new user opened sakila-mysql and the preview said postgres (the last dialect chosen), with
    some ninety warnings of what PostgreSQL would lose."""
    path = tmp_path / "shop.sql"
    path.write_text("CREATE TABLE `t` (`id` int unsigned NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;\n")
    window.ddl_preview.set_dialect("postgres")
    assert window.files.open_file(str(path))
    assert window.document.schema.dialect == "mysql"
    assert window.ddl_preview.dialect.currentText() == "mysql"
