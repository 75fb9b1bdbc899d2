"""A derived, incrementally maintained view of a schema for the rules.

Per table it keeps the links (foreign keys either way, partition and
inheritance parents) and a *summary* of what schema-wide facts the table
contributes.  Facts are versioned: :meth:`SchemaIndex.refresh` re-reads only
the changed tables, updates the aggregates, and says which facts changed, so
the engine knows which schema-scoped rules must re-check every table.

Facts:

- ``tables``: the set of tables, their names and key types;
- ``table_kinds``: which tables are financial, audit, under row-level security;
- ``roles``: every table's roles (:mod:`tablewright.linting.facts`: log, audit, financial,
  link, history, lookup, person, tenant), inferred from its structure and name and those
  of its neighbours, with the user's overrides; a table whose roles change is re-checked
  like a changed table (:attr:`SchemaIndex.role_changed`);
- ``fk_graph``: the links between tables;
- ``tenant``: the tenant key most tables carry, or None;
- ``naming``: the dominant identifier style of table names and of column names;
- ``plurality``: whether table names are mostly plural or singular;
- ``column_types``: per column name, the types it has across tables (a change
  reaches only the tables with that column name);
- ``raw``: the statements the model keeps verbatim (users, grants, ...).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any

from tablewright.designer.model import DataType, ForeignKey, Schema, Table, choose_table
from tablewright.linting import facts as roles_
from tablewright.linting import heuristics as h


_PLAIN_PG = re.compile(r"[a-z_][a-z0-9_$]*")


@lru_cache(maxsize=65536)
def _column_words(name: str, written: str) -> tuple:
    """What one column name contributes: (tokens, "c:"+style or None, is an
    ``*_id``-style name, needs quoting, is long, lower-case name if it ends in
    ``_id`` else None); words and style from ``written``, its spelling (``h.spelling``)."""
    toks = h.split_words(written)
    style = h.style_of(written)
    low = name.lower()
    return (toks, "c:" + style if style else None, len(toks) >= 2 and toks[-1] == "id",
            not _PLAIN_PG.fullmatch(name), _over_63(name), low if low.endswith("_id") else None,
            any(x.isdigit() for x in toks))


_KIND_WORDS: dict[str, str] = {}


@lru_cache(maxsize=65536)
def _column_wordset(toks: tuple, kw: str, default: bool, serial: bool, len36: bool) -> frozenset[str]:
    words = set(toks)
    words.add(kw)
    if default:
        words.add("has:default")
    if serial:
        words.add("has:serial")
    if len36:
        words.add("has:len36")
    return frozenset(words)
_SERIAL_KINDS = frozenset({"integer", "bigint", "smallint", "other", "serial", "bigserial", "smallserial"})


def table_words(t: Table) -> frozenset[str]:
    """What the rules' ``triggers`` are matched against (see :class:`TableSummary`)."""
    return _scan(t)[0]


@lru_cache(maxsize=65536)
def _column_info(name: str, written: str, dkind: str, dtext: str, length, dflag: int) -> tuple:
    """Everything :func:`_scan` takes from one column, from the values it
    depends on (name, type kind and text, length, default: 0 none, 1 some,
    2 ``nextval(…)``): (tokens, words it adds to the table's words, style
    word or None, ``kind:`` word, (``*_id`` name, type family) or None,
    needs quoting, is long, has a digit, the column's own word set)."""
    toks, style, xid, odd, toolong, idname, has_digit = _column_words(name, written)
    dt = DataType(dkind, dtext)
    k = dkind
    if not k or k == "other":
        k = h.kind(dt)
    kw = _KIND_WORDS.get(k)
    if kw is None:
        kw = _KIND_WORDS[k] = "kind:" + k
    extra = [kw]
    len36 = length == 36
    if len36:
        extra.append("has:len36")
    serial = False
    if dflag:
        extra.append("has:default")
        if dflag == 2:
            extra.append("has:serial")
            serial = True
    if xid:
        extra.append("has:xid")
    xid_pair = (idname, h.type_family(dt)) if idname is not None else None
    if k in _SERIAL_KINDS and (dtext or "")[:6].lower() in ("serial", "bigser", "smalls"):
        extra.append("has:serial")
        serial = True
    return (toks, frozenset(extra), style, (toks, kw), xid_pair, odd, toolong, has_digit,
            _column_wordset(toks, kw, bool(dflag), serial, len36))


