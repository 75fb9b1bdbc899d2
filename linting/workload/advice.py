"""Index advice from a workload: which indexes the queries lack, which the
model has that no query uses.

Per table, every scan a query block asks of it (see
:mod:`tablewright.linting.workload.analysis`) becomes a candidate index in the
standard order: the equality columns first (the columns the workload filters
on most, by weight, lead), then one range column, or else the ORDER BY columns
in their direction when the block has a LIMIT.  Constant predicates
(``deleted_at IS NULL``, ``active``, ``status = 'open'``) make the index
partial where the engine has partial indexes (PostgreSQL, SQLite, SQL Server),
and a select that reads up to two more columns gets them as INCLUDE columns
where the engine has them (PostgreSQL, SQL Server), for an index-only scan.
A join column is a candidate only where another table of the block is
filtered (the join is a lookup into this table).

No advice where an existing index, primary key or unique constraint already
serves the scan: its leading column is one of the equality columns (or the
range/ORDER BY column when there are none), and a partial index only when the
query implies its predicate.  Candidates are consolidated: one whose columns
are a prefix of another's (same predicate) is served by the longer one.  A
table the workload writes more than it reads gets one index at most (the one
serving the most weight).  With ``sizes``, tables known to hold fewer than
:data:`SMALL_TABLE` rows get none.

With a workload declared *complete*, indexes of the tables it uses that no
scan uses are suggested for dropping -- never one that enforces uniqueness,
backs a primary key or leads with a foreign key's columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tablewright.designer.model import Column, Index, IndexElement, Table, derived_id
from tablewright.linting import heuristics as h
from tablewright.linting.heuristics import index_name

PARTIAL_DIALECTS = ("postgres", "sqlite", "mssql")
INCLUDE_DIALECTS = ("postgres", "mssql")
MAX_INCLUDE = 2
SMALL_TABLE = 1000


@dataclass(eq=False)
class Candidate:
    table: Table
    columns: list[Column]
    descending: list[bool]
    include: list[Column] = field(default_factory=list)
    where: str | None = None
    scans: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cost_before: float | None = None
    cost_after: float | None = None
    verified: bool | None = None  # None: not verified; False: did not lower any cost

    @property
    def weight(self) -> float:
        seen, total = set(), 0.0
        for s in self.scans:
            if id(s.query) not in seen:
                seen.add(id(s.query))
                total += s.weight
        return total

    @property
    def queries(self) -> list:
        out, seen = [], set()
        for s in self.scans:
            if id(s.query) not in seen:
                seen.add(id(s.query))
                out.append(s.query)
        return sorted(out, key=lambda a: (a.query.location.path or "", a.query.location.line))

    @property
    def key(self) -> tuple:
        return (tuple(c.id for c in self.columns), tuple(self.descending), self.where or "")

    def describe(self) -> str:
        cols = ", ".join(c.name + (" DESC" if d else "") for c, d in zip(self.columns, self.descending))
        text = f"({cols})"
        if self.include:
            text += f" INCLUDE ({', '.join(c.name for c in self.include)})"
        if self.where:
            text += f" WHERE {self.where}"
        return text

    def reason(self) -> str:
        """Why this index, in the scans' words."""
        eq, rng, order, join, part = [], [], [], [], []
        for s in self.scans:
            for c in s.eq:
                eq.append(c.name)
            for c in s.ranges:
                rng.append(c.name)
            if s.limit:
                order.append(", ".join(c.name + (" DESC" if d else "") for c, d in s.order))
            if not s.eq and not s.ranges and s.driven:
                join += [c.name for c in s.joins]
            part += [p for _, p in s.partial]
        parts = []
        for label, items in (("equality on", eq), ("range on", rng), ("ORDER BY … LIMIT on", order),
                             ("join lookups on", join), ("constant predicate", part)):
            uniq = list(dict.fromkeys(i for i in items if i))
            if uniq:
                parts.append(f"{label} {', '.join(uniq)}")
        return "; ".join(parts + self.notes)

    def index(self, taken: set[str]) -> Index:
        name = index_name(self.table, [c.name for c in self.columns])
        base, n = name, 1
        while name.lower() in taken:
            n += 1
            name = f"{base[:60]}_{n}"
        return Index(derived_id("ix", self.table.id, "workload", *self.key[0], self.where or ""), name,
                     [IndexElement(column=c.id, descending=d) for c, d in zip(self.columns, self.descending)],
                     include=[c.id for c in self.include], predicate=self.where)


