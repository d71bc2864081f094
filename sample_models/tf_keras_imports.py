import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Conv2D, MaxPooling2D

model = tf.keras.models.Sequential()
model.add(Conv2D(16, (3, 3), activation="relu", input_shape=(32, 32, 3)))
model.add(MaxPooling2D((2, 2)))
model.add(keras.layers.Flatten())
model.add(tf.keras.layers.Dense(10))
