from keras.models import Sequential
from keras.layers import Conv2D, Dense, Flatten, MaxPooling2D

IMG_ROWS, IMG_COLS = 28, 28
IMG_SHAPE = (IMG_ROWS, IMG_COLS, 1)
NUM_CLASSES = 10
BASE = 16


def build_model(filters=BASE * 2, kernel=3, num_classes=NUM_CLASSES):
    model = Sequential()
    model.add(Conv2D(filters, kernel, activation="relu", input_shape=IMG_SHAPE))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Conv2D(filters * 2, (kernel, kernel), activation="relu"))
    model.add(Flatten())
    model.add(Dense(num_classes * 4 + 2, activation="relu"))
    model.add(Dense(num_classes, activation="softmax"))
    return model


model = build_model()
