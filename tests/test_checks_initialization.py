"""coursekit.checks.initialization: right initialisers pass whatever way they draw from rng (and
never fail by bad luck), wrong spreads, shapes and distributions fail with a message that names
the slip, and the grader reaches the same verdicts from the encoded evidence.

Student answers are source text run in a fresh namespace, the way a notebook defines them. The
namespace holds broken `xavier_normal` and `he_normal`, as a notebook with wrong earlier answers
would: init_params must still be judged on its own.
"""
import itertools
import textwrap
from functools import partial

import numpy as np
import pytest

from coursekit import functions as F
from coursekit.checks import evidence
from coursekit.checks import initialization as check
from coursekit.checks.core import CheckFailure, Record, judge, run_case
from coursekit_key.answers import initialization as answers

import student
from leaks import day_tests
from student import failure, passes, wrong_answers


def broken_initialiser(fan_in, fan_out, rng):
    """A wrong earlier answer left in the notebook."""
    return np.zeros((fan_in, fan_out))


define = partial(student.define, xavier_normal=broken_initialiser,
                           he_normal=broken_initialiser)


def initialiser(name, body):
    return f"def {name}(fan_in, fan_out, rng):\n    " + body.replace("\n", "\n    ") + "\n"


# ------------------------------------------------------------------------------ xavier_normal

XAVIER_STD = "np.sqrt(2 / (fan_in + fan_out))"
XAVIER_RIGHT = {
    "rng.normal": f"return rng.normal(0.0, {XAVIER_STD}, size=(fan_in, fan_out))",
    "scaled standard normal": f"return {XAVIER_STD} * rng.standard_normal((fan_in, fan_out))",
    "keyword scale": f"return rng.normal(scale={XAVIER_STD}, size=(fan_in, fan_out))",
    "transposed draw": f"return (rng.standard_normal((fan_out, fan_in)) * {XAVIER_STD}).T",
    "flat then reshaped": (f"w = rng.normal(0, 1, fan_in * fan_out) * {XAVIER_STD}\n"
                           "return w.reshape(fan_in, fan_out)"),
    "row by row": (f"std = {XAVIER_STD}\n"
                   "return np.array([rng.normal(0, std, fan_out) for _ in range(fan_in)])"),
    "math.sqrt and a variance": ("variance = 2.0 / (fan_in + fan_out)\n"
                                 "return rng.normal(0, math.sqrt(variance), (fan_in, fan_out))"),
    "float32": (f"w = rng.standard_normal((fan_in, fan_out), dtype=np.float32)\n"
                f"return w * np.float32({XAVIER_STD})"),
    "Box-Muller from uniforms": ("u1 = 1.0 - rng.random((fan_in, fan_out))\n"
                                 "u2 = rng.random((fan_in, fan_out))\n"
                                 "z = np.sqrt(-2 * np.log(u1)) * np.cos(2 * np.pi * u2)\n"
                                 f"return {XAVIER_STD} * z"),
    "sqrt of 1 / mean fan": ("n = (fan_in + fan_out) / 2\n"
                             "return rng.normal(0, 1 / np.sqrt(n), (fan_in, fan_out))"),
}


@pytest.mark.parametrize("body", XAVIER_RIGHT.values(), ids=list(XAVIER_RIGHT))
def test_correct_xavier_variants_pass(body):
    passes(check.xavier_normal, define(initialiser("xavier_normal", body), "xavier_normal"))


