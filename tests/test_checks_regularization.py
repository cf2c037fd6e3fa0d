"""coursekit.checks.regularization (day 12): many right weight-decay functions, Dropout classes
(any way of drawing the mask from self.rng) and log-uniform samplers pass, plausible wrong ones
fail with a message naming the slip, and garbage gets a message, never a traceback.
"""
from functools import partial

import numpy as np
import pytest

from coursekit.checks import regularization as check
from coursekit.checks.core import CheckFailure
from coursekit_key.answers.regularization import Dropout

import student
from leaks import day_tests
from student import failure, passes, wrong_answers

define = partial(student.define, __name__="__main__")


# ---- weight decay -------------------------------------------------------------------------------

LOSS_RIGHT = [
    """def weight_decay_loss(params, lam):
        return 0.5 * lam * sum(np.sum(v ** 2) for k, v in params.items() if k.startswith("W"))""",
    """def weight_decay_loss(params, lam):
        total = 0
        for key in sorted(params):
            if key[0] == "W":
                total = total + np.linalg.norm(params[key]) ** 2
        return lam * total / 2""",
    """def weight_decay_loss(params, lam):
        return float(0.5 * lam * sum((params[k] * params[k]).sum() for k in params if "W" in k))""",
    """def weight_decay_loss(params, lam):
        i, total = 1, 0.0
        while f"W{i}" in params:
            total += np.sum(np.square(params[f"W{i}"]))
            i += 1
        return 0.5 * lam * total""",
]


@pytest.mark.parametrize("source", LOSS_RIGHT)
def test_weight_decay_loss_right(source):
    passes(check.weight_decay_loss, define(source, "weight_decay_loss"))


LOSS_WRONG = {
    "biases too": ("return 0.5 * lam * sum(np.sum(v ** 2) for v in params.values())",
                   "biases included"),
    "no half": ("return lam * sum(np.sum(v ** 2) for k, v in params.items() if k[0] == 'W')",
                "0.5 is missing"),
    "L1": ("return 0.5 * lam * sum(np.sum(np.abs(v)) for k, v in params.items() if k[0] == 'W')",
           "L1"),
    "norm": ("return 0.5 * lam * np.sqrt(sum(np.sum(v ** 2) for k, v in params.items() "
             "if k[0] == 'W'))", "square root"),
    "None": ("pass", "None"),
    "sum of norms": ("return 0.5 * lam * sum(np.linalg.norm(v) for k, v in params.items() "
                     "if k[0] == 'W')", "adds up the norms"),
    "spectral norm": ("return 0.5 * lam * sum(np.linalg.norm(v, 2) ** 2 for k, v in "
                      "params.items() if k[0] == 'W')", "spectral norm"),
    "mean per matrix": ("return 0.5 * lam * sum(np.mean(v ** 2) for k, v in params.items() "
                        "if k[0] == 'W')", "mean of W ** 2"),
    "gamma and beta": ("return 0.5 * lam * sum(np.sum(v ** 2) for k, v in params.items() "
                       "if k[0] != 'b')", "gamma and beta"),
}


@pytest.mark.parametrize("name", sorted(LOSS_WRONG))
def test_weight_decay_loss_wrong(name):
    body, words = LOSS_WRONG[name]
    fn = define(f"def weight_decay_loss(params, lam):\n    {body}\n", "weight_decay_loss")
    assert words in failure(check.weight_decay_loss, fn)


GRADS_RIGHT = [
    """def weight_decay_grads(grads, params, lam):
        return {k: g + lam * params[k] if k.startswith("W") else g for k, g in grads.items()}""",
    """def weight_decay_grads(grads, params, lam):
        out = dict(grads)
        for k in out:
            if k.startswith("W"):
                out[k] = out[k] + lam * params[k]
        return out""",
    """def weight_decay_grads(grads, params, lam):
        out = {k: v.copy() for k, v in grads.items()}
        for k in out:
            if k[0] == "W":
                out[k] += lam * params[k]
        return out""",
]


@pytest.mark.parametrize("source", GRADS_RIGHT)
def test_weight_decay_grads_right(source):
    passes(check.weight_decay_grads, define(source, "weight_decay_grads"))


GRADS_WRONG = {
    "biases too": ("return {k: g + lam * params[k] for k, g in grads.items()}",
                   "biases included"),
    "half": ("return {k: g + 0.5 * lam * params[k] if k[0] == 'W' else g "
             "for k, g in grads.items()}", "0.5 * lam * W"),
    "in place": ("for k in grads:\n        if k[0] == 'W':\n            grads[k] += lam * "
                 "params[k]\n    return grads", "changed its input in place (grads)"),
    "weights only": ("return {k: g + lam * params[k] for k, g in grads.items() if k[0] == 'W'}",
                     "has no key 'b1'"),
    "sign": ("return {k: g - lam * params[k] if k[0] == 'W' else g for k, g in grads.items()}",
             "sign is flipped"),
    "gamma and beta": ("return {k: g + lam * params[k] if k[0] != 'b' else g "
                       "for k, g in grads.items()}", "gamma and beta"),
    "gradient decayed": ("return {k: g + lam * g if k[0] == 'W' else g for k, g in grads.items()}",
                         "lam times the gradient"),
}


