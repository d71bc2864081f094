import keras
from keras import layers

video = keras.Sequential([
    keras.Input((10, 32, 32, 1)),
    layers.ConvLSTM2D(8, 3, padding="same", return_sequences=True),
    layers.ConvLSTM2D(4, (3, 3), strides=2),
    layers.Flatten(),
    layers.Dense(3),
])

signal = keras.Sequential([
    keras.Input((5, 40, 2)),
    layers.ConvLSTM1D(6, 5, return_sequences=False),
    layers.GlobalAveragePooling1D(),
])
