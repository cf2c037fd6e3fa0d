"""Reference answers of coursekit.checks.optimizers (day 9), the parameter update rules (최적화
기법): SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam; and the slips of those checks, the
wrong rules that the messages name.

Every optimizer is a class: hyper-parameters go to ``__init__``, and ``update(params, grads)``
takes two dicts of arrays with the same keys (``params['W1']`` and ``grads['W1']``, same shape) and
changes each ``params[key]`` IN PLACE (``-=``/``+=``), so a layer holding a reference to that array
sees the new values. State (velocities, squared-gradient sums, step counts) is kept per key and
created on the first update of that key. Keys of ``grads`` absent from ``params`` are ignored,
so a subset of the parameters can be updated (the rest stay frozen).

In the formulas ``w`` is one parameter array, ``g`` its gradient, ``lr`` the learning rate
(학습률); arithmetic is element-wise. ``eps`` keeps a division away from 0/0 and is explicit.

    SGD       w -= lr * g
    Momentum  v = mu * v - lr * g;  w += v
    Nesterov  v_prev = v;  v = mu * v - lr * g;  w += -mu * v_prev + (1 + mu) * v
    AdaGrad   h += g * g;  w -= lr * g / (sqrt(h) + eps)
    RMSprop   h = rho * h + (1 - rho) * g * g;  w -= lr * g / (sqrt(h) + eps)
    Adam      m = b1 * m + (1 - b1) * g;  v = b2 * v + (1 - b2) * g * g;
              w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
"""
import inspect
import numbers
from collections.abc import Mapping
from functools import partial

import numpy as np

from coursekit.checks.optimizers import run_optimizer

__all__ = ["Optimizer", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]


def _check_range(name, value, low, high, include_low=True):
    """Raise ValueError unless low <= value < high (or low < value when include_low is False)."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    ok_low = value >= low if include_low else value > low
    if not (ok_low and value < high):
        bracket = "[" if include_low else "("
        raise ValueError(f"{name} must be in {bracket}{low}, {high}), got {value!r}")


class Optimizer:
    """Base class: validates the dicts, then calls ``_update_one`` for each key of ``params``."""

    def __init__(self, lr):
        _check_range("lr", lr, 0, np.inf, include_low=False)
        self.lr = lr

    def update(self, params, grads):
        """Update every ``params[key]`` in place from ``grads[key]`` (same shape).

        params: dict name -> float ndarray, modified in place
        grads:  dict name -> array of the same shape as ``params[name]``
        """
        for name, value in (("params", params), ("grads", grads)):
            if not isinstance(value, Mapping):
                raise TypeError(f"{type(self).__name__}.update: {name} must be a dict of arrays "
                                f"such as {{'W1': ...}}, got {type(value).__name__}")
        for key, param in params.items():
            self._update_one(key, param, self._grad_for(key, param, grads))

    @staticmethod
    def _grad_for(key, param, grads):
        if not isinstance(param, np.ndarray) or param.dtype.kind != "f":
            raise TypeError(
                f"params[{key!r}] must be a float ndarray (it is updated in place), "
                f"got {type(param).__name__} of dtype {np.asarray(param).dtype}"
            )
        if key not in grads:
            raise ValueError(
                f"grads has no entry for params[{key!r}] (grads keys: {sorted(grads)})"
            )
        grad = np.asarray(grads[key])
        if grad.shape != param.shape:
            raise ValueError(
                f"grads[{key!r}] has shape {grad.shape} but params[{key!r}] has shape {param.shape}"
            )
        return grad

    def _update_one(self, key, param, grad):
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent (확률적 경사 하강법): w -= lr * g."""

    def __init__(self, lr=0.01):
        super().__init__(lr)

    def _update_one(self, key, param, grad):
        param -= self.lr * grad


