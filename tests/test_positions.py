"""The fast position walk must give exactly the spans of libcst's own code generation."""
import libcst as cst

from conftest import SAMPLES
from model_generator import FAULTS, generate
from kerascount_lint.reading import notebook
from kerascount_lint.catalogue.signatures import load_signatures
from kerascount_lint.extract.interpreter import Interpreter
from kerascount_lint.extract.positions import spans_for

ODD = '''import keras
import os.path as  osp ,sys;   from . import sibling
from ..pkg.mod import (a as b,
    c , )  # parenthesized, trailing comma
from keras.layers import*
from keras import layers as L
model = keras.Sequential([ L.Dense( 10 ,activation = "relu", input_shape=( 784, ) ) , # a comment
    L.Dense(3, **{"activation": "softmax"}),  L.Dropout(.5) ])  ; m2 = keras.Sequential()
m2.add(L.Conv2D(8, (3,3), padding='same', input_shape=(28, 28, 1)));   m2.add(L.Flatten())
def build(units=(64, 32)):
    net = keras.Sequential([keras.Input((8,))])
    for u in units:
        net.add(L.Dense(u, activation=f"{'relu'}"))
    return net
net = build()
x = [L.Dense(2)(keras.Input((4,))), (lambda: 1)(), {'a': L.Dense(1)}]
m3 = keras.Sequential(
    [
        L.Dense(4,
                input_shape=(2,)),  # trailing comment
    ]
)
'''


def wanted_nodes(source):
    module = cst.parse_module(source)
    interp = Interpreter(module, load_signatures())
    interp.run()
    nodes = [n for _, _, n in interp.span_requests if n is not None] + [n for _, _, n in interp.notes if n]
    return module, nodes


def test_fast_walk_matches_code_generation():
    sources = [p.read_text() for p in sorted(SAMPLES.rglob("*.py"))]
    sources += [notebook.parse(p.read_text()).text for p in sorted(SAMPLES.rglob("*.ipynb"))]
    sources += [generate(seed, FAULTS[seed % len(FAULTS)] if seed % 2 else None) for seed in range(300)]
    sources += [ODD, ODD.replace("\n", "\r\n"), "\ufeff" + ODD[:0] + ODD]
    compared = 0
    for source in sources:
        module, nodes = wanted_nodes(source)
        fast, slow = spans_for(module, nodes, source), spans_for(module, nodes)
        assert fast == slow, source
        compared += len(slow)
    assert compared > 5000