@pytest.mark.parametrize("name", sorted(GRADS_WRONG))
def test_weight_decay_grads_wrong(name):
    body, words = GRADS_WRONG[name]
    fn = define(f"def weight_decay_grads(grads, params, lam):\n    {body}\n",
                "weight_decay_grads")
    assert words in failure(check.weight_decay_grads, fn)


# ---- Dropout -------------------------------------------------------------------------------------

DROPOUT = '''
class Dropout:
    def __init__(self, dropout_ratio=0.5, rng=None):
        self.dropout_ratio = dropout_ratio
        self.rng = np.random.default_rng(rng)
        self.mask = None

    def forward(self, x, train_flg=True):
        if not train_flg:
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.dropout_ratio
        return x * self.mask / (1.0 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask / (1.0 - self.dropout_ratio)
'''


def dropout_variant(old, new):
    assert old in DROPOUT, old
    return define(DROPOUT.replace(old, new), "Dropout")


MASK = "self.mask = self.rng.random(x.shape) >= self.dropout_ratio"
DROPOUT_RIGHT = {
    "solution": (MASK, MASK),
    "strict >": (MASK, "self.mask = self.rng.random(x.shape) > self.dropout_ratio"),
    "1 - random < keep": (MASK, "self.mask = 1 - self.rng.random(size=x.shape) > "
                                "self.dropout_ratio"),
    "uniform": (MASK, "self.mask = self.rng.uniform(0, 1, x.shape) >= self.dropout_ratio"),
    "binomial": (MASK, "self.mask = self.rng.binomial(1, 1 - self.dropout_ratio, x.shape)"),
    "float mask with scale": (
        MASK + "\n        return x * self.mask / (1.0 - self.dropout_ratio)",
        "keep = 1.0 - self.dropout_ratio\n        self.mask = (self.rng.random(x.shape) < keep)"
        " / keep\n        return x * self.mask"),
    "inference returns x itself": ("return x.copy()", "return x"),
    "where": ("return x * self.mask / (1.0 - self.dropout_ratio)",
              "return np.where(self.mask, x / (1.0 - self.dropout_ratio), 0.0)"),
}


@pytest.mark.parametrize("name", sorted(DROPOUT_RIGHT))
def test_dropout_right(name):
    old, new = DROPOUT_RIGHT[name]
    cls = dropout_variant(old, new)
    if name == "float mask with scale":
        cls = define(DROPOUT.replace(old, new).replace(
            "return dout * self.mask / (1.0 - self.dropout_ratio)", "return dout * self.mask"),
            "Dropout")
    passes(check.Dropout, cls)


def test_reference_dropout_passes():
    passes(check.Dropout, Dropout)


DROPOUT_WRONG = {
    "book, unscaled": (("return x * self.mask / (1.0 - self.dropout_ratio)",
                        "return x * self.mask"), "book's original (non-inverted) dropout"),
    "one mask per feature": ((MASK, "self.mask = self.rng.random(x.shape[-1]) >= "
                                    "self.dropout_ratio"), "same units in every sample"),
    "keeps ratio": ((MASK, "self.mask = self.rng.random(x.shape) < self.dropout_ratio"),
                    "share DROPPED"),
    "scaled by ratio": (("return x * self.mask / (1.0 - self.dropout_ratio)",
                         "return x * self.mask / self.dropout_ratio"), "divides by ratio"),
    "book inference": (("return x.copy()", "return x * (1.0 - self.dropout_ratio)"),
                       "book's (non-inverted) dropout"),
    "drops at inference": (("if not train_flg:\n            return x.copy()", "pass"),
                           "nothing is dropped"),
    "global numpy rng": ((MASK, "self.mask = np.random.rand(*x.shape) >= self.dropout_ratio"),
                         "same seed dropped different units"),
    "mask drawn once": ((MASK, "if self.mask is None or self.mask.shape != x.shape:\n"
                               "            " + MASK), "exactly the same units"),
    "backward new mask": (("return dout * self.mask / (1.0 - self.dropout_ratio)",
                           "return dout * (self.rng.random(dout.shape) >= self.dropout_ratio) "
                           "/ (1.0 - self.dropout_ratio)"), "mask of the latest training forward"),
    "backward unscaled": (("return dout * self.mask / (1.0 - self.dropout_ratio)",
                           "return dout * self.mask"), "Scale the gradient"),
    "backward ignores mask": (("return dout * self.mask / (1.0 - self.dropout_ratio)",
                               "return dout"), "dout unchanged"),
    "in place": (("return x * self.mask / (1.0 - self.dropout_ratio)",
                  "x *= self.mask / (1.0 - self.dropout_ratio)\n        return x"),
                 "in place (x)"),
    "not written": (("if not train_flg:", "raise NotImplementedError\n        if not train_flg:"),
                    "not written yet"),
}