XAVIER_WRONG = {
    "the book's 1 / sqrt(fan_in)": ("return rng.normal(0, 1 / np.sqrt(fan_in), (fan_in, fan_out))",
                                    "That is the book's simplified Xavier"),
    "He's std": ("return rng.normal(0, np.sqrt(2 / fan_in), (fan_in, fan_out))",
                 "That is He's std"),
    "variance as the scale": ("return rng.normal(0, 2 / (fan_in + fan_out), (fan_in, fan_out))",
                              "used as the std"),
    "the 2 forgotten": ("return rng.normal(0, np.sqrt(1 / (fan_in + fan_out)), (fan_in, fan_out))",
                        "the 2 is missing"),
    "the uniform limit as std": ("return rng.normal(0, np.sqrt(6 / (fan_in + fan_out)), "
                                 "(fan_in, fan_out))", "the LIMIT of Xavier's uniform version"),
    "unscaled": ("return rng.standard_normal((fan_in, fan_out))", "unscaled standard normal"),
    "the book's 0.01": ("return 0.01 * rng.standard_normal((fan_in, fan_out))",
                        "That is the fixed std 0.01"),
    "uniform of the same variance": ("a = np.sqrt(6 / (fan_in + fan_out))\n"
                                     "return rng.uniform(-a, a, (fan_in, fan_out))",
                                     "not normally distributed (skewness"),
    "uniform from 0": (f"return rng.random((fan_in, fan_out)) * {XAVIER_STD}",
                       "are not centred on 0"),
    "transposed": ("return rng.normal(0, np.sqrt(2 / (fan_in + fan_out)), (fan_out, fan_in))",
                   "That is transposed"),
    "zeros": ("return np.zeros((fan_in, fan_out))", "are all equal (0)"),
    "one row copied": (f"row = rng.normal(0, {XAVIER_STD}, fan_out)\n"
                       "return np.tile(row, (fan_in, 1))", "repeat many values"),
    "the global generator": (f"return np.random.normal(0, {XAVIER_STD}, (fan_in, fan_out))",
                             "two generators made from the same seed gave different weights"),
    "a generator of its own": (f"rng = np.random.default_rng(0)\n"
                               f"return rng.normal(0, {XAVIER_STD}, (fan_in, fan_out))",
                               "generators with different seeds gave the same weights"),
    "no return": (f"w = rng.normal(0, {XAVIER_STD}, (fan_in, fan_out))",
                  "your weights is None (did you forget `return`?)"),
    "a list": (f"return rng.normal(0, {XAVIER_STD}, (fan_in, fan_out)).tolist()[:2]",
               "has shape (2, 80); expected (240, 80)"),
    "not written": ("raise NotImplementedError()", "is not written yet"),
}


@pytest.mark.parametrize("body, fragment", XAVIER_WRONG.values(), ids=list(XAVIER_WRONG))
def test_wrong_xavier_variants_fail_with_a_message(body, fragment):
    fn = define(initialiser("xavier_normal", body), "xavier_normal")
    assert fragment in failure(check.xavier_normal, fn)


def test_a_wrong_std_message_shows_both_numbers_and_the_hint():
    fn = define(initialiser("xavier_normal", XAVIER_WRONG["He's std"][0]), "xavier_normal")
    message = failure(check.xavier_normal, fn)
    assert message.startswith("xavier_normal: xavier_normal(240, 80, rng) with rng = "
                              "np.random.default_rng(10): the standard deviation of your "
                              "weights is 0.09")
    assert "; expected 0.07906 (within 3%). That is He's std" in message
    assert "\nHint: Xavier (Glorot) balances the forward and the backward pass" in message
    assert "standard deviation sqrt(2 / (fan_in + fan_out))" in message


# ---------------------------------------------------------------------------------- he_normal

HE_RIGHT = {
    "rng.normal": "return rng.normal(0.0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))",
    "scaled standard normal": "return np.sqrt(2.0 / fan_in) * rng.standard_normal((fan_in, fan_out))",
    "math": "return rng.normal(0, math.sqrt(2) / math.sqrt(fan_in), (fan_in, fan_out))",
}


@pytest.mark.parametrize("body", HE_RIGHT.values(), ids=list(HE_RIGHT))
def test_correct_he_variants_pass(body):
    passes(check.he_normal, define(initialiser("he_normal", body), "he_normal"))