def _over_63(name: str) -> bool:
    """Longer than 63 bytes in UTF-8 (15 characters never are)."""
    return len(name) > 15 and len(name.encode()) > 63


def _any_over_63(t: Table) -> bool:
    """Some constraint or index of ``t`` has a name over 63 bytes."""
    pk = t.primary_key
    if pk is not None and pk.name and _over_63(pk.name):
        return True
    for group in (t.foreign_keys, t.uniques, t.checks, t.indexes):
        for x in group:
            name = x.name
            if name and len(name) > 15 and _over_63(name):
                return True
    return False


def _scan(t: Table):
    """One pass over a table's columns: (words, column words, styles, *_id columns)."""
    col_words: set[str] = set()
    words: set[str] = set()
    col_toks: list = []
    col_sets: list = []
    styles: list[str] = []
    xids: list[tuple[str, str]] = []
    cols: dict = {}
    st = h.name_style(t.name)
    if st:
        styles.append("t:" + st)
    nonplain = long = digit = False
    info_of = _column_info
    extras: set[frozenset] = set()  # the distinct word sets the columns add (few: shared by type)
    toks_of: list = []
    for c in t.columns:
        cols[c.id] = c
        dt = c.type
        d = c.default
        toks, extra, style, toks_kw, xid_pair, odd, toolong, has_digit, wordset = info_of(
            c.name, h.spelling(c.name), dt.kind, dt.text, dt.length, 0 if d is None else (2 if d[:8].lower() == "nextval(" else 1))
        if has_digit:
            digit = True
        toks_of.append(toks)
        col_toks.append(toks_kw)
        if style:
            styles.append(style)
        extras.add(extra)
        if xid_pair is not None:
            xids.append(xid_pair)
        if odd:
            nonplain = True
        if toolong:
            long = True
        col_sets.append((c, wordset))
    col_words = col_words.union(*toks_of)
    words = words.union(*extras)
    if digit:
        words.add("has:digit")
    if t.foreign_keys:
        words.add("has:fk")
    if t.indexes:
        words.add("has:index")
        for ix in t.indexes:
            if ix.unique:
                words.add("has:unique")
                break
    if t.uniques:
        words.add("has:unique")
    if t.checks:
        words.add("has:check")
    if not long:
        long = _over_63(t.name) or _any_over_63(t)
    if long:
        words.add("has:long")
    if nonplain or not _PLAIN_PG.fullmatch(t.name):
        words.add("has:nonplain")
    words |= col_words
    words.update(h.tokens(t.name))
    return frozenset(words), frozenset(col_words), tuple(styles), tuple(xids), col_toks, col_sets, cols


@dataclass
class TableSummary:
    """A table's facts the rules and the incremental runs read (its words, links, kinds, ...)."""
    sig: tuple  # name, namespace, key types: the "tables" fact
    out: frozenset[str]  # linked table ids
    tenant: str | None
    styles: tuple[str, ...]
    plural: bool | None
    col_types: tuple[tuple[str, str], ...]  # (column name, type family)
    #: what the rules' ``triggers`` are matched against: the tokens of the
    #: table name and of every column name, ``kind:<type kind>`` of every
    #: column, and markers ``has:fk``, ``has:index``, ``has:unique``,
    #: ``has:check``, ``has:default``, ``has:digit`` (a number in a column
    #: name), ``has:xid`` (an ``*_id``-style column), ``has:serial``,
    #: ``has:len36``, ``has:long`` (a name over 63 bytes), ``has:nonplain`` (a
    #: name that is not plain lower-case snake case)
    words: frozenset[str] = frozenset()
    #: the tokens of the column names only
    col_words: frozenset[str] = frozenset()
    #: (name tokens, ``kind:<kind>``) of every column, in table order (see :attr:`by_word`)
    col_toks: list = field(default_factory=list)
    #: (row-level security on, financial, audit): the "table_kinds" fact
    kinds: tuple = ()
    #: (column, its words) for every column, in table order: what column rules are matched against
    col_sets: list = field(default_factory=list)
    #: column id -> column (``{c.id: c for c in table.columns}``, built once for all rules)
    cols: dict = field(default_factory=dict)
    #: the ``role:<role>`` words of the table's roles (also in :attr:`words`)
    role_words: frozenset = frozenset()
    _by_word: dict | None = field(default=None, repr=False, compare=False)

    @property
    def by_word(self) -> dict:
        """Column-name token or ``kind:<kind>`` -> the columns that have it, in
        table order (built on first use)."""
        by_word = self._by_word
        if by_word is None:
            by_word = {}
            for (c, _), (toks, kw) in zip(self.col_sets, self.col_toks):
                for w in toks:
                    lst = by_word.get(w)
                    if lst is None:
                        by_word[w] = [c]
                    elif lst[-1] is not c:
                        lst.append(c)
                lst = by_word.get(kw)
                if lst is None:
                    by_word[kw] = [c]
                else:
                    lst.append(c)
            self._by_word = by_word
        return by_word


