"""Tabular features encoded inside the model (keras.io's structured-data examples): CategoryEncoding and
Discretization have no weights, and their output shapes follow Keras's own rules, which differ by
output_mode and by the input's last axis."""
import keras
from keras import layers

city = keras.Input(shape=(1,), dtype="int64")
tags = keras.Input(shape=(3,), dtype="int64")
age = keras.Input(shape=(1,))
readings = keras.Input(shape=(3, 2))

city_hot = layers.CategoryEncoding(num_tokens=10, output_mode="one_hot")(city)
tags_multi = layers.CategoryEncoding(num_tokens=20)(tags)
tags_count = layers.CategoryEncoding(num_tokens=20, output_mode="count")(tags)
tags_each = layers.CategoryEncoding(num_tokens=20, output_mode="one_hot")(tags)
age_bucket = layers.Discretization(bin_boundaries=[18.0, 35.0, 50.0, 65.0])(age)
age_hot = layers.Discretization(bin_boundaries=[18.0, 35.0, 50.0, 65.0], output_mode="one_hot")(age)
reading_bins = layers.Discretization(num_bins=8, output_mode="multi_hot")(readings)

features = layers.concatenate([city_hot, tags_multi, tags_count, layers.Flatten()(tags_each), age_hot,
                               layers.Flatten()(reading_bins)])
x = layers.Dense(16, activation="relu")(features)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model([city, tags, age, readings], outputs)
bucket_model = keras.Model(age, age_bucket)