class Momentum(Optimizer):
    """Momentum (Polyak 1964): v = mu * v - lr * g;  w += v.

    v is a velocity that accumulates past steps, starting at 0; with a constant gradient it
    approaches -lr * g / (1 - mu), i.e. 10x the SGD step for mu = 0.9.
    """

    def __init__(self, lr=0.01, momentum=0.9):
        super().__init__(lr)
        _check_range("momentum", momentum, 0, 1)
        self.momentum = momentum
        self.v = {}

    def _update_one(self, key, param, grad):
        param += self._next_velocity(key, param, grad)

    def _next_velocity(self, key, param, grad):
        """v = mu * v - lr * g, in place in the state of ``key``; returns v."""
        v = self.v.setdefault(key, np.zeros_like(param))
        v *= self.momentum
        v -= self.lr * grad
        return v


class Nesterov(Momentum):
    """Nesterov accelerated gradient (Sutskever et al. 2013), in the form of Bengio et al. (2013).

    The original rule evaluates the gradient at the look-ahead point w + mu * v. Tracking
    w_ahead = w + mu * v instead of w turns it into a rule that only needs g at the current params:

        v_prev = v;  v = mu * v - lr * g;  w += -mu * v_prev + (1 + mu) * v

    (the ``params`` held are then the look-ahead point; CS231n uses the same form). Same
    hyper-parameters and state as ``Momentum``; only the update differs.
    """

    def _update_one(self, key, param, grad):
        param -= self.momentum * self.v.get(key, 0)  # the -mu * v_prev term, before v changes
        param += (1 + self.momentum) * self._next_velocity(key, param, grad)


class AdaGrad(Optimizer):
    """AdaGrad (Duchi et al. 2011): h += g * g;  w -= lr * g / (sqrt(h) + eps).

    Each element gets its own step size that shrinks as its squared gradients add up; h never
    decreases, so the steps eventually stop (RMSprop fixes that).
    """

    def __init__(self, lr=0.01, eps=1e-8):
        super().__init__(lr)
        _check_range("eps", eps, 0, np.inf)
        self.eps = eps
        self.h = {}

    def _update_one(self, key, param, grad):
        h = self._accumulate(self.h.setdefault(key, np.zeros_like(param)), grad)
        param -= self.lr * grad / (np.sqrt(h) + self.eps)

    def _accumulate(self, h, grad):
        """h += g * g, in place; returns h."""
        h += grad * grad
        return h


class RMSprop(AdaGrad):
    """RMSprop (Hinton, Coursera lecture 6e, 2012): an exponential moving average replaces the sum.

        h = rho * h + (1 - rho) * g * g;  w -= lr * g / (sqrt(h) + eps)     (rho = decay_rate)

    AdaGrad's update with a leaky h, so old gradients are forgotten and the steps never stop.
    """

    def __init__(self, lr=0.01, decay_rate=0.99, eps=1e-8):
        super().__init__(lr, eps)
        _check_range("decay_rate", decay_rate, 0, 1)
        self.decay_rate = decay_rate

    def _accumulate(self, h, grad):
        """h = rho * h + (1 - rho) * g * g, in place; returns h."""
        h *= self.decay_rate
        h += (1 - self.decay_rate) * grad * grad
        return h


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015, Algorithm 1): momentum and RMSprop with bias correction.

        t += 1
        m = beta1 * m + (1 - beta1) * g           first moment (mean of g)
        v = beta2 * v + (1 - beta2) * g * g       second moment (mean of g^2)
        m_hat = m / (1 - beta1^t);  v_hat = v / (1 - beta2^t)
        w -= lr * m_hat / (sqrt(v_hat) + eps)

    m and v start at 0, so early averages are biased towards 0; dividing by (1 - beta^t) removes
    that bias. The step count t is kept per key, like m and v.

    The last line is computed as the same number rearranged, with both corrections in scalars:
    w -= lr_t * m / (sqrt(v) + eps_t), lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t) and
    eps_t = eps * sqrt(1 - beta2^t) (multiply the fraction above and below by sqrt(1 - beta2^t)),
    in place in one scratch array per key: no array is allocated per step, which makes the update
    three to four times faster. (Kingma & Ba's "efficient version" leaves eps unscaled; that is
    a slightly different update.)
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        _check_range("beta1", beta1, 0, 1)
        _check_range("beta2", beta2, 0, 1)
        _check_range("eps", eps, 0, np.inf)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, {}
        self._scratch = {}

    def _update_one(self, key, param, grad):
        if key not in self.m:
            self.m[key], self.v[key] = np.zeros_like(param), np.zeros_like(param)
            self._scratch[key] = np.empty_like(param)
        m, v, scratch = self.m[key], self.v[key], self._scratch[key]
        t = self.t[key] = self.t.get(key, 0) + 1
        root = np.sqrt(1 - self.beta2**t)
        m *= self.beta1
        m += np.multiply(grad, 1 - self.beta1, out=scratch)
        v *= self.beta2
        v += np.multiply(np.multiply(grad, grad, out=scratch), 1 - self.beta2, out=scratch)
        np.sqrt(v, out=scratch)
        scratch += self.eps * root
        np.divide(m, scratch, out=scratch)
        scratch *= self.lr * root / (1 - self.beta1**t)
        param -= scratch


