import keras
from keras.layers import InputLayer, Dense, Flatten

a = keras.Sequential([InputLayer(shape=(4, 4)), Flatten(), Dense(3)])

b = keras.Sequential()
b.add(InputLayer(input_shape=(7,)))
b.add(Dense(2))
b.pop()
b.add(Dense(5))
