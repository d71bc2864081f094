# A custom Layer subclass and a Lambda in the middle: counted around, reported as unknown.
import keras
from keras import layers


class Scale(keras.layers.Layer):
    def call(self, x):
        return x * 2.0


model = keras.Sequential([
    keras.Input((16,)),
    layers.Dense(8, activation="relu"),
    Scale(),
    layers.Lambda(lambda t: t + 1.0, output_shape=(8,)),
    layers.Dense(4, activation="softmax"),
])
