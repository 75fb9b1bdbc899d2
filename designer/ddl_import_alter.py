"""DDL import, statement handlers for ALTER TABLE (parsed, and the forms
sqlglot keeps as a command: identity, SQL Server's DEFAULT … FOR, ATTACH
PARTITION, row-level security)."""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.tokens import TokenType

from tablewright.designer import types as dtypes
from tablewright.designer.ddl_import_nodes import _Skip, _name, _table_ref, storage_name, storage_value
from tablewright.designer.ddl_import_tokens import _dotted_name, _span, _token_name, sequence_options
from tablewright.designer.dialects import is_mysql
from tablewright.designer.model import Column, Schema, Table, engine_default_name, identity_of
from tablewright.designer.sql_split import SQLGLOT_FAILURES


def drop_column(schema: Schema, table: Table, column_id: str) -> None:
    """Remove a column and what depends on it, here and in other tables."""
    table.remove_column(column_id)
    for other in schema.tables:
        other.drop_references_to(table.id, column_id)


def drop_constraint(table: Table, name: str, *, engine_names: bool = False) -> bool:
    """Remove the constraint named ``name``; with ``engine_names`` (PostgreSQL), an unnamed one
    whose name the engine gives it is ``name`` (``ALTER TABLE t DROP CONSTRAINT t_pkey``)."""
    for named in (lambda c: c.name == name, lambda c: c.name is None and engine_default_name(table, c) == name):
        if table.primary_key and named(table.primary_key):
            table.primary_key = None
            return True
        for attr in ("foreign_keys", "uniques", "checks", "exclusions"):
            items = getattr(table, attr)
            kept = [c for c in items if not named(c)]
            if len(kept) != len(items):
                setattr(table, attr, kept)
                return True
        if not engine_names:
            break
    return False


