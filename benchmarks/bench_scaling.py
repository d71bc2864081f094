"""How the cost grows with the model and the file: a scaling table.

    python benchmarks/bench_scaling.py [ROUNDS]

Each row is one generated file, timed as whole processes (CPU, user + system, medians of ROUNDS,
interleaved): `kerascount-lint check` and `summary --format json` against a process that only runs
`libcst.parse_module` on the same file, with the cost per line of source above each process's
start-up (its time on a 3-line file, the first row). Rows:
  - a Sequential of 10, 100, 1,000 and 10,000 layers, one call per line;
  - a functional model of 1,000 layers (a chain of calls, one per line);
  - a 5,000-line file with one small model and the code around it that builds nothing (helpers,
    a class of utilities), which regions.py leaves out of libcst's parse;
  - a 5,000-line file of models: 250 functions of 20 lines, each building one.
A cost per line that stays flat down a group of rows is linear growth.
"""
import pathlib
import statistics
import sys
import tempfile

from process import byte_compiled, cpu

PARSE = "import sys, libcst; libcst.parse_module(open(sys.argv[1], encoding='utf-8').read())"
KINDS = ("Dense(16, activation='relu')", "Dropout(0.1)", "BatchNormalization()", "Dense(16)")


def sequential(n: int) -> str:
    rows = ["from keras import Sequential, Input", "from keras.layers import Dense, Dropout, BatchNormalization",
            "model = Sequential([", "    Input((16,)),"]
    rows += [f"    {KINDS[i % len(KINDS)]}," for i in range(n)]
    return "\n".join(rows + ["    Dense(1),", "])", ""])


def functional(n: int) -> str:
    rows = ["import keras", "from keras import layers", "inputs = keras.Input((16,))", "x = inputs"]
    rows += [f"x = layers.{KINDS[i % len(KINDS)]}(x)" for i in range(n)]
    return "\n".join(rows + ["model = keras.Model(inputs, x)", ""])


def helpers(lines: int) -> str:
    """One model, and code that builds nothing around it."""
    out = [sequential(8)]
    i = 0
    while sum(part.count("\n") for part in out) < lines:
        out.append(f'''
def helper_{i}(rows, limit=None):
    """Reads rows; says Sequential and layers.Dense only here."""
    total = 0
    for row in rows[:limit]:
        total += len(row)
    return total


class Table_{i}:
    def __init__(self, name):
        self.name = name

    def render(self, width=80):
        text = self.name.ljust(width)
        return text
''')
        i += 1
    return "".join(out)


def many_models(lines: int) -> str:
    out = ["import keras", "from keras import layers", ""]
    i = 0
    while len(out) < lines:
        out += [f"def build_{i}(units=32):", "    model = keras.Sequential([", "        keras.Input((28, 28, 1)),",
                "        layers.Conv2D(8, 3, activation='relu'),", "        layers.MaxPooling2D(),",
                "        layers.Flatten(),", "        layers.Dense(units, activation='relu'),",
                "        layers.Dropout(0.5),", "        layers.Dense(10, activation='softmax'),", "    ])",
                "    model.compile(loss='categorical_crossentropy', optimizer='adam')", "    return model", "", ""]
        out += [""] * 6
        i += 1
    return "\n".join(out) + "\n"



def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    byte_compiled()  # as pip installs it (see process.py)
    rows = [("start-up: a 3-line model", sequential(1))]
    rows += [(f"Sequential, {n:,} layers", sequential(n)) for n in (10, 100, 1000, 10000)]
    rows += [("functional, 1,000 layers", functional(1000)), ("functional, 10,000 layers", functional(10000))]
    rows += [("5,000 lines: 1 model + helpers", helpers(5000)), ("5,000 lines: 250 models", many_models(5000))]
    tools = {"check": [sys.executable, "-m", "kerascount_lint", "check", "--exit-zero", "--no-cache"],
             "summary json": [sys.executable, "-m", "kerascount_lint", "summary", "--format", "json"],
             "parse only": [sys.executable, "-c", PARSE]}
    start = None
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'file':34} {'lines':>7} " + " ".join(f"{name:>22}" for name in tools) + "   ratio to parse")
        for label, source in rows:
            path = pathlib.Path(folder) / "model.py"
            path.write_text(source, encoding="utf-8")
            times = {name: [] for name in tools}
            for _ in range(rounds):
                for name, command in tools.items():
                    times[name].append(cpu(command + [str(path)]))
            lines = source.count("\n")
            medians = {name: statistics.median(values) for name, values in times.items()}
            start = start or medians
            cells = " ".join(f"{m:7.2f} s {max(m - start[n], 0) / lines * 1e6:6.0f} us/line"
                             for n, m in medians.items())
            ratios = " ".join(f"{medians[n] / medians['parse only']:.2f}x" for n in ("check", "summary json"))
            print(f"{label:34} {lines:7,} {cells}   {ratios}", flush=True)


if __name__ == "__main__":
    main()
