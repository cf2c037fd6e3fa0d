"""The integrity analysis (coursekit.grading.integrity) on its own: which student code is
flagged, which is only noted, and which honest code passes untouched; the report's rows and the
instructor's overrides. Through the real pipeline: test_grading_hostile.py."""
from __future__ import annotations

import json

import pytest

from coursekit.grading.integrity import (PENALISED, analyse_source, is_allowed, load_overrides,
                                         report_rows, write_report)
from coursekit.grading.layout import GradedCell, Layout, import_bindings

SETUP = ("import numpy as np\nimport matplotlib.pyplot as plt\n"
         "from coursekit import functions as ref\n"
         "from coursekit.plotting import plot_activations\n"
         "from coursekit.checks import activations as check")
PROTECTED = import_bindings([SETUP])
COURSEKIT = {name: b[0] if b[1] is None else f"{b[0]}.{b[1]}" for name, b in PROTECTED.items()
             if b[0].startswith("coursekit")}


def rules(source: str) -> set:
    modules = set(PROTECTED) | set(import_bindings([source]))
    return {rule for rule, *_ in analyse_source(source, PROTECTED, COURSEKIT, modules)}


HONEST = [
    "def sigmoid(x):\n    x = np.asarray(x, dtype=float)\n    e = np.exp(-np.abs(x))\n"
    "    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))",
    "import math\ndef relu(x):\n    return np.maximum(0.0, x) + 0 * math.pi",
    "import numpy as np\nfrom numpy import exp\ndef f(x):\n    return exp(x)",
    "class Layer:\n    def __init__(self):\n        super().__init__()\n        self.W = np.zeros(3)\n"
    "    def __repr__(self):\n        return f'{type(self).__name__}()'",
    "params = {}\nparams['W1'] = np.ones((2, 3))\nparams['W1'] *= 2",
    "check.sigmoid(sigmoid)\ncheck.sigmoid(sigmoid, hidden=True)",      # re-running a check
    "%timeit sigmoid(np.ones(10))",
    "plt.rcParams['figure.figsize'] = (8, 4)\nplot_activations(['sigmoid'])",
    "import sys\nprint(sys.float_info.eps)\nsys.exit(0)",
    "x = getattr(np, 'exp')(1.0)",
    "with open('notes.txt', 'w') as f:\n    f.write('hi')",
    "import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('ignore')",
    "def broken(:\n    pass",                                                # unparseable: no findings
]


@pytest.mark.parametrize("source", HONEST)
def test_honest_code_is_not_flagged(source):
    assert rules(source) == set()


def test_handed_out_gate_weights_are_data_on_day_2_but_day_1_gates_stay_flagged():
    day2 = import_bindings(["from coursekit.gates import GATE_WEIGHTS, Perceptron, truth_table"])
    day1 = import_bindings(["from coursekit import gates"])

    def found(protected, source):
        names = {n: f"{b[0]}.{b[1]}" if b[1] else b[0] for n, b in protected.items()}
        return {rule for rule, *_ in analyse_source(source, protected, names, set(protected))}

    built = "def xor_weights():\n    (w, b) = GATE_WEIGHTS['NAND']\n    return w, b"
    assert found(day2, built) == set()
    assert found(day2, "def XOR(x1, x2):\n    return Perceptron(2).predict([x1, x2])") == \
        {"coursekit"}
    assert found(day1, "def AND(x1, x2):\n    w, b = gates.GATE_WEIGHTS['AND']\n"
                       "    return int(w[0] * x1 + w[1] * x2 + b > 0)") == {"coursekit"}


