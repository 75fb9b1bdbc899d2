"""A workload read against a model: which tables and columns each query uses,
the scans it asks of each table, and what the model does not have.

Every SELECT/UPDATE/DELETE block of a query (subqueries and CTEs are blocks of
their own) has *sources*: its FROM and JOIN items (an UPDATE's and DELETE's
target too), each a model table, a derived source (CTE, subquery, function,
view) or a table the model does not have.  Column references are resolved
innermost block first, then outward (correlated subqueries); only where every
candidate is a model table is a column the model lacks reported -- a name that
might come from a CTE, a subquery or an output alias is never guessed at.

A :class:`Scan` is what one block asks of one table: equality columns
(``= value``, ``IN (...)``, ``IS NULL``; a *value* is a parameter, a literal,
an expression without columns or a column of an outer block), range columns
(``<``, ``BETWEEN``, ``LIKE 'prefix%'`` is not one: collation-dependent),
join columns (equal to a column of another source of the block), constant
predicates fit for a partial index (``deleted_at IS NULL``, ``active``,
``status = 'open'``), ORDER BY columns (with LIMIT), and the columns read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlglot import exp

from tablewright.designer.model import Column, Schema, SourceLocation, Table
from tablewright.designer.sql_split import SQLGLOT_FAILURES, sqlglot_dialect_name
from tablewright.linting.workload.reader import Query, Workload

BLOCKS = (exp.Select, exp.Update, exp.Delete)
VALUE_FUNCS = (exp.CurrentTimestamp, exp.CurrentDate, exp.CurrentTime, exp.Anonymous)
RANGE_OPS = {exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<="}
#: column names a constant predicate makes a partial index for, besides booleans and IS [NOT] NULL
STATE_WORDS = ("status", "state", "type", "kind", "stage", "phase")
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "performance_schema", "mysql", "sys")


@dataclass(eq=False)
class Source:
    alias: str
    name: str
    node: exp.Expression | None
    table: Table | None = None
    derived: bool = False  # CTE, subquery, function, VALUES, view: its columns are not checked
    cross: bool = False  # written CROSS JOIN or LATERAL: a cartesian product on purpose
    join_node: exp.Join | None = None

    @property
    def missing(self) -> bool:
        return self.table is None and not self.derived


@dataclass(eq=False)
class Block:
    node: exp.Expression
    parent: "Block | None"
    sources: dict[str, Source] = field(default_factory=dict)
    output_names: set[str] = field(default_factory=set)


@dataclass(eq=False)
class Ref:
    """A column reference resolved: the source it reads and the model column."""

    node: exp.Column
    block: Block
    source: Source | None
    column: Column | None


@dataclass(eq=False)
class Scan:
    """What one block of a query asks of one table."""

    query: "Analysed"
    table: Table
    source: Source
    block: Block
    eq: list[Column] = field(default_factory=list)
    ranges: list[Column] = field(default_factory=list)
    joins: list[Column] = field(default_factory=list)
    partial: list[tuple[Column, str]] = field(default_factory=list)  # (column, predicate SQL)
    order: list[tuple[Column, bool]] = field(default_factory=list)  # (column, descending)
    limit: bool = False
    read: set[str] | None = field(default_factory=set)  # column ids read; None: all (SELECT *)
    driven: bool = False  # another source of the block is filtered by a value: a join into this table is a lookup
    write: bool = False

    @property
    def weight(self) -> float:
        return self.query.query.weight


class Analysed:
    """One query against one model."""

    def __init__(self, query: Query, schema: Schema, dialect: str, views: frozenset[str]):
        self.query = query
        self.schema = schema
        self.dialect = dialect
        self._views = views
        self.blocks: list[Block] = []
        self.refs: list[Ref] = []
        self.missing_tables: list[Source] = []
        self.missing_columns: list[tuple[exp.Column, Table]] = []
        self.scans: list[Scan] = []
        self.writes: set[str] = set()  # table ids written
        self._block_of: dict[int, Block] = {}
        self._ref_of: dict[int, Ref] = {}
        self._run()

    # -- locations ------------------------------------------------------------------------------
    def location_of(self, node: exp.Expression | None) -> SourceLocation:
        """Where ``node`` is in the queries file (the query's start when unknown)."""
        loc = self.query.location
        if node is None or not self.query.mapped:
            return loc
        start = None
        for n in node.walk():
            meta = getattr(n, "_meta", None) or {}
            if "start" in meta:
                s = meta["start"]
                # an identifier's own start; quoted names begin one before
                start = s if start is None else min(start, s)
                if isinstance(n, exp.Identifier):
                    break
        if start is None:
            return loc
        text = self.query.text
        before = text[:start]
        nl = before.count("\n")
        if nl == 0:
            return SourceLocation(loc.path, loc.line, loc.column + start)
        return SourceLocation(loc.path, loc.line + nl, start - before.rfind("\n"))

    # -- resolution ------------------------------------------------------------------------------
    def _run(self) -> None:
        root = self.query.expression
        ctes = {c.alias_or_name.lower() for c in root.find_all(exp.CTE)}
        self._ctes = ctes
        for node in root.find_all(*BLOCKS):
            parent = self._enclosing(node)
            block = Block(node, parent)
            self._block_of[id(node)] = block
            self.blocks.append(block)
        # parents were looked up before they were all registered: resolve again in order
        for block in self.blocks:
            block.parent = self._enclosing(block.node)
            self._sources(block)
        if isinstance(root, exp.Insert):
            self._insert(root)
        for block in self.blocks:
            self._columns(block)
        for block in self.blocks:
            self._scans(block)

    def _enclosing(self, node: exp.Expression) -> Block | None:
        return self.block_of(node.parent) if node.parent is not None else None

    def block_of(self, node: exp.Expression) -> Block | None:
        p = node
        while p is not None:
            b = self._block_of.get(id(p))
            if b is not None:
                return b
            p = p.parent
        return None

    def _table_source(self, t: exp.Table, *, cross: bool = False, join: exp.Join | None = None) -> Source:
        name = t.name
        alias = t.alias_or_name
        db = t.text("db") or None
        if isinstance(t.this, (exp.Anonymous, exp.Func)) or not name:  # generate_series(...), unnest(...)
            return Source(alias, name or alias, t, derived=True, cross=cross, join_node=join)
        if db is None and name.lower() in self._ctes:
            return Source(alias, name, t, derived=True, cross=cross, join_node=join)
        table = self.schema.find_table(name, db)
        if table is not None:
            return Source(alias, name, t, table=table, cross=cross, join_node=join)
        derived = (name.lower() in self._views or (db or "").lower() in SYSTEM_SCHEMAS or name.lower().startswith("pg_")
                   or name.lower() == "dual")
        return Source(alias, name, t, derived=derived, cross=cross, join_node=join)

    def _add_source(self, block: Block, item: exp.Expression, join: exp.Join | None = None) -> None:
        cross = bool(join is not None and ((join.args.get("kind") or "").upper() == "CROSS" or join.args.get("lateral")))
        if isinstance(item, exp.Table):
            src = self._table_source(item, cross=cross, join=join)
        elif isinstance(item, exp.Lateral):
            src = Source(item.alias_or_name or "lateral", "lateral", item, derived=True, cross=True, join_node=join)
        else:  # subquery, VALUES, unnest...
            src = Source(item.alias_or_name or f"derived{len(block.sources)}", item.alias_or_name or "", item,
                         derived=True, cross=cross, join_node=join)
        block.sources[src.alias.lower()] = src
        if src.missing:
            self.missing_tables.append(src)

    def _sources(self, block: Block) -> None:
        node = block.node
        if isinstance(node, exp.Select):
            frm = node.args.get("from_") or node.args.get("from")
            if frm is not None:
                for item in [frm.this, *frm.expressions]:
                    if item is not None:
                        self._add_source(block, item)
            for j in node.args.get("joins") or ():
                self._add_source(block, j.this, j)
            block.output_names = {e.alias.lower() for e in node.expressions if isinstance(e, exp.Alias)}
        elif isinstance(node, (exp.Update, exp.Delete)):
            target = node.this
            if isinstance(target, exp.Table):
                self._add_source(block, target)
                tsrc = block.sources.get(target.alias_or_name.lower())
                if tsrc is not None and tsrc.table is not None:
                    self.writes.add(tsrc.table.id)
            extra = node.args.get("from_") or node.args.get("from")
            items = [extra.this, *extra.expressions] if extra is not None else []
            items += list(node.args.get("using") or ())
            for item in items:
                if item is not None:
                    self._add_source(block, item)
            for j in node.args.get("joins") or ():
                self._add_source(block, j.this, j)

    def _insert(self, node: exp.Insert) -> None:
        target = node.this
        cols: list[exp.Expression] = []
        if isinstance(target, exp.Schema):
            cols = list(target.expressions)
            target = target.this
        if not isinstance(target, exp.Table):
            return
        block = Block(node, None)
        self._add_source(block, target)
        src = block.sources.get(target.alias_or_name.lower())
        if src is None or src.table is None:
            return
        self.writes.add(src.table.id)
        block.sources["excluded"] = Source("excluded", src.name, None, table=src.table)
        self._insert_block = block
        for c in cols:
            name = c.name if isinstance(c, (exp.Identifier, exp.Column)) else None
            if name and src.table.column_named(name) is None:
                self.missing_columns.append((c, src.table))
        conflict = node.args.get("conflict")
        if conflict is not None:
            for col in conflict.find_all(exp.Column):
                if self.block_of(col) is None:
                    self._resolve(col, block)

    def _columns(self, block: Block) -> None:
        node = block.node
        for col in node.find_all(exp.Column):
            if self.block_of(col) is not block or isinstance(col.this, exp.Star):
                continue
            self._resolve(col, block)

    def _resolve(self, col: exp.Column, block: Block) -> None:
        name = col.name
        qual = col.table
        if not name:
            return
        if qual:
            b = block
            while b is not None:
                src = b.sources.get(qual.lower())
                if src is not None:
                    column = src.table.column_named(name) if src.table is not None else None
                    if src.table is not None and column is None and not col.args.get("db"):
                        self.missing_columns.append((col, src.table))
                    self._bind(col, b, src, column)
                    return
                b = b.parent
            ins = getattr(self, "_insert_block", None)
            if ins is not None and qual.lower() in ins.sources:
                src = ins.sources[qual.lower()]
                column = src.table.column_named(name) if src.table is not None else None
                if column is None and src.table is not None:
                    self.missing_columns.append((col, src.table))
                self._bind(col, ins, src, column)
            return
        b = block
        uncertain = False
        while b is not None:
            hits = []
            for src in b.sources.values():
                if src.table is not None:
                    c = src.table.column_named(name)
                    if c is not None:
                        hits.append((src, c))
                else:
                    uncertain = True
            if len(hits) == 1:
                self._bind(col, b, *hits[0])
                return
            if len(hits) > 1 or uncertain:
                return  # ambiguous (the engine says so) or maybe from a derived source
            if name.lower() in b.output_names:
                return
            b = b.parent
        ins = getattr(self, "_insert_block", None)
        if ins is not None and col.find_ancestor(exp.OnConflict) is not None:
            src = next(iter(ins.sources.values()))
            c = src.table.column_named(name)
            if c is not None:
                self._bind(col, ins, src, c)
                return
        tables = [s.table for s in block.sources.values() if s.table is not None]
        if isinstance(block.node, (exp.Update, exp.Delete)) and block.sources:
            tables = tables[:1]
        if len(tables) == 1 and not _is_keyword_value(col):
            self.missing_columns.append((col, tables[0]))

    def _bind(self, col: exp.Column, block: Block, source: Source, column: Column | None) -> None:
        ref = Ref(col, block, source, column)
        self.refs.append(ref)
        self._ref_of[id(col)] = ref

    def ref(self, col: exp.Column) -> Ref | None:
        return self._ref_of.get(id(col))

    # -- scans ------------------------------------------------------------------------------------
    def conjuncts(self, block: Block) -> list[tuple[exp.Expression, Source | None]]:
        """The AND-ed predicates of the block's WHERE and JOIN ONs, each with the
        source whose JOIN it belongs to (None for WHERE)."""
        node = block.node
        out: list[tuple[exp.Expression, Source | None]] = []
        where = node.args.get("where")
        if where is not None:
            out += [(c, None) for c in _and_parts(where.this)]
        for src in block.sources.values():
            j = src.join_node
            if j is not None and j.args.get("on") is not None:
                out += [(c, src) for c in _and_parts(j.args["on"])]
        return out

    def value_side(self, node: exp.Expression, block: Block) -> str | None:
        """``param``, ``literal``, ``value`` (no column of this block), or None."""
        if isinstance(node, (exp.Placeholder, exp.Parameter)):
            return "param"
        if isinstance(node, (exp.Literal, exp.Boolean, exp.Null)):
            return "literal"
        if isinstance(node, (exp.Cast, exp.Neg, exp.Paren)) and isinstance(node.this, (exp.Literal, exp.Placeholder,
                                                                                      exp.Parameter)):
            return "param" if isinstance(node.this, (exp.Placeholder, exp.Parameter)) else "literal"
        if node.find(exp.Select) is not None:
            return None
        for c in node.find_all(exp.Column):
            r = self.ref(c)
            if r is None or r.block is block:
                return None
        return "value"

    def column_of(self, node: exp.Expression, block: Block) -> Ref | None:
        """The model column ``node`` is, bare (no function around it), in this block."""
        while isinstance(node, exp.Paren):
            node = node.this
        if isinstance(node, exp.Column):
            r = self.ref(node)
            if r is not None and r.block is block and r.column is not None and r.source.table is not None:
                return r
        return None

    def _scans(self, block: Block) -> None:
        tables = {a: s for a, s in block.sources.items() if s.table is not None}
        if not tables:
            return
        scans = {a: Scan(self, s.table, s, block) for a, s in tables.items()}
        node = block.node
        write = isinstance(node, (exp.Update, exp.Delete))
        if write:
            tgt = node.this.alias_or_name.lower() if isinstance(node.this, exp.Table) else None
            if tgt in scans:
                scans[tgt].write = True
        for pred, _ in self.conjuncts(block):
            self._predicate(pred, block, scans)
        filtered = {a for a, s in scans.items() if s.eq or s.ranges or s.partial}
        for a, s in scans.items():
            s.driven = bool(filtered - {a})
        limit = node.args.get("limit") is not None or node.args.get("fetch") is not None
        order = node.args.get("order")
        if order is not None and limit:
            cols = []
            for o in order.expressions:
                r = self.column_of(o.this, block)
                if r is None:
                    cols = []
                    break
                cols.append((r, bool(o.args.get("desc"))))
            aliases = {r.source.alias.lower() for r, _ in cols}
            if cols and len(aliases) == 1:
                s = scans.get(next(iter(aliases)))
                if s is not None:
                    s.order = [(r.column, d) for r, d in cols]
                    s.limit = True
        if isinstance(node, exp.Select):
            star = any(isinstance(e, exp.Star) or (isinstance(e, exp.Column) and isinstance(e.this, exp.Star))
                       for e in node.expressions)
            for r in self.refs:
                if r.block is block and r.source is not None and r.column is not None:
                    s = scans.get(r.source.alias.lower())
                    if s is not None and s.read is not None:
                        s.read.add(r.column.id)
            if star:
                for s in scans.values():
                    s.read = None
        self.scans.extend(scans.values())

    def _bare(self, pred: exp.Expression) -> str:
        """A predicate's SQL without table qualifiers (as an index predicate is written)."""
        node = pred.copy()
        for c in node.find_all(exp.Column):
            c.set("table", None)
        return node.sql(dialect=sqlglot_dialect_name(self.dialect))

    def _predicate(self, pred: exp.Expression, block: Block, scans: dict[str, Scan]) -> None:
        if isinstance(pred, exp.Paren):
            return self._predicate(pred.this, block, scans)
        if isinstance(pred, exp.EQ):
            a, b = pred.this, pred.expression
            ra, rb = self.column_of(a, block), self.column_of(b, block)
            if ra is not None and rb is not None:
                if ra.source is not rb.source:
                    _add(scans[ra.source.alias.lower()].joins, ra.column)
                    _add(scans[rb.source.alias.lower()].joins, rb.column)
                return
            for r, other in ((ra, b), (rb, a)):
                if r is None:
                    continue
                kind = self.value_side(other, block)
                if kind is None:
                    return
                s = scans[r.source.alias.lower()]
                if kind == "literal" and _partial_fit(r.column, other):
                    if isinstance(other, exp.Boolean):  # `active = true` as the engines keep it: `active`
                        bare = exp.column(r.column.name)
                        pred = bare if other.this else exp.Not(this=bare)
                    s.partial.append((r.column, self._bare(pred)))
                else:
                    _add(s.eq, r.column)
                return
            return
        if isinstance(pred, exp.In):
            r = self.column_of(pred.this, block)
            if r is not None and (pred.expressions or pred.args.get("query") is not None):
                if all(self.value_side(e, block) for e in pred.expressions):
                    _add(scans[r.source.alias.lower()].eq, r.column)
            return
        if isinstance(pred, exp.Is):
            r = self.column_of(pred.this, block)
            if r is not None and isinstance(pred.expression, exp.Null):
                scans[r.source.alias.lower()].partial.append(
                    (r.column, self._bare(pred)))
            return
        if isinstance(pred, exp.Not) and isinstance(pred.this, exp.Is):
            r = self.column_of(pred.this.this, block)
            if r is not None and isinstance(pred.this.expression, exp.Null):
                scans[r.source.alias.lower()].partial.append(
                    (r.column, self._bare(pred)))
            return
        if isinstance(pred, tuple(RANGE_OPS)):
            for r, other in ((self.column_of(pred.this, block), pred.expression),
                             (self.column_of(pred.expression, block), pred.this)):
                if r is not None and self.value_side(other, block):
                    _add(scans[r.source.alias.lower()].ranges, r.column)
                    return
            return
        if isinstance(pred, exp.Between):
            r = self.column_of(pred.this, block)
            if r is not None and self.value_side(pred.args["low"], block) and self.value_side(pred.args["high"], block):
                _add(scans[r.source.alias.lower()].ranges, r.column)
            return
        if isinstance(pred, exp.Or):
            parts = _or_parts(pred)
            refs = [self.column_of(p.this, block) if isinstance(p, exp.EQ) else None for p in parts]
            if all(refs) and len({r.column.id for r in refs}) == 1 and \
                    all(self.value_side(p.expression, block) for p in parts):
                _add(scans[refs[0].source.alias.lower()].eq, refs[0].column)
            return
        r = self.column_of(pred, block)  # WHERE active
        if r is not None and _is_bool(r.column):
            scans[r.source.alias.lower()].partial.append((r.column, self._bare(pred)))
            return
        if isinstance(pred, exp.Not):
            r = self.column_of(pred.this, block)
            if r is not None and _is_bool(r.column):
                scans[r.source.alias.lower()].partial.append(
                    (r.column, self._bare(pred)))


def _add(items: list, col: Column) -> None:
    if all(c.id != col.id for c in items):
        items.append(col)


def _and_parts(node: exp.Expression) -> list[exp.Expression]:
    while isinstance(node, exp.Paren) and isinstance(node.this, exp.And):
        node = node.this
    if isinstance(node, exp.And):
        return _and_parts(node.this) + _and_parts(node.expression)
    return [node]


def _or_parts(node: exp.Expression) -> list[exp.Expression]:
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Or):
        return _or_parts(node.this) + _or_parts(node.expression)
    return [node]


