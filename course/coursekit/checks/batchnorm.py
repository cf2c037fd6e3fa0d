"""Checks for day 11: batch normalisation (배치 정규화).

    from coursekit.checks import batchnorm as check
    check.BatchNormalization(BatchNormalization)     # the class itself, not an instance
    check.batchnorm_backward(batchnorm_backward)
    check.batchnorm_backward_fixed(batchnorm_backward_fixed)

Policy (what passes):
- The class is built as BatchNormalization(gamma, beta, momentum=..., eps=...) (the notebook
  writes the constructor: running_mean starts at 0, running_var at 1) and driven through
  scenarios compared with the course's reference layer: a training forward (the
  default train_flg=True) and its backward; two training forwards, then backward (running
  statistics move twice, backward belongs to the latest batch); a training forward, then an
  inference forward (train_flg=False), which must use the running statistics and leave them as
  they were. After each forward running_mean and running_var are read, after backward dgamma
  and dbeta. Inputs are batches (N, D); the variance is the biased one (divide by N), eps sits
  inside the square root, running = momentum * running + (1 - momentum) * batch statistic.
- forward must not write into x, backward not into dout, and neither into gamma or beta.
- Any way of writing the backward pass (the compact closed form, or the book's step-by-step
  dxc / dstd / dvar / dmu chain) passes: only the numbers count.
- A result that matches a known slip is named: unbiased variance (ddof=1), eps outside the
  square root, inference with the batch's own statistics, running statistics never updated or
  with momentum the wrong way round, a backward without the mean terms, a mean for dbeta.

- batchnorm_backward(dout, cache) and batchnorm_backward_fixed(dout, cache) (the find-the-bug
  exercise) return (dx, dgamma, dbeta) for the cache of coursekit.layers.batchnorm_forward (every
  node's value: x, gamma, eps, mu, xc, var, std, x_hat) and are compared with the course's layer;
  any way of computing them passes (node by node, the compact formula, loops, keepdims sums, a
  recomputed std). Neither may write into dout or the cache. A wrong gradient is reported with its
  relative error against the right one (what a gradient check of L = sum(out * dout) would
  report; the reference is gradient-checked in tests/test_layers.py), and the known slips are
  named (a path through mu or var missing, half the variance path, dmu not divided by N, gamma
  forgotten, dgamma or dbeta not summed over the batch); for the fix, the unfixed bug is named
  without saying where it is, since finding it is the exercise.

Tolerance: rtol 1e-5, atol 1e-8 in float64; rtol 1e-4, atol 1e-6 in float32 (1e-5 for the
backward functions' gradients).
"""
from __future__ import annotations

import copy
from functools import partial

import numpy as np

from .. import layers as L
from ..gradient import relative_error
from .classes import ClassCheck, Step, compare_value, kind_of, where
from .core import FLOAT32, FLOAT32_SUMS, Case, FunctionCheck, as_numeric, register

_SEED = 11

_DATA = ("gamma", "beta", "momentum", "eps", "x", "dout", "x_before", "inference")
_BUILD = Step(None, ("gamma", "beta"), {"momentum": "momentum", "eps": "eps"},
              label="BatchNormalization(gamma, beta, momentum, eps)")
_RUNNING = ("running_mean", "running_var")
_BACKWARD = Step("backward", ("dout",), returns="dx", reads=("dgamma", "dbeta"))
_SCENARIOS = {
    "main": (_BUILD, Step("forward", ("x",), returns="out", reads=_RUNNING), _BACKWARD),
    "reuse": (_BUILD, Step("forward", ("x_before",), returns="out_before", reads=_RUNNING),
              Step("forward", ("x",), returns="out", reads=_RUNNING), _BACKWARD),
    "inference": (_BUILD, Step("forward", ("x_before",), returns="out_before", reads=_RUNNING),
                  Step("forward", ("x",), {"train_flg": "inference"}, returns="out",
                       reads=_RUNNING, label="forward(x, train_flg=False)")),
}

