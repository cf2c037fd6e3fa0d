"""coursekit.checks.batchnorm (day 11): many right BatchNormalization classes pass (compact or
step-by-step backward, in-place or rebound running statistics, any helper names), plausible
wrong ones fail with a message naming the slip (ddof=1, eps outside the root, inference with
batch statistics, running statistics not updated or with momentum reversed, backward without
the mean terms), and garbage gets a message, never a traceback from coursekit.
"""
from functools import partial

import numpy as np
import pytest

from coursekit import layers as L
from coursekit.checks import batchnorm as check
from coursekit.checks.core import CheckFailure
from coursekit.gradient import relative_error
from coursekit_key.answers.gradient import numerical_gradient
from coursekit_key.answers import batchnorm as answers

from leaks import day_tests
import student
from student import wrong_answers

CONSTRUCTOR = '''
class BatchNormalization:
    def __init__(self, gamma, beta, momentum=0.9, eps=1e-5):
        self.gamma, self.beta = gamma, beta
        self.momentum, self.eps = momentum, eps
        self.running_mean = np.zeros_like(gamma, dtype=float)
        self.running_var = np.ones_like(gamma, dtype=float)
        self.dgamma = self.dbeta = None
'''

FORWARD = '''
    def forward(self, x, train_flg=True):
        if train_flg:
            mu = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        else:
            mu, var = self.running_mean, self.running_var
        self.train_flg = train_flg
        self.std = np.sqrt(var + self.eps)
        self.x_hat = (x - mu) / self.std
        return self.gamma * self.x_hat + self.beta
'''

BACKWARD = '''
    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        if self.train_flg:
            dx_hat = dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)
        return dx_hat / self.std
'''

SOLUTION = CONSTRUCTOR + FORWARD + BACKWARD

# The book's step-by-step backward (with the biased variance and eps inside the root).
BOOK = CONSTRUCTOR + '''
    def forward(self, x, train_flg=True):
        if train_flg:
            mu = x.mean(axis=0)
            xc = x - mu
            var = np.mean(xc ** 2, axis=0)
            std = np.sqrt(var + self.eps)
            xn = xc / std
            self.batch_size, self.xc, self.xn, self.std = x.shape[0], xc, xn, std
            self.running_mean *= self.momentum
            self.running_mean += (1 - self.momentum) * mu
            self.running_var *= self.momentum
            self.running_var += (1 - self.momentum) * var
        else:
            xn = (x - self.running_mean) / np.sqrt(self.running_var + self.eps)
        return self.gamma * xn + self.beta

    def backward(self, dout):
        dbeta = dout.sum(axis=0)
        dgamma = np.sum(self.xn * dout, axis=0)
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
        dvar = 0.5 * dstd / self.std
        dxc = dxc + (2.0 / self.batch_size) * self.xc * dvar
        dmu = np.sum(dxc, axis=0)
        dx = dxc - dmu / self.batch_size
        self.dgamma, self.dbeta = dgamma, dbeta
        return dx
'''


define = partial(student.define, __name__="__main__")
passes = partial(student.passes, check.BatchNormalization)
failure = partial(student.failure, check.BatchNormalization)


def variant(old, new, source=SOLUTION):
    assert old in source, old
    return source.replace(old, new)


RIGHT = {
    "solution": SOLUTION,
    "book step by step": BOOK,
    "mean of squares": variant("var = x.var(axis=0)", "var = np.mean((x - mu) ** 2, axis=0)"),
    "var via E[x^2] - mu^2": variant("var = x.var(axis=0)",
                                     "var = (x ** 2).mean(axis=0) - mu ** 2"),
    "np.var ddof=0 explicit": variant("var = x.var(axis=0)", "var = np.var(x, axis=0, ddof=0)"),
    "lerp form of the running average": variant(
        "self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu",
        "self.running_mean = self.running_mean + (1 - self.momentum) * (mu - self.running_mean)"),
    "inverse std kept": variant("return dx_hat / self.std", "return dx_hat * (1.0 / self.std)"),
    "sums instead of means": variant(
        "dx_hat = dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)",
        "n = dout.shape[0]\n            dx_hat = (n * dx_hat - dx_hat.sum(axis=0) - self.x_hat * "
        "(dx_hat * self.x_hat).sum(axis=0)) / n"),
    "explicit flag argument name": variant("train_flg=True):\n        if train_flg:",
                                           "train_flg=True):\n        if train_flg is True:"),
    "keepdims statistics": variant("mu = x.mean(axis=0)\n            var = x.var(axis=0)",
                                   "mu = x.mean(axis=0, keepdims=True)[0]\n"
                                   "            var = x.var(axis=0, keepdims=True)[0]"),
}


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_right_answers_pass(name):
    passes(define(RIGHT[name], "BatchNormalization"))


