"""A small transformer encoder block: self-attention and a feed-forward network, each with a residual."""
import keras
from keras import layers

maxlen, vocab_size, embed_dim, num_heads, ff_dim = 20, 500, 32, 2, 64

inputs = layers.Input(shape=(maxlen,))
x = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)(inputs)
attention = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)(x, x)
attention = layers.Dropout(0.1)(attention)
x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, attention]))
ffn = layers.Dense(ff_dim, activation="relu")(x)
ffn = layers.Dense(embed_dim)(ffn)
ffn = layers.Dropout(0.1)(ffn)
x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, ffn]))
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.1)(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
