import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(180, 180, 3)),
    layers.Rescaling(1.0 / 255),
    layers.Resizing(128, 128),
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
    layers.RandomZoom(0.2),
    layers.RandomContrast(0.1),
    layers.RandomTranslation(0.1, 0.1),
    layers.RandomCrop(120, 120),
    layers.CenterCrop(100, 100),
    layers.Conv2D(8, 3, strides=2, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(2, activation="softmax"),
])