def test_reference_passes():
    passes(answers.BatchNormalization)


WRONG = {
    "unbiased variance": (variant("var = x.var(axis=0)", "var = x.var(axis=0, ddof=1)"),
                          "ddof=1"),
    "eps outside the root": (variant("self.std = np.sqrt(var + self.eps)",
                                     "self.std = np.sqrt(var) + self.eps"),
                             "eps is outside the square root"),
    "inference with batch statistics": (variant(
        "mu, var = self.running_mean, self.running_var", "mu, var = x.mean(axis=0), x.var(axis=0)"),
        "use running_mean and running_var instead"),
    "running statistics not updated": (variant(
        "self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu", "pass"),
        "running_mean never moved"),
    "momentum reversed": (variant(
        "self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu",
        "self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mu"),
        "momentum is the wrong way round"),
    "backward without mean terms": (variant(
        "dx_hat = dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)",
        "pass"), "the mean and the variance depend on x too"),
    "backward without variance term": (variant(
        " - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)", ""), "variance is missing"),
    "dbeta as a mean": (variant("self.dbeta = dout.sum(axis=0)", "self.dbeta = dout.mean(axis=0)"),
                        "dbeta is the sum"),
    "dgamma not summed": (variant("self.dgamma = (dout * self.x_hat).sum(axis=0)",
                                  "self.dgamma = dout * self.x_hat"), "summed over the batch"),
    "dbeta not summed": (variant("self.dbeta = dout.sum(axis=0)", "self.dbeta = dout * 1.0"),
                         "dbeta is dout summed over the batch"),
    "dgamma without x_hat": (variant("self.dgamma = (dout * self.x_hat).sum(axis=0)",
                                     "self.dgamma = dout.sum(axis=0)"), "dgamma = (dout * x_hat)"),
    "no gamma and beta": (variant("return self.gamma * self.x_hat + self.beta",
                                  "return self.x_hat"), "scale by gamma and shift by beta"),
    "hard-coded eps": (variant("np.sqrt(var + self.eps)", "np.sqrt(var + 1e-7)"),
                       "features with a tiny spread"),
    "in-place dout": (variant("dx_hat = dout * self.gamma",
                              "dout *= self.gamma\n        dx_hat = dout"),
                      "changed its input in place (dout)"),
    "in-place x": (variant("self.x_hat = (x - mu) / self.std",
                           "x -= mu\n        self.x_hat = x / self.std"),
                   "changed its input in place (x)"),
    "no dgamma attribute": (variant("self.dgamma = (dout * self.x_hat).sum(axis=0)", "pass"),
                            "self.dgamma"),
    "backward stale after reuse": (variant(
        "self.x_hat = (x - mu) / self.std\n        return self.gamma * self.x_hat + self.beta",
        "if not hasattr(self, 'x_hat'):\n            self.x_hat = (x - mu) / self.std\n"
        "        return self.gamma * (x - mu) / self.std + self.beta"),
        "one layer, a training forward on a batch of 7, then on a batch of 3"),
    "not written": (CONSTRUCTOR + "\n    def forward(self, x, train_flg=True):\n"
                    "        raise NotImplementedError\n", "not written yet"),
}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_answers_fail_with_a_message(name):
    source, words = WRONG[name]
    message = failure(define(source, "BatchNormalization"))
    assert words in message, message
    assert "Traceback" not in message


