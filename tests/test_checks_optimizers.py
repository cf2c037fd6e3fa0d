"""coursekit.checks.optimizers: many right ways to write each optimizer pass, plausible wrong ones
fail with a message that says what to fix, garbage gets a message (never a traceback from
coursekit), and the grader reaches the same verdicts from the encoded evidence.

Student answers are class definitions run in a fresh namespace, the way a notebook defines them.
"""
import copy
import textwrap
from functools import partial

import numpy as np
import pytest

from coursekit.checks import evidence
from coursekit.checks import optimizers as check
from coursekit.checks.core import CheckFailure, Record, judge, run_case, with_globals
from coursekit_key.answers import optimizers as ref

from leaks import day_tests
from student import answer_table, define, failure, passes, wrong_answers

NAMES = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")


def optimizer(name, init, body, params="lr=0.01", base=""):
    """The source of a class `name` with __init__(self, <params>) and update(params, grads)."""
    return (f"class {name}{base}:\n    def __init__(self, {params}):\n        "
            + textwrap.dedent(init).strip().replace("\n", "\n        ")
            + "\n\n    def update(self, params, grads):\n        "
            + textwrap.dedent(body).strip().replace("\n", "\n        ") + "\n")


# --------------------------------------------------------------------------------------------- SGD

SGD_INIT = "self.lr = lr"
SGD_RIGHT = {
    "the course's loop": optimizer("SGD", SGD_INIT, """
        for key in params:
            params[key] -= self.lr * grads[key]"""),
    "over grads.items()": optimizer("SGD", SGD_INIT, """
        for key, g in grads.items():
            params[key] -= self.lr * g"""),
    "np.subtract with out": optimizer("SGD", SGD_INIT, """
        for key in params:
            np.subtract(params[key], self.lr * grads[key], out=params[key])"""),
    "slice assignment": optimizer("SGD", SGD_INIT, """
        for key in params:
            params[key][...] = params[key] - self.lr * grads[key]"""),
    "the values of params.items()": optimizer("SGD", SGD_INIT, """
        for key, value in params.items():
            value -= self.lr * grads[key]"""),
    "adds the negative step": optimizer("SGD", SGD_INIT, """
        for key in params:
            params[key] += -self.lr * np.asarray(grads[key])"""),
    "counts its updates too": optimizer("SGD", "self.lr = lr\nself.steps = 0", """
        self.steps += 1
        for key in params:
            params[key] -= self.lr * grads[key]"""),
    "returns params as well": optimizer("SGD", SGD_INIT, """
        for key in params:
            params[key] -= self.lr * grads[key]
        return params"""),
    "another attribute name": optimizer("SGD", "self.learning_rate = lr", """
        for key in params:
            params[key] -= self.learning_rate * grads[key]"""),
    "a base class": """
        class Optimizer:
            def __init__(self, lr):
                self.lr = lr
            def update(self, params, grads):
                for key in params:
                    params[key] -= self.step(grads[key])
        class SGD(Optimizer):
            def __init__(self, lr=0.01):
                super().__init__(lr)
            def step(self, g):
                return self.lr * g
        """,
}


@pytest.mark.parametrize("source", SGD_RIGHT.values(), ids=list(SGD_RIGHT))
def test_correct_sgd_variants_pass(source):
    passes(check.SGD, define(source, "SGD"))


