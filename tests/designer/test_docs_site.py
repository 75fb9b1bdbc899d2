"""The HTML data dictionary: what the pages hold, that they need no network,
and -- in real headless Chromium (Debian's chromium driven by playwright-core)
-- that the index opens from disk, its search finds tables and columns, a
result link and a reference link lead to the right table pages, and a card of
the SVG diagram links to its table."""

from __future__ import annotations

import re

from tablewright.app.cli import main
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.docs_site import write_docs
from tablewright.linting.engine import lint
from tests.conftest import corpus_path
from tests.corpus_cases import CASES
from tests.jstools import require_chromium, run_node

DDL = """
CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, born date);
COMMENT ON TABLE author IS 'People who write';
COMMENT ON COLUMN author.name IS 'Full name';
CREATE TABLE book (
  id int PRIMARY KEY,
  author_id int REFERENCES author(id) ON DELETE CASCADE,
  title text NOT NULL DEFAULT 'untitled',
  pages int CHECK (pages > 0),
  isbn text UNIQUE
);
CREATE INDEX book_title ON book (lower(title));
"""


def test_pages_hold_the_dictionary(tmp_path):
    schema = import_ddl([("t.sql", DDL)], "postgres").schema
    findings = lint(schema)
    result = write_docs(schema, tmp_path, title="Books", findings=findings,
                        areas=[{"name": "Core", "tables": [schema.tables[0].id], "note": "the heart",
                                "color": "#4e79a7"}])
    assert result.pages == 3 and result.diagram
    index = (tmp_path / "index.html").read_text()
    assert 'href="tables/t0000.html">author</a>' in index and 'href="tables/t0001.html">book</a>' in index
    assert "<b>Core</b>" in index and "the heart" in index
    book = (tmp_path / "tables" / "t0001.html").read_text()
    assert "<code>&#x27;untitled&#x27;</code>" in book  # the default
    assert "pages &gt; 0" in book and "LOWER(title)" in book and "Unique (isbn)" in book
    assert '(author_id) &rarr; <a href="t0000.html">author</a> (id)' in book and "ON DELETE CASCADE" in book
    author = (tmp_path / "tables" / "t0000.html").read_text()
    assert 'Area: <span id="area">Core</span>' in author and "Area:" not in book
    assert "People who write" in author and "Full name" in author
    assert '<ul id="refs-in"><li><a href="t0001.html">book</a> (author_id)' in author
    on_book = [f for f in findings if f.table == "book"]
    assert on_book and all(f.rule in book for f in on_book)
    svg = (tmp_path / "diagram.svg").read_text()
    assert 'xlink:href="tables/t0000.html"' in svg and 'xlink:href="tables/t0001.html"' in svg
    # nothing from the network: every src/href is relative or a fragment
    for page in [index, book, author]:
        for url in re.findall(r'(?:src|href)="([^"]*)"', page):
            assert "://" not in url and not url.startswith("//"), url


def test_docs_command(tmp_path, capsys):
    src = tmp_path / "s.sql"
    src.write_text(DDL)
    assert main(["docs", str(src), "-o", str(tmp_path / "site"), "--title", "Books"]) == 0
    assert "wrote" in capsys.readouterr().err
    assert (tmp_path / "site" / "tables" / "t0001.html").is_file()
    (tmp_path / "file").write_text("x")
    assert main(["docs", str(src), "-o", str(tmp_path / "file")]) == 2


def test_the_dictionary_works_in_chromium(tmp_path):
    require_chromium()
    files, dialect, _ = CASES["sakila-pg"]
    schema = import_ddl([str(corpus_path(*f.split("/"))) for f in files], dialect).schema
    write_docs(schema, tmp_path, title="Sakila", findings=lint(schema))
    seen = run_node("docs_check.cjs", {"dir": str(tmp_path), "query": "film_act", "expect": "film_actor"})
    assert seen["network"] == [] and seen["errors"] == []
    assert seen["title"] == "Sakila - data dictionary"
    assert seen["tableRows"] == len(schema.tables) + 1
    assert seen["allHidden"]  # the table list gives way to the results
    assert "film_actor" in seen["results"] and "film_actor.actor_id" in seen["results"]
    assert all("film_act" in r for r in seen["results"])
    assert seen["heading"] == "film_actor"
    assert seen["columns"] == len(schema.find_table("film_actor").columns)
    ref = seen["followedReference"]
    assert ref["heading"] == ref["name"] and ref["name"] in ("actor", "film")
    assert seen["diagramCards"] == len(schema.tables)
    assert seen["diagramClick"]["heading"] == seen["diagramClick"]["label"]