FLAGGED = {
    "import coursekit": "coursekit",
    "from coursekit.functions import sigmoid": "coursekit",
    "def sigmoid(x):\n    return ref.sigmoid(x)": "coursekit",
    "f = check.sigmoid.reference": "coursekit",
    "check.sigmoid(ref.sigmoid)": "coursekit",
    "check.use_recap(Relu=Relu, Affine=Affine, SoftmaxWithLoss=SoftmaxWithLoss, Adam=MyAdam,\n"
    "                BatchNormalization=BatchNormalization, Dropout=Dropout)": "coursekit",
    "check = None": "coursekit",
    "def ref(x):\n    return x": "coursekit",
    "m = 'application/vnd.coursekit.evidence+json'": "coursekit",
    "exec('x = 1')": "dynamic",
    "eval('1 + 1')": "dynamic",
    "__import__('os')": "dynamic",
    "import importlib": "dynamic",
    "import builtins": "dynamic",
    "g = globals()": "dynamic",
    "setattr(np, 'allclose', None)": "dynamic",
    "f = sigmoid.__globals__": "dynamic",
    "c = ().__class__.__bases__": "dynamic",
    "x = getattr(np, name)": "dynamic",
    "import sys\nm = sys.modules": "dynamic",
    "import gc": "dynamic",
    "import ctypes": "dynamic",
    "x = __builtins__": "dynamic",
    "get_ipython().events.register('post_run_cell', print)": "kernel",
    "!curl http://example.com": "kernel",
    "display({'text/plain': 'x'}, raw=True)": "kernel",
    "display(bundle, **{'raw': True})": "kernel",
    "class C:\n    def _repr_mimebundle_(self, **k):\n        return {}": "kernel",
    "import threading": "dynamic",
    "import os\nos.fork()": "kernel",
    "import socket": "dynamic",
}


@pytest.mark.parametrize("source,rule", FLAGGED.items(), ids=list(FLAGGED))
def test_reaching_for_the_reference_or_the_grader_is_flagged(source, rule):
    found = rules(source)
    assert rule in found and rule in PENALISED


@pytest.mark.parametrize("source", [
    "np.allclose = lambda *a, **k: True",
    "np.testing.assert_allclose = lambda *a, **k: None",
    "import warnings\nwarnings.simplefilter = print",
    "del np.isclose",
    "np = None",
])
def test_patching_other_modules_is_only_noted(source):
    assert rules(source) == {"monkeypatch"}


# --- overrides and rows --------------------------------------------------------------------------

def _layout() -> Layout:
    tests = {"sigmoid_tests": GradedCell("sigmoid_tests", 3, "", [], ["sigmoid"]),
             "relu_tests": GradedCell("relu_tests", 2, "", [], ["relu"])}
    return Layout(tests, {}, ["sigmoid", "relu"], COURSEKIT)


def test_overrides_name_a_test_cell_an_answer_cell_or_everything(tmp_path):
    path = tmp_path / "overrides.csv"
    path.write_text("student,assignment,exercise,decision,note\n"
                    "ann,day03,sigmoid,allow,asked in office hours\n"
                    "bob,day03,*,allow,\n"
                    "cat,day03,relu_tests,deny,\n")
    overrides = load_overrides(str(path))
    layout = _layout()
    assert is_allowed(overrides, "ann", "day03", "sigmoid_tests", layout)
    assert not is_allowed(overrides, "ann", "day03", "relu_tests", layout)
    assert is_allowed(overrides, "bob", "day03", "relu_tests", layout)
    assert not is_allowed(overrides, "cat", "day03", "relu_tests", layout)
    assert load_overrides(str(tmp_path / "none.csv")) == set()


def test_report_rows_and_files(tmp_path):
    finding = {"cell": 2, "where": "answer cell sigmoid, line 2", "rule": "coursekit",
               "message": "uses `ref`", "code": "return ref.sigmoid(x)",
               "exercises": ["sigmoid_tests", "relu_tests"]}
    noted = dict(finding, rule="monkeypatch", message="changes `np.allclose`")
    report = {"student": "ann", "assignment": "day03", "notebook": "day03", "problem": None,
              "findings": [finding, noted], "zeroed": ["sigmoid_tests"],
              "allowed": ["relu_tests"], "answers": {"sigmoid_tests": ["sigmoid"]}}
    folder = tmp_path / "day03" / "ann"
    folder.mkdir(parents=True)
    (folder / "day03.json").write_text(json.dumps(report))
    rows = report_rows([report])
    assert {(r["exercise"], r["status"]) for r in rows} == {
        ("sigmoid_tests", "zeroed"), ("relu_tests", "allowed"), ("-", "noted")}
    csv_path, md_path, written = write_report(str(tmp_path), "day03")
    assert written == rows
    assert "| ann | day03 | day03 | sigmoid_tests | sigmoid | zeroed |" in open(md_path).read()
