# Custom Layer subclasses and a Lambda in the middle of a Sequential.
# Scale's call() is followed (an operator on the tensor: no weights); Gate's uses a keras.ops mean, which
# the tool does not follow, so it stays unknown with a note (KC902) and the layers around it are counted.
import keras
from keras import layers


class Scale(keras.layers.Layer):
    def call(self, x):
        return x * 2.0


class Gate(keras.layers.Layer):
    def call(self, x):
        return keras.ops.mean(x, axis=-1, keepdims=True) * x


model = keras.Sequential([
    keras.Input((16,)),
    layers.Dense(8, activation="relu"),
    Scale(),
    layers.Lambda(lambda t: t + 1.0, output_shape=(8,)),
    layers.Dense(4, activation="softmax"),
])

gated = keras.Sequential([keras.Input((16,)), layers.Dense(8), Gate(), layers.Dense(4)])
