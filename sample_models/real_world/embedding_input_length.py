# Keras 2 built this model from input_length; Keras 3 ignores it and the model stays unbuilt.
from keras.models import Sequential
from keras.layers import Embedding, LSTM, Dense

vocab_size, max_len = 5000, 100

model = Sequential()
model.add(Embedding(vocab_size, 32, input_length=max_len))
model.add(LSTM(64))
model.add(Dense(1, activation='sigmoid'))
