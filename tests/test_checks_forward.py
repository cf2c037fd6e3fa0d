"""coursekit.checks.forward: many right answers pass, plausible wrong ones fail with a message
that says what to fix, and garbage gets a message, never a traceback from coursekit.

Student answers are source text run in a fresh namespace, the way a notebook defines them. The
namespace holds broken `sigmoid`, `softmax` and `forward` functions, as a notebook with wrong
earlier answers would: answers that call them must still be judged on their own.
"""
import textwrap
from functools import partial

import numpy as np
import pytest

from coursekit import functions as F
from coursekit.checks import activations, forward as check
from coursekit.checks.core import CheckFailure
from coursekit_key.answers import forward as answers

from leaks import day_tests
import student
from student import failure, passes, wrong_answers


def broken(*args):
    """A wrong earlier answer left in the notebook."""
    return np.zeros(2)


define = partial(student.define, sigmoid=broken, softmax=broken, forward=broken,
                 init_network=answers.init_network)


# ------------------------------------------------------------------------------ the references

def test_reference_forward_reproduces_every_worked_number():
    net, x = answers.init_network(), np.array(check.WORKED_X)
    a1 = x @ net["W1"] + net["b1"]
    z1 = F.sigmoid(a1)
    a2 = z1 @ net["W2"] + net["b2"]
    z2 = F.sigmoid(a2)
    np.testing.assert_allclose(a1, [0.3, 0.7, 1.1], atol=1e-12)
    np.testing.assert_allclose(z1, [0.57444252, 0.66818777, 0.75026011], atol=1e-8)
    np.testing.assert_allclose(a2, [0.51615984, 1.21402696], atol=1e-8)
    np.testing.assert_allclose(z2, [0.62624937, 0.7710107], atol=1e-8)
    np.testing.assert_allclose(answers.forward(net, x), check.WORKED_Y, atol=1e-8)
    batch = answers.forward(net, np.array([check.WORKED_X] * 3))
    np.testing.assert_allclose(batch, [check.WORKED_Y] * 3, atol=1e-8)


def test_predict_cases_have_clear_winners_and_varied_classes():
    for case in check.predict.cases() + check.predict.cases(hidden=True):
        scores = np.sort(answers.forward(*case.args), axis=-1)
        assert np.min(scores[..., -1] - scores[..., -2]) > 1e-2, case.label
        classes = answers.predict(*case.args)
        if classes.size > 3:
            assert len(np.unique(classes)) >= 2, case.label


# ------------------------------------------------------------------------------- init_network

WORKED_LITERAL = """
def init_network():
    network = {}
    network['W1'] = np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    network['b1'] = np.array([0.1, 0.2, 0.3])
    network['W2'] = np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
    network['b2'] = np.array([0.1, 0.2])
    network['W3'] = np.array([[0.1, 0.3], [0.2, 0.4]])
    network['b3'] = np.array([0.1, 0.2])
    return network
"""


def variant(old, new, source=WORKED_LITERAL):
    assert old in source
    return source.replace(old, new)


INIT_RIGHT = {
    "book style": WORKED_LITERAL,
    "dict literal": """
        def init_network():
            return {'W1': np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
                    'b1': np.array([0.1, 0.2, 0.3]),
                    'W2': np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
                    'b2': np.array([0.1, 0.2]),
                    'W3': np.array([[0.1, 0.3], [0.2, 0.4]]), 'b3': np.array([0.1, 0.2])}
        """,
    "dict() keywords": """
        def init_network():
            return dict(W1=np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
                        b1=np.array([0.1, 0.2, 0.3]),
                        W2=np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
                        b2=np.array([0.1, 0.2]),
                        W3=np.array([[0.1, 0.3], [0.2, 0.4]]), b3=np.array([0.1, 0.2]))
        """,
    "float32": WORKED_LITERAL.replace("])\n", "], dtype=np.float32)\n"),
    "reshape": variant("np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])",
                       "np.array([0.1, 0.3, 0.5, 0.2, 0.4, 0.6]).reshape(2, 3)"),
    "arange": variant("np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])",
                      "np.arange(1, 7).reshape(3, 2).T / 10"),
    "b3 a copy of b2": variant("network['b3'] = np.array([0.1, 0.2])",
                               "network['b3'] = network['b2'].copy()"),
    "an extra key": variant("    return network",
                            "    network['sizes'] = (2, 3, 2, 2)\n    return network"),
    "from a loop": """
        def init_network():
            shapes = {'W1': [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], 'b1': [0.1, 0.2, 0.3],
                      'W2': [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], 'b2': [0.1, 0.2],
                      'W3': [[0.1, 0.3], [0.2, 0.4]], 'b3': [0.1, 0.2]}
            return {name: np.array(values) for name, values in shapes.items()}
        """,
}