HINT = ("Training: normalise each feature with the batch's mean and biased variance (divide by "
        "N), eps inside the square root, then scale by gamma and shift by beta; each running "
        "statistic moves a (1 - momentum) share of the way to the batch's value. Inference: the "
        "same with the running statistics. Backward: dbeta and dgamma sum over the batch; dx is "
        "the compact form of the notebook, built from the batch means of dx_hat and of dx_hat "
        "times x_hat.")
_INFERENCE_HINT = ("With train_flg=False use running_mean and running_var, and do not update "
                   "them: inference must not depend on the rest of the batch.")


def _stats(x, ddof=0):
    x = np.asarray(x, dtype=float)
    return x.mean(axis=0), x.var(axis=0, ddof=ddof)


def _normalised(x, eps, ddof=0, eps_outside=False):
    mu, var = _stats(x, ddof)
    std = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
    return (np.asarray(x, dtype=float) - mu) / std


def _affine(gamma, beta, x_hat):
    return gamma * x_hat + beta


def _plain_dx(gamma, eps, x, dout, **_):
    return dout * gamma / np.sqrt(_stats(x)[1] + eps)


def _dx_eps_outside(gamma, eps, x, dout, **_):
    x_hat = _normalised(x, eps, eps_outside=True)
    dx_hat = dout * gamma
    dx_hat = dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0)
    return dx_hat / (np.sqrt(_stats(x)[1]) + eps)


def _dx_without_variance_term(gamma, eps, x, dout, **_):
    dx_hat = dout * gamma
    return (dx_hat - dx_hat.mean(axis=0)) / np.sqrt(_stats(x)[1] + eps)


_SLIPS = [
    # first: in training it is the right answer, so it can only match in inference mode
    ("out", lambda gamma, beta, eps, x, **_: _affine(gamma, beta, _normalised(x, eps)),
     "In inference mode (train_flg=False) that normalises with the batch's own mean and "
     "variance; use running_mean and running_var instead."),
    ("out", lambda gamma, beta, eps, x, **_: _affine(gamma, beta, _normalised(x, eps, ddof=1)),
     "That normalises with the unbiased variance (ddof=1, dividing by N - 1); batch "
     "normalisation uses the batch's own variance, dividing by N: x.var(axis=0)."),
    ("out", lambda gamma, beta, eps, x, **_: _affine(gamma, beta,
                                                     _normalised(x, eps, eps_outside=True)),
     "eps is outside the square root: divide by np.sqrt(var + eps), not np.sqrt(var) + eps."),
    ("out", lambda eps, x, **_: _normalised(x, eps),
     "That is x_hat alone: scale by gamma and shift by beta."),
    ("running_mean", lambda gamma, **_: np.zeros_like(gamma, dtype=float),
     "running_mean never moved: update it in every training forward, running_mean = momentum "
     "* running_mean + (1 - momentum) * mu."),
    ("running_mean", lambda momentum, x, **_: momentum * _stats(x)[0],
     "momentum is the wrong way round: the OLD running value keeps the share momentum, the new "
     "batch gets 1 - momentum."),
    ("running_mean", lambda x, **_: _stats(x)[0],
     "That replaces running_mean by this batch's mean; average it in: running_mean = momentum "
     "* running_mean + (1 - momentum) * mu."),
    ("running_var", lambda gamma, **_: np.ones_like(gamma, dtype=float),
     "running_var never moved: update it in every training forward, running_var = momentum * "
     "running_var + (1 - momentum) * var."),
    ("running_var", lambda momentum, x, **_: momentum + (1 - momentum) * _stats(x, ddof=1)[1],
     "running_var uses the unbiased variance (ddof=1); the course uses the batch variance "
     "(divide by N) in the running average too, as the book and coursekit do."),
    ("running_var", lambda momentum, x, **_: (1 - momentum) + momentum * _stats(x)[1],
     "momentum is the wrong way round: the OLD running value keeps the share momentum, the new "
     "batch gets 1 - momentum."),
    ("dx", _plain_dx,
     "That is dout * gamma / std alone: the mean and the variance depend on x too, which adds "
     "the terms - mean(dx_hat) - x_hat * mean(dx_hat * x_hat) before dividing by std."),
    ("dx", _dx_eps_outside,
     "eps is outside the square root: divide by np.sqrt(var + eps), not np.sqrt(var) + eps."),
    ("dx", _dx_without_variance_term,
     "The term from the variance is missing: subtract x_hat * mean(dx_hat * x_hat) too."),
    ("dbeta", lambda dout, **_: np.asarray(dout).mean(axis=0),
     "That is the mean of dout; dbeta is the sum over the batch, dout.sum(axis=0)."),
    ("dgamma", lambda dout, **_: np.asarray(dout).sum(axis=0),
     "That is dout summed alone: dgamma = (dout * x_hat).sum(axis=0)."),
    ("dgamma", lambda eps, x, dout, **_: np.asarray(dout) * _normalised(x, eps),
     "dgamma is dout * x_hat summed over the batch (axis 0): every sample uses the same gamma, "
     "so their gradients add up to one value per feature."),
    ("dbeta", lambda dout, **_: np.asarray(dout, dtype=float),
     "dbeta is dout summed over the batch (axis 0): every sample uses the same beta."),
]


