"""Layer factories with functools.partial, as Hands-On Machine Learning writes them."""
from functools import partial

import keras

DefaultConv2D = partial(keras.layers.Conv2D, kernel_size=3, padding="same", activation="relu",
                        kernel_initializer="he_normal")
RegularizedDense = partial(keras.layers.Dense, activation="elu", kernel_initializer="he_normal",
                           kernel_regularizer=keras.regularizers.l2(0.01))

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    DefaultConv2D(filters=64, kernel_size=7),
    keras.layers.MaxPool2D(),
    DefaultConv2D(filters=128),
    DefaultConv2D(filters=128),
    keras.layers.MaxPool2D(),
    keras.layers.Flatten(),
    RegularizedDense(64),
    keras.layers.Dropout(0.5),
    RegularizedDense(10, activation="softmax"),
])
