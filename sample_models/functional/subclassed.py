"""A subclassed model: its call() is Python, so the tool reports it as not rebuilt (KC902)."""
import keras
from keras import layers


class MLP(keras.Model):
    def __init__(self, hidden=32, classes=10):
        super().__init__()
        self.hidden = layers.Dense(hidden, activation="relu")
        self.out = layers.Dense(classes, activation="softmax")

    def call(self, x):
        return self.out(self.hidden(x))


model = MLP()
