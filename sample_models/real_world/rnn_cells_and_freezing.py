"""keras.layers.RNN over cells, stacked cells, and freezing an outer model, which freezes the
model nested in it as well (its own summary shows that)."""
import keras
from keras import layers

rnn = keras.Sequential([
    keras.Input((12, 5)),
    layers.RNN(layers.LSTMCell(16), return_sequences=True),
    layers.RNN(layers.GRUCell(8)),
    layers.Dense(2),
])
stacked = keras.Sequential([
    keras.Input((7, 3)),
    layers.RNN(layers.StackedRNNCells([layers.SimpleRNNCell(6), layers.LSTMCell(4)])),
])
encoder = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)], name="encoder")
outer = keras.Sequential([keras.Input((10,)), encoder, layers.Dense(1)])
outer.trainable = False
