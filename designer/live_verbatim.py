"""Live import of what the model keeps verbatim: the objects ``pg_dump
--schema-only`` (``mysqldump --routines --events --triggers``, ``.schema``)
shows beside the tables, read from the engine's catalog and written with the
engine's own definition functions wherever it has them.

PostgreSQL (``pg_definitions``), for the schemas read: extensions, collations,
text-search dictionaries and configurations, domains, composite and range types
(``pre`` objects: before the tables); functions and procedures
(``pg_get_functiondef``) and aggregates; then exclusion constraints
(``pg_get_constraintdef``), views and materialized views in dependency order
(``pg_get_viewdef``, with their options), indexes on materialized views
(``pg_get_indexdef``), triggers (``pg_get_triggerdef``, disabled ones
disabled again), rules (``pg_get_ruledef``), policies and FORCE ROW LEVEL
SECURITY, comments on everything the model does not hold itself
(``pg_identify_object_as_address``), and grants (from the ACLs, as ``pg_dump``
writes them: ``REVOKE ALL`` then one ``GRANT`` per privilege).  Objects that
belong to an extension are left to ``CREATE EXTENSION``; a partition's
constraints, indexes and triggers cloned from its parent are left to the
parent's.  Everything runs with ``search_path = pg_catalog`` (set by the live
importer), so every name comes back schema-qualified and quoted as needed.

MySQL/MariaDB (``mysql_definitions``): views, triggers, procedures, functions
and events through ``SHOW CREATE …``, with the ``DEFINER`` clause left out (a
definer that does not exist where the export is loaded makes the object
unusable), in an order that loads: views by their dependencies, routines,
triggers, events.

SQLite (``sqlite_definitions``): views and triggers as ``sqlite_master`` holds
them (their own text), views in dependency order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from tablewright.designer.dialects import quote
from tablewright.designer.importing import ImportIssue
from tablewright.designer.model import Namespace, RawObject, derived_id
from tablewright.designer.mysql_session import wrapped


@dataclass
class Definitions:
    """What the catalog reader found: raw objects per export phase, in load order,
    and facts the model holds itself (applied to the tables by the live importer)."""

    raw: list[RawObject] = field(default_factory=list)
    namespaces: list[Namespace] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    #: (schema, table, constraint name) -> (deferrable, initially deferred) for UNIQUE constraints
    deferrable: dict[tuple[str, str, str], tuple[bool, bool]] = field(default_factory=dict)
    #: the domains, composite and range types read (``schema.name`` as ``format_type`` writes them)
    types: set[str] = field(default_factory=set)
    #: (schema, table, name) -> a CHECK's expression as pg_get_constraintdef writes it (not pretty: it reads back the same)
    checks: dict[tuple[str, str, str], str] = field(default_factory=dict)
    #: (schema, index) -> {key position: collation} where an index key has its own collation
    index_collations: dict[tuple[str, str], dict[int, str]] = field(default_factory=dict)
    #: (schema, table) -> names of foreign keys not validated (NOT VALID)
    not_valid: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: (schema, table) -> names of indexes kept verbatim (what the model cannot say: NULLS NOT DISTINCT)
    verbatim_indexes: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: (schema, table) -> names of constraints and indexes cloned from the parent (partitions)
    inherited: dict[tuple[str, str], set[str]] = field(default_factory=dict)


def _raw(kind: str, sql: str, dialect: str, namespace: str | None, name: str | None) -> RawObject:
    sql = sql.strip()
    if not sql.endswith(";"):
        sql += ";"
    return RawObject(derived_id("raw", kind, namespace, name, sql if name is None else None), kind, sql, dialect, name)


def _ordered(items: dict, edges) -> list:
    """``items`` (key -> sort key) in dependency order (``edges``: (before, after)),
    by the sort key where the dependencies leave a choice."""
    graph = nx.DiGraph()
    graph.add_nodes_from(items)
    graph.add_edges_from((a, b) for a, b in edges if a in items and b in items and a != b)
    try:
        return list(nx.lexicographical_topological_sort(graph, key=lambda k: items[k]))
    except nx.NetworkXUnfeasible:  # a cycle the engine allowed (it does not for views); keep creation order
        return sorted(items, key=lambda k: items[k])


# -- PostgreSQL ----------------------------------------------------------------------------------

# objects in the schemas read that no extension owns and that are not made with another (a range's constructors): ``{alias}`` is the catalog row, ``{cls}`` its catalog
_NOT_EXTENSION = ("NOT EXISTS (SELECT 1 FROM pg_depend xd WHERE xd.classid = '{cls}'::regclass "
                  "AND xd.objid = {alias}.oid AND xd.deptype IN ('e', 'i'))")


def _free(alias: str, cls: str) -> str:
    return _NOT_EXTENSION.format(alias=alias, cls=cls)


class _Pg:
    def __init__(self, conn, db_schemas: list[str], out: Definitions):
        self.conn = conn
        self.schemas = list(db_schemas)
        self.out = out
        self.version = int(conn.exec_driver_sql("SHOW server_version_num").scalar())

    def rows(self, sql: str, **params):
        from sqlalchemy import text

        return self.conn.execute(text(sql), {"schemas": self.schemas, **params}).all()

    def add(self, kind: str, sql: str, namespace: str | None = None, name: str | None = None) -> None:
        self.out.raw.append(_raw(kind, sql, "postgres", namespace, name))

    def warn(self, message: str) -> None:
        self.out.issues.append(ImportIssue("warning", message))

    # -- before the tables
    def extensions(self) -> None:
        rows = self.rows(
            "SELECT e.extname, n.nspname, format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I', e.extname, n.nspname) "
            "FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname <> 'plpgsql' ORDER BY e.oid"
        )
        for name, schema, sql in rows:
            if schema not in self.schemas and schema != "pg_catalog" and \
                    all(ns.name != schema for ns in self.out.namespaces):
                self.out.namespaces.append(Namespace(derived_id("ns", schema), schema))
            self.add("extension", sql, schema, name)

    def collations(self) -> None:
        rows = self.rows(
            "SELECT n.nspname, c.collname, format('%I.%I', n.nspname, c.collname), to_jsonb(c) "
            "FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace "
            f"WHERE n.nspname = ANY(:schemas) AND {_free('c', 'pg_collation')} ORDER BY c.oid"
        )
        for ns, name, qualified, row in rows:
            provider = {"i": "icu", "c": "libc", "b": "builtin", "d": "default"}.get(row.get("collprovider"), "libc")
            parts = [f"provider = {provider}"]
            locale = row.get("colllocale") or row.get("colliculocale")
            if provider == "icu":
                parts.append(f"locale = {_literal(locale or row.get('collcollate') or '')}")
            elif provider == "builtin":
                parts.append(f"locale = {_literal(locale or '')}")
            else:
                parts.append(f"lc_collate = {_literal(row.get('collcollate') or '')}")
                parts.append(f"lc_ctype = {_literal(row.get('collctype') or '')}")
            if row.get("collicurules"):
                parts.append(f"rules = {_literal(row['collicurules'])}")
            if row.get("collisdeterministic") is False:
                parts.append("deterministic = false")
            self.add("collation", f"CREATE COLLATION {qualified} ({', '.join(parts)})", ns, name)

    def text_search(self) -> None:
        rows = self.rows(
            "SELECT n.nspname, d.dictname, format('%I.%I', n.nspname, d.dictname), "
            "format('%I.%I', tn.nspname, t.tmplname), d.dictinitoption "
            "FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace "
            "JOIN pg_ts_template t ON t.oid = d.dicttemplate JOIN pg_namespace tn ON tn.oid = t.tmplnamespace "
            f"WHERE n.nspname = ANY(:schemas) AND {_free('d', 'pg_ts_dict')} ORDER BY d.oid"
        )
        for ns, name, qualified, template, options in rows:
            extra = f",\n    {options}" if options else ""
            self.add("text search dictionary",
                     f"CREATE TEXT SEARCH DICTIONARY {qualified} (\n    TEMPLATE = {template}{extra})", ns, name)
        rows = self.rows(
            "SELECT n.nspname, c.cfgname, format('%I.%I', n.nspname, c.cfgname), format('%I.%I', pn.nspname, p.prsname), "
            "ARRAY(SELECT format('ADD MAPPING FOR %s WITH %s', t.alias, "
            "       (SELECT string_agg(m.mapdict::regdictionary::text, ', ' ORDER BY m.mapseqno) "
            "        FROM pg_ts_config_map m WHERE m.mapcfg = c.oid AND m.maptokentype = t.tokid)) "
            "      FROM ts_token_type(c.cfgparser) t "
            "      WHERE EXISTS (SELECT 1 FROM pg_ts_config_map m WHERE m.mapcfg = c.oid AND m.maptokentype = t.tokid) "
            "      ORDER BY t.tokid) "
            "FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace "
            "JOIN pg_ts_parser p ON p.oid = c.cfgparser JOIN pg_namespace pn ON pn.oid = p.prsnamespace "
            f"WHERE n.nspname = ANY(:schemas) AND {_free('c', 'pg_ts_config')} ORDER BY c.oid"
        )
        for ns, name, qualified, parser, mappings in rows:
            self.add("text search configuration", f"CREATE TEXT SEARCH CONFIGURATION {qualified} (\n    PARSER = {parser})",
                     ns, name)
            for mapping in mappings:
                self.add("alter text search configuration", f"ALTER TEXT SEARCH CONFIGURATION {qualified}\n    {mapping}")

    def types(self) -> None:
        """Domains, composite and range types (enums are modelled), in creation order."""
        rows = self.rows(
            "SELECT t.typtype, n.nspname, t.typname, format('%I.%I', n.nspname, t.typname), "
            "format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault, "
            "CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation "
            "     THEN (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co "
            "           JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation) END, "
            "ARRAY(SELECT format('CONSTRAINT %I %s', c.conname, pg_get_constraintdef(c.oid)) FROM pg_constraint c "
            "      WHERE c.contypid = t.oid AND c.contype = 'c' AND c.convalidated ORDER BY c.conname), "
            "ARRAY(SELECT format('ALTER DOMAIN %I.%I ADD CONSTRAINT %I %s', n.nspname, t.typname, c.conname, "
            "             pg_get_constraintdef(c.oid)) FROM pg_constraint c "
            "      WHERE c.contypid = t.oid AND c.contype = 'c' AND NOT c.convalidated ORDER BY c.conname), "
            "ARRAY(SELECT format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)) || "
            "             CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation "
            "                  THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END "
            "      FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid "
            "      WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum), "
            "(SELECT concat_ws(', ', 'subtype = ' || format_type(r.rngsubtype, NULL), "
            "        CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation "
            "             THEN 'collation = ' || r.rngcollation::regcollation::text END, "
            "        CASE WHEN r.rngsubdiff <> 0 THEN 'subtype_diff = ' || r.rngsubdiff::regproc::text END, "
            "        CASE WHEN r.rngcanonical <> 0 THEN 'canonical = ' || r.rngcanonical::regproc::text END) "
            " FROM pg_range r JOIN pg_type st ON st.oid = r.rngsubtype WHERE r.rngtypid = t.oid) "
            "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            "LEFT JOIN pg_type bt ON bt.oid = t.typbasetype "
            "LEFT JOIN pg_class rel ON rel.oid = t.typrelid "
            "WHERE n.nspname = ANY(:schemas) AND (t.typtype IN ('d', 'r') OR (t.typtype = 'c' AND rel.relkind = 'c')) "
            f"AND {_free('t', 'pg_type')} ORDER BY t.oid"
        )
        for kind, ns, name, qualified, base, notnull, default, collation, checks, not_valid, attrs, rng in rows:
            self.out.types.add(qualified)
            if kind == "d":
                sql = f"CREATE DOMAIN {qualified} AS {base}"
                if collation:
                    sql += f" COLLATE {collation}"
                if default is not None:
                    sql += f" DEFAULT {default}"
                if notnull:
                    sql += " NOT NULL"
                for check in checks:
                    sql += f"\n    {check}"
                self.add("domain", sql, ns, name)
                for alter in not_valid:
                    self.add("alter domain", alter, ns, name)
            elif kind == "c":
                body = ",\n    ".join(attrs)
                self.add("type", f"CREATE TYPE {qualified} AS (\n    {body}\n)", ns, name)
            else:
                self.add("type", f"CREATE TYPE {qualified} AS RANGE ({rng})", ns, name)

    # -- after the tables
    def functions(self) -> None:
        rows = self.rows(
            "SELECT p.prokind, n.nspname, format('%I.%I(%s)', n.nspname, p.proname, "
            "       pg_get_function_identity_arguments(p.oid)), "
            "       CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END, "
            "       format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_arguments(p.oid)) "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            f"WHERE n.nspname = ANY(:schemas) AND {_free('p', 'pg_proc')} ORDER BY p.oid"
        )
        aggregates = self._aggregates()
        for prokind, ns, identity, definition, signature in rows:
            if prokind == "a":
                body = aggregates.get(identity)
                if body is None:
                    self.warn(f"aggregate {identity} is not imported (ordered-set and hypothetical-set "
                              "aggregates are not read)")
                    continue
                self.add("aggregate", f"CREATE AGGREGATE {signature} (\n    {body}\n)", ns, identity)
            else:
                self.add("procedure" if prokind == "p" else "function", definition, ns, identity)

    def _aggregates(self) -> dict[str, str]:
        rows = self.rows(
            "SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)), "
            "concat_ws(E',\\n    ', 'SFUNC = ' || a.aggtransfn::regproc::text, "
            "  'STYPE = ' || format_type(a.aggtranstype, NULL), "
            "  CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END, "
            "  CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || a.aggfinalfn::regproc::text END, "
            "  CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END, "
            "  CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || a.aggcombinefn::regproc::text END, "
            "  CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || a.aggserialfn::regproc::text END, "
            "  CASE WHEN a.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || a.aggdeserialfn::regproc::text END, "
            "  CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(a.agginitval) END, "
            "  CASE WHEN a.aggsortop <> 0 THEN 'SORTOP = ' || CASE WHEN a.aggsortop::regoper::text LIKE '%.%' "
            "       THEN 'OPERATOR(' || a.aggsortop::regoper::text || ')' ELSE a.aggsortop::regoper::text END END, "
            "  CASE WHEN p.proparallel = 's' THEN 'PARALLEL = safe' WHEN p.proparallel = 'r' THEN 'PARALLEL = restricted' END) "
            "FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = ANY(:schemas) AND a.aggkind = 'n' AND a.aggmtransfn = 0"
        )
        return dict(rows)

    def exclusions_and_deferrable(self) -> None:
        rows = self.rows(
            "SELECT c.contype, n.nspname, r.relname, c.conname, format('%I.%I', n.nspname, r.relname), "
            "       format('%I', c.conname), pg_get_constraintdef(c.oid), c.condeferrable, c.condeferred, "
            "       c.conparentid <> 0 OR NOT c.conislocal, c.convalidated "
            "FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
            "WHERE n.nspname = ANY(:schemas) AND r.relkind IN ('r', 'p') ORDER BY c.oid"
        )
        for contype, ns, table, name, qualified, quoted, definition, deferrable, deferred, cloned, validated in rows:
            if cloned:
                self.out.inherited.setdefault((ns, table), set()).add(name)
                continue
            if contype == "x":
                self.add("constraint", f"ALTER TABLE {qualified}\n    ADD CONSTRAINT {quoted} {definition}", ns,
                         f"{ns}.{table}.{name}")
            elif contype == "u":
                self.out.deferrable[(ns, table, name)] = (bool(deferrable), bool(deferred))
            elif contype == "f" and not validated:
                self.out.not_valid.setdefault((ns, table), set()).add(name)
            elif contype == "c":
                expression = _check_body(definition)
                if expression and _balanced_whole(expression):  # CHECK ((x > 0)): one pair is the CHECK's own
                    expression = _check_body(expression)
                if expression is not None:
                    self.out.checks[(ns, table, name)] = expression
            elif contype == "p" and deferrable:
                self.warn(f"the primary key {name} of {ns}.{table} is DEFERRABLE; the model keeps it not deferrable")
        if self.version >= 150000:  # NULLS NOT DISTINCT indexes (not constraints): the model's Index cannot say it
            rows = self.rows(
                "SELECT n.nspname, t.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE x.indnullsnotdistinct "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) "
                "AND t.relkind IN ('r', 'p') AND n.nspname = ANY(:schemas) ORDER BY i.oid"
            )
            for ns, table, index, definition in rows:
                self.out.verbatim_indexes.setdefault((ns, table), set()).add(index)
                self.add("index", definition, ns, index)
        rows = self.rows(
            "SELECT n.nspname, i.relname, k.n - 1, CASE WHEN cn.nspname = 'pg_catalog' THEN format('%I', co.collname) "
            "       ELSE format('%I.%I', cn.nspname, co.collname) END "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace "
            "CROSS JOIN LATERAL unnest(x.indcollation::oid[], x.indkey::int2[]) WITH ORDINALITY AS k(coll, attnum, n) "
            "JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum "
            "JOIN pg_collation co ON co.oid = k.coll JOIN pg_namespace cn ON cn.oid = co.collnamespace "
            "WHERE n.nspname = ANY(:schemas) AND k.coll <> 0 AND k.coll <> a.attcollation"
        )
        for ns, index, position, collation in rows:
            self.out.index_collations.setdefault((ns, index), {})[position] = collation
        # indexes of partitions attached to their parent's index
        rows = self.rows(
            "SELECT n.nspname, t.relname, i.relname FROM pg_inherits h JOIN pg_class i ON i.oid = h.inhrelid "
            "JOIN pg_index x ON x.indexrelid = i.oid JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE i.relkind IN ('i', 'I') AND n.nspname = ANY(:schemas)"
        )
        for ns, table, index in rows:
            self.out.inherited.setdefault((ns, table), set()).add(index)

    def views(self) -> None:
        rows = self.rows(
            "SELECT c.oid, c.relkind, n.nspname, c.relname, format('%I.%I', n.nspname, c.relname), "
            "       pg_get_viewdef(c.oid), array_to_string(c.reloptions, ', '), "
            "       (SELECT amname FROM pg_am WHERE oid = c.relam AND amname <> 'heap') "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(:schemas) AND {_free('c', 'pg_class')}"
        )
        edges = self.rows(
            "SELECT DISTINCT d.refobjid, r.ev_class FROM pg_rewrite r JOIN pg_depend d "
            "ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass "
            "WHERE d.refobjid <> r.ev_class"
        )
        by_oid = {row[0]: row for row in rows}
        for oid in _ordered({oid: oid for oid in by_oid}, edges):
            _, relkind, ns, name, qualified, definition, options, access_method = by_oid[oid]
            kind = "materialized view" if relkind == "m" else "view"
            head = f"CREATE {kind.upper()} {qualified}"
            if access_method:
                head += f" USING {access_method}"
            if options:
                head += f" WITH ({options})"
            self.add(kind, f"{head} AS\n{definition.strip().rstrip(';')}", ns, name)
        rows = self.rows(
            "SELECT n.nspname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE t.relkind = 'm' AND n.nspname = ANY(:schemas) ORDER BY i.oid"
        )
        for ns, name, definition in rows:
            self.add("index", definition, ns, name)

    def clusters_and_owners(self) -> None:
        """``CLUSTER ON`` marks, and schemas not owned by who reads them (``public`` by
        ``pg_database_owner`` unless changed)."""
        rows = self.rows(
            "SELECT n.nspname, format('ALTER TABLE %I.%I CLUSTER ON %I', n.nspname, t.relname, i.relname) "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE x.indisclustered AND n.nspname = ANY(:schemas) "
            "ORDER BY 1, 2"
        )
        for ns, sql in rows:
            self.add("alter table", sql, ns)
        rows = self.rows(
            "SELECT n.nspname, format('ALTER SCHEMA %I OWNER TO %I', n.nspname, pg_get_userbyid(n.nspowner)) "
            "FROM pg_namespace n WHERE n.nspname = ANY(:schemas) AND pg_get_userbyid(n.nspowner) <> "
            "CASE WHEN n.nspname = 'public' THEN 'pg_database_owner' ELSE current_user END ORDER BY 1"
        )
        for ns, sql in rows:
            self.add("alter schema", sql, ns)

    def triggers(self) -> None:
        parent = "t.tgparentid = 0" if self.version >= 130000 else "TRUE"
        rows = self.rows(
            "SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled, "
            "       format('ALTER TABLE %I.%I DISABLE TRIGGER %I', n.nspname, c.relname, t.tgname) "
            "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE NOT t.tgisinternal AND {parent} AND n.nspname = ANY(:schemas) ORDER BY n.nspname, c.relname, t.tgname"
        )
        for ns, _table, name, definition, enabled, disable in rows:
            self.add("trigger", definition, ns, name)
            if enabled == "D":
                self.add("alter table", disable)
        rows = self.rows(
            "SELECT r.schemaname, r.rulename, r.definition FROM pg_rules r "
            "WHERE r.schemaname = ANY(:schemas) ORDER BY r.schemaname, r.tablename, r.rulename"
        )
        for ns, name, definition in rows:
            self.add("rule", definition, ns, name)

    def policies(self) -> None:
        rows = self.rows(
            "SELECT n.nspname, p.polname, format('CREATE POLICY %I ON %I.%I', p.polname, n.nspname, c.relname), "
            "       p.polpermissive, p.polcmd, "
            "       ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END "
            "             FROM unnest(p.polroles) r ORDER BY 1), "
            "       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid) "
            "FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = ANY(:schemas) ORDER BY n.nspname, c.relname, p.polname"
        )
        commands = {"r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "*": "ALL"}
        for ns, name, head, permissive, command, roles, using, check in rows:
            sql = head
            if not permissive:
                sql += " AS RESTRICTIVE"
            sql += f" FOR {commands.get(command, 'ALL')} TO {', '.join(roles) or 'PUBLIC'}"
            if using is not None:
                sql += f"\n    USING ({using})"
            if check is not None:
                sql += f"\n    WITH CHECK ({check})"
            self.add("policy", sql, ns, name)
        rows = self.rows(
            "SELECT format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', n.nspname, c.relname) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relforcerowsecurity AND c.relkind IN ('r', 'p') AND n.nspname = ANY(:schemas) ORDER BY 1"
        )
        for (sql,) in rows:
            self.add("alter table", sql)

    def comments(self) -> None:
        """Comments on what the model does not hold (it keeps those on tables and
        their columns, on the indexes of tables, on enums and on schemas)."""
        rows = self.rows(
            "SELECT CASE WHEN t.typtype = 'd' THEN 'domain' ELSE a.type END, a.object_names, o.identity, "
            "       d.description, COALESCE(o.schema, a.object_names[1]) "
            "FROM pg_description d "
            "CROSS JOIN LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o "
            "CROSS JOIN LATERAL pg_identify_object_as_address(d.classoid, d.objoid, d.objsubid) a "
            "LEFT JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid "
            "LEFT JOIN pg_index x ON x.indexrelid = c.oid LEFT JOIN pg_class xt ON xt.oid = x.indrelid "
            "LEFT JOIN pg_type t ON d.classoid = 'pg_type'::regclass AND t.oid = d.objoid "
            "WHERE COALESCE(o.schema, CASE WHEN a.type IN ('trigger', 'policy', 'rule', 'table constraint') "
            "                         THEN a.object_names[1] END) = ANY(:schemas) "
            "AND NOT COALESCE(c.relkind IN ('r', 'p') OR xt.relkind IN ('r', 'p') OR t.typtype = 'e' "
            "                  OR d.classoid = 'pg_namespace'::regclass, FALSE) "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = d.classoid AND e.objid = d.objoid "
            "                AND e.deptype IN ('e', 'i')) "
            "ORDER BY d.classoid, d.objoid, d.objsubid"
        )
        for kind, names, identity, text, schema in rows:
            target = _comment_target(kind, names, identity)
            if target is not None:
                self.add("comment", f"COMMENT ON {target} IS {_literal(text)}", schema)

    def grants(self) -> None:
        """``GRANT``s where an object's ACL is not the default, as ``pg_dump`` writes them."""
        rows = self.rows(
            "SELECT n.nspname, format('%s %I.%I', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, "
            "       n.nspname, c.relname), c.relacl::text[], pg_get_userbyid(c.relowner), NULL::text "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relacl IS NOT NULL AND n.nspname = ANY(:schemas) "
            f"AND {_free('c', 'pg_class')} "
            "UNION ALL "
            "SELECT n.nspname, format('%s %I.%I(%s)', CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, "
            "       n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)), p.proacl::text[], "
            "       pg_get_userbyid(p.proowner), NULL "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            f"WHERE p.proacl IS NOT NULL AND n.nspname = ANY(:schemas) AND {_free('p', 'pg_proc')} "
            "UNION ALL "
            "SELECT n.nspname, format('SCHEMA %I', n.nspname), n.nspacl::text[], pg_get_userbyid(n.nspowner), NULL "
            "FROM pg_namespace n WHERE n.nspacl IS NOT NULL AND n.nspname = ANY(:schemas) "
            "AND NOT (n.nspname = 'public' AND n.nspacl = acldefault('n', n.nspowner) || "
            "         '{=U/pg_database_owner}'::aclitem[]) "
            "UNION ALL "
            "SELECT n.nspname, format('TYPE %I.%I', n.nspname, t.typname), t.typacl::text[], "
            "       pg_get_userbyid(t.typowner), NULL "
            "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            f"WHERE t.typacl IS NOT NULL AND n.nspname = ANY(:schemas) AND {_free('t', 'pg_type')} "
            "UNION ALL "
            "SELECT n.nspname, format('TABLE %I.%I', n.nspname, c.relname), a.attacl::text[], "
            "       pg_get_userbyid(c.relowner), quote_ident(a.attname) "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.attacl IS NOT NULL AND NOT a.attisdropped AND n.nspname = ANY(:schemas) "
            "ORDER BY 1, 2, 5"
        )
        for ns, target, acl, owner, column in rows:
            for sql in _grant_statements(target, acl, owner, column, self.version):
                self.add("grant", sql, ns)
        if self.version >= 100000:
            rows = self.rows(
                "SELECT n.nspname, pg_get_userbyid(d.defaclrole), d.defaclobjtype, d.defaclacl::text[] "
                "FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace "
                "WHERE n.nspname = ANY(:schemas) ORDER BY 1, 2, 3"
            )
            kinds = {"r": "TABLES", "S": "SEQUENCES", "f": "FUNCTIONS", "T": "TYPES", "n": "SCHEMAS"}
            for ns, role, objtype, acl in rows:  # added to the defaults
                head = f"ALTER DEFAULT PRIVILEGES FOR ROLE {_ident(role)} IN SCHEMA {_ident(ns)}"
                for grantee, privileges, _grantable in _acl_items(acl):
                    self.add("grant", f"{head} GRANT {privileges} ON {kinds.get(objtype, 'TABLES')} TO {grantee}", ns)
            rows = self.rows(
                "SELECT pg_get_userbyid(d.defaclrole), d.defaclobjtype, d.defaclacl::text[] FROM pg_default_acl d "
                "WHERE d.defaclnamespace = 0 ORDER BY 1, 2"
            )
            for role, objtype, acl in rows:  # database-wide: they replace the defaults
                head = f"ALTER DEFAULT PRIVILEGES FOR ROLE {_ident(role)}"
                what = kinds.get(objtype, "TABLES")
                self.add("grant", f"{head} REVOKE ALL ON {what} FROM PUBLIC")
                self.add("grant", f"{head} REVOKE ALL ON {what} FROM {_ident(role)}")
                for grantee, privileges, grantable in _acl_items(acl):
                    option = " WITH GRANT OPTION" if grantable else ""
                    self.add("grant", f"{head} GRANT {privileges} ON {what} TO {grantee}{option}")