@pytest.mark.parametrize("source", INIT_RIGHT.values(), ids=list(INIT_RIGHT))
def test_correct_init_network_variants_pass(source):
    passes(check.init_network, define(source, "init_network"))


INIT_WRONG = {
    "the notes' B1": (WORKED_LITERAL.replace("'b", "'B"),
                      "has the key 'B1' but no 'b1': rename it to 'b1'"),
    "lower-case w1": (variant("network['W1']", "network['w1']"),
                      "has the key 'w1' but no 'W1': rename it to 'W1'"),
    "W1 transposed": (variant("np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])",
                              "np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])"),
                      "network['W1'] has shape (3, 2); expected (2, 3). Your matrix is transposed"),
    "W3 transposed": (variant("np.array([[0.1, 0.3], [0.2, 0.4]])",
                              "np.array([[0.1, 0.2], [0.3, 0.4]])"),
                      "network['W3'] has the worked example's numbers in the wrong places"),
    "b1 as a row": (variant("np.array([0.1, 0.2, 0.3])", "np.array([[0.1, 0.2, 0.3]])"),
                    "network['b1'] has shape (1, 3); expected (3,): one bias per unit"),
    "lists": (WORKED_LITERAL.replace("np.array(", "list("),
              "network['W1'] is a list, not a NumPy array"),
    "a typo": (variant("[0.3, 0.6]]", "[0.3, 0.7]]"),
               "network['W2'] has 0.7 at index (2, 1); the worked example has 0.6 there."),
    "a tuple": ("def init_network():\n    return (np.zeros((2, 3)), np.zeros(3))\n",
                "init_network() returned a tuple; expected a dict"),
    "no return": (variant("    return network", "    pass"),
                  "returned None (did you forget `return`?)"),
    "missing W3": (variant("network['W3'] = ", "W3 = "), "has no key 'W3'"),
    "integers": (variant("np.array([0.1, 0.2, 0.3])", "np.array([1, 2, 3])"),
                 "network['b1'] has 1 at index (0,)"),
}


@pytest.mark.parametrize("source, fragment", INIT_WRONG.values(), ids=list(INIT_WRONG))
def test_wrong_init_network_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.init_network, define(source, "init_network"))


# ------------------------------------------------------------------------------------ forward

