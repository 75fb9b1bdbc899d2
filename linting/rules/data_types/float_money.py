"""TW201 float-money."""

from __future__ import annotations

from tablewright.designer.model import Column, DataType
from tablewright.linting import heuristics as h
from tablewright.designer.edits import SetColumnAttr
from tablewright.linting.findings import Fix
from tablewright.linting.facts import has_role
from tablewright.linting.rule import Rule, register
from tablewright.linting.rules.data_types._common import RATE_WORDS, money_like, money_rate


def is_float_money(column: Column) -> bool:
    return h.is_float(column.type) and (money_like(column.name) or money_limit(column))


def is_float_rate(table, column: Column, ctx=None) -> bool:
    """A rate, tax or percentage in floating point in a financial table: it
    multiplies money, and the product is rounded differently on each run."""
    return h.is_float(column.type) and money_rate(column.name) and has_role(table, "financial", ctx)


#: what a rate is charged as on an amount: a tax, a discount, a commission or fee taken as a share of it
CHARGED_AS = frozenset({"tax", "taxes", "vat", "gst", "discount", "discounts", "commission", "fee", "fees"})
#: a rate between currencies, whose magnitude has no bound (see the exchange-rate fix below)
_EXCHANGE = frozenset({"currency", "exchange", "fx", "ex", "conversion", "forex"})


def is_charged_rate(table, column: Column, ctx) -> bool:
    """A tax, discount or commission rate outside a financial table in a schema that holds money: the
    rate of a tax-rate table (Medusa's tax_rate.rate), of a cart's tax line, a line's discount_percent.
    It is multiplied into the amounts the schema bills, so it is money arithmetic's input: what it is
    charged as is named by the column or its table, and no currency conversion (unbounded) is meant."""
    if not h.is_float(column.type) or not money_rate(column.name) or has_role(table, "financial", ctx):
        return False
    words = set(h.tokens(column.name.lower()))
    own = words | set(h.tokens(table.name.lower()))
    if not own & CHARGED_AS or own & _EXCHANGE or not words & (RATE_WORDS | {"value"}):
        return False
    return any(h.has_money_column(t) for t in ctx.schema.tables)


def planned_money(table, column: Column) -> bool:
    """A budget, or a bound money is checked against (a credit limit, a budget's alert threshold): an
    amount planned or allowed, compared with the money that moves, never itself booked or summed into
    a ledger (FrontAccounting's 0_budget_trans, Label Studio's budget_limit and budget_total_spent)."""
    words = set(h.tokens(column.name.lower())) | set(h.tokens(table.name.lower()))
    return bool(words & {"budget", "budgets", "budgeted"}) or "limit" in h.tokens(column.name.lower())


def money_limit(column: Column) -> bool:
    """A money word with ``limit`` (credit_limit, budget_limit): a bound of money, which the word
    ``limit`` alone (a rate limit, a sensor limit) is not."""
    t = h.tokens(column.name.lower())
    return "limit" in t and money_like("_".join(w for w in t if w != "limit"))


def measured_quantity(table, column: Column) -> bool:
    """An amount that comes with its unit beside it (``amount_value`` next to
    ``amount_unit_concept_id``: 500 mg of an ingredient) is a measurement, not
    money; money comes with a currency, if anything."""
    toks = h.tokens(column.name)
    if not toks:
        return False
    for other in table.columns:
        t = h.tokens(other.name)
        if other is not column and t and t[0] == toks[0] and "unit" in t[1:] and "currency" not in t:
            return True
    return False


#: the words of a row's own bookkeeping dates (created_at, updated_on, date_modified), which say when the
#: row was written, not when the money moved
_BOOKKEEPING_DATES = frozenset({"created", "updated", "modified", "changed", "deleted", "inserted", "edited"})


def dated_row(table) -> bool:
    """The row carries a date of its own beyond its bookkeeping (a transaction, an order, an invoice,
    a payment): its amounts are summed and reconciled.  An undated row (a price list, a pay grade, a
    template, a plan) holds values that feed other rows' arithmetic."""
    for c in table.columns:
        if h.kind(c.type) in h.DATETIMES and not set(h.tokens(c.name.lower())) & _BOOKKEEPING_DATES:
            return True
    return False


def _wide(ctx, c, rate: bool = False) -> DataType:
    """The decimal a float amount becomes: numeric(12,2), or numeric(18,6) where it may be a rate."""
    if rate or not (set(h.tokens(c.name)) & h.MONEY_WORDS) - RATE_WORDS:
        return DataType("numeric", "numeric(18,6)" if ctx.dialect != "mssql" else "decimal(18,6)", precision=18,
                        scale=6)
    return DataType("numeric", "numeric(12,2)" if ctx.dialect != "mssql" else "decimal(12,2)", precision=12, scale=2)