SGD_WRONG = {
    "returns a new dict": (optimizer("SGD", SGD_INIT, """
        return {key: params[key] - self.lr * grads[key] for key in params}"""),
        "update 1 left params unchanged and returned a dict"),
    "rebinds the local name": (optimizer("SGD", SGD_INIT, """
        params = {key: params[key] - self.lr * grads[key] for key in params}"""),
        "update 1 left params unchanged. Change the arrays in params themselves"),
    "replaces the arrays": (optimizer("SGD", SGD_INIT, """
        for key in params:
            params[key] = params[key] - self.lr * grads[key]"""),
        "update 1 replaced params['w'] by a new array"),
    "goes uphill": (optimizer("SGD", SGD_INIT, """
        for key in params:
            params[key] += self.lr * grads[key]"""), "Your step goes up the gradient"),
    "ignores lr": (optimizer("SGD", SGD_INIT, """
        for key in params:
            params[key] -= grads[key]"""), "Your step ignores the learning rate"),
    "scales grads in place": (optimizer("SGD", SGD_INIT, """
        for key in params:
            grads[key] *= self.lr
            params[key] -= grads[key]"""), "update 1 changed grads['w']"),
    "a fixed learning rate": (optimizer("SGD", SGD_INIT, """
        for key in params:
            params[key] -= 0.1 * grads[key]"""),
        "On a hidden test (every hyper-parameter changed: SGD(lr=0.37)), your optimizer: "
        "after update 1"),
    "another keyword": (optimizer("SGD", "self.lr = learning_rate", """
        for key in params:
            params[key] -= self.lr * grads[key]""", params="learning_rate=0.01"),
        "unexpected keyword argument 'lr'"),
    "not written": (optimizer("SGD", SGD_INIT, "raise NotImplementedError()"),
                    "update is not written yet"),
    "skips the biases": (optimizer("SGD", SGD_INIT, """
        for key in params:
            if not key.startswith("b"):
                params[key] -= self.lr * grads[key]"""), "update 1 left params['b1'] unchanged"),
}


@pytest.mark.parametrize("source, fragment", SGD_WRONG.values(), ids=list(SGD_WRONG))
def test_wrong_sgd_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.SGD, define(source, "SGD"))


def test_a_visible_failure_shows_the_update_the_values_and_a_hint():
    message = failure(check.SGD, define(SGD_WRONG["ignores lr"][0], "SGD"))
    assert message.startswith("SGD: SGD(lr=0.1), 2 updates of params {'w': np.array([1.0, -1.0, "
                              "2.0])} with grads {'w': [0.5, 0.5, -1.0]}; {'w': [0.5, 0.5, "
                              "-1.0]}: after update 1, params['w'][0] is 0.5; expected 0.95")
    assert "\nHint: SGD moves every parameter a step against its gradient" in message


# ---------------------------------------------------------------------------------------- Momentum

MOMENTUM_INIT = "self.lr = lr\nself.momentum = momentum\nself.v = {}"
MOMENTUM_PARAMS = "lr=0.01, momentum=0.9"


def momentum(body, init=MOMENTUM_INIT, name="Momentum", base=""):
    return optimizer(name, init, body, MOMENTUM_PARAMS, base)


MOMENTUM_RIGHT = {
    "created on first sight": momentum("""
        for key in params:
            if key not in self.v:
                self.v[key] = np.zeros_like(params[key])
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]"""),
    "the book's None start": momentum("""
        if self.v is None:
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.v[key] *= self.momentum
            self.v[key] -= self.lr * grads[key]
            params[key] += self.v[key]""",
        init="self.lr = lr\nself.momentum = momentum\nself.v = None"),
    "PyTorch's velocity of gradients": momentum("""
        for key in params:
            v = self.v.setdefault(key, np.zeros_like(params[key]))
            v *= self.momentum
            v += grads[key]
            params[key] -= self.lr * v"""),
    "velocity pointing uphill": momentum("""
        for key in params:
            self.v[key] = self.momentum * self.v.get(key, 0.0) + self.lr * grads[key]
            params[key] -= self.v[key]"""),
    "float64 state for any params": momentum("""
        for key in params:
            if key not in self.v:
                self.v[key] = np.zeros(np.shape(params[key]))
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]"""),
    "a subclass of SGD": """
        class SGD:
            def __init__(self, lr=0.01):
                self.lr = lr
        class Momentum(SGD):
            def __init__(self, lr=0.01, momentum=0.9):
                super().__init__(lr)
                self.momentum = momentum
                self.velocity = {}
            def update(self, params, grads):
                for key, g in grads.items():
                    v = self.velocity.get(key, np.zeros_like(g))
                    v = self.momentum * v - self.lr * g
                    self.velocity[key] = v
                    params[key] += v
        """,
}


@pytest.mark.parametrize("source", MOMENTUM_RIGHT.values(), ids=list(MOMENTUM_RIGHT))
def test_correct_momentum_variants_pass(source):
    passes(check.Momentum, define(source, "Momentum"))


