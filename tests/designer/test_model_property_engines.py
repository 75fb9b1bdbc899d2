"""Property tests over generated schemas that use every construct the model holds
-- identity columns followed by columns with defaults, every constraint kind with
its deferrability, exclusion constraints, partitions and sub-partitions, domains,
enums, generated columns, comments, clustering -- for PostgreSQL, MariaDB and SQLite:

1. export → import gives an equal model (``_signature``), and
2. the export loads into the engine with its own client, and exporting the
   re-imported model loads to an identical catalog (the engine is the oracle).
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tablewright.designer.ddl_export import export_ddl
from tablewright.designer.ddl_import import import_ddl
from tablewright.designer.model import (
    CheckConstraint,
    Column,
    DataType,
    EnumType,
    ExclusionConstraint,
    ForeignKey,
    Generated,
    Identity,
    Index,
    IndexElement,
    Namespace,
    PrimaryKey,
    RawObject,
    Schema,
    Table,
    UniqueConstraint,
    derived_id,
    qualify,
)
from tests import engine_catalog
from tests.conftest import MARIADB_HOST, MARIADB_PORT, MARIADB_USER
from tests.engines import mariadb, psql

EXAMPLES = 8  # per engine property (each example makes two databases); the model property runs 5x
NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
AWKWARD = st.sampled_from(["order", "user", "Mixed Case", "with space", "default", "check"])
COMMENTS = st.one_of(st.none(), st.sampled_from(["a comment", "it's quoted", "ünïcode ✓"]))

# type text -> defaults that suit it, per dialect
PG_TYPES = {"integer": ["0", "42"], "bigint": ["-1"], "text": ["'x'", "'it''s'"], "varchar(20)": ["'v'"],
            "numeric(10,2)": ["1.50"], "boolean": ["false", "true"], "date": ["CURRENT_DATE"],
            "timestamp with time zone": ["now()"]}
MY_TYPES = {"int": ["0", "42"], "bigint": ["-1"], "varchar(20)": ["'v'"], "decimal(10,2)": ["1.50"],
            "date": ["'2020-01-01'"], "datetime": ["CURRENT_TIMESTAMP"], "text": []}
LITE_TYPES = {"INTEGER": ["0", "42"], "TEXT": ["'x'"], "REAL": ["1.5"], "NUMERIC": ["CURRENT_DATE"]}


def _ident(dialect: str, name: str) -> str:
    return {"mysql": f"`{name}`"}.get(dialect, '"' + name.replace('"', '""') + '"')


@st.composite
def schemas(draw, dialect: str) -> Schema:
    types = {"postgres": PG_TYPES, "mysql": MY_TYPES, "sqlite": LITE_TYPES}[dialect]
    schema = Schema(dialect=dialect)
    namespace = None
    if dialect == "postgres" and draw(st.booleans()):
        namespace = draw(st.sampled_from(["app", "my.app", "Other Schema"]))
        schema.namespaces.append(Namespace(derived_id("ns", namespace), namespace,
                                           comment=draw(COMMENTS)))
    if dialect == "postgres":
        schema.enums.append(EnumType(derived_id("enum", namespace, "mood"), "mood", ["sad", "ok", "happy"],
                                     namespace, comment=draw(COMMENTS)))
        domain = f"{_ident(dialect, namespace)}.posint" if namespace else "posint"
        schema.raw.append(RawObject(derived_id("raw", "domain"), "domain",
                                    f"CREATE DOMAIN {domain} AS integer CHECK (VALUE > 0)", dialect,
                                    name=domain))
    names = draw(st.lists(st.one_of(NAMES, AWKWARD), min_size=1, max_size=4, unique_by=str.lower)
                 .filter(lambda ns: not {n.lower() for n in ns} & {"pt", "pt_a", "pt_b", "pt_d", "pt_b0", "pt_b1"}))
    for t, name in enumerate(names):
        table = Table(derived_id("tbl", namespace, name), name, namespace,
                      comment=draw(COMMENTS) if dialect != "sqlite" else None)
        key = derived_id("col", namespace, name, "id")
        id_type = {"postgres": "integer", "mysql": "int", "sqlite": "INTEGER"}[dialect]
        identity = None
        if dialect == "postgres" and draw(st.booleans()):
            identity = Identity(always=draw(st.booleans()))
        table.columns.append(Column(key, "id", DataType("integer", id_type), nullable=False, identity=identity,
                                    autoincrement=dialect == "mysql" and draw(st.booleans()),
                                    comment=draw(COMMENTS) if dialect != "sqlite" else None))
        deferral = draw(st.sampled_from([(False, False), (True, False), (True, True)])) if dialect == "postgres" \
            else (False, False)
        table.primary_key = PrimaryKey(derived_id("pk", namespace, name), [key], f"{name[:20]}_pk",
                                       deferrable=deferral[0] and not t, initially_deferred=deferral[1] and not t)
        for c, col_name in enumerate(draw(st.lists(st.one_of(NAMES, AWKWARD), max_size=5, unique_by=str.lower))):
            if col_name.lower() == "id":
                continue
            type_text = draw(st.sampled_from(sorted(types)))
            default = draw(st.sampled_from([None, *types[type_text]]))
            cid = derived_id("col", namespace, name, col_name)
            table.columns.append(Column(cid, col_name, DataType("other", type_text), nullable=draw(st.booleans()),
                                        default=default,
                                        comment=draw(COMMENTS) if dialect != "sqlite" else None))
        if dialect == "postgres" and draw(st.booleans()):
            table.columns.append(Column(derived_id("col", namespace, name, "m_mood"), "m_mood",
                                        DataType("enum", f"{_q(namespace)}.mood" if namespace else "mood",
                                                 enum=qualify(namespace, "mood"))))
            table.columns.append(Column(derived_id("col", namespace, name, "p_dom"), "p_dom",
                                        DataType("other", schema.raw[0].name)))
        if draw(st.booleans()) and not table.columns[0].autoincrement:  # (nor in a generated column)
            table.columns.append(Column(derived_id("col", namespace, name, "g_gen"), "g_gen",
                                        DataType("integer", id_type),
                                        generated=Generated("id * 2", stored=dialect == "postgres" or draw(st.booleans()))))
        others = [c for c in table.columns[1:] if not c.generated and c.type.kind == "other"
                  and c.type.text.lower() not in ("text", "boolean")]
        if others and draw(st.booleans()):
            d = draw(st.sampled_from([(False, False), (True, False), (True, True)])) if dialect == "postgres" \
                else (False, False)
            table.uniques.append(UniqueConstraint(derived_id("uq", namespace, name, "u"), [others[0].id],
                                                  f"{name[:20]}_uq", deferrable=d[0], initially_deferred=d[1]))
        if draw(st.booleans()) and not table.columns[0].autoincrement:  # MariaDB: no CHECK on AUTO_INCREMENT
            table.checks.append(CheckConstraint(derived_id("ck", namespace, name, "c"), "id > 0", f"{name[:20]}_ck"))
        if dialect == "postgres" and draw(st.booleans()):
            d = draw(st.sampled_from([(False, False), (True, False), (True, True)]))
            table.exclusions.append(ExclusionConstraint(derived_id("ex", namespace, name, "x"),
                                                        "USING btree (id WITH =) WHERE (id > 10)", f"{name[:20]}_ex",
                                                        deferrable=d[0], initially_deferred=d[1]))
        if others and draw(st.booleans()):
            predicate = "id > 5" if dialect != "mysql" and draw(st.booleans()) else None
            table.indexes.append(Index(derived_id("ix", namespace, name, "i"), f"{name[:20]}_ix",
                                       [IndexElement(column=others[-1].id, descending=draw(st.booleans()))],
                                       predicate=predicate,  # PostgreSQL clusters on a whole index only
                                       clustered=True if dialect == "postgres" and not predicate
                                       and draw(st.booleans()) else None))
        parents = [p for p in schema.tables if not p.options.partition_by]
        if parents and draw(st.booleans()):
            parent = draw(st.sampled_from(parents))
            pk_deferred = parent.primary_key.deferrable
            if not pk_deferred:
                d = draw(st.sampled_from([(False, False), (True, False), (True, True)])) if dialect != "mysql" \
                    else (False, False)
                ref = derived_id("col", namespace, name, "r_ref")
                table.columns.append(Column(ref, "r_ref", DataType("integer", id_type)))
                table.foreign_keys.append(ForeignKey(
                    derived_id("fk", namespace, name, "ref"), [ref], parent.id, [parent.primary_key.columns[0]],
                    f"{name[:20]}_fk", on_delete=draw(st.sampled_from([None, "CASCADE", "SET NULL"])),
                    deferrable=d[0], initially_deferred=d[1]))
                if dialect == "mysql":  # InnoDB would add it by itself
                    table.indexes.append(Index(derived_id("ix", namespace, name, "fk"), f"{name[:20]}_fk",
                                               [IndexElement(column=ref)]))
        schema.tables.append(table)
    if dialect == "postgres" and draw(st.booleans()):
        _partitions(schema, namespace, draw(st.booleans()))
    return schema


def _q(namespace):
    return None if namespace is None else (f'"{namespace}"' if not namespace.islower() or " " in namespace
                                           or "." in namespace else namespace)


def _partitions(schema: Schema, namespace, sub: bool) -> None:
    """A list-partitioned table with a partition, a default partition and (``sub``)
    a partition that is hash-partitioned itself, with its two partitions."""
    def table(name, **options):
        t = Table(derived_id("tbl", namespace, name), name, namespace, columns=[
            Column(derived_id("col", namespace, name, "k"), "k", DataType("other", "text"), nullable=False),
            Column(derived_id("col", namespace, name, "x"), "x", DataType("integer", "integer"),
                   default="7")])
        for k, v in options.items():
            setattr(t.options, k, v)
        schema.tables.append(t)

    table("pt", partition_by="LIST (k)")
    parent = derived_id("tbl", namespace, "pt")
    table("pt_a", partition_of=parent, partition_bound="IN ('a')")
    table("pt_d", partition_of=parent, partition_bound="DEFAULT")
    if sub:
        table("pt_b", partition_of=parent, partition_bound="IN ('b')", partition_by="HASH (x)")
        for r in (0, 1):
            table(f"pt_b{r}", partition_of=derived_id("tbl", namespace, "pt_b"),
                  partition_bound=f"WITH (MODULUS 2, REMAINDER {r})")


# -- the model, compared ----------------------------------------------------------------------


def _norm(text):
    return None if text is None else " ".join(str(text).replace("(", " ( ").replace(")", " ) ").split()).lower()


def _default(text):
    """A default as text; ``(-1)`` and ``-1`` are the same default (MySQL writes an
    expression default in parentheses), so are ``CURRENT_TIMESTAMP`` and ``CURRENT_TIMESTAMP()``
    (the importer reads the niladic keyword back with parentheses)."""
    text = _norm(text)
    text = text.replace("current_timestamp ( )", "current_timestamp") if text else text
    while text and text.startswith("( ") and text.endswith(" )"):
        text = text[2:-2]
    return text


def _signature(schema: Schema) -> dict:
    out = {"namespaces": sorted((n.name, n.comment) for n in schema.namespaces),
           "enums": sorted((e.namespace, e.name, tuple(e.values), e.comment) for e in schema.enums),
           "raw": sorted(_norm(r.sql) for r in schema.raw)}
    for t in schema.tables:
        names = {c.id: c.name for c in t.columns}
        pk = t.primary_key
        out[(t.namespace, t.name)] = {
            "comment": t.comment,
            "columns": [(c.name, _norm(c.type.text), c.nullable, _default(c.default),
                         (c.identity.always if c.identity else None), c.autoincrement,
                         (_norm(c.generated.expression), c.generated.stored) if c.generated else None, c.comment)
                        for c in t.columns],
            "pk": (tuple(names[c] for c in pk.columns), pk.name, pk.deferrable, pk.initially_deferred) if pk else None,
            "uniques": sorted((tuple(names[c] for c in u.columns), u.name, u.deferrable, u.initially_deferred)
                              for u in t.uniques),
            "checks": sorted((_norm(c.expression), c.name) for c in t.checks),
            "exclusions": sorted((_norm(x.definition), x.name, x.deferrable, x.initially_deferred)
                                 for x in t.exclusions),
            "fks": sorted((tuple(names[c] for c in fk.columns), fk.name, fk.on_delete or "NO ACTION", fk.deferrable,
                           fk.initially_deferred) for fk in t.foreign_keys),
            "indexes": sorted((ix.name, tuple((names.get(e.column), e.descending) for e in ix.elements),
                               _norm(ix.predicate), bool(ix.clustered)) for ix in t.indexes),
            "partition": (_norm(t.options.partition_by), [(p.namespace, p.name) for p in schema.parents(t)],
                          _norm(t.options.partition_bound)),
        }
    return out


def _round_trip_model(schema: Schema, dialect: str) -> tuple[str, Schema]:
    sql = export_ddl(schema, dialect).sql
    result = import_ddl([("export.sql", sql)], dialect)
    assert [str(e) for e in result.errors] == [], sql
    return sql, result.schema


def _normal_defaults(schema: Schema) -> None:
    """What the export writes differently but means the same: ON DELETE NO ACTION
    is the default; partition bounds are written with FOR VALUES."""
    for t in schema.tables:
        b = t.options.partition_bound
        if b and b.upper().startswith("FOR VALUES"):
            t.options.partition_bound = b[len("FOR VALUES"):].strip()


# -- the properties ---------------------------------------------------------------------------

SETTINGS = settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite"])
@settings(max_examples=EXAMPLES * 5, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_export_then_import_gives_an_equal_model(dialect, data):
    schema = data.draw(schemas(dialect))
    sql, back = _round_trip_model(schema, dialect)
    _normal_defaults(back)
    _normal_defaults(schema)
    assert _signature(back) == _signature(schema), sql


@pytest.mark.db
@SETTINGS
@given(data=st.data())
def test_postgres_export_loads_and_re_export_is_identical(pg_url_factory, data):
    schema = data.draw(schemas("postgres"))
    sql, back = _round_trip_model(schema, "postgres")
    sql2 = export_ddl(back, "postgres").sql
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a.sql", Path(tmp) / "b.sql"
        a.write_text(sql)
        b.write_text(sql2)
        url_a, url_b = pg_url_factory(), pg_url_factory()
        psql(url_a, files=[a])
        psql(url_b, files=[b])
    schemas_ = sorted({"public"} | {n.name for n in schema.namespaces})
    cat_a = engine_catalog.postgres_catalog(url_a, schemas_)
    assert engine_catalog.table_count(cat_a) == len(schema.tables)
    assert engine_catalog.diff(cat_a, engine_catalog.postgres_catalog(url_b, schemas_)) == [], sql


@pytest.mark.db
@SETTINGS
@given(data=st.data())
def test_mariadb_export_loads_and_re_export_is_identical(mariadb_url_factory, data):
    schema = data.draw(schemas("mysql"))
    sql, back = _round_trip_model(schema, "mysql")
    sql2 = export_ddl(back, "mysql").sql
    import pymysql

    def connect():
        return pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user=MARIADB_USER, autocommit=True)

    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a.sql", Path(tmp) / "b.sql"
        a.write_text(sql)
        b.write_text(sql2)
        db_a, db_b = (mariadb_url_factory().rsplit("/", 1)[1] for _ in range(2))
        mariadb(database=db_a, files=[a])
        mariadb(database=db_b, files=[b])
    cat_a = engine_catalog.mariadb_catalog(connect, {db_a: "X"})
    assert engine_catalog.table_count(cat_a) == len(schema.tables)
    assert engine_catalog.diff(cat_a, engine_catalog.mariadb_catalog(connect, {db_b: "X"})) == [], sql


@SETTINGS
@given(data=st.data())
def test_sqlite_export_loads_and_re_export_is_identical(data):
    if shutil.which("sqlite3") is None:
        pytest.skip("the sqlite3 shell is not installed")
    schema = data.draw(schemas("sqlite"))
    sql, back = _round_trip_model(schema, "sqlite")
    sql2 = export_ddl(back, "sqlite").sql
    with tempfile.TemporaryDirectory() as tmp:
        cats = []
        for i, text in enumerate((sql, sql2)):
            db = Path(tmp) / f"{i}-{secrets.token_hex(3)}.db"
            proc = subprocess.run(["sqlite3", "-bail", str(db)], input=text.encode(), capture_output=True)
            assert proc.returncode == 0, proc.stderr.decode() + "\n" + text
            cats.append(engine_catalog.sqlite_catalog(str(db)))
    assert engine_catalog.table_count(cats[0]) == len(schema.tables)
    assert engine_catalog.diff(*cats) == [], sql