@register
class FloatMoney(Rule):
    """Money kept in a floating-point column.

    ## What it does
    Reports `float`, `real` and `double` columns whose name says money
    (price, amount, total, cost, balance, fee, salary, credits, ...; not
    rates, ratios, percentages or counts).  A `discount` or `tax` column may
    be an amount or a rate: medium (4 of 8 such findings were right at high:
    SQL-Ledger's and FrontAccounting's discounts are percentages the code
    rounds itself), with a type that holds either (`numeric(18,6)`), since
    `numeric(12,2)` would round a rate of 0.025.
    Critical in a row with a date of its own beyond its bookkeeping (a
    transaction, an order, an invoice, a payment: amounts that are summed
    and reconciled); medium in an undated row (a price list, a pay grade, a
    template), whose values feed other rows' arithmetic.  A budget or a
    bound of money (`budget_total_spent`, `credit_limit`, `budget_limit`:
    a money word with `limit`) is medium too: planned or allowed money,
    compared with what moves rather than booked (3 of 3 labelled debatable
    at critical).

    Rates multiply money: a rate, tax or percentage in a financial table
    (an invoice's `tax_rate`) is high; a tax, discount or commission rate
    elsewhere in a schema that holds money (a tax-rate table's `rate`, a
    cart's tax line, a line's `discount_percent`) is medium, a value that
    feeds other rows' arithmetic, with `numeric(9,6)` as the fix.  An
    exchange rate outside a financial table is not reported (its magnitude
    has no bound), nor a rate in a schema that holds no money.

    ## Why is this bad?
    Binary floating point cannot represent most decimal fractions: 0.1 + 0.2
    is 0.30000000000000004, sums drift by cents, and equality tests on
    amounts fail.

    ## Example
    ```sql
    CREATE TABLE invoice (id int PRIMARY KEY, total double precision);
    ```

    ## Use instead
    ```sql
    CREATE TABLE invoice (id int PRIMARY KEY, total numeric(12, 2));
    ```
    """

    code = "TW201"
    name = "float-money"
    category = "data-types"
    severity = "critical"
    triggers = h.MONEY_WORDS | RATE_WORDS

    def check_column(self, table, c, ctx):
        if is_float_rate(table, c, ctx) and not is_float_money(c):
            # an exchange rate has no upper bound (17,345 rupiah to the euro): numeric(9,6) would refuse it on
            # MySQL's strict mode (Thelia's order.currency_rate, FRESH28); a tax or discount rate stays below 1000
            wide = bool({"currency", "exchange", "fx", "conversion"} & set(h.tokens(c.name.lower()))) \
                or bool({"currency", "exchange"} & set(h.tokens(table.name.lower())))
            p, sc = (20, 10) if wide else (9, 6)
            new = DataType("numeric", f"numeric({p},{sc})" if ctx.dialect != "mssql" else f"decimal({p},{sc})",
                           precision=p, scale=sc)
            return self.finding(
                table, f"{table.name}.{c.name} is a rate of a financial table stored as {c.type} (floating point): "
                       "amounts computed from it round differently", column=c, severity="high",
                fix=Fix("use an exact decimal type", edit=SetColumnAttr(table.id, c.id, "type", new),
                        schema=ctx.schema))
        if is_charged_rate(table, c, ctx) and not is_float_money(c):
            rate = DataType("numeric", "numeric(9,6)" if ctx.dialect != "mssql" else "decimal(9,6)", precision=9,
                            scale=6)
            return self._medium(table, c, ctx, rate, f"{table.name}.{c.name} is a rate charged on money (a tax, a "
                                f"discount, a commission) stored as {c.type} (floating point), in a schema that holds "
                                "money: the amounts computed from it round differently")
        if not is_float_money(c) or measured_quantity(table, c):
            return None
        if planned_money(table, c):
            # a budget or a bound (FRESH14's 0_budget_trans.amount, FRESH51's budget columns: 3 of 3 labelled
            # debatable at critical, "critical overstates it")
            return self._medium(table, c, ctx, _wide(ctx, c), f"{table.name}.{c.name} stores a budget or a limit of "
                                f"money as {c.type} (floating point): compared with the money that moves rather than "
                                "booked, but still money: use a decimal")
        if set(h.tokens(c.name)) & {"cost", "costs"} and not ctx.has_role(table, "financial"):
            return self.finding(
                table, f"{table.name}.{c.name} stores a cost as {c.type} (floating point): fine for an estimate or a "
                       "metric, wrong once it is billed", column=c, severity="medium",
                fix=Fix("use an exact decimal type",
                        edit=SetColumnAttr(table.id, c.id, "type",
                                           DataType("numeric", "numeric(12,4)" if ctx.dialect != "mssql" else "decimal(12,4)",
                                                    precision=12, scale=4)), schema=ctx.schema))
        if not dated_row(table):
            # 13 of 22 such findings on real schemas were labelled right at critical: a pay grade's bounds, a
            # quick-entry template, a customer's default discount were the rest
            return self._medium(table, c, ctx, _wide(ctx, c), f"{table.name}.{c.name} stores money as {c.type} "
                                "(floating point) in a row without a date of its own (a price, a plan, a template): "
                                "exact once it is summed or billed, so use a decimal")
        if not (set(h.tokens(c.name)) & h.MONEY_WORDS) - RATE_WORDS:
            # discount, tax: an amount or a rate, which the name does not tell (FrontAccounting's
            # debtors_master.discount holds 0.025 for 2.5%: numeric(12,2) would make it 0.03); medium:
            # 4 of 8 right at high (SQL-Ledger's discounts, FRESH24)
            wide = _wide(ctx, c, rate=True)
            return self.finding(
                table, f"{table.name}.{c.name} is an amount or a rate (its name does not tell which) stored as "
                       f"{c.type} (floating point): either way it feeds money arithmetic, which it rounds differently",
                column=c, severity="medium",
                fix=Fix("use an exact decimal type that holds an amount or a rate",
                        edit=SetColumnAttr(table.id, c.id, "type", wide), schema=ctx.schema))
        new = DataType("numeric", "numeric(12,2)" if ctx.dialect != "mssql" else "decimal(12,2)", precision=12, scale=2)
        return self.finding(
            table, f"{table.name}.{c.name} stores money as {c.type} (floating point)", column=c,
            fix=Fix("use an exact decimal type", edit=SetColumnAttr(table.id, c.id, "type", new),
                    schema=ctx.schema),
        )

    def _medium(self, table, c, ctx, new: DataType, message: str):
        return self.finding(table, message, column=c, severity="medium",
                            fix=Fix("use an exact decimal type", edit=SetColumnAttr(table.id, c.id, "type", new),
                                    schema=ctx.schema))