HE_WRONG = {
    "Xavier's std": ("return rng.normal(0, np.sqrt(2 / (fan_in + fan_out)), (fan_in, fan_out))",
                     "That is Xavier's std"),
    "variance as the scale": ("return rng.normal(0, 2 / fan_in, (fan_in, fan_out))",
                              "That is the variance 2 / fan_in used as the std"),
    "fan_out": ("return rng.normal(0, np.sqrt(2 / fan_out), (fan_in, fan_out))",
                "He counts the inputs, fan_in"),
    "no factor 2": ("return rng.normal(0, 1 / np.sqrt(fan_in), (fan_in, fan_out))",
                    "simplified Xavier"),
}


@pytest.mark.parametrize("body, fragment", HE_WRONG.values(), ids=list(HE_WRONG))
def test_wrong_he_variants_fail_with_a_message(body, fragment):
    assert fragment in failure(check.he_normal, define(initialiser("he_normal", body), "he_normal"))


def test_hidden_spread_failures_say_by_how_much_not_what_to_expect():
    fn = define(initialiser("he_normal", "return rng.normal(0, 0.1, (fan_in, fan_out))"),
                "he_normal")
    with pytest.raises(CheckFailure) as info:
        check.he_normal(fn, hidden=True)
    message = str(info.value)
    assert message.startswith("he_normal: On a hidden test (a wide input layer")
    assert "times what it should be" in message and "expected" not in message


@pytest.mark.parametrize("chk, std_of", [(check.xavier_normal, check.xavier_std),
                                         (check.he_normal, check.he_std)])
def test_correct_draws_never_fail_by_bad_luck(chk, std_of):
    """Every sample case, judged on 300 draws from other seeds (any rng call order gives some
    other sample): a 6-standard-error tolerance leaves no room for a false failure."""
    for case in chk.cases() + chk.cases(hidden=True):
        fans = case.args[:2]
        if len(case.args[2]) != 1:
            continue
        for seed in range(300):
            weights = np.random.default_rng(seed + 1000).normal(0, std_of(*fans), fans)
            assert check.spread_problem("w", weights, std_of(*fans), fans, True) is None


@pytest.mark.parametrize("chk", [check.xavier_normal, check.he_normal])
def test_the_visible_sample_cases_tell_every_named_formula_apart(chk):
    """On the visible cases, whose messages name a formula, every two candidate stds (the
    target among them) are more than 4 tolerances apart: a right answer never matches a named
    slip, and a slip's name is never ambiguous."""
    for case in chk.cases():
        fans, seeds = case.args[:2], case.args[2]
        if len(seeds) != 1:
            continue
        stds = [std for std, _ in check._candidates(*fans)]
        for a, b in itertools.combinations(stds, 2):
            assert abs(a / b - 1) > 4 * check._std_tolerance(fans[0] * fans[1])


# -------------------------------------------------------------------------- layer_activations

def layers(body):
    return "def layer_activations(x, weights, activation):\n    " + \
        textwrap.dedent(body).strip().replace("\n", "\n    ") + "\n"


LAYERS_RIGHT = {
    "a loop": """
        outputs, a = [], x
        for W in weights:
            a = activation(a @ W)
            outputs.append(a)
        return outputs""",
    "np.dot and a tuple": """
        outputs = []
        for W in weights:
            x = activation(np.dot(x, W))
            outputs.append(x)
        return tuple(outputs)""",
    "a walrus comprehension": """
        a = x
        return [a := activation(np.matmul(a, W)) for W in weights]""",
    "recursion": """
        if not weights:
            return []
        first = activation(x @ weights[0])
        return [first] + layer_activations(first, weights[1:], activation)""",
    "itertools.accumulate": """
        import itertools
        steps = itertools.accumulate(weights, lambda a, W: activation(a @ W), initial=x)
        return list(steps)[1:]""",
    "a copy of x first": """
        a = np.array(x, copy=True)
        result = []
        for k in range(len(weights)):
            a = activation(a @ weights[k])
            result.append(a.copy())
        return result""",
}


