"""An HTML data dictionary of a schema (``write_docs``): a static site that
opens from disk, with no network resources.

- ``index.html``: every table (with its comment and column count), the
  diagram, and a search box over tables and columns (the index is inlined as
  JavaScript, since browsers refuse ``fetch`` on ``file://``);
- ``tables/<n>.html``: per table its columns (type, nullability, default,
  comment), primary key, unique constraints, indexes, checks, the references
  out and in (linked to the other tables), and the lint findings on it;
- ``diagram.svg``: the ER diagram laid out by Graphviz (pygraphviz), each
  card a link to its table's page.

Every file is written with :func:`tablewright.designer.atomic.write_file`.  No Qt.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from tablewright.designer.atomic import write_file
from tablewright.designer.model import Schema, Table

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}


@dataclass
class DocsResult:
    pages: int
    diagram: bool
    warnings: list[str]


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def page_name(index: int) -> str:
    return f"t{index:04d}.html"


CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #fbfbfd; }
header { background: #24324a; color: #fff; padding: 12px 24px; }
header a { color: #cfe0ff; }
main { padding: 16px 24px; max-width: 1200px; }
h1 { font-size: 22px; margin: 4px 0; } h2 { font-size: 17px; margin-top: 26px; }
table.grid { border-collapse: collapse; width: 100%; background: #fff; }
table.grid th, table.grid td { border: 1px solid #d8dce6; padding: 4px 8px; text-align: left; vertical-align: top; }
table.grid th { background: #eef1f7; }
code { font: 13px ui-monospace, monospace; }
.muted { color: #6b7280; } .key { font-weight: 600; color: #8a5a00; }
#search { font-size: 15px; padding: 6px 10px; width: 420px; max-width: 100%; }
#results li { margin: 2px 0; }
.sev-critical, .sev-high { color: #b42318; font-weight: 600; } .sev-medium { color: #b54708; }
.sev-low, .sev-info { color: #475467; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.diagram { border: 1px solid #d8dce6; background: #fff; }
.diagram object { display: block; width: 100%; height: auto; }
"""

SEARCH_JS = """
(function () {
  var box = document.getElementById('search');
  var list = document.getElementById('results');
  var all = document.getElementById('all-tables');
  function run() {
    var q = box.value.trim().toLowerCase();
    list.innerHTML = '';
    if (!q) { all.style.display = ''; return; }
    all.style.display = 'none';
    var shown = 0;
    for (var i = 0; i < TW_INDEX.length && shown < 200; i++) {
      var item = TW_INDEX[i];
      if (item.k.indexOf(q) < 0) continue;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = item.u; a.textContent = item.t;
      li.appendChild(a);
      if (item.d) { var s = document.createElement('span'); s.className = 'muted'; s.textContent = ' ' + item.d; li.appendChild(s); }
      list.appendChild(li); shown++;
    }
    if (!shown) { var li = document.createElement('li'); li.className = 'muted'; li.textContent = 'Nothing matches.'; list.appendChild(li); }
  }
  box.addEventListener('input', run);
  run();
})();
"""


def write_docs(schema: Schema, out_dir: str | Path, *, title: str = "Schema", findings=None,
               areas: list[dict] | None = None, diagram: bool = True) -> DocsResult:
    """Write the site into ``out_dir`` (created when missing).  ``findings``:
    lint findings (``tablewright.linting.findings.Finding``); ``areas``: ``[{"name", "tables":
    [table ids], "note"}]`` (subject areas or DBML TableGroups) listed on the index."""
    out = Path(out_dir)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []
    pages = {t.id: page_name(i) for i, t in enumerate(schema.tables)}
    by_table: dict[str, list] = {}
    for f in findings or []:
        if f.table_id:
            by_table.setdefault(f.table_id, []).append(f)
    incoming: dict[str, list] = {}
    for table, fk in schema.foreign_keys():
        if fk.ref_table:
            incoming.setdefault(fk.ref_table, []).append((table, fk))
    svg_size = None
    if diagram and schema.tables:
        try:
            svg, svg_size = diagram_svg(schema, {tid: f"tables/{p}" for tid, p in pages.items()})
            write_file(out / "diagram.svg", svg)
        except Exception as exc:  # noqa: BLE001 - Graphviz failing must not lose the rest of the site
            warnings.append(f"the diagram could not be drawn: {exc}")
    write_file(out / "style.css", CSS)
    write_file(out / "search.js", SEARCH_JS)
    write_file(out / "search-index.js", "var TW_INDEX = " + json.dumps(_search_index(schema, pages)) + ";\n")
    write_file(out / "index.html", _index_page(schema, title, pages, svg_size, areas or [], by_table))
    area_of = {tid: a["name"] for a in areas or [] for tid in a.get("tables", [])}
    for table in schema.tables:
        write_file(out / "tables" / pages[table.id],
                   _table_page(schema, table, title, pages, incoming.get(table.id, []), by_table.get(table.id, []),
                               area_of.get(table.id)))
    return DocsResult(len(schema.tables) + 1, svg_size is not None, warnings)


