"""Checks for day 5: loss functions (손실 함수).

    from coursekit.checks import losses as check
    check.mean_squared_error(mean_squared_error)               # visible tests
    check.mean_squared_error(mean_squared_error, hidden=True)  # hidden tests

Each check compares the student's loss with the answer key's (coursekit_key.answers.losses; at
home, with values stored from it), whose conventions the course fixes: y is one sample (C,) or a batch (N, C); t is one-hot with y's shape or integer labels of
shape y.shape[:-1] (one int for one sample); a loss sums over the classes, averages over the
samples and is one number. Mean squared error and binary cross-entropy are means over ALL
elements.

The log guard is part of the convention: epsilon 1e-7, applied as np.maximum(y, 1e-7), as
np.clip(y, 1e-7, 1 - 1e-7) or as np.log(y + 1e-7); all three pass, and so does the reference's
float32 floor (float32's machine epsilon, 1.19e-7). A zero probability on the true class then
costs -log(1e-7) = 16.118. Another epsilon (1e-6, which is the book's "10e-7"; 1e-12; ...) fails
the cases with a zero probability on the true class, and the message names it.
softmax_cross_entropy takes scores (logits) and needs no guard: it is judged against the exact
value, also for logits up to 1e4, where a clipped softmax-then-log is off by thousands.

Tolerance: rtol 1e-5, atol 1e-6 for float64 input; rtol 1e-4, atol 1e-5 for float32 input. A
case fails on an error, a warning (log(0), overflow), a change to an input, a result that is
not one number, or a value outside the tolerance of every accepted guard.
"""
import numpy as np

from .. import functions as F
from .. import losses as L
from .core import FLOAT32_SUMS, Case, FunctionCheck, as_numeric, compare_arrays, register, subject
from .lookalikes import KeyedSlip, with_lookalikes

EPS = 1e-7
FLOAT64 = {"rtol": 1e-5, "atol": 1e-6}

# The book's worked sample: ten classes, the true class is 2 (0.6 there, or 0.1).
BOOK_Y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
BOOK_Y_WRONG = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
BOOK_T = np.eye(10)[2]

HINT_GUARD = ("log(0) is -inf and NumPy warns. Keep every probability away from 0 before the "
              "log: np.log(np.maximum(y, 1e-7)) or np.log(y + 1e-7). A zero probability on the "
              "true class then costs -log(1e-7) = 16.118, and 0 * log(...) stays 0.")
HINT_BATCH = ("A loss is one number: sum over the classes, then divide by the number of samples "
              "N (the batch mean), so that it does not grow with the batch.")
HINT_LABELS = ("Integer labels (one per sample, shape (N,); one int for one sample) name the "
               "true class: take its probability with y[np.arange(N), t]. Tell the two kinds "
               "apart by shape (one-hot t has y's shape), once t is an array.")


def _literal(x) -> str:
    """How an argument reads in a visible label: a Python literal or np.array([...])."""
    if isinstance(x, np.ndarray):
        dtype = "" if x.dtype in (np.float64, np.int_) else f", dtype=np.{x.dtype}"
        return f"np.array({x.tolist()}{dtype})"
    return repr(x)


def _tolerance(y) -> dict:
    return FLOAT32_SUMS if np.asarray(y).dtype == np.float32 else FLOAT64


def _shown(name, y, t, hint, judge) -> Case:
    """A visible case whose label is the call itself."""
    return Case(f"{name}({_literal(y)}, {_literal(t)})", (y, t), hint=hint, judge=judge,
                **_tolerance(y))


def _quiet(compute):
    """compute() with NumPy's warnings off: a wrong formula may take log(0) on purpose."""
    with np.errstate(all="ignore"):
        return compute()


def _one_hot(y, t):
    """(y as a float array, t as dense targets shaped like y), as the reference reads them."""
    y = F.as_float_array(y)
    return y, L.dense_targets(y, t, "check")


# ---- the accepted guards ------------------------------------------------------------------------

def _epsilons(dtype) -> list:
    return sorted({EPS, L.probability_floor(dtype)})


