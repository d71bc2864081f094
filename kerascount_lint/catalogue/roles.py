"""What a layer is, for the rules: each catalogue entry declares its roles; the design rules reason
with these, never with class names."""

LEARNS = "learns"  # a kernel that mixes features (Dense, convolutions): what a non-linearity must sit between
SPATIAL = "spatial"  # keeps a spatial layout (convolutions, pooling, padding, cropping, upsampling)
DROPOUT = "dropout"  # drops or perturbs units at training time only
ACTIVATION = "activation"  # applies a non-linearity and nothing else
LINEAR = "linear"  # no weights and no non-linearity: a linear map passes through it unchanged in kind
RESHAPES = "reshapes"  # changes the rank (Flatten, Reshape)
NORMALIZES = "normalizes"  # standardises features (BatchNormalization, LayerNormalization)