def _search_index(schema: Schema, pages: dict[str, str]) -> list[dict]:
    items = []
    for table in schema.tables:
        url = f"tables/{pages[table.id]}"
        items.append({"t": table.qualified_name, "u": url, "d": (table.comment or "")[:120],
                      "k": f"{table.qualified_name} {table.comment or ''}".lower()})
        for column in table.columns:
            items.append({"t": f"{table.qualified_name}.{column.name}", "u": f"{url}#c-{_anchor(column.name)}",
                          "d": f"{column.type}" + (f" - {column.comment[:100]}" if column.comment else ""),
                          "k": f"{table.qualified_name}.{column.name} {column.name} {column.comment or ''}".lower()})
    return items


def _anchor(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name)


def _head(title: str, prefix: str) -> str:
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(title)}</title><link rel="stylesheet" href="{prefix}style.css"></head><body>')


def _index_page(schema, title, pages, svg_size, areas, by_table) -> str:
    parts = [_head(f"{title} - data dictionary", ""),
             f'<header><h1>{_e(title)}</h1><div>{len(schema.tables)} tables, '
             f'{sum(len(t.columns) for t in schema.tables)} columns, '
             f'{sum(len(t.foreign_keys) for t in schema.tables)} references ({_e(schema.dialect or "")})</div></header>',
             '<main><p><input id="search" type="search" placeholder="Search tables and columns" '
             'aria-label="Search tables and columns" autofocus></p><ul id="results"></ul>',
             '<div id="all-tables">']
    if areas:
        names = {t.id: t for t in schema.tables}
        parts.append("<h2>Areas</h2><ul>")
        for area in areas:
            links = ", ".join(f'<a href="tables/{pages[tid]}">{_e(names[tid].qualified_name)}</a>'
                              for tid in area.get("tables", []) if tid in names)
            note = f' <span class="muted">{_e(area["note"])}</span>' if area.get("note") else ""
            swatch = (f'<span class="swatch" style="background:{_e(area["color"])}"></span>'
                      if area.get("color") else "")
            parts.append(f'<li>{swatch}<b>{_e(area["name"])}</b>{note}: {links}</li>')
        parts.append("</ul>")
    parts.append('<h2>Tables</h2><table class="grid"><tr><th>Table</th><th>Columns</th><th>Findings</th>'
                 '<th>Comment</th></tr>')
    for table in schema.tables:
        n = len(by_table.get(table.id, []))
        parts.append(f'<tr><td><a href="tables/{pages[table.id]}">{_e(table.qualified_name)}</a></td>'
                     f'<td>{len(table.columns)}</td><td>{n or ""}</td><td>{_e(table.comment or "")}</td></tr>')
    parts.append("</table>")
    if svg_size:
        w, h = svg_size
        parts.append('<h2 id="diagram-heading">Diagram</h2><p class="muted">Each card links to its table; '
                     '<a href="diagram.svg">open the diagram full size</a>.</p>'
                     f'<div class="diagram"><object id="diagram" type="image/svg+xml" data="diagram.svg" '
                     f'style="aspect-ratio: {w:.0f} / {h:.0f}"><a href="diagram.svg">diagram.svg</a></object></div>')
    parts.append('</div></main><script src="search-index.js"></script><script src="search.js"></script>'
                 '</body></html>\n')
    return "".join(parts)


