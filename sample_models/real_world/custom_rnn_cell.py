"""keras.layers.RNN over cells of the file's own. A cell with no weights of its own (no build(), no
add_weight) has 0 params in Keras 3, and its units are the state_size its __init__ sets; a cell
that makes its weights in build() is not counted (a KC900 note says so)."""
import keras
from keras import layers


class DecayCell(layers.Layer):
    """Its state decays toward the input: no weights."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def call(self, inputs, states):
        state = 0.5 * states[0] + 0.5 * inputs
        return state, [state]


class MinimalRNNCell(layers.Layer):
    """keras.io's example: weights made in build()."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        h = keras.ops.matmul(inputs, self.kernel) + keras.ops.matmul(states[0], self.recurrent_kernel)
        return h, [h]


inputs = keras.Input((7, 5))
x = layers.Dense(5)(inputs)
x = layers.RNN(DecayCell(5), return_sequences=True)(x)
x = layers.RNN(DecayCell(5))(x)
outputs = layers.Dense(2)(x)
decaying = keras.Model(inputs, outputs)

minimal = keras.Sequential([keras.Input((7, 5)), layers.RNN(MinimalRNNCell(8)), layers.Dense(3)])
