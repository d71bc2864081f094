"""keras.io's character-level sequence-to-sequence model: the encoder LSTM returns its states, and the
decoder LSTM starts from them (`initial_state=`). A recurrent layer's initial state changes neither its
output shape nor its weights; Keras's summary lists it under "Connected to"."""
import keras

num_encoder_tokens = 71
num_decoder_tokens = 93
latent_dim = 256

encoder_inputs = keras.Input(shape=(None, num_encoder_tokens))
encoder = keras.layers.LSTM(latent_dim, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
encoder_states = [state_h, state_c]

decoder_inputs = keras.Input(shape=(None, num_decoder_tokens))
decoder_lstm = keras.layers.LSTM(latent_dim, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_dense = keras.layers.Dense(num_decoder_tokens, activation="softmax")
decoder_outputs = decoder_dense(decoder_outputs)
model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)

# A GRU given its initial state positionally, after a projection of the context.
tokens = keras.Input(shape=(12, 32))
context = keras.Input(shape=(16,))
start = keras.layers.Dense(64, activation="tanh")(context)
sequence = keras.layers.GRU(64, return_sequences=True)(tokens, start)
scores = keras.layers.Dense(5)(sequence)
tagger = keras.Model([tokens, context], scores)
