"""Workload-aware review: the application's queries, read from files or a
database's statistics, linted against the model (category ``queries``) and
turned into index advice (category ``indexing``), verified on PostgreSQL with
hypothetical indexes.  No Qt here.

``Query``, ``Workload`` and ``read_workload`` are importable from here; they
are loaded on first use (the rule registry imports this package on every lint
run, which must not pay for sqlglot when the parse cache is warm)."""

__all__ = ["Query", "Workload", "read_workload"]


def __getattr__(name: str):
    if name in __all__:
        from tablewright.linting.workload import reader

        return getattr(reader, name)
    raise AttributeError(name)
