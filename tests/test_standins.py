"""coursekit.checks.standins: where the answer key is absent (a student's install, the grading
kernel), an answer that calls a helper of the same notebook sees a replay of the helper's
reference, recorded where the key is installed; calls the replay does not hold go to the student's
own helper; and no replay answers the helper's own hidden cases."""
from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from coursekit.checks import evidence, forward as day4, hidden, standins, stored
from coursekit.checks import course_checks
from coursekit_key.answers import forward as key
from coursekit_key.hidden import forward as key_cases

from student import define, failure


def wrong_forward(network, x):
    """A wrong day-4 forward left in the notebook: no sigmoid, and the output's sign flipped."""
    h = np.asarray(x) @ network["W1"] + network["b1"]
    return -((h @ network["W2"] + network["b2"]) @ network["W3"] + network["b3"])


@pytest.fixture
def no_key(monkeypatch, tmp_path):
    """The student's install: no answer key, not grading."""
    monkeypatch.setattr(hidden, "ANSWERS_PACKAGE", "coursekit_key_absent.answers")
    monkeypatch.setattr(hidden, "KEY_PACKAGE", "coursekit_key_absent.hidden")
    monkeypatch.delenv(evidence.GRADING_ENV, raising=False)


PREDICTS = {
    "positional": "def predict(network, x):\n    return np.argmax(forward(network, x), axis=-1)\n",
    "keywords": "def predict(network, x):\n"
                "    return forward(x=x, network=network).argmax(axis=-1)\n",
}


@pytest.mark.parametrize("source", PREDICTS.values(), ids=list(PREDICTS))
def test_a_predict_on_a_wrong_forward_passes_at_home_on_the_replay(no_key, source):
    assert day4.predict.solution() is None
    fn = define(source, "predict", forward=wrong_forward)
    seen = day4.predict.prepare(fn).__globals__["forward"]
    assert seen is not wrong_forward and seen.__name__ == "forward"
    day4.predict(fn)


def test_a_call_the_replay_does_not_hold_goes_to_the_students_own_helper(no_key):
    source = ("def predict(network, x):\n"
              "    return np.argmax(forward(network, np.atleast_2d(x)), axis=-1).reshape(\n"
              "        np.shape(x)[:-1])\n")
    day4.predict(define(source, "predict", forward=key.forward))  # right with a right forward
    message = failure(day4.predict, define(source, "predict", forward=wrong_forward), False)
    assert message.startswith("predict: ")
    assert "is not defined" in failure(day4.predict, define(source, "predict"), False)


def test_the_instructors_install_uses_the_reference_itself():
    fn = define(PREDICTS["positional"], "predict", forward=wrong_forward)
    assert day4.predict.prepare(fn).__globals__["forward"] is key.forward


def test_a_replayed_call_returns_a_fresh_copy_each_time(no_key):
    table = stored.stand_in_table(day4.__name__, "predict", "forward")
    replayed = standins.replay("forward", table, {})
    network, x = day4.predict.cases()[0].args
    first = replayed(network, x)
    first[:] = 0
    np.testing.assert_array_equal(replayed(network, x), key.forward(network, x))


def test_the_replay_leaves_arguments_as_the_reference_did():
    """An in-place helper: fills `out`, sets a dict entry and draws from the generator."""
    def fill(out, state, rng):
        out[:] = rng.standard_normal(out.shape)
        state["calls"] = state.get("calls", 0) + 1
        return out.sum()

    calls = {}
    recorder = standins._recorder(fill, calls)
    out, state, rng = np.zeros(3), {}, np.random.default_rng(7)
    total = recorder(out, state, rng)
    table = {"signature": standins._signature_data(fill), "calls": calls}
    replayed = standins.replay("fill", table, {})

    out2, state2, rng2 = np.zeros(3), {}, np.random.default_rng(7)
    assert replayed(out2, state2, rng=rng2) == pytest.approx(total)
    np.testing.assert_array_equal(out2, out)
    assert state2 == {"calls": 1}
    assert rng2.standard_normal() == rng.standard_normal()  # advanced as the reference's was