# ---- the slips of the checks: wrong rules, each a function of (state, shared, g, hyper) -------

class _Slip:
    """A wrong optimizer for the lookalike messages. `rule(state, shared, g, h)` returns the
    change of one parameter from its gradient g; `state` is the key's dict (one dict for every
    key when share_state), `shared` one dict for all keys, h the hyper-parameters."""

    def __init__(self, rule, defaults, share_state=False, forget=False, **hyper):
        self.rule, self.h = rule, {**defaults, **hyper}
        self.share_state, self.forget = share_state, forget
        self.state, self.shared = {}, {}

    def update(self, params, grads):
        if self.forget:
            self.state, self.shared = {}, {}
        for key in params:
            state = self.state.setdefault("all" if self.share_state else key, {})
            params[key] += self.rule(state, self.shared, np.asarray(grads[key]), self.h)


def _slip(cls, rule, **options):
    """The slip class for reference class `cls`: accepts cls's hyper-parameters and defaults."""
    defaults = {name: p.default for name, p in inspect.signature(cls).parameters.items()
                if p.default is not p.empty}
    return partial(_Slip, rule, defaults, **options)


def _root(x, eps, inside=False, root=np.sqrt):
    """The denominator of an adaptive step: root(x) + eps, or root(x + eps) with eps inside."""
    return root(x + eps) if inside else root(x) + eps


def _momentum(s, c, g, h, sign=1.0):
    s["v"] = h["momentum"] * s.get("v", 0) - sign * h["lr"] * g
    return s["v"]


def _momentum_average(s, c, g, h):
    s["v"] = h["momentum"] * s.get("v", 0) + (1 - h["momentum"]) * g
    return -h["lr"] * s["v"]


def _nesterov(s, c, g, h):
    v_prev = s.get("v", 0)
    s["v"] = h["momentum"] * v_prev - h["lr"] * g
    return -h["momentum"] * v_prev + (1 + h["momentum"]) * s["v"]


def _nesterov_new_velocity(s, c, g, h):
    mu = h["momentum"]
    return mu * mu * _momentum(s, c, g, h) - (1 + mu) * h["lr"] * g


def _adagrad(s, c, g, h, accumulate=True, eps=None, inside=False, root=np.sqrt):
    s["h"] = (s.get("h", 0) if accumulate else 0) + g * g
    return -h["lr"] * g / _root(s["h"], h["eps"] if eps is None else eps, inside, root)


def _rmsprop(s, c, g, h, old=None, new=None, eps=None, inside=False):
    rho = h["decay_rate"]
    s["h"] = (rho if old is None else old) * s.get("h", 0) + \
        (1 - rho if new is None else new) * g * g
    return -h["lr"] * g / _root(s["h"], h["eps"] if eps is None else eps, inside)


def _rmsprop_swapped(s, c, g, h):
    return _rmsprop(s, c, g, h, old=1 - h["decay_rate"], new=h["decay_rate"])


