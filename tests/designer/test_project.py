"""The project file: round trip, stable text, diagram isolation, errors, atomic save.
No Qt needed."""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import types
import typing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tablewright.designer import project as project_mod
from tablewright.designer.errors import InputError
from tablewright.designer.model import (
    CheckConstraint,
    Column,
    DataType,
    EnumType,
    ForeignKey,
    Generated,
    Identity,
    Index,
    IndexElement,
    Namespace,
    PrimaryKey,
    RawObject,
    Schema,
    Sequence,
    SourceLocation,
    Table,
    TableOptions,
    UniqueConstraint,
    UnresolvedReference,
    canonical,
)
from tablewright.designer.project import (
    FORMAT,
    VERSION,
    Diagram,
    Project,
    dumps_project,
    load_project,
    loads_project,
    save_project,
)


def full(obj):
    """canonical() including source locations."""
    return canonical(obj, ignore=())


def sample_schema() -> Schema:
    loc = SourceLocation("shop.sql", 1, 1)
    users = Table(
        id="tbl_users",
        name="users",
        namespace="public",
        comment="people who buy things",
        location=loc,
        columns=[
            Column(
                id="col_u_id",
                name="id",
                type=DataType("bigint", "bigint"),
                nullable=False,
                identity=Identity(always=True, start=1, increment=1),
                location=SourceLocation("shop.sql", 2, 3),
            ),
            Column(
                id="col_u_email",
                name="email",
                type=DataType("varchar", "varchar(200)", length=200),
                nullable=False,
                collation="C",
                comment="login, unique",
            ),
            Column(id="col_u_mood", name="mood", type=DataType("enum", "mood", enum="public.mood")),
            Column(
                id="col_u_tags",
                name="tags",
                type=DataType("text", "text[]", array_dims=1),
                default="'{}'::text[]",
            ),
            Column(
                id="col_u_lower",
                name="email_lower",
                type=DataType("text", "text"),
                generated=Generated("lower(email)"),
            ),
        ],
        primary_key=PrimaryKey(id="pk_users", columns=["col_u_id"], name="users_pkey"),
        uniques=[UniqueConstraint(id="uq_users_email", columns=["col_u_email"], nulls_not_distinct=True)],
        checks=[CheckConstraint(id="ck_users_email", expression="email <> ''", column="col_u_email")],
        indexes=[
            Index(
                id="ix_users_lower",
                name="users_lower_idx",
                elements=[IndexElement(expression="lower(email)", descending=True, nulls="LAST")],
                unique=True,
                method="btree",
                predicate="mood IS NOT NULL",
                include=["col_u_mood"],
            )
        ],
        options=TableOptions(inherits=["tbl_orders"], extra={"fillfactor": "70"}),
    )
    orders = Table(
        id="tbl_orders",
        name="orders",
        namespace="public",
        columns=[
            Column(id="col_o_id", name="id", type=DataType("integer", "integer"), nullable=False),
            Column(id="col_o_user", name="user_id", type=DataType("bigint", "bigint")),
            Column(id="col_o_total", name="total", type=DataType("numeric", "numeric(10,2)", precision=10, scale=2)),
        ],
        primary_key=PrimaryKey(id="pk_orders", columns=["col_o_id"]),
        foreign_keys=[
            ForeignKey(
                id="fk_orders_user",
                columns=["col_o_user"],
                ref_table="tbl_users",
                ref_columns=["col_u_id"],
                on_delete="CASCADE",
                deferrable=True,
            ),
            ForeignKey(
                id="fk_orders_missing",
                columns=["col_o_id"],
                ref_table=None,
                ref_columns=[],
                unresolved=UnresolvedReference("audit", "log", ("id",)),
            ),
        ],
    )
    return Schema(
        dialect="postgres",
        namespaces=[Namespace(id="ns_audit", name="audit", comment="trail")],
        tables=[users, orders],
        enums=[EnumType(id="enum_mood", name="mood", values=["sad", "ok", "happy"], namespace="public")],
        sequences=[
            Sequence(id="seq_o", name="orders_id_seq", namespace="public", start=1, owned_by=("tbl_orders", "col_o_id"))
        ],
        raw=[RawObject(id="raw_1", kind="function", sql="CREATE FUNCTION f() ...", dialect="postgres", name="f")],
    )


