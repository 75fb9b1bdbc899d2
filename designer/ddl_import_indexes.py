"""DDL import, statement handlers for indexes (CREATE INDEX, CLUSTER),
sequences and COMMENT ON."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.tokens import TokenType

from tablewright.designer.ddl_import_nodes import _Skip, _int, _name, _table_ref, storage_of
from tablewright.designer.ddl_import_tokens import _dotted_name, _token_name
from tablewright.designer.dialects import is_mysql
from tablewright.designer.model import Index, IndexElement, Sequence, Table, derived_id


class _IndexHandlers:
    """Indexes, sequences, comments (methods of the importer's builder)."""

    # -- indexes ------------------------------------------------------------
    def _create_index(self, node: exp.Create, kind: str):
        index_node = node.this
        if not isinstance(index_node, exp.Index):
            raise _Skip("CREATE INDEX not understood")
        table = self._table_for(index_node.args["table"], must_exist=False)
        if table is None:
            ns, target = _table_ref(index_node.args["table"])
            if any(r.name and r.name.split(".")[-1].strip('"').lower() == target.lower() for r in self.schema.raw):
                self._keep_raw("index", _name(index_node.this))  # an index on a (materialized) view
                return
            raise _Skip(f"table {'.'.join(p for p in (ns, target) if p)} is not defined")
        params = index_node.args.get("params") or exp.IndexParameters()
        name = _name(index_node.this)
        elements = [self._index_element(table, col) for col in params.args.get("columns") or []]
        using = params.args.get("using")
        method = _name(using).lower() if using is not None else None
        mysql_options = (getattr(self, "_index_options", None) or {}) if is_mysql(self.dialect) else {}
        method = mysql_options.get("using", method)
        if "FULLTEXT" in kind:
            method = "fulltext"
        elif "SPATIAL" in kind:
            method = "spatial"
        where = params.args.get("where")
        index = Index(derived_id("ix", table.namespace, table.name, name or str(len(table.indexes))), name,
                      elements, unique=bool(node.args.get("unique")), method=method,
                      predicate=self._written("WHERE", where.this) if where is not None else None,
                      include=self._cols(table, params.args.get("include") or []),
                      clustered=True if kind.startswith("CLUSTERED") else (False if kind.startswith("NONCLUSTERED") else None),
                      comment=mysql_options.get("comment"),
                      location=self.statement.location,
                      storage=storage_of(params) if self.dialect == "postgres" else {})
        table.indexes.append(index)

    def _index_element(self, table: Table, node: exp.Expression) -> IndexElement:
        element = IndexElement()
        if isinstance(node, exp.Ordered):
            element.descending = bool(node.args.get("desc"))
            nulls_first = node.args.get("nulls_first")
            if self.dialect == "postgres" and nulls_first is not None and nulls_first != element.descending:
                element.nulls = "FIRST" if nulls_first else "LAST"
            node = node.this
        if isinstance(node, exp.Opclass):
            element.opclass = self._sql(node.expression)
            node = node.this
        if isinstance(node, exp.Collate):
            element.collation = _name(node.expression)
            node = node.this
        if isinstance(node, exp.ColumnPrefix):
            element.length = _int(node.expression)
            node = node.this
        elif is_mysql(self.dialect) and isinstance(node, exp.Anonymous) and len(node.expressions) == 1 \
                and isinstance(node.expressions[0], exp.Literal) and self._column_named(table, node.name) is not None:
            # CREATE INDEX … (title(20)): MySQL's prefix length, which sqlglot reads as a call
            element.length = _int(node.expressions[0])
            node = exp.column(node.name)
        if isinstance(node, exp.Paren):
            node = node.this
        if isinstance(node, (exp.Column, exp.Identifier)) and self._column_named(table, _name(node)) is not None:
            element.column = self._column_id(table, _name(node))
        else:
            element.expression = self._sql(node)
        return element

    def _cluster(self, before_index: int) -> None:
        """``CLUSTER t USING ix`` / ``ALTER TABLE t CLUSTER ON ix``: ix is the table's clustering index."""
        tokens = self.statement.tokens
        start = 1 if tokens[0].text.upper() == "CLUSTER" else 2
        parts = _dotted_name(tokens, start, self.fold)
        table = self._find_table(parts[-1], parts[-2] if len(parts) > 1 else None)
        name = _token_name(tokens[before_index + 1], self.fold) if before_index + 1 < len(tokens) else None
        if table is None:  # a materialized view (kept verbatim) or a table defined elsewhere: keep it as written
            self._keep_raw("cluster", ".".join(parts))
            return
        found = [ix for ix in table.indexes if ix.name == name] + \
            [pk for pk in [table.primary_key] if pk is not None and pk.name == name]
        if not found:
            if any(u.name == name for u in table.uniques):
                self._issue("warning", f"CLUSTER on unique constraint {name} of {table.qualified_name} not modelled")
                return
            self._keep_raw("cluster", ".".join(parts))  # an index the engine makes (a partition's): as written
            return
        for other in [*table.indexes, *[pk for pk in [table.primary_key] if pk is not None]]:
            other.clustered = None
        found[0].clustered = True

    def _create_sequence(self, node: exp.Create):
        ns, name = _table_ref(node.this)
        ns = ns or self.namespace
        seq = Sequence(derived_id("seq", ns, name), name, ns, location=self.statement.location)
        if isinstance(node.args.get("expression"), exp.DataType):  # CREATE SEQUENCE s AS integer
            seq.data_type = self._sql(node.args["expression"])
        props = node.args.get("properties")
        for prop in props.expressions if props else []:
            if isinstance(prop, exp.UnloggedProperty):
                seq.unlogged = True
            if isinstance(prop, exp.SequenceProperties):
                seq.start = _int(prop.args.get("start"))
                seq.increment = _int(prop.args.get("increment"))
                seq.min_value = _int(prop.args.get("minvalue"))
                seq.max_value = _int(prop.args.get("maxvalue"))
                seq.cache = _int(prop.args.get("cache"))
                seq.cycle = any(_name(o).upper() == "CYCLE" for o in prop.args.get("options") or [])
                owned = prop.args.get("owned")
                if owned is not None:
                    self.pending_owned.append((seq, owned))
                if prop.args.get("as"):
                    seq.data_type = self._sql(prop.args.get("as"))
        self.schema.sequences.append(seq)

    def _alter_sequence_command(self):
        tokens = self.statement.tokens
        texts = [t.text.upper() for t in tokens]
        if "OWNED" in texts:
            i = texts.index("OWNED")
            name_parts = [_token_name(t, self.fold) for t in tokens[2:i] if t.token_type != TokenType.DOT]
            owner = [_token_name(t, self.fold) for t in tokens[i + 2:] if t.token_type != TokenType.DOT]
            seq = self._find_sequence(name_parts[-1], name_parts[-2] if len(name_parts) > 1 else None)
            if seq is None:
                raise _Skip(f"ALTER SEQUENCE for unknown sequence {'.'.join(name_parts)}")
            if owner and owner[0].upper() != "NONE":
                self.pending_owned.append((seq, tuple(owner)))  # the parts, never re-split (a schema may be "my.app")
            return
        if self.dialect == "postgres" and texts[-3:-1] == ["RENAME", "TO"]:  # ALTER SEQUENCE [IF EXISTS] s RENAME TO t
            name = _dotted_name(tokens, 2, self.fold)
            after = 2 + 2 * (texts[2] == "IF") + 2 * len(name) - 1  # the RENAME after the name
            if after == len(texts) - 3 and self._rename_sequence(name, _token_name(tokens[-1], self.fold)):
                return
        self._ignore("ALTER SEQUENCE")

    # -- COMMENT ON ------------------------------------------------------------
    def _on_comment(self, node: exp.Comment):
        kind = (node.args.get("kind") or "").upper()
        # a string: quoted ('…') or dollar-quoted ($$…$$, sqlglot's RawString, exactly as written); NULL removes it
        if isinstance(node.expression, (exp.Literal, exp.RawString)):
            text = node.expression.name
        elif isinstance(node.expression, exp.Null):
            text = None
        else:  # a text the model cannot read as one string: the statement as written
            self._keep_raw("comment")
            return
        target = node.this
        if kind == "TABLE":
            self._table_for(target).comment = text
        elif kind == "COLUMN":
            table_ref = exp.Table(this=target.args.get("table"), db=target.args.get("db"))
            table = self._table_for(table_ref)
            column = self._column_named(table, target.name)
            if column is None:
                raise _Skip(f"COMMENT ON COLUMN: no column {target.name!r} in {table.qualified_name}")
            column.comment = text
        elif kind == "INDEX":
            ns, name = _table_ref(target)
            for table in self.schema.tables:
                for index in table.indexes:
                    if index.name == name:
                        index.comment = text
                        return
            raise _Skip(f"COMMENT ON INDEX: no index {name!r}")
        elif kind == "TYPE":
            ns, name = _table_ref(target)
            enum = self.schema.find_enum(name, ns)
            if enum is not None:
                enum.comment = text
            else:
                self._keep_raw("comment")
        elif kind == "SCHEMA":
            name = _name(target)
            self._ensure_namespace(name)
            for namespace in self.schema.namespaces:
                if namespace.name == name:
                    namespace.comment = text
                    return
            self._keep_raw("comment")
        else:
            self._keep_raw("comment")
