import keras

model = keras.Sequential()
model.add(keras.Input((32, 32, 6)))
model.add(keras.layers.SeparableConv2D(12, 3, depth_multiplier=2, use_bias=False))
model.add(keras.layers.DepthwiseConv2D((3, 3), depth_multiplier=3, strides=2))
model.add(keras.layers.Conv2D(36, 1, groups=6))
model.add(keras.layers.Conv2D(12, 3, dilation_rate=2, groups=3, padding="same"))
model.add(keras.layers.GlobalMaxPooling2D(keepdims=True))
