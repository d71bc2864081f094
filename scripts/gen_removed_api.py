"""Generate kerascount_lint/catalogue/removed_api.json: the Keras 1/2 API that Keras 3 rejects.

    KERAS_BACKEND=jax python scripts/gen_removed_api.py

Each candidate below is tried in the installed Keras 3; only what Keras really rejects is written,
with its exact error, and every replacement offered is checked to exist (a fix must not break code).
"""
import importlib
import json
import os
import pathlib
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "kerascount_lint" / "catalogue" / "removed_api.json"

# Keras 1/2 module -> the Keras 3 module holding the same names (None: no one-to-one replacement).
MODULES = {
    "keras.layers.convolutional": "keras.layers", "keras.layers.core": "keras.layers",
    "keras.layers.merge": "keras.layers", "keras.layers.recurrent": "keras.layers",
    "keras.layers.normalization": "keras.layers", "keras.layers.pooling": "keras.layers",
    "keras.layers.embeddings": "keras.layers", "keras.layers.advanced_activations": "keras.layers",
    "keras.layers.wrappers": "keras.layers", "keras.layers.noise": "keras.layers",
    "keras.layers.convolutional_recurrent": "keras.layers", "keras.layers.experimental.preprocessing": "keras.layers",
    "keras.layers.experimental": None, "keras.layers.local": None,
    "keras.utils.np_utils": "keras.utils", "keras.utils.vis_utils": "keras.utils",
    "keras.utils.data_utils": "keras.utils", "keras.utils.generic_utils": "keras.utils",
    "keras.utils.layer_utils": None, "keras.utils.io_utils": None,
    "keras.initializations": "keras.initializers", "keras.objectives": "keras.losses",
    "keras.callbacks.callbacks": "keras.callbacks", "keras.engine": None, "keras.engine.topology": None,
    "keras.engine.training": None, "keras.wrappers.scikit_learn": None, "keras.backend.tensorflow_backend": None,
    "keras.preprocessing.text": None,
}
MODULE_ADVICE = {
    "keras.wrappers.scikit_learn": "use the scikeras package (scikeras.wrappers.KerasClassifier)",
    "keras.layers.local": "LocallyConnected layers were removed; use Conv1D/Conv2D",
    "keras.preprocessing.text": "use keras.layers.TextVectorization",
}
# Keras 1/2 name -> its Keras 3 replacement (a dotted path), or advice where there is none.
# Keras 1/2 name -> (its Keras 3 replacement, advice, whether renaming the call is enough: a fix).
NAMES = {
    "keras.models.Graph": (None, "use the functional API: keras.Model(inputs, outputs)", False),
    "keras.layers.Merge": (None, "use keras.layers.Concatenate, Add, Multiply, ... (or concatenate(), add())", False),
    "keras.constraints.maxnorm": ("keras.constraints.MaxNorm", None, True),
    "keras.constraints.nonneg": ("keras.constraints.NonNeg", None, True),
    "keras.layers.CuDNNLSTM": ("keras.layers.LSTM", None, True),
    "keras.layers.CuDNNGRU": ("keras.layers.GRU", None, True),
    "keras.layers.ThresholdedReLU": (None, "use keras.layers.ReLU(threshold=...)", False),
    "keras.layers.LocallyConnected1D": (None, "use Conv1D", False),
    "keras.layers.LocallyConnected2D": (None, "use Conv2D", False),
    "keras.layers.Highway": (None, "build the gate from Dense layers", False),
    "keras.layers.MaxoutDense": (None, "use Dense with a max over groups", False),
    "keras.layers.AtrousConvolution2D": ("keras.layers.Conv2D", "Conv2D(..., dilation_rate=...)", False),
    "keras.layers.Deconvolution2D": ("keras.layers.Conv2DTranspose", None, False),
    # Its argument changes too ('th' -> 'channels_first'): the fix rewrites both (keras_migration).
    "keras.backend.set_image_dim_ordering": (
        "keras.backend.set_image_data_format", "'th' is 'channels_first' and 'tf' is 'channels_last'", True),
    # It returns 'channels_first', where code compares with 'th': no rename is safe.
    "keras.backend.image_dim_ordering": ("keras.backend.image_data_format", "it returns 'channels_first' or "
                                         "'channels_last', not 'th' or 'tf'", False),
    "keras.backend.get_session": (None, "Keras 3 has no sessions", False),
    "keras.backend.set_session": (None, "Keras 3 has no sessions", False),
    "keras.utils.multi_gpu_model": (None, "use a tf.distribute or keras.distribution strategy", False),
}
# Model methods Keras 3 removed -> the method to call instead, or advice.
METHODS = {
    "predict_classes": (None, "use np.argmax(model.predict(x), axis=-1), or (model.predict(x) > 0.5) for a "
                              "sigmoid output"),
    "predict_proba": ("predict", None),
    "fit_generator": ("fit", None),
    "evaluate_generator": ("evaluate", None),
    "predict_generator": ("predict", None),
}
# Keyword arguments Keras 3 rejects, by the call that takes them -> the new keyword, or None.
ARGUMENTS = {
    "optimizer": {"lr": "learning_rate"},
    "fit": {"nb_epoch": "epochs", "samples_per_epoch": None, "nb_val_samples": None},
    "to_categorical": {"nb_classes": "num_classes"},
}
# Metric names Keras 1 and 2 resolved (their metrics and losses modules, and common spellings).
METRIC_CANDIDATES = ["fmeasure", "fbeta_score", "matthews_correlation", "cosine_proximity", "kld", "precision",
                     "recall", "acc", "accuracy", "mae", "mse", "top_k_categorical_accuracy", "binary_accuracy",
                     "categorical_accuracy", "sparse_categorical_accuracy", "sparse_top_k_categorical_accuracy",
                     "mape", "msle", "MAE", "MSE", "MAPE", "MSLE", "KLD", "cosine", "cosine_similarity", "hinge",
                     "squared_hinge", "categorical_hinge", "logcosh", "log_cosh", "poisson",
                     "kullback_leibler_divergence", "mean_squared_error", "mean_absolute_error",
                     "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "binary_crossentropy",
                     "categorical_crossentropy", "sparse_categorical_crossentropy", "auc", "AUC", "f1_score",
                     "f1", "iou", "mean_iou", "rmse", "root_mean_squared_error", "ce", "bce", "crossentropy",
                     "true_positives", "false_positives", "precision_at_recall", "specificity", "sensitivity"]


