from keras import layers, models


class Classifier:
    def __init__(self, n_features=12, n_classes=4):
        self.n_features = n_features
        self.n_classes = n_classes

    def build(self):
        net = models.Sequential(name="classifier")
        net.add(layers.Dense(32, activation="relu", input_dim=12))
        net.add(layers.Dense(4, activation="softmax"))
        return net


net = Classifier().build()