def test_a_generator_in_another_state_is_another_call():
    def draw(rng):
        return rng.standard_normal(2)

    calls = {}
    standins._recorder(draw, calls)(np.random.default_rng(1))
    replayed = standins.replay("draw", {"signature": standins._signature_data(draw),
                                        "calls": calls}, {"draw": lambda rng: "own"})
    assert replayed(np.random.default_rng(2)) == "own"
    np.testing.assert_array_equal(replayed(np.random.default_rng(1)),
                                  np.random.default_rng(1).standard_normal(2))


def test_no_table_answers_the_helpers_own_hidden_cases():
    """predict's cases that are forward's hidden inputs record no forward call at all."""
    forward_cases = key_cases.CASES["forward"]()
    assert standins.record(day4.predict, forward_cases)["forward"]["calls"] == {}
    predicts = standins.record(day4.predict, key_cases.CASES["predict"]())["forward"]["calls"]
    assert len(predicts) == 4


def test_the_visible_tables_are_stored_and_hold_no_hidden_input():
    table = stored.stand_in_table(day4.__name__, "predict", "forward")
    assert table == json.loads(json.dumps(standins.record(day4.predict, day4.predict.cases())
                                          ["forward"]))
    hidden_digests = standins._hidden_digests(day4.__name__, "forward")
    assert len(hidden_digests) == 5 and not hidden_digests & set(table["calls"])


def test_the_grading_kernel_replays_the_handed_over_tables(monkeypatch, tmp_path):
    cases = key_cases.CASES["predict"]()
    name = f"{day4.__name__}.predict"
    (tmp_path / hidden.HANDOVER_FILE).write_text(json.dumps(  # as the grader writes it
        {name: hidden.encode(cases),
         hidden.STAND_INS: {name: standins.record(day4.predict, cases)}}))
    monkeypatch.setattr(hidden, "ANSWERS_PACKAGE", "coursekit_key_absent.answers")
    monkeypatch.setattr(hidden, "KEY_PACKAGE", "coursekit_key_absent.hidden")
    monkeypatch.setattr(hidden, "_handed_over", None)
    monkeypatch.setenv(evidence.GRADING_ENV, "1")
    monkeypatch.chdir(tmp_path)
    emitted = []
    monkeypatch.setattr(evidence, "emit", lambda check, hid, cs, records, names:
                        emitted.append(records))
    day4.predict(define(PREDICTS["positional"], "predict", forward=wrong_forward), hidden=True)
    records, = emitted
    for case, rec in zip(cases, records):
        np.testing.assert_array_equal(rec.output, key.predict(*case.args))


def test_every_stand_in_names_a_key_function_that_the_checks_reference_calls():
    with_stand_ins = [c for c in course_checks().values() if c.stand_ins]
    assert {f"{c.suite.rsplit('.', 1)[-1]}.{c.name}" for c in with_stand_ins} >= {"forward.predict"}
    for check in with_stand_ins:
        tables = standins.record(check, check.cases())
        for name in check.stand_ins:
            assert callable(standins.reference(check.suite, name))
            assert tables[name]["calls"], f"{check.name} never calls {name} on its visible cases"


def broken_initialiser(fan_in, fan_out, rng):
    """Wrong day-10 initialisers left in the notebook: every weight zero."""
    return np.zeros((fan_in, fan_out))


def broken_update(w, b, x, t, lr):
    """A wrong day-1 rule left in the notebook: it never moves."""
    return w, b


INIT_PARAMS = """
def init_params(layer_sizes, activation, rng):
    init = xavier_normal if activation in ("sigmoid", "tanh") else he_normal
    params = {}
    for k in range(1, len(layer_sizes)):
        params["W" + str(k)] = init(layer_sizes[k - 1], layer_sizes[k], rng=rng)
        params["b" + str(k)] = np.zeros(layer_sizes[k])
    return params
"""

TRAININGS = {
    "b = 0 and indices": """
def train_perceptron(X, t, lr=0.1, epochs=100):
    w, b = np.zeros(len(X[0])), 0
    for epoch in range(epochs):
        for i in range(len(X)):
            w, b = perceptron_update(w, b, X[i], t[i], lr)
    return w, b
""",
    "stops once an epoch is clean": """
def train_perceptron(X, t, lr=0.1, epochs=100):
    w, b = np.zeros(X.shape[1]), 0.0
    for epoch in range(epochs):
        changed = False
        for x, target in zip(X, t):
            new_w, new_b = perceptron_update(w, b, x, target, lr)
            changed = changed or new_b != b or not np.array_equal(new_w, w)
            w, b = new_w, new_b
        if not changed:
            break
    return w, b
""",
}


