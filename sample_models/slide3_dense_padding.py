# Slide "Increasing the number of units in each layer": Dense does not take padding.
# Keras 3 refuses this model (KC101); the counts are still those the slide shows.
model = Sequential()

model.add(Dense(5, activation='relu',
                input_shape=(784,), padding='same'))

model.add(Dense(15, activation='relu', padding='same'))

model.add(Dense(3, activation='softmax'))
