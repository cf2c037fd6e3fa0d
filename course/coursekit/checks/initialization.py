"""Checks for day 10: weight initialisation (가중치 초기화).

    from coursekit.checks import initialization as check
    check.xavier_normal(xavier_normal)                 # visible tests
    check.xavier_normal(xavier_normal, hidden=True)    # hidden tests
    check.he_normal(he_normal)
    check.layer_activations(layer_activations)
    check.init_params(init_params)

The day's API takes the fans and a generator: `xavier_normal(fan_in, fan_out, rng)` and
`he_normal(fan_in, fan_out, rng)` return a (fan_in, fan_out) matrix for `x @ W`, drawn with
`rng`, an np.random.Generator. Random weights have no exact right answer, so they are judged as
a sample, never value by value (any order or kind of rng call is fine): a draw of 14,400 to
20,000 weights must have mean 0 and the target standard deviation within 6 standard errors
(at least 2 % for the std), skewness 0 and kurtosis 3 within 6 standard errors (a normal, not a
uniform), and distinct values (no copied rows). Targets: Xavier (Glorot) std = sqrt(2 / (fan_in
+ fan_out)), He std = sqrt(2 / fan_in). A std that matches a well-known other formula (the book's
1 / sqrt(fan_in), He for Xavier, the variance used as a std, ...) is named. The same seed must
give the same weights, and another seed other weights: the function draws from the rng it is
given, not from np.random or a generator of its own.

`layer_activations(x, weights, activation)` returns the list of every layer's output,
a_k = activation(a_{k-1} @ W_k) with a_0 = x, compared with the reference within rtol 1e-5 (1e-4
in float32); a stacked array of shape (L, N, D) is accepted too. `init_params(layer_sizes,
activation, rng)` returns {'W1', 'b1', ...}: zero biases, Xavier weights for sigmoid and tanh and
He weights for ReLU, each judged as above, drawn with the rng it is given (seeds checked as
for the initialisers); its calls of `xavier_normal` and `he_normal` get the reference's draws
(see `standins`), so a mistake in exercise 2 or 3 costs nothing here.

Generators and functions are not data, so the drivers build them inside (`draw` from seeds,
`run_layers` from an activation's name) and every case stays plain data for the grader.
"""
from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from .. import functions as F
from .classes import DrivenCheck
from .core import FLOAT32, Case, as_numeric, compare_arrays, register, subject

_SEED = 10
SIGMAS = 6.0          # how many standard errors a sample statistic may stray
MIN_STD_TOLERANCE = 0.02


def xavier_std(fan_in: int, fan_out: int) -> float:
    """Glorot & Bengio (2010): sqrt(2 / (fan_in + fan_out))."""
    return math.sqrt(2.0 / (fan_in + fan_out))


def he_std(fan_in: int, fan_out: int) -> float:
    """He et al. (2015): sqrt(2 / fan_in)."""
    return math.sqrt(2.0 / fan_in)


# ---- drivers ------------------------------------------------------------------------------------

def draw(fn, fan_in: int, fan_out: int, seeds: tuple) -> list:
    """fn(fan_in, fan_out, rng) once per seed, each with a new np.random.default_rng(seed)."""
    return [fn(fan_in, fan_out, np.random.default_rng(seed)) for seed in seeds]


def run_layers(fn, x, weights, activation: str):
    """fn(x, weights, the coursekit activation called `activation`); a list or tuple it returns
    becomes a list of copies, so the record holds what each layer gave when it was returned."""
    out = fn(x, weights, F.ACTIVATIONS[activation][0])
    if isinstance(out, (list, tuple)):
        return [a.copy() if isinstance(a, np.ndarray) else a for a in out]
    return out


def run_init(fn, layer_sizes: tuple, activation: str, seeds: tuple) -> list:
    """fn(list(layer_sizes), activation, rng) once per seed, rng = np.random.default_rng(seed)."""
    return [fn(list(layer_sizes), activation, np.random.default_rng(seed)) for seed in seeds]


# ---- judging a sample of weights ----------------------------------------------------------------

def _std_tolerance(n: int) -> float:
    """Relative tolerance of a sample std of n normal values: SIGMAS standard errors."""
    return max(SIGMAS / math.sqrt(2 * n), MIN_STD_TOLERANCE)


