"""The whole lint pipeline for one set of sources: load the model, resolve
configuration, run the engine, apply inline and project suppressions and the
baseline.  Used by ``tablewright lint`` and by tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tablewright.designer.errors import InputError
from tablewright.linting import baseline as baseline_mod, suppressions
from tablewright.linting.config import Config
from tablewright.linting.engine import Engine
from tablewright.linting.findings import Summary, at_least, keep_rendered
from tablewright.linting.reporters import Report


@dataclass
class LintOutcome:
    """A lint run of sources: the report, the configuration used and the import issues."""
    report: Report
    config: Config
    import_issues: list = field(default_factory=list)
    cache_key: str | None = None  # of the parse cache the model came from (or went to)
    fix_sql: dict = field(default_factory=dict)  # the fix SQL kept for it, filled as reports read fixes
    _fix_sql_known: int = 0
    workload: object = None  # the Workload read from --queries
    analysis: object = None  # it read against the model (WorkloadAnalysis)

    def failed(self, fail_on: str | None = None) -> bool:
        threshold = fail_on or self.config.fail_on
        return any(at_least(f.severity, threshold) for f in self.report.findings)

    def save(self) -> None:
        """Keep the fix SQL the reports rendered with the parse cache."""
        if self.cache_key is not None and len(self.fix_sql) > self._fix_sql_known:
            from tablewright.linting import cache

            cache.store_fix_sql(self.cache_key, self.fix_sql)


def project_config(sources: list[str], config: Config) -> tuple[Config, list]:
    """Rule settings and suppressions stored in a project file's ``settings.lint``
    (see :func:`settings_config`)."""
    from tablewright.designer.sources import is_project, is_url

    if len(sources) != 1 or is_url(sources[0]) or not is_project(sources[0]):
        return config, []
    from tablewright.designer.project import load_project

    return settings_config((load_project(sources[0]).settings or {}).get("lint") or {}, config,
                           f"{sources[0]}: settings.lint"), []


def project_workload(sources: list[str], complete: bool = False) -> tuple[list[str] | None, bool]:
    """The workload files a project file keeps (``settings.workload``: paths
    relative to the project file), and whether it is declared complete."""
    from tablewright.designer.sources import is_project, is_url

    if len(sources) != 1 or is_url(sources[0]) or not is_project(sources[0]):
        return None, complete
    from tablewright.designer.project import load_project

    spec = (load_project(sources[0]).settings or {}).get("workload") or {}
    files = spec.get("files") if isinstance(spec, dict) else None
    if not files or not isinstance(files, list):
        return None, complete
    base = Path(sources[0]).resolve().parent
    return [str(base / f) for f in files if isinstance(f, str)], complete or bool(spec.get("complete"))


def settings_config(settings: dict, config: Config, where: str = "settings.lint") -> Config:
    """``config`` with a project's ``settings.lint`` under it.

    ``settings.lint`` takes the same keys as ``[tool.tablewright]`` plus
    ``suppress``: a list of ``{"rules": [...], "object": "table.column pattern",
    "reason": "..."}`` entries (folded into per-object ignores)."""
    if not settings:
        return config
    if not isinstance(settings, dict):
        raise InputError(f"{where}: must be an object of settings, not {type(settings).__name__}")
    data = dict(settings)
    supp = data.pop("suppress", []) or []
    if not isinstance(supp, list):
        raise InputError(f"{where}: suppress must be a list of {{\"object\": …, \"rules\": […]}} entries")
    proj = Config.from_dict(data, where)
    for i, entry in enumerate(supp):
        if not isinstance(entry, dict) or not isinstance(entry.get("object"), str):
            raise InputError(f"{where}: suppress[{i}] needs an 'object' pattern (a string)")
        rules = entry.get("rules") or ["ALL"]
        if isinstance(rules, str):
            rules = [rules]
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise InputError(f"{where}: suppress[{i}].rules must be a list of rule codes")
        proj.per_object_ignores.setdefault(entry["object"], []).extend(rules)
    return Config(
        dialect=config.dialect or proj.dialect,
        select=config.select if config.select is not None else proj.select,
        extend_select=proj.extend_select + config.extend_select,
        ignore=proj.ignore + config.ignore,
        fail_on=config.fail_on,
        ignore_objects=proj.ignore_objects + config.ignore_objects,
        severity={**proj.severity, **config.severity},
        rule_options={**proj.rule_options, **config.rule_options},
        per_object_ignores={**proj.per_object_ignores, **config.per_object_ignores},
        roles={**proj.roles, **config.roles},
        source=config.source,
    )


def load(sources: list[str], dialect: str | None, *, use_cache: bool = False):
    """The ImportResult for the sources, from the parse cache when allowed and
    warm, and the cache key (None when not cached)."""
    from tablewright.designer.sources import is_project, is_url

    cacheable = use_cache and all(not is_url(s) and not is_project(s) for s in sources)
    k = None
    if cacheable:
        from tablewright.linting import cache

        k = cache.key(sources, dialect)
        if k is not None:
            hit = cache.load(k)
            if hit is not None:
                from tablewright.linting.heuristics import known_columns

                known_columns(hit.expressions)
                return hit, k
    from tablewright.designer.sources import load_sources

    result = load_sources(list(sources), dialect)
    if k is not None:
        from tablewright.linting import cache

        cache.store(k, result)
    return result, k


def table_roles(sources: list[str], config: Config, *, dialect: str | None = None, use_cache: bool = False):
    """(schema, [(table, its roles with the evidence)]) for ``sources``, with the
    project's and the config's ``roles`` overrides (see :mod:`tablewright.linting.facts`)."""
    from tablewright.linting.engine import index_for

    config, _ = project_config(sources, config)
    result, _ = load(list(sources), dialect or config.dialect, use_cache=use_cache)
    schema = result.schema
    index = index_for(schema, config)
    return schema, [(t, index.explain_roles(t)) for t in schema.tables], result.issues


def lint_sources(sources: list[str], config: Config, *, dialect: str | None = None,
                 baseline: str | Path | None = None, use_cache: bool = False,
                 queries: list[str] | None = None, complete: bool = False) -> LintOutcome:
    """Lint ``sources``; with ``queries`` (workload files or a PostgreSQL URL,
    see :mod:`tablewright.linting.workload`) the query rules and the index advice
    run too, and the queries' unparseable statements join the import issues."""
    config, _ = project_config(sources, config)
    result, k = load(list(sources), dialect or config.dialect, use_cache=use_cache)
    schema = result.schema
    workload = None
    if not queries:
        queries, complete = project_workload(sources, complete)
    if queries:
        from tablewright.linting.workload import read_workload

        workload = read_workload(list(queries), schema.dialect or dialect or config.dialect, complete=complete)
    engine = Engine(config, workload=workload)
    findings = engine.run(schema)
    supp = suppressions.parse([*(getattr(result, "statement_comments", None) or ()),
                               *(workload.queries if workload is not None else ())])
    report_unused = any(r.code == "TW001" for r in engine.rules)
    findings, suppressed, unused = suppressions.apply(findings, supp, report_unused=report_unused)
    post = config.postprocess()
    if post is not None:
        unused = [g for g in map(post, unused) if g is not None]
    findings = findings + unused
    baselined = 0
    if baseline is not None:
        findings, baselined = baseline_mod.filter_new(findings, baseline_mod.load(baseline))
    summary = Summary.of(findings, tables=len(schema.tables), suppressed=suppressed, baselined=baselined)
    from tablewright.designer.dburl import display_url  # a report names a database without its password

    report = Report(findings, summary, schema, [display_url(str(s)) for s in sources], [type(r) for r in engine.rules])
    outcome = LintOutcome(report, config, list(result.issues) + (workload.issues if workload is not None else []), k)
    outcome.workload = workload
    outcome.analysis = engine._ctx.workload if workload is not None else None
    if k is not None:  # the model stays as loaded: its fixes' SQL can be kept with it
        from tablewright.linting import cache

        outcome.fix_sql = cache.load_fix_sql(k)
        outcome._fix_sql_known = len(outcome.fix_sql)
    # served from there, and rendered once, however often the reports read a fix
    keep_rendered(schema, outcome.fix_sql)
    return outcome
