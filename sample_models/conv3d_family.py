import keras
from keras import layers

model = keras.Sequential([
    layers.Input((16, 16, 16, 2)),
    layers.Conv3D(4, 3, padding="same"),
    layers.MaxPooling3D(),
    layers.ZeroPadding3D(1),
    layers.Cropping3D(((1, 0), (0, 1), (1, 1))),
    layers.Conv3DTranspose(3, 2, strides=2),
    layers.UpSampling3D(size=(1, 2, 1)),
    layers.SpatialDropout3D(0.2),
    layers.AveragePooling3D(pool_size=2),
    layers.GlobalAveragePooling3D(keepdims=True),
    layers.Flatten(),
    layers.Dense(1),
])
