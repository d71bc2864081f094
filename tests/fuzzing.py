"""Inputs for fuzzing and the checks every input must pass (tests/test_fuzz.py, scripts/fuzz.py).

An input is a mutation of a sample model or notebook, a generated Keras program (Sequential or
functional, with or without an injected fault), or a program assembled from a small grammar of
Keras code with hostile values in it. Whatever it is, the analysis must not raise, must not report
an internal error, must stay within its time guard, must give valid JSON with the file in it, and
must report every dimension as a positive integer or null.
"""
import json
import pathlib
import random
import time

from functional_generator import FAULTS as FUNCTIONAL_FAULTS, generate_functional
from model_generator import FAULTS, generate

from kerascount_lint.analysis import analyze_notebook, analyze_source
from kerascount_lint.output.json_report import summary_document

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "sample_models").rglob("*") if p.suffix in (".py", ".ipynb"))
TIME_GUARD = 5.0  # CPU seconds one input may take

VALUES = ["0", "-1", "1.5", "None", "True", "[]", "()", "{}", "'a'", "b'1'", "float('nan')", "10**60", "x",
          "x.shape[1:]", "lambda t: t", "[3]", "(4,)", "(None, 3)", "'same'", "'SAME'", "'relu'", "-3", "''",
          "keras", "(-1, 5)", "[1.5]", "range(10**20)", "'\\x1b[31m'", "'=HYPERLINK(1)'"]
LAYERS = ["Dense", "Conv2D", "Conv1D", "LSTM", "Dropout", "Flatten", "Reshape", "Permute", "PReLU", "Lambda",
          "Embedding", "MaxPooling2D", "Add", "Concatenate", "MultiHeadAttention", "BatchNormalization",
          "Activation", "TimeDistributed", "Bidirectional", "GRU", "Cropping2D", "UpSampling2D", "RepeatVector"]
KEYWORDS = ["units", "filters", "kernel_size", "padding", "activation", "input_shape", "rate", "target_shape",
            "dims", "shared_axes", "output_shape", "axis", "name", "strides", "dilation_rate", "input_dim",
            "output_dim", "num_heads", "key_dim", "pool_size", "trainable", "border_mode"]


def grammar_program(rng: random.Random) -> str:
    """A small program from a grammar of Keras code, with odd values where numbers belong."""
    lines = ["import keras", "from keras import layers", "import numpy as np"]
    if rng.random() < 0.5:
        lines.append(f"x = np.zeros(({rng.choice(['100', '-1', '0', '5'])}, {rng.choice(VALUES)}))")
    tensors = []
    for i in range(rng.randint(1, 8)):
        cls = rng.choice(LAYERS)
        args = [rng.choice(VALUES) for _ in range(rng.randint(0, 2))]
        args += [f"{rng.choice(KEYWORDS)}={rng.choice(VALUES)}" for _ in range(rng.randint(0, 3))]
        call = f"layers.{cls}({', '.join(args)})"
        form = rng.random()
        if form < 0.3 or not tensors:
            name = f"t{i}"
            lines.append(f"{name} = keras.Input({rng.choice(VALUES)})")
            tensors.append(name)
        elif form < 0.6:
            src = rng.choice(tensors) if rng.random() < 0.8 else "[" + ", ".join(rng.sample(tensors, min(2, len(tensors)))) + "]"
            lines.append(f"t{i} = {call}({src})")
            tensors.append(f"t{i}")
        elif form < 0.8:
            lines.append(f"m{i} = keras.Sequential([{call}, layers.Dense({rng.choice(VALUES)})])")
        else:
            lines.append(f"for i in range({rng.choice(VALUES)}):\n    y = {call}")
    if tensors:
        lines.append(f"model = keras.Model({tensors[0]}, {rng.choice(tensors)})")
    return "\n".join(lines) + "\n"


def mutate(text: str, rng: random.Random) -> str:
    """A few random edits of characters and lines."""
    for _ in range(rng.randint(1, 6)):
        if not text:
            break
        i = rng.randrange(len(text))
        kind = rng.random()
        if kind < 0.25:
            text = text[:i] + text[i + rng.randint(1, 20):]
        elif kind < 0.5:
            text = text[:i] + rng.choice(["(", ")", "[", "]", ",", ":", "\n", " ", "\\", "'", '"', "#", "0", "-1",
                                          "Dense(", "\t", "\x00", "é", "\ud800", "%", "!"]) + text[i:]
        elif kind < 0.75:
            lines = text.split("\n")
            j = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines) + 1), lines[j])
            text = "\n".join(lines)
        else:
            j = rng.randrange(len(text))
            text = text[:i] + text[j:j + rng.randint(1, 40)] + text[i:]
    return text


def make_input(seed: int):
    """(name, text) for one fuzz input, fixed by its seed."""
    rng = random.Random(seed)
    kind = rng.random()
    if kind < 0.35:
        sample = SAMPLES[rng.randrange(len(SAMPLES))]
        return sample.name, mutate(sample.read_text(encoding="utf-8"), rng)
    if kind < 0.55:
        fault = rng.choice((None,) + FAULTS)
        return "gen.py", mutate(generate(seed, fault), rng) if rng.random() < 0.5 else generate(seed, fault)
    if kind < 0.75:
        fault = rng.choice((None,) + FUNCTIONAL_FAULTS)
        text = generate_functional(seed, fault)
        return "fn.py", mutate(text, rng) if rng.random() < 0.5 else text
    return "grammar.py", grammar_program(rng)


def check(name: str, text: str) -> list:
    """Problems with the analysis of one input; [] when it held."""
    problems = []
    start = time.process_time()
    try:
        result = analyze_notebook(text, name) if name.endswith(".ipynb") else analyze_source(text, name)
    except Exception as err:  # noqa: BLE001 - what the fuzzer is for
        return [f"raised {type(err).__name__}: {err}"]
    spent = time.process_time() - start
    if spent > TIME_GUARD:
        problems.append(f"took {spent:.1f} s of CPU")
    if any("internal error" in d.message for d in result.diagnostics):
        problems.append("internal error: " + next(d.message for d in result.diagnostics if "internal error" in d.message))
    try:
        document = json.loads(json.dumps(summary_document([result]), allow_nan=False))
        if [f["path"] for f in document["files"]] != [name]:
            problems.append("the file is missing from the JSON")
    except (TypeError, ValueError) as err:
        problems.append(f"JSON: {err}")
    for model in result.models:
        for layer in model.layers:
            shapes = layer.output_shape if isinstance(layer.output_shape, list) else [layer.output_shape]
            for shape in shapes:
                for d in shape or ():
                    if not (d is None or repr(d) == "?" or (type(d) is int and d >= 0)):
                        problems.append(f"dimension {d!r} in {layer.spec.name}")
            for n in (layer.trainable_params, layer.non_trainable_params):
                if n is not None and not (type(n) is int and n >= 0):
                    problems.append(f"param count {n!r} in {layer.spec.name}")
    return problems