def _guards(dtype) -> list:
    """What an accepted answer may feed to log instead of a probability v: max(v, eps),
    clip(v, eps, 1 - eps) or v + eps, with eps 1e-7 or the reference's floor for dtype."""
    guards = []
    for eps in _epsilons(dtype):
        guards += [lambda v, e=eps: np.maximum(v, e),
                   lambda v, e=eps: np.clip(v, e, 1 - e),
                   lambda v, e=eps: v + e]
    return guards


def _cross_entropy(y, t, guard, log=np.log, count=L.n_samples):
    """-sum(t * log(guard(y))) / count(y): the reference's formula with a chosen guard."""
    y, dense = _one_hot(y, t)
    return _quiet(lambda: -np.sum(dense * log(guard(y))) / count(y))


def _binary_cross_entropy(p, t, guard):
    """The mean of -[t log(guard(p)) + (1 - t) log(guard(1 - p))]."""
    p, t = F.as_float_array(p), np.asarray(t, dtype=float)
    return _quiet(lambda: np.mean(-(t * np.log(guard(p)) + (1 - t) * np.log(guard(1 - p)))))


def _binary_cross_entropy_of_clipped(p, t, eps):
    """With q = clip(p, eps, 1 - eps), the mean of -[t log q + (1 - t) log(1 - q)]: the usual
    student form. In float32 it differs from guarding 1 - p: 1 - 1e-7 rounds to 1 - 1.19e-7, so
    p = 1 with t = 0 costs -log(1.19e-7) = 15.94, not 16.12."""
    q, t = np.clip(F.as_float_array(p), eps, 1 - eps), np.asarray(t, dtype=float)
    return _quiet(lambda: np.mean(-(t * np.log(q) + (1 - t) * np.log(1 - q))))


def _clipped(v):
    return np.maximum(v, EPS)


# ---- judges -------------------------------------------------------------------------------------

def _not_one_number(case, got) -> str:
    y = np.shape(case.args[0])
    samples = y[:-1] if len(y) > 1 else ()
    if got.shape == y:
        what = "one value per element"
    elif samples and got.shape == samples:
        what = "one loss per sample"
    else:
        what = f"an array of shape {got.shape}"
    return (f"{subject(case)} returned {what}; a loss is one number (shape ()). Reduce it: "
            "np.sum over the classes and divide by the number of samples, or np.mean as the "
            "exercise says.")


def loss_judge(accepted=lambda case: []):
    """A judge for a loss: one number, close to the reference or to one accepted variant.

    accepted(case) -> values that are also right (the same loss with another accepted guard).
    """
    def judge(case, record, expected):
        got = as_numeric(record.output)
        if got is None:
            return compare_arrays(case, record.output, expected)
        if got.shape != ():
            return _not_one_number(case, got)
        for value in accepted(case):
            if np.isclose(got, value, rtol=case.rtol, atol=case.atol):
                return None
        return compare_arrays(case, got, expected)
    return judge


def _wrong_epsilon(eps):
    """A slip: cross-entropy guarded with another epsilon."""
    if eps == 1e-6:
        text = ("Your guard's epsilon is 1e-6. Careful with 10e-7: it means 10 * 10**-7 = 1e-6, "
                "not 1e-7. The course's epsilon is 1e-7.")
    else:
        text = (f"Your guard's epsilon is {eps:g}; the course's is 1e-7, so that a zero "
                "probability costs -log(1e-7) = 16.118.")
    return eps, text


_OTHER_EPSILONS = [_wrong_epsilon(eps) for eps in (1e-6, 1e-8, 1e-10, 1e-12, 1e-15)]


def _epsilon_slips(loss):
    """Slips for loss(y, t, eps) computed with each wrong epsilon."""
    return [(lambda y, t, e=eps: loss(y, t, e), text) for eps, text in _OTHER_EPSILONS]


# ---- mean squared error -------------------------------------------------------------------------

def _squares(y, t):
    y, dense = _one_hot(y, t)
    return (y - dense) ** 2