def sample_project() -> Project:
    return Project(
        schema=sample_schema(),
        diagram=Diagram(
            positions={"tbl_users": (0.0, 0.0, False), "tbl_orders": (320.5, -40.0, True)},
            extra={"viewport": {"x": 10.0, "y": 20.0, "zoom": 1.25}},
        ),
        settings={"rules": {"naming/plural-table": {"level": "off"}}, "suppressions": [{"rule": "x", "object": "tbl_users"}]},
        baseline=Schema(dialect="postgres", tables=[Table(id="tbl_users", name="users")]),
    )


# -- round trip and stable text ------------------------------------------------------------


def test_round_trip_in_memory_and_on_disk(tmp_path):
    project = sample_project()
    path = tmp_path / "shop.twproj"
    save_project(path, project)
    loaded = load_project(path)
    assert full(loaded.schema) == full(project.schema)
    assert full(loaded.baseline) == full(project.baseline)
    assert loaded.diagram == project.diagram
    assert loaded.settings == project.settings
    assert full(loaded) == full(project)
    # tuples come back as tuples, not lists
    assert loaded.schema.sequences[0].owned_by == ("tbl_orders", "col_o_id")
    assert loaded.schema.tables[1].foreign_keys[1].unresolved.columns == ("id",)


def test_empty_project_round_trips(tmp_path):
    path = tmp_path / "empty.twproj"
    save_project(path, Project(schema=Schema()))
    assert full(load_project(path)) == full(Project(schema=Schema()))
    data = json.loads(path.read_text())
    assert list(data) == ["format", "version", "schema", "diagram"]  # optional sections left out


def test_saving_twice_is_byte_identical(tmp_path):
    a, b = tmp_path / "a.twproj", tmp_path / "b.twproj"
    save_project(a, sample_project())
    save_project(b, load_project(a))
    assert a.read_bytes() == b.read_bytes()
    save_project(a, sample_project())
    assert a.read_bytes() == b.read_bytes()


def test_text_layout(tmp_path):
    text = dumps_project(sample_project())
    data = json.loads(text)
    assert list(data) == ["format", "version", "schema", "diagram", "settings", "baseline"]
    assert data["format"] == FORMAT and data["version"] == VERSION
    assert text.endswith("}\n") and "\t" not in text
    assert '\n  "schema": {\n    "dialect": "postgres",' in text  # 2-space indent
    # tables in model order, each with its id first; defaults left out
    assert [t["id"] for t in data["schema"]["tables"]] == ["tbl_users", "tbl_orders"]
    assert list(data["schema"]["tables"][0])[0] == "id"
    orders_id = data["schema"]["tables"][1]["columns"][0]
    assert "comment" not in orders_id and "identity" not in orders_id and orders_id["nullable"] is False
    # the source location is kept
    assert data["schema"]["tables"][0]["columns"][0]["location"] == {"path": "shop.sql", "line": 2, "column": 3}
    # one position per line, sorted by table id
    assert '      "tbl_orders": [320.5, -40.0, true],\n      "tbl_users": [0.0, 0.0, false]\n' in text


def test_plain_dict_order_does_not_show_in_the_text():
    a = sample_project()
    b = sample_project()
    b.settings = dict(reversed(list(b.settings.items())))
    b.diagram.positions = dict(reversed(list(b.diagram.positions.items())))
    assert dumps_project(a) == dumps_project(b)


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _section_of_line(text: str, line_no: int) -> str:
    section = None
    for i, line in enumerate(text.splitlines()):
        if line.startswith('  "') and not line.startswith("   "):
            section = line.split('"')[1]
        if i == line_no:
            return section
    raise AssertionError(line_no)


