"""Checks for day 14: convolution (합성곱) and max pooling (최대 풀링) layers.

    from coursekit.checks import conv as check
    check.conv_output_size(conv_output_size)
    check.Convolution(Convolution)         # the class itself, not an instance
    check.Pooling(Pooling)

Policy (what passes):
- conv_output_size(size, filter_size, stride, pad) returns (size + 2 pad - filter_size) // stride
  + 1 as an integer (a Python int or a NumPy integer: the result is used as a shape); a last step
  past the padded edge is not taken, as in PyTorch and Keras.
- Convolution(W, b, stride=1, pad=0) is built, run forward on a batch x (N, C, H, W), then
  backward, and compared with the reference in the answer key (coursekit_key.answers.conv; the
  student's install judges its visible cases with stored values): the output (N, FN, OH, OW), dx,
  and the attributes dW and db. It computes a cross-correlation, as every deep-learning library
  does (a "true" convolution, with the filter turned by 180 degrees, is named when seen). Any
  method is fine: im2col, loops over positions, einsum. Cases cover stride 2, padding, several
  channels and filters, float32, a batch of one, a layer used twice (backward belongs to the
  latest forward) and W changed in place after the layer was built; no call may write into x,
  dout, W or b.
- Pooling(pool_h, pool_w, stride=1, pad=0) is max pooling; backward sends each window's dout to
  that window's largest input. The cases hold distinct values, so no window has a tie.

Tolerance: rtol 1e-5, atol 1e-8 in float64; rtol 1e-4, atol 1e-5 in float32.
"""
from __future__ import annotations

import numpy as np

from .. import conv as C
from .classes import ClassCheck, Step
from .core import FLOAT32_SUMS, Case, FunctionCheck, as_numeric, compare_arrays, register, subject
from .lookalikes import KeyedSlip

_SEED = 14
# The notebook's given helpers, as the layers' methods may call them; exercise 1's
# conv_output_size is a stand-in (see `standins`): each layer is judged on its own, not on the
# student's conv_output_size.
HELPERS = {"im2col": C.im2col, "col2im": C.col2im}
STAND_INS = ("conv_output_size",)


def _show(a) -> str:
    return str(np.asarray(a).tolist())


# ---- conv_output_size ---------------------------------------------------------------------------

SIZE_HINT = ("Count the positions the filter takes: the padded input is size + 2 * pad long, the "
             "filter starts at 0 and moves stride at a time while it still fits; integer division "
             "(//) keeps the result a whole number.")


def _integer_size(case, record, expected):
    """The exact value, as an integer: it is used as an array's shape."""
    got = record.output
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
        value = as_numeric(got)
        if value is not None and value.shape == () and float(value) == float(expected):
            return (f"{subject(case)} returned {got!r}, the right number but not an integer; "
                    "a size is used as an array's shape, so compute it with // (not /), or "
                    "convert with int().")
    return compare_arrays(case, got, expected)


def _size_case(size, filter_size, stride, pad, hidden=False, hint=SIZE_HINT):
    label = (f"a padded input of {size} + 2 * {pad}, a filter of {filter_size}, stride {stride}"
             if hidden else f"conv_output_size({size}, {filter_size}, {stride}, {pad})")
    return Case(label, (size, filter_size, stride, pad), hint=hint, judge=_integer_size,
                hidden=hidden)


def _size_visible():
    return [_size_case(4, 3, 1, 0), _size_case(8, 3, 1, 1), _size_case(7, 3, 2, 0),
            _size_case(8, 3, 2, 0, hint=SIZE_HINT + " Positions 0, 2 and 4 fit; a fourth, at "
                       "6, would need 9 numbers.")]


# The reference and the hidden cases are in the answer key (coursekit_key.answers.conv,
# coursekit_key.hidden.conv).
conv_output_size = FunctionCheck("conv_output_size", None, _size_visible)


# ---- Convolution --------------------------------------------------------------------------------

def _negate_in_place(W):
    W *= -1  # exact, and exact again when undone: the case's W ends as it began


_CONV_DATA = ("W", "b", "x", "dout", "stride", "pad", "x_before")
_BUILD = Step(None, ("W", "b"), {"stride": "stride", "pad": "pad"})
_CONV_BACKWARD = Step("backward", ("dout",), returns="dx", reads=("dW", "db"))
_CONV_SCENARIOS = {
    "main": (_BUILD, Step("forward", ("x",), returns="out"), _CONV_BACKWARD),
    "reuse": (_BUILD, Step("forward", ("x_before",), returns="out_before"),
              Step("forward", ("x",), returns="out"), _CONV_BACKWARD),
    "shared": (_BUILD, Step(_negate_in_place, ("W",), label="W *= -1 (in place, as a training "
                                                            "step)"),
               Step("forward", ("x",), returns="out"),
               Step(_negate_in_place, ("W",), label="W *= -1 (back as it was)"), _CONV_BACKWARD),
}