def _cols(table: Table, ids: list[str]) -> str:
    return ", ".join(_e(n) for n in table.column_names(ids))


def _link(schema: Schema, pages, table_id: str) -> str:
    other = schema.table(table_id)
    return f'<a href="{pages[table_id]}">{_e(other.qualified_name)}</a>'


def _table_page(schema, table: Table, title, pages, incoming, findings, area: str | None = None) -> str:
    pk = set(table.primary_key.columns) if table.primary_key else set()
    fk_cols = {c for fk in table.foreign_keys for c in fk.columns}
    parts = [_head(f"{table.qualified_name} - {title}", "../"),
             f'<header><a href="../index.html">{_e(title)}</a> / <h1 id="table-name">{_e(table.qualified_name)}</h1>'
             "</header><main>"]
    if area:
        parts.append(f'<p class="muted">Area: <span id="area">{_e(area)}</span></p>')
    if table.comment:
        parts.append(f"<p>{_e(table.comment)}</p>")
    parts.append('<h2>Columns</h2><table class="grid"><tr><th>Column</th><th>Type</th><th>Null</th>'
                 "<th>Default</th><th>Key</th><th>Comment</th></tr>")
    for column in table.columns:
        keys = [k for k, on in (("PK", column.id in pk), ("FK", column.id in fk_cols)) if on]
        default = column.default or ("identity" if column.identity else "auto increment" if column.autoincrement
                                     else f"generated: {column.generated.expression}" if column.generated else "")
        parts.append(f'<tr id="c-{_anchor(column.name)}"><td><b>{_e(column.name)}</b></td>'
                     f"<td><code>{_e(column.type)}</code></td><td>{'yes' if column.nullable else 'NOT NULL'}</td>"
                     f"<td><code>{_e(default)}</code></td><td class=\"key\">{' '.join(keys)}</td>"
                     f"<td>{_e(column.comment or '')}</td></tr>")
    parts.append("</table>")
    keys = []
    if table.primary_key:
        keys.append(f"<li>Primary key ({_cols(table, table.primary_key.columns)})"
                    f"{' ' + _e(table.primary_key.name) if table.primary_key.name else ''}</li>")
    for u in table.uniques:
        keys.append(f"<li>Unique ({_cols(table, u.columns)}){' ' + _e(u.name) if u.name else ''}</li>")
    parts.append("<h2>Keys</h2>" + (f"<ul>{''.join(keys)}</ul>" if keys else '<p class="muted">None.</p>'))
    rows = []
    for ix in table.indexes:
        elements = ", ".join(_e(table.column(e.column).name) if e.column else f"<code>{_e(e.expression)}</code>"
                             for e in ix.elements)
        extra = []
        if ix.method:
            extra.append(_e(ix.method))
        if ix.predicate:
            extra.append(f"WHERE <code>{_e(ix.predicate)}</code>")
        rows.append(f"<tr><td>{_e(ix.name or '')}</td><td>{elements}</td><td>{'yes' if ix.unique else ''}</td>"
                    f"<td>{' '.join(extra)}</td></tr>")
    parts.append("<h2>Indexes</h2>" + (
        '<table class="grid"><tr><th>Name</th><th>Columns</th><th>Unique</th><th>Method, predicate</th></tr>'
        + "".join(rows) + "</table>" if rows else '<p class="muted">None.</p>'))
    checks = [f"<li>{_e(c.name) + ': ' if c.name else ''}<code>{_e(c.expression)}</code></li>" for c in table.checks]
    parts.append("<h2>Checks</h2>" + (f"<ul>{''.join(checks)}</ul>" if checks else '<p class="muted">None.</p>'))
    out_rows = []
    for fk in table.foreign_keys:
        if fk.ref_table is None:
            target = _e(fk.unresolved.table if fk.unresolved else "?") + ' <span class="muted">(not in the schema)</span>'
            ref_cols = ""
        else:
            target = _link(schema, pages, fk.ref_table)
            ref_cols = _cols(schema.table(fk.ref_table), fk.ref_columns)
        actions = " ".join(x for x in (f"ON DELETE {fk.on_delete}" if fk.on_delete else "",
                                       f"ON UPDATE {fk.on_update}" if fk.on_update else "") if x)
        out_rows.append(f"<li>({_cols(table, fk.columns)}) &rarr; {target} ({ref_cols}) "
                        f'<span class="muted">{_e(actions)}</span></li>')
    parts.append('<h2>References out</h2>' + (f'<ul id="refs-out">{"".join(out_rows)}</ul>' if out_rows
                                                else '<p class="muted">None.</p>'))
    in_rows = [f"<li>{_link(schema, pages, other.id)} ({_cols(other, fk.columns)}) &rarr; "
               f"({_cols(table, fk.ref_columns)})</li>" for other, fk in incoming]
    parts.append('<h2>References in</h2>' + (f'<ul id="refs-in">{"".join(in_rows)}</ul>' if in_rows
                                               else '<p class="muted">None.</p>'))
    rows = []
    for f in sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.rule)):
        where = f".{f.column}" if f.column else ""
        rows.append(f'<tr><td class="sev-{_e(f.severity)}">{_e(f.severity)}</td><td>{_e(f.rule)}</td>'
                    f"<td>{_e(f.name)}{_e(where)}</td><td>{_e(f.message)}</td></tr>")
    parts.append("<h2>Findings</h2>" + (
        '<table class="grid"><tr><th>Severity</th><th>Rule</th><th>Name</th><th>Message</th></tr>'
        + "".join(rows) + "</table>" if rows else '<p class="muted">No lint findings.</p>'))
    parts.append("</main></body></html>\n")
    return "".join(parts)