@pytest.mark.parametrize("body", LAYERS_RIGHT.values(), ids=list(LAYERS_RIGHT))
def test_correct_layer_activations_variants_pass(body):
    passes(check.layer_activations, define(layers(body), "layer_activations"))


LAYERS_WRONG = {
    "every layer fed x": ("""
        return [activation(x @ W) for W in weights]""", "Every one of your layers is fed x"),
    "activation before the product": ("""
        outputs, a = [], x
        for W in weights:
            a = activation(a) @ W
            outputs.append(a)
        return outputs""", "Your activation comes before the product"),
    "last layer linear": ("""
        outputs, a = [], x
        for k, W in enumerate(weights):
            a = a @ W
            if k < len(weights) - 1:
                a = activation(a)
            outputs.append(a)
        return outputs""", "Your last layer has no activation"),
    "only the last output": ("""
        a = x
        for W in weights:
            a = activation(a @ W)
        return a""", "returned one array, the last layer's output"),
    "x included": ("""
        outputs = [x]
        for W in weights:
            outputs.append(activation(outputs[-1] @ W))
        return outputs""", "leave out the input x"),
    "x changed in place": ("""
        x -= x.mean(axis=0)
        outputs, a = [], x
        for W in weights:
            a = activation(a @ W)
            outputs.append(a)
        return outputs""", "changed its input in place (x)"),
    "a generator": ("""
        a = x
        for W in weights:
            a = activation(a @ W)
            yield a""", "returned a generator; expected a list with one array per layer"),
    "W transposed": ("""
        outputs, a = [], x
        for W in weights:
            a = activation(a @ W.T)
            outputs.append(a)
        return outputs""", "layer 1 of 2"),
    "no activation at all": ("""
        outputs, a = [], x
        for W in weights:
            a = a @ W
            outputs.append(a)
        return outputs""", "Your layers apply no activation"),
    "the first matrix for every layer": ("""
        outputs, a = [], x
        for W in weights:
            a = activation(a @ weights[0])
            outputs.append(a)
        return outputs""", "Every one of your layers uses the first weight matrix"),
    "the weighted sums in the list": ("""
        outputs, a = [], x
        for W in weights:
            outputs.append(a @ W)
            a = activation(outputs[-1])
        return outputs""", "Your list holds each layer's weighted sums"),
}


@pytest.mark.parametrize("body, fragment", LAYERS_WRONG.values(), ids=list(LAYERS_WRONG))
def test_wrong_layer_activations_variants_fail_with_a_message(body, fragment):
    assert fragment in failure(check.layer_activations, define(layers(body), "layer_activations"))


def test_a_wrong_layer_is_named_with_its_value():
    fn = define(layers(LAYERS_WRONG["every layer fed x"][0]), "layer_activations")
    message = failure(check.layer_activations, fn)
    assert message.startswith("layer_activations: layer_activations(x, weights, sigmoid) for x "
                              "of shape (4, 3) and weights of shapes [(3, 3), (3, 3)]: layer 2 "
                              "of 2 returned ")
    assert "; expected " in message


def test_the_activation_is_picked_by_name_inside_the_driver():
    seen = []
    check.run_layers(lambda x, weights, activation: seen.append(activation), np.ones((1, 1)),
                     [np.ones((1, 1))], "tanh")
    assert seen == [F.tanh]


# -------------------------------------------------------------------------------- init_params

def params_fn(body):
    return "def init_params(layer_sizes, activation, rng):\n    " + \
        textwrap.dedent(body).strip().replace("\n", "\n    ") + "\n"


