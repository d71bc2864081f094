from keras.models import Sequential
from keras.layers import Embedding, LSTM, GRU, SimpleRNN, Bidirectional, TimeDistributed, Dense, Input

text = Sequential()
text.add(Input(shape=(50,)))
text.add(Embedding(5000, 64))
text.add(Bidirectional(LSTM(32, return_sequences=True)))
text.add(GRU(16, return_sequences=True, reset_after=False))
text.add(Bidirectional(GRU(8, return_sequences=True), merge_mode="sum"))
text.add(TimeDistributed(Dense(4)))
text.add(SimpleRNN(12))
text.add(Dense(1, activation="sigmoid"))

series = Sequential([
    Input((30, 3)),
    LSTM(20, use_bias=False, return_sequences=True),
    Bidirectional(SimpleRNN(6), merge_mode="ave"),
    Dense(1),
])
