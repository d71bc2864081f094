import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(100, 8)),
    layers.Conv1D(16, 5, padding="causal", dilation_rate=2),
    layers.SeparableConv1D(24, 3, depth_multiplier=2),
    layers.DepthwiseConv1D(3, depth_multiplier=2, padding="same"),
    layers.MaxPooling1D(2),
    layers.ZeroPadding1D(padding=(1, 2)),
    layers.Cropping1D(cropping=1),
    layers.UpSampling1D(size=3),
    layers.SpatialDropout1D(0.1),
    layers.AveragePooling1D(pool_size=4, strides=2),
    layers.GlobalMaxPooling1D(),
    layers.Dense(2),
])
