from keras import Sequential, Input
from keras.layers import Conv1DTranspose, Conv2DTranspose, Reshape, Dense

decoder = Sequential()
decoder.add(Input(shape=(16,)))
decoder.add(Dense(7 * 7 * 8))
decoder.add(Reshape((7, 7, 8)))
decoder.add(Conv2DTranspose(16, 3, strides=2, padding="same"))
decoder.add(Conv2DTranspose(8, (4, 4), strides=(2, 2), output_padding=1))
decoder.add(Conv2DTranspose(1, 3, padding="valid", use_bias=False))

seq = Sequential([Input((10, 4)), Conv1DTranspose(6, 3, strides=2), Conv1DTranspose(2, 5, dilation_rate=2)])