@pytest.mark.parametrize("name", sorted(DROPOUT_WRONG))
def test_dropout_wrong(name):
    (old, new), words = DROPOUT_WRONG[name]
    message = failure(check.Dropout, dropout_variant(old, new))
    assert words in message, message


def test_dropout_garbage():
    for thing in (None, 3):
        with pytest.raises(CheckFailure) as info:
            check.Dropout(thing)
        assert "expected a class" in str(info.value)


# ---- random search -------------------------------------------------------------------------------

SEARCH_RIGHT = [
    """def random_search(ranges, n_trials, rng):
        return {k: 10 ** rng.uniform(np.log10(lo), np.log10(hi), n_trials)
                for k, (lo, hi) in ranges.items()}""",
    """def random_search(ranges, n_trials, rng):
        return {k: np.exp(rng.uniform(np.log(lo), np.log(hi), size=n_trials))
                for k, (lo, hi) in ranges.items()}""",
    """def random_search(ranges, n_trials, rng):
        trials = []
        for _ in range(n_trials):
            trials.append({k: 10 ** rng.uniform(np.log10(lo), np.log10(hi))
                           for k, (lo, hi) in ranges.items()})
        return trials""",
    """def random_search(ranges, n_trials, rng):
        out = {}
        for k, (lo, hi) in ranges.items():
            out[k] = lo * (hi / lo) ** rng.random(n_trials)
        return out""",
    """def random_search(ranges, n_trials, rng):
        names = list(ranges)
        u = rng.random((n_trials, len(names)))
        return {k: 10 ** (np.log10(ranges[k][0]) + u[:, i] * np.log10(ranges[k][1] / ranges[k][0]))
                for i, k in enumerate(names)}""",
]


@pytest.mark.parametrize("source", SEARCH_RIGHT)
def test_random_search_right(source):
    passes(check.random_search, define(source, "random_search"))


SEARCH_WRONG = {
    "linear": ("return {k: rng.uniform(lo, hi, n_trials) for k, (lo, hi) in ranges.items()}",
               "LINEAR scale"),
    "integer exponents": ("return {k: 10.0 ** rng.integers(int(np.log10(lo)), int(np.log10(hi)) "
                          "+ 1, n_trials) for k, (lo, hi) in ranges.items()}", "distinct values"),
    "mixed bases": ("return {k: 10 ** rng.uniform(np.log(lo), np.log(hi), n_trials) "
                    "for k, (lo, hi) in ranges.items()}", "leave the range"),
    "shared draw": ("u = rng.random(n_trials)\n    return {k: lo * (hi / lo) ** u "
                    "for k, (lo, hi) in ranges.items()}", "not drawn independently"),
    "global rng": ("return {k: 10 ** np.random.uniform(np.log10(lo), np.log10(hi), n_trials) "
                   "for k, (lo, hi) in ranges.items()}", "same seed gave different samples"),
    "wrong count": ("return {k: 10 ** rng.uniform(np.log10(lo), np.log10(hi), n_trials + 1) "
                    "for k, (lo, hi) in ranges.items()}", "expected"),
    "log grid": ("return {k: np.logspace(np.log10(lo), np.log10(hi), n_trials) "
                 "for k, (lo, hi) in ranges.items()}", "grid on a log scale"),
    "exponents only": ("return {k: rng.uniform(np.log10(lo), np.log10(hi), n_trials) "
                       "for k, (lo, hi) in ranges.items()}", "they are the exponents"),
}


@pytest.mark.parametrize("name", sorted(SEARCH_WRONG))
def test_random_search_wrong(name):
    body, words = SEARCH_WRONG[name]
    fn = define(f"def random_search(ranges, n_trials, rng):\n    {body}\n", "random_search")
    message = failure(check.random_search, fn)
    assert words in message, message


# ---- the wrong-answer file ----------------------------------------------------------------------

def test_wrong_answer_file_fails_each_check():
    answers = wrong_answers("day12_regularization")
    assert set(answers) == {"weight_decay_loss", "weight_decay_grads", "dropout_layer",
                            "random_search"}
    failure(check.weight_decay_loss, define(answers["weight_decay_loss"], "weight_decay_loss"))
    failure(check.weight_decay_grads, define(answers["weight_decay_grads"], "weight_decay_grads"))
    failure(check.Dropout, define(answers["dropout_layer"], "Dropout"))
    failure(check.random_search, define(answers["random_search"], "random_search"))


# ---- hints and messages never show the solution --------------------------------------------------

CHECKS = {"weight_decay_loss": (check.weight_decay_loss, "weight_decay_loss"),
          "weight_decay_grads": (check.weight_decay_grads, "weight_decay_grads"),
          "dropout_layer": (check.Dropout, "Dropout"),
          "random_search": (check.random_search, "random_search")}
CODE = ("self.rng.random(", "rng.uniform(np.log10", "10 ** rng", "np.sum(", "return ", "self.mask =")
DAY = "day12_regularization"
(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    DAY, CHECKS, define, CODE)