def _candidates(fan_in: int, fan_out: int) -> list:
    """(std, explanation) of well-known wrong choices, for naming a wrong spread."""
    n_in, n_out, n_sum = fan_in, fan_out, fan_in + fan_out
    return [
        (1 / math.sqrt(n_in), "That is the book's simplified Xavier, std = 1 / sqrt(fan_in), "
                              "which counts only the incoming connections."),
        (xavier_std(n_in, n_out), "That is Xavier's std, sqrt(2 / (fan_in + fan_out))."),
        (he_std(n_in, n_out), "That is He's std, sqrt(2 / fan_in)."),
        (2 / n_sum, "That is the variance 2 / (fan_in + fan_out) used as the std: "
                    "the std is its square root. (rng.normal's scale is the std.)"),
        (2 / n_in, "That is the variance 2 / fan_in used as the std: the std is its square "
                   "root. (rng.normal's scale is the std.)"),
        (math.sqrt(2 / n_out), "That is sqrt(2 / fan_out): He counts the inputs, fan_in."),
        (1 / math.sqrt(n_sum), "That is sqrt(1 / (fan_in + fan_out)): the 2 is missing."),
        (math.sqrt(6 / n_sum), "That is sqrt(6 / (fan_in + fan_out)), the LIMIT of Xavier's "
                               "uniform version; as the std of a normal it is too large."),
        (1.0, "Those are unscaled standard normal numbers: multiply by the std."),
        (0.01, "That is the fixed std 0.01; it must depend on the layer's size."),
    ]


def spread_problem(what: str, weights: Any, std: float, fans: tuple, hidden: bool) -> Optional[str]:
    """Whether `weights` looks like a sample of N(0, std^2) of shape `fans`; the problem or None.

    what: how the message names the weights, e.g. "your weights" or "W2".
    """
    got = as_numeric(weights)
    if got is None:
        kind = "None (did you forget `return`?)" if weights is None else \
            f"a {type(weights).__name__}"
        return f"{what} is {kind}; expected a NumPy array of shape {fans}."
    if got.shape != fans:
        transposed = (" That is transposed: W has one row per input and one column per output, "
                      "so that x @ W works for x of shape (N, fan_in).")
        return (f"{what} has shape {got.shape}; expected {fans}."
                + (transposed if got.shape == fans[::-1] else ""))
    if not np.all(np.isfinite(got)):
        return f"{what} contains nan or inf."
    values = got.ravel()
    n = values.size
    mean, sd = float(values.mean()), float(values.std())
    if sd == 0:
        return (f"{what} are all equal ({values[0]:g}). Equal weights give every unit of a layer "
                "the same output and the same gradient, so they stay equal forever: draw them "
                "at random.")
    if n >= 100 and np.unique(values).size < 0.9 * n:
        return (f"{what} repeat many values: every weight needs its own random draw, one for "
                "each of the fan_in * fan_out entries; a copied row or column makes units "
                "identical.")
    if abs(mean) > SIGMAS * sd / math.sqrt(n):
        return (f"{what} are not centred on 0 (mean {mean:.3g}" +
                ("" if hidden else f" for a std of {std:.4g}") + "): draw from a normal with "
                "mean 0 (rng.normal's first argument, loc, is the mean).")
    ratio = sd / std
    if abs(ratio - 1) > _std_tolerance(n):
        detail = (f"is {ratio:.3g} times what it should be" if hidden
                  else f"is {sd:.4g}; expected {std:.4g} (within {_std_tolerance(n):.0%})")
        named = next((text for other, text in _candidates(*fans)
                      if abs(sd / other - 1) <= _std_tolerance(n)
                      and abs(std / other - 1) > _std_tolerance(n)), "")
        return f"the standard deviation of {what} {detail}." + (f" {named}" if named else "")
    z = (values - mean) / sd
    skew, kurtosis = float(np.mean(z ** 3)), float(np.mean(z ** 4))
    if abs(kurtosis - 3) > SIGMAS * math.sqrt(24 / n) or abs(skew) > SIGMAS * math.sqrt(6 / n):
        uniform = " (a uniform's is 1.8)" if abs(kurtosis - 1.8) < 0.2 else ""
        return (f"{what} have the right spread but are not normally distributed (skewness "
                f"{skew:.2f}, kurtosis {kurtosis:.2f}; a normal's are 0 and 3{uniform}). Draw "
                "with rng.normal or rng.standard_normal.")
    return None


