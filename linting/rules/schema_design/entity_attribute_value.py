"""TW110 entity-attribute-value."""

from __future__ import annotations

from tablewright.designer.model import Table
from tablewright.linting.heuristics import tokens
from tablewright.linting.rule import Rule, register

ATTRIBUTE_NAMES = frozenset({"attribute", "attr", "attribute_name", "attribute_id", "property", "property_name",
                             "key", "meta_key", "field", "field_name", "attr_name", "name"})
VALUE_NAMES = frozenset({"value", "val", "attribute_value", "meta_value", "property_value", "field_value",
                         "value_text", "string_value"})


def is_eav(table: Table) -> bool:
    names = [c.name.lower() for c in table.columns]
    if len(names) > 7:
        return False
    has_attr = any(n in ATTRIBUTE_NAMES for n in names)
    has_value = any(n in VALUE_NAMES for n in names)
    pk = set(table.primary_key.columns) if table.primary_key and len(table.primary_key.columns) == 1 else set()
    has_entity = any(
        (tokens(c.name)[-1:] == ("id",) and c.id not in pk and c.name.lower() not in ATTRIBUTE_NAMES)
        or c.name.lower() in ("entity", "entity_type", "object_type")
        for c in table.columns
    )
    return has_attr and has_value and has_entity


@register
class EntityAttributeValue(Rule):
    """An entity-attribute-value table.

    ## What it does
    Reports small tables shaped as *entity, attribute, value* (`object_id`,
    `key`/`attribute`, `value`), the generic "store anything" layout.

    ## Why is this bad?
    Types, NOT NULL, CHECKs and foreign keys no longer apply to the stored
    values; reading one entity takes a pivot, and every query on an attribute
    scans strings.

    ## Example
    ```sql
    CREATE TABLE product_attr (product_id int, attribute text, value text);
    ```

    ## Use instead
    ```sql
    -- real columns for known attributes; jsonb with a CHECK for the open-ended rest
    CREATE TABLE product (id int PRIMARY KEY, weight_grams int, extra jsonb);
    ```
    """

    code = "TW110"
    name = "entity-attribute-value"
    category = "schema-design"
    severity = "medium"
    triggers = frozenset({"value", "val"})

    def check_table(self, table, ctx):
        if is_eav(table):
            return [self.finding(table, f"table {table.qualified_name} is an entity-attribute-value store")]
        return None