def _show(a) -> str:
    return str(np.asarray(a).tolist())


def _case(label, gamma, beta, x, dout=None, scenario="main", momentum=0.9, eps=1e-5,
          x_before=None, hidden=False, float32=False, extra=""):
    tolerance = FLOAT32 if float32 else {}
    return BatchNormalization.case(
        label, scenario=scenario, hint=f"{HINT} {extra}".strip(), slips=_SLIPS, hidden=hidden,
        gamma=gamma, beta=beta, momentum=momentum, eps=eps, x=x, dout=dout, x_before=x_before,
        inference=False, **tolerance)


def _rounded(rng, shape, scale=1.0, shift=0.0):
    return np.round(shift + scale * rng.standard_normal(shape), 1)


def _visible():
    rng = np.random.default_rng(_SEED)
    x = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [6.0, 40.0]])
    dout = np.array([[0.5, -1.0], [1.0, 0.0], [-0.5, 2.0], [1.0, 1.0]])
    gamma, beta = np.array([1.0, 2.0]), np.array([0.0, -1.0])
    g3, b3 = np.array([1.5, 0.5, 1.0]), np.array([0.1, 0.2, -0.3])
    x3, d3 = _rounded(rng, (5, 3), 2.0, 1.0), _rounded(rng, (5, 3))
    small = np.array([[0.01, 5.0], [-0.01, 5.02], [0.02, 4.99]])
    small_dout = np.array([[1.0, 0.5], [-1.0, 0.0], [0.5, 1.0]])
    before = _rounded(rng, (6, 3), 1.0, -2.0)
    return [
        _case(f"BatchNormalization(gamma={_show(gamma)}, beta={_show(beta)}, momentum=0.9, "
              f"eps=1e-5): forward(x) in training, then backward(dout), for x = {_show(x)} and "
              f"dout = {_show(dout)}", gamma, beta, x, dout),
        _case(f"gamma={_show(g3)}, beta={_show(b3)}: forward(x) then backward(dout) for x = "
              f"{_show(x3)}, dout = {_show(d3)}", g3, b3, x3, d3),
        _case(f"features with a tiny spread (where eps matters): x = {_show(small)}, dout = "
              f"{_show(small_dout)}, gamma = [1, 1], beta = [0, 0]", np.ones(2), np.zeros(2),
              small, small_dout),
        _case(f"gamma={_show(g3)}, beta={_show(b3)}: a training forward on x_before = "
              f"{_show(before)}, then forward(x, train_flg=False) on x = {_show(x3[:2])}",
              g3, b3, x3[:2], scenario="inference", x_before=before, extra=_INFERENCE_HINT),
    ]


# The hidden cases are in the answer key (coursekit_key.hidden.batchnorm).
BatchNormalization = ClassCheck("BatchNormalization", None, _visible, data=_DATA,
                                scenarios=_SCENARIOS)


# ---- the node-by-node backward (batchnorm_backward) and the find-the-bug fix ----------------------