CONV_HINT = ("out[n, f, i, j] is the sum of W[f] times the (padded) window of x[n] that starts "
             "at row i * stride and column j * stride, plus b[f]. In backward, each output "
             "position sends dout[n, f, i, j] * W[f] back to its window (dx) and adds "
             "dout[n, f, i, j] times the window to dW[f]; db[f] sums dout over n, i and j.")
_SHARED_HINT = ("Keep the arrays you are given (self.W = W), not copies: an optimizer updates "
                "params['W1'] in place, and the layer must see the change.")


_CONV_SLIPS = [
    ("out", KeyedSlip(__name__, "Convolution.flipped"),
     "That is a true convolution, with the filter turned by 180 degrees. Deep-learning layers "
     "(this one, the book's, PyTorch's) compute a cross-correlation: W[f] is laid on each window "
     "as it is."),
    ("out", KeyedSlip(__name__, "Convolution.no_bias"),
     "The bias is missing: add b[f] to every position of output channel f."),
    ("out", KeyedSlip(__name__, "Convolution.copied_W"),
     "Your layer used a copy of W made when it was built. " + _SHARED_HINT),
    ("db", lambda dout, **_: np.asarray(dout).mean(axis=(0, 2, 3)),
     "That is the mean of dout; db sums it over the batch and every position, since each "
     "position adds the same bias."),
    ("db", lambda dout, **_: np.asarray(dout).sum(axis=(2, 3)),
     "That sums over the positions but keeps the batch: sum over axes 0, 2 and 3, one value per "
     "filter."),
]


def _conv_case(label, W, b, x, dout, stride=1, pad=0, scenario="main", hidden=False, extra="",
               float32=False, **before):
    tolerance = FLOAT32_SUMS if float32 else {}
    return Convolution.case(label, scenario=scenario, hint=f"{CONV_HINT} {extra}".strip(),
                            slips=_CONV_SLIPS, hidden=hidden, W=W, b=b, x=x, dout=dout,
                            stride=stride, pad=pad, **before, **tolerance)


def _conv_data(rng, n, c, h, fn, size, stride=1, pad=0, dtype=np.float64, rounded=False):
    draw = (lambda *s: np.round(rng.standard_normal(s), 1)) if rounded else \
        (lambda *s: rng.standard_normal(s))
    x = draw(n, c, h, h).astype(dtype)
    W, b = draw(fn, c, size, size).astype(dtype), draw(fn).astype(dtype)
    o = (h + 2 * pad - size) // stride + 1
    return W, b, x, draw(n, fn, o, o).astype(dtype)


def _conv_visible():
    rng = np.random.default_rng(_SEED)
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    W, b = np.array([[[[1.0, 0.0, -1.0], [1.0, 0.0, -1.0], [1.0, 0.0, -1.0]]]]), np.array([0.5])
    dout = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    return [
        _conv_case(f"Convolution(W, b) with one 3 x 3 filter W[0, 0] = {_show(W[0, 0])} and b = "
                   f"[0.5]: forward(x) for the 4 x 4 image x[0, 0] = {_show(x[0, 0])}, then "
                   f"backward(dout) with dout[0, 0] = {_show(dout[0, 0])}", W, b, x, dout),
        _conv_case("Convolution(W, b, stride=1, pad=1): 2 images of 2 channels, 5 x 5, three "
                   "3 x 3 filters (values with one decimal)",
                   *_conv_data(rng, 2, 2, 5, 3, 3, pad=1, rounded=True), pad=1),
        _conv_case("Convolution(W, b, stride=2, pad=0): 2 images of 1 channel, 5 x 5, two 3 x 3 "
                   "filters", *_conv_data(rng, 2, 1, 5, 2, 3, stride=2, rounded=True), stride=2),
    ]


Convolution = ClassCheck("Convolution", None, _conv_visible, data=_CONV_DATA,
                         scenarios=_CONV_SCENARIOS, dependencies=HELPERS, stand_ins=STAND_INS)


# ---- Pooling ------------------------------------------------------------------------------------

