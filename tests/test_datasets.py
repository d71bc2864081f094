"""The table of keras.datasets shapes equals what the loaders' own documentation states."""
import inspect
import re

import pytest

from kerascount_lint.catalogue.datasets import LOADERS

keras = pytest.importorskip("keras")


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_dataset_table_matches_the_loader_docs(name):
    doc = inspect.getdoc(getattr(keras.datasets, name).load_data)
    (x_train, y_train), (x_test, y_test) = LOADERS[name]
    stated = dict(re.findall(r"assert (\w+)\.shape == (\([\d, ]*\))", doc))
    if stated:  # mnist, fashion_mnist, cifar10, cifar100 state every shape
        assert {k: eval(v) for k, v in stated.items()} == {"x_train": x_train, "y_train": y_train,
                                                            "x_test": x_test, "y_test": y_test}
    elif x_train[0] is None and len(x_train) == 2:  # the housing sets: features only
        assert f"(num_samples, {x_train[1]})" in doc and "(num_samples,)" in doc
    else:  # the text sets: sequences of any length, nothing to check but that we claim nothing
        assert x_train == (None,) and x_test == (None,)
