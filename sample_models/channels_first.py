from keras import layers, Sequential

model = Sequential([
    layers.Input(shape=(3, 32, 32)),
    layers.Conv2D(8, 3, data_format="channels_first"),
    layers.MaxPooling2D(2, data_format="channels_first"),
    layers.ZeroPadding2D(((1, 0), (2, 1)), data_format="channels_first"),
    layers.UpSampling2D(2, data_format="channels_first"),
    layers.Cropping2D(2, data_format="channels_first"),
    layers.GlobalAveragePooling2D(data_format="channels_first"),
    layers.Dense(4),
])
