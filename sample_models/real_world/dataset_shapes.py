"""Input shapes that come from data: keras.datasets loaders, reshaped, one-hot encoded, split."""
import numpy as np
from keras.datasets import cifar10, mnist
from keras.layers import Conv2D, Dense, Flatten, Input
from keras.models import Sequential
from keras.utils import to_categorical
from sklearn.model_selection import train_test_split

(x, y), _ = mnist.load_data()
x = x.reshape(x.shape[0], 784).astype("float32") / 255
y = to_categorical(y, 10)
mlp = Sequential()
mlp.add(Dense(64, activation="relu", input_dim=x.shape[1]))
mlp.add(Dense(y.shape[1], activation="softmax"))

(x_train, y_train), (x_test, y_test) = cifar10.load_data()
y_train = to_categorical(y_train, 10)
x_train, x_val, y_train, y_val = train_test_split(x_train, y_train, test_size=0.1)
cnn = Sequential([
    Input(shape=x_train.shape[1:]),
    Conv2D(8, 3, activation="relu"),
    Flatten(),
    Dense(y_train.shape[1], activation="softmax"),
])

images = np.expand_dims(x[:1000].reshape(-1, 28, 28), -1)
small = Sequential([Input(images.shape[1:]), Conv2D(4, 3), Flatten(), Dense(2)])
channels_last = x.reshape(-1, 28, 28)[..., None]
tiny = Sequential([Input(channels_last.shape[1:]), Flatten(), Dense(3)])
