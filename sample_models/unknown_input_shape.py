# The input shape comes from data: the tool cannot know it, and says so (KC900).
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Flatten

X_train = np.stack([np.zeros((28, 28)) for _ in range(64)])  # a shape only running code knows

model = Sequential()
model.add(Flatten(input_shape=X_train.shape[1:]))
model.add(Dense(32))
model.add(Dense(10))
