"""The reporters' JSON encoder writes what ``json.dumps(v, indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tablewright.linting.reporters._jsonout import dumps

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text()
keys = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(values)
def test_the_same_text_as_the_standard_library(value):
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("indent", [0, 1, 4])
def test_other_indents(indent):
    value = {"a": [1, {"b": None}], "c": {}, "d": [], "e": "é\n\u2028", 3: 1.5, None: -math.inf}
    assert dumps(value, indent=indent) == json.dumps(value, indent=indent, ensure_ascii=False)


def test_what_json_refuses_it_refuses_alike():
    loop: list = []
    loop.append(loop)
    for bad in ({"x": object()}, {(1, 2): "tuple key"}, loop):
        with pytest.raises((TypeError, ValueError)) as ours:
            dumps(bad)
        with pytest.raises(type(ours.value)) as theirs:
            json.dumps(bad, indent=2, ensure_ascii=False)
        assert str(ours.value) == str(theirs.value)
