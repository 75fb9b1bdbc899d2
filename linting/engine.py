"""The lint engine: full runs and incremental updates that give the same findings.

Findings are kept per table and rule.  ``update(schema, changed_table_ids)``
re-reads the changed tables in the :class:`~linting.index.SchemaIndex`, then
re-runs each rule only where the edit can reach: table-scoped rules on the
changed tables, neighbour-scoped rules on those and their linked tables,
schema-scoped rules everywhere only when a fact they read has changed.

Order is deterministic: schema-level findings first, then tables in model
order, within a table by rule code, column and key.
"""

from __future__ import annotations

from typing import Iterable

from tablewright.designer.gcpause import paused_gc
from tablewright.designer.model import Schema, Table
from tablewright.linting.config import Config
from tablewright.linting.findings import Finding
from tablewright.designer.model import names_kept
from tablewright.linting.heuristics import spelled
from tablewright.linting.index import LintContext, SchemaIndex
from tablewright.linting.rule import ALL_DIALECTS, Rule

_SCHEMA = "\x00schema"  # bucket of findings not about a table


def _order(f: Finding) -> tuple:
    return (f.rule, f.column or "", f.key, f.message)


def _put(bucket: dict[str, list[Finding]], code: str, found: list[Finding] | None) -> bool:
    """Keep a rule's findings for a table (none: forget them); True when they changed."""
    if found:
        if bucket.get(code) != found:
            bucket[code] = found
            return True
        return False
    return bucket.pop(code, None) is not None


