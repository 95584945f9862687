"""Environment-sourced values compare as their value and print as their origin."""

from __future__ import annotations

import copy
import json
import pickle

from reconciler.sourced import Sourced, display, displayed


def test_compares_and_sends_as_value_prints_as_origin() -> None:
    s = Sourced("hunter2", "(from ${env:SECRET})")
    assert s == "hunter2" and hash(s) == hash("hunter2")
    assert json.dumps({"caption": s}) == '{"caption": "hunter2"}'  # what a request sends
    assert str(s) == f"{s}" == "(from ${env:SECRET})"
    assert "hunter2" not in repr(s) and "hunter2" not in f"value {s}!"
    assert display(s) == "(from ${env:SECRET})" and s.value == "hunter2"
    assert type(s.value) is str


def test_survives_copies_without_losing_its_origin() -> None:
    s = Sourced("v", "(from ${env:X})")
    for other in (copy.deepcopy(s), pickle.loads(pickle.dumps(s))):
        assert other == "v" and str(other) == "(from ${env:X})"


def test_displayed_walks_containers() -> None:
    s = Sourced("v", "(from ${env:X})")
    assert displayed({"a": [s, 1], s: "k"}) == {"a": ["(from ${env:X})", 1],
                                                "(from ${env:X})": "k"}
