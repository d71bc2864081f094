from keras import Sequential, Input
from keras.layers import Reshape, Permute, RepeatVector, Flatten, Dense

model = Sequential([
    Input((784,)),
    Reshape((28, 28, 1)),
    Reshape((-1, 14)),
    Permute((2, 1)),
    Flatten(),
    Dense(6),
    RepeatVector(4),
    Dense(2),
])
