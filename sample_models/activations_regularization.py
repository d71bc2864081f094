import keras
from keras import layers as L

model = keras.Sequential([
    keras.Input((12, 10)),
    L.Masking(mask_value=0.0),
    L.Dense(16),
    L.ReLU(),
    L.LeakyReLU(negative_slope=0.2),
    L.PReLU(),
    L.PReLU(shared_axes=[1]),
    L.ELU(),
    L.GaussianNoise(0.1),
    L.GaussianDropout(0.1),
    L.AlphaDropout(0.1),
    L.ActivityRegularization(l1=0.01),
    L.Identity(),
    L.Activation("tanh"),
    L.Dropout(0.3),
    L.Flatten(),
    L.Dense(3),
    L.Softmax(),
])
