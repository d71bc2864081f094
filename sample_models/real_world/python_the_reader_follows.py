"""Plain Python a reader follows: isinstance over model.layers, dict.get with a default, str.join,
sets, sorted and len over literals."""
import keras
from keras import layers

config = {"units": 64, "dropout": 0.3}
units = config.get("units", 32)
depth = config.get("depth", 2)
classes = sorted({"cat", "dog", "bird"})
name = "_".join(["mlp", str(units)])

model = keras.Sequential([keras.Input((20,))], name=name)
for _ in range(depth):
    model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dropout(config["dropout"]))
model.add(layers.Dense(len(classes), activation="softmax"))

dropouts = [layer for layer in model.layers if isinstance(layer, keras.layers.Dropout)]
for layer in model.layers:
    if isinstance(layer, layers.Dense) and layer is not model.layers[-1]:
        layer.trainable = False
head = keras.Sequential([keras.Input((len(dropouts),)), layers.Dense(1)])
