# Transfer learning as the tutorials write it: a frozen pretrained base inside a Sequential.
# (The golden script builds it with weights=None: the counts do not depend on the weights.)
import keras
from keras import layers
from keras.applications import MobileNetV2

conv_base = keras.applications.VGG16(weights="imagenet", include_top=False, input_shape=(150, 150, 3))
conv_base.trainable = False

model = keras.Sequential()
model.add(conv_base)
model.add(layers.Flatten())
model.add(layers.Dense(256, activation="relu"))
model.add(layers.Dense(1, activation="sigmoid"))

base = MobileNetV2(weights="imagenet", include_top=False, input_shape=(160, 160, 3), pooling="avg")
classifier = keras.Sequential([base, layers.Dropout(0.2), layers.Dense(5, activation="softmax")])

fine_tune = keras.applications.ResNet50(weights=None, include_top=False, input_shape=(224, 224, 3))
for layer in fine_tune.layers[:-10]:
    layer.trainable = False
head = keras.Sequential([fine_tune, layers.GlobalAveragePooling2D(), layers.Dense(2)])

full = keras.Sequential([keras.applications.DenseNet121(weights=None, classes=10)])
