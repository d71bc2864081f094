# An inner model that has its own input shape, added to an outer model with .add().
from keras.models import Sequential
from keras.layers import Dense, Input, BatchNormalization

feature_extractor = Sequential([Input((20,)), Dense(32, activation="relu"), BatchNormalization()],
                               name="features")
feature_extractor.trainable = False

classifier = Sequential(name="classifier")
classifier.add(feature_extractor)
classifier.add(Dense(3, activation="softmax"))