GRAD_NAMES = ("dx", "dgamma", "dbeta")
BACKWARD_HINT = ("Walk the graph from the output back: dbeta sums dout over the batch, dgamma "
                 "sums dout * x_hat, and dx_hat is dout times gamma; x_hat = xc / std sends "
                 "dx_hat / std to xc and a sum over the batch to std; std = sqrt(var + eps) and "
                 "var = mean(xc ** 2) pass it on to xc by their local derivatives; xc = x - mu "
                 "sends to x and (negated, summed) to mu; mu = mean(x) spreads its gradient over "
                 "the N samples. Where a node feeds two paths, add the gradients.")
FIXED_HINT = ("Run the gradient check: dgamma and dbeta are right and dx is not, so the bug is on "
              "the way from x_hat back to x. Compare each node's local derivative there with the "
              "graph, one node at a time.")


def _gradient_check_note(index, got, right) -> str:
    """A sentence giving the relative error of part `index` of the output (`got`) against the
    right gradient (`right`), as a gradient check would report it."""
    try:
        error = relative_error(np.asarray(got, dtype=float), np.asarray(right, dtype=float))
    except (ValueError, TypeError):
        return ""
    return (f" A gradient check would agree: {GRAD_NAMES[index]} has relative error "
            f"{error:.1e} against the right gradient (a right backward is below 1e-7 against "
            "the numerical gradient; above 1e-2 it is wrong).")


def _compact_dx(mean_term=1.0, var_term=1.0, gamma=True, mean_summed=False):
    """dx = (g - mean_term * mean(g) - var_term * x_hat * mean(g * x_hat)) / std, g = dout * gamma,
    as a function of (dout, cache): the right dx for the defaults, a known slip otherwise
    (gamma=False: g = dout; mean_summed: the sum of g in place of its mean)."""
    def dx(dout, cache):
        dout = np.asarray(dout, dtype=float)
        g = dout * np.asarray(cache["gamma"], dtype=float) if gamma else dout
        x_hat, std = (np.asarray(cache[k], dtype=float) for k in ("x_hat", "std"))
        centre = g.sum(axis=0) if mean_summed else g.mean(axis=0)
        return (g - mean_term * centre - var_term * x_hat * (g * x_hat).mean(axis=0)) / std
    return dx


_UNFIXED = "That is what the given function returns: the bug is still there."
_HALF_VARIANCE = ("The variance path carries half its gradient: the local derivative of "
                  "var = mean(xc ** 2) with respect to xc is 2 * xc / N.")


def _backward_slips(half_variance_text):
    """(index of dx, dgamma or dbeta, formula(dout, cache), explanation)."""
    return [
        (0, _compact_dx(var_term=0.5), half_variance_text),
        (0, _compact_dx(0.0, 0.0),
         "That is dx_hat / std alone, as if mu and var were constants: the mean and the "
         "variance are computed from x, so the paths through mu and var add to dx."),
        (0, _compact_dx(var_term=0.0),
         "The path through the variance is missing: var is computed from xc, so xc gets a "
         "second gradient from std and var, added to dx_hat / std."),
        (0, _compact_dx(mean_term=0.0),
         "The path through the mean is missing: xc = x - mu, so mu gets minus the sum of "
         "dxc over the batch, and mu = mean(x) hands 1 / N of it to every sample."),
        (0, _compact_dx(mean_summed=True),
         "The mean node's gradient was not divided by N: mu = mean(x), so each sample gets "
         "1 / N of dmu."),
        (0, _compact_dx(gamma=False),
         "gamma is missing: out = gamma * x_hat + beta, so the gradient reaching x_hat is "
         "dout times gamma."),
        (0, _compact_dx(var_term=-1.0),
         "The variance path has the wrong sign: d std / d var = 1 / (2 std) is positive, and "
         "d x_hat / d std = -xc / std ** 2 is negative."),
        (1, lambda dout, cache: np.asarray(dout, dtype=float) * cache["x_hat"],
         "dgamma is dout * x_hat summed over the batch (axis 0): every sample uses the same "
         "gamma, so their gradients add up to one value per feature."),
        (1, lambda dout, cache: np.asarray(dout, dtype=float).sum(axis=0),
         "That is dout summed alone: dgamma = (dout * x_hat).sum(axis=0)."),
        (1, lambda dout, cache: (np.asarray(dout, dtype=float) * cache["x_hat"]).mean(axis=0),
         "That is a mean over the batch; dgamma is the sum, (dout * x_hat).sum(axis=0)."),
        (2, lambda dout, cache: np.asarray(dout, dtype=float),
         "dbeta is dout summed over the batch (axis 0): every sample uses the same beta."),
        (2, lambda dout, cache: np.asarray(dout, dtype=float).mean(axis=0),
         "That is the mean of dout; dbeta is the sum over the batch, dout.sum(axis=0)."),
    ]