FORWARD_RIGHT = {
    "book style, np.dot and identity_function": """
        def forward(network, x):
            W1, W2, W3 = network['W1'], network['W2'], network['W3']
            b1, b2, b3 = network['b1'], network['b2'], network['b3']
            a1 = np.dot(x, W1) + b1
            z1 = sigmoid(a1)
            a2 = np.dot(z1, W2) + b2
            z2 = sigmoid(a2)
            a3 = np.dot(z2, W3) + b3
            return identity_function(a3)
        """,
    "matmul operator": """
        def forward(network, x):
            z1 = sigmoid(x @ network['W1'] + network['b1'])
            z2 = sigmoid(z1 @ network['W2'] + network['b2'])
            return z2 @ network['W3'] + network['b3']
        """,
    "loop over layers": """
        def forward(network, x):
            z = x
            for i in (1, 2, 3):
                a = z @ network[f'W{i}'] + network[f'b{i}']
                z = sigmoid(a) if i < 3 else a
            return z
        """,
    "np.matmul and identity": """
        def forward(network, x):
            z1 = sigmoid(np.matmul(x, network['W1']) + network['b1'])
            z2 = sigmoid(np.matmul(z1, network['W2']) + network['b2'])
            return identity(np.matmul(z2, network['W3']) + network['b3'])
        """,
    "inline stable sigmoid": """
        def forward(network, x):
            def act(a):
                e = np.exp(-np.abs(a))
                return np.where(a >= 0, 1 / (1 + e), e / (1 + e))
            z1 = act(x @ network['W1'] + network['b1'])
            z2 = act(z1 @ network['W2'] + network['b2'])
            return z2 @ network['W3'] + network['b3']
        """,
    "atleast_2d and back": """
        def forward(network, x):
            X = np.atleast_2d(x)
            z1 = sigmoid(X @ network['W1'] + network['b1'])
            z2 = sigmoid(z1 @ network['W2'] + network['b2'])
            y = z2 @ network['W3'] + network['b3']
            return y if np.ndim(x) == 2 else y[0]
        """,
    "einsum": """
        def forward(network, x):
            z1 = sigmoid(np.einsum('...i,ij->...j', x, network['W1']) + network['b1'])
            z2 = sigmoid(np.einsum('...i,ij->...j', z1, network['W2']) + network['b2'])
            return np.einsum('...i,ij->...j', z2, network['W3']) + network['b3']
        """,
    "transposes": """
        def forward(network, x):
            z1 = sigmoid((network['W1'].T @ np.asarray(x).T).T + network['b1'])
            z2 = sigmoid((network['W2'].T @ z1.T).T + network['b2'])
            return (network['W3'].T @ z2.T).T + network['b3']
        """,
    "tanh form of sigmoid": """
        def forward(network, x):
            s = lambda a: 0.5 * (1 + np.tanh(a / 2))
            z1 = s(x @ network['W1'] + network['b1'])
            z2 = s(z1 @ network['W2'] + network['b2'])
            return z2 @ network['W3'] + network['b3']
        """,
    "keeps intermediates in a new dict": """
        def forward(network, x):
            cache = dict(network)
            cache['z1'] = sigmoid(x @ cache['W1'] + cache['b1'])
            cache['z2'] = sigmoid(cache['z1'] @ cache['W2'] + cache['b2'])
            return cache['z2'] @ cache['W3'] + cache['b3']
        """,
}


@pytest.mark.parametrize("source", FORWARD_RIGHT.values(), ids=list(FORWARD_RIGHT))
def test_correct_forward_variants_pass(source):
    passes(check.forward, define(source, "forward"))


MATMUL_FORWARD = textwrap.dedent(FORWARD_RIGHT["matmul operator"])

FORWARD_WRONG = {
    "the notes' np.dot(W1, x)": (
        MATMUL_FORWARD.replace("x @ network['W1']", "np.dot(network['W1'], x)"),
        "forward(worked network, np.array([1.0, 0.5])) raised ValueError"),
    "one sample only": (
        MATMUL_FORWARD.replace("x @ network['W1']", "network['W1'].T @ x"),
        "Hint: forward must take one sample x of shape (D,) and a batch X of shape (N, D)"),
    "softmax output": (MATMUL_FORWARD.replace("return z2 @ network['W3'] + network['b3']",
                                              "return softmax(z2 @ network['W3'] + network['b3'])"),
                       "That is softmax of the right output"),
    "sigmoid output": (MATMUL_FORWARD.replace("return z2 @ network['W3'] + network['b3']",
                                              "return sigmoid(z2 @ network['W3'] + network['b3'])"),
                       "That is sigmoid of the right output"),
    "no activations": (MATMUL_FORWARD.replace("sigmoid(", "("),
                       "That is the network without a sigmoid in its hidden layers"),
    "layer 2 without sigmoid": (MATMUL_FORWARD.replace("z2 = sigmoid(", "z2 = ("),
                                "Layer 2's sigmoid is missing"),
    "relu hidden layers": (MATMUL_FORWARD.replace("sigmoid(", "np.maximum(0, "),
                           "(no activation, or one that leaves these positive sums unchanged, "
                           "such as ReLU)"),
    "no biases": (MATMUL_FORWARD.replace(" + network['b1']", "").replace(" + network['b2']", "")
                  .replace(" + network['b3']", ""), "The biases are missing"),
    "ignores the network it is given": (MATMUL_FORWARD.replace(
        "def forward(network, x):\n", "def forward(network, x):\n    network = init_network()\n"),
        "Hint: Use the arrays of the network you are given"),
    "flattens the output": (MATMUL_FORWARD.replace(
        "return z2 @ network['W3'] + network['b3']",
        "return (z2 @ network['W3'] + network['b3']).ravel()"),
        "returned an array of shape (8,); expected shape (4, 2)."),
    "naive sigmoid inline": ("""
        def forward(network, x):
            s = lambda a: 1 / (1 + np.exp(-a))
            z1 = s(x @ network['W1'] + network['b1'])
            z2 = s(z1 @ network['W2'] + network['b2'])
            return z2 @ network['W3'] + network['b3']
        """, "On a hidden test (a network with large weights (pre-activations up to about 1e3)), "
             "your function emitted a warning (RuntimeWarning: overflow"),
    "stores intermediates in the network": (MATMUL_FORWARD.replace(
        "    return z2", "    network['z2'] = z2\n    return z2"), "changed its input in place"),
    "returns a tuple with a cache": (MATMUL_FORWARD.replace(
        "return z2 @ network['W3'] + network['b3']",
        "return z2 @ network['W3'] + network['b3'], z1"),
        "forward(worked network, np.array([1.0, 0.5])) returned"),
    "one sample made a batch of one": (MATMUL_FORWARD.replace(
        "def forward(network, x):\n", "def forward(network, x):\n    x = np.atleast_2d(x)\n"),
        "returned shape (1, 2); expected (2,). One sample x of shape (D,) gives one output of "
        "shape (C,)"),
    "squeezed output": (MATMUL_FORWARD.replace(
        "return z2 @ network['W3'] + network['b3']",
        "return np.squeeze(z2 @ network['W3'] + network['b3'])"),
        "returned shape (10,); expected (10, 1). An axis of length 1 was dropped (np.squeeze"),
    "forgot layer 3": (MATMUL_FORWARD.replace("return z2 @ network['W3'] + network['b3']",
                                              "return z2"),
                       "forward(worked network, np.array([1.0, 0.5])) returned 0.62624937"),
}


