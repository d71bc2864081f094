"""A generated class of submissions for the slides' CNN exercise (Conv2D, Conv2D, Flatten, Dense(3)
on 28x28x1 images), for the scan tests and benchmarks/bench_scan.py.

Each submission is one kind; the kind fixes what the scan must say about it (the verdict, the
number of rows, a code that must appear), by construction rather than by running our tool.
"""
import json
import os
import pathlib
import random
import zipfile

from model_generator import FAULTS, generate

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "sample_models" / "slide2_cnn.py"

SPEC = """# The slides' exercise: two 3x3 convolutions with 10 filters, then a 3-way softmax.
name = "Slides: the number of parameters in a CNN"
reference = "solution.py"
input-shape = [28, 28, 1]
output-units = 3
output-activation = "softmax"
layers = ["Conv2D+", "MaxPooling2D?", "Flatten", "Dense+"]
forbidden-layers = ["Dropout"]
"""

IMPORTS = ["from keras.models import Sequential\nfrom keras.layers import Conv2D, Flatten, Dense, MaxPooling2D, "
           "Dropout\n", "import keras\nfrom keras import layers as L\nSequential = keras.Sequential\n"
           "Conv2D, Flatten, Dense, MaxPooling2D, Dropout = L.Conv2D, L.Flatten, L.Dense, L.MaxPooling2D, L.Dropout\n",
           "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import *\n", ""]


def cnn(rng, first="Conv2D(10, kernel_size=3, activation='relu', input_shape=(28, 28, 1), padding='same')",
        second="Conv2D(10, kernel_size=3, activation='relu', padding='same')", middle=("Flatten()",),
        last="Dense(3, activation='softmax')", name="model") -> str:
    head = f"# homework 2, student {rng.getrandbits(40):x}\n" + rng.choice(IMPORTS)
    layers = (first, second, *middle, last)
    if rng.random() < 0.5:
        body = f"{name} = Sequential()\n" + "".join(f"{name}.add({layer})\n" for layer in layers)
    else:
        body = f"{name} = Sequential([\n" + "".join(f"    {layer},\n" for layer in layers) + "])\n"
    return head + "\n" + body + f"{name}.compile(optimizer='adam', loss='categorical_crossentropy')\n"


