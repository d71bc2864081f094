"""Subclasses of Keras layers that keep their parent's shapes and weights (Monte Carlo dropout),
and one with weights of its own, which stays unknown."""
import keras
from keras import layers


class MCDropout(keras.layers.Dropout):
    def call(self, inputs, training=None):
        return super().call(inputs, training=True)


class MCAlphaDropout(layers.AlphaDropout):
    def call(self, inputs):
        return super().call(inputs, training=True)


class Scale(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],))

    def call(self, x):
        return x * self.w


model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(32, activation="relu"),
    MCDropout(rate=0.2),
    layers.Dense(16, activation="relu"),
    MCAlphaDropout(0.1),
    layers.Dense(3, activation="softmax"),
])
custom = keras.Sequential([keras.Input(shape=(4,)), Scale(), layers.Dense(2)])
