from keras.models import Sequential
from keras.layers import Convolution2D, MaxPool2D, AvgPool2D, GlobalAvgPool2D, Dense

model = Sequential()
model.add(Convolution2D(8, (3, 3), padding="same", input_shape=(64, 64, 3)))
model.add(MaxPool2D())
model.add(Convolution2D(16, [3, 3], strides=2))
model.add(AvgPool2D(pool_size=2, strides=1, padding="same"))
model.add(GlobalAvgPool2D())
model.add(Dense(5))
