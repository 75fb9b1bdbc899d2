"""The command line of the neighbours' formats: import .dbml, export --format."""

from __future__ import annotations


from tablewright.app.cli import main
from tablewright.designer.project import load_project

DBML = """\
Table a {
  id int [pk]
}
Table b {
  id int [pk]
  a_id int [ref: > a.id]
}
TableGroup g {
  a
  b
}
"""


def test_import_dbml_writes_a_project_with_its_groups(tmp_path, capsys):
    src = tmp_path / "s.dbml"
    src.write_text(DBML)
    out = tmp_path / "p.twproj"
    assert main(["import", str(src), "-o", str(out)]) == 0
    project = load_project(out)
    assert sorted(t.name for t in project.schema.tables) == ["a", "b"]
    from tablewright.designer.areas import areas_of

    (area,) = areas_of(project.diagram)  # the TableGroup is a subject area
    assert area.name == "g" and sorted(area.tables) == sorted(t.id for t in project.schema.tables)
    assert "imported 2 tables, 1 foreign keys" in capsys.readouterr().err


def test_export_formats(tmp_path, capsys):
    src = tmp_path / "s.dbml"
    src.write_text(DBML)
    assert main(["export", str(src), "--format", "dbml"]) == 0
    assert "Ref: b.a_id > a.id" in capsys.readouterr().out
    assert main(["export", str(src), "--format", "mermaid", "-o", str(tmp_path / "d.mmd")]) == 0
    assert (tmp_path / "d.mmd").read_text().startswith("erDiagram\n")
    assert main(["export", str(src), "--dialect", "sqlite"]) == 0
    assert 'CREATE TABLE b' in capsys.readouterr().out.replace('"', "")
    assert main(["export", str(src)]) == 2  # sql needs --dialect
    assert "needs --dialect" in capsys.readouterr().err


def test_a_dbml_syntax_error_is_reported_with_its_location(tmp_path, capsys):
    src = tmp_path / "bad.dbml"
    src.write_text("Table a {\n  id int [pk\n}\n")
    assert main(["export", str(src), "--format", "dbml"]) == 0
    assert f"{src}:3:1: error: expected ']'" in capsys.readouterr().err


def test_subject_areas_round_trip_through_dbml_table_groups(tmp_path, capsys):
    from tablewright.designer.areas import areas_of

    src = tmp_path / "s.dbml"
    src.write_text(DBML.replace("TableGroup g {", "TableGroup g [color: #abc] {\n  Note: 'core'"))
    first = tmp_path / "p.twproj"
    assert main(["import", str(src), "-o", str(first)]) == 0
    (area,) = areas_of(load_project(first).diagram)
    assert (area.name, area.color, area.note) == ("g", "#aabbcc", "core")
    assert main(["export", str(first), "--format", "dbml", "-o", str(tmp_path / "back.dbml")]) == 0
    again = tmp_path / "again.twproj"
    assert main(["import", str(tmp_path / "back.dbml"), "-o", str(again)]) == 0
    (back,) = areas_of(load_project(again).diagram)
    assert (back.name, back.color, back.note, len(back.tables)) == ("g", "#aabbcc", "core", 2)



def test_docs_of_dbml_list_its_table_groups_as_areas(tmp_path, capsys):
    src = tmp_path / "s.dbml"
    src.write_text(DBML)
    assert main(["docs", str(src), "-o", str(tmp_path / "site")]) == 0
    index = (tmp_path / "site" / "index.html").read_text()
    assert "<h2>Areas</h2>" in index and "<b>g</b>" in index


def test_a_project_exports_in_its_own_dialect_without_dialect(tmp_path, capsys):
    """A new user's `export s.twproj` asked for --dialect though the project knows its engine."""
    ddl = tmp_path / "s.sql"
    ddl.write_text("CREATE TABLE `t` (`id` int unsigned NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;\n")
    project = tmp_path / "s.twproj"
    assert main(["import", str(ddl), "-o", str(project)]) == 0
    capsys.readouterr()
    assert main(["export", str(project)]) == 0
    assert "ENGINE=InnoDB" in capsys.readouterr().out  # MySQL's DDL, the project's dialect
    assert main(["export", str(ddl)]) == 2  # DDL files still say which engine to write for
    assert "needs --dialect" in capsys.readouterr().err