_MSE_SLIPS = [
    (lambda y, t: 0.5 * np.sum(_squares(y, t)),
     "That is 0.5 * sum((y - t)**2), the book's form; this notebook asks for the standard mean "
     "squared error, the mean over all elements, whose size does not grow with the number of "
     "outputs or samples."),
    (lambda y, t: 0.5 * np.mean(_squares(y, t)),
     "That is half the mean: the 1/2 belongs to the book's 0.5 * sum((y - t)**2), where it "
     "cancels the 2 of the derivative. This notebook asks for the mean itself, with no 1/2."),
    (lambda y, t: np.sum(_squares(y, t)),
     "That is the sum of the squares; take their mean over all elements: np.mean((y - t)**2)."),
    (lambda y, t: np.sum(_squares(y, t)) / L.n_samples(F.as_float_array(y)),
     "That sums over the outputs and averages over the samples only; the mean squared error "
     "averages over every element (N * C of them): np.mean((y - t)**2)."),
    (lambda y, t: np.sqrt(np.mean(_squares(y, t))),
     "That is the root of the mean squared error; do not take the square root."),
    (lambda y, t: np.mean(np.abs(F.as_float_array(y) - _one_hot(y, t)[1])),
     "That is the mean absolute error; square the differences instead."),
]
_mse_judge = with_lookalikes(_MSE_SLIPS, base=loss_judge())


def _mse_visible():
    judge = _mse_judge
    return [
        _shown("mean_squared_error", BOOK_Y.copy(), BOOK_T.copy(),
               "MSE = mean over all elements of (y - t)**2: here the ten squares add up to "
               "0.195, and their mean is 0.0195.", judge),
        _shown("mean_squared_error", np.array([2.5, 0.0, -1.0]), np.array([3.0, -0.5, -1.0]),
               "Regression targets are any real numbers: (y - t)**2 works the same.", judge),
        _shown("mean_squared_error", np.array([[0.2, 0.8], [0.9, 0.1], [0.4, 0.6]]),
               np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]]),
               "For a batch, average over all N * C squared differences.", judge),
    ]


# ---- cross-entropy ------------------------------------------------------------------------------

def _per_row_count(y):
    return np.shape(y)[0]


def _label_broadcast(y, t):
    """Integer labels multiplied into log(y) as if they were one-hot (they broadcast when N == C
    or for one sample)."""
    y, t = F.as_float_array(y), np.asarray(t)
    if t.shape == y.shape or t.dtype.kind not in "iu":
        return None
    return _quiet(lambda: -np.sum(t * np.log(_clipped(y))) / L.n_samples(y))


_CE_SLIPS = _epsilon_slips(lambda y, t, eps: _cross_entropy(y, t, lambda v: np.maximum(v, eps))) + [
    (lambda y, t: _cross_entropy(y, t, _clipped, count=lambda y: 1),
     "That is the sum over the whole batch; divide it by the number of samples N."),
    (lambda y, t: _cross_entropy(y, t, _clipped, count=_per_row_count),
     "For one sample y of shape (C,) that divides by C, the number of classes: np.mean over "
     "the entries does, and so do y.shape[0] and len(y) on a 1-D y. One sample is a batch of "
     "one, whose loss is the plain sum over the classes: reshape y to (1, C) first."),
    (lambda y, t: _cross_entropy(y, t, _clipped, count=lambda y: y.size),
     "That is the mean over all N * C entries; sum over the classes first, then divide by the "
     "number of samples N only."),
    (lambda y, t: -_cross_entropy(y, t, _clipped),
     "That is the loss with the wrong sign: cross-entropy is MINUS the sum of t * log(y), a "
     "positive number."),
    (lambda y, t: _cross_entropy(y, t, _clipped, log=np.log10),
     "That uses log10; cross-entropy uses the natural logarithm, np.log."),
    (lambda y, t: _cross_entropy(y, t, _clipped, log=np.log2),
     "That uses log2; cross-entropy uses the natural logarithm, np.log."),
    (_label_broadcast,
     "Integer labels were multiplied into log(y) as if they were one-hot. Labels are class "
     "numbers: pick each sample's probability with y[np.arange(N), t]."),
]


def _ce_accepted(case):
    y, t = case.args
    return [_cross_entropy(y, t, guard) for guard in _guards(F.as_float_array(y).dtype)]


_ce_judge = with_lookalikes(_CE_SLIPS, base=loss_judge(_ce_accepted))


