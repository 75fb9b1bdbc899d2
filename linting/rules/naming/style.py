"""TW903 mixed-naming-style, TW904 inconsistent-plurality, TW906 column-repeats-table-name,
TW907 vague-fk-name."""

from __future__ import annotations

from functools import lru_cache

from tablewright.designer.model import Column, ForeignKey, Table
from tablewright.linting import heuristics as h
from tablewright.linting.rule import Rule, register

KEY_SUFFIXES = frozenset({"id", "key", "code", "no", "num", "number", "uuid", "guid", "type", "ref", "seq"})
_DIGITS = frozenset(str(i) for i in range(100))
GENERIC = frozenset({"fk", "ref", "reference", "link", "target", "obj", "object", "key", "id", "foreign", "col",
                     "column", "rel", "relation", "value", "val", "entity", "item", "parent_ref"})
_GENERIC_OR_DIGIT = GENERIC | _DIGITS


def off_style(name: str, dominant: str | None) -> bool:
    style = h.name_style(name)
    return style is not None and dominant is not None and style != dominant


def repeats_table_name(table: Table, column: Column) -> bool:
    t = h.tokens(table.name)
    c = h.tokens(column.name)
    if not t or len(c) < 2 or h.singular(c[0]) != h.singular(t[0]):
        return False
    stem = tuple(h.singular(x) for x in t)
    n = len(stem)
    return tuple(h.singular(x) for x in c[:n]) == stem and len(c) > n and c[-1] not in KEY_SUFFIXES \
        and not any(column.id in fk.columns for fk in table.foreign_keys)


def vague_fk(table: Table, fk: ForeignKey, ref: Table, col: Column | None = None) -> Column | None:
    if len(fk.columns) != 1 or ref.id == table.id:
        return None
    if col is None:
        col = next((c for c in table.columns if c.id == fk.columns[0]), None)
    if col is None or not set(h.tokens(col.name)) <= _GENERIC_OR_DIGIT:
        return None
    if table.primary_key and col.id in table.primary_key.columns:
        return None  # 1:1 extension keyed by the parent's key
    toks = [x for x in h.tokens(col.name) if not x.isdigit()]
    if len(toks) != len(h.tokens(col.name)):
        # entity0/entity1: numbered ends of a symmetric link table, a deliberate convention
        stem = tuple(toks)
        if any(c is not col and tuple(x for x in h.tokens(c.name) if not x.isdigit()) == stem
               for c in table.columns):
            return None
    ref_words = {h.singular(x) for x in h.tokens(ref.name)}
    if {h.singular(x) for x in toks} & ref_words:
        return None
    return col if toks and set(toks) <= GENERIC else None


@register
class MixedNamingStyle(Rule):
    """Names that do not follow the schema's dominant style.

    ## What it does
    Finds the dominant identifier style of the schema's table names and,
    separately, of its column names (snake_case, camelCase, PascalCase,
    UPPER_CASE: snake_case tables with camelCase columns is a convention, not
    a mix) and reports, per table, the names written in another style.
    One-word lower-case names fit any style.

    ## Why is this bad?
    Mixed styles make every name a guess (`userId` or `user_id`?), and ORMs
    map them inconsistently.

    ## Example
    ```sql
    CREATE TABLE user_account (id int, firstName text, last_name text);
    ```

    ## Use instead
    ```sql
    CREATE TABLE user_account (id int, first_name text, last_name text);
    ```
    """

    code = "TW903"
    name = "mixed-naming-style"
    category = "naming"
    severity = "low"
    scope = "schema"
    facts = ("naming",)

    def check_table(self, table, ctx):
        tdom, cdom = ctx.dominant_style
        styles = ctx.index.summaries[table.id].styles
        if set(styles) <= {f"t:{tdom}", f"c:{cdom}"}:  # every name follows the dominant style
            return None
        bad = [n for n in [table.name] if off_style(n, tdom)]
        bad += [c.name for c in table.columns if off_style(c.name, cdom)]
        if not bad:
            return None
        shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        want = f"{cdom} (columns)" if bad[0] != table.name else f"{tdom} (tables)"
        return [self.finding(table, f"{len(bad)} name(s) in {table.qualified_name} do not follow the schema's "
                                    f"style, {want}: {shown}")]


