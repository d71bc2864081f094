"""Subclassed models: __init__ sets the layers (summary() lists them in that order), call() chains them.

The tool runs call() on a symbolic input when the model is first called, as Keras builds it. A layer
that call() never uses stays unbuilt; a model never called is unbuilt; a call() the tool cannot
follow (here a keras.ops mean) is reported as not rebuilt (KC902).
"""
import numpy as np
import keras
from keras import layers


class MLP(keras.Model):
    def __init__(self, hidden=32, classes=10, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(hidden, activation="relu")
        self.dropout = layers.Dropout(0.3)
        self.out = layers.Dense(classes, activation="softmax")
        self.spare = layers.Dense(4)  # never called: unbuilt in summary()

    def call(self, x, training=False):
        x = self.hidden(x)
        x = self.dropout(x, training=training)
        return self.out(x)


class ConvNet(keras.Model):
    def __init__(self, filters=(16, 32)):
        super().__init__(name="convnet")
        self.blocks = [layers.Conv2D(f, 3, activation="relu") for f in filters]
        self.pool = layers.MaxPooling2D()
        self.flatten = layers.Flatten()
        self.head = MLP(64, 10)

    def call(self, inputs):
        x = inputs
        for conv in self.blocks:
            x = self.pool(conv(x))
        return self.head(self.flatten(x))

    def describe(self):
        return "a small CNN"


model = MLP()
model(np.zeros((8, 20)))

cnn = ConvNet()
cnn(np.zeros((2, 28, 28, 1)))

inputs = keras.Input(shape=(12,))
outputs = MLP(16, 3)(inputs)
wrapper = keras.Model(inputs, outputs)

unbuilt = MLP()


class Residual(keras.Model):
    """`+` on tensors is followed: Keras makes it an operation with no weights."""

    def __init__(self):
        super().__init__()
        self.a = layers.Dense(8)
        self.b = layers.Dense(8)

    def call(self, x):
        return self.a(x) + self.b(x)


residual = Residual()
residual(np.zeros((1, 8)))


class Gated(keras.Model):
    """Element-wise keras.ops calls are followed (sigmoid here)."""

    def __init__(self):
        super().__init__()
        self.proj = layers.Dense(8)

    def call(self, x):
        return keras.ops.sigmoid(self.proj(x)) * x


gated = Gated()
gated(np.zeros((1, 8)))


class Pooled(keras.Model):
    """keras.ops that change the shape (a mean over an axis) are not followed yet: this one is reported
    as not rebuilt (KC902), with the expression."""

    def __init__(self):
        super().__init__()
        self.proj = layers.Dense(8)

    def call(self, x):
        return keras.ops.mean(self.proj(x), axis=-1, keepdims=True) * x


pooled = Pooled()
pooled(np.zeros((1, 8)))
