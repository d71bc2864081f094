# The input shape comes from data: the tool cannot know it, and says so (KC900).
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Flatten

X_train = np.random.rand(64, 28, 28)

model = Sequential()
model.add(Flatten(input_shape=X_train.shape[1:]))
model.add(Dense(32))
model.add(Dense(10))
