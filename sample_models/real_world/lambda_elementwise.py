"""Lambda layers whose function keeps the shape, so Keras (and this tool) can count what follows."""
import keras
from keras import layers, ops

model = keras.Sequential([
    keras.Input((28, 28)),
    layers.Lambda(lambda x: x / 255.0),
    layers.Lambda(lambda t: ops.cast(t, "float32") * 2 - 1),
    layers.Lambda(keras.activations.relu),
    layers.Flatten(),
    layers.Dense(10),
])
