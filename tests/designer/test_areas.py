"""Subject areas without Qt: suggestions (namespaces, foreign-key communities,
names), the diagram section of the project file, layout by area."""

from __future__ import annotations

import json

import pytest

from tablewright.designer.areas import Area, areas_of, assign, set_areas, suggest_areas, tokens
from tablewright.designer.layout import layout
from tablewright.designer.layout_metrics import measure, overlapping_pairs
from tablewright.designer.project import Project, dumps_project, loads_project
from tablewright.designer.sources import load_sources
from tests.conftest import corpus_path
from tests.corpus_cases import CASES


def corpus_schema(case: str):
    files, dialect, _n = CASES[case]
    return load_sources([str(corpus_path(*f.split("/"))) for f in files], dialect).schema


@pytest.fixture(scope="module")
def musicbrainz():
    return corpus_schema("musicbrainz")


def sizes_of(schema):
    return {t.id: (190.0, 28.0 + 18.0 * len(t.columns)) for t in schema.tables}


def test_tokens_split_snake_and_camel_case():
    assert tokens("release_group_secondary_type") == ["release", "group", "secondary", "type"]
    assert tokens("ReleaseGroupType") == ["release", "group", "type"]


def test_musicbrainz_suggestion_by_foreign_key_communities(musicbrainz):
    areas = suggest_areas(musicbrainz)
    names = [a.name for a in areas]
    assert len(names) == len(set(names))  # every name once
    for subject in ("artist", "release", "recording", "label", "work", "place", "event", "series", "instrument"):
        assert subject in names, names
    seen = [t for a in areas for t in a.tables]
    assert len(seen) == len(set(seen))  # a table in at most one area
    assert len(seen) > 0.9 * len(musicbrainz.tables)
    assert max(len(a.tables) for a in areas) <= 30  # readable areas
    by_id = {t.id: t.name for t in musicbrainz.tables}
    release = next(a for a in areas if a.name == "release")
    assert sum("release" in by_id[t] for t in release.tables) > len(release.tables) / 2
    assert [a.tables for a in suggest_areas(musicbrainz)] == [a.tables for a in areas]  # deterministic


def test_several_namespaces_give_one_area_each():
    schema = corpus_schema("phabricator")
    areas = suggest_areas(schema)
    namespaces = {t.namespace for t in schema.tables}
    assert len(areas) == len(namespaces)
    names = {a.name for a in areas}
    assert "almanac" in names and "differential" in names  # the shared phabricator_ prefix left out
    for a in areas:
        assert len({next(t.namespace for t in schema.tables if t.id == tid) for tid in a.tables}) == 1


def test_areas_live_in_the_diagram_section_not_the_schema(musicbrainz):
    project = Project(schema=musicbrainz)
    before = json.loads(dumps_project(project))
    areas = suggest_areas(musicbrainz)[:3]
    set_areas(project.diagram, areas)
    text = dumps_project(project)
    after = json.loads(text)
    assert after["schema"] == before["schema"]
    assert [a["name"] for a in after["diagram"]["areas"]] == [a.name for a in areas]
    again = areas_of(loads_project(text).diagram)
    assert [(a.id, a.name, a.color, a.tables) for a in again] == [(a.id, a.name, a.color, a.tables) for a in areas]


def test_assign_keeps_a_table_in_one_area():
    areas = [Area("a", "A", tables=["t1", "t2"]), Area("b", "B", tables=["t3"])]
    moved = assign(areas, "b", ["t2"])
    assert [a.tables for a in moved] == [["t1"], ["t3", "t2"]]
    project = Project()
    set_areas(project.diagram, [Area("a", "A", tables=["t1"]), Area("b", "B", tables=["t1", "t2"])])
    assert [a.tables for a in areas_of(project.diagram)] == [["t1"], ["t2"]]


def _boxes(positions, sizes, areas):
    out = {}
    for a in areas:
        rects = [(positions[t][0], positions[t][1], *sizes[t]) for t in a.tables if t in positions]
        x0 = min(r[0] for r in rects)
        y0 = min(r[1] for r in rects)
        out[a.id] = (x0, y0, max(r[0] + r[2] for r in rects) - x0, max(r[1] + r[3] for r in rects) - y0)
    return out


def test_layout_by_area_keeps_areas_apart_cards_unoverlapped_and_pinned_tables(musicbrainz):
    sizes = sizes_of(musicbrainz)
    areas = suggest_areas(musicbrainz)
    groups = [a.tables for a in areas]
    positions = layout(musicbrainz, sizes, groups=groups)
    metrics = measure(musicbrainz, positions, sizes)
    assert metrics.overlaps == 0
    assert 0.4 < metrics.aspect < 2.5  # no strip
    # each area's cards form a box that no other area's box touches (with room for frames and labels)
    boxes = _boxes(positions, sizes, areas)
    grown = {k: (x - 50, y - 50, w + 100, h + 100) for k, (x, y, w, h) in boxes.items()}
    assert overlapping_pairs(grown) == []
    # a pinned table stays where it is; the rest avoid it
    pinned = musicbrainz.tables[0].id
    known = {pinned: (-5000.0, -5000.0, True)}
    again = layout(musicbrainz, sizes, {**known, **{t: (*p, False) for t, p in positions.items() if t != pinned}},
                   only={t.id for t in musicbrainz.tables}, groups=groups)
    assert again[pinned] == (-5000.0, -5000.0)
    assert measure(musicbrainz, again, sizes).overlaps == 0


def test_dot_on_a_broad_schema_is_no_strip(musicbrainz):
    sizes = sizes_of(musicbrainz)
    positions = layout(musicbrainz, sizes, engine="dot")
    metrics = measure(musicbrainz, positions, sizes)
    assert metrics.overlaps == 0
    assert 1 / 3 < metrics.aspect < 3  # was 1:30