def _check_body(definition: str) -> str | None:
    """The expression of ``CHECK (expr) [NOT VALID | NO INHERIT]``."""
    from tablewright.designer.sql_split import sql_tokens

    tokens = sql_tokens(definition, "postgres") or []
    depth, start = 0, None
    for token in tokens:
        if token.text == "(":
            depth += 1
            if depth == 1 and start is None:
                start = token.end + 1
        elif token.text == ")":
            depth -= 1
            if depth == 0 and start is not None:
                return definition[start:token.start].strip()
    return None


def _balanced_whole(text: str) -> bool:
    """Whether ``text`` is one parenthesized expression: its first ``(`` closes at its end."""
    from tablewright.designer.sql_split import sql_tokens

    tokens = sql_tokens(text, "postgres") or []
    depth = 0
    for i, token in enumerate(tokens):
        depth += token.text == "("
        depth -= token.text == ")"
        if depth == 0:
            return i == len(tokens) - 1
    return False


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'" if "\\" not in text else "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _ident(name: str) -> str:
    """A PostgreSQL name in a statement written here (COMMENT ON, GRANT …): the registry's quoting."""
    return quote(name, "postgres")


_PRIVILEGES = {"r": "SELECT", "w": "UPDATE", "a": "INSERT", "d": "DELETE", "D": "TRUNCATE", "x": "REFERENCES",
               "t": "TRIGGER", "X": "EXECUTE", "U": "USAGE", "C": "CREATE", "c": "CONNECT", "T": "TEMPORARY",
               "m": "MAINTAIN"}