class Engine:
    #: tables per chunk of a full run (see :meth:`_run`)
    CHUNK = 128

    def __init__(self, config: Config | None = None, rules: list[Rule] | None = None, *, workload=None):
        self.config = config or Config()
        #: the application's queries (:class:`tablewright.linting.workload.Workload`, or one already
        #: read against the schema of the first run: a ``WorkloadAnalysis``), None without
        self.workload = workload
        self._analysed_once = False
        self.rules: list[Rule] = rules if rules is not None else self.config.instantiate()
        self._post = self.config.postprocess()
        self._schema: Schema | None = None
        self._dialect: str | None = None
        self.index: SchemaIndex | None = None
        # table id -> rule code -> findings
        self._buckets: dict[str, dict[str, list[Finding]]] = {}
        self._flat: dict[str, list[Finding]] = {}
        self._schema_rule_tables: dict[str, set[str]] = {}

    # -- which rules -----------------------------------------------------------
    def active_rules(self, dialect: str | None) -> list[Rule]:
        if dialect is None:
            return [r for r in self.rules if r.dialects == ALL_DIALECTS]
        return [r for r in self.rules if dialect in r.dialects]

    # -- running -----------------------------------------------------------------
    def run(self, schema: Schema) -> list[Finding]:
        """Lint the whole schema and remember the state for :meth:`update`."""
        # a full run allocates many small objects and frees none of them:
        # the cyclic collector would only walk them again and again
        with paused_gc(collect_after=False), spelled(schema), names_kept():
            return self._run(schema)

    def _run(self, schema: Schema) -> list[Finding]:
        self._schema = schema
        self._dialect = schema.dialect
        self.index = index_for(schema, self.config, self.rules)
        self._ctx = LintContext(schema, schema.dialect, self.index, self._analysis(schema))
        self._active = self.active_rules(schema.dialect)
        self._per_table = [r for r in self._active if not r.whole_schema() and not r.column_rule()]
        self._columns = [r for r in self._active if r.column_rule()]
        self._whole = [r for r in self._active if r.whole_schema()]
        self._prepare_columns()
        self._buckets = {t.id: {} for t in schema.tables}
        self._buckets[_SCHEMA] = {}
        self._flat = {}
        self._schema_rule_tables = {}
        ctx = self._ctx
        post = self._post
        summaries = self.index.summaries
        idle = {r.code for r in self._per_table if not r.applies(ctx)}
        # Run rule by rule over a chunk of tables at a time: one rule's code
        # stays hot over many tables, and a chunk's objects stay in the CPU
        # cache across the rules (measured: ~10% faster than table by table,
        # and chunks of ~100 tables ~10% faster again than whole-schema sweeps).
        # Tables are grouped by the trigger words they hold; each distinct group
        # maps once to the rules it triggers.
        active = [r for r in self._per_table if r.code not in idle]
        plans: dict[frozenset, tuple[int, ...]] = {}  # triggered words -> positions in ``active``
        always = frozenset(i for i, r in enumerate(active) if r.triggers is None)
        by_word: dict[str, set[int]] = {}  # trigger word -> positions of the rules it triggers
        for i, r in enumerate(active):
            for w in r.triggers or ():
                by_word.setdefault(w, set()).add(i)
        vocab = frozenset(by_word)
        tables = schema.tables
        buckets = self._buckets
        finish = self._finish
        chunk = self.CHUNK
        column_pass = self._column_pass if self._columns else None
        for lo in range(0, len(tables), chunk):
            todo: list[list[Table]] = [[] for _ in active]
            for table in tables[lo:lo + chunk]:
                hit = vocab.intersection(summaries[table.id].words)
                plan = plans.get(hit)
                if plan is None:
                    plan = plans[hit] = tuple(sorted(always.union(*[by_word[w] for w in hit])))
                for i in plan:
                    todo[i].append(table)
            for rule, targets in zip(active, todo):
                if not targets:
                    continue
                code = rule.code
                check = rule.check_table
                for table in targets:
                    found = check(table, ctx)
                    if found:
                        found = finish(found, post)
                        if found:
                            buckets[table.id][code] = found
            if column_pass is not None:
                for table in tables[lo:lo + chunk]:
                    buckets[table.id].update(column_pass(table, summaries[table.id].col_sets))
        for rule in self._whole:
            self._run_whole(rule)
        return self.findings()

    def update(self, schema: Schema, changed_table_ids: Iterable[str]) -> list[Finding]:
        """Re-lint after the tables ``changed_table_ids`` were added, removed or
        edited (anything inside them: columns, keys, indexes, options, name)."""
        with spelled(schema), names_kept():
            return self._update(schema, changed_table_ids)

    def _update(self, schema: Schema, changed_table_ids: Iterable[str]) -> list[Finding]:
        if schema is not self._schema or schema.dialect != self._dialect or self.index is None:
            return self.run(schema)
        changed = set(changed_table_ids)
        facts, affected, fact_targets = self.index.refresh(changed)
        # a table whose roles changed (a neighbour's edit, the tenant key) is re-checked as if edited
        changed |= self.index.role_changed
        if self.workload is not None:
            # the queries are read against the whole model: any change can make one stale or served
            self._ctx.workload = self._analysis(schema)
            facts = set(facts) | {"workload"}
        tables = self.index.tables
        for tid in list(self._buckets):
            if tid != _SCHEMA and tid not in tables:
                del self._buckets[tid]
                self._flat.pop(tid, None)
        for tid in tables:
            if tid not in self._buckets:
                self._buckets[tid] = {}
        present_changed = [tid for tid in changed if tid in tables]
        ctx, post = self._ctx, self._post
        dirty: set[str] = set()
        for rule in self._per_table:
            if rule.scope == "table":
                targets = present_changed
            elif rule.scope == "schema" and facts.intersection(rule.facts):
                hit = facts.intersection(rule.facts)
                if hit <= fact_targets.keys():
                    targets = set(affected)
                    for f in hit:
                        targets |= fact_targets[f] & tables.keys()
                else:
                    targets = list(tables)
            else:
                targets = affected
            code = rule.code
            trig = rule.triggers
            summaries = self.index.summaries
            idle = not rule.applies(ctx)
            for tid in targets:
                bucket = self._buckets[tid]
                if idle or trig is not None and trig.isdisjoint(summaries[tid].words):
                    found = None
                else:
                    found = rule.check_table(tables[tid], ctx)
                    found = self._finish(found, post) if found else None
                if _put(bucket, code, found):
                    dirty.add(tid)
        if self._columns:
            codes = [r.code for r in self._columns]
            summaries = self.index.summaries
            for tid in present_changed:
                bucket = self._buckets[tid]
                found = self._column_pass(tables[tid], summaries[tid].col_sets)
                for code in codes:
                    if _put(bucket, code, found.get(code)):
                        dirty.add(tid)
        for rule in self._whole:
            if facts.intersection(rule.facts) or (changed & self._schema_rule_tables.get(rule.code, set())):
                dirty |= self._run_whole(rule)
        for tid in dirty | changed:
            self._flat.pop(tid, None)
        return self.findings()

    def set_workload(self, workload, schema: Schema | None = None) -> list[Finding]:
        """Attach (None: detach) a workload; re-lints ``schema`` when given."""
        self.workload = workload
        if schema is not None:
            return self.run(schema)
        return self.findings()

    # -- internals ---------------------------------------------------------------
    def _analysis(self, schema: Schema):
        if self.workload is None:
            return None
        from tablewright.linting.workload.analysis import WorkloadAnalysis, analyse

        if isinstance(self.workload, WorkloadAnalysis):  # read against this very model already
            if self.workload.schema is schema and self._analysed_once is False:
                self._analysed_once = True
                return self.workload
            return analyse(self.workload.workload, schema)
        return analyse(self.workload, schema)

    def _prepare_columns(self) -> None:
        """Index the column rules by trigger word for :meth:`_column_pass`."""
        ctx = self._ctx
        rules = [r for r in self._columns if r.applies(ctx)]
        self._col_always = tuple(r for r in rules if r.triggers is None)
        by_word: dict[str, list[Rule]] = {}
        for r in rules:
            for w in r.triggers or ():
                by_word.setdefault(w, []).append(r)
        self._col_by_word = by_word
        self._col_vocab = frozenset(by_word)
        self._col_plans: dict[frozenset, tuple[Rule, ...]] = {}
        # a column's word set (shared between columns alike) -> its plan
        self._col_plan_of: dict[frozenset, tuple[Rule, ...]] = {}

    def _column_pass(self, table, col_sets) -> dict[str, list[Finding]]:
        """Run every column rule over the columns of one table, each column
        against the rules its words trigger."""
        ctx, post = self._ctx, self._post
        vocab, plans, always = self._col_vocab, self._col_plans, self._col_always
        plan_of = self._col_plan_of
        out: dict[str, list[Finding]] = {}
        for column, words in col_sets:
            plan = plan_of.get(words)
            if plan is None:
                hit = vocab.intersection(words)
                if not hit and not always:
                    plan = ()
                else:
                    plan = plans.get(hit)
                    if plan is None:
                        picked: dict[str, Rule] = {}
                        for w in hit:
                            for r in self._col_by_word[w]:
                                picked[r.code] = r
                        plan = plans[hit] = (*always, *sorted(picked.values(), key=lambda r: r.code))
                plan_of[words] = plan
            for rule in plan:
                f = rule.check_column(table, column, ctx)
                if f is not None:
                    if post is not None:
                        f = post(f)
                        if f is None:
                            continue
                    lst = out.get(rule.code)
                    if lst is None:
                        out[rule.code] = [f]
                    else:
                        lst.append(f)
        for code, fs in out.items():
            if len(fs) > 1:
                fs.sort(key=_order)
        return out

    @staticmethod
    def _finish(found, post) -> list[Finding]:
        found = list(found)
        if post is not None:
            found = [g for g in map(post, found) if g is not None]
        if len(found) > 1:
            found.sort(key=_order)
        return found

    def _run_whole(self, rule: Rule) -> set[str]:
        code = rule.code
        dirty = set()
        for tid in self._schema_rule_tables.get(code, ()):
            bucket = self._buckets.get(tid)
            if bucket is not None and bucket.pop(code, None) is not None:
                dirty.add(tid)
        found = rule.check_schema(self._ctx) or ()
        by_table: dict[str, list[Finding]] = {}
        for f in found:
            tid = f.table_id if f.table_id in self._buckets else _SCHEMA
            by_table.setdefault(tid, []).append(f)
        for tid, fs in by_table.items():
            fs = self._finish(fs, self._post)
            if fs:
                self._buckets[tid][code] = fs
                dirty.add(tid)
        self._schema_rule_tables[code] = set(by_table)
        return dirty

    def _flat_for(self, tid: str) -> list[Finding]:
        flat = self._flat.get(tid)
        if flat is None:
            bucket = self._buckets.get(tid) or {}
            flat = [f for code in sorted(bucket) for f in bucket[code]]
            self._flat[tid] = flat
        return flat

    def findings(self) -> list[Finding]:
        if self._schema is None:
            return []
        out = list(self._flat_for(_SCHEMA))
        for t in self._schema.tables:
            out.extend(self._flat_for(t.id))
        from tablewright.linting.conventions import fold_conventions, fold_partitions

        out = fold_partitions(out, self._ctx)
        return fold_conventions(out, self._ctx, self._active, self._post)


def index_for(schema: Schema, config: Config, rules: list[Rule] | None = None) -> SchemaIndex:
    """The rules' view of ``schema`` under ``config``: its tenant keys (the option of the
    rule that has it) and its table roles setting."""
    for r in rules if rules is not None else config.instantiate():
        if "tenant_keys" in r.opts and r.opts["tenant_keys"]:
            return SchemaIndex(schema, tuple(r.opts["tenant_keys"]), role_setting=config.roles)
        if "tenant_keys" in r.opts:
            break
    return SchemaIndex(schema, role_setting=config.roles)


def lint(schema: Schema, config: Config | None = None) -> list[Finding]:
    """One full lint run."""
    return Engine(config).run(schema)
