"""Fine-tuning a pretrained base by layer name, index and class, as Deep Learning with Python and the
keras.io transfer-learning guide do. The tool walks base.layers one by one from its table of each
application's layers (names, classes, weights), so the frozen/trainable split is exact."""
import keras
from keras import layers
from keras.applications import VGG16, ResNet50

conv_base = VGG16(weights="imagenet", include_top=False, input_shape=(150, 150, 3))
conv_base.trainable = True
set_trainable = False
for layer in conv_base.layers:
    if layer.name == "block5_conv1":
        set_trainable = True
    if set_trainable:
        layer.trainable = True
    else:
        layer.trainable = False

model = keras.Sequential([
    conv_base,
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])

base = ResNet50(weights="imagenet", include_top=False, pooling="avg")
for i, layer in enumerate(base.layers):
    layer.trainable = i >= 150 and not isinstance(layer, layers.BatchNormalization)

inputs = keras.Input(shape=(224, 224, 3))
outputs = layers.Dense(5, activation="softmax")(base(inputs))
classifier = keras.Model(inputs, outputs)

fine = VGG16(weights=None, include_top=False, input_shape=(64, 64, 3))
for layer in fine.layers:
    if layer.name.startswith("block5"):
        layer.trainable = True
    else:
        layer.trainable = False
tuned = keras.Sequential([fine, layers.GlobalAveragePooling2D(), layers.Dense(3)])