MOMENTUM_WRONG = {
    "one velocity for all keys": (momentum("""
        for key in params:
            if self.v is None:
                self.v = np.zeros_like(params[key])
            self.v = self.momentum * self.v - self.lr * grads[key]
            params[key] += self.v""", init="self.lr = lr\nself.momentum = momentum\nself.v = None"),
        "update 1 raised ValueError"),
    "velocity keyed by shape": (momentum("""
        for key in params:
            v = self.v.setdefault(params[key].shape, np.zeros_like(params[key]))
            v *= self.momentum
            v -= self.lr * grads[key]
            params[key] += v"""), "Your optimizer shares its state between keys"),
    "state in the class body": ("""
        class Momentum:
            v = {}
            def __init__(self, lr=0.01, momentum=0.9):
                self.lr, self.momentum = lr, momentum
            def update(self, params, grads):
                for key in params:
                    self.v[key] = self.momentum * self.v.get(key, 0) - self.lr * grads[key]
                    params[key] += self.v[key]
        """, "your class keeps state in the class attribute 'v'"),
    "velocity reset every update": (momentum("""
        self.v = {}
        for key in params:
            self.v[key] = self.momentum * self.v.get(key, 0) - self.lr * grads[key]
            params[key] += self.v[key]"""), "Your optimizer forgets its velocity between updates"),
    "adds the gradient": (momentum("""
        for key in params:
            self.v[key] = self.momentum * self.v.get(key, 0) + self.lr * grads[key]
            params[key] += self.v[key]"""), "Your velocity has the wrong sign"),
    "an average of gradients": (momentum("""
        for key in params:
            self.v[key] = self.momentum * self.v.get(key, 0) + (1 - self.momentum) * grads[key]
            params[key] -= self.lr * self.v[key]"""), "That is momentum as an average"),
    "velocity that is the gradient array": (momentum("""
        for key in params:
            if key not in self.v:
                self.v[key] = grads[key]
                self.v[key] *= -self.lr
            else:
                self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]"""), "update 1 changed grads['w']"),
    "a fixed momentum": (momentum("""
        for key in params:
            self.v[key] = 0.9 * self.v.get(key, 0) - self.lr * grads[key]
            params[key] += self.v[key]"""),
        "On a hidden test (every hyper-parameter changed"),
}


@pytest.mark.parametrize("source, fragment", MOMENTUM_WRONG.values(), ids=list(MOMENTUM_WRONG))
def test_wrong_momentum_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.Momentum, define(source, "Momentum"))


def test_a_wrong_second_update_points_at_the_state():
    message = failure(check.Momentum, define(MOMENTUM_WRONG["velocity reset every update"][0],
                                             "Momentum"))
    assert "after update 2" in message and "Update 1 was right" in message


# ---------------------------------------------------------------------------------------- Nesterov

def nesterov(body, init=MOMENTUM_INIT, base=""):
    return momentum(body, init, "Nesterov", base)


NESTEROV_RIGHT = {
    "with v_prev": nesterov("""
        for key in params:
            v_prev = self.v.get(key, np.zeros_like(params[key]))
            self.v[key] = self.momentum * v_prev - self.lr * grads[key]
            params[key] += -self.momentum * v_prev + (1 + self.momentum) * self.v[key]"""),
    "with the new v only": nesterov("""
        for key in params:
            v = self.v.setdefault(key, np.zeros_like(params[key]))
            v *= self.momentum
            v -= self.lr * grads[key]
            params[key] += self.momentum * v - self.lr * grads[key]"""),
    "momentum squared times the old v": nesterov("""
        for key in params:
            v = self.v.get(key, 0)
            params[key] += self.momentum ** 2 * v - (1 + self.momentum) * self.lr * grads[key]
            self.v[key] = self.momentum * v - self.lr * grads[key]"""),
    "an in-place velocity and a copy": nesterov("""
        for key in params:
            v = self.v.setdefault(key, np.zeros_like(params[key]))
            v_prev = v.copy()
            v *= self.momentum
            v -= self.lr * grads[key]
            params[key] -= self.momentum * v_prev
            params[key] += (1 + self.momentum) * v"""),
    "PyTorch's nesterov": nesterov("""
        for key in params:
            buf = self.v.get(key, 0) * self.momentum + grads[key]
            self.v[key] = buf
            params[key] -= self.lr * (grads[key] + self.momentum * buf)"""),
    "a subclass of Momentum": """
        class Momentum:
            def __init__(self, lr=0.01, momentum=0.9):
                self.lr, self.momentum, self.v = lr, momentum, {}
            def velocity(self, key, param, g):
                self.v[key] = self.momentum * self.v.get(key, np.zeros_like(param)) - self.lr * g
                return self.v[key]
        class Nesterov(Momentum):
            def update(self, params, grads):
                for key in params:
                    v = self.velocity(key, params[key], grads[key])
                    params[key] += self.momentum * v - self.lr * grads[key]
        """,
}


