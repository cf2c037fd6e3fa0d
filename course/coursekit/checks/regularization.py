"""Checks for day 12: regularisation (weight decay, dropout) and random hyper-parameter search.

    from coursekit.checks import regularization as check
    check.weight_decay_loss(weight_decay_loss)
    check.weight_decay_grads(weight_decay_grads)
    check.Dropout(Dropout)                 # the class itself, not an instance
    check.random_search(random_search)

Policy (what passes):
- weight_decay_loss(params, lam) = 0.5 * lam * (sum of W**2 over every weight matrix), the
  weight matrices being the keys that start with 'W' (biases, gamma and beta are not decayed).
  Compared with the closed form (rtol 1e-5; 1e-4 for float32). A Python float or a NumPy scalar
  are both fine. Slips named: biases or gamma and beta decayed, lam for lam / 2, L1, the norm or
  the spectral norm for the squared Frobenius norm, a mean for the sum.
- weight_decay_grads(grads, params, lam) returns a NEW dict with every key of grads:
  grads[k] + lam * params[k] for the weight keys, grads[k] unchanged for the others. grads and
  params must be left as they were.
- Dropout(dropout_ratio, rng) (the notebook writes the constructor; rng is a Generator) is
  judged by behaviour, never by the exact mask, so any way of drawing it from self.rng passes:
  in training every output is 0 or x / (1 - ratio); the kept share is 1 - ratio within 6
  standard errors; backward returns dout * mask / (1 - ratio) with the forward's mask; a second
  training forward draws a new mask; at inference (train_flg=False) the output is x; and a layer
  built from the same seed drops the same units (so the mask comes from self.rng). Inputs are
  nonzero, so a 0 in the output always means a dropped unit. x and dout must not change. Slips
  named: the book's unscaled (non-inverted) training output, scaling by ratio or by (1 - ratio),
  the share kept equal to ratio, one mask per feature shared by the batch, backward without
  the forward's mask or its scale, dropping at inference.
- random_search(ranges, n_trials, rng) returns {name: array of n_trials samples} (a list of
  n_trials dicts is accepted too), each hyper-parameter drawn log-uniformly from its (low, high)
  range with the given Generator. Judged as a sample: inside the range, log-values uniform by a
  Kolmogorov-Smirnov distance below 2.5 / sqrt(n), nearly all values distinct, the names drawn
  independently (|correlation of the log-values| below 6 / sqrt(n)), the same seed giving the
  same samples and another seed others. Slips named: uniform on the linear scale, integer
  exponents, natural log mixed with powers of 10, the exponents returned without the power, a
  log-spaced grid, one draw shared by every name.
- Hints and messages name the idea and the slip, never the solution's code, so an untouched stub
  is told only that it is not written yet and what the exercise is about.
"""
from __future__ import annotations

import copy
import math
from typing import Any, Optional

import numpy as np

from .core import FLOAT32, Case, FunctionCheck, as_numeric, register, subject
from .classes import DrivenCheck, compare_value, kind_of
from .lookalikes import with_lookalikes

_SEED = 12
SIGMAS = 6.0
KS_LIMIT = 2.5  # KS distance allowed: KS_LIMIT / sqrt(n) (a correct sampler fails ~1e-5 of draws)


def is_weight(key: Any) -> bool:
    """Weight matrices are the params whose names start with 'W' ('W1', 'W2', ...)."""
    return isinstance(key, str) and key.startswith("W")


# ---- weight decay -------------------------------------------------------------------------------

def _squares(params, keep=is_weight, power=2):
    return sum(float(np.sum(np.abs(np.asarray(v, dtype=float)) ** power))
               for k, v in params.items() if keep(k))


def _per_matrix(params, size):
    """The sum over the weight matrices of size(W), a float."""
    return sum(float(size(np.asarray(v, dtype=float))) for k, v in params.items() if is_weight(k))


def _not_bias(key: Any) -> bool:
    return not (isinstance(key, str) and key.startswith("b"))