def _judge_draws(case: Case, record, expected: dict) -> Optional[str]:
    """Judge the weights of a `draw` case: a sample check, or the seeds check."""
    draws = record.output
    if not isinstance(draws, list) or len(draws) != len(expected["seeds"]):
        return f"{subject(case)}: the test could not read your weights."
    fans = expected["fans"]
    if "std" in expected:
        problem = spread_problem("your weights", draws[0], expected["std"], fans, case.hidden)
        return None if problem is None else f"{subject(case)}: {problem}"
    arrays = [as_numeric(w) for w in draws]
    for got, raw in zip(arrays, draws):
        if got is None or got.shape != fans:
            return f"{subject(case)}: {spread_problem('your weights', raw, 1.0, fans, True)}"
    if not np.array_equal(arrays[0], arrays[1]):
        return (f"{subject(case)}: two generators made from the same seed gave different "
                "weights. Draw from the rng you are given (rng.normal(...) or "
                "rng.standard_normal(...)); np.random.randn and np.random.normal use a global "
                "generator and ignore it.")
    if np.array_equal(arrays[0], arrays[2]):
        return (f"{subject(case)}: generators with different seeds gave the same weights. Draw "
                "from the rng you are given; do not make a generator of your own inside the "
                "function.")
    return None


def _sample_case(name, fan_in, fan_out, std_fn, seed, label="", hidden=False, hint="") -> Case:
    label = label or f"{name}({fan_in}, {fan_out}, rng) with rng = np.random.default_rng({seed})"
    return Case(label, (fan_in, fan_out, (seed,)), hint=hint, judge=_judge_draws, hidden=hidden,
                expected={"seeds": (seed,), "fans": (fan_in, fan_out),
                          "std": std_fn(fan_in, fan_out)})


def _seeds_case(name, seed, hidden=False, label="") -> Case:
    seeds = (seed, seed, seed + 1)
    label = label or (f"{name}(3, 4, rng) three times, with rng = np.random.default_rng(s) for "
                      f"s = {seed}, {seed} and {seed + 1}")
    return Case(label, (3, 4, seeds), judge=_judge_draws, hidden=hidden,
                hint="The weights must come from rng: the same seed gives the same weights.",
                expected={"seeds": seeds, "fans": (3, 4)})


_XAVIER_HINT = ("Xavier (Glorot) balances the forward and the backward pass: every weight is its "
                "own draw from a normal with mean 0 and standard deviation sqrt(2 / (fan_in + "
                "fan_out)), made with the generator rng you are given.")
_HE_HINT = ("He makes up for ReLU halving the signal: every weight is its own draw from a normal "
            "with mean 0 and standard deviation sqrt(2 / fan_in), made with the generator rng you "
            "are given.")


def _draw_cases(name, std_fn, hint, seed, shapes, hidden=False, labels=None) -> list:
    """A sample case for each (fan_in, fan_out) of `shapes`, then the seeds case; `labels`, if
    given, names them in turn (else a label shows the call)."""
    labels = labels or [""] * (len(shapes) + 1)
    cases = [_sample_case(name, i, o, std_fn, seed + k, labels[k], hidden, hint)
             for k, (i, o) in enumerate(shapes)]
    return cases + [_seeds_case(name, seed + 50, hidden, labels[-1])]


# What each initialiser's cases are built from, its hidden cases too: name -> (std_fn, hint, seed).
INITIALISERS = {"xavier_normal": (xavier_std, _XAVIER_HINT, _SEED),
                "he_normal": (he_std, _HE_HINT, _SEED + 1000)}


def _initialiser_check(name) -> DrivenCheck:
    std_fn, hint, seed = INITIALISERS[name]
    return DrivenCheck(name, None,
                       lambda: _draw_cases(name, std_fn, hint, seed, [(240, 80), (80, 240)]),
                       driver=draw)


# The references and the hidden cases of all checks here are in the answer key
# (coursekit_key.answers.initialization, coursekit_key.hidden.initialization).
xavier_normal = _initialiser_check("xavier_normal")
he_normal = _initialiser_check("he_normal")


# ---- layer_activations --------------------------------------------------------------------------

def _layer_slip(step):
    """layer_activations with a slip: step(h, x, weights, a, k) gives (what layer k + 1 puts in
    the list, what it passes on), a being what layer k passed on (a_0 = x) and h the
    activation."""
    def slipped(x, weights, activation_name):
        h = F.ACTIVATIONS[activation_name][0]
        outputs, a = [], np.asarray(x)
        for k in range(len(weights)):
            shown, a = step(h, x, weights, a, k)
            outputs.append(shown)
        return outputs
    return slipped


def _both(a):
    """A layer output that goes both into the list and on to the next layer."""
    return a, a


def _as_layers(value: Any) -> Optional[list]:
    """A list of numeric arrays from a list/tuple of arrays or a stacked array; None otherwise."""
    if isinstance(value, (list, tuple)):
        layers = [as_numeric(a) for a in value]
        return None if any(a is None for a in layers) else layers
    stacked = as_numeric(value)
    return None if stacked is None or stacked.ndim < 1 else list(stacked)


