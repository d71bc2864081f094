# Shapes from data: certain when the array's shape is written in the file, unknown otherwise.
import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, Dense, Flatten

X = np.zeros((100, 28, 28, 1))
X = X / 255.0
Y = np.random.rand(60, 784).reshape(-1, 28, 28, 1)

known = Sequential()
known.add(Conv2D(8, 3, activation='relu', input_shape=X.shape[1:]))
known.add(Flatten())
known.add(Dense(10, activation='softmax'))

reshaped = Sequential([Flatten(input_shape=Y.shape[1:]), Dense(10)])

X_train = np.load("x_train.npy") if False else np.ones((10, 32))
classes = ["cat", "dog", "bird"]
from_data = Sequential([Dense(16, activation='relu', input_shape=(X_train.shape[1],)),
                        Dense(len(classes), activation='softmax')])
