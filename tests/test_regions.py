"""libcst parses only what can reach a model (extract/regions.py), and the position pass steps over
what the analysis never ran (fast_positions.plan). Neither may change a single finding, span,
fix, shape or count: every corpus is analyzed with both on (at every file size) and both off."""
import pytest

from conftest import SAMPLES
from functional_generator import generate_functional
from model_generator import FAULTS, generate
from kerascount_lint.analysis import analyze_source
from kerascount_lint.extract import positions, reachable, regions
from kerascount_lint.reading import notebook

positions_plan = positions.plan

# What a real file holds besides its models: helpers nobody calls, a class of utilities, a loop.
PADDING = '''

def load_data(path, limit=None):
    """Reads the data. Mentions Sequential and layers.Dense only in this docstring."""
    rows = []
    with open(path) as handle:  # a comment that says keras.Model
        for line in handle:
            rows.append(line.split(","))
    return rows[:limit]


class Report:
    def __init__(self, name):
        self.name = name

    def render(self):
        text = "model: " + self.name
        return text


class Note: """A string after code on its line,
    which cannot become `pass` on its own line."""


"""A string with a statement after it on its last line,
kept whole"""; NOTE_COUNT = 1


def unused_helper(x):
    total = 0
    """A string in a body left out: it must stay blank,
    not become a `pass` at the margin."""
    for i in range(x):
        total += i * i
    return total
'''

CALLED = '''
import keras
from keras import layers


def width():
    units = 32
    return units


def block(x):
    return layers.Dense(width(), activation="relu")(x)


class Scale(layers.Layer):
    def call(self, x):
        return x * 2.0


@keras.saving.register_keras_serializable()
def swish(x):
    y = x
    return y


def build():
    """The model. A docstring is never run: regions.py leaves it out of libcst's parse too,
    even in a function that builds a model (keras.Model, layers.Dense named here change nothing).
    """
    inputs = keras.Input((8,))
    x = block(inputs)
    x = Scale()(x)
    outputs = layers.Dense(1, activation=swish)(x)
    return keras.Model(inputs, outputs)


model = build()
''' + PADDING * 3


def describe(result):
    return ([(d.code, d.message, d.span, d.fix, d.related) for d in result.diagnostics],
            [(m.spec.name, m.built, m.total_params, m.trainable_params,
              [(r.spec.name, r.spec.span, r.output_shape, r.params) for r in m.layers]) for m in result.models])


def corpus():
    sources = [p.read_text() for p in sorted(SAMPLES.rglob("*.py"))]
    sources += [notebook.parse(p.read_text()).text for p in sorted(SAMPLES.rglob("*.ipynb"))]
    sources += [generate(seed, FAULTS[seed % len(FAULTS)] if seed % 2 else None) for seed in range(60)]
    sources += [generate_functional(seed) for seed in range(60)]
    sources += [CALLED, CALLED.replace("\n", "\r\n")]
    # The same models inside a larger file, with code around them that builds nothing.
    sources += [PADDING + s + PADDING for s in sources[:40]]
    return sources


def test_reading_less_changes_nothing(monkeypatch):
    stepped = []

    def plan(*args):
        steps = positions_plan(*args)
        stepped.append(bool(steps))
        return steps

    compared = blanked = 0
    for source in corpus():
        monkeypatch.setattr(regions, "MIN_BYTES", 10 ** 9)
        monkeypatch.setattr(positions, "plan", lambda *a: {})
        whole = describe(analyze_source(source, "x.py"))
        monkeypatch.setattr(regions, "MIN_BYTES", 0)
        monkeypatch.setattr(positions, "plan", plan)
        assert describe(analyze_source(source, "x.py")) == whole, source[:300]
        compared += 1
        blanked += reachable(source).text != source
    # The comparison covered files where something was left out, and position passes that stepped over code.
    assert compared > 200 and blanked >= 40 and sum(stepped) >= 20


def test_blanking_keeps_every_line_where_it_was(monkeypatch):
    monkeypatch.setattr(regions, "MIN_BYTES", 0)
    source = CALLED
    read = reachable(source).text
    assert read != source and len(read.split("\n")) == len(source.split("\n"))
    kept = [(a, b) for a, b in zip(source.split("\n"), read.split("\n")) if a == b]
    assert len(kept) > len(source.split("\n")) // 3
    assert all(b in ("", a) or b.strip() == "pass" for a, b in zip(source.split("\n"), read.split("\n")))


@pytest.mark.parametrize("name, kept", [
    ("width", True),  # called by a function that builds a model
    ("block", True),  # names layers
    ("call", True),  # a method of a class the model code names
    ("swish", True),  # named in kept code
    ("build", True),
    ("load_data", False),  # Keras words in its docstring and comments only
    ("render", False),  # a method of a class nobody names
    ("unused_helper", False),
])
def test_what_is_left_out(monkeypatch, name, kept):
    monkeypatch.setattr(regions, "MIN_BYTES", 0)
    source = CALLED
    read = reachable(source).text.split("\n")
    lines = source.split("\n")
    starts = [i for i, line in enumerate(lines) if line.lstrip().startswith(f"def {name}(")]
    assert starts
    for i in starts:
        depth = len(lines[i]) - len(lines[i].lstrip())
        body = [j for j in range(i + 1, len(lines)) if lines[j].strip()]
        end = next((j for j in body if len(lines[j]) - len(lines[j].lstrip()) <= depth), len(lines))
        last = max(j for j in body if j < end)  # the body's last line: code, not a docstring
        assert (read[last] == lines[last]) is kept, (name, read[last])


def test_docstrings_are_left_out_even_where_the_code_is_kept(monkeypatch):
    monkeypatch.setattr(regions, "MIN_BYTES", 0)
    lines, read = CALLED.split("\n"), reachable(CALLED).text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip().startswith('"""The model.'))
    assert read[start].strip() == "pass" and read[start + 1:start + 3] == ["", ""]
    assert read[start + 3] == lines[start + 3]  # the code after it stays


def test_a_file_python_cannot_read_is_left_to_libcst(monkeypatch):
    monkeypatch.setattr(regions, "MIN_BYTES", 0)
    assert reachable("import keras\ndef f(:\n    pass\n").text == "import keras\ndef f(:\n    pass\n"
    result = analyze_source("import keras\ndef f(:\n    pass\n" + PADDING, "x.py")
    assert [d.code for d in result.diagnostics] == ["KC001"]