def _layers_base(case: Case, record, expected) -> Optional[str]:
    """Layer by layer: count, shapes and values, with what a wrong count means."""
    got, want = _as_layers(record.output), [np.asarray(a) for a in expected]
    who = subject(case)
    if got is None:
        kind = "None (did you forget `return`?)" if record.output is None else \
            f"a {type(record.output).__name__}"
        return f"{who} returned {kind}; expected a list with one array per layer."
    if len(got) != len(want):
        if isinstance(record.output, np.ndarray) and record.output.shape == want[-1].shape:
            return (f"{who} returned one array, the last layer's output; return a list with "
                    f"every layer's output ({len(want)} arrays): the histograms need them all.")
        if len(got) == len(want) + 1:
            return (f"{who} returned {len(got)} arrays for {len(want)} weight matrices: leave "
                    "out the input x, return only the layers' outputs.")
        return (f"{who} returned {len(got)} arrays for {len(want)} weight matrices; expected "
                "one output per layer.")
    for k, (g, w) in enumerate(zip(got, want), start=1):
        problem = compare_arrays(case, g, w)
        if problem:
            return problem.replace(who, f"{who}: layer {k} of {len(want)}", 1) \
                if problem.startswith(who) else problem
    return None


def _same_layers(case: Case, a: Any, b: Any) -> bool:
    """Whether two outputs hold the same layers, within the case's tolerance."""
    first, second = _as_layers(a), _as_layers(b)
    return (first is not None and second is not None and len(first) == len(second)
            and all(x.shape == y.shape and np.allclose(x, y, rtol=case.rtol, atol=case.atol)
                    for x, y in zip(first, second)))


_LAYER_SLIPS = [
    (_layer_slip(lambda h, x, w, a, k: _both(h(a) @ w[k])),
     "Your activation comes before the product: each layer first forms its weighted sums, then "
     "applies the activation to them."),
    (_layer_slip(lambda h, x, w, a, k: _both(h(x @ w[k]))),
     "Every one of your layers is fed x; layer k must be fed the output of layer k - 1."),
    (_layer_slip(lambda h, x, w, a, k: _both(h(a @ w[k]) if k < len(w) - 1 else a @ w[k])),
     "Your last layer has no activation; every layer here applies it, the last one too."),
    (_layer_slip(lambda h, x, w, a, k: _both(a @ w[k])),
     "Your layers apply no activation: they return the weighted sums themselves. Every layer "
     "passes its sums through the function `activation` you are given."),
    (_layer_slip(lambda h, x, w, a, k: _both(h(a @ w[0]))),
     "Every one of your layers uses the first weight matrix; layer k has its own, the k-th "
     "matrix of `weights`."),
    (_layer_slip(lambda h, x, w, a, k: (a @ w[k], h(a @ w[k]))),
     "Your list holds each layer's weighted sums, from before the activation; it must hold "
     "the layers' outputs, after the activation (the histograms show those)."),
]


def _judge_layers(case: Case, record, expected) -> Optional[str]:
    problem = _layers_base(case, record, expected)
    if problem is None:
        return None
    for slip, text in _LAYER_SLIPS:
        try:
            with np.errstate(all="ignore"):
                wrong = slip(*case.args)
        except Exception:  # a slip that fails on these inputs explains nothing
            continue
        if _same_layers(case, record.output, wrong) and not _same_layers(case, expected, wrong):
            return f"{problem} {text}"
    return problem


_LAYERS_HINT = ("The layers form a chain: each one takes the previous layer's output (the first "
                "takes x), multiplies it by its own weight matrix and applies the activation. "
                "Return every layer's output, in order, without x.")


def _layers_case(label, x, weights, activation, hint=_LAYERS_HINT, hidden=False) -> Case:
    tolerance = FLOAT32 if x.dtype == np.float32 else {}
    return Case(label, (x, weights, activation), hint=hint, judge=_judge_layers, hidden=hidden,
                **tolerance)


def _network(rng, sizes, n, std=None, dtype=np.float64) -> tuple:
    """x (n, sizes[0]) and weights for the layer sizes, N(0, 1) inputs, N(0, std^2) weights
    (Xavier's std by default, so that the activations stay spread out)."""
    x = rng.standard_normal((n, sizes[0])).astype(dtype)
    weights = [((std or xavier_std(i, o)) * rng.standard_normal((i, o))).astype(dtype)
               for i, o in zip(sizes[:-1], sizes[1:])]
    return x, weights


def _described(x, weights, activation) -> str:
    shapes = ", ".join(str(w.shape) for w in weights)
    return (f"layer_activations(x, weights, {activation}) for x of shape {x.shape} and "
            f"weights of shapes [{shapes}]")


