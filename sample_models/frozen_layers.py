from keras.models import Sequential
from keras.layers import Dense, BatchNormalization

model = Sequential()
model.add(Dense(32, input_shape=(8,), trainable=False))
model.add(BatchNormalization())
model.add(Dense(16))
model.add(Dense(1))
model.layers[2].trainable = False

head = Sequential([Dense(4), Dense(2)])
head.build((None, 6))
for layer in head.layers[:1]:
    layer.trainable = False