_ORDER = "arwdDxtmXUCTc"


def _acl_items(acl: list[str]):
    """(grantee, privileges, with grant option) of each ``aclitem`` text (``user=arw*/grantor``)."""
    for item in acl:
        grantee, _, rest = item.rpartition("=")
        privileges = rest.split("/", 1)[0]
        if grantee.startswith('"') and grantee.endswith('"'):
            grantee = grantee[1:-1].replace('""', '"')
        grantee_sql = _ident(grantee) if grantee else "PUBLIC"
        plain = [c for i, c in enumerate(privileges) if c != "*" and not privileges[i + 1:i + 2] == "*"]
        granted = [c for i, c in enumerate(privileges) if c != "*" and privileges[i + 1:i + 2] == "*"]
        for letters, option in ((plain, False), (granted, True)):
            if letters:
                names = [_PRIVILEGES[c] for c in sorted(letters, key=_ORDER.index) if c in _PRIVILEGES]
                yield grantee_sql, ", ".join(names), option


def _grant_statements(target: str, acl: list[str], owner: str, column: str | None, version: int):
    if column is None:
        yield f"REVOKE ALL ON {target} FROM PUBLIC"
        yield f"REVOKE ALL ON {target} FROM {_ident(owner)}"
    for grantee, privileges, option in _acl_items(acl):
        if column is not None:
            privileges = ", ".join(f"{p}({column})" for p in privileges.split(", "))
        yield f"GRANT {privileges} ON {target} TO {grantee}" + (" WITH GRANT OPTION" if option else "")