PARAMS_RIGHT = {
    "the course's loop": """
        init = he_normal if activation == "relu" else xavier_normal
        params = {}
        for k in range(1, len(layer_sizes)):
            params[f"W{k}"] = init(layer_sizes[k - 1], layer_sizes[k], rng)
            params[f"b{k}"] = np.zeros(layer_sizes[k])
        return params""",
    "zip and a comprehension": """
        pairs = list(zip(layer_sizes[:-1], layer_sizes[1:]))
        init = xavier_normal if activation in ("sigmoid", "tanh") else he_normal
        weights = {f"W{k}": init(i, o, rng) for k, (i, o) in enumerate(pairs, start=1)}
        biases = {f"b{k}": np.zeros((o,)) for k, (i, o) in enumerate(pairs, start=1)}
        return {**weights, **biases}""",
    "its own formulas": """
        params = {}
        for k, (n_in, n_out) in enumerate(zip(layer_sizes, layer_sizes[1:]), start=1):
            var = 2 / n_in if activation == "relu" else 2 / (n_in + n_out)
            params["W" + str(k)] = rng.normal(0, np.sqrt(var), size=(n_in, n_out))
            params["b" + str(k)] = np.zeros(n_out, dtype=np.float32)
        return params""",
}


@pytest.mark.parametrize("body", PARAMS_RIGHT.values(), ids=list(PARAMS_RIGHT))
def test_correct_init_params_variants_pass_with_broken_initialisers_around(body):
    passes(check.init_params, define(params_fn(body), "init_params"))


PARAMS_WRONG = {
    "He for every activation": ("""
        return {name: value for k in range(1, len(layer_sizes)) for name, value in
                [(f"W{k}", he_normal(layer_sizes[k - 1], layer_sizes[k], rng)),
                 (f"b{k}", np.zeros(layer_sizes[k]))]}""",
                                "That is He's std, sqrt(2 / fan_in). For sigmoid the weights are Xavier's"),
    "Xavier for every activation": ("""
        return {name: value for k in range(1, len(layer_sizes)) for name, value in
                [(f"W{k}", xavier_normal(layer_sizes[k - 1], layer_sizes[k], rng)),
                 (f"b{k}", np.zeros(layer_sizes[k]))]}""",
                                    "That is Xavier's std, sqrt(2 / (fan_in + fan_out)). For relu the "
                                    "weights are He's"),
    "random biases": (PARAMS_RIGHT["the course's loop"].replace(
        "np.zeros(layer_sizes[k])", "rng.normal(0, 0.01, layer_sizes[k])"),
        "b1 must be zeros of shape (80,)"),
    "numbered from 0": (PARAMS_RIGHT["the course's loop"].replace('f"W{k}"', 'f"W{k - 1}"')
                        .replace('f"b{k}"', 'f"b{k - 1}"'), "returned the keys ['W0', 'W1',"),
    "a fixed std": ("""
        params = {}
        for k in range(1, len(layer_sizes)):
            params[f"W{k}"] = 0.01 * rng.standard_normal((layer_sizes[k - 1], layer_sizes[k]))
            params[f"b{k}"] = np.zeros(layer_sizes[k])
        return params""", "That is the fixed std 0.01"),
    "np.random instead of rng": ("""
        params = {}
        for k in range(1, len(layer_sizes)):
            n_in, n_out = layer_sizes[k - 1], layer_sizes[k]
            scale = np.sqrt(2 / n_in) if activation == "relu" else np.sqrt(2 / (n_in + n_out))
            params[f"W{k}"] = scale * np.random.randn(n_in, n_out)
            params[f"b{k}"] = np.zeros(n_out)
        return params""", "two generators made from the same seed gave different parameters"),
    "a list": ("return [xavier_normal(2, 2, rng)]", "returned a list; expected a dict"),
}


@pytest.mark.parametrize("body, fragment", PARAMS_WRONG.values(), ids=list(PARAMS_WRONG))
def test_wrong_init_params_variants_fail_with_a_message(body, fragment):
    assert fragment in failure(check.init_params, define(params_fn(body), "init_params"))


# ------------------------------------------------------------------ shared: references, garbage

CHECKS = {"xavier_normal": check.xavier_normal, "he_normal": check.he_normal,
          "layer_activations": check.layer_activations, "init_params": check.init_params}
