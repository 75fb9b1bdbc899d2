"""``tablewright diagram``: MusicBrainz (all ten files) to SVG and PNG with every
table; bad output names are one-line errors with exit code 2."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from tablewright.app.cli import main
from tablewright.designer.sources import load_sources
from tests.conftest import REPO_ROOT, corpus_path
from tests.corpus_cases import CASES

pytestmark = pytest.mark.gui


@pytest.mark.corpus
def test_diagram_of_musicbrainz_writes_svg_and_png_with_every_table(qapp, tmp_path, capsys):
    files, dialect, count = CASES["musicbrainz"]
    paths = [str(corpus_path(f)) for f in files]
    svg, png = tmp_path / "mb.svg", tmp_path / "mb.png"
    assert main(["diagram", *paths, "--dialect", dialect, "-o", str(svg)]) == 0
    assert main(["diagram", *paths, "--dialect", dialect, "--engine", "dot", "-o", str(png)]) == 0
    assert f"({count} tables" in capsys.readouterr().err

    names = {t.name for t in load_sources(paths, dialect).schema.tables}
    assert len(names) == count
    root = ET.parse(svg).getroot()
    texts = {"".join(el.itertext()).strip() for el in root.iter() if el.tag.endswith("text")}
    assert names <= texts
    image = QImage(str(png))
    assert image.width() > 2000 and image.height() > 500
    (REPO_ROOT / "artifacts").mkdir(exist_ok=True)
    image.save(str(REPO_ROOT / "artifacts" / "diagram-musicbrainz-dot.png"))


def test_diagram_errors_are_one_line_with_exit_code_2(qapp, tmp_path, capsys):
    ddl = tmp_path / "a.sql"
    ddl.write_text("CREATE TABLE a (id int primary key);\n")
    assert main(["diagram", str(ddl), "-o", str(tmp_path / "a.gif")]) == 2
    assert main(["diagram", str(tmp_path / "missing.sql"), "-o", str(tmp_path / "a.svg")]) == 2
    assert main(["diagram", str(ddl), "-o", str(tmp_path / "no" / "dir.svg")]) == 2
    assert main(["diagram", str(ddl), "--engine", "circo", "-o", str(tmp_path / "a.svg")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert [line for line in err if line.startswith("tablewright")][:3] == [
        f"tablewright: {tmp_path / 'a.gif'}: unknown picture format (use .svg, .png or .pdf)",
        f"tablewright: {tmp_path / 'missing.sql'}: no such file",
        f"tablewright: {tmp_path / 'no' / 'dir.svg'}: no such directory {tmp_path / 'no'}",
    ]
    assert main(["diagram", str(ddl), "-o", str(tmp_path / "a.pdf")]) == 0
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
