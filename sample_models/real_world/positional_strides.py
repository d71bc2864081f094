# Keras 1 meant a 3x3 kernel here; Keras 3 builds a 3x3-strided convolution (KC105).
from keras.models import Sequential
from keras.layers import Convolution2D, Flatten, Dense

model = Sequential()
model.add(Convolution2D(32, 3, 3, activation='relu', input_shape=(28, 28, 1)))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))
