"""A Sequential with no Input of its own is built by its first call: inside a layer made of layers
(the feed-forward half of keras.io's transformer block), and called on a tensor. Here that tensor's
shape comes from data, which only running code knows: the models are built, with counts the tool
cannot know (and says so), never "unbuilt"."""
import numpy as np
import keras
from keras import layers

features = np.stack([np.zeros((10, 16)) for _ in range(8)])  # a shape only running code knows


class FeedForward(layers.Layer):
    def __init__(self, dim):
        super().__init__()
        self.ffn = keras.Sequential([layers.Dense(dim * 2, activation="relu"), layers.Dense(dim)])
        self.norm = layers.LayerNormalization()

    def call(self, inputs):
        return self.norm(inputs + self.ffn(inputs))


inputs = keras.Input(shape=features.shape[1:])
x = FeedForward(16)(inputs)
head = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(2)])
outputs = head(x)
model = keras.Model(inputs, outputs)

# Nested in a Sequential that starts from that shape: built with it.
inner = keras.Sequential([layers.Dense(2)])
outer = keras.Sequential([keras.Input(features.shape[1:]), layers.Dense(4), inner])
