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

# The same of a Sequential that starts from keras.Input: Keras 3 builds a graph inside it, whose
# tensors are seq.inputs, seq.outputs and each layer's output (seq.input, seq.output raise: KC107).
cnn = keras.Sequential([
    keras.Input((28, 28, 1)),
    layers.Conv2D(8, 3, activation="relu", name="conv"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
activations = keras.Model(inputs=cnn.inputs, outputs=[layer.output for layer in cnn.layers])
feature_maps = keras.Model(cnn.inputs, cnn.get_layer("conv").output)
whole = keras.Model(cnn.inputs, cnn.outputs)

# A Sequential given input_dim= (or input_shape=) on its first layer: Keras puts the InputLayer there.
mlp = keras.Sequential()
mlp.add(layers.Dense(16, input_dim=8, activation="relu"))
mlp.add(layers.Dense(1))
hidden = keras.Model(mlp.inputs, mlp.layers[0].output)
