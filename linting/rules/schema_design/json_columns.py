"""TW114 unbounded-json and TW115 many-json-columns."""

from __future__ import annotations

from tablewright.designer.model import Column, Table
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Option, Rule, register


def json_columns(table: Table) -> list[Column]:
    out = []
    for c in table.columns:
        k = h.kind(c.type)
        if k in h.JSONS or (k in h.STRINGS and h.last_token(c.name) == "json"):
            out.append(c)
    return out


def unchecked_json(table: Table) -> list[Column]:
    return [c for c in json_columns(table) if not h.column_has_check(table, c)]


@register
class UnboundedJson(Rule):
    """A JSON document column with no CHECK on its shape.

    ## What it does
    Reports `json`/`jsonb` columns (and text columns named `*_json`) that no
    CHECK constraint mentions.

    ## Why is this bad?
    Anything goes in: a typo in a key, a string where an object was expected,
    a 50 MB blob.  The shape lives only in application code, and every reader
    has to defend against every past version of it.

    ## Example
    ```sql
    CREATE TABLE event (id bigint PRIMARY KEY, payload jsonb);
    ```

    ## Use instead
    ```sql
    CREATE TABLE event (id bigint PRIMARY KEY, payload jsonb
        CHECK (jsonb_typeof(payload) = 'object' AND payload ? 'type'));
    ```
    """

    code = "TW114"
    name = "unbounded-json"
    category = "schema-design"
    severity = "medium"
    triggers = frozenset({"kind:json", "kind:jsonb", "json"})

    def check_table(self, table, ctx):
        return [self.finding(table, f"{table.name}.{c.name} holds JSON with no CHECK on its shape or size", column=c)
                for c in unchecked_json(table)]


@register
class ManyJsonColumns(Rule):
    """A table keeps much of its data in JSON columns.

    ## What it does
    Reports tables with more than `max-json-columns` (3) JSON columns.

    ## Why is this bad?
    Several documents per row usually mean the relational model was skipped:
    their fields cannot be typed, constrained, referenced or indexed cheaply.

    ## Example
    ```sql
    CREATE TABLE account (id int PRIMARY KEY, profile jsonb, settings jsonb, billing jsonb, flags jsonb);
    ```

    ## Use instead
    ```sql
    -- promote the stable parts to columns or child tables; keep one document for the rest
    CREATE TABLE account (id int PRIMARY KEY, display_name text, billing_email text, settings jsonb);
    ```
    """

    code = "TW115"
    name = "many-json-columns"
    category = "schema-design"
    severity = "medium"
    triggers = frozenset({"kind:json", "kind:jsonb", "json"})
    options = {"max_json_columns": Option(3, "more JSON columns than this in one table is reported")}

    def check_table(self, table, ctx):
        cols = json_columns(table)
        if len(cols) > self.opts.max_json_columns:
            return [self.finding(table, f"table {table.qualified_name} has {len(cols)} JSON columns")]
        return None
