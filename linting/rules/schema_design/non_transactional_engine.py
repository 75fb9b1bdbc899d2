"""TW118 non-transactional-engine."""

from __future__ import annotations

from tablewright.designer.model import Table
from tablewright.linting.heuristics import tokens
from tablewright.linting.rule import Rule, register

NON_TRANSACTIONAL = frozenset({"myisam", "memory", "heap", "archive", "csv", "aria", "merge", "mrg_myisam"})
#: engines whose rows live in memory only: chosen on purpose, for state that must not outlive the server
#: (process registries, work lists, the last sample); no one picks them by default, as MyISAM was picked
VOLATILE = frozenset({"memory", "heap"})
_AUX = frozenset({"search", "fulltext", "ngram", "ngrams", "cache", "tmp", "temp"})


def ignores_foreign_keys(table: Table) -> bool:
    """MySQL/MariaDB parse a foreign key on a MyISAM, Aria or MEMORY table and keep nothing of it:
    only InnoDB enforces one (and refuses a key between an InnoDB table and one of these)."""
    return (table.options.engine or "").lower() in NON_TRANSACTIONAL


def non_transactional_engine(table: Table) -> str | None:
    engine = (table.options.engine or "").lower()
    if engine not in NON_TRANSACTIONAL:
        return None
    if set(tokens(table.name)) & _AUX or any((ix.method or "").lower() == "fulltext" for ix in table.indexes):
        return None  # a search index or cache, not application data
    return table.options.engine


@register
class NonTransactionalEngine(Rule):
    """A MySQL/MariaDB table uses a non-transactional storage engine.

    ## What it does
    Reports tables with `ENGINE=MyISAM`, `MEMORY`, `ARCHIVE`, `CSV`, `Aria`
    or `MERGE`, except search and cache tables (FULLTEXT indexes, names with
    search/cache/tmp).  `MEMORY` is a deliberate choice for state that must
    not outlive the server (process registries, work lists), so it is
    reported at medium, to check that the table holds nothing else.  When
    most tables use such an engine, that is the schema's choice: one finding
    says so, and each table stays listed, with its ALTER, at medium.

    ## Why is this bad?
    Writes are not atomic: a failed multi-row statement leaves half its
    changes, rollbacks do nothing, foreign keys are ignored, and a crash can
    corrupt the table (MEMORY loses everything on restart).

    ## Example
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY) ENGINE=MyISAM;
    ```

    ## Use instead
    ```sql
    CREATE TABLE orders (id int PRIMARY KEY) ENGINE=InnoDB;
    ```
    """

    code = "TW118"
    name = "non-transactional-engine"
    category = "schema-design"
    severity = "high"
    dialects = frozenset({"mysql", "mariadb"})
    convention = True
    convention_members = "medium"  # each table keeps its ALTER ... ENGINE=InnoDB under the one finding

    def convention_holds(self, ctx, findings):
        """Most of the schema's tables use such an engine: the schema's choice (a
        MyISAM-era application), one thing to tell, not one per table."""
        return len(findings) >= 5 and 2 * len(findings) >= len(ctx.schema.tables)

    def convention_severity(self, ctx):
        return "high"

    def convention_summary(self, ctx, findings):
        engines = sorted({(t.options.engine or "").upper() for t in ctx.schema.tables
                          if t.id in {f.table_id for f in findings}})
        return (f"the schema keeps its data in non-transactional engines ({', '.join(engines)}): writes are "
                "not atomic, rollbacks undo nothing, foreign keys are not enforced, and a crash can leave a "
                "table damaged; converting to InnoDB is one migration. Each table is listed with its ALTER")

    def check_table(self, table, ctx):
        engine = non_transactional_engine(table)
        if engine:
            from tablewright.designer.dialects import quote_qualified
            from tablewright.linting.findings import Fix

            name = quote_qualified(table.namespace, table.name, ctx.dialect)
            if engine.lower() in VOLATILE:
                return [self.finding(table, f"table {table.qualified_name} uses the {engine} engine: its rows vanish "
                                            "at every restart and writes are not atomic; right for process state "
                                            "and work lists, wrong for anything that must survive",
                                     severity="medium",
                                     fix=Fix("convert to InnoDB", f"ALTER TABLE {name} ENGINE=InnoDB;"))]
            return [self.finding(table, f"table {table.qualified_name} uses the non-transactional {engine} engine",
                                 fix=Fix("convert to InnoDB", f"ALTER TABLE {name} ENGINE=InnoDB;"))]
        return None
