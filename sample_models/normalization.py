import keras
from keras import layers

model = keras.Sequential([
    keras.Input((28, 28, 16)),
    layers.Normalization(),
    layers.BatchNormalization(),
    layers.Conv2D(32, 3, use_bias=False),
    layers.BatchNormalization(center=False),
    layers.GroupNormalization(groups=8),
    layers.LayerNormalization(scale=False),
    layers.UnitNormalization(),
    layers.Flatten(),
    layers.Dense(10),
])