@dataclass(eq=False)
class Drop:
    table: Table
    index: Index
    reason: str


@dataclass
class Advice:
    indexes: list[Candidate] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# -- what already serves a scan ---------------------------------------------------------------------

def _structures(table: Table, *, ranges: bool = False) -> list[tuple[str, tuple[str | None, ...], str | None]]:
    """(name, leading column ids, predicate) of the PK, uniques and B-tree indexes
    (and BRIN ones when ``ranges``: they serve a range on their column)."""
    out = []
    if table.primary_key:
        out.append((table.primary_key.name or "primary key", tuple(table.primary_key.columns), None))
    for u in table.uniques:
        out.append((u.name or "unique", tuple(u.columns), None))
    for ix in table.indexes:
        method = (ix.method or "btree").lower()
        if method not in ("btree", "hash") and not (ranges and method == "brin"):
            continue  # GIN/GiST serve other operators
        out.append((ix.name or "index", tuple(e.column for e in ix.elements), ix.predicate))
    return out


def _norm(pred: str | None, dialect: str) -> str:
    if not pred:
        return ""
    from tablewright.linting.rules.queries.predicates import _normal

    return _normal(pred, dialect) or pred.lower().replace(" ", "")


def _implied(pred: str, scan, dialect: str) -> bool:
    want = _norm(pred, dialect).strip("()")
    have = {_norm(p, dialect).strip("()") for _, p in scan.partial}
    return want in have


def serving(table: Table, scan, cand: Candidate, dialect: str) -> str | None:
    """The name of an existing structure that serves ``scan`` (None: none does)."""
    eq = {c.id for c in scan.eq} | {c.id for c, _ in scan.partial if c.id in {x.id for x in cand.columns}}
    first = cand.columns[0].id
    range_first = not scan.eq and any(c.id == first for c in scan.ranges)
    for name, cols, pred in _structures(table, ranges=range_first):
        if not cols or cols[0] is None:
            continue
        if pred and not _implied(pred, scan, dialect):
            continue
        if cols[0] in eq or cols[0] == first:
            return name
    return None


def _misordered(table: Table, cand: Candidate) -> str | None:
    """An existing index that holds the candidate's leading column, but not first."""
    first = cand.columns[0].id
    for name, cols, _ in _structures(table):
        if first in cols[1:]:
            names = table.column_names([c for c in cols if c is not None])
            return f"{name} ({', '.join(names)}) has {cand.columns[0].name} but not first"
    return None


# -- candidates -------------------------------------------------------------------------------------

def _candidate(scan, dialect: str, usage: dict[str, float]) -> Candidate | None:
    table = scan.table
    order_key = {c.id: i for i, c in enumerate(table.columns)}
    partial_ok = dialect in PARTIAL_DIALECTS
    eq = list(scan.eq)
    where_parts: list[str] = []
    partial_cols: list[Column] = []
    for col, pred in scan.partial:
        if partial_ok:
            where_parts.append(pred)
            partial_cols.append(col)
        elif all(c.id != col.id for c in eq):
            eq.append(col)
    eq.sort(key=lambda c: (-usage.get(c.id, 0.0), order_key.get(c.id, 0)))
    cols = list(eq)
    desc = [False] * len(cols)
    if not cols and not scan.ranges and len(scan.joins) == 1 and scan.driven:
        cols, desc = [scan.joins[0]], [False]  # a lookup from the filtered side, then its order
    if scan.ranges:
        r = next((c for c in scan.ranges if all(c.id != x.id for x in cols)), None)
        if r is not None:
            cols.append(r)
            desc.append(False)
    elif scan.order and scan.limit:
        tail = [(c, d) for c, d in scan.order if all(c.id != x.id for x in cols)]
        for c, d in tail:
            cols.append(c)
            desc.append(d)
    if not cols and partial_cols:
        cols, desc = [partial_cols[0]], [False]
    if not cols:
        return None
    include: list[Column] = []
    if dialect in INCLUDE_DIALECTS and scan.read is not None and not scan.write:
        # not the primary key: every index leads to the row anyway, and INCLUDE (id) is noise to a reviewer
        key_ids = {c.id for c in cols} | {c.id for c in partial_cols} | set(table.primary_key.columns
                                                                             if table.primary_key else ())
        extra = [c for c in table.columns if c.id in scan.read and c.id not in key_ids]
        if 0 < len(extra) <= MAX_INCLUDE:
            include = extra
    where = " AND ".join(sorted(set(where_parts))) or None
    return Candidate(table, cols, desc, include, where, [scan])


