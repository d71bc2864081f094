"""Every entry of the layer catalogue built in real Keras 3 (tests/data/catalogue_builds.json, from
scripts/gen_catalogue_builds.py): we give Keras's names, shapes, counts and MACs, and no entry is
left that Keras was never seen to build."""
import json

import pytest
from conftest import DATA
from helpers import compare_model

from kerascount_lint.analysis import analyze_source
from kerascount_lint.catalogue import entries

BUILDS = json.loads((DATA / "catalogue_builds.json").read_text())


@pytest.mark.parametrize("name", sorted(BUILDS["built"]))
def test_each_entry_matches_keras(name):
    build = BUILDS["built"][name]
    ours = {str(m.spec.span.line): m for m in analyze_source(build["source"], "x.py").models}
    for line, truth in build["models"].items():
        assert compare_model(ours[line], truth) == []


def test_every_entry_is_built_in_keras():
    assert BUILDS["never_built"] == []
    assert set(entries()) - {"InputLayer"} == set(BUILDS["built"])


def test_declared_roles_agree_with_what_keras_built():
    """The roles the rules reason with, against the layers Keras built: a layer that learns has
    trainable weights, a linear or dropout layer has none, a spatial layer keeps a spatial layout."""
    from kerascount_lint.catalogue.roles import DROPOUT, LEARNS, LINEAR, SPATIAL

    wrong = []
    for name, build in BUILDS["built"].items():
        roles = entries()[name].roles
        layers = [layer for model in build["models"].values() for layer in model["layers"] if layer["class"] == name]
        assert layers, name
        for layer in layers:
            if LEARNS in roles and not layer["trainable_params"]:
                wrong.append(f"{name} learns, but Keras gave it no trainable weights")
            if roles & {LINEAR, DROPOUT} and layer["params"]:
                wrong.append(f"{name} is linear or dropout, but Keras gave it {layer['params']} params")
            if SPATIAL in roles and len(layer["output_shape"]) < 3:
                wrong.append(f"{name} is spatial, but Keras gave it the output {layer['output_shape']}")
    assert sorted(set(wrong)) == []
    assert {r for e in entries().values() for r in e.roles} >= {LEARNS, LINEAR, DROPOUT, SPATIAL}