def _is_bool(col: Column) -> bool:
    return col.type.kind == "boolean"


def _partial_fit(col: Column, literal: exp.Expression) -> bool:
    """Whether ``col = literal`` is a constant predicate worth a partial index
    (a state rather than a key: booleans, and status/state/type columns or enums
    compared with a string)."""
    if _is_bool(col) or isinstance(literal, exp.Boolean):
        return True
    lit = literal.this if isinstance(literal, exp.Cast) else literal
    if isinstance(lit, exp.Literal) and lit.is_string:
        if col.type.kind == "enum":
            return True
        words = col.name.lower().replace("-", "_").split("_")
        return any(w in STATE_WORDS for w in words)
    return False


def _is_keyword_value(col: exp.Column) -> bool:
    """Names PostgreSQL/MySQL read as values, not columns, when unquoted."""
    return not col.this.args.get("quoted") and col.name.lower() in (
        "current_date", "current_time", "current_timestamp", "current_user", "session_user", "localtime",
        "localtimestamp", "user", "current_role", "current_schema", "current_catalog", "true", "false", "null")


class WorkloadAnalysis:
    """A workload read against one model; what the query rules and the advice share."""

    def __init__(self, workload: Workload, schema: Schema):
        self.workload = workload
        self.schema = schema
        dialect = schema.dialect or workload.dialect or "postgres"
        views = frozenset((r.name or "").rpartition(".")[2].lower() for r in schema.raw
                          if r.kind in ("view", "materialized view", "materialized_view", "matview"))
        self.queries: list[Analysed] = []
        self.failures: list[tuple[Query, str]] = []
        for q in workload.queries:
            try:
                self.queries.append(Analysed(q, schema, dialect, views))
            except SQLGLOT_FAILURES + (RecursionError,) as exc:  # a tree sqlglot built oddly: skip the query
                self.failures.append((q, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))

    @cached_property
    def scans_by_table(self) -> dict[str, list[Scan]]:
        out: dict[str, list[Scan]] = {}
        for a in self.queries:
            for s in a.scans:
                out.setdefault(s.table.id, []).append(s)
        return out

    @cached_property
    def queries_by_table(self) -> dict[str, list[Analysed]]:
        out: dict[str, list[Analysed]] = {}
        for a in self.queries:
            seen = set()
            for b in a.blocks:
                for s in b.sources.values():
                    if s.table is not None and s.table.id not in seen:
                        seen.add(s.table.id)
                        out.setdefault(s.table.id, []).append(a)
            for tid in a.writes - seen:
                out.setdefault(tid, []).append(a)
        return out

    @cached_property
    def advice(self):
        from tablewright.linting.workload.advice import advise

        return advise(self)


def analyse(workload: Workload, schema: Schema) -> WorkloadAnalysis:
    return WorkloadAnalysis(workload, schema)
