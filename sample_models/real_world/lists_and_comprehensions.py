# Layers built from lists and comprehensions, and a named model.
from keras import Sequential, Input
from keras.layers import Dense, Dropout

sizes = [64, 32, 16]
mlp = Sequential([Input((10,))] + [Dense(n, activation="relu") for n in sizes], name="mlp")

layers_list = [Input((8,)), Dense(12, activation="relu"), Dropout(0.2), Dense(2, activation="softmax")]
small = Sequential(layers_list)

deep = Sequential(name="deep")
deep.add(Input((4,)))
for width in (8, 8, 4):
    deep.add(Dense(width, activation="tanh"))
