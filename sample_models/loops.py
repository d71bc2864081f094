from keras import Sequential, Input
from keras.layers import Dense, Dropout

model = Sequential()
model.add(Input(shape=(20,)))
for units in [64, 32]:
    model.add(Dense(units, activation="relu"))
    model.add(Dropout(0.1))
for i in range(3):
    model.add(Dense(8 * (i + 1)))
model.add(Dense(1, activation="sigmoid"))