def test_init_params_on_wrong_initialisers_passes_at_home_on_the_replayed_draws(no_key):
    from coursekit.checks import initialization

    initialization.init_params(define(INIT_PARAMS, "init_params", xavier_normal=broken_initialiser,
                                      he_normal=broken_initialiser))
    message = failure(initialization.init_params, define(
        INIT_PARAMS.replace("rng=rng", "np.random.default_rng(0)"), "init_params",
        xavier_normal=broken_initialiser, he_normal=broken_initialiser), False)
    assert message.startswith("init_params: ")


@pytest.mark.parametrize("source", TRAININGS.values(), ids=list(TRAININGS))
def test_training_on_a_wrong_rule_passes_at_home_on_the_replayed_rule(no_key, source):
    from coursekit.checks import perceptron

    perceptron.train_perceptron(define(source, "train_perceptron",
                                       perceptron_update=broken_update))


DESCENT = """def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    for _ in range(step_num):
        x {sign}= lr * numerical_gradient(f, x)
    return x
"""


def forward_difference(f, x):
    """A wrong day-6 numerical_gradient left in the notebook: the one-sided difference."""
    x = np.array(x, dtype=float)
    return np.array([(f(x + h) - f(x)) / 1e-4 for h in 1e-4 * np.eye(x.size)]).reshape(x.shape)


def test_a_descent_and_its_slips_run_at_home_on_the_replayed_gradients(no_key):
    """The tables hold the gradients that the key's descent asked for, and those its slips asked
    for (an ascent visits other points): on a wrong numerical_gradient the descent passes, and
    the ascent is told it climbs, as where the key is installed."""
    from coursekit.checks import gradient

    gradient.gradient_descent(define(DESCENT.format(sign="-"), "gradient_descent",
                                     numerical_gradient=forward_difference))
    message = failure(gradient.gradient_descent, define(
        DESCENT.format(sign="+"), "gradient_descent", numerical_gradient=forward_difference), False)
    assert "That climbs" in message
    table = stored.stand_in_table(gradient.__name__, "gradient_descent", "numerical_gradient")
    assert len(table["calls"]) > sum(case.kwargs["step_num"] for case in
                                     gradient.gradient_descent.cases())


def test_a_softmax_loss_through_a_wrong_cross_entropy_is_told_its_own_slip_at_home(no_key):
    """softmax then cross_entropy_error is day 5's slip for huge scores; the key's version of it
    made its cross_entropy_error calls into the table, so the message names it even when the
    notebook's cross_entropy_error is wrong."""
    from coursekit.checks import losses

    message = failure(losses.softmax_cross_entropy, define(
        "def softmax_cross_entropy(z, t):\n    return cross_entropy_error(softmax(z), t)\n",
        "softmax_cross_entropy", cross_entropy_error=lambda y, t: 0.0), False)
    assert "log(softmax(z)) with a guard" in message


SHOP = """def buy_apples_and_oranges(apple, apple_num, orange, orange_num, tax):
    apples, oranges, fruit, taxed = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    price = taxed.forward(fruit.forward(apples.forward({apples}), oranges.forward(orange,
                                                                                orange_num)), tax)
    dfruit, dtax = taxed.backward(1)
    dapples, doranges = fruit.backward(dfruit)
    dorange, dorange_num = oranges.backward(doranges)
    {backward}
    return price, {{"apple": dapple, "apple_num": dapple_num, "orange": dorange,
                   "orange_num": dorange_num, "tax": dtax}}
"""
BOOK_ORDER = SHOP.format(apples="apple, apple_num",
                         backward="dapple, dapple_num = apples.backward(dapples)")
SWAPPED = SHOP.format(apples="apple_num, apple",  # the key's graph never calls a node so
                      backward="dapple_num, dapple = apples.backward(dapples)")