@pytest.mark.parametrize("source", NESTEROV_RIGHT.values(), ids=list(NESTEROV_RIGHT))
def test_correct_nesterov_variants_pass(source):
    passes(check.Nesterov, define(source, "Nesterov"))


NESTEROV_WRONG = {
    "the book's new-velocity form": (nesterov("""
        for key in params:
            v = self.v.setdefault(key, np.zeros_like(params[key]))
            v *= self.momentum
            v -= self.lr * grads[key]
            params[key] += self.momentum * self.momentum * v
            params[key] -= (1 + self.momentum) * self.lr * grads[key]"""),
        "Your step uses the new velocity where the rule needs the velocity from before"),
    "plain momentum": (nesterov("""
        for key in params:
            self.v[key] = self.momentum * self.v.get(key, 0) - self.lr * grads[key]
            params[key] += self.v[key]"""), "Those are Momentum's steps"),
    "v_prev aliases the changed velocity": (nesterov("""
        for key in params:
            v = self.v.setdefault(key, np.zeros_like(params[key]))
            v_prev = v
            v *= self.momentum
            v -= self.lr * grads[key]
            params[key] += -self.momentum * v_prev + (1 + self.momentum) * v"""),
        "Those are Momentum's steps"),
    "velocity shared by same-shape keys": (nesterov("""
        for key in params:
            v_prev = self.v.get(params[key].shape, 0)
            v = self.v[params[key].shape] = self.momentum * v_prev - self.lr * grads[key]
            params[key] += -self.momentum * v_prev + (1 + self.momentum) * v"""),
        "Your optimizer shares its state between keys"),
}


@pytest.mark.parametrize("source, fragment", NESTEROV_WRONG.values(), ids=list(NESTEROV_WRONG))
def test_wrong_nesterov_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.Nesterov, define(source, "Nesterov"))


# ----------------------------------------------------------------------------------------- AdaGrad

ADAGRAD_INIT = "self.lr = lr\nself.eps = eps\nself.h = {}"


def adagrad(body, init=ADAGRAD_INIT):
    return optimizer("AdaGrad", init, body, "lr=0.01, eps=1e-8")


ADAGRAD_RIGHT = {
    "the course's loop": adagrad("""
        for key in params:
            if key not in self.h:
                self.h[key] = np.zeros_like(params[key])
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)"""),
    "the book's None start": adagrad("""
        if self.h is None:
            self.h = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params.keys():
            self.h[key] += grads[key] ** 2
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)""",
        init="self.lr = lr\nself.eps = eps\nself.h = None"),
    "np.square and power 0.5": adagrad("""
        for key, g in grads.items():
            self.h[key] = self.h.get(key, 0) + np.square(g)
            params[key] -= self.lr * g / (self.h[key] ** 0.5 + self.eps)"""),
    "a per-key learning rate": adagrad("""
        for key in params:
            h = self.h.setdefault(key, np.zeros(params[key].shape))
            h += grads[key] ** 2
            rate = self.lr / (np.sqrt(h) + self.eps)
            params[key] -= rate * grads[key]"""),
}


@pytest.mark.parametrize("source", ADAGRAD_RIGHT.values(), ids=list(ADAGRAD_RIGHT))
def test_correct_adagrad_variants_pass(source):
    passes(check.AdaGrad, define(source, "AdaGrad"))


def adagrad_step(denominator, accumulate="self.h.get(key, 0) + g * g"):
    return adagrad(f"""
        for key in params:
            g = grads[key]
            self.h[key] = {accumulate}
            params[key] -= self.lr * g / ({denominator})""")


ADAGRAD_WRONG = {
    "eps inside the root": (adagrad_step("np.sqrt(self.h[key] + self.eps)"),
                            "Your eps is inside the square root"),
    "a fixed 1e-7": (adagrad_step("np.sqrt(self.h[key]) + 1e-7"), "Your eps is a fixed 1e-7"),
    "no eps": (adagrad_step("np.sqrt(self.h[key])"), "Your step has no eps"),
    "the latest square only": (adagrad_step("np.sqrt(self.h[key]) + self.eps", "g * g"),
                               "Your h holds only the latest squared gradient"),
    "divides by h": (adagrad_step("self.h[key] + self.eps"), "You divide by h itself"),
}


