"""An inception-like block: parallel branches joined along the channels."""
from tensorflow.keras.layers import Concatenate, Conv2D, Dense, Flatten, Input, MaxPooling2D
from tensorflow.keras.models import Model

image = Input(shape=(28, 28, 1), name="image")
branch1 = Conv2D(8, (1, 1), padding="same", activation="relu")(image)
branch3 = Conv2D(8, (1, 1), padding="same", activation="relu")(image)
branch3 = Conv2D(12, (3, 3), padding="same", activation="relu")(branch3)
branch5 = Conv2D(4, (1, 1), padding="same", activation="relu")(image)
branch5 = Conv2D(6, (5, 5), padding="same", activation="relu")(branch5)
pool = MaxPooling2D((3, 3), strides=(1, 1), padding="same")(image)
pool = Conv2D(4, (1, 1), padding="same", activation="relu")(pool)
merged = Concatenate(axis=-1)([branch1, branch3, branch5, pool])
merged = MaxPooling2D(pool_size=(2, 2))(merged)
flat = Flatten()(merged)
out = Dense(10, activation="softmax")(flat)
model = Model(inputs=image, outputs=out)