def _merge(cands: list[Candidate]) -> list[Candidate]:
    """One index serving several scans: equal keys merge, a key that is a
    prefix of a longer one (same predicate) is served by the longer one."""
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-len(c.columns), c.where is not None, -c.weight)):
        host = None
        for o in out:
            # an index without a predicate serves a query with one too
            if (o.where != c.where and o.where is not None) or len(o.columns) < len(c.columns):
                continue
            if [x.id for x in o.columns[:len(c.columns)]] == [x.id for x in c.columns] and \
                    o.descending[:len(c.descending)] == c.descending:
                host = o
                break
        if host is None:
            out.append(c)
            continue
        host.scans += c.scans
        extra = [x for x in c.include if all(x.id != y.id for y in host.include + host.columns)]
        host.include = (host.include + extra) if len(host.include) + len(extra) <= MAX_INCLUDE else []
    return out


def advise(analysis, *, sizes: dict[str, int] | None = None) -> Advice:
    schema = analysis.schema
    dialect = schema.dialect or analysis.workload.dialect or "postgres"
    advice = Advice()
    sizes = {k.lower(): v for k, v in (sizes or {}).items()}
    for table in schema.tables:
        scans = analysis.scans_by_table.get(table.id) or []
        if not scans:
            continue
        rows = sizes.get(table.qualified_name.lower(), sizes.get(table.name.lower()))
        if rows is not None and rows < SMALL_TABLE:
            advice.notes.append(f"{table.qualified_name}: {rows} rows, no index advice (a scan is cheap)")
            continue
        usage: dict[str, float] = {}
        for s in scans:
            for c in s.eq:
                usage[c.id] = usage.get(c.id, 0.0) + s.weight
        cands = []
        for s in scans:
            c = _candidate(s, dialect, usage)
            if c is None:
                continue
            served = serving(table, s, c, dialect)
            if served is not None:
                continue
            note = _misordered(table, c)
            if note:
                c.notes.append(note)
            cands.append(c)
        cands = _merge(cands)
        reads = sum(a.query.weight for a in {id(s.query): s.query for s in scans if not s.write}.values())
        writes = sum(a.query.weight for a in analysis.queries if table.id in a.writes)
        if cands and writes > reads:
            cands.sort(key=lambda c: -c.weight)
            if len(cands) > 1:
                advice.notes.append(f"{table.qualified_name}: written more than read by the workload "
                                    f"(weight {writes:g} vs {reads:g}): {len(cands) - 1} more index(es) not advised")
            for c in cands[:1]:
                c.notes.append(f"the workload writes {table.name} more than it reads it: one index only")
            cands = cands[:1]
        advice.indexes += sorted(cands, key=lambda c: (-c.weight, c.describe()))
    if analysis.workload.complete:
        advice.drops = unused_indexes(analysis)
    return advice


def unused_indexes(analysis) -> list[Drop]:
    """Indexes of the tables the workload uses that none of its scans uses."""
    out = []
    for table in analysis.schema.tables:
        if table.id not in analysis.queries_by_table:
            continue
        used: set[str] = set()
        for s in analysis.scans_by_table.get(table.id, ()):
            used |= {c.id for c in s.eq} | {c.id for c in s.ranges} | {c.id for c in s.joins} | \
                    {c.id for c, _ in s.order} | {c.id for c, _ in s.partial}
        fk_leads = {tuple(fk.columns) for fk in table.foreign_keys}
        for ix in table.indexes:
            if ix.unique or not ix.elements:
                continue
            lead = ix.elements[0].column
            if lead is None:
                continue  # an expression index: the workload's expressions are not matched here
            cols = tuple(e.column for e in ix.elements)
            if any(cols[:len(k)] == k for k in fk_leads):
                continue  # deleting a parent row looks up its children through it
            if lead not in used:
                out.append(Drop(table, ix, f"no query of the workload filters, joins or sorts {table.name} by "
                                           f"{', '.join(table.column_names([c for c in cols if c]))}"))
    return out


def kind_of(col: Column) -> str:
    return h.kind(col.type)