def _adam(s, c, g, h, correct=True, efficient=False, inside=False, shared_t=False,
          keep_t=False, write_back=False):
    b1, b2 = h["beta1"], h["beta2"]
    counter = c if shared_t else s
    counter["t"] = 1 if keep_t else counter.get("t", 0) + 1
    t = counter["t"]
    s["m"] = b1 * s.get("m", 0) + (1 - b1) * g
    s["v"] = b2 * s.get("v", 0) + (1 - b2) * g * g
    if efficient:
        lr_t = h["lr"] * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        return -lr_t * s["m"] / (np.sqrt(s["v"]) + h["eps"])
    m_hat = s["m"] / (1 - b1 ** t) if correct else s["m"]
    v_hat = s["v"] / (1 - b2 ** t) if correct else s["v"]
    if write_back:
        s["m"], s["v"] = m_hat, v_hat
    return -h["lr"] * m_hat / _root(v_hat, h["eps"], inside)


def _run(cls, rule, **options):
    """The slip as the checks compute it: run_optimizer's record for the wrong rule, which takes
    `cls`'s hyper-parameters and defaults."""
    return partial(run_optimizer, _slip(cls, rule, **options))


SLIPS = {
    "SGD.uphill": _run(SGD, lambda s, c, g, h: h["lr"] * g),
    "SGD.no_lr": _run(SGD, lambda s, c, g, h: -g),
    "Momentum.forgets": _run(Momentum, _momentum, forget=True),
    "Momentum.shared": _run(Momentum, _momentum, share_state=True),
    "Momentum.sign": _run(Momentum, partial(_momentum, sign=-1.0)),
    "Momentum.average": _run(Momentum, _momentum_average),
    "Nesterov.momentum": _run(Nesterov, _momentum),
    "Nesterov.new_velocity": _run(Nesterov, _nesterov_new_velocity),
    "Nesterov.forgets": _run(Nesterov, _nesterov, forget=True),
    "Nesterov.shared": _run(Nesterov, _nesterov, share_state=True),
    "AdaGrad.latest": _run(AdaGrad, partial(_adagrad, accumulate=False)),
    "AdaGrad.eps_inside": _run(AdaGrad, partial(_adagrad, inside=True)),
    "AdaGrad.fixed_eps": _run(AdaGrad, partial(_adagrad, eps=1e-7)),
    "AdaGrad.no_eps": _run(AdaGrad, partial(_adagrad, eps=0.0)),
    "AdaGrad.no_root": _run(AdaGrad, partial(_adagrad, root=lambda x: x)),
    "AdaGrad.shared": _run(AdaGrad, _adagrad, share_state=True),
    "RMSprop.whole_square": _run(RMSprop, partial(_rmsprop, new=1.0)),
    "RMSprop.swapped": _run(RMSprop, _rmsprop_swapped),
    "RMSprop.sum": _run(RMSprop, partial(_rmsprop, old=1.0, new=1.0)),
    "RMSprop.eps_inside": _run(RMSprop, partial(_rmsprop, inside=True)),
    "RMSprop.fixed_eps": _run(RMSprop, partial(_rmsprop, eps=1e-7)),
    "RMSprop.no_eps": _run(RMSprop, partial(_rmsprop, eps=0.0)),
    "RMSprop.shared": _run(RMSprop, _rmsprop, share_state=True),
    "Adam.no_correction": _run(Adam, partial(_adam, correct=False)),
    "Adam.eps_inside": _run(Adam, partial(_adam, inside=True)),
    "Adam.no_eps": _run(Adam, lambda s, c, g, h: _adam(s, c, g, {**h, "eps": 0.0})),
    "Adam.efficient": _run(Adam, partial(_adam, efficient=True)),
    "Adam.t_per_key": _run(Adam, partial(_adam, shared_t=True)),
    "Adam.t_stays": _run(Adam, partial(_adam, keep_t=True)),
    "Adam.write_back": _run(Adam, partial(_adam, write_back=True)),
    "Adam.forgets": _run(Adam, _adam, forget=True),
    "Adam.shared": _run(Adam, _adam, share_state=True),
}

REFERENCES = {cls.__name__: partial(run_optimizer, cls)
              for cls in (SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam)}
