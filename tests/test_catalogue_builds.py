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