REFERENCES = {"xavier_normal": answers.xavier_normal,
              "he_normal": answers.he_normal,
              "layer_activations": answers.layer_activations,
              "init_params": answers.init_params}
GARBAGE = {
    "None": lambda *a: None,
    "a string": lambda *a: "w",
    "an int": lambda *a: 3,
    "a dict of garbage": lambda *a: {"W1": None, "b1": "b"},
    "a dict with non-string keys": lambda *a: {1: np.zeros(2), (2, 3): None},
    "an object": lambda *a: object(),
    "a ragged list": lambda *a: [[1.0], [1.0, 2.0]],
    "raises KeyError": lambda *a: {}["W1"],
    "nan": lambda *a: np.full((4, 3), np.nan),
    "complex": lambda *a: np.ones((3, 3)) * 1j,
    "a list of strings": lambda *a: ["a", "b"],
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
    assert CHECKS[name].cases(hidden=True)
    assert all(case.hidden for case in CHECKS[name].cases(hidden=True))


def test_something_that_is_not_a_function_gets_a_message():
    with pytest.raises(CheckFailure, match="xavier_normal: expected a function, got None"):
        check.xavier_normal(None)


def test_every_check_is_found_under_its_own_module():
    for chk in CHECKS.values():
        assert chk.suite == "coursekit.checks.initialization"


# ------------------------------------------------------------------------ judged by the grader

ROUND_TRIP = [
    ("xavier_normal", initialiser("xavier_normal", XAVIER_RIGHT["rng.normal"])),
    ("xavier_normal", initialiser("xavier_normal", XAVIER_WRONG["the global generator"][0])),
    ("he_normal", initialiser("he_normal", HE_WRONG["Xavier's std"][0])),
    ("layer_activations", layers(LAYERS_RIGHT["a loop"])),
    ("layer_activations", layers(LAYERS_WRONG["x changed in place"][0])),
    ("layer_activations", layers(LAYERS_WRONG["a generator"][0])),
    ("init_params", params_fn(PARAMS_RIGHT["the course's loop"])),
    ("init_params", params_fn(PARAMS_WRONG["random biases"][0])),
]


@pytest.mark.parametrize("name, source", ROUND_TRIP)
@pytest.mark.parametrize("hidden", [False, True])
def test_the_grader_reaches_the_same_verdicts_from_encoded_evidence(name, source, hidden):
    chk = CHECKS[name]
    fn = chk.prepare(define(source, name), hidden)
    for case in chk.cases(hidden):
        record = run_case(fn, case)
        args, kwargs = record.after
        decoded = Record(case.label, evidence.decode(evidence.encode(record.output)),
                         record.error, record.warnings, record.mutated)
        expected = chk.expected(case)
        assert judge(case, record, expected) == judge(case, decoded, expected)
        assert evidence.decode([evidence.encode(a) for a in args]) is not None


# ------------------------------------------------------ tests/wrong_answers/day10_initialization


@pytest.mark.parametrize("grade_id", CHECKS)
def test_each_exercise_has_a_typical_wrong_answer_that_its_check_rejects(grade_id):
    assert set(wrong_answers("day10_initialization")) == set(CHECKS)
    failure(CHECKS[grade_id], define(wrong_answers("day10_initialization")[grade_id], grade_id))


# ---- hints and messages never show the solution (issue 10) ---------------------------------------

DAY = "day10_initialization"
GRADE_IDS = ("layer_activations", "xavier_normal", "he_normal", "init_params")
# Fragments of the solution's code that no message may contain, beyond its own lines.
CODE = ("activation(a @ W)", "a @ W", "rng.normal(0.0, std", "size=(fan_in, fan_out)",
        "np.sqrt(2.0 /", "np.zeros(", "outputs.append", "he_normal if activation")


(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    DAY, {grade_id: (getattr(check, grade_id), grade_id) for grade_id in GRADE_IDS},
    define, CODE)