@pytest.mark.parametrize("source, fragment", ADAGRAD_WRONG.values(), ids=list(ADAGRAD_WRONG))
def test_wrong_adagrad_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.AdaGrad, define(source, "AdaGrad"))


def test_zero_gradients_without_eps_are_caught_by_their_warning():
    cls = define(ADAGRAD_WRONG["no eps"][0], "AdaGrad")
    case = next(c for c in check.AdaGrad.cases(hidden=True) if "exact zeros" in c.label)
    record = run_case(partial(check.run_optimizer, cls), case)
    message = judge(case, record, check.AdaGrad.expected(case))
    assert message.startswith("On a hidden test (gradients with exact zeros")
    assert "emitted a warning (RuntimeWarning: invalid value" in message


# ----------------------------------------------------------------------------------------- RMSprop

def rmsprop(h_update, denominator="np.sqrt(self.h[key]) + self.eps"):
    return optimizer("RMSprop", "self.lr = lr\nself.decay_rate = decay_rate\nself.eps = eps\n"
                                "self.h = {}", f"""
        for key in params:
            g = grads[key]
            h = self.h.get(key, np.zeros_like(params[key]))
            self.h[key] = {h_update}
            params[key] -= self.lr * g / ({denominator})""", "lr=0.01, decay_rate=0.99, eps=1e-8")


RMSPROP_RIGHT = {
    "the course's average": rmsprop("self.decay_rate * h + (1 - self.decay_rate) * g * g"),
    "moving towards g squared": rmsprop("h + (1 - self.decay_rate) * (g ** 2 - h)"),
    "in place": optimizer("RMSprop", "self.lr, self.decay_rate, self.eps = lr, decay_rate, eps\n"
                                     "self.h = {}", """
        for key in params:
            h = self.h.setdefault(key, np.zeros_like(params[key]))
            h *= self.decay_rate
            h += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(h) + self.eps)""",
        "lr=0.01, decay_rate=0.99, eps=1e-8"),
    "a subclass of AdaGrad": """
        class AdaGrad:
            def __init__(self, lr=0.01, eps=1e-8):
                self.lr, self.eps, self.h = lr, eps, {}
            def accumulate(self, h, g):
                return h + g * g
            def update(self, params, grads):
                for key in params:
                    h = self.h[key] = self.accumulate(self.h.get(key, 0.0), grads[key])
                    params[key] -= self.lr * grads[key] / (np.sqrt(h) + self.eps)
        class RMSprop(AdaGrad):
            def __init__(self, lr=0.01, decay_rate=0.99, eps=1e-8):
                super().__init__(lr, eps)
                self.decay_rate = decay_rate
            def accumulate(self, h, g):
                return self.decay_rate * h + (1 - self.decay_rate) * g * g
        """,
}


@pytest.mark.parametrize("source", RMSPROP_RIGHT.values(), ids=list(RMSPROP_RIGHT))
def test_correct_rmsprop_variants_pass(source):
    passes(check.RMSprop, define(source, "RMSprop"))


RMSPROP_WRONG = {
    "the whole square added": (rmsprop("self.decay_rate * h + g * g"),
                               "Your h adds the whole squared gradient"),
    "weights swapped": (rmsprop("(1 - self.decay_rate) * h + self.decay_rate * g * g"),
                        "The weights of your average are swapped"),
    "AdaGrad's sum": (rmsprop("h + g * g"), "That is AdaGrad's h"),
    "eps inside the root": (rmsprop("self.decay_rate * h + (1 - self.decay_rate) * g * g",
                                    "np.sqrt(self.h[key] + self.eps)"),
                            "Your eps is inside the square root"),
    "a fixed 1e-7": (rmsprop("self.decay_rate * h + (1 - self.decay_rate) * g * g",
                             "np.sqrt(self.h[key]) + 1e-7"), "Your eps is a fixed 1e-7"),
    "a fixed decay rate": (rmsprop("0.9 * h + 0.1 * g * g"),
                           "On a hidden test (every hyper-parameter changed"),
}