def notebook(cells) -> str:
    return json.dumps({"cells": [{"cell_type": kind, "metadata": {}, "source": src,
                                  **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                                 for kind, src in cells],
                       "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5})


def _write(path: pathlib.Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


# kind -> (verdict, rows, a code that must be among the rows' codes or None)
EXPECT = {
    "correct-add": ("pass", 1, None), "correct-notebook": ("pass", 1, None), "correct-nested": ("pass", 2, None),
    "correct-zip": ("pass", 1, None), "writes-file": ("pass", 1, None), "two-models": ("pass", 2, "KC501"),
    "maxpool": ("fail", 1, "KC501"), "wider": ("fail", 1, "KC501"), "dense-padding": ("fail", 1, "KC101"),
    "bad-activation": ("fail", 1, "KC102"), "legacy-keyword": ("fail", 1, "KC104"), "no-flatten": ("fail", 1, "KC504"),
    "no-softmax": ("fail", 1, "KC503"), "dropout": ("fail", 1, "KC505"), "unknown-input": ("review", 1, "KC900"),
    "random-fault": ("fail", 1, None), "non-keras": ("fail", 1, None), "syntax-error": ("fail", 1, None),
    "binary": ("fail", 1, None), "non-utf8": ("fail", 1, None), "empty": ("fail", 1, None), "huge": ("fail", 1, None),
    "deep-nesting": ("fail", 1, None), "broken-notebook": ("fail", 1, None), "unreadable": ("fail", 1, None),
    "symlink-out": ("fail", 1, None), "no-files": ("fail", 1, None),
}
KINDS = tuple(EXPECT)
HUGE_LIMIT = 100_000  # the scan tests pass --max-file-size with this


def write_submission(folder: pathlib.Path, name: str, kind: str, seed: int) -> None:
    rng = random.Random(seed)
    sub = folder / name
    if kind == "correct-add":
        _write(sub / "model.py", cnn(rng))
    elif kind == "correct-notebook":
        src = cnn(rng)
        _write(folder / f"{name}.ipynb", notebook([
            ("markdown", "# Homework 2"), ("code", "%matplotlib inline\n!pip install keras"),
            ("code", src), ("code", "model.summary()\nmodel?")]))
    elif kind == "correct-nested":
        _write(sub / "src" / "models" / "cnn.py", cnn(rng))
        _write(sub / "src" / "utils.py", "def load(path):\n    return open(path).read()\n")
        _write(sub / "README.txt", "my homework")
    elif kind == "correct-zip":
        sub.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(folder / f"{name}.zip", "w") as archive:
            archive.writestr("hw/model.py", cnn(rng))
            archive.writestr("__MACOSX/hw/._model.py", b"\x00\x05\x16\x07")
    elif kind == "writes-file":
        _write(sub / "model.py", "import os\nopen('PWNED_BY_SUBMISSION.txt', 'w').write('ran')\n"
                                 "os.system('touch PWNED_BY_SHELL.txt')\n" + cnn(rng))
    elif kind == "two-models":
        _write(sub / "model.py", cnn(rng, name="first_try") + "\n" + cnn(
            rng, second="Conv2D(8, kernel_size=3, activation='relu', padding='same')"))
    elif kind == "maxpool":
        _write(sub / "model.py", cnn(rng, middle=("MaxPooling2D(2)", "Flatten()")))
    elif kind == "wider":
        _write(sub / "model.py", cnn(rng, second="Conv2D(12, kernel_size=3, activation='relu', padding='same')"))
    elif kind == "dense-padding":
        _write(sub / "model.py", cnn(rng, last="Dense(3, activation='softmax', padding='same')"))
    elif kind == "bad-activation":
        _write(sub / "model.py", cnn(rng, last="Dense(3, activation='softmaxx')"))
    elif kind == "legacy-keyword":
        _write(sub / "model.py", cnn(rng, second="Conv2D(10, 3, 3, border_mode='same')"))
    elif kind == "no-flatten":
        _write(sub / "model.py", cnn(rng, middle=("MaxPooling2D(2)",)))
    elif kind == "no-softmax":
        _write(sub / "model.py", cnn(rng, last="Dense(3)"))
    elif kind == "dropout":
        _write(sub / "model.py", cnn(rng, middle=("Flatten()", "Dropout(0.5)")))
    elif kind == "unknown-input":
        _write(sub / "model.py", "import numpy as np\nX_train = np.load('x.npy')\n" + cnn(
            rng, first="Conv2D(10, kernel_size=3, activation='relu', input_shape=X_train.shape[1:], padding='same')"))
    elif kind == "random-fault":
        _write(sub / "model.py", generate(seed, FAULTS[seed % len(FAULTS)]))
    elif kind == "non-keras":
        _write(sub / "net.py", "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(784, 10), nn.ReLU())\n")
    elif kind == "syntax-error":
        _write(sub / "model.py", cnn(rng).replace("model = Sequential(", "model = Sequential((", 1))
    elif kind == "binary":
        _write(sub / "model.py", b"\x7fELF\x00\x01\x02" + bytes(range(256)))
    elif kind == "non-utf8":
        _write(sub / "model.py", ("# Modèle Sequential\n" + cnn(rng)).encode("latin-1"))
    elif kind == "empty":
        _write(sub / "model.py", "")
    elif kind == "huge":
        _write(sub / "model.py", cnn(rng) + "# padding\n" * (HUGE_LIMIT // 10 + 1))
    elif kind == "deep-nesting":
        _write(sub / "model.py", "from keras import Sequential\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    elif kind == "broken-notebook":
        _write(folder / f"{name}.ipynb", '{"cells": [{"cell_type": "code", "source": "model = Sequential(')
    elif kind == "unreadable":
        sub.mkdir(parents=True, exist_ok=True)
        os.symlink("missing_model.py", sub / "model.py")  # dangling: the file cannot be read
    elif kind == "symlink-out":
        os.symlink("/etc/hostname", folder / f"{name}.py")
    elif kind == "no-files":
        _write(sub / "report.pdf", b"%PDF-1.4 not a model")


def make_class(folder: pathlib.Path, n: int, seed: int = 0) -> dict:
    """n submissions cycling through every kind; returns {submission entry name: kind}."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder.parent / "solution.py").write_text(SOLUTION.read_text())
    (folder.parent / "spec.toml").write_text(SPEC)
    made = {}
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        name = f"student{i:05d}"
        write_submission(folder, name, kind, seed * 100_003 + i)
        entry = {"correct-notebook": f"{name}.ipynb", "broken-notebook": f"{name}.ipynb",
                 "correct-zip": f"{name}.zip", "symlink-out": f"{name}.py"}.get(kind, name)
        made[entry] = kind
    return made