def _ce_visible():
    judge = _ce_judge
    batch = np.array([[0.1, 0.7, 0.2], [0.5, 0.25, 0.25]])
    return [
        _shown("cross_entropy_error", BOOK_Y.copy(), BOOK_T.copy(),
               "Only the true class counts: -log(0.6) = 0.5108. The zeros in y need a guard "
               "even though t is 0 there: 0 * log(0) is 0 * (-inf) = nan. " + HINT_GUARD, judge),
        _shown("cross_entropy_error", BOOK_Y_WRONG.copy(), BOOK_T.copy(),
               "The true class (2) gets 0.1 here: -log(0.1) = 2.3026.", judge),
        _shown("cross_entropy_error", batch.copy(), np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]),
               "(-log(0.7) - log(0.5)) / 2 = 0.5249. " + HINT_BATCH, judge),
        _shown("cross_entropy_error", batch.copy(), np.array([1, 0]),
               "The same batch with integer labels [1, 0] gives the same 0.5249. " + HINT_LABELS,
               judge),
        _shown("cross_entropy_error", BOOK_Y.copy(), 2,
               "One sample with its integer label: -log(y[2]) = 0.5108. " + HINT_LABELS, judge),
        _shown("cross_entropy_error", np.array([[0.0, 1.0], [0.5, 0.5]]), np.array([0, 1]),
               "The first sample gives probability 0 to its true class: -log(1e-7) = 16.118, so "
               "the loss is (16.118 + 0.693) / 2 = 8.406. " + HINT_GUARD, judge),
    ]


# ---- binary cross-entropy -----------------------------------------------------------------------

def _bce_no_negatives(p, t):
    """The class-1 term only: -t * log(p), as if the (1 - t) term did not exist."""
    p, t = F.as_float_array(p), np.asarray(t, dtype=float)
    return _quiet(lambda: np.mean(-t * np.log(_clipped(p))))


_BCE_SLIPS = _epsilon_slips(_binary_cross_entropy_of_clipped) + [
    (_bce_no_negatives,
     "The (1 - t) * log(1 - p) term is missing: a sample with t = 0 must cost -log(1 - p)."),
    (lambda p, t: np.size(p) * _binary_cross_entropy(p, t, _clipped),
     "That is the sum over all elements; take their mean."),
    (lambda p, t: -_binary_cross_entropy(p, t, _clipped),
     "That is the loss with the wrong sign: binary cross-entropy is "
     "-[t log p + (1 - t) log(1 - p)], a positive number."),
    (lambda p, t: _binary_cross_entropy(t, p, _clipped),
     "The roles of p and t are swapped: the logs are of the predictions p, and the labels t "
     "are the weights."),
]


def _bce_accepted(case):
    p, t = case.args
    dtype = F.as_float_array(p).dtype
    return ([_binary_cross_entropy(p, t, guard) for guard in _guards(dtype)]
            + [_binary_cross_entropy_of_clipped(p, t, eps) for eps in _epsilons(dtype)])


_bce_judge = with_lookalikes(_BCE_SLIPS, base=loss_judge(_bce_accepted))

HINT_BCE_GUARD = ("log(0) appears for p = 0 (in log p) and for p = 1 (in log(1 - p)). Clip both "
                  "sides first: p = np.clip(p, 1e-7, 1 - 1e-7). A confident wrong prediction "
                  "then costs -log(1e-7) = 16.118.")


def _bce_visible():
    judge = _bce_judge
    return [
        _shown("binary_cross_entropy", np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0]),
               "-(log 0.9 + log 0.8 + log 0.6) / 3 = 0.2798: each sample with t = 1 costs "
               "-log p, each with t = 0 costs -log(1 - p).", judge),
        _shown("binary_cross_entropy", np.array([[0.7], [0.1]]), np.array([[0.0], [0.0]]),
               "Both samples have t = 0: -(log 0.3 + log 0.9) / 2 = 0.6547. A column (N, 1) "
               "is as good as (N,).", judge),
        _shown("binary_cross_entropy", np.array([1.0, 0.0, 1.0, 0.0]),
               np.array([1.0, 0.0, 0.0, 1.0]),
               "Two perfect predictions cost 0; two confidently wrong ones cost 16.118 each: "
               "2 * 16.118 / 4 = 8.059. " + HINT_BCE_GUARD, judge),
    ]


