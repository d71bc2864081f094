"""The keras.datasets loaders, with the shapes their documentation states (tests/test_datasets.py
checks this table against the loaders' own docstrings). A number of samples that depends on the
download (the housing sets' split, the text sets' sequences) is left as None: unknown."""

# name -> ((x_train, y_train), (x_test, y_test)) shapes
LOADERS = {
    "mnist": (((60000, 28, 28), (60000,)), ((10000, 28, 28), (10000,))),
    "fashion_mnist": (((60000, 28, 28), (60000,)), ((10000, 28, 28), (10000,))),
    "cifar10": (((50000, 32, 32, 3), (50000, 1)), ((10000, 32, 32, 3), (10000, 1))),
    "cifar100": (((50000, 32, 32, 3), (50000, 1)), ((10000, 32, 32, 3), (10000, 1))),
    "boston_housing": (((None, 13), (None,)), ((None, 13), (None,))),
    "california_housing": (((None, 8), (None,)), ((None, 8), (None,))),
    "imdb": (((None,), (None,)), ((None,), (None,))),  # sequences of word indexes, of any length
    "reuters": (((None,), (None,)), ((None,), (None,))),
}