def _comment_target(kind: str, names: list[str], identity: str) -> str | None:
    q = [_ident(n) for n in names]
    if kind in ("table constraint", "trigger", "policy", "rule"):
        word = "CONSTRAINT" if kind == "table constraint" else kind.upper()
        return f"{word} {q[-1]} ON {'.'.join(q[:-1])}"
    if kind == "domain constraint":
        return f"CONSTRAINT {q[-1]} ON DOMAIN {'.'.join(q[:-1])}"
    if kind.endswith(" column"):
        return f"COLUMN {identity}"
    if kind in ("function", "procedure", "aggregate", "view", "materialized view", "sequence", "type", "domain",
                "collation", "text search configuration", "text search dictionary", "index", "foreign table",
                "table", "schema"):
        return f"{kind.upper()} {identity}"
    return None


def pg_definitions(conn, db_schemas: list[str]) -> Definitions:
    out = Definitions()
    pg = _Pg(conn, db_schemas, out)
    for step in (pg.extensions, pg.collations, pg.text_search, pg.types, pg.functions,
                 pg.exclusions_and_deferrable, pg.views, pg.clusters_and_owners, pg.triggers, pg.policies,
                 pg.comments, pg.grants):
        step()
    return out


# -- MySQL / MariaDB -----------------------------------------------------------------------------


