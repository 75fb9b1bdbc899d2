"""TW304 missing-domain-check."""

from __future__ import annotations

from functools import lru_cache

from tablewright.designer.dialects import quote
from tablewright.designer.model import CheckConstraint, Column, Table, derived_id, names_in_namespace, object_name
from tablewright.linting import heuristics as h
from tablewright.designer.edits import AddItem
from tablewright.linting.findings import Fix
from tablewright.linting.rule import Rule, register

#: not "amount" nor "subtotal": a ledger's amounts are signed (Kill Bill's invoice_items.amount holds credits and
#: adjustments, its payment amounts refunds and chargebacks; FRESH25), and a CHECK (amount >= 0) breaks it
NON_NEGATIVE = frozenset({"price", "cost", "fee", "salary", "wage", "quantity", "qty"})
PERCENT = frozenset({"percent", "percentage", "pct"})
RANGE_PAIRS = (("start", "end"), ("from", "to"), ("begin", "end"), ("min", "max"), ("starts", "ends"))
NOT_NON_NEGATIVE = frozenset({"delta", "change", "adjustment", "diff", "difference", "balance", "net", "id", "type",
                              "code", "currency"})
DOMAIN_TRIGGERS = NON_NEGATIVE | PERCENT | frozenset(w for pair in RANGE_PAIRS for w in pair)


DATE_PARTS = frozenset({"day", "month", "year", "hour", "minute", "second", "week", "quarter"})
_RANGE_WORDS = frozenset(w for pair in RANGE_PAIRS for w in pair)
_DOMAIN_WORDS = NON_NEGATIVE | PERCENT


def domain_of(column: Column) -> str | None:
    """The obvious domain of a numeric column: 'non-negative', 'percentage' or None."""
    k = h.kind(column.type)
    if k not in h.INTEGERS and k not in h.DECIMALS and k not in h.FLOATS or column.type.unsigned:
        return None
    return _name_domain(h.spelling(column.name))


@lru_cache(maxsize=65536)
def _name_domain(written: str) -> str | None:
    """The domain a numeric column's name as written implies (see :func:`domain_of`)."""
    words = h.split_words(written)
    t = set(words)
    if t & PERCENT:
        return "percentage"
    if (words[-1] if words else "") in NON_NEGATIVE and not (t & NOT_NON_NEGATIVE):
        return "non-negative"
    return None


@lru_cache(maxsize=65536)
def _add_check(table_id: str, column_id: str, expr: str, name: str) -> AddItem:
    """The fix's edit (the same for the same column from run to run: kept)."""
    return AddItem(table_id, CheckConstraint(derived_id("ck", table_id, column_id), expr, name))


def unchecked_ranges(table: Table, columns=None) -> list[tuple[Column, Column]]:
    by_rest: dict[tuple, dict[str, Column]] = {}
    for c in table.columns if columns is None else columns:
        t = h.tokens(c.name)
        if len(t) < 2 or (t[0] not in _RANGE_WORDS and t[-1] not in _RANGE_WORDS):
            continue
        for lo, hi in RANGE_PAIRS:
            for edge in (lo, hi):
                if t[0] == edge:
                    by_rest.setdefault((lo, hi, t[1:]), {})[edge] = c
                elif t[-1] == edge:
                    by_rest.setdefault((lo, hi, t[:-1]), {})[edge] = c
    out = []
    for (lo, hi, rest), pair in by_rest.items():
        if lo in pair and hi in pair:
            a, b = pair[lo], pair[hi]
            if h.type_family(a.type) != h.type_family(b.type):
                continue
            if h.kind(a.type) in ("time", "timetz") or (rest and rest[-1] in DATE_PARTS):
                continue  # times of day wrap past midnight; a day or month alone is no range
            k = h.kind(a.type)
            if not (k in h.DATETIMES or k in h.INTEGERS or k in h.DECIMALS or k in h.FLOATS):
                continue
            if not any(a.name.lower() in ck.expression.lower() and b.name.lower() in ck.expression.lower()
                       for ck in table.checks):
                out.append((a, b))
    return out


@register
class MissingDomainCheck(Rule):
    """A column with an obvious domain has no CHECK.

    ## What it does
    Reports prices, costs, fees, amounts and quantities with no CHECK (they
    cannot be negative), percentages with no 0–100 CHECK, and start/end
    (from/to, min/max) pairs of dates, timestamps or numbers with no CHECK
    that end ≥ start (times of day, which wrap past midnight, and date parts
    such as `begin_date_day` are not ranges).
    Unsigned MySQL columns are already constrained.

    ## Why is this bad?
    A negative price or a 250 % discount is a bug the database could have
    refused; it is found later, in an invoice.

    ## Example
    ```sql
    CREATE TABLE line_item (quantity int, unit_price numeric(10,2));
    ```

    ## Use instead
    ```sql
    CREATE TABLE line_item (quantity int CHECK (quantity > 0),
                            unit_price numeric(10,2) CHECK (unit_price >= 0));
    ```
    """

    code = "TW304"
    name = "missing-domain-check"
    category = "constraints"
    severity = "medium"
    triggers = DOMAIN_TRIGGERS

    def check_table(self, table, ctx):
        out = []
        for c in ctx.columns_with(table, _DOMAIN_WORDS):
            domain = domain_of(c)
            if domain and not h.column_has_check(table, c):
                name = quote(c.name, ctx.dialect)  # as the export names the column ("UnitPrice", "order")
                expr = f"{name} BETWEEN 0 AND 100" if domain == "percentage" else f"{name} >= 0"
                out.append(self.finding(
                    table, f"{table.name}.{c.name} has no CHECK for its {domain} domain"
                    + (" (unless the application stores negatives on purpose: a credit line, a return, -1 for "
                       "'not yet known')" if domain == "non-negative" else ""), column=c,
                    fix=Fix(f"add CHECK ({expr})", schema=ctx.schema,
                            edit=_add_check(table.id, c.id, expr, object_name(table.name, c.name, "check", names_in_namespace(ctx.schema, table.namespace)))),
                ))
        for a, b in unchecked_ranges(table, ctx.columns_with(table, _RANGE_WORDS)):
            out.append(self.finding(table, f"{table.name}.{a.name}/{b.name} is a range with no CHECK that "
                                           f"{b.name} >= {a.name}", column=a, key=b.name))
        return out