# ---- softmax cross-entropy (fused) --------------------------------------------------------------

def _softmax_then_clipped_log(z, t):
    """Softmax, then a guarded log: right for moderate scores, capped at 16.1 for huge ones."""
    return _cross_entropy(F.softmax(z), t, _clipped)


_SOFTMAX_THEN_LOG = ("That is log(softmax(z)) with a guard: for huge scores the true class's "
                     "probability rounds to 0, and the guard caps its loss at 16.1 although the "
                     "true loss is far larger. Compute the log-probabilities directly: with "
                     "s = z - max(z) per row, log_softmax = s - log(sum(exp(s))).")
# All but the first are computed by the answer key (the right loss, changed).
_SCE_SLIPS = [
    (_softmax_then_clipped_log, _SOFTMAX_THEN_LOG),
    (KeyedSlip(__name__, "softmax_cross_entropy.softmax_then_log"), _SOFTMAX_THEN_LOG),
    (KeyedSlip(__name__, "softmax_cross_entropy.batch_sum"),
     "That is the sum over the whole batch; divide it by the number of samples N."),
    (KeyedSlip(__name__, "softmax_cross_entropy.all_entries"),
     "That is the mean over all N * C entries; sum over the classes first, then divide by the "
     "number of samples N only."),
    (KeyedSlip(__name__, "softmax_cross_entropy.sign"),
     "That is the loss with the wrong sign; it must be positive."),
]
_sce_judge = with_lookalikes(_SCE_SLIPS, base=loss_judge())

HINT_SHIFT = ("Subtract each row's maximum before np.exp (np.max(z, axis=-1, keepdims=True)): "
              "exp(1000) overflows. Then log_softmax = s - np.log(np.sum(np.exp(s), axis=-1, "
              "keepdims=True)) is exact, with no guard needed.")


def _sce_visible():
    judge = _sce_judge
    return [
        _shown("softmax_cross_entropy", np.array([2.0, 1.0, 0.1]), 0,
               "softmax([2, 1, 0.1])[0] = 0.659, so the loss is -log(0.659) = 0.417.", judge),
        _shown("softmax_cross_entropy", np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]),
               np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]),
               "(0.4076 + 1.0986) / 2 = 0.7531. " + HINT_BATCH, judge),
        _shown("softmax_cross_entropy", np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]),
               np.array([2, 0]), "The same batch with integer labels. " + HINT_LABELS, judge),
        _shown("softmax_cross_entropy", np.array([1000.0, 1001.0, 1002.0]), 2,
               "The same scores as [0, 1, 2] shifted by 1000: the loss is -log(0.665) = 0.408. "
               + HINT_SHIFT, judge),
        _shown("softmax_cross_entropy", np.array([[1000.0, 0.0], [0.0, 0.0]]), np.array([1, 0]),
               "Sample 1 gives its true class a score 1000 below the winner: its loss is "
               "1000 + log(1 + e^-1000) = 1000, and the batch mean is (1000 + 0.693) / 2 = "
               "500.35. A guard of 1e-7 would cap it at 16.1. " + HINT_SHIFT, judge),
    ]


# ---- the checks ---------------------------------------------------------------------------------

# The references and the hidden cases are in the answer key (coursekit_key.answers.losses,
# coursekit_key.hidden.losses). softmax_cross_entropy's calls of cross_entropy_error are a
# stand-in (see `standins`): the key's slip softmax_then_log makes them.
mean_squared_error = FunctionCheck("mean_squared_error", None, _mse_visible)
cross_entropy_error = FunctionCheck("cross_entropy_error", None, _ce_visible)
binary_cross_entropy = FunctionCheck("binary_cross_entropy", None, _bce_visible)
softmax_cross_entropy = FunctionCheck("softmax_cross_entropy", None, _sce_visible,
                                      dependencies={"softmax": F.softmax,
                                                    "log_softmax": F.log_softmax},
                                      stand_ins=("cross_entropy_error",))

register(globals())
