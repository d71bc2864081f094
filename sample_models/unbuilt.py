# No input shape anywhere: Keras's summary() prints "0 (unbuilt)".
from keras import Sequential
from keras.layers import Dense

model = Sequential()
model.add(Dense(64, activation="relu"))
model.add(Dense(10))