def test_moving_a_table_changes_only_diagram_lines():
    project = sample_project()
    before = dumps_project(project)
    project.diagram.positions["tbl_users"] = (480.0, 96.0, True)
    after = dumps_project(project)
    changed = _changed_lines(before, after)
    assert changed == [
        '-      "tbl_users": [0.0, 0.0, false]',
        '+      "tbl_users": [480.0, 96.0, true]',
    ]
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines())
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            assert all(_section_of_line(before, i) == "diagram" for i in range(i1, i2))


def test_renaming_a_column_changes_one_line():
    project = sample_project()
    before = dumps_project(project)
    project.schema.tables[0].columns[1].name = "mail"
    assert _changed_lines(before, dumps_project(project)) == [
        '-            "name": "email",',
        '+            "name": "mail",',
    ]


# -- errors ----------------------------------------------------------------------------------


def _error(tmp_path, text: str | bytes) -> str:
    path = tmp_path / "broken.twproj"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    before = path.read_bytes()
    with pytest.raises(InputError) as info:
        load_project(path)
    assert path.read_bytes() == before  # the loader never writes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.twproj"]
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return message


def test_bad_json_names_file_line_and_column(tmp_path):
    good = dumps_project(sample_project())
    broken = good.replace('"name": "users",', '"name": "users"', 1)
    message = _error(tmp_path, broken)
    line = next(i for i, l in enumerate(broken.splitlines(), 1) if '"name": "users"' in l) + 1
    assert f"broken.twproj:{line}:" in message
    assert "bad JSON" in message


def test_truncated_file(tmp_path):
    good = dumps_project(sample_project())
    message = _error(tmp_path, good[: len(good) // 2])
    assert "the file ends early" in message and message.endswith(").")  # a whole sentence


def test_empty_and_binary_files(tmp_path):
    assert "the file is empty" in _error(tmp_path, "")
    assert "not UTF-8" in _error(tmp_path, b"\xff\xfe\x00garbage")


def test_wrong_format(tmp_path):
    assert "not a Tablewright project file" in _error(tmp_path, '{"tables": []}')
    assert "not a Tablewright project file" in _error(tmp_path, "[1, 2]")
    assert "'something-else'" in _error(tmp_path, '{"format": "something-else", "version": 1}')


def test_newer_version(tmp_path):
    data = json.loads(dumps_project(sample_project()))
    data["version"] = VERSION + 1
    message = _error(tmp_path, json.dumps(data))
    assert f"version {VERSION + 1} is newer" in message and "update Tablewright" in message


@pytest.mark.parametrize("version", [0, -1, "1", None, 1.5, True])
def test_bad_version(tmp_path, version):
    message = _error(tmp_path, json.dumps({"format": FORMAT, "version": version, "schema": {}}))
    assert "version" in message


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda d: d.pop("schema"), "schema: missing required section"),
        (lambda d: d["schema"]["tables"][0].pop("id"), "schema.tables[0].id: missing required field"),
        (lambda d: d["schema"]["tables"][0]["columns"][0].pop("type"), "schema.tables[0].columns[0].type: missing"),
        (lambda d: d["schema"]["tables"][0]["columns"][0].update(nullable="no"), "columns[0].nullable: expected true/false"),
        (lambda d: d["schema"]["tables"][0]["columns"][1]["type"].update(length="200"), "type.length: expected a whole number"),
        (lambda d: d["schema"]["tables"][0].update(columns={}), "schema.tables[0].columns: expected a list"),
        (lambda d: d["schema"]["tables"][0].update(colour="red"), "schema.tables[0].colour: unknown field"),
        (lambda d: d.update(extras={}), "extras: unknown section"),
        (lambda d: d["diagram"]["positions"].update(tbl_users=[1, "x", False]), "diagram.positions.tbl_users[1]"),
        (lambda d: d["diagram"]["positions"].update(tbl_users=5), "expected [x, y, pinned]"),
        (lambda d: d.update(settings=[]), "settings: expected an object"),
        (lambda d: d["baseline"].update(tables=[{"name": "x"}]), "baseline.tables[0].id: missing"),
        (lambda d: d["schema"]["sequences"][0].update(owned_by=["a"]), "owned_by: expected 2 items"),
    ],
)
def test_missing_or_wrong_fields(tmp_path, mutate, expected):
    data = json.loads(dumps_project(sample_project()))
    mutate(data)
    message = _error(tmp_path, json.dumps(data, indent=2))
    assert "corrupt project file" in message
    assert expected in message


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read project file"):
        load_project(tmp_path / "nope.twproj")
    assert list(tmp_path.iterdir()) == []