@pytest.mark.parametrize("source, fragment", RMSPROP_WRONG.values(), ids=list(RMSPROP_WRONG))
def test_wrong_rmsprop_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.RMSprop, define(source, "RMSprop"))


# -------------------------------------------------------------------------------------------- Adam

ADAM_PARAMS = "lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8"
ADAM_INIT = ("self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps\n"
             "self.m, self.v, self.t = {}, {}, 0")


def adam(body, init=ADAM_INIT):
    return optimizer("Adam", init, body, ADAM_PARAMS)


ADAM_RIGHT = {
    "the course's loop": adam("""
        self.t += 1
        for key in params:
            if key not in self.m:
                self.m[key] = np.zeros_like(params[key])
                self.v[key] = np.zeros_like(params[key])
            g = grads[key]
            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            v_hat = self.v[key] / (1 - self.beta2 ** self.t)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)"""),
    "one count per key": adam("""
        for key in params:
            t = self.t[key] = self.t.get(key, 0) + 1
            m = self.m[key] = self.beta1 * self.m.get(key, 0) + (1 - self.beta1) * grads[key]
            v = self.v[key] = self.beta2 * self.v.get(key, 0) + (1 - self.beta2) * grads[key] ** 2
            params[key] -= self.lr * (m / (1 - self.beta1 ** t)) / (
                np.sqrt(v / (1 - self.beta2 ** t)) + self.eps)""",
        init="self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps\n"
             "self.m, self.v, self.t = {}, {}, {}"),
    "the book's moving averages, corrected the course's way": adam("""
        self.t += 1
        for key in params:
            m = self.m.setdefault(key, np.zeros_like(params[key]))
            v = self.v.setdefault(key, np.zeros_like(params[key]))
            m += (1 - self.beta1) * (grads[key] - m)
            v += (1 - self.beta2) * (grads[key] ** 2 - v)
            m_hat = m / (1 - self.beta1 ** self.t)
            v_hat = v / (1 - self.beta2 ** self.t)
            params[key] -= self.lr * m_hat / (v_hat ** 0.5 + self.eps)"""),
    "corrections computed once per update": adam("""
        self.t += 1
        c1, c2 = 1 - self.beta1 ** self.t, 1 - self.beta2 ** self.t
        for key, g in grads.items():
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            params[key] -= self.lr * np.divide(self.m[key] / c1,
                                               np.sqrt(self.v[key] / c2) + self.eps)"""),
    "t starts at 1 and moves after the step": adam("""
        for key in params:
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, np.zeros_like(g)) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, np.zeros_like(g)) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            v_hat = self.v[key] / (1 - self.beta2 ** self.t)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        self.t += 1""", init="self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps\n"
                             "self.m, self.v, self.t = {}, {}, 1"),
    "float64 state": adam("""
        self.t += 1
        for key in params:
            g = np.asarray(grads[key], dtype=np.float64)
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            step = self.m[key] / (1 - self.beta1 ** self.t) / (
                np.sqrt(self.v[key] / (1 - self.beta2 ** self.t)) + self.eps)
            params[key] -= (self.lr * step).astype(params[key].dtype)"""),
}


@pytest.mark.parametrize("source", ADAM_RIGHT.values(), ids=list(ADAM_RIGHT))
def test_correct_adam_variants_pass(source):
    passes(check.Adam, define(source, "Adam"))


def adam_step(step, t_line="self.t += 1", in_loop=False, init=ADAM_INIT, write_back=False):
    """An Adam whose step is `step`, with m and v per key and t counted by the lines `t_line`
    (before the loop, or inside it with in_loop)."""
    counting = [line for line in t_line.split("\n") if line]
    body = ([] if in_loop else counting) + ["for key in params:"] + [
        "    " + line for line in (counting if in_loop else []) + [
            "g = grads[key]",
            "self.m[key] = self.beta1 * self.m.get(key, 0) + (1 - self.beta1) * g",
            "self.v[key] = self.beta2 * self.v.get(key, 0) + (1 - self.beta2) * g * g",
            "m_hat = self.m[key] / (1 - self.beta1 ** self.t)",
            "v_hat = self.v[key] / (1 - self.beta2 ** self.t)",
            *(["self.m[key], self.v[key] = m_hat, v_hat"] if write_back else []),
            f"params[key] -= {step}"]]
    return adam("\n".join(body), init)


