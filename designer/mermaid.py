"""The model → a Mermaid ``erDiagram`` (``export_mermaid``).

Every table is an entity with its columns (type, name, ``PK``/``FK``/``UK``
markers, the comment); every resolved foreign key is a relationship from the
referenced table to the referencing one, with cardinalities that follow the
columns:

- the referenced side is ``||`` (exactly one) when every key column is NOT
  NULL, ``|o`` (zero or one) when a key column may be NULL;
- the referencing side is ``o|`` (zero or one) when the key columns are the
  referencing table's primary key or a unique constraint/index, else ``o{``
  (zero or many);
- the line is solid (identifying) when the key columns are part of the
  referencing table's primary key, dashed otherwise.

Entity names are double-quoted when they are not plain words (schema-qualified
names always are); Mermaid has no quoting for attribute names and types, so
characters its lexer refuses there (spaces, quotes, ...) become ``_`` and each
such change is listed in ``warnings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tablewright.designer.model import ForeignKey, Schema, Table


@dataclass
class MermaidExport:
    text: str
    warnings: list[str] = field(default_factory=list)


def export_mermaid(schema: Schema) -> MermaidExport:
    warnings: list[str] = []
    lines = ["erDiagram"]
    for table in schema.tables:
        lines.extend(_entity(table, warnings))
    for table in schema.tables:
        for fk in table.foreign_keys:
            if fk.ref_table is None:
                warnings.append(f"{table.qualified_name}: foreign key to a table not in the schema; left out")
                continue
            lines.append(_relationship(schema.table(fk.ref_table), table, fk))
    return MermaidExport("\n".join(lines) + "\n", warnings)


def entity_name(table: Table) -> str:
    name = table.qualified_name
    if name.isascii() and all(c.isalnum() or c in "_-" for c in name) and not name[0].isdigit():
        return name
    return '"' + "".join("_" if c in '"%\\\r\n\v\b' else c for c in name) + '"'


def _word(text: str) -> str:
    """An attribute name or type as Mermaid's lexer takes it:
    ``[*A-Za-z_\\u00C0-][A-Za-z0-9-_[]().,*\\u00C0-]*``."""
    out = []
    for i, c in enumerate(text):
        ok = c.isascii() and (c.isalpha() or c in "_*") or ord(c) >= 0xC0
        if i > 0:
            ok = ok or c.isdigit() or c in "-[]().,"
        out.append(c if ok else "_")
    word = "".join(out) or "_"
    if text and text[0].isdigit():  # keep the digit, after a letter Mermaid accepts first
        word = "_" + text[0] + word[1:]
    return word


def _entity(table: Table, warnings: list[str]) -> list[str]:
    pk = set(table.primary_key.columns) if table.primary_key else set()
    fk = {c for k in table.foreign_keys for c in k.columns}
    uk = {u.columns[0] for u in table.uniques if len(u.columns) == 1}
    uk |= {ix.elements[0].column for ix in table.indexes
           if ix.unique and len(ix.elements) == 1 and ix.elements[0].column and not ix.predicate}
    lines = [f"    {entity_name(table)} {{"]
    for column in table.columns:
        type_text = str(column.type).replace('"', "").strip() or "untyped"
        type_word, name_word = _word(type_text.replace(" ", "_")), _word(column.name)
        if name_word != column.name:
            warnings.append(f"{table.qualified_name}.{column.name}: written as {name_word} (Mermaid cannot quote "
                            "attribute names)")
        keys = [k for k, on in (("PK", column.id in pk), ("FK", column.id in fk), ("UK", column.id in uk)) if on]
        line = f"        {type_word} {name_word}"
        if keys:
            line += " " + ", ".join(keys)
        if column.comment:
            comment = " ".join(column.comment.split()).replace('"', "'")
            line += f' "{comment}"'
        lines.append(line)
    lines.append("    }")
    return lines


def cardinality(table: Table, fk: ForeignKey) -> tuple[str, str, bool]:
    """(referenced side, referencing side, identifying) for ``fk`` of ``table``."""
    by_id = {c.id: c for c in table.columns}
    required = all(not by_id[c].nullable for c in fk.columns if c in by_id)
    cols = set(fk.columns)
    keys = [set(u.columns) for u in table.uniques]
    keys += [{e.column for e in ix.elements} for ix in table.indexes
             if ix.unique and not ix.predicate and all(e.column for e in ix.elements)]
    pk = set(table.primary_key.columns) if table.primary_key else set()
    if pk:
        keys.append(pk)
    unique = any(key and key <= cols for key in keys)
    identifying = bool(pk) and cols <= pk
    return ("||" if required else "|o"), ("o|" if unique else "o{"), identifying


def _relationship(parent: Table, child: Table, fk: ForeignKey) -> str:
    left, right, identifying = cardinality(child, fk)
    line = "--" if identifying else ".."
    label = fk.name or ", ".join(child.column_names(fk.columns))
    label = " ".join(label.split()).replace('"', "'")
    return f'    {entity_name(parent)} {left}{line}{right} {entity_name(child)} : "{label}"'