_LOSS_SLIPS = [
    (lambda params, lam: 0.5 * lam * _squares(params, lambda k: True),
     "That decays every parameter, biases included; weight decay sums W ** 2 over the weight "
     "matrices only (the keys that start with 'W')."),
    (lambda params, lam: lam * _squares(params),
     "The factor 0.5 is missing: the penalty is 0.5 * lam * sum(W ** 2), whose gradient is "
     "then exactly lam * W."),
    (lambda params, lam: 0.5 * lam * _squares(params, power=1),
     "That sums |W| (an L1 penalty); weight decay sums the squares W ** 2."),
    (lambda params, lam: 0.5 * lam * math.sqrt(_squares(params)),
     "That is the norm, not the squared norm: sum W ** 2 without a square root."),
    (lambda params, lam: 0.5 * lam * _per_matrix(params, np.linalg.norm),
     "That adds up the norms of the matrices; the penalty is their squared norms, the sums of "
     "W ** 2 (no square root)."),
    (lambda params, lam: 0.5 * lam * _per_matrix(
        params, lambda w: np.linalg.norm(w, 2) ** 2 if w.ndim == 2 else np.sum(w ** 2)),
     "np.linalg.norm(W, 2) of a matrix is its spectral norm (the largest singular value); the "
     "penalty is the squared Frobenius norm, the sum of every element's square."),
    (lambda params, lam: 0.5 * lam * _per_matrix(params, lambda w: np.mean(w ** 2)),
     "That takes the mean of W ** 2 per matrix; the penalty is the sum of the squares."),
    (lambda params, lam: 0.5 * lam * _squares(params, _not_bias),
     "That decays gamma and beta of batch normalisation too; only the weight matrices (the "
     "keys that start with 'W') are decayed."),
]
WD_LOSS_HINT = ("Weight decay penalises the size of the weight matrices alone, by half of lam "
                "times the sum of the squares of their elements.")


def _loss_case(label, params, lam, hidden=False, float32=False):
    tolerance = FLOAT32 if float32 else {}
    return Case(label, (params, lam), hint=WD_LOSS_HINT, judge=with_lookalikes(_LOSS_SLIPS),
                hidden=hidden, **tolerance)


def _params(rng, sizes, dtype=np.float64, batchnorm=False):
    params = {}
    for i, (d, m) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{i}"] = rng.standard_normal((d, m)).astype(dtype)
        params[f"b{i}"] = rng.standard_normal(m).astype(dtype)
        if batchnorm and i < len(sizes) - 1:
            params[f"gamma{i}"] = (1 + rng.standard_normal(m)).astype(dtype)
            params[f"beta{i}"] = rng.standard_normal(m).astype(dtype)
    return params


def _show_params(params):
    return "{" + ", ".join(f"'{k}': {np.asarray(v).tolist()}" for k, v in params.items()) + "}"


_SMALL = {"W1": np.array([[1.0, 2.0], [3.0, 4.0]]), "b1": np.array([1.0, -1.0]),
          "W2": np.array([[0.5], [-0.5]]), "b2": np.array([2.0])}


def _loss_visible():
    rng = np.random.default_rng(_SEED)
    three = {k: np.round(v, 1) for k, v in _params(rng, (3, 2, 2, 1)).items()}
    return [
        _loss_case(f"weight_decay_loss({_show_params(_SMALL)}, lam=0.1)", _SMALL, 0.1),
        _loss_case(f"weight_decay_loss({_show_params(three)}, lam=0.01)", three, 0.01),
        _loss_case(f"weight_decay_loss({_show_params(_SMALL)}, lam=0.0)", _SMALL, 0.0),
    ]


# The references and hidden cases of the checks here are in the answer key
# (coursekit_key.answers.regularization, coursekit_key.hidden.regularization).
weight_decay_loss = FunctionCheck("weight_decay_loss", None, _loss_visible)


def _decayed(keep, factor):
    def wrong(grads, params, lam):
        return {k: g + factor * lam * params[k] if keep(k) else g for k, g in grads.items()}
    return wrong


