"""Residual blocks written with Python operators on tensors, as many ResNet and transformer codes are.

`x + shortcut` and `0.5 * x` are keras.ops operations in Keras 3: rows of summary() with no weights,
named like layers (add, multiply, ...), shown with what they are connected to.
"""
import keras
from keras import layers


def block(x, filters):
    shortcut = x
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    if shortcut.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, use_bias=False)(shortcut)
    return layers.ReLU()(x + shortcut)


inputs = keras.Input(shape=(32, 32, 3))
x = layers.Rescaling(1 / 255)(inputs)
x = block(x, 16)
x = block(x, 16)
x = block(x, 32)
x = layers.GlobalAveragePooling2D()(x)
features = layers.Dense(64, activation="relu")(x)
scaled = 0.5 * features - 1
outputs = layers.Dense(10, activation="softmax")(scaled / 2)
model = keras.Model(inputs, outputs, name="residual_operators")