class _AlterHandlers:
    """ALTER TABLE (methods of the importer's builder)."""

    # -- ALTER TABLE ---------------------------------------------------------
    def _on_alter(self, node: exp.Alter):
        if (node.args.get("kind") or "").upper() != "TABLE":
            actions = node.args.get("actions") or []
            if (node.args.get("kind") or "").upper() == "INDEX" and len(actions) == 1 \
                    and isinstance(actions[0], exp.AlterRename) and isinstance(node.this, exp.Table) \
                    and self._rename_named(None, node.this.name, _table_ref(actions[0].this)[1],
                                           ("primary_key", "uniques", "exclusions", "indexes")):
                return  # PostgreSQL's ALTER INDEX i RENAME TO j (a key's index: the key is renamed with it)
            self._keep_raw(f"alter {(node.args.get('kind') or '').lower()}")
            return
        table = self._table_for(node.this)
        actions, options = node.args.get("actions") or [], node.args.get("options") or []
        if (len(actions) == 1 and isinstance(actions[0], exp.AlterRename) and len(options) == 1
                and isinstance(options[0], exp.ToTableProperty)):
            # PostgreSQL's ALTER TABLE t RENAME a TO b (COLUMN is optional) renames a column; sqlglot reads
            # it as a table rename to a with a TO b option (Asterisk's realtime schema renamed
            # ps_endpoints to mwi_fromuser so). A table rename is RENAME TO b, with no name before TO.
            actions = [exp.RenameColumn(this=exp.Column(this=actions[0].this.this),
                                        to=exp.Column(this=options[0].this.this))]
            options = []
        for action in actions:
            self._alter_action(table, action, not_valid=bool(node.args.get("not_valid")))
        if options:
            self._alter_table_options(table, options)

    def _alter_table_options(self, table: Table, options: list[exp.Expression]) -> None:
        """MySQL's ``ALTER TABLE t [DEFAULT] COLLATE c``, ``ENGINE=e``, ``COMMENT='…'``: the table's
        options, as in a CREATE TABLE (theyworkforyou sets a table's collation so; it was dropped
        without a word).  A new default character set or collation is not applied to the columns the
        table has: a character column with none of its own keeps the one it had, which the model
        cannot say when the table had none either (the database's default): a warning then."""
        before = (table.options.charset, table.options.collation)
        self._table_properties(table, exp.Properties(expressions=list(options)))
        kinds = {type(o) for o in options}
        if exp.CollateProperty in kinds and exp.CharacterSetProperty not in kinds:
            table.options.charset = None  # the collation's own character set, not the old one
        elif exp.CharacterSetProperty in kinds and exp.CollateProperty not in kinds:
            table.options.collation = None  # the new character set's default collation
        if (table.options.charset, table.options.collation) == before:
            return
        implicit = [c.name for c in table.columns if c.type.kind in ("char", "varchar", "text", "enum", "set")
                    and c.charset is None and c.collation is None]
        if implicit and before == (None, None):
            self._issue("warning", f"ALTER TABLE {table.qualified_name} changes its default character set or "
                        f"collation; columns {', '.join(implicit)} keep the database's, which the DDL does "
                        "not say (the export gives them the table's new one)")
        else:
            for column in table.columns:
                if column.name in implicit:
                    column.charset, column.collation = before

    def _alter_action(self, table: Table, action: exp.Expression, *, not_valid: bool) -> None:
        if isinstance(action, exp.AddConstraint):
            for element in action.expressions:
                if isinstance(element, exp.Constraint):
                    self._table_element(table, element)
                    # NOT VALID on whichever kind of constraint has it (a table without foreign keys
                    # lost it on its CHECK constraints: Plausible's goals and oban_jobs)
                    kinds = {exp.ForeignKey: table.foreign_keys, exp.CheckColumnConstraint: table.checks}
                    for part in element.expressions if not_valid else ():
                        added = kinds.get(type(part))
                        if added:
                            added[-1].not_valid = True
                else:
                    self._constraint(table, element, None, not_valid=not_valid)
        elif isinstance(action, exp.ColumnDef):
            self._add_column(table, action)
        elif isinstance(action, exp.ModifyColumn) and isinstance(action.this, exp.ColumnDef):
            if action.args.get("rename_from") is not None:
                self._change_column(table, action)
            else:
                self._modify_column(table, action.this)
        elif isinstance(action, exp.AlterColumn):
            column = self._column_named(table, _name(action.this))
            if column is None:
                raise _Skip(f"column {_name(action.this)!r} does not exist in table {table.qualified_name}")
            if action.args.get("default") is not None:
                column.default = self._written("DEFAULT", action.args["default"])
            elif action.args.get("drop") and action.args.get("allow_null") is None:
                column.default = None
            if action.args.get("allow_null") is not None:
                column.nullable = bool(action.args.get("allow_null"))
            if action.args.get("dtype") is not None:
                column.type = dtypes.from_sqlglot(action.args["dtype"], self.read, self.schema)
            if action.args.get("comment") is not None:
                column.comment = action.args["comment"].name
        elif isinstance(action, exp.RenameColumn):
            column = self._column_named(table, _name(action.this))
            if column is None:
                raise _Skip(f"RENAME COLUMN: no column {_name(action.this)!r} in {table.qualified_name}")
            to = action.args["to"]
            self._rename_column(table, column, _name(to), f'"{_name(to)}"' if getattr(to, "quoted", False) else None)
        elif isinstance(action, exp.RenameIndex):  # MySQL's RENAME INDEX|KEY a TO b
            if not self._rename_named(table, _name(action.this), _name(action.args["to"]), ("uniques", "indexes")):
                raise _Skip(f"RENAME INDEX: no index {_name(action.this)!r} on {table.qualified_name}")
        elif isinstance(action, exp.AlterRename):
            namespace, name = _table_ref(action.this)
            namespace = namespace if is_mysql(self.dialect) else None
            other = self._find_table(name, namespace if namespace is not None else table.namespace)
            if other is not None and other is not table and other.name.lower() == name.lower():
                raise _Skip(f"RENAME TO {name}: table {other.qualified_name} exists (the engine refuses it)")
            self._rename_table(table, namespace, name)
        elif isinstance(action, exp.Drop):
            self._alter_drop(table, action)
        elif isinstance(action, exp.DropPrimaryKey):
            # MySQL's ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (…): the key is replaced (openSIS)
            if table.primary_key is None:
                raise _Skip(f"DROP PRIMARY KEY: {table.qualified_name} has no primary key")
            table.primary_key = None
        elif isinstance(action, exp.AlterSet) and self.dialect == "postgres" and action.expressions \
                and all(isinstance(e, exp.EQ) for e in action.expressions):
            # ALTER TABLE t SET (fillfactor = 50, …): storage parameters
            for e in action.expressions:
                table.options.storage[storage_name(e.this)] = storage_value(e.expression)
        elif isinstance(action, exp.AlterSet):
            self._issue("info", f"ALTER TABLE {table.qualified_name} SET … ignored")
        else:
            self._issue("warning", f"ALTER TABLE action {self._sql(action)[:80]!r} on {table.qualified_name} not modelled")

    def _change_column(self, table: Table, action: exp.ModifyColumn) -> None:
        """MySQL ``CHANGE [COLUMN] old new definition``: renamed, its whole
        definition replaced in place; keys and indexes on it keep referring to it."""
        definition = action.this
        old_name = _name(action.args.get("rename_from")) or definition.name
        old = table.column_named(old_name)
        if old is None:
            raise _Skip(f"MODIFY/CHANGE of unknown column {old_name!r} in {table.qualified_name}")
        if definition.name != old.name:
            self._column_renamed(table, old.name, definition.name)
        new = self._column_in_place(table, old, definition)
        if new.id != old.id:  # renamed: what referred to the old column refers to the new one
            new.id, old_id = old.id, new.id
            for constraint in [*table.constraints(), *table.indexes]:
                for attr in ("columns", "include"):
                    ids = getattr(constraint, attr, None)
                    if isinstance(ids, list):
                        ids[:] = [new.id if c == old_id else c for c in ids]
                for element in getattr(constraint, "elements", []):
                    if element.column == old_id:
                        element.column = new.id
            for check in table.checks:
                if check.column == old_id:
                    check.column = new.id

    def _alter_drop(self, table: Table, action: exp.Drop) -> None:
        kind = (action.args.get("kind") or "").upper()
        names = [_name(t) for t in action.args.get("tables") or []]
        if kind == "COLUMN":
            for name in names:
                column = self._column_named(table, name)
                if column is None:
                    if action.args.get("exists"):
                        continue
                    raise _Skip(f"DROP COLUMN: no column {name!r} in {table.qualified_name}")
                self._drop_column(table, column, bool(action.args.get("cascade")))
        elif kind == "CONSTRAINT":
            for name in names:
                if not drop_constraint(table, name, engine_names=self.dialect == "postgres") and not action.args.get("exists"):
                    raise _Skip(f"DROP CONSTRAINT: no constraint {name!r} on {table.qualified_name}")
        else:
            raise _Skip(f"ALTER TABLE … DROP {kind} is not applied")

    def _alter_table_command(self):
        texts = [t.text.upper() for t in self.statement.tokens]
        if "GENERATED" in texts and "IDENTITY" in texts and "ADD" in texts:
            self._add_identity(texts)
            return
        if self._identity_change(texts):
            self._alter_identity(texts)
            return
        at = texts.index("RENAME") if "RENAME" in texts else -1
        if at > 2 and texts[at + 1:at + 2] == ["CONSTRAINT"] and texts[-2:-1] == ["TO"] and len(texts) == at + 5:
            # ALTER TABLE [IF EXISTS] [ONLY] t RENAME CONSTRAINT c TO d
            tokens = self.statement.tokens
            parts = _dotted_name(tokens, 2, self.fold)
            table = self._find_table(parts[-1], parts[-2] if len(parts) > 1 else None)
            if table is None:
                raise _Skip(f"table {'.'.join(parts)} is not defined")
            old, new = _token_name(tokens[at + 2], self.fold), _token_name(tokens[at + 4], self.fold)
            if not self._rename_named(table, old, new,
                                      ("primary_key", "uniques", "foreign_keys", "checks", "exclusions")):
                raise _Skip(f"RENAME CONSTRAINT: no constraint {old!r} on {table.qualified_name}")
            return
        if self.dialect == "postgres" and texts[-3:-1] == ["SET", "SCHEMA"] and texts[1] == "TABLE":
            self._set_schema(texts)
            return
        if self.dialect == "postgres" and "RESET" in texts and texts[-1] == ")":
            self._reset_storage(texts)
            return
        if "DEFAULT" in texts and "FOR" in texts and texts.index("DEFAULT") < texts.index("FOR"):
            self._mssql_default_for()
            return
        if "ROW" in texts and "SECURITY" in texts:
            parts = _dotted_name(self.statement.tokens, 2, self.fold)
            table = self._find_table(parts[-1], parts[-2] if len(parts) > 1 else None)
            if table is not None:
                table.options.row_level_security = "ENABLE" in texts
                return
        if self.dialect == "postgres" and texts[-3:-1] == ["CLUSTER", "ON"]:
            self._cluster(len(texts) - 2)
            return
        if "CLUSTER" in texts or "REPLICA" in texts or "STATISTICS" in texts or "TRIGGER" in texts:
            self._ignore("ALTER TABLE storage/trigger setting")
            return
        if "ATTACH" in texts and "PARTITION" in texts:
            self._attach_partition(texts)
            return
        if self.dialect == "mssql" and "CONSTRAINT" in texts and texts[texts.index("CONSTRAINT") - 1] in ("CHECK", "NOCHECK"):
            # ALTER TABLE t [WITH CHECK] CHECK|NOCHECK CONSTRAINT c|ALL: enables or disables enforcement
            if texts[texts.index("CONSTRAINT") - 1] == "CHECK":
                self._ignore("ALTER TABLE … CHECK CONSTRAINT (enforcement on, as the model has it)")
                return
            raise _Skip("ALTER TABLE … NOCHECK CONSTRAINT (enforcement off) is not modelled")
        raise _Skip("ALTER TABLE statement not understood")

    def _attach_partition(self, texts: list[str]) -> None:
        """pg_dump: ``ALTER TABLE [ONLY] parent ATTACH PARTITION child FOR VALUES …``
        (or ``DEFAULT``): the child becomes a partition of the parent, as if
        created with ``PARTITION OF``."""
        tokens = self.statement.tokens
        where = self.statement.location_at
        attach = texts.index("ATTACH")
        if attach + 1 >= len(texts) or texts[attach + 1] != "PARTITION":
            raise _Skip("ATTACH PARTITION: PARTITION expected after ATTACH", where(tokens[attach].start),
                        syntax=True)
        pparts = _dotted_name(tokens, 2, self.fold)
        start = 2 + sum(1 for t in texts[2:attach] if t in ("IF", "NOT", "EXISTS", "ONLY"))
        if start >= attach or not all(pparts):
            raise _Skip("ATTACH PARTITION: a table name expected after ALTER TABLE", where(tokens[attach].start),
                        syntax=True)
        at = attach + 1
        cparts = _dotted_name(tokens, at + 1, self.fold)
        if not cparts or not all(cparts):
            raise _Skip("ATTACH PARTITION: a table name expected after ATTACH PARTITION",
                        where(tokens[at].end + 1), syntax=True)
        parent = self._find_table(pparts[-1], pparts[-2] if len(pparts) > 1 else None)
        child = self._find_table(cparts[-1], cparts[-2] if len(cparts) > 1 else None)
        if parent is None or child is None:
            raise _Skip("ATTACH PARTITION of a table that is not defined")
        rest = at + 1 + 2 * len(cparts) - 1
        bound = _span(tokens[rest], tokens[-1], self.statement.text).rstrip(";").strip() if rest < len(tokens) else ""
        if bound.upper().startswith("FOR VALUES"):
            bound = bound[len("FOR VALUES"):].strip()
        child.options.partition_of = parent.id
        child.options.partition_bound = bound or None

    def _command_table(self, texts: list[str], word: str) -> tuple[Table, int]:
        """``ALTER TABLE [IF EXISTS] [ONLY] t <word> …`` read as a command: the table and the index of ``word``."""
        tokens = self.statement.tokens
        start = 2 + 2 * (texts[2:4] == ["IF", "EXISTS"])
        start += texts[start] == "ONLY"
        end = texts.index(word, start)
        parts = [_token_name(t, self.fold) for t in tokens[start:end] if t.token_type != TokenType.DOT]
        return self._table_for(exp.table_(parts[-1], db=parts[-2] if len(parts) > 1 else None)), end

    def _identity_column(self, texts: list[str], what: str) -> tuple[Table, Column, int]:
        """``ALTER TABLE [IF EXISTS] [ONLY] t ALTER [COLUMN] c …``: the table, the
        column and the index of the token after the column's name."""
        tokens = self.statement.tokens
        table, name_end = self._command_table(texts, "ALTER")
        col_at = name_end + (2 if texts[name_end + 1] == "COLUMN" else 1)
        column = self._column_named(table, _token_name(tokens[col_at], self.fold))
        if column is None:
            raise _Skip(f"{what}: no column {tokens[col_at].text!r} in {table.qualified_name}")
        return table, column, col_at + 1

    def _add_identity(self, texts: list[str]) -> None:
        """pg_dump: ``ALTER TABLE t ALTER COLUMN c ADD GENERATED … AS IDENTITY (…)``."""
        table, column, after = self._identity_column(texts, "ADD GENERATED … AS IDENTITY")
        column.identity = self._identity_made(table, column, identity_of(
            always="ALWAYS" in texts[after:texts.index("IDENTITY")],
            **sequence_options(self.statement.tokens[texts.index("IDENTITY") + 1:])))
        column.nullable = False

    def _alter_identity(self, texts: list[str]) -> None:
        """``ALTER TABLE t ALTER COLUMN c SET GENERATED ALWAYS | SET CYCLE | SET INCREMENT
        BY n | RESTART … | DROP IDENTITY [IF EXISTS]`` (any run of them, PostgreSQL):
        the identity's options change (sqlglot reads none of these)."""
        _, column, after = self._identity_column(texts, "ALTER COLUMN … identity")
        if texts[after:after + 2] == ["DROP", "IDENTITY"]:
            column.identity = None
            return
        if column.identity is None:
            raise _Skip(f"ALTER COLUMN {column.name} SET …: the column is not an identity column")
        rest = texts[after:]
        always = column.identity.always
        if "GENERATED" in rest:
            always = rest[rest.index("GENERATED") + 1] == "ALWAYS"
        options = {k: v for k, v in vars(column.identity).items() if k != "always"}
        column.identity = identity_of(always=always, **(options | sequence_options(self.statement.tokens[after:])))

    def _set_schema(self, texts: list[str]) -> None:
        """PostgreSQL's ``ALTER TABLE [IF EXISTS] t SET SCHEMA s``: the table moves, with its indexes,
        constraints and the sequences its columns own (and what follows a rename: ddl_import_follow)."""
        table, _ = self._command_table(texts, "SET")
        namespace = _token_name(self.statement.tokens[-1], self.fold)
        if not any((n.name if self.fold is not None else n.name.lower())
                   == (namespace if self.fold is not None else namespace.lower())
                   for n in self.schema.namespaces) and namespace.lower() != "public":
            raise _Skip(f"SET SCHEMA: no schema {namespace} (the engine refuses the statement)")
        other = self._find_table(table.name, namespace)
        if other is not None and other is not table:
            raise _Skip(f"SET SCHEMA {namespace}: table {other.qualified_name} exists (the engine refuses it)")
        self._rename_table(table, namespace, table.name)
        for seq in self.schema.sequences:
            if seq.owned_by and seq.owned_by[0] == table.id and seq.namespace != namespace:
                self._rename_sequence([*([seq.namespace] if seq.namespace else []), seq.name], seq.name,
                                      to_namespace=namespace)

    def _reset_storage(self, texts: list[str]) -> None:
        """``ALTER TABLE [IF EXISTS] [ONLY] t RESET (fillfactor, …)``: the parameters go back to the engine's."""
        tokens = self.statement.tokens
        table, at = self._command_table(texts, "RESET")
        names, current = [], ""
        for t in tokens[at + 2:-1]:
            if t.token_type == TokenType.COMMA:
                names.append(current)
                current = ""
            else:
                current += "." if t.token_type == TokenType.DOT else t.text.lower()
        for name in [*names, current]:
            table.options.storage.pop(name, None)

    def _identity_change(self, texts: list[str]) -> bool:
        """Is this PostgreSQL's ``ALTER [COLUMN] c SET <identity option> / RESTART / DROP IDENTITY``?"""
        if self.dialect != "postgres" or texts.count("ALTER") < 2:
            return False
        tail = texts[texts.index("ALTER", 1):]
        return ("DROP" in tail and "IDENTITY" in tail) or "RESTART" in tail or any(
            a == "SET" and b in ("GENERATED", "CYCLE", "NO", "INCREMENT", "START", "MINVALUE", "MAXVALUE", "CACHE")
            for a, b in zip(tail, tail[1:]))

    def _mssql_default_for(self) -> None:
        """SQL Server: ``ALTER TABLE t ADD [CONSTRAINT df] DEFAULT (expr) FOR col``; a part
        missing or malformed is reported where it should be."""
        stmt = self.statement
        tokens = stmt.tokens
        upper = [t.text.upper() for t in tokens]
        i, j = upper.index("DEFAULT"), upper.index("FOR")
        at = stmt.location_at
        if "ADD" not in upper[2:i]:
            raise _Skip("ALTER TABLE … DEFAULT … FOR: ADD [CONSTRAINT name] expected before DEFAULT",
                        at(tokens[i].start), syntax=True)
        add = upper.index("ADD", 2)
        parts = [_token_name(t, self.fold) for t in tokens[2:add] if t.token_type != TokenType.DOT]
        if not parts or not all(parts) or len(parts) > 3:
            raise _Skip("ALTER TABLE … DEFAULT … FOR: a table name expected after ALTER TABLE",
                        at(tokens[2 if add > 2 else add].start), syntax=True)
        table = self._table_for(exp.table_(parts[-1], db=parts[-2] if len(parts) > 1 else None))
        if j + 1 >= len(tokens):
            raise _Skip("ALTER TABLE … DEFAULT … FOR: a column name expected after FOR", at(tokens[j].start),
                        syntax=True)
        column = self._column_named(table, tokens[j + 1].text)
        if column is None:
            raise _Skip(f"DEFAULT … FOR unknown column {tokens[j + 1].text!r} of {table.qualified_name}",
                        at(tokens[j + 1].start))
        if j == i + 1:
            raise _Skip("ALTER TABLE … DEFAULT … FOR: an expression expected after DEFAULT", at(tokens[j].start),
                        syntax=True)
        text = stmt.text[tokens[i + 1].start: tokens[j - 1].end + 1]
        try:
            column.default = sqlglot.parse_one(text, read=self.read).sql(dialect=self.read)
        except SQLGLOT_FAILURES:
            raise _Skip(f"ALTER TABLE … DEFAULT … FOR: the default {text[:60]!r} is not an expression",
                        at(tokens[i + 1].start), syntax=True) from None
