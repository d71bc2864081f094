"""`input_dim` on an Embedding is its vocabulary size, not an input shape."""
from keras.layers import Dense, Embedding, GlobalAveragePooling1D
from keras.models import Sequential

model = Sequential([
    Embedding(input_dim=20, output_dim=8, input_shape=[None]),
    GlobalAveragePooling1D(),
    Dense(1, activation="sigmoid"),
])
unbuilt = Sequential([Embedding(input_dim=1000, output_dim=16), GlobalAveragePooling1D(), Dense(1)])