_GRAD_SLIPS = [
    (_decayed(lambda k: True, 1.0),
     "That adds lam * p to every parameter, biases included; only the weight matrices (keys "
     "starting with 'W') are decayed."),
    (_decayed(is_weight, 0.5),
     "That adds 0.5 * lam * W; the derivative of 0.5 * lam * W ** 2 is lam * W."),
    (_decayed(is_weight, 2.0),
     "That adds 2 * lam * W; the derivative of 0.5 * lam * W ** 2 is lam * W."),
    (_decayed(is_weight, -1.0),
     "The sign is flipped: the penalty's gradient + lam * W is added to the gradient."),
    (lambda grads, params, lam: {k: g + lam * g if is_weight(k) else g
                                 for k, g in grads.items()},
     "That adds lam times the gradient; the penalty's gradient is lam times the weights "
     "themselves (params), not the gradient."),
    (_decayed(_not_bias, 1.0),
     "That decays gamma and beta of batch normalisation too; only the weight matrices (keys "
     "starting with 'W') are decayed."),
]
WD_GRADS_HINT = ("The penalty's derivative with respect to a weight matrix is lam times that "
                 "matrix; the other parameters' gradients stay as they are, and the caller's "
                 "dicts must stay as they were.")


def _judge_grads(case: Case, record, expected) -> Optional[str]:
    problem = compare_value(case, "the returned dict", record.output, expected)
    if problem is None:
        got = record.output
        extra = sorted(map(str, set(got) - set(expected))) if isinstance(got, dict) else []
        if extra:
            return f"{subject(case)} returned extra keys {extra}; keep exactly the keys of grads."
        return None
    for formula, text in _GRAD_SLIPS:
        wrong = formula(*copy.deepcopy(case.args))
        if compare_value(case, "", record.output, wrong) is None and \
                compare_value(case, "", expected, wrong) is not None:
            return f"{problem} {text}"
    return problem


def _grads_case(label, grads, params, lam, hidden=False, float32=False):
    tolerance = FLOAT32 if float32 else {}
    return Case(label, (grads, params, lam), hint=WD_GRADS_HINT, judge=_judge_grads,
                hidden=hidden, **tolerance)


def _grads_visible():
    grads = {"W1": np.array([[0.1, 0.2], [0.3, 0.4]]), "b1": np.array([0.5, 0.5]),
             "W2": np.array([[1.0], [-1.0]]), "b2": np.array([0.25])}
    return [
        _grads_case(f"weight_decay_grads(grads={_show_params(grads)}, params="
                    f"{_show_params(_SMALL)}, lam=0.1)", grads, _SMALL, 0.1),
        _grads_case(f"weight_decay_grads(grads={_show_params(grads)}, params="
                    f"{_show_params(_SMALL)}, lam=0.0)", grads, _SMALL, 0.0),
    ]


weight_decay_grads = FunctionCheck("weight_decay_grads", None, _grads_visible)


# ---- Dropout -------------------------------------------------------------------------------------

def _snapshot(value):
    try:
        return copy.deepcopy(value)
    except Exception:
        return None


def run_dropout(cls, ratio, seed, x, dout) -> dict:
    """Drive cls(ratio, np.random.default_rng(seed)): forward(x) and backward(dout) in training,
    forward(x) again, forward(x, train_flg=False), and forward(x) on a twin built from the same
    seed. Returns {result name: value}, "x_changed"/"dout_changed", and {"error": "<call>:
    <exception>"} where a call raised (the results before it are kept)."""
    output, given_x, given_dout = {}, np.array(x, copy=True), np.array(dout, copy=True)
    label = f"Dropout({ratio}, rng)"
    try:
        layer = cls(ratio, np.random.default_rng(seed))
        label = "forward(x)"
        output["out"] = _snapshot(layer.forward(given_x))
        label = "backward(dout)"
        output["dx"] = _snapshot(layer.backward(given_dout))
        output["x_changed"] = not np.array_equal(given_x, x)
        output["dout_changed"] = not np.array_equal(given_dout, dout)
        label = "a second forward(x)"
        output["out_again"] = _snapshot(layer.forward(np.array(x, copy=True)))
        label = "forward(x, train_flg=False)"
        output["out_inference"] = _snapshot(layer.forward(np.array(x, copy=True),
                                                          train_flg=False))
        label = "forward(x) of a second layer built from the same seed"
        twin = cls(ratio, np.random.default_rng(seed))
        output["out_twin"] = _snapshot(twin.forward(np.array(x, copy=True)))
    except Exception as exc:  # the student's bug: reported with the call it happened in
        output["error"] = f"{label} raised {type(exc).__name__}: {exc}".rstrip(": ")
    return output