def test_loading_a_corrupt_file_then_saving_elsewhere_leaves_it_alone(tmp_path):
    corrupt = tmp_path / "corrupt.twproj"
    corrupt.write_text('{"format": "tablewright-project", "version": 1, "schema": {"tables": [')
    before = corrupt.read_bytes()
    with pytest.raises(InputError):
        load_project(corrupt)
    save_project(tmp_path / "other.twproj", sample_project())
    assert corrupt.read_bytes() == before
    save_project(corrupt, sample_project())  # explicitly saving over it is allowed
    assert full(load_project(corrupt)) == full(sample_project())


# -- atomic save ------------------------------------------------------------------------


def test_crash_during_replace_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "shop.twproj"
    save_project(path, sample_project())
    before = path.read_bytes()
    changed = sample_project()
    changed.schema.tables[0].name = "customers"

    def crash(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(project_mod.os, "replace", crash)
    with pytest.raises(InputError, match="shop.twproj: cannot write: disk on fire"):
        save_project(path, changed)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["shop.twproj"]  # no temp file left behind


def test_crash_during_write_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "shop.twproj"
    save_project(path, sample_project())
    before = path.read_bytes()

    real_fsync = os.fsync

    def crash(fd):
        real_fsync(fd)
        raise KeyboardInterrupt  # e.g. the user hits Ctrl-C while the file is being written

    monkeypatch.setattr(project_mod.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        save_project(path, Project(schema=Schema()))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["shop.twproj"]


def test_unserializable_project_never_touches_disk(tmp_path):
    path = tmp_path / "shop.twproj"
    save_project(path, sample_project())
    before = path.read_bytes()
    bad = sample_project()
    bad.diagram.positions["tbl_users"] = (float("nan"), 0.0, False)
    with pytest.raises(ValueError):
        save_project(path, bad)
    bad.diagram.positions["tbl_users"] = ("left", 0.0, False)
    with pytest.raises(TypeError):
        save_project(path, bad)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["shop.twproj"]


def test_save_into_a_missing_folder(tmp_path):
    with pytest.raises(InputError, match="x.twproj: cannot write: no such directory"):
        save_project(tmp_path / "no" / "such" / "x.twproj", sample_project())
    assert list(tmp_path.iterdir()) == []


def test_save_keeps_file_permissions(tmp_path):
    path = tmp_path / "shop.twproj"
    save_project(path, sample_project())
    path.chmod(0o640)
    save_project(path, sample_project())
    assert path.stat().st_mode & 0o777 == 0o640


# -- generic over the model: hypothesis --------------------------------------------------

_names = st.text(min_size=0, max_size=8)
_ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)


def strategy_for(hint, depth: int = 0):
    """A strategy for any model type, built from the dataclasses' type hints, so
    fields added to the model later are covered without changing this test."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*[strategy_for(a, depth) for a in typing.get_args(hint)])
    if hint is type(None):
        return st.none()
    if hint is str:
        return _names
    if hint is int:
        return _ints
    if hint is bool:
        return st.booleans()
    if hint is float:
        return st.floats(allow_nan=False, allow_infinity=False)
    if origin is list:
        return st.lists(strategy_for(typing.get_args(hint)[0], depth + 1), max_size=3 if depth < 2 else 1)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(strategy_for(args[0], depth + 1), max_size=3).map(tuple)
        return st.tuples(*[strategy_for(a, depth + 1) for a in args])
    if origin is dict:
        key, value = typing.get_args(hint)
        return st.dictionaries(strategy_for(key, depth + 1), strategy_for(value, depth + 1), max_size=3)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return st.builds(hint, **{f.name: strategy_for(hints[f.name], depth + 1) for f in dataclasses.fields(hint)})
    raise NotImplementedError(hint)


def consistent(schema: Schema) -> Schema:
    """A generated schema made referentially sound (the loader refuses dangling
    ids): unique ids, and every reference pointed at an object that is there,
    chosen by the generated value so references stay varied."""
    def pick(items, key):
        return items[sum(map(ord, key)) % len(items)] if items else None

    from tablewright.designer.model import DIALECTS

    if schema.dialect is not None:
        schema.dialect = pick(list(DIALECTS), schema.dialect)
    for raw in schema.raw:
        raw.dialect = pick(list(DIALECTS), raw.dialect)
    for t, table in enumerate(schema.tables):
        table.id = f"t{t}"
        table.name = table.name or f"t{t}"
        for c, column in enumerate(table.columns):
            column.id = f"t{t}c{c}"
            column.name = column.name or f"c{c}"
    for table in schema.tables:
        ids = [c.id for c in table.columns]
        if table.primary_key is not None:
            table.primary_key.columns = [pick(ids, k) for k in table.primary_key.columns if ids]
            key = table.primary_key.columns
            table.primary_key.lengths = {pick(key, k): max(n, 1) for k, n in table.primary_key.lengths.items() if key}
        for unique in table.uniques:
            unique.columns = [pick(ids, k) for k in unique.columns if ids]
        for check in table.checks:
            check.column = pick(ids, check.column) if check.column is not None else None
        for index in table.indexes:
            index.include = [pick(ids, k) for k in index.include if ids]
            for element in index.elements:
                element.column = pick(ids, element.column) if element.column is not None else None
        for fk in table.foreign_keys:
            fk.columns = [pick(ids, k) for k in fk.columns if ids]
            fk.on_delete_columns = [pick(ids, k) for k in fk.on_delete_columns if ids]
            target = pick(schema.tables, fk.ref_table) if fk.ref_table is not None else None
            fk.ref_table = target.id if target is not None else None
            target_ids = [c.id for c in target.columns] if target is not None else []
            fk.ref_columns = [pick(target_ids, k) for k in fk.ref_columns if target_ids]
        opts = table.options  # parents are table ids, like a foreign key's table
        parent = pick(schema.tables, opts.partition_of) if opts.partition_of is not None else None
        opts.partition_of = parent.id if parent is not None else None
        opts.inherits = [pick(schema.tables, p).id for p in opts.inherits]
    for sequence in schema.sequences:
        if sequence.owned_by is not None:
            table = pick(schema.tables, sequence.owned_by[0])
            column = pick(table.columns, sequence.owned_by[1]) if table is not None else None
            sequence.owned_by = (table.id, column.id) if column is not None else None
    return schema


@settings(max_examples=60)
@given(schema=strategy_for(Schema).map(consistent))
def test_generated_schemas_round_trip(schema):
    text = dumps_project(Project(schema=schema))
    loaded = loads_project(text)
    assert full(loaded.schema) == full(schema)
    assert dumps_project(loaded) == text


@settings(max_examples=40)
@given(
    positions=st.dictionaries(
        st.text(max_size=6),
        st.tuples(st.floats(allow_nan=False, allow_infinity=False), st.floats(allow_nan=False, allow_infinity=False), st.booleans()),
        max_size=4,
    ),
    settings_=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
        max_leaves=8,
    ).filter(lambda v: isinstance(v, dict)),
)
def test_generated_diagrams_and_settings_round_trip(positions, settings_):
    project = Project(schema=Schema(), diagram=Diagram(positions=positions), settings=settings_)
    loaded = loads_project(dumps_project(project))
    assert loaded.diagram == project.diagram
    assert loaded.settings == project.settings