_ROLE_WORDS: dict[frozenset, frozenset] = {}


def _role_words(roles: frozenset) -> frozenset:
    """``role:<role>`` for each role (one shared frozenset per set of roles)."""
    got = _ROLE_WORDS.get(roles)
    if got is None:
        got = _ROLE_WORDS[roles] = frozenset("role:" + r for r in roles)
    return got


#: words -> (the words that are not has: markers, whether those are all name tokens: no kind: word)
_NAME_WORDS: dict[frozenset, tuple[frozenset, bool]] = {}


@dataclass
class LintContext:
    """What a rule reads besides the table it checks: the schema, its dialect and its index."""
    schema: Schema
    dialect: str | None
    index: "SchemaIndex"
    #: the workload read against this schema (:class:`tablewright.linting.workload.analysis.WorkloadAnalysis`),
    #: None without one
    workload: Any = None

    def table(self, table_id: str | None) -> Table | None:
        return self.index.tables.get(table_id) if table_id else None

    def columns_by_id(self, table: Table) -> dict:
        """``{c.id: c for c in table.columns}``, shared by the rules (do not modify)."""
        return self.index.summaries[table.id].cols

    def columns_with(self, table: Table, words) -> list:
        """The columns of ``table`` whose name tokens or ``kind:`` meet ``words``, in table order."""
        # a column's word set is its name tokens, its kind: word and has:
        # markers; leave the markers out of ``words`` and it meets them exactly
        # when its tokens or kind: do
        if isinstance(words, frozenset):
            got = _NAME_WORDS.get(words)
            if got is None:
                clean = frozenset(w for w in words if not w.startswith("has:"))
                got = _NAME_WORDS[words] = (clean, not any(w.startswith("kind:") for w in clean))
            clean, names_only = got
        else:
            clean = frozenset(w for w in words if not w.startswith("has:"))
            names_only = not any(w.startswith("kind:") for w in clean)
        summary = self.index.summaries[table.id]
        # the table's words hold every column's tokens and kind:, its column
        # words every column's tokens (and not the table name's)
        hit = clean.intersection(summary.col_words if names_only else summary.words)
        if not hit:
            return []
        # test each column against the few words the table has, not all asked for
        return [c for c, ws in summary.col_sets if not ws.isdisjoint(hit)]

    def incoming(self, table_id: str) -> list[tuple[Table, ForeignKey]]:
        out = []
        for tid in sorted(self.index.in_links.get(table_id, ())):
            t = self.index.tables.get(tid)
            if t is None:
                continue
            for fk in t.foreign_keys:
                if fk.ref_table == table_id:
                    out.append((t, fk))
        return out

    def find_table(self, name: str, namespace: str | None = None) -> Table | None:
        return self.index.find_table(name, namespace)

    def roles(self, table: Table) -> "roles_.TableRoles":
        """The table's roles (see :mod:`tablewright.linting.facts`)."""
        return self.index.roles[table.id]

    def has_role(self, table: Table, role: str) -> bool:
        got = self.index.roles.get(table.id)
        if got is None:  # a table the index does not know (a copy a fix is tried on)
            return roles_.has_role(table, role)
        return role in got.roles

    def explain_roles(self, table: Table) -> "roles_.TableRoles":
        """The table's roles with the evidence for and against each role considered."""
        return self.index.explain_roles(table)

    @property
    def tenant_key(self) -> str | None:
        return self.index.tenant_key

    @property
    def dominant_style(self) -> tuple[str | None, str | None]:
        """The dominant style of table names and of column names."""
        return self.index.dominant_style

    @property
    def mostly_plural(self) -> bool | None:
        return self.index.mostly_plural