DROPOUT_HINT = ("Inverted dropout: in training each unit survives with probability 1 - "
                "dropout_ratio and the survivors are scaled up so that the expected output is "
                "x; backward passes the gradient through the same survivors with the same "
                "scale; at inference nothing is dropped.")


def _valid_dropout(case, got, x, scale):
    """(kept mask, index of the first element that is neither 0 nor x * scale, or None)."""
    kept = ~np.isclose(got, 0.0, atol=case.atol, rtol=0)
    bad = kept & ~np.isclose(got, x * scale, rtol=case.rtol, atol=case.atol)
    first = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.any() else None
    return kept, first


def _scaling_slip(got, x, kept, ratio):
    """What a wrong scaling of the kept units looks like, or ''."""
    values, inputs = got[kept], x[kept]
    if values.size == 0:
        return ""
    named = [(inputs, "The kept units are not scaled: that is the book's original (non-inverted) "
                      "dropout, which scales by (1 - ratio) at inference instead. This exercise "
                      "asks for inverted dropout: the kept units are divided by (1 - ratio) in "
                      "training, so inference needs no change."),
             (inputs * (1 - ratio), "Multiplying by (1 - ratio) is the book's INFERENCE-time "
                                    "scaling; in training, inverted dropout divides the kept "
                                    "units by (1 - ratio).")]
    if ratio > 0:
        named.append((inputs / ratio, "That divides by ratio; divide by (1 - ratio), the share "
                                      "of units kept."))
    for want, text in named:
        if np.allclose(values, want, rtol=1e-4, atol=1e-6):
            return " " + text
    return ""


def _train_output_problem(case, what, raw, x, ratio) -> Optional[str]:
    got = as_numeric(raw)
    if got is None:
        return f"{subject(case)}: {what} returned {kind_of(raw)}; expected an array like x."
    if got.shape != x.shape:
        return f"{subject(case)}: {what} returned shape {got.shape}; expected {x.shape}."
    scale = 1.0 / (1.0 - ratio)
    kept, first = _valid_dropout(case, got, x, scale)
    if first is None:
        return None
    shown = "" if case.hidden else (f" (x there is {x[first]:.6g}, so 0 or "
                                    f"{x[first] * scale:.6g})")
    return (f"{subject(case)}: {what} gave {got[first]:.6g} at index {first}{shown}; in "
            f"training every output must be 0 (dropped) or x / (1 - ratio) (kept)."
            + _scaling_slip(got, x, kept, ratio))


def _kept_share_problem(case, kept, ratio) -> Optional[str]:
    n, p = kept.size, 1.0 - ratio
    share = float(kept.mean())
    if abs(share - p) <= SIGMAS * math.sqrt(p * (1 - p) / n) + 1e-12:
        return None
    message = (f"{subject(case)}: forward(x) kept {share:.1%} of the units; with ratio = "
               f"{ratio} it should keep about {p:.0%}.")
    if ratio not in (0.5, 0.0) and abs(share - ratio) <= SIGMAS * math.sqrt(p * (1 - p) / n):
        message += (" ratio is the share DROPPED: a unit is kept with probability 1 - ratio, "
                    "so the mask must be True for the draws on the other side of ratio.")
    return message