ADAM_WRONG = {
    "no bias correction": (adam_step("self.lr * self.m[key] / (np.sqrt(self.v[key]) + self.eps)"),
                           "Your steps have no bias correction"),
    "eps inside the root": (adam_step("self.lr * m_hat / np.sqrt(v_hat + self.eps)"),
                            "Your eps is inside the square root"),
    "the efficient form": (adam_step("self.lr * np.sqrt(1 - self.beta2 ** self.t) / "
                                     "(1 - self.beta1 ** self.t) * self.m[key] / "
                                     "(np.sqrt(self.v[key]) + self.eps)"),
                           "That is Adam's \"efficient\" form"),
    "t counted per key": (adam_step("self.lr * m_hat / (np.sqrt(v_hat) + self.eps)",
                                    in_loop=True), "Your step count t goes up once per key"),
    "t stays at 1": (adam_step("self.lr * m_hat / (np.sqrt(v_hat) + self.eps)", t_line="",
                               init=ADAM_INIT.replace("{}, 0", "{}, 1")),
                     "Your step count t stays at 1"),
    "corrected values stored back": (adam_step("self.lr * m_hat / (np.sqrt(v_hat) + self.eps)",
                                               write_back=True),
                                     "You store the bias-corrected values back into m and v"),
    "t from 0, used before counting": (adam_step("self.lr * m_hat / (np.sqrt(v_hat) + self.eps)",
                                                 t_line=""), "emitted a warning"),
    "state forgotten": (adam_step("self.lr * m_hat / (np.sqrt(v_hat) + self.eps)",
                                  t_line="self.m, self.v, self.t = {}, {}, 0\nself.t += 1"),
                        "Your optimizer forgets its moment between updates"),
}


@pytest.mark.parametrize("source, fragment", ADAM_WRONG.values(), ids=list(ADAM_WRONG))
def test_wrong_adam_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.Adam, define(source, "Adam"))


def test_the_efficient_form_is_told_apart_on_a_visible_test():
    message = failure(check.Adam, define(ADAM_WRONG["the efficient form"][0], "Adam"))
    assert message.startswith("Adam: Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-08), ")


# ------------------------------------------------------------------ shared: references, garbage

