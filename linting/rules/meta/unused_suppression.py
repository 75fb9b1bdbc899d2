"""TW001 unused-suppression."""

from __future__ import annotations

from tablewright.linting.rule import Rule, register


@register
class UnusedSuppression(Rule):
    """An inline suppression that suppresses nothing.

    ## What it does
    Reports `-- tablewright: ignore[...]` comments whose rules raised nothing
    on the statement they are attached to (the statement they precede or
    share a line with).  Ignore this rule to stop the reports.

    ## Why is this bad?
    A stale suppression hides the next real finding of that rule on the
    statement, and tells readers about a problem that is gone.

    ## Example
    ```sql
    -- tablewright: ignore[float-money]
    CREATE TABLE invoice (id int PRIMARY KEY, total numeric(12,2));
    ```

    ## Use instead
    ```sql
    CREATE TABLE invoice (id int PRIMARY KEY, total numeric(12,2));
    ```
    """

    code = "TW001"
    name = "unused-suppression"
    category = "meta"
    severity = "low"
    triggers = frozenset()  # raised by linting.suppressions, never by the engine
