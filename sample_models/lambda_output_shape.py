import keras
from keras import layers

model = keras.Sequential([
    keras.Input((8,)),
    layers.Dense(6),
    layers.Lambda(lambda t: t * 2.0, output_shape=(6,)),
    layers.Dense(1),
])

# On two tensors (keras.io's siamese network): output_shape places the result, with the batch size of
# the first input.
left = keras.Input((28, 28, 1))
right = keras.Input((28, 28, 1))
tower = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(10, activation="tanh")])
distance = layers.Lambda(lambda v: keras.ops.sum(keras.ops.square(v[0] - v[1]), axis=1, keepdims=True),
                         output_shape=(1,))([tower(left), tower(right)])
siamese = keras.Model([left, right], layers.Dense(1, activation="sigmoid")(distance))