def _shared_mask_problem(case, kept, ratio) -> Optional[str]:
    """A message if every sample of a large batch dropped exactly the same units (one mask per
    feature broadcast over the batch), which a mask of x's shape does with vanishing chance."""
    if not 0 < ratio < 1 or kept.ndim < 2 or kept.shape[0] < 10 or kept.size < 100:
        return None
    if not np.all(kept == kept[:1]):
        return None
    return (f"{subject(case)}: forward(x) dropped the same units in every sample of the batch "
            f"(all {kept.shape[0]} rows alike): the mask must have x's whole shape, one draw "
            "per element, not one per feature shared by the batch.")


def _backward_problem(case, raw, dout, kept, ratio) -> Optional[str]:
    got = as_numeric(raw)
    want = dout * kept / (1.0 - ratio)
    if got is not None and got.shape == want.shape and np.allclose(
            got, want, rtol=case.rtol, atol=case.atol):
        return None
    problem = compare_value(case, "dx from backward(dout)", raw, want)
    if got is not None and got.shape == want.shape:
        if np.allclose(got, dout * kept, rtol=case.rtol, atol=case.atol):
            problem += (" Scale the gradient like the forward pass: dout * mask / (1 - ratio).")
        elif np.allclose(got, dout, rtol=case.rtol, atol=case.atol):
            problem += (" That is dout unchanged: a dropped unit passes no gradient back, so "
                        "multiply by the forward's mask.")
        else:
            problem += (" backward must use the mask of the latest training forward (keep it "
                        "on self), not draw a new one.")
    return problem


def _judge_dropout(case: Case, record, expected) -> Optional[str]:
    output = record.output
    ratio, _, x, dout = case.args
    x, dout = np.asarray(x, dtype=float), np.asarray(dout, dtype=float)
    if not isinstance(output, dict):
        return f"{subject(case)}: the class could not be run."
    error = output.get("error")
    if "out" not in output:
        if error and "NotImplementedError" in error:
            return f"{subject(case)}: Dropout is not written yet ({error})."
        return f"{subject(case)}: {error}"
    problem = _train_output_problem(case, "forward(x) in training", output["out"], x, ratio)
    if problem:
        return problem
    kept = ~np.isclose(as_numeric(output["out"]), 0.0, atol=case.atol, rtol=0)
    problem = _shared_mask_problem(case, kept, ratio) or _kept_share_problem(case, kept, ratio)
    if problem:
        return problem
    if "dx" in output:
        problem = _backward_problem(case, output["dx"], dout, kept, ratio)
        if problem:
            return problem
    if output.get("x_changed") or output.get("dout_changed"):
        name = "x" if output.get("x_changed") else "dout"
        return (f"{subject(case)}: your layer changed its input in place ({name}). Return a new "
                "array and leave the caller's array as it was.")
    if "out_again" in output:
        problem = _train_output_problem(case, "a second forward(x)", output["out_again"], x,
                                        ratio)
        if problem:
            return problem
        again = ~np.isclose(as_numeric(output["out_again"]), 0.0, atol=case.atol, rtol=0)
        if 0 < ratio and x.size >= 100 and np.array_equal(again, kept):
            return (f"{subject(case)}: two training forward calls dropped exactly the same "
                    "units. Draw a new mask on every training forward.")
    if "out_inference" in output:
        got = as_numeric(output["out_inference"])
        problem = compare_value(case, "forward(x, train_flg=False)", output["out_inference"], x)
        if problem:
            if got is not None and got.shape == x.shape and ratio > 0 and np.allclose(
                    got, x * (1 - ratio), rtol=case.rtol, atol=case.atol):
                problem += (" Multiplying by (1 - ratio) at inference is the book's (non-"
                            "inverted) dropout; with the scaling done in training, inference "
                            "returns x unchanged.")
            else:
                problem += " At inference nothing is dropped: the output is x itself."
            return problem
    if error:
        return f"{subject(case)}: {error}"
    twin = as_numeric(output.get("out_twin"))
    if twin is None or not np.array_equal(twin, as_numeric(output["out"])):
        return (f"{subject(case)}: two layers built with generators from the same seed dropped "
                "different units. Draw the mask from self.rng (the generator given to the "
                "constructor); np.random.rand and np.random.random ignore it.")
    return None