def _without_definer(sql: str, dialect: str) -> str:
    """``sql`` with its ``DEFINER = user@host`` clause left out (the object is then
    defined by whoever loads it, as ``mysqldump --skip-definer`` writes it)."""
    from tablewright.designer.sql_split import sql_tokens

    tokens = sql_tokens(sql, dialect) or []
    for i, token in enumerate(tokens[:10]):
        if token.text.upper() == "DEFINER" and i + 1 < len(tokens) and tokens[i + 1].text == "=":
            at = tokens[i + 1].end + 1
            while at < len(sql) and sql[at].isspace():
                at += 1
            while at < len(sql) and not sql[at].isspace():
                at += 1
            return (sql[:token.start].rstrip() + " " + sql[at:].lstrip()).strip()
    return sql


def _mysql_quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def mysql_definitions(conn, db_schema: str, namespace: str | None, dialect: str) -> Definitions:
    """Views, routines, triggers and events of one database, through ``SHOW CREATE …``."""
    from sqlalchemy import text

    out = Definitions()
    db = _mysql_quote(db_schema)

    global_mode = conn.exec_driver_sql("SELECT @@GLOBAL.sql_mode").scalar()

    # each character set's default collation: an object made under another one (SET NAMES cs COLLATE c)
    # is made again under it; under the default, as any client in that character set makes it
    default_collation = dict(conn.exec_driver_sql(
        "SELECT CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLLATIONS WHERE IS_DEFAULT = 'Yes'").all())
    # the database's own defaults, where they are not the server's (its tables say theirs)
    defaults = conn.execute(text("SELECT s.DEFAULT_CHARACTER_SET_NAME, s.DEFAULT_COLLATION_NAME, "
                                 "@@character_set_server, @@collation_server FROM information_schema.SCHEMATA s "
                                 "WHERE s.SCHEMA_NAME = :s"), {"s": db_schema}).first()
    db_charset = defaults[0] if defaults is not None else None

    def add(kind: str, sql: str, name: str, row=None) -> None:
        sql = _without_definer(sql, dialect)
        row = row or {}
        mode, charset, collation = row.get("sql_mode"), row.get("character_set_client"), row.get("collation_connection")
        if collation is not None and collation == default_collation.get(charset):
            # the character set's default collation: SET NAMES cs (Jorani's SET NAMES utf8), but none at all
            # in the database's own character set, as any client in it makes it (sakila under utf8mb4)
            collation = None
            charset = None if charset == db_charset else charset
        # made under another SQL mode (sakila's TRADITIONAL) or collation, which the engine keeps with it
        # and applies when it runs: made again under them, as mysqldump does (mysql_session)
        sql = wrapped(sql, sql_mode=mode if mode is not None and mode != global_mode else None,
                      charset=charset, collation=collation)
        out.raw.append(_raw(kind, sql, dialect, namespace, name))

    def show(what: str, name: str, column: str) -> tuple[str | None, dict | None]:
        row = conn.exec_driver_sql(f"SHOW CREATE {what} {db}.{_mysql_quote(name)}").mappings().first()
        return (row.get(column), dict(row)) if row else (None, None)

    row = defaults
    if row is not None and (row[0], row[1]) != (row[2], row[3]):
        target = f" {db}" if namespace is not None else ""
        out.raw.append(_raw("alter database", f"ALTER DATABASE{target} CHARACTER SET {row[0]} COLLATE {row[1]}",
                            dialect, namespace, db_schema))
    # routines first: a view may call a function
    rows = conn.execute(text("SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES "
                             "WHERE ROUTINE_SCHEMA = :s ORDER BY CREATED, ROUTINE_NAME"), {"s": db_schema}).all()
    for kind, name in rows:
        what = "FUNCTION" if kind == "FUNCTION" else "PROCEDURE"
        sql, row = show(what, name, f"Create {what.title()}")
        if sql:
            add(what.lower(), sql, name, row)
        else:
            out.issues.append(ImportIssue("warning", f"{what.lower()} {name}: its definition cannot be read "
                                                     "(the SHOW CREATE privilege is missing); not imported"))
    views = {}
    for (name,) in conn.execute(text("SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = :s"),
                                {"s": db_schema}):
        views[name] = show("VIEW", name, "Create View")
    # a view's canonical text names every view it reads as `name`: those come first
    edges = [(other, name) for name, (sql, _) in views.items() for other in views
             if other != name and sql and _mysql_quote(other) in sql]
    for name in _ordered({n: n for n in views}, edges):
        sql, row = views[name]
        if sql:
            add("view", sql, name, row)
    rows = conn.execute(text("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = :s "
                             "ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER"),
                        {"s": db_schema}).all()
    for (name,) in rows:
        sql, row = show("TRIGGER", name, "SQL Original Statement")
        if sql:
            add("trigger", sql, name, row)
    rows = conn.execute(text("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = :s "
                             "ORDER BY EVENT_NAME"), {"s": db_schema}).all()
    for (name,) in rows:
        sql, row = show("EVENT", name, "Create Event")
        if sql:
            add("event", sql, name, row)
    return out


# -- SQLite --------------------------------------------------------------------------------------------


def sqlite_definitions(conn) -> Definitions:
    """Views and triggers as SQLite keeps them (their own text), in the order they were made."""
    out = Definitions()
    rows = conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') "
                                "AND sql IS NOT NULL ORDER BY rowid").all()
    for kind, name, sql in rows:
        out.raw.append(_raw(kind, sql, "sqlite", None, name))
    return out
