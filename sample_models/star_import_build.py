from keras.models import *
from keras.layers import *

model = Sequential(layers=[Dense(12, activation="relu"), Dense(12), Dense(2)], name="mlp")
model.build((None, 30))