class BrokenNode:
    """A wrong day-7 node left in the notebook."""

    def forward(self, x, y):
        return 0.0

    def backward(self, dout):
        return 0.0, 0.0


def test_a_graph_on_wrong_nodes_passes_at_home_on_the_replayed_nodes(no_key):
    """Each node is replayed call by call (its backward answers for its own forward); a node
    called as the key's graph never calls one becomes the student's own from that call on."""
    from coursekit.checks import graph
    from coursekit_key.answers.graph import AddLayer, MulLayer

    graph.buy_apples_and_oranges(define(BOOK_ORDER, "buy_apples_and_oranges",
                                        MulLayer=BrokenNode, AddLayer=BrokenNode))
    failure(graph.buy_apples_and_oranges, define(SWAPPED, "buy_apples_and_oranges",
                                                 MulLayer=BrokenNode, AddLayer=BrokenNode), False)
    graph.buy_apples_and_oranges(define(SWAPPED, "buy_apples_and_oranges",
                                        MulLayer=MulLayer, AddLayer=AddLayer))


def test_a_replayed_instance_keeps_the_references_attributes_and_can_become_the_students():
    from coursekit_key.answers.graph import MulLayer

    calls = {}
    recording = standins._class_recorder(MulLayer, calls)
    node = recording()
    node.forward(3.0, 4.0)
    node.backward(2.0)
    table = {"methods": standins._empty_table(MulLayer)["methods"], "calls": calls}
    replayed = standins.replay_class("MulLayer", table, {"MulLayer": MulLayer})()
    assert replayed.forward(3.0, 4.0) == 12.0 and replayed.x == 3.0
    assert replayed.backward(2.0) == (8.0, 6.0)
    other = standins.replay_class("MulLayer", table, {"MulLayer": MulLayer})()
    assert other.forward(3.0, 4.0) == 12.0
    assert other.backward(5.0) == (20.0, 15.0)   # not in the table: the own node, given forward
    assert other.x == 3.0 and "x" not in vars(other)
    with pytest.raises(NameError, match="'MulLayer' is not defined"):
        standins.replay_class("MulLayer", table, {})().forward(1.0, 1.0)
    copied = copy.deepcopy(replayed)   # a copy of a replayed node answers as the node did
    assert copied.backward(2.0) == (8.0, 6.0) and copied.x == 3.0


def test_one_node_for_both_fruit_is_named_at_home_on_wrong_nodes(no_key):
    """The key's slip made its node calls into the tables, so the student's version of it gets
    the slip's numbers, and its message, whatever the notebook's own nodes do."""
    from coursekit.checks import graph

    one_node = BOOK_ORDER.replace("apples, oranges, fruit, taxed = MulLayer(), MulLayer(),",
                                  "apples, fruit, taxed = MulLayer(),").replace(
        "oranges.", "apples.")
    message = failure(graph.buy_apples_and_oranges, define(
        one_node, "buy_apples_and_oranges", MulLayer=BrokenNode, AddLayer=BrokenNode), False)
    assert "Each multiplication needs its own node" in message


class BrokenLayer:
    """A layer of a notebook that is still wrong: it forgets its input and its parameters."""

    def __init__(self, *parameters):
        pass

    def forward(self, x, t=None):
        return np.zeros(np.shape(x)) if t is None else 0.0

    def backward(self, dout=1):
        return np.zeros(1)


def test_a_two_layer_net_on_wrong_layers_passes_at_home_on_the_replayed_layers(no_key):
    """Day 8's network is judged on its wiring: every correct wiring of the answer table passes
    on layers that are still wrong, as the key's layers answer its calls, and a wrong wiring
    (the two layers' grads swapped) still loses its points."""
    from answer_tables.day08_backprop_layers import CORRECT, WRONG
    from coursekit.checks import layers

    broken = {"Affine": BrokenLayer, "Relu": BrokenLayer, "SoftmaxWithLoss": BrokenLayer}
    for source in CORRECT["two_layer_net"].values():
        layers.TwoLayerNet(define(source, "TwoLayerNet", **broken))
    swapped, _ = WRONG["two_layer_net"]["grads of the two layers swapped"]
    assert failure(layers.TwoLayerNet, define(swapped, "TwoLayerNet", **broken), False)