@register
class InconsistentPlurality(Rule):
    """A table name's number differs from the rest of the schema.

    ## What it does
    When most table names are plural (or singular), reports the tables named
    the other way.

    ## Why is this bad?
    Is it `user` or `users`?  Every query and join written from memory gets
    it wrong once, and generated code mixes both.

    ## Example
    ```sql
    CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY);
    CREATE TABLE invoices (id int PRIMARY KEY); CREATE TABLE product (id int PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY);
    CREATE TABLE invoices (id int PRIMARY KEY); CREATE TABLE products (id int PRIMARY KEY);
    ```
    """

    code = "TW904"
    name = "inconsistent-plurality"
    category = "naming"
    severity = "low"
    scope = "schema"
    facts = ("plurality",)

    def check_table(self, table, ctx):
        mostly = ctx.mostly_plural
        summary = ctx.index.summaries.get(table.id)
        if mostly is None or summary is None or summary.plural is None or summary.plural == mostly:
            return None
        want = "plural" if mostly else "singular"
        return [self.finding(table, f"table name {table.name!r} is not {want} like most table names")]


@register
class ColumnRepeatsTableName(Rule):
    """A column name that repeats its table's name.

    ## What it does
    Reports columns prefixed with their table's name (`users.user_name`,
    `product.product_price`), except keys and codes (`film.film_id`).

    ## Why is this bad?
    `users.user_name` reads as `user_name` everywhere it is used; the prefix
    adds length and nothing else.

    ## Example
    ```sql
    CREATE TABLE users (id int PRIMARY KEY, user_name text);
    ```

    ## Use instead
    ```sql
    CREATE TABLE users (id int PRIMARY KEY, name text);
    ```
    """

    code = "TW906"
    name = "column-repeats-table-name"
    category = "naming"
    severity = "low"

    def check_table(self, table, ctx):
        words = _first_word_forms(h.spelling(table.name))
        if words is None:
            return None
        cols = ctx.columns_with(table, words)
        return [self.finding(table, f"{table.name}.{c.name} repeats the table name", column=c)
                for c in cols if repeats_table_name(table, c)]


@lru_cache(maxsize=65536)
def _first_word_forms(written: str) -> frozenset[str] | None:
    """The first word of a table name as written, singular and plural forms (None: no words)."""
    toks = h.split_words(written)
    if not toks:
        return None
    first = h.singular(toks[0])
    return frozenset({first, toks[0], first + "s", first + "es", first[:-1] + "ies"})


@register
class VagueFkName(Rule):
    """A foreign-key column whose name does not say what it references.

    ## What it does
    Reports single-column foreign keys named with generic words only (`ref`,
    `fk`, `link`, `target`, `object_id`, `value`) that share no word with the
    referenced table.

    ## Why is this bad?
    Readers must look up the constraint to know what `ref` points to; joins
    written from memory go to the wrong table.

    ## Example
    ```sql
    CREATE TABLE post (id int PRIMARY KEY);
    CREATE TABLE comment (id int PRIMARY KEY, ref int REFERENCES post (id));
    ```

    ## Use instead
    ```sql
    CREATE TABLE post (id int PRIMARY KEY);
    CREATE TABLE comment (id int PRIMARY KEY, post_id int REFERENCES post (id));
    ```
    """

    code = "TW907"
    name = "vague-fk-name"
    category = "naming"
    severity = "low"
    triggers = frozenset({"has:fk"})
    scope = "neighbours"

    def check_table(self, table, ctx):
        out = []
        cols = ctx.columns_by_id(table)
        for fk in table.foreign_keys:
            if len(fk.columns) != 1 or fk.columns[0] not in cols:
                continue
            col = cols[fk.columns[0]]
            if not set(h.tokens(col.name)) <= _GENERIC_OR_DIGIT:
                continue
            ref = ctx.table(fk.ref_table)
            if ref is None:
                continue
            col = vague_fk(table, fk, ref, col)
            if col is not None:
                out.append(self.finding(table, f"{table.name}.{col.name} references {ref.name} but its name does not "
                                               "say so", column=col, obj=fk))
        return out