_POOL_DATA = ("x", "dout", "pool_h", "pool_w", "stride", "x_before")
_POOL_BUILD = Step(None, ("pool_h", "pool_w"), {"stride": "stride"})
_POOL_SCENARIOS = {
    "main": (_POOL_BUILD, Step("forward", ("x",), returns="out"),
             Step("backward", ("dout",), returns="dx")),
    "reuse": (_POOL_BUILD, Step("forward", ("x_before",), returns="out_before"),
              Step("forward", ("x",), returns="out"), Step("backward", ("dout",), returns="dx")),
}

POOL_HINT = ("forward: the largest value of each pool_h x pool_w window, the windows starting "
             "every stride rows and columns, for every image and channel separately. backward: "
             "each window's dout goes to the one input that was its maximum; every other input "
             "of the window gets 0.")


def _average_pool(x, pool_h, pool_w, stride, **_):
    x = np.asarray(x, dtype=float)
    n, c, h, w = x.shape
    cols = C.im2col(x.reshape(n * c, 1, h, w), pool_h, pool_w, stride)
    oh, ow = (h - pool_h) // stride + 1, (w - pool_w) // stride + 1
    return cols.mean(axis=1).reshape(n, c, oh, ow)


def _spread(x, dout, pool_h, pool_w, stride, share=True):
    """Each window's dout given to every input of the window: divided among them (average
    pooling's backward) if `share`, else whole to each."""
    x = np.asarray(x, dtype=float)
    n, c, h, w = x.shape
    size = pool_h * pool_w
    cols = np.repeat(np.asarray(dout, dtype=float).reshape(-1, 1) / (size if share else 1),
                     size, axis=1)
    return C.col2im(cols, (n * c, 1, h, w), pool_h, pool_w, stride).reshape(x.shape)


_ONLY_THE_MAXIMUM = ("only the maximum affected the output, so it alone gets the window's "
                     "dout and the other inputs get 0.")
_POOL_SLIPS = [
    ("out", _average_pool,
     "That is average pooling; this layer is max pooling: keep each window's largest value."),
    ("dx", lambda x, dout, pool_h, pool_w, stride, **_: _spread(x, dout, pool_h, pool_w, stride),
     "That shares dout equally over the window (average pooling's gradient); in max pooling "
     + _ONLY_THE_MAXIMUM),
    ("dx", lambda x, dout, pool_h, pool_w, stride, **_: _spread(x, dout, pool_h, pool_w, stride,
                                                               share=False),
     "That gives the window's dout to every input of the window; in max pooling "
     + _ONLY_THE_MAXIMUM),
]


def _distinct(rng, *shape, dtype=np.float64):
    """Values with no repeats, so every window has a single maximum."""
    return (rng.permutation(np.prod(shape)).reshape(shape) / 10.0 - 2.0).astype(dtype)


def _pool_case(label, x, pool, stride, rng, scenario="main", hidden=False, extra="",
               float32=False, **before):
    n, c, h, w = x.shape
    oh, ow = (h - pool) // stride + 1, (w - pool) // stride + 1
    dout = np.round(rng.standard_normal((n, c, oh, ow)), 1).astype(x.dtype)
    tolerance = FLOAT32_SUMS if float32 else {}
    return Pooling.case(label, scenario=scenario, hint=f"{POOL_HINT} {extra}".strip(),
                        slips=_POOL_SLIPS, hidden=hidden, x=x, dout=dout, pool_h=pool,
                        pool_w=pool, stride=stride, **before, **tolerance)


def _pool_visible():
    rng = np.random.default_rng(_SEED + 2)
    x = np.array([[[[1.0, 3.0, 2.0, 0.0], [4.0, 2.0, 1.0, 5.0], [0.5, 6.0, 7.0, 1.5],
                    [2.5, 1.0, 3.5, 8.0]]]])
    return [
        _pool_case(f"Pooling(2, 2, stride=2): forward(x) for x[0, 0] = {_show(x[0, 0])}, then "
                   "backward(dout)", x, 2, 2, rng),
        _pool_case("Pooling(2, 2, stride=2) on 2 images of 3 channels, 4 x 4",
                   _distinct(rng, 2, 3, 4, 4), 2, 2, rng),
        _pool_case("Pooling(3, 3, stride=1): overlapping windows on one 5 x 5 image",
                   _distinct(rng, 1, 1, 5, 5), 3, 1, rng),
    ]


Pooling = ClassCheck("Pooling", None, _pool_visible, data=_POOL_DATA,
                     scenarios=_POOL_SCENARIOS, dependencies=HELPERS, stand_ins=STAND_INS)

register(globals())
