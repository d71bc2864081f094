"""A custom layer that states its output shape: Keras uses compute_output_shape, and so does the tool.
A layer with weights of its own (build and add_weight) stays unknown, with a note."""
import keras
from keras import layers, ops


class FlattenPairs(layers.Layer):
    def __init__(self, group=2, **kwargs):
        super().__init__(**kwargs)
        self.group = group

    def call(self, x):
        return ops.reshape(x, (-1, x.shape[1] // self.group, x.shape[2] * self.group))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[1] // self.group, input_shape[2] * self.group)


class Scale(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],))

    def call(self, x):
        return x * self.w

    def compute_output_shape(self, input_shape):
        return input_shape


inputs = keras.Input((8, 6))
x = FlattenPairs(4)(inputs)
x = layers.LSTM(5)(x)
outputs = layers.Dense(2)(x)
model = keras.Model(inputs, outputs)

scaled = keras.Model(inputs, Scale()(outputs))

pairs = keras.Sequential([keras.Input((8, 6)), FlattenPairs(2), layers.LSTM(4), layers.Dense(2)])
