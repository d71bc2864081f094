# Freezing after construction, the way fine-tuning tutorials do it.
import keras
from keras import layers

encoder = keras.Sequential([keras.Input((32,)), layers.Dense(16, activation="relu"),
                            layers.BatchNormalization(), layers.Dense(8, activation="relu")], name="encoder")
encoder.trainable = False

model = keras.Sequential([encoder, layers.Dense(4, activation="relu"), layers.Dense(2, activation="softmax")])
model.layers[1].trainable = False

head = keras.Sequential([keras.Input((6,)), layers.Dense(5), layers.Dense(4), layers.Dense(3)])
for layer in head.layers[:-1]:
    layer.trainable = False