@pytest.mark.parametrize("source, fragment", FORWARD_WRONG.values(), ids=list(FORWARD_WRONG))
def test_wrong_forward_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.forward, define(source, "forward"))


def test_forward_on_the_worked_example_shows_the_expected_numbers():
    doubled = MATMUL_FORWARD.replace("return z2 @", "return 2 * z2 @")
    message = failure(check.forward, define(doubled, "forward"))
    assert "expected 0.31682708" in message


# ------------------------------------------------------------------------------------ predict

P = "def predict(network, x):\n    "  # the start of every one-line predict below

PREDICT_RIGHT = {
    "argmax of forward": P + "return np.argmax(forward(network, x), axis=-1)\n",
    "argmax of softmax": P + "return np.argmax(softmax(forward(network, x)), axis=-1)\n",
    "method call": P + "y = forward(network, x)\n    return y.argmax(-1)\n",
    "axis from ndim": P + "return np.argmax(forward(network, x), axis=np.ndim(x) - 1)\n",
    "tolist": P + "return np.argmax(forward(network, x), axis=-1).tolist()\n",
    "branch on ndim": """
        def predict(network, x):
            y = forward(network, x)
            if y.ndim == 1:
                return np.argmax(y)
            return np.argmax(y, axis=1)
        """,
    "float indices": P + "return np.argmax(forward(network, x), axis=-1).astype(float)\n",
    "inline forward": """
        def predict(network, x):
            z1 = sigmoid(x @ network['W1'] + network['b1'])
            z2 = sigmoid(z1 @ network['W2'] + network['b2'])
            return np.argmax(z2 @ network['W3'] + network['b3'], axis=-1)
        """,
    "argmin of minus": P + "return np.argmin(-forward(network, x), axis=-1)\n",
}


@pytest.mark.parametrize("source", PREDICT_RIGHT.values(), ids=list(PREDICT_RIGHT))
def test_correct_predict_variants_pass(source):
    passes(check.predict, define(source, "predict"))


PREDICT_WRONG = {
    "argmax without axis": (P + "return np.argmax(forward(network, x))\n",
                            "returned one number for a batch of 5"),
    "argmax over axis 0": (P + "return np.argmax(forward(network, x), axis=0)\n",
                           "the argmax ran over axis 0 (the samples)"),
    "axis 1 breaks one sample": (P + "return np.argmax(forward(network, x), axis=1)\n",
                                 "raised AxisError"),
    "returns the scores": (P + "return forward(network, x)\n",
                           "one score per class; predict returns the index of the largest score"),
    "returns probabilities": (P + "return softmax(forward(network, x))\n",
                              "one score per class"),
    "argmin": (P + "return np.argmin(forward(network, x), axis=-1)\n",
               "predict(3-class network, X)"),
    "max instead of argmax": (P + "return np.max(forward(network, x), axis=-1)\n",
                              "returned fractions; expected class indices"),
    "threshold on the second output": (
        P + "return (forward(network, x)[..., 1] > 0.5).astype(int)\n",
        "predict(3-class network, X)"),
    "not written": (P + "raise NotImplementedError()\n", "is not written yet"),
}