def resolve(path: str):
    parts = path.split(".")
    obj = importlib.import_module(".".join(parts[:2]))
    for part in parts[2:]:
        obj = getattr(obj, part)
    return obj


def error_of(fn) -> str | None:
    try:
        fn()
    except Exception as exc:  # what Keras raises is the record
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    return None


def main():
    out = {"keras_version": keras.__version__, "modules": {}, "names": {}, "methods": {}, "arguments": {},
           "metrics": [], "replacement_names": {}}
    for module, replacement in MODULES.items():
        error = error_of(lambda: importlib.import_module(module))
        if error is None:
            print("accepted (left out):", module)
            continue
        out["modules"][module] = {"error": error, "replacement": replacement, "advice": MODULE_ADVICE.get(module)}
        if replacement and replacement not in out["replacement_names"]:
            # An import is fixed only when every name it takes is in the replacement module.
            out["replacement_names"][replacement] = sorted(
                n for n in dir(importlib.import_module(replacement)) if not n.startswith("_"))
    for name, (replacement, advice, drop_in) in NAMES.items():
        error = error_of(lambda: resolve(name))
        if error is None:
            print("accepted (left out):", name)
            continue
        if replacement:
            resolve(replacement)  # the replacement must exist
        out["names"][name] = {"error": error, "replacement": replacement, "advice": advice, "fix": drop_in}
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(loss="mse")
    for method, (replacement, advice) in METHODS.items():
        if hasattr(model, method):
            print("accepted (left out):", method)
            continue
        if replacement:
            getattr(model, replacement)
        out["methods"][method] = {"error": f"AttributeError: 'Sequential' object has no attribute '{method}'",
                                  "replacement": replacement, "advice": advice}
    x, y = np.zeros((4, 2)), np.zeros((4, 1))
    calls = {
        "optimizer": lambda kw: keras.optimizers.Adam(**kw),
        "fit": lambda kw: model.fit(x, y, verbose=0, **kw),
        "to_categorical": lambda kw: keras.utils.to_categorical([0, 1], **kw),
    }
    values = {"lr": 0.01, "learning_rate": 0.01, "nb_epoch": 1, "epochs": 1, "samples_per_epoch": 2,
              "nb_val_samples": 2, "nb_classes": 2, "num_classes": 2}
    for call, args in ARGUMENTS.items():
        for old, new in args.items():
            error = error_of(lambda: calls[call]({old: values[old]}))
            if error is None:
                print("accepted (left out):", call, old)
                continue
            if new is not None:
                assert error_of(lambda: calls[call]({new: values[new]})) is None, (call, new)
            out["arguments"].setdefault(call, {})[old] = {"error": error, "replacement": new}
    for metric in METRIC_CANDIDATES:
        def compiled():
            model.compile(loss="mse", metrics=[metric])
            model.evaluate(x, y, verbose=0)
        error = error_of(compiled)
        # Only a name Keras cannot look up: not a metric that needs other shapes than this model's.
        if error is not None and "interpret" in error:
            out["metrics"].append(metric)
        elif error is not None:
            print("refused for another reason (left out):", metric, error)
    OUT.write_text(json.dumps(out, indent=0, sort_keys=True) + "\n")
    print(f"wrote {OUT}: {len(out['modules'])} modules, {len(out['names'])} names, {len(out['methods'])} methods, "
          f"{sum(len(v) for v in out['arguments'].values())} arguments, {len(out['metrics'])} metrics")


if __name__ == "__main__":
    main()