REFERENCES = {name: getattr(ref, name) for name in NAMES}
CHECKS = {name: getattr(check, name) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_passes_and_hidden_cases_are_hidden(name, capsys):
    passes(CHECKS[name], REFERENCES[name])
    count = len(CHECKS[name].cases())
    assert f"{name}: all {count} visible tests passed." in capsys.readouterr().out
    assert CHECKS[name].cases(hidden=True)
    assert all(case.hidden for case in CHECKS[name].cases(hidden=True))


@pytest.mark.parametrize("name", NAMES)
def test_hidden_cases_change_every_hyper_parameter_and_keep_the_defaults(name):
    hypers = [case.args[0] for case in CHECKS[name].cases(hidden=True)]
    visible = CHECKS[name].cases()[0].args[0]
    assert {} in hypers
    changed = next(h for h in hypers if h and set(h) == set(visible))
    assert all(changed[k] != visible[k] for k in visible)


def test_the_book_defaults_are_the_references_defaults():
    # the hidden "defaults" case builds the class with no arguments, like the notebook's stubs
    assert ref.SGD().lr == 0.01 and ref.Adam().lr == 0.001 and ref.RMSprop().decay_rate == 0.99


GARBAGE_UPDATES = {
    "puts None in params": "for key in params:\n    params[key] = None",
    "deletes the keys": "params.clear()",
    "adds a key": "params['extra'] = 1.0",
    "stores a list": "for key in params:\n    params[key] = params[key].tolist()",
    "raises KeyError": "raise KeyError('W')",
    "makes nan": "for key in params:\n    params[key] *= np.nan",
    "an uncopyable value": "for key in params:\n    params[key] = (x for x in [])",
    "changes dtype through a view": ("for key in params:\n"
                                     "    params[key] = params[key].view(np.int64)"),
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("body", GARBAGE_UPDATES.values(), ids=list(GARBAGE_UPDATES))
def test_garbage_gets_a_check_failure_not_a_traceback(name, body):
    cls = define(optimizer(name, "pass", body, "**hyper"), name)
    with pytest.raises(CheckFailure, match=rf"^{name}: "):
        CHECKS[name](cls)
    with pytest.raises(CheckFailure, match=rf"^{name}: "):
        CHECKS[name](cls, hidden=True)


@pytest.mark.parametrize("thing, kind", [(None, "None"), (3, "a int"),
                                         (ref.SGD(), "a SGD")])
def test_something_that_is_not_a_class_gets_a_message(thing, kind):
    with pytest.raises(CheckFailure, match=rf"SGD: expected a class, got {kind}"):
        check.SGD(thing)


def test_a_function_instead_of_a_class_is_reported_at_its_first_update():
    message = failure(check.SGD, lambda lr=0.01: None)
    assert "update 1 raised AttributeError" in message


def test_hidden_failures_do_not_reveal_expected_values():
    message = failure(check.RMSprop, define(RMSPROP_WRONG["a fixed decay rate"][0], "RMSprop"))
    assert "On a hidden test" in message and "expected" not in message


def test_the_driver_leaves_the_cases_arguments_alone():
    cls = define(SGD_WRONG["scales grads in place"][0], "SGD")
    for case in check.SGD.cases() + check.SGD.cases(hidden=True):
        before = copy.deepcopy(case.args)
        check.run_optimizer(cls, *case.args)
        for a, b in zip(before[2], case.args[2]):
            assert all(np.array_equal(a[k], b[k]) for k in a)
        assert all(np.array_equal(before[1][k], case.args[1][k]) for k in before[1])


def test_every_check_is_found_under_its_own_module():
    for name in NAMES:
        assert CHECKS[name].suite == "coursekit.checks.optimizers"


# ------------------------------------------------------------------------ judged by the grader

ROUND_TRIP = [
    ("SGD", SGD_RIGHT["the course's loop"]),
    ("SGD", SGD_WRONG["returns a new dict"][0]),
    ("SGD", SGD_WRONG["replaces the arrays"][0]),
    ("SGD", SGD_WRONG["scales grads in place"][0]),
    ("Momentum", MOMENTUM_WRONG["state in the class body"][0]),
    ("Momentum", MOMENTUM_WRONG["one velocity for all keys"][0]),
    ("Nesterov", NESTEROV_WRONG["the book's new-velocity form"][0]),
    ("AdaGrad", ADAGRAD_WRONG["no eps"][0]),
    ("Adam", ADAM_RIGHT["one count per key"]),
    ("Adam", ADAM_WRONG["no bias correction"][0]),
]


@pytest.mark.parametrize("name, source", ROUND_TRIP)
@pytest.mark.parametrize("hidden", [False, True])
def test_the_grader_reaches_the_same_verdicts_from_encoded_evidence(name, source, hidden):
    chk = CHECKS[name]
    fn = partial(chk.driver, with_globals(define(source, name), chk.dependencies))
    for case in chk.cases(hidden):
        record = run_case(fn, case)
        assert record.mutated == []
        decoded = Record(case.label, evidence.decode(evidence.encode(record.output)),
                         record.error, record.warnings, record.mutated)
        expected = chk.expected(case)
        assert judge(case, record, expected) == judge(case, decoded, expected)


# ---------------------------------------------------------- tests/wrong_answers/day09_optimizers


@pytest.mark.parametrize("name", NAMES)
def test_each_exercise_has_a_typical_wrong_answer_that_its_check_rejects(name):
    assert set(wrong_answers("day09_optimizers")) == {n.lower() for n in NAMES}
    failure(CHECKS[name], define(wrong_answers("day09_optimizers")[name.lower()], name))


# ---- hints and messages never show the solution (issue 10) ---------------------------------------

DAY = "day09_optimizers"
# Fragments of the solution's code that no message may contain, beyond its own lines.
CODE = ("m_hat =", "v_hat =", "np.sqrt(v_hat) + ", "1 - self.beta1 ** self.t",
        "self.lr * grads[key]", "np.sqrt(self.h[key])", "lr_t * m")


(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    DAY, {name.lower(): (CHECKS[name], name) for name in NAMES}, define, CODE)


def test_adam_in_its_efficient_form_is_told_the_form_asked_for():
    _, wrong = answer_table(DAY)
    efficient = next(v for v in wrong["adam"] if v.name == "the efficient form")
    message = failure(check.Adam, define(efficient.source, "Adam"))
    assert "after update 1, params['W1']" in message and "expected" in message
    assert "Adam's \"efficient\" form" in message and "the standard form" in message