@pytest.mark.parametrize("source, fragment", PREDICT_WRONG.values(), ids=list(PREDICT_WRONG))
def test_wrong_predict_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.predict, define(source, "predict"))


def test_argmax_over_axis_0_is_caught_even_when_batch_and_classes_have_the_same_size():
    fn = define(P + "y = forward(network, x)\n"
                "    if y.ndim == 2 and len(y) == 3:\n        return np.argmax(y, axis=0)\n"
                "    return np.argmax(y, axis=-1)\n",
                "predict")
    check.predict(fn)
    assert "a batch of 3 samples with 3 classes (N equals C)" in failure(check.predict, fn)


# ------------------------------------------------------------------- shared: garbage, hidden-ness

CHECKS = {"init_network": check.init_network, "forward": check.forward, "predict": check.predict}
REFERENCES = {"init_network": answers.init_network, "forward": answers.forward,
              "predict": answers.predict}

GARBAGE = {
    "None": lambda *a: None,
    "a string": lambda *a: "y",
    "an int": lambda *a: 3,
    "a dict of garbage": lambda *a: {k: None for k in check.PARAM_NAMES},
    "a dict of strings": lambda *a: {k: np.array(["a"]) for k in check.PARAM_NAMES},
    "a dict with non-string keys": lambda *a: {1: np.zeros(2), (2, 3): None},
    "an object": lambda *a: object(),
    "a ragged list": lambda *a: [[1.0], [1.0, 2.0]],
    "raises KeyError": lambda *a: {}["W1"],
    "nan": lambda *a: np.full((4, 2), np.nan),
}


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=list(GARBAGE))
def test_garbage_gets_a_check_failure_not_a_traceback(name, garbage):
    with pytest.raises(CheckFailure, match=rf"^{name}: "):
        CHECKS[name](garbage)
    with pytest.raises(CheckFailure, match=rf"^{name}: "):
        CHECKS[name](garbage, hidden=True)


@pytest.mark.parametrize("name", CHECKS)
def test_the_reference_passes_and_hidden_inputs_stay_hidden(name, capsys):
    passes(CHECKS[name], REFERENCES[name])
    count = len(CHECKS[name].cases())
    assert f"{name}: all {count} visible tests passed." in capsys.readouterr().out
    assert all(case.hidden for case in CHECKS[name].cases(hidden=True))
    assert CHECKS[name].cases(hidden=True)


@pytest.mark.parametrize("name", ["forward", "predict"])
def test_hidden_failures_do_not_reveal_expected_values(name):
    def off_on_hidden(network, x):
        y = REFERENCES[name](network, x)
        return y + 1 if np.shape(network["W1"])[0] != 2 or np.ndim(x) == 1 else y

    with pytest.raises(CheckFailure) as info:
        CHECKS[name](off_on_hidden, hidden=True)
    assert "On a hidden test" in str(info.value) and "expected" not in str(info.value)


# ---------------------------------------------------------- tests/wrong_answers/day04_forward_pass


def test_day_4_rechecks_day_3s_sigmoid():
    assert check.sigmoid is activations.sigmoid


@pytest.mark.parametrize("grade_id", ["sigmoid", *CHECKS])
def test_each_exercise_has_a_typical_wrong_answer_that_its_check_rejects(grade_id):
    assert set(wrong_answers("day04_forward_pass")) == {"sigmoid", *CHECKS}
    failure(getattr(check, grade_id), define(wrong_answers("day04_forward_pass")[grade_id], grade_id))


# ---- hints and messages never show the solution --------------------------------------------------

ANSWER_CHECKS = {name: (getattr(check, name), name) for name in ("sigmoid", *CHECKS)}
(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    "day04_forward_pass", ANSWER_CHECKS, define)
