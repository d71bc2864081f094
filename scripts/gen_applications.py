"""Generate kerascount_lint/catalogue/applications.json: param counts and output shapes of
keras.applications models, built in Keras 3 with weights=None (nothing is downloaded).

    KERAS_BACKEND=jax python scripts/gen_applications.py
"""
import json
import os
import pathlib
import time
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
warnings.filterwarnings("ignore")
import sys  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import keras  # noqa: E402
from keras.src.backend import StatelessScope  # noqa: E402
from keras_truth import weights_size as count  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "kerascount_lint" / "catalogue" / "applications.json"
APPS = ["VGG16", "VGG19", "ResNet50", "ResNet101", "ResNet152", "ResNet50V2", "ResNet101V2", "ResNet152V2",
        "MobileNet", "MobileNetV2", "MobileNetV3Small", "MobileNetV3Large", "InceptionV3", "InceptionResNetV2",
        "Xception", "DenseNet121", "DenseNet169", "DenseNet201", "EfficientNetB0", "EfficientNetB1",
        "EfficientNetB3", "EfficientNetV2B0", "EfficientNetV2S", "NASNetMobile", "ConvNeXtTiny"]
SIZES = [32, 64, 75, 96, 128, 150, 160, 180, 192, 200, 224, 240, 256, 260, 288, 299, 300, 320, 331, 384, 480, 512]


def describe(model):
    return {"name": model.name, "output_shape": list(model.output.shape)[1:],
            "trainable": count(model.trainable_weights), "non_trainable": count(model.non_trainable_weights)}


def per_layer(model):
    """[trainable, non_trainable, name, class] of each entry of model.layers, so that freezing a slice
    of base.layers, or the layers a loop picks by name or class, can be counted exactly."""
    return [[count(layer.trainable_weights), count(layer.non_trainable_weights), layer.name, type(layer).__name__]
            for layer in model.layers]


def consumed_names():
    """How many auto-names of each prefix the last build used (Keras's object_name_uids counter):
    the layers a user creates afterwards are numbered past them."""
    from keras.src.backend.common import global_state

    uids = global_state.get_global_attribute("object_name_uids", default={}) or {}
    return {prefix: n for prefix, n in sorted(uids.items()) if n}


def main():
    table = {"keras_version": keras.__version__, "applications": {}}
    for app in APPS:
        start = time.time()
        fn = getattr(keras.applications, app)
        with StatelessScope():
            keras.backend.clear_session(free_memory=False)
            top = fn(weights=None, include_top=True)
            features = top.layers[-1].input.shape[-1]
            entry = {"default_size": top.input.shape[1], "top": describe(top), "top_features": features,
                     "notop": {}, "names_used": {"top": consumed_names()}, "layers": {"top": per_layer(top)}}
            for pooling in (None, "avg", "max"):
                keras.backend.clear_session(free_memory=False)
                base = fn(weights=None, include_top=False, pooling=pooling)
                entry["names_used"][pooling or "none"] = consumed_names()
                entry["layers"][pooling or "none"] = per_layer(base)
            for size in SIZES:
                keras.backend.clear_session(free_memory=False)
                try:
                    base = fn(weights=None, include_top=False, input_shape=(size, size, 3))
                except Exception:  # below the application's minimum size, or a size it refuses
                    continue
                entry["notop"][str(size)] = describe(base)
        table["applications"][app] = entry
        print(f"{app}: {len(entry['notop'])} sizes, {time.time() - start:.1f} s", flush=True)
    OUT.write_text(json.dumps(table, sort_keys=True, separators=(",", ":")) + "\n")  # per-layer lists: compact
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
