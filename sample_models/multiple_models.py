from keras import Sequential, layers

encoder = Sequential([layers.Input((64,)), layers.Dense(16), layers.Dense(4)])
decoder = Sequential([layers.Input((4,)), layers.Dense(16), layers.Dense(64)])


def make_classifier(hidden=(32, 16)):
    model = Sequential([layers.Input((10,))] + [layers.Dense(h, activation="relu") for h in hidden])
    model.add(layers.Dense(3, activation="softmax"))
    return model


clf = make_classifier()