def _dropout_case(label, ratio, seed, x, dout, hidden=False, float32=False):
    tolerance = FLOAT32 if float32 else {}
    return Case(label, (ratio, seed, x, dout), hint=DROPOUT_HINT, judge=_judge_dropout,
                expected={"ratio": ratio}, hidden=hidden, **tolerance)


def _nonzero(rng, shape, dtype=np.float64):
    """Values with 0.5 <= |x| <= 1.5: a 0 in the output can only be a dropped unit."""
    return (rng.choice([-1.0, 1.0], shape) * rng.uniform(0.5, 1.5, shape)).astype(dtype)


def _dropout_visible():
    rng = np.random.default_rng(_SEED + 3)
    small = np.round(_nonzero(rng, (3, 4)), 1)
    return [
        _dropout_case("Dropout(0.3, rng=np.random.default_rng(7)) on x of shape (200, 100), "
                      "values 0.5 to 1.5 in size with random signs: forward(x), backward(dout), "
                      "forward(x) again, forward(x, train_flg=False), and a second layer from "
                      "the same seed", 0.3, 7, _nonzero(rng, (200, 100)),
                      rng.standard_normal((200, 100))),
        _dropout_case(f"Dropout(0.5, rng=np.random.default_rng(8)) on x = {small.tolist()} "
                      "with dout = ones", 0.5, 8, small, np.ones((3, 4))),
    ]


Dropout = DrivenCheck("Dropout", None, _dropout_visible,
                      driver=run_dropout, kind="class")


# ---- random search -------------------------------------------------------------------------------

def _as_columns(value):
    """A dict of arrays from what random_search returned (a dict, or a list of dicts)."""
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
        keys = list(value[0])
        if all(set(v) == set(keys) for v in value):
            return {k: np.asarray([v[k] for v in value], dtype=float) for k in keys}
    if isinstance(value, dict):
        columns = {}
        for k, v in value.items():
            numeric = as_numeric(v)
            columns[k] = v if numeric is None else numeric
        return columns
    return value


def run_search(fn, ranges, n_trials, seeds) -> list:
    """fn(ranges, n_trials, np.random.default_rng(seed)) for each seed, as dicts of arrays."""
    return [_as_columns(fn(copy.deepcopy(ranges), n_trials, np.random.default_rng(seed)))
            for seed in seeds]


def _ks_distance(u: np.ndarray) -> float:
    """Kolmogorov-Smirnov distance of the sample u from the uniform distribution on [0, 1]."""
    u = np.sort(u)
    n = u.size
    i = np.arange(1, n + 1)
    return float(max(np.max(i / n - u), np.max(u - (i - 1) / n)))


def _column_problem(case, name, values, low, high, n) -> Optional[str]:
    got = as_numeric(values)
    what = f"the samples of {name!r}"
    if got is None or got.shape != (n,):
        shape = kind_of(values) if got is None else f"shape {got.shape}"
        return f"{what} are {shape}; expected {n} values, an array of shape ({n},)."
    if not np.all(np.isfinite(got)) or np.any(got < low * (1 - 1e-9)) or \
            np.any(got > high * (1 + 1e-9)):
        outside = float(got[np.argmax((got < low) | (got > high) | ~np.isfinite(got))])
        text = f"{what} leave the range [{low:g}, {high:g}] (e.g. {outside:.4g})."
        if np.all(np.isfinite(got)) and np.all((got >= np.log10(low) - 1e-9)
                                               & (got <= np.log10(high) + 1e-9)):
            return text + (" They lie between log10(low) and log10(high): they are the "
                           "exponents; the values are 10 raised to them.")
        return text + (" The exponent's range and the power must use the same base (log10 "
                       "with powers of 10, or the natural log with exp).")
    if n < 50:
        return None
    if np.unique(got).size < 0.9 * n:
        return (f"{what} take only {np.unique(got).size} distinct values in {n} draws. Draw the "
                "exponent from a continuous uniform (rng.uniform), not whole numbers "
                "(rng.integers), so values between the powers of 10 are tried too.")
    if np.all(np.diff(got) >= 0) or np.all(np.diff(got) <= 0):
        return (f"{what} come out in order, evenly spaced: that is a grid on a log scale "
                "(np.logspace), not a random search. Draw each trial's values at random, so "
                "that the trials try different values of every name.")
    u = np.log(got / low) / np.log(high / low)
    if _ks_distance(u) > KS_LIMIT / math.sqrt(n):
        linear = (got - low) / (high - low)
        hint = (" They look uniform on the LINEAR scale, which puts almost every trial in the "
                "top power of 10: sample the exponent uniformly instead." if
                _ks_distance(linear) <= KS_LIMIT / math.sqrt(n) else
                " Sample the exponent uniformly between log(low) and log(high).")
        return (f"{what} are not log-uniform: their logarithms should spread evenly over "
                f"[log(low), log(high)] (Kolmogorov-Smirnov distance {_ks_distance(u):.3f}, "
                f"allowed {KS_LIMIT / math.sqrt(n):.3f})." + hint)
    return None


