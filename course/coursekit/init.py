"""Weight initialisation (가중치 초기화) for fully connected layers.

Every initialiser draws a weight matrix ``W`` of shape ``(fan_in, fan_out)``, the shape ``Affine``
uses (``x @ W`` maps ``(N, fan_in) -> (N, fan_out)``). Only 2-D shapes have fans here: a conv
kernel ``(FN, C, FH, FW)`` has ``fan_in = C * FH * FW``, which no simple rule on the shape recovers,
so ``xavier_*`` and ``he_*`` reject other shapes instead of guessing. ``normal`` and ``zeros``
accept any shape.

Each initialiser takes ``rng`` (an ``np.random.Generator``, an integer seed, or ``None`` for fresh
entropy) and ``dtype`` (float64 by default). Samples are drawn in float64 and then cast, so the
same seed gives the same weights, up to rounding, in float32 and float64.

    normal          W ~ N(0, std^2)                          plain std (the book's default 0.01)
    xavier_normal   std   = sqrt(2 / (fan_in + fan_out))     Glorot & Bengio (2010)
    xavier_uniform  limit = sqrt(6 / (fan_in + fan_out))     W ~ U(-limit, limit)
    he_normal       std   = sqrt(2 / fan_in)                 He et al. (2015), for ReLU
    he_uniform      limit = sqrt(6 / fan_in)

Xavier keeps the variance of activations and of gradients roughly constant through layers with
symmetric activations (tanh, sigmoid); He doubles the variance to make up for ReLU zeroing half of
its inputs. ``initializer(name_or_std)`` maps the names ``network.py`` uses to these functions.
"""

import functools
import numbers

import numpy as np

__all__ = [
    "normal", "xavier_normal", "xavier_uniform", "he_normal", "he_uniform", "zeros",
    "INITIALIZERS", "initializer",
]


def _rng(rng):
    """A Generator from a Generator, an integer seed or None."""
    return np.random.default_rng(rng)


def _float_dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"dtype must be a floating dtype such as np.float32, got {dtype}")
    return dtype


def _shape(shape):
    return (int(shape),) if np.ndim(shape) == 0 else tuple(int(n) for n in shape)


def _fans(shape, name):
    """(fan_in, fan_out) of a weight matrix shape (fan_in, fan_out)."""
    shape = _shape(shape)
    if len(shape) != 2 or min(shape) < 1:
        raise ValueError(
            f"{name}: shape must be a 2-D weight shape (fan_in, fan_out) with positive sizes, "
            f"got {shape}"
        )
    return shape


def _check_std(std, name):
    if not (np.isfinite(std) and std >= 0):
        raise ValueError(f"{name}: std must be a finite number >= 0, got {std!r}")


def _normal(shape, std, rng, dtype):
    return (_rng(rng).standard_normal(_shape(shape)) * std).astype(_float_dtype(dtype))


def _uniform(shape, limit, rng, dtype):
    return _rng(rng).uniform(-limit, limit, _shape(shape)).astype(_float_dtype(dtype))


def normal(shape, std=0.01, rng=None, dtype=np.float64):
    """Gaussian weights with a fixed std: W ~ N(0, std^2), any shape.

    The book's ``weight_init_std = 0.01``: fine for shallow nets, but activations shrink layer by
    layer in deep ones (that is what Xavier and He fix).
    """
    _check_std(std, "normal")
    return _normal(shape, std, rng, dtype)


def xavier_normal(shape, rng=None, dtype=np.float64):
    """Glorot & Bengio (2010): W ~ N(0, 2 / (fan_in + fan_out)), shape (fan_in, fan_out).

    The book simplifies this to std = 1 / sqrt(fan_in) (only the incoming nodes counted); the two
    agree when fan_in == fan_out.
    """
    fan_in, fan_out = _fans(shape, "xavier_normal")
    return _normal(shape, np.sqrt(2.0 / (fan_in + fan_out)), rng, dtype)


def xavier_uniform(shape, rng=None, dtype=np.float64):
    """Glorot & Bengio (2010): W ~ U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)).

    Same variance as ``xavier_normal``: a uniform on (-a, a) has variance a^2 / 3.
    """
    fan_in, fan_out = _fans(shape, "xavier_uniform")
    return _uniform(shape, np.sqrt(6.0 / (fan_in + fan_out)), rng, dtype)


def he_normal(shape, rng=None, dtype=np.float64):
    """He et al. (2015): W ~ N(0, 2 / fan_in), shape (fan_in, fan_out); the choice for ReLU."""
    fan_in, _ = _fans(shape, "he_normal")
    return _normal(shape, np.sqrt(2.0 / fan_in), rng, dtype)


def he_uniform(shape, rng=None, dtype=np.float64):
    """He et al. (2015), uniform form: W ~ U(-limit, limit), limit = sqrt(6 / fan_in)."""
    fan_in, _ = _fans(shape, "he_uniform")
    return _uniform(shape, np.sqrt(6.0 / fan_in), rng, dtype)


def zeros(shape, rng=None, dtype=np.float64):
    """Zeros of any shape, for biases. ``rng`` is accepted (and unused) for a uniform signature.

    Never use zeros for weights: every unit of a layer would compute the same thing and receive
    the same gradient, so they would stay identical forever.
    """
    return np.zeros(_shape(shape), dtype=_float_dtype(dtype))


INITIALIZERS = {
    "std": normal,
    "normal": normal,
    "xavier": xavier_normal,
    "xavier_normal": xavier_normal,
    "xavier_uniform": xavier_uniform,
    "he": he_normal,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
    "zeros": zeros,
}


def initializer(name_or_std):
    """The initialiser ``f(shape, rng=None, dtype=np.float64)`` for a name or a std.

    A name is looked up (case-insensitively) in ``INITIALIZERS``: 'std' (normal, std 0.01),
    'xavier', 'he', 'xavier_uniform', 'he_uniform', ... A number means plain ``normal`` with that
    std, the book's ``weight_init_std=0.01`` style.

    >>> W = initializer('he')((784, 100), rng=0)
    >>> W = initializer(0.01)((784, 100), rng=0)
    """
    if isinstance(name_or_std, numbers.Real) and not isinstance(name_or_std, bool):
        _check_std(name_or_std, "initializer")
        return functools.partial(normal, std=float(name_or_std))
    if isinstance(name_or_std, str) and name_or_std.lower() in INITIALIZERS:
        return INITIALIZERS[name_or_std.lower()]
    raise ValueError(
        f"initializer: expected a std (float) or one of {sorted(INITIALIZERS)}, got {name_or_std!r}"
    )