# -- the diagram --------------------------------------------------------------------------

MAX_CARD_COLUMNS = 30


def diagram_svg(schema: Schema, links: dict[str, str]) -> tuple[str, tuple[float, float]]:
    """The ER diagram as SVG: Graphviz lays out cards (HTML-like labels, key
    columns marked) joined by the foreign keys; each card links to ``links[table id]``."""
    import pygraphviz

    from tablewright.designer.layout import fk_graph, pick_engine

    graph = fk_graph(schema)
    sizes = {t.id: (180.0, 18.0 * (min(len(t.columns), MAX_CARD_COLUMNS) + 1)) for t in schema.tables}
    engine = pick_engine(graph, sizes)
    g = pygraphviz.AGraph(directed=True, strict=False)
    g.graph_attr.update(rankdir="RL", overlap="vpsc" if engine != "dot" else "false", splines="true" if
                        engine == "dot" else "false", fontname="Helvetica", nodesep="0.3", ranksep="0.8")
    g.node_attr.update(shape="plaintext", fontname="Helvetica", fontsize="10")
    g.edge_attr.update(color="#8a94a6", arrowsize="0.6")
    for table in schema.tables:
        pk = set(table.primary_key.columns) if table.primary_key else set()
        fk = {c for k in table.foreign_keys for c in k.columns}
        rows = [f'<TR><TD BGCOLOR="#24324a" ALIGN="LEFT"><FONT COLOR="white"><B>{_e(table.qualified_name)}</B>'
                f"</FONT></TD></TR>"]
        for column in table.columns[:MAX_CARD_COLUMNS]:
            mark = ("PK " if column.id in pk else "") + ("FK " if column.id in fk else "")
            rows.append(f'<TR><TD ALIGN="LEFT">{_e(mark)}{_e(column.name)} '
                        f'<FONT COLOR="#6b7280">{_e(str(column.type)[:30])}</FONT></TD></TR>')
        if len(table.columns) > MAX_CARD_COLUMNS:
            rows.append(f'<TR><TD ALIGN="LEFT"><I>{len(table.columns) - MAX_CARD_COLUMNS} more</I></TD></TR>')
        label = '<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" BGCOLOR="white">' \
                + "".join(rows) + "</TABLE>>"
        g.add_node(table.id, label=label, URL=links.get(table.id, ""), target="_top",
                   tooltip=table.qualified_name, id=f"card-{table.id}")
    for source, target in graph.edges():
        g.add_edge(source, target)
    g.layout(prog="dot" if engine == "dot" else engine)
    x0, y0, x1, y1 = (float(v) for v in g.graph_attr["bb"].split(","))
    return g.draw(format="svg").decode("utf-8"), (x1 - x0 + 8, y1 - y0 + 8)