@dataclass
class SchemaIndex:
    """Lookups over a schema the rules share, built once per run."""
    schema: Schema
    tenant_keys: tuple[str, ...] = h.TENANT_KEYS
    #: the user's ``roles`` setting (table pattern -> roles, ``-role`` takes one away)
    role_setting: dict | None = None
    tables: dict[str, Table] = field(default_factory=dict)
    summaries: dict[str, TableSummary] = field(default_factory=dict)
    in_links: dict[str, set[str]] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self):
        self.tenant_counts: Counter = Counter()
        self.style_counts: Counter = Counter()
        self.plural_counts: Counter = Counter()
        self.col_types: dict[str, dict[str, int]] = {}
        self.tenant_key: str | None = None
        self.dominant_style: tuple[str | None, str | None] = (None, None)
        self.mostly_plural: bool | None = None
        self.col_type_sig: dict[str, tuple] = {}
        self.col_type_tables: dict[str, set[str]] = {}
        self.raw_sig: tuple = ()
        self._linked: set[str] | None = None
        self._rls: bool | None = None
        self._tenant_firsts = tuple((k, k.split("_")[0]) for k in self.tenant_keys)
        self.overrides = roles_.RoleOverrides(self.role_setting, self.schema.dialect)
        #: table id -> its roles
        self.roles: dict[str, roles_.TableRoles] = {}
        #: tables whose roles the last :meth:`refresh` changed (besides the changed tables)
        self.role_changed: set[str] = set()
        self._build()

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        schema = self.schema
        self.tables = {t.id: t for t in schema.tables}
        self.by_name = {}
        for t in schema.tables:
            self.by_name.setdefault(t.name.lower(), []).append(t.id)
        self.summaries = {}
        self.in_links = {}
        for t in schema.tables:
            s = self._summarize(t)
            self.summaries[t.id] = s
            self._add(t.id, s)
        self._derive()
        for tid in self.tables:
            self._set_roles(tid)
        self.col_type_sig = {n: self._sig_for(n) for n in self.col_types}
        self.raw_sig = tuple(r.id for r in schema.raw)

    def find_table(self, name: str, namespace: str | None = None) -> Table | None:
        return choose_table([self.tables[i] for i in self.by_name.get(name.lower(), ())], name, namespace)

    def _summarize(self, t: Table) -> TableSummary:
        words, col_words, styles, col_types, col_toks, col_sets, cols = _scan(t)
        pk = t.primary_key
        if pk:
            pk_sig = tuple((cols[c].name.lower(), h.type_family(cols[c].type)) for c in pk.columns if c in cols)
        else:
            pk_sig = ()
        sig = (t.name.lower(), (t.namespace or "").lower(), pk_sig)
        kinds = (t.options.row_level_security, False, False)  # financial, audit: from the roles (_set_roles)
        out = {fk.ref_table for fk in t.foreign_keys if fk.ref_table}
        opts = t.options
        out.update(p for p in [opts.partition_of, *opts.inherits] if p)  # parents, by id like foreign keys
        out.discard(t.id)
        tenant = None
        for k, first in self._tenant_firsts:
            if t.column_named(k) is not None if first in col_words else False:
                tenant = k
                break
        toks = h.tokens(t.name)
        plural = h.is_plural(toks[-1]) if toks and toks[-1].isalpha() and len(toks[-1]) > 3 else None
        return TableSummary(sig, frozenset(out), tenant, styles, plural, col_types, words, col_words, col_toks, kinds,
                            col_sets, cols)

    # -- roles -----------------------------------------------------------------------
    def incoming(self, tid: str) -> roles_.Incoming:
        """What references table ``tid``: (table name, foreign-key column names) per foreign key."""
        refs = []
        for src in sorted(self.in_links.get(tid, ())):
            t = self.tables.get(src)
            if t is None:
                continue
            cols = None
            for fk in t.foreign_keys:
                if fk.ref_table == tid:
                    if cols is None:
                        cols = self.summaries[src].cols
                    refs.append((t.name, tuple(cols[c].name for c in fk.columns if c in cols)))
        return roles_.Incoming(tuple(refs))

    def _infer(self, t: Table, explain: bool = False):
        return roles_.infer(t, lambda: self.incoming(t.id), self.tenant_key, self.tables.get, explain=explain,
                            find_name=lambda name: self.find_table(name, t.namespace))

    def _set_roles(self, tid: str) -> bool:
        """(Re)compute the roles of table ``tid``; True when they changed.  The
        summary's words carry ``role:<role>`` (what rules' ``triggers`` meet) and
        its kinds the financial and audit roles."""
        t = self.tables[tid]
        inferred, _ = self._infer(t)
        got = roles_.resolve(t, inferred, [], self.overrides) if (self.overrides or t.comment) \
            else roles_.TableRoles(inferred)
        old = self.roles.get(tid)
        self.roles[tid] = got
        s = self.summaries[tid]
        role_words = _role_words(got.roles)
        if s.role_words is not role_words:
            s.words = (s.words - s.role_words) | role_words
            s.role_words = role_words
        s.kinds = (s.kinds[0], "financial" in got.roles, "audit" in got.roles)
        return old is None or old.roles != got.roles

    def explain_roles(self, table: Table, *, setting: bool = True) -> roles_.TableRoles:
        """:meth:`roles` of ``table`` with the evidence, computed now (not kept);
        without ``setting``: as the inference and the table's comment tag have them."""
        inferred, evidence = self._infer(table, explain=True)
        return roles_.resolve(table, inferred, evidence, self.overrides if setting else None)

    def _add(self, tid: str, s: TableSummary, sign: int = 1) -> None:
        for target in s.out:
            links = self.in_links.setdefault(target, set())
            if sign > 0:
                links.add(tid)
            else:
                links.discard(tid)
        self.tenant_counts[s.tenant] += sign
        style_counts = self.style_counts
        for st in s.styles:
            style_counts[st] += sign
        if s.plural is not None:
            self.plural_counts[s.plural] += sign
        col_types, col_type_tables = self.col_types, self.col_type_tables
        for name, fam in s.col_types:
            counter = col_types.get(name)
            if counter is None:
                counter = col_types[name] = {}  # family -> count (a dict: Counter() is slow to create)
            counter[fam] = counter.get(fam, 0) + sign
            holders = col_type_tables.get(name)
            if holders is None:
                holders = col_type_tables[name] = set()
            if sign > 0:
                holders.add(tid)
            else:
                holders.discard(tid)

    def _derive(self) -> None:
        n = len(self.tables)
        tenant = None
        best = max(
            ((c, k) for k, c in self.tenant_counts.items() if k is not None), default=None
        )
        if best and n >= 4 and best[0] * 2 > n:
            tenant = best[1]
        self.tenant_key = tenant
        doms = []
        for prefix in ("t:", "c:"):
            styles = [(c, s[2:]) for s, c in self.style_counts.items() if c > 0 and s.startswith(prefix)]
            doms.append(max(styles)[1] if styles else None)
        self.dominant_style = tuple(doms)
        p, s = self.plural_counts.get(True, 0), self.plural_counts.get(False, 0)
        self.mostly_plural = None if p == s else p > s

    def _sig_for(self, name: str) -> tuple:
        counter = self.col_types.get(name)
        if not counter:
            return ()
        fams = sorted(f for f, c in counter.items() if c > 0)
        if len(fams) < 2:
            return ()
        majority = max((c, f) for f, c in counter.items() if c > 0)
        return (majority[1] if list(counter.values()).count(majority[0]) == 1 else None, tuple(fams))

    def linked_ids(self) -> set[str]:
        """Tables that take part in at least one link (cached until the graph changes)."""
        if self._linked is None:
            linked = {tid for tid, s in self.summaries.items() if s.out}
            linked |= {tid for tid, ins in self.in_links.items() if ins and tid in self.tables}
            self._linked = linked
        return self._linked

    def uses_rls(self) -> bool:
        """Some table has row-level security on (cached until the tables fact changes)."""
        if self._rls is None:
            self._rls = any(s.kinds[0] for s in self.summaries.values())
        return self._rls

    # -- incremental ---------------------------------------------------------------
    def neighbours(self, tid: str) -> set[str]:
        s = self.summaries.get(tid)
        out = set(self.in_links.get(tid, ()))
        if s:
            out |= s.out
        return out

    def refresh(self, changed: set[str]) -> tuple[set[str], set[str], dict[str, set[str]]]:
        """Re-read the changed tables.  Returns (changed facts, affected table
        ids: the changed tables and their neighbours before and after, and for
        facts whose change reaches only some tables, those tables)."""
        facts: set[str] = set()
        fact_targets: dict[str, set[str]] = {}
        affected = set(changed)
        schema = self.schema
        old_tenant, old_style, old_plural = self.tenant_key, self.dominant_style, self.mostly_plural
        for tid in changed:
            affected |= self.neighbours(tid)
        old_tables = self.tables
        self.tables = {t.id: t for t in schema.tables}
        renamed = False  # a table came, went or changed its name: roles that read names may change
        if self.tables.keys() != old_tables.keys() or any(
            tid in self.tables and self.tables[tid].name.lower() != self.summaries[tid].sig[0]
            for tid in changed
            if tid in self.summaries
        ):
            renamed = True
            self.by_name = {}
            for t in schema.tables:
                self.by_name.setdefault(t.name.lower(), []).append(t.id)
        touched_names: set[str] = set()
        old_kinds = {tid: self.summaries[tid].kinds for tid in changed if tid in self.summaries}
        for tid in changed:
            old = self.summaries.pop(tid, None)
            table = self.tables.get(tid)
            new = self._summarize(table) if table is not None else None
            if old is not None:
                self._add(tid, old, -1)
                touched_names.update(n for n, _ in old.col_types)
            if new is not None:
                self.summaries[tid] = new
                self._add(tid, new, +1)
                touched_names.update(n for n, _ in new.col_types)
            if old is None or new is None or old.sig != new.sig:
                facts.add("tables")
            if old is None or new is None:
                facts.add("table_kinds")
            if old is None or new is None or old.out != new.out:
                facts.add("fk_graph")
        for tid in changed:
            affected |= self.neighbours(tid)
        self._derive()
        if self.tenant_key != old_tenant:
            facts.add("tenant")
        # roles read the table, what references it, the tenant key and the names of
        # the other tables (bike_versions beside bikes): recompute them for the
        # changed tables and their neighbours (everywhere when the tenant key or the
        # table names changed); a table whose roles change is re-checked as changed
        self.role_changed = set()
        for tid in [t for t in self.roles if t not in self.tables]:
            del self.roles[tid]
        redo = self.tables.keys() if self.tenant_key != old_tenant or renamed else affected & self.tables.keys()
        for tid in redo:
            before = self.summaries[tid].kinds if tid not in changed else old_kinds.get(tid)
            if self._set_roles(tid) and tid not in changed:
                self.role_changed.add(tid)
            if before != self.summaries[tid].kinds:
                facts.add("table_kinds")
        if self.role_changed:
            facts.add("roles")
            for tid in self.role_changed:
                affected.add(tid)
                affected |= self.neighbours(tid)
        if self.dominant_style != old_style:
            facts.add("naming")
        if self.mostly_plural != old_plural:
            facts.add("plurality")
        for name in touched_names:
            sig = self._sig_for(name)
            if sig != self.col_type_sig.get(name, ()):
                facts.add("column_types")
                fact_targets.setdefault("column_types", set()).update(self.col_type_tables.get(name, ()))
            if sig:
                self.col_type_sig[name] = sig
            else:
                self.col_type_sig.pop(name, None)
        raw_sig = tuple(r.id for r in schema.raw)
        if raw_sig != self.raw_sig:
            facts.add("raw")
            self.raw_sig = raw_sig
        if "fk_graph" in facts or "tables" in facts:
            self._linked = None
        if "table_kinds" in facts:
            self._rls = None
        affected &= self.tables.keys()
        return facts, affected, fact_targets