def _judge_search(case: Case, record, expected) -> Optional[str]:
    ranges, n, seeds = case.args
    runs = record.output
    if not isinstance(runs, list) or len(runs) != len(seeds):
        return f"{subject(case)}: the test could not read your samples."
    for columns in runs:
        if not isinstance(columns, dict) or set(map(str, columns)) != set(ranges):
            keys = sorted(map(str, columns)) if isinstance(columns, dict) else None
            return (f"{subject(case)} returned {kind_of(columns) if keys is None else keys}; "
                    f"expected a dict with the keys {sorted(ranges)}, one array of "
                    f"{n} samples each.")
        for name, (low, high) in ranges.items():
            problem = _column_problem(case, name, columns[name], low, high, n)
            if problem:
                return f"{subject(case)}: {problem}"
        if n >= 50 and len(ranges) > 1:
            logs = [np.log(np.asarray(columns[k], dtype=float)) for k in ranges]
            corr = np.corrcoef(logs)
            off = np.abs(corr[~np.eye(len(logs), dtype=bool)])
            if np.any(np.isnan(off)) or off.max() > SIGMAS / math.sqrt(n):
                return (f"{subject(case)}: the hyper-parameters are not drawn independently "
                        "(their log-values are correlated): draw every name's n_trials "
                        "values separately.")
    if len(seeds) == 3:
        first, again, other = ([np.asarray(r[k], dtype=float) for k in ranges] for r in runs)
        if not all(np.array_equal(a, b) for a, b in zip(first, again)):
            return (f"{subject(case)}: two generators from the same seed gave different samples. "
                    "Draw from the rng you are given; np.random.uniform ignores it.")
        if all(np.array_equal(a, b) for a, b in zip(first, other)):
            return (f"{subject(case)}: generators with different seeds gave the same samples. "
                    "Draw from the rng you are given, not a generator of your own.")
    return None


SEARCH_HINT = ("Log-uniform means that the exponent is uniform, so every power of 10 in the "
               "range gets the same share of trials; each name is drawn on its own, from the "
               "generator given.")


def _search_case(label, ranges, n, seeds, hidden=False):
    return Case(label, (ranges, n, seeds), hint=SEARCH_HINT, judge=_judge_search, hidden=hidden,
                expected={"ranges": ranges})


def _search_visible():
    ranges = {"lr": (1e-4, 1e-1), "weight_decay": (1e-8, 1e-4)}
    return [
        _search_case(f"random_search({ranges}, 4000, np.random.default_rng(21))", ranges, 4000,
                     (21,)),
        _search_case("random_search({'lr': (0.001, 1.0)}, 50, rng) three times, with rng = "
                     "np.random.default_rng(s) for s = 5, 5 and 6", {"lr": (1e-3, 1.0)}, 50,
                     (5, 5, 6)),
    ]


random_search = DrivenCheck("random_search", None, _search_visible, driver=run_search)

register(globals())
