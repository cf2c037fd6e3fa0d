"""Reference answers of coursekit.checks.regularization (day 12)."""
from functools import partial

import numpy as np

from coursekit.checks.regularization import is_weight, run_search


def weight_decay_loss(params, lam):
    """0.5 * lam * sum over the weight matrices of sum(W ** 2), a float."""
    return 0.5 * lam * sum(float(np.sum(np.asarray(v, dtype=float) ** 2))
                           for k, v in params.items() if is_weight(k))


def weight_decay_grads(grads, params, lam):
    """A new dict: grads[k] + lam * params[k] for weight keys, grads[k] (a copy) otherwise."""
    return {k: g + lam * params[k] if is_weight(k) else np.array(g, copy=True)
            for k, g in grads.items()}


def random_search(ranges, n_trials, rng):
    """{name: n_trials values, log-uniform in [low, high]} for each name of ranges."""
    return {name: 10.0 ** rng.uniform(np.log10(low), np.log10(high), n_trials)
            for name, (low, high) in ranges.items()}


REFERENCES = {
    "weight_decay_loss": weight_decay_loss,
    "weight_decay_grads": weight_decay_grads,
    "random_search": partial(run_search, random_search),
}