def test_hidden_messages_do_not_show_expected_values():
    fixed_eps = define(variant("np.sqrt(var + self.eps)", "np.sqrt(var + 1e-5)"),
                       "BatchNormalization")
    check.BatchNormalization(fixed_eps)  # right wherever eps is the default 1e-5
    with pytest.raises(CheckFailure) as info:
        check.BatchNormalization(fixed_eps, hidden=True)
    message = str(info.value)
    assert "On a hidden test (momentum=0.5 and eps=0.1)" in message
    assert "; expected" not in message


def test_garbage_gets_a_message():
    for thing in (None, 3, BatchNormalization_instance()):
        with pytest.raises(CheckFailure) as info:
            check.BatchNormalization(thing)
        assert "expected a class" in str(info.value)


def BatchNormalization_instance():
    return answers.BatchNormalization(np.ones(2), np.zeros(2))


def test_wrong_answer_file_fails_its_check():
    answers = wrong_answers("day11_batch_norm")
    assert set(answers) == {"batch_normalization", "batchnorm_backward",
                            "batchnorm_backward_fixed"}
    assert "ddof=1" in failure(define(answers["batch_normalization"], "BatchNormalization"))
    assert "summed over the batch" in student.failure(
        check.batchnorm_backward, define(answers["batchnorm_backward"], "batchnorm_backward"))
    assert "the bug is still there" in student.failure(
        check.batchnorm_backward_fixed,
        define(answers["batchnorm_backward_fixed"], "batchnorm_backward_fixed"))


# ---- batchnorm_forward and the node-by-node backward ----------------------------------------------

def test_batchnorm_forward_matches_the_layer_and_caches_every_node():
    rng = np.random.default_rng(0)
    x, gamma, beta = rng.normal(3, 2, (7, 4)), rng.normal(size=4), rng.normal(size=4)
    out, cache = L.batchnorm_forward(x, gamma, beta, eps=1e-3)
    np.testing.assert_allclose(out, answers.BatchNormalization(gamma, beta, eps=1e-3).forward(x),
                               rtol=1e-12)
    np.testing.assert_allclose(cache["xc"], x - x.mean(axis=0))
    np.testing.assert_allclose(cache["std"], np.sqrt(x.var(axis=0) + 1e-3))
    np.testing.assert_allclose(cache["x_hat"].mean(axis=0), 0, atol=1e-12)
    assert cache["eps"] == 1e-3 and cache["gamma"] is gamma


def test_reference_backward_agrees_with_numerical_gradients():
    rng = np.random.default_rng(1)
    x, gamma, dout = rng.normal(size=(6, 3)), rng.normal(size=3), rng.normal(size=(6, 3))
    beta = np.zeros(3)
    cache = L.batchnorm_forward(x, gamma, beta)[1]

    def loss(x, gamma, beta):
        return float(np.sum(L.batchnorm_forward(x, gamma, beta)[0] * dout))

    numeric = (numerical_gradient(lambda v: loss(v, gamma, beta), x.copy()),
               numerical_gradient(lambda v: loss(x, v, beta), gamma.copy()),
               numerical_gradient(lambda v: loss(x, gamma, v), beta.copy()))
    for analytic, want in zip(answers.batchnorm_backward(dout, cache), numeric):
        assert relative_error(analytic, want) < 1e-7


STAGED = """
def batchnorm_backward(dout, cache):
    N = dout.shape[0]
    xc, std, x_hat, gamma = cache["xc"], cache["std"], cache["x_hat"], cache["gamma"]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dxc = dx_hat / std
    dstd = -(dx_hat * xc).sum(axis=0) / std ** 2
    dvar = dstd / (2 * std)
    dxc = dxc + 2 * xc * dvar / N
    dmu = -dxc.sum(axis=0)
    dx = dxc + dmu / N
    return dx, dgamma, dbeta
"""
COMPACT = """
def batchnorm_backward(dout, cache):
    x_hat = cache["x_hat"]
    g = dout * cache["gamma"]
    dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / cache["std"]
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
"""
backward_passes = partial(student.passes, check.batchnorm_backward)
backward_failure = partial(student.failure, check.batchnorm_backward)


