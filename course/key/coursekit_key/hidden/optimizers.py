"""Hidden cases of coursekit.checks.optimizers (see coursekit.checks.hidden)."""
from functools import partial

import numpy as np

from coursekit.checks.optimizers import SETUPS, _hyper_text, _random_case

# Each check's hyper-parameters with every one of them set to another value.
CHANGED = {
    "SGD": {"lr": 0.37},
    "Momentum": {"lr": 0.05, "momentum": 0.5},
    "Nesterov": {"lr": 0.05, "momentum": 0.5},
    "AdaGrad": {"lr": 0.3, "eps": 0.01},
    "RMSprop": {"lr": 0.03, "decay_rate": 0.5, "eps": 0.01},
    "Adam": {"lr": 0.02, "beta1": 0.5, "beta2": 0.9, "eps": 0.01},
}


def _hidden_cases(name, changed) -> list:
    """What every optimizer's hidden tests probe, for its hyper-parameters and a variant
    `changed` that sets every one of them to another value."""
    hyper, judge, hint, seed = SETUPS[name]
    seed += 10
    wide = {"W1": (4, 5), "b1": (5,), "W2": (5, 3), "b2": (3,)}
    return [
        _random_case(name, changed, {"W": (3, 4), "b": (4,)}, 4, seed, judge, hint, hidden=True,
                     what=f"every hyper-parameter changed: {name}({_hyper_text(changed)})"),
        _random_case(name, {}, {"W": (2, 3)}, 3, seed + 1, judge, hint, hidden=True,
                     what=f"the default hyper-parameters: {name}()"),
        _random_case(name, hyper, {"W": (3, 3), "b": (3,)}, 5, seed + 2, judge, hint,
                     hidden=True, dtype=np.float32, what="float32 params and gradients"),
        _random_case(name, hyper, wide, 25, seed + 3, judge, hint, hidden=True,
                     what="25 updates of a two-layer network's params"),
        _random_case(name, hyper, {"W": (3, 4)}, 4, seed + 4, judge, hint, hidden=True,
                     copies=2, what="two optimizers of the class, each on its own params, "
                                    "updated in turn"),
        _random_case(name, hyper, {"W": (4, 4), "b": (4,)}, 3, seed + 5, judge, hint,
                     hidden=True, zeros=0.3, scales={"b": 1e-3},
                     what="gradients with exact zeros and small entries (1e-3)"),
        _random_case(name, hyper, {"W1": (3, 3), "W2": (3, 3)}, 3, seed + 6, judge, hint,
                     hidden=True, what="two keys of the same shape"),
    ]


CASES = {name: partial(_hidden_cases, name, changed) for name, changed in CHANGED.items()}
