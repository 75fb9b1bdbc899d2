"""Live import, what only PostgreSQL's catalog tells: namespaces and their
comments, table extras (persistence, row-level security, partitioning,
inheritance), index comments, enums, sequences, domain columns."""

from __future__ import annotations

from dataclasses import replace

from tablewright.designer.model import EnumType, Namespace, Sequence, derived_id, identity_sequence


def _sequence_bounds(data_type: str | None, increment: int | None) -> tuple[int, int]:
    bits = {"smallint": 16, "integer": 32}.get(data_type or "", 64)
    top = 2 ** (bits - 1) - 1
    if increment is not None and increment < 0:
        return -top - 1, -1
    return 1, top


class _PostgresReader:
    """PostgreSQL catalog queries (methods of the live import's reader)."""

    def _pg_domain_columns(self, db_schema: str) -> dict[tuple[str, str], dict]:
        """The column's own NOT NULL and default, for columns whose type is a domain."""
        rows = self.conn.execute(
            self.sa.text(
                "SELECT c.relname, a.attname, t.typtype = 'd', a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid), "
                "       CASE WHEN cn.nspname <> 'pg_catalog' THEN format('%I.%I', cn.nspname, co.collname) END "
                "FROM pg_attribute a "
                "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_type t ON t.oid = a.atttypid "
                "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
                "LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> t.typcollation "
                "LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace "
                "WHERE n.nspname = :s AND a.attnum > 0 AND NOT a.attisdropped "
                "AND (t.typtype = 'd' OR cn.nspname <> 'pg_catalog')"
            ),
            {"s": db_schema},
        )
        out = {}
        for table, column, domain, notnull, default, collation in rows:
            info = out.setdefault((table, column), {})
            if domain:
                info.update(nullable=not notnull, default=default)
            if collation:  # a collation of the schema's own: qualified, as the search path may not find it
                info["collation"] = collation
        return out

    # -- PostgreSQL -------------------------------------------------------------------------
    def _pg_namespaces_and_extras(self, db_schemas: list[str]) -> None:
        text = self.sa.text
        bind = {"schemas": list(db_schemas)}
        rows = self.conn.execute(
            text(
                "SELECT n.nspname, obj_description(n.oid, 'pg_namespace') FROM pg_namespace n "
                "WHERE n.nspname = ANY(:schemas) ORDER BY n.nspname"
            ),
            bind,
        )
        comments = dict(rows.all())
        for name in db_schemas:
            comment = comments.get(name)
            if name == "public" and comment == "standard public schema":
                comment = None
            self.schema.namespaces.append(Namespace(derived_id("ns", name), name, comment))
        rows = self.conn.execute(
            text(
                "SELECT n.nspname, c.relname, c.relpersistence, c.relrowsecurity, "
                "pn.nspname, p.relname, pg_get_expr(c.relpartbound, c.oid), "
                "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, "
                "ARRAY(SELECT hn.nspname || chr(31) || h.relname FROM pg_inherits hi "
                "      JOIN pg_class h ON h.oid = hi.inhparent JOIN pg_namespace hn ON hn.oid = h.relnamespace "
                "      WHERE hi.inhrelid = c.oid ORDER BY hi.inhseqno) "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition "
                "LEFT JOIN pg_class p ON p.oid = i.inhparent "
                "LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(:schemas)"
            ),
            bind,
        )
        for ns, rel, persistence, rls, parent_ns, parent, bound, partition_by, inherits in rows:
            self.pg_extra[(ns, rel)] = {
                "persistence": persistence, "rls": rls, "parent_schema": parent_ns, "parent": parent,
                "bound": bound, "partition_by": partition_by,
                "inherits": [tuple(parent.split("\x1f")) for parent in inherits or []],  # a schema may hold a dot
            }
        rows = self.conn.execute(
            text(
                "SELECT n.nspname, c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('i', 'I') AND n.nspname = ANY(:schemas) "
                "AND obj_description(c.oid, 'pg_class') IS NOT NULL"
            ),
            bind,
        )
        self.pg_index_comments = {(ns, name): comment for ns, name, comment in rows}
        rows = self.conn.execute(
            text(
                "SELECT n.nspname, c.relname, c.reloptions FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('i', 'I') AND n.nspname = ANY(:schemas) AND c.reloptions IS NOT NULL"
            ),
            bind,
        )
        self.pg_index_storage = {(ns, name): dict(o.split("=", 1) for o in options) for ns, name, options in rows}

    def _pg_enums(self, db_schemas: list[str]) -> None:
        wanted = set(db_schemas)
        enums = [e for e in self.inspector.get_enums(schema="*") if (e.get("schema") or self.default_db_schema) in wanted]
        rows = self.conn.execute(
            self.sa.text(
                "SELECT n.nspname, t.typname, obj_description(t.oid, 'pg_type') FROM pg_type t "
                "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' "
                "AND obj_description(t.oid, 'pg_type') IS NOT NULL"
            )
        )
        comments = {(ns, name): comment for ns, name, comment in rows}
        for enum in sorted(enums, key=lambda e: (e.get("schema") or self.default_db_schema, e["name"])):
            ns = enum.get("schema") or self.default_db_schema
            self.schema.enums.append(EnumType(
                derived_id("enum", ns, enum["name"]), enum["name"], list(enum["labels"]), ns,
                comment=comments.get((ns, enum["name"])),
            ))

    def _pg_sequences(self, db_schemas: list[str]) -> None:
        """Sequences with their settings; those behind identity columns are
        part of the column, not separate objects."""
        rows = self.conn.execute(
            self.sa.text(
                "SELECT s.schemaname, s.sequencename, format_type(q.seqtypid, NULL), q.seqstart, "
                "q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle, d.deptype, "
                "tn.nspname, t.relname, a.attname, c.relpersistence "
                "FROM pg_sequences s "
                "JOIN pg_namespace n ON n.nspname = s.schemaname "
                "JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename "
                "JOIN pg_sequence q ON q.seqrelid = c.oid "
                "LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid "
                "  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
                "LEFT JOIN pg_class t ON t.oid = d.refobjid "
                "LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace "
                "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
                "WHERE s.schemaname = ANY(:schemas) ORDER BY s.schemaname, s.sequencename"
            ),
            {"schemas": list(db_schemas)},
        )
        for ns, name, data_type, start, increment, minv, maxv, cache, cycle, deptype, tns, tname, cname, persistence in rows:
            if deptype == "i":  # an identity column's: its name, where a rename since made it another
                table = self.tables.get((tns, tname))
                column = table.column_named(cname) if table else None
                if column is not None and column.identity is not None:
                    column.identity = identity_sequence(table, column, replace(column.identity, sequence=name))
                continue
            default_min, default_max = _sequence_bounds(data_type, increment)
            seq = Sequence(
                derived_id("seq", ns, name), name, ns,
                data_type=data_type if data_type != "bigint" else None,
                start=start, increment=increment,
                min_value=None if minv == default_min else minv,
                max_value=None if maxv == default_max else maxv,
                cache=cache, cycle=bool(cycle), unlogged=persistence == "u",
            )
            if deptype == "a" and tname:
                table = self.tables.get((tns, tname))
                column = table.column_named(cname) if table else None
                if column is not None:
                    seq.owned_by = (table.id, column.id)
            self.schema.sequences.append(seq)