def _judge_backward(slips, case, record, expected):
    """The first of dx, dgamma, dbeta that differs from the reference, with the slip it matches
    and its relative error against the right gradient."""
    got = record.output
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        return (f"{where(case)}: the function returned {kind_of(got)}; expected the tuple "
                "(dx, dgamma, dbeta): return dx, dgamma, dbeta.")
    for index, (name, part, want) in enumerate(zip(GRAD_NAMES, got, expected)):
        problem = compare_value(case, name, part, want)
        if problem is None:
            continue
        explanation = next((text for i, formula, text in slips if i == index
                            and _matches(case, part, formula) and not _matches(case, want, formula)),
                           "")
        same_shape = as_numeric(part) is not None and np.shape(part) == np.shape(want)
        note = _gradient_check_note(index, part, want) if same_shape else ""
        return " ".join(filter(None, (problem, explanation))) + note
    return None


def _matches(case, value, formula) -> bool:
    """Whether `value` equals (within the case's tolerance) `formula` of the case's inputs."""
    got = as_numeric(value)
    if got is None:
        return False
    with np.errstate(all="ignore"):
        wrong = formula(*copy.deepcopy(case.args))
    return got.shape == np.shape(wrong) and bool(np.allclose(got, wrong, rtol=case.rtol,
                                                              atol=case.atol))


def _backward_case(label, dout, cache_of, hint, slips, hidden=False, float32=False):
    tolerance = FLOAT32_SUMS if float32 else {}  # dx sums to 0 over the batch: float32 cancels
    return Case(label, (dout, cache_of), hint=hint, judge=partial(_judge_backward, slips),
                hidden=hidden, **tolerance)


def _cache(x, gamma, eps=1e-5):
    return L.batchnorm_forward(x, gamma, np.zeros_like(gamma), eps)[1]


def _backward_visible(name, hint, slips):
    rng = np.random.default_rng(_SEED + 2)
    x = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [6.0, 40.0]])
    dout = np.array([[0.5, -1.0], [1.0, 0.0], [-0.5, 2.0], [1.0, 1.0]])
    gamma = np.array([1.0, 2.0])
    x3, d3, g3 = _rounded(rng, (5, 3), 2.0, 1.0), _rounded(rng, (5, 3)), np.array([1.5, 0.5, 1.0])
    return [
        _backward_case(f"{name}(dout, cache) with cache = batchnorm_forward(x, "
                       f"gamma, beta)[1] for x = {_show(x)}, gamma = {_show(gamma)}, and dout = "
                       f"{_show(dout)}", dout, _cache(x, gamma), hint, slips),
        _backward_case(f"the cache of x = {_show(x3)}, gamma = {_show(g3)}, with dout = "
                       f"{_show(d3)}", d3, _cache(x3, g3), hint, slips),
    ]


def _backward_check(name, hint, half_variance_text):
    slips = _backward_slips(half_variance_text)
    return FunctionCheck(name, None, partial(_backward_visible, name, hint, slips))


batchnorm_backward = _backward_check("batchnorm_backward", BACKWARD_HINT, _HALF_VARIANCE)
batchnorm_backward_fixed = _backward_check("batchnorm_backward_fixed", FIXED_HINT, _UNFIXED)

register(globals())