def _layers_visible() -> list:
    rng = np.random.default_rng(_SEED + 2)
    cases = []
    for sizes, n, activation in [((3, 3, 3), 4, "sigmoid"), ((4, 6, 6, 2), 5, "relu"),
                                 ((10, 10, 10, 10, 10), 8, "tanh")]:
        x, weights = _network(rng, sizes, n)
        cases.append(_layers_case(_described(x, weights, activation), x, weights, activation))
    return cases


layer_activations = DrivenCheck("layer_activations", None, _layers_visible, driver=run_layers)


# ---- init_params --------------------------------------------------------------------------------

XAVIER_ACTIVATIONS = ("sigmoid", "tanh")


def _params_problem(case: Case, params: Any, sizes: tuple, activation: str) -> Optional[str]:
    """What is wrong with one set of initial parameters, or None."""
    if not isinstance(params, dict):
        kind = "None (did you forget `return`?)" if params is None else f"a {type(params).__name__}"
        return f"returned {kind}; expected a dict {{'W1': ..., 'b1': ..., ...}}."
    layers = list(zip(sizes[:-1], sizes[1:]))
    names = [f"{p}{k}" for k in range(1, len(layers) + 1) for p in ("W", "b")]
    if sorted(map(str, params)) != sorted(names) or not all(n in params for n in names):
        return (f"returned the keys {sorted(map(str, params))}; expected {names}: one weight "
                "matrix W and one bias b per layer, numbered from 1.")
    scheme, std_fn = ("Xavier", xavier_std) if activation in XAVIER_ACTIVATIONS else ("He", he_std)
    for k, (fan_in, fan_out) in enumerate(layers, start=1):
        bias = as_numeric(params[f"b{k}"])
        if bias is None or bias.shape != (fan_out,) or np.any(bias != 0):
            return (f"b{k} must be zeros of shape ({fan_out},): biases start at 0 (random "
                    "weights already make the units differ).")
        problem = spread_problem(f"W{k}", params[f"W{k}"], std_fn(fan_in, fan_out),
                                 (fan_in, fan_out), case.hidden)
        if problem:
            return (f"{problem} For {activation} the weights are {scheme}'s: sigmoid and tanh "
                    "use Xavier, ReLU uses He.")
    return None


def _same_params(a: dict, b: dict) -> bool:
    return all(np.array_equal(as_numeric(a[k]), as_numeric(b[k])) for k in a)


def _judge_params(case: Case, record, expected: dict) -> Optional[str]:
    draws, who = record.output, subject(case)
    if not isinstance(draws, list) or len(draws) != len(expected["seeds"]):
        return f"{who}: the test could not read your parameters."
    for params in draws:
        problem = _params_problem(case, params, expected["sizes"], expected["activation"])
        if problem:
            return f"{who} {problem}" if problem.startswith("returned") else f"{who}: {problem}"
    if len(draws) == 1:
        return None
    if not _same_params(draws[0], draws[1]):
        return (f"{who}: two generators made from the same seed gave different parameters. Draw "
                "every matrix with the rng you are given (pass it to xavier_normal or "
                "he_normal); np.random functions ignore it.")
    if _same_params(draws[0], draws[2]):
        return (f"{who}: generators with different seeds gave the same parameters. Draw with the "
                "rng you are given; do not make a generator of your own inside the function.")
    return None


_PARAMS_HINT = ("Each pair of neighbouring layer sizes is one layer, numbered from 1: its weights "
                "(one row per input, one column per output) come from your Xavier initialiser "
                "for sigmoid and tanh or your He initialiser for ReLU, drawn with the rng you "
                "are given, and its biases start at zero.")


def _params_case(sizes, activation, seeds, hidden=False, label="") -> Case:
    shown = f"with rng = np.random.default_rng({seeds[0]})" if len(seeds) == 1 else (
        f"three times, with rng = np.random.default_rng(s) for s = {', '.join(map(str, seeds))}")
    label = label or f"init_params({list(sizes)}, {activation!r}, rng) {shown}"
    return Case(label, (tuple(sizes), activation, tuple(seeds)), judge=_judge_params,
                hidden=hidden, hint=_PARAMS_HINT,
                expected={"sizes": tuple(sizes), "activation": activation, "seeds": seeds})


def _params_visible() -> list:
    return [_params_case((100, 80, 60), "sigmoid", (0,)),
            _params_case((100, 80, 60), "relu", (1,)),
            _params_case((4, 3, 2), "tanh", (5, 5, 6))]


init_params = DrivenCheck("init_params", None, _params_visible, driver=run_init,
                          stand_ins=("xavier_normal", "he_normal"))

register(globals())
