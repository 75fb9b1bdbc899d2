"""TW109 repeating-column-group."""

from __future__ import annotations

from tablewright.designer.model import Table
from tablewright.linting.heuristics import tokens
from tablewright.linting.rule import Option, Rule, register


def repeating_groups(table: Table, min_repeats: int = 3, columns=None) -> dict[str, list[str]]:
    """Column-name stems with a number in them that recur: ``phone#`` -> [phone1, phone2, phone3]."""
    groups: dict[str, dict[str, str]] = {}
    for c in table.columns if columns is None else columns:
        t = tokens(c.name)
        nums = [x for x in t if x.isdigit()]
        if len(nums) != 1:
            continue
        stem = "_".join("#" if x.isdigit() else x for x in t)
        if stem == "#":
            continue
        groups.setdefault(stem, {})[nums[0]] = c.name
    return {s: list(v.values()) for s, v in groups.items() if len(v) >= min_repeats}


@register
class RepeatingColumnGroup(Rule):
    """Numbered copies of one column: a list stored across columns.

    ## What it does
    Reports groups of columns that differ only by a number: `phone1, phone2,
    phone3`, `address_line_1..n`, `q1_total..q4_total` (at least
    `min-repeats`, 3, of them).

    ## Why is this bad?
    The fourth phone number needs a schema change, queries must test every
    copy (`WHERE phone1 = ? OR phone2 = ? ...`), and none of them can be
    indexed or constrained as one list.

    ## Example
    ```sql
    CREATE TABLE contact (id int PRIMARY KEY, phone1 text, phone2 text, phone3 text);
    ```

    ## Use instead
    ```sql
    CREATE TABLE contact_phone (contact_id int REFERENCES contact, position int,
                                phone text, PRIMARY KEY (contact_id, position));
    ```
    """

    code = "TW109"
    name = "repeating-column-group"
    category = "schema-design"
    severity = "medium"
    triggers = frozenset({"has:digit"})
    options = {"min_repeats": Option(3, "how many numbered copies make a group")}

    def check_table(self, table, ctx):
        by_word = ctx.index.summaries[table.id].by_word
        digits = [w for w in by_word if w.isdigit()]
        if not digits:
            return None
        columns = ctx.columns_with(table, digits)
        if len(columns) < self.opts.min_repeats:
            return None
        return [
            self.finding(table, f"columns {', '.join(names)} repeat one attribute; move them to a child table",
                         column=table.column_named(names[0]), key=stem)
            for stem, names in repeating_groups(table, self.opts.min_repeats, columns).items()
        ]