@pytest.mark.parametrize("source", [STAGED, COMPACT, STAGED.replace(
    "dvar = dstd / (2 * std)", "dvar = 0.5 * dstd / std").replace(
    "x_hat = cache[\"x_hat\"]", "x_hat = xc / std")], ids=["staged", "compact", "recomputed"])
def test_right_backwards_pass(source):
    backward_passes(define(source, "batchnorm_backward"))
    student.passes(check.batchnorm_backward_fixed, define(source, "batchnorm_backward"))


WRONG_BACKWARD = {
    "half the variance path": (STAGED.replace("2 * xc * dvar / N", "xc * dvar / N"),
                               "2 * xc / N"),
    "no mean or variance path": (COMPACT.replace(
        "(g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))", "g"),
        "as if mu and var were constants"),
    "no variance path": (COMPACT.replace(" - x_hat * (g * x_hat).mean(axis=0)", ""),
                         "path through the variance is missing"),
    "no mean path": (COMPACT.replace(" - g.mean(axis=0)", ""), "path through the mean"),
    "dmu not divided by N": (STAGED.replace("dx = dxc + dmu / N", "dx = dxc + dmu"),
                             "not divided by N"),
    "gamma forgotten": (COMPACT.replace("g = dout * cache[\"gamma\"]", "g = dout"),
                        "gamma is missing"),
    "dgamma not summed": (COMPACT.replace("(dout * x_hat).sum(axis=0)", "dout * x_hat"),
                          "summed over the batch"),
    "dbeta a mean": (COMPACT.replace("dout.sum(axis=0)", "dout.mean(axis=0)"), "dbeta is the sum"),
    "dout overwritten": (COMPACT.replace("g = dout * cache[\"gamma\"]",
                                         "dout *= cache[\"gamma\"]\n    g = dout"),
                         "changed its input in place (dout)"),
    "a list of two": (COMPACT.replace("return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)",
                                      "return dx, dout.sum(axis=0)"),
                      "expected the tuple (dx, dgamma, dbeta)"),
}


@pytest.mark.parametrize("name", sorted(WRONG_BACKWARD))
def test_wrong_backwards_fail_with_a_message(name):
    source, words = WRONG_BACKWARD[name]
    message = backward_failure(define(source, "batchnorm_backward"))
    assert words in message, message
    assert "Traceback" not in message


def test_a_wrong_dx_reports_its_gradient_check():
    message = backward_failure(define(WRONG_BACKWARD["no variance path"][0],
                                      "batchnorm_backward"))
    error = float(message.split("dx has relative error ")[1].split()[0])
    assert error > 1e-2 and "below 1e-7" in message


def test_the_unfixed_bug_is_named_without_giving_the_fix():
    message = student.failure(check.batchnorm_backward_fixed,
                              define(WRONG_BACKWARD["half the variance path"][0],
                                     "batchnorm_backward"))
    assert "the bug is still there" in message
    assert "2 * xc" not in message and "variance" not in message


def test_hidden_backward_messages_hide_the_expected_values():
    only_large_batches = COMPACT.replace("g.mean(axis=0)", "g.mean(axis=0) * (len(g) > 2)")
    message = backward_failure(define(only_large_batches, "batchnorm_backward"))
    assert message.startswith("batchnorm_backward: On a hidden test (a batch of 2 samples")
    assert "expected" not in message


# ---- hints and messages never show the solution --------------------------------------------------

ANSWER_CHECKS = {"batchnorm_backward": (check.batchnorm_backward, "batchnorm_backward"),
                  "batch_normalization": (check.BatchNormalization, "BatchNormalization"),
                  "batchnorm_backward_fixed": (check.batchnorm_backward_fixed,
                                               "batchnorm_backward_fixed")}
(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    "day11_batch_norm", ANSWER_CHECKS, define)
