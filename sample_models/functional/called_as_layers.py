"""Sequential models built by being called: on a keras.Input, on a NumPy array, and by build()."""
import keras
import numpy as np
from keras import layers

data_augmentation = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])
augmented = data_augmentation(keras.Input((16, 16, 3)))

head = keras.Sequential([layers.Dense(2)])
predictions = head(np.zeros((5, 4)))

built_later = keras.Sequential([layers.Dense(3)])
built_later.build((None, 7))
