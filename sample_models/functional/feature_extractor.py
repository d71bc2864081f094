"""A model cut at a layer to read its features: keras.Model(model.inputs, <a layer>.output), the
layer found by name (get_layer), by index, or from model.layers."""
import keras
from keras import layers

inputs = keras.Input((32,))
x = layers.Dense(16, activation="relu", name="hidden")(inputs)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs, outputs)

by_name = keras.Model(inputs=model.inputs, outputs=model.get_layer("hidden").output)
by_index = keras.Model(model.input, model.get_layer(index=2).output)
from_list = keras.Model(model.input, model.layers[-2].output)
