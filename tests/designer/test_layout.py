"""tablewright.designer.layout: Graphviz positions, pins, new tables, Arrange selection (no Qt)."""

from __future__ import annotations

import pytest

from tablewright.designer.layout import fk_graph, layout
from tablewright.designer.model import Column, DataType, ForeignKey, PrimaryKey, Schema, Table
from tablewright.designer.sources import load_sources
from tests.conftest import corpus_path
from tests.corpus_cases import CASES


def _sizes(schema):
    return {t.id: (180.0 + 3 * len(t.name), 30.0 + 18 * len(t.columns)) for t in schema.tables}


def _overlapping(positions, sizes):
    rects = [(tid, x, y, *sizes[tid]) for tid, (x, y, *_rest) in positions.items()]
    pairs = []
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            if a[1] < b[1] + b[3] and b[1] < a[1] + a[3] and a[2] < b[2] + b[4] and b[2] < a[2] + a[4]:
                pairs.append((a[0], b[0]))
    return pairs


def _chain_schema(n=8, isolated=3):
    """t0 <- t1 <- ... (each references the previous), plus unconnected tables."""
    schema = Schema(dialect="postgres")
    for i in range(n + isolated):
        cols = [Column(f"c{i}_id", "id", DataType("integer")), Column(f"c{i}_ref", "ref_id", DataType("integer"))]
        table = Table(f"t{i}", f"table_{i}", columns=cols, primary_key=PrimaryKey(f"pk{i}", [f"c{i}_id"]))
        if 0 < i < n:
            table.foreign_keys.append(ForeignKey(f"fk{i}", [f"c{i}_ref"], f"t{i - 1}", [f"c{i - 1}_id"]))
        schema.tables.append(table)
    return schema


@pytest.fixture(scope="module")
def sakila():
    files, dialect, _count = CASES["sakila-pg"]
    return load_sources([str(corpus_path(f)) for f in files], dialect).schema


@pytest.mark.corpus
@pytest.mark.parametrize("engine", ["auto", "dot", "fdp", "neato", "sfdp"])
def test_a_corpus_schema_is_laid_out_without_overlaps(sakila, engine):
    sizes = _sizes(sakila)
    positions = layout(sakila, sizes, engine=engine)
    assert set(positions) == {t.id for t in sakila.tables}
    assert _overlapping(positions, sizes) == []


def test_fk_graph_has_tables_and_resolved_keys():
    schema = _chain_schema(n=4, isolated=2)
    schema.tables[3].foreign_keys.append(ForeignKey("self", ["c3_ref"], "t3", ["c3_id"]))  # left out
    graph = fk_graph(schema)
    assert set(graph) == {f"t{i}" for i in range(6)}
    assert sorted(graph.edges()) == [("t1", "t0"), ("t2", "t1"), ("t3", "t2")]


def test_pinned_tables_never_move_even_when_everything_is_arranged():
    schema = _chain_schema()
    sizes = _sizes(schema)
    first = layout(schema, sizes)
    pinned = {"t2": (5000.0, 5000.0, True), "t5": (-300.0, 40.0, True)}
    positions = {tid: (x, y, False) for tid, (x, y) in first.items()} | pinned
    again = layout(schema, sizes, positions, only={t.id for t in schema.tables})
    assert again["t2"] == (5000.0, 5000.0)
    assert again["t5"] == (-300.0, 40.0)
    assert _overlapping(again, sizes) == []


def test_new_tables_are_placed_without_moving_the_others():
    schema = _chain_schema()
    sizes = _sizes(schema)
    old_ids = [t.id for t in schema.tables[:6]]
    existing = {tid: (100.0 * i, 50.0 * i, i % 2 == 0) for i, tid in enumerate(old_ids)}
    existing_sizes = {tid: (90.0, 45.0) for tid in old_ids}  # they sit diagonally, not overlapping
    sizes.update(existing_sizes)
    result = layout(schema, sizes, existing)
    for tid, (x, y, _pinned) in existing.items():
        assert result[tid] == (x, y)
    assert set(result) == {t.id for t in schema.tables}
    assert _overlapping(result, sizes) == []


def test_only_moves_just_the_selection_and_keeps_it_near(sakila):
    sizes = _sizes(sakila)
    full = layout(sakila, sizes, engine="dot")
    positions = {tid: (x, y, False) for tid, (x, y) in full.items()}
    selection = {t.id for t in sakila.tables if t.name in ("film", "film_actor", "actor", "language")}
    result = layout(sakila, sizes, positions, only=selection)
    for tid, (x, y, _pinned) in positions.items():
        if tid not in selection:
            assert result[tid] == (x, y)
    assert _overlapping(result, sizes) == []
    old_left = min(positions[t][0] for t in selection)
    new_left = min(result[t][0] for t in selection)
    width = max(x + sizes[t][0] for t, (x, _y) in full.items())
    assert abs(new_left - old_left) < width / 2  # arranged where it was, not beside the diagram


def test_unconnected_tables_are_packed_not_in_one_long_row():
    schema = _chain_schema(n=0, isolated=40)
    sizes = _sizes(schema)
    result = layout(schema, sizes)
    xs = [x for x, _y in result.values()]
    ys = [y for _x, y in result.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 0.2 < width / height < 5
    assert _overlapping(result, sizes) == []


def test_progress_reaches_one_and_bad_engine_is_refused():
    schema = _chain_schema()
    seen = []
    layout(schema, _sizes(schema), progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(ValueError):
        layout(schema, _sizes(schema), engine="circo")
