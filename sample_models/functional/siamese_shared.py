"""A siamese network: one encoder applied to two inputs, so its weights are counted once."""
import keras
from keras import layers

embedding = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(16)], name="embedding")
left = keras.Input(shape=(64,), name="left")
right = keras.Input(shape=(64,), name="right")
shared_dense = layers.Dense(64, activation="relu")
a = embedding(shared_dense(left))
b = embedding(shared_dense(right))
distance = layers.Subtract()([a, b])
score = layers.Dense(1, activation="sigmoid")(distance)
model = keras.Model([left, right], score)
model.compile(optimizer="adam", loss="binary_crossentropy")
