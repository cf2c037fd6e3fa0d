"""Checks for day 9: optimizers (최적화 기법), classes whose update(params, grads) changes params
in place.

    from coursekit.checks import optimizers as check
    check.SGD(SGD)                 # visible tests
    check.SGD(SGD, hidden=True)    # hidden tests

A check drives the student's class the way training does: it builds `cls(**hyper)` and calls
`update(params, grads)` several times on seeded dicts of arrays, with a fresh grads dict at every
step, then compares each parameter after each update with the course's reference optimizer run
on the same steps (`run_optimizer` is the driver; it records plain data, so the grader can judge
it again). What is judged, in this order, at every update:

- update did not raise, and left grads as they were (state that keeps a reference to a gradient
  array and changes it later counts too);
- params is the same dict holding the same arrays, with new values: a network's layers hold
  those arrays, so a new dict, or `params[key] = params[key] - ...`, never reaches them;
- every parameter's change since the start matches the reference's: rtol 1e-6, atol 1e-10 in
  float64, rtol 1e-3, atol 1e-5 in float32. Comparing changes, not values, keeps a small step
  from hiding inside the tolerance of a parameter's value.

The cases cover one key and several, keys of the same shape (state must be per key), two
instances updated in turn (state must be per instance, not a class attribute), every
hyper-parameter changed, the defaults, float32, gradients of 1e-3 and exact zeros (eps goes after
the square root and keeps 0 / 0 away), and 25 updates (Adam's bias correction fades only
slowly). When a wrong trajectory matches a known slip (Adam without bias correction, eps inside
the square root, Adam's "efficient" form, the velocity reset every update, state shared across
keys, ...), the message names it.

Accepted: any arrangement of the course's formulas (the docstrings' rules), e.g. Momentum as
v = mu * v + g, w -= lr * v, or Nesterov as w += mu * v - lr * g after updating v.
"""
from __future__ import annotations

import copy
import warnings
from typing import Any, Optional

import numpy as np

from .classes import DrivenCheck
from .core import FLOAT32_STEPS, Case, as_numeric, register
from .lookalikes import KeyedSlip

FLOAT64 = {"rtol": 1e-6, "atol": 1e-10}
_SEED = 9

# Bound at import, before any student code runs (see core): the driver's findings cannot be
# changed by reassigning these later.
_array_equal, _ndarray, _deepcopy = np.array_equal, np.ndarray, copy.deepcopy


# ---- the driver ---------------------------------------------------------------------------------

def run_optimizer(cls, hyper: dict, params: dict, grad_steps: list, copies: int = 1) -> dict:
    """Build `copies` optimizers cls(**hyper), each with its own copy of `params`, and call
    update(params, grads) with each dict of `grad_steps` in turn (optimizer 1, then 2, at every
    step). The arguments themselves are never handed over, so they stay as they were.

    Returns {"runs": one list per optimizer of one record per update, "class_state": names of
    the class's own dict, list or set attributes that changed (state shared by every instance)}.
    A record is {"params": {key: value after the update}, "replaced": keys whose array is no
    longer the one held before the update, "grads_changed": [[update number, key], ...] for every
    gradient given so far that differs from what was given, "returned_dict": whether update
    returned a dict}; a failed update ends its list with {"error": "KeyError: 'W'"}.
    """
    containers = _class_containers(cls)
    optimizers = [cls(**hyper) for _ in range(copies)]
    runs = [_fresh(params) for _ in range(copies)]
    given = [[] for _ in range(copies)]
    history = [[] for _ in range(copies)]
    for grads in grad_steps:
        for optimizer, current, shown, records in zip(optimizers, runs, given, history):
            if records and "error" in records[-1]:
                continue
            held = dict(current)
            shown.append(_fresh(grads))
            try:
                returned = optimizer.update(current, shown[-1])
            except Exception as exc:  # the student's bug is a finding, recorded with its step
                records.append({"error": f"{type(exc).__name__}: {exc}"})
                continue
            records.append({
                "params": {key: _snapshot(value) for key, value in current.items()},
                "replaced": [key for key in held if current.get(key) is not held[key]],
                "grads_changed": [[i + 1, key] for i, (g, original) in
                                  enumerate(zip(shown, grad_steps)) for key in original
                                  if not _unchanged(g.get(key), original[key])],
                "returned_dict": isinstance(returned, dict),
            })
    changed = _class_containers(cls)
    return {"runs": history,
            "class_state": [name for name, size in containers.items() if changed.get(name) != size]}


def _class_containers(cls) -> dict:
    """name -> (type, keys or length) of the dict, list and set attributes defined in the bodies
    of `cls` and its bases: where state that every instance shares would live."""
    found = {}
    for klass in reversed(getattr(cls, "__mro__", ())[:-1]):
        for name, value in vars(klass).items():
            if isinstance(value, dict):
                found[name] = ("dict", tuple(map(repr, value)))
            elif isinstance(value, (list, set)):
                found[name] = (type(value).__name__, len(value))
    return found


def _fresh(arrays: dict) -> dict:
    return {key: np.array(value, copy=True) for key, value in arrays.items()}


def _snapshot(value: Any) -> Any:
    if isinstance(value, _ndarray):
        return value.copy()
    try:
        return _deepcopy(value)
    except Exception:  # an object that cannot be copied is recorded by its type name
        return type(value).__name__


def _unchanged(now: Any, original: np.ndarray) -> bool:
    return isinstance(now, _ndarray) and now.shape == original.shape and \
        bool(_array_equal(now, original))


# ---- judging ------------------------------------------------------------------------------------

HINT_IN_PLACE = ("Change each array of params itself, in place (an augmented assignment such as "
                 "-= or += changes the array; a plain assignment to params[key] replaces it).")


def _who(case: Case, run: int = 0, runs: int = 1) -> str:
    which = f" (optimizer {run + 1} of {runs}, updated in turn)" if runs > 1 else ""
    return (f"On a hidden test ({case.label}), your optimizer{which}" if case.hidden
            else f"{case.label}{which}")


def _runs(output: Any) -> Optional[list]:
    """The driver's runs if `output` has its shape, else None."""
    runs = output.get("runs") if isinstance(output, dict) else None
    if not isinstance(runs, list) or not all(
            isinstance(run, list) and all(isinstance(r, dict) for r in run) for run in runs):
        return None
    return runs


def _show(value: float) -> str:
    return np.format_float_positional(float(value), precision=8, trim="-") \
        if np.isfinite(value) else str(float(value))


def _where(key: str, index: tuple) -> str:
    return f"params[{key!r}]" + (f"[{', '.join(map(str, index))}]" if index else "")


def _changes(values: dict, start: dict) -> Optional[dict]:
    """Each parameter's change since the start, in float64; None if a value is not numeric data
    of its start's shape."""
    out = {}
    for key, first in start.items():
        got = as_numeric(values.get(key)) if isinstance(values.get(key), _ndarray) else None
        if got is None or got.shape != np.shape(first):
            return None
        out[key] = got - np.asarray(first, dtype=np.float64)
    return out


def _structure_problem(case: Case, step: int, record: dict, start: dict) -> Optional[str]:
    """A problem with what update did to params and grads (not with the numbers), or None."""
    if record.get("grads_changed"):
        update, key = record["grads_changed"][0]
        when = "" if update == step else f" (the gradient of update {update})"
        return (f"update {step} changed grads[{key!r}]{when}. Leave the gradients as they are: "
                "compute with them, never write into them. If your state keeps a gradient "
                "array (self.v[key] = grads[key]), it shares that array and changes it later: "
                "store a copy, or start the state from np.zeros_like(params[key]).")
    values = record.get("params")
    if not isinstance(values, dict) or set(values) != set(start):
        keys = sorted(map(str, values)) if isinstance(values, dict) else values
        return (f"after update {step}, params has the keys {keys}; expected {sorted(start)}. "
                "update changes the arrays of params and adds or removes no keys (keep the "
                "optimizer's own state in self).")
    if record.get("replaced"):
        key = record["replaced"][0]
        new = "a new array" if isinstance(values[key], _ndarray) else \
            f"a {type(values[key]).__name__}"
        return (f"update {step} replaced params[{key!r}] by {new} instead of changing the "
                f"array itself. `params[key] = params[key] - ...` builds a new array, and a "
                "network's layers still hold the old one, so they never see the update.")
    bad = [key for key, value in values.items() if not isinstance(value, _ndarray)
           or np.shape(value) != np.shape(start[key])]
    if bad:
        return f"after update {step}, params[{bad[0]!r}] is no longer an array of its shape."
    return None


def _value_problem(case: Case, step: int, got: dict, want: dict, before: dict,
                   returned_dict: bool) -> Optional[str]:
    """A problem with the numbers after one update, or None. got, want: changes since the
    start; before: the student's changes after the previous update."""
    if all(np.array_equal(got[k], before[k]) for k in got) and \
            not all(np.array_equal(want[k], before[k]) for k in want):
        if returned_dict:
            return (f"update {step} left params unchanged and returned a dict. update must change "
                    "the arrays inside the params it is given, not build and return a new dict: "
                    "the caller (a network, a Trainer) keeps using its own params.")
        return (f"update {step} left params unchanged. Change the arrays in params themselves "
                "(an augmented assignment such as -=); assigning to the name params only rebinds a "
                "local variable.")
    for key in want:
        if np.array_equal(got[key], before[key]) and not np.array_equal(want[key], before[key]):
            return (f"update {step} left params[{key!r}] unchanged: update every key of "
                    "params.")
        bad = ~np.isclose(got[key], want[key], rtol=case.rtol, atol=case.atol)
        if not bad.any():
            continue
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        count = f"{int(bad.sum())} of {bad.size} values"
        if case.hidden:
            return (f"after update {step}, {_where(key, ())} is wrong at index {index} "
                    f"({count} wrong).")
        start = np.asarray(case.args[1][key], dtype=np.float64)[index]
        return (f"after update {step}, {_where(key, index)} is {_show(start + got[key][index])}; "
                f"expected {_show(start + want[key][index])} ({count} differ).")
    return None


def judge_optimizer(slips: list):
    """A judge for run_optimizer records: the first problem, plus the slip the trajectory
    matches when the numbers are wrong."""
    def judge(case: Case, record: Any, expected: dict) -> Optional[str]:
        runs, start = _runs(record.output), case.args[1]
        if runs is None or len(runs) != len(expected["runs"]):
            return f"{_who(case)}: the test could not read what your optimizer did."
        shared = record.output.get("class_state")
        if shared:
            return (f"{_who(case)}: your class keeps state in the class attribute "
                    f"{shared[0]!r} (set in the class body), which every optimizer of the class "
                    f"shares. Create it in __init__ instead: self.{shared[0]} = {{}}.")
        for number, (got_run, want_run) in enumerate(zip(runs, expected["runs"])):
            who = _who(case, number, len(runs))
            before = {key: np.zeros(np.shape(value)) for key, value in start.items()}
            for step, (got, want) in enumerate(zip(got_run, want_run), start=1):
                if "error" in got:
                    error = str(got["error"])
                    if error.startswith("NotImplementedError"):
                        return f"{who}: update is not written yet (it raises NotImplementedError)."
                    return f"{who}: update {step} raised {error}"
                problem = _structure_problem(case, step, got, start)
                if problem:
                    return f"{who}: {problem}"
                changes = _changes(got["params"], start)
                if changes is None:
                    return f"{who}: after update {step}, params holds values that are not numbers."
                problem = _value_problem(case, step, changes, _changes(want["params"], start),
                                         before, bool(got.get("returned_dict")))
                if problem:
                    later = (" Update 1 was right, so look at what your optimizer carries from one "
                             "update to the next." if step > 1 else "")
                    return f"{who}: {problem}{later}{_slip_named(case, runs, expected, slips)}"
                before = changes
        return None
    return judge


def _trajectory_matches(case: Case, runs: list, other: list) -> bool:
    """Whether every parameter after every update of `runs` is within tolerance of `other`."""
    start = case.args[1]
    if len(runs) != len(other):
        return False
    for got_run, want_run in zip(runs, other):
        if len(got_run) != len(want_run):
            return False
        for got, want in zip(got_run, want_run):
            if "error" in got or "error" in want:
                return False
            a, b = _changes(got.get("params", {}), start), _changes(want["params"], start)
            if a is None or b is None or not all(
                    np.allclose(a[k], b[k], rtol=case.rtol, atol=case.atol) for k in b):
                return False
    return True


def _slip_named(case: Case, runs: list, expected: dict, slips: list) -> str:
    """' ' + the explanation of the first slip whose trajectory the student's matches, or ''."""
    for slip, explanation in slips:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                other = _runs(slip(*copy.deepcopy(case.args)))
        except Exception:  # a slip that fails on these inputs explains nothing here
            continue
        if other and _trajectory_matches(case, runs, other) and \
                not _trajectory_matches(case, expected["runs"], other):
            return f" {explanation}"
    return ""


# ---- the slips: wrong rules, computed by the answer key (see lookalikes.KeyedSlip) ----------

def _keyed(name: str) -> KeyedSlip:
    """The slip `name` ("<check>.<slip>"): run_optimizer's record for the wrong rule."""
    return KeyedSlip(__name__, name)


_SHARED = ("Your optimizer shares its state between keys: every parameter array needs its own "
           "{what} of its own shape, kept per key in a dict (self.{attr}[key]).")
_FORGETS = ("Your optimizer forgets its {what} between updates, so every update acts like the "
            "first. Create the dict of {what}s once, in __init__, and keep each key's entry from "
            "one call of update to the next.")
_EPS_INSIDE = ("Your eps is inside the square root of {x}. The course adds it after the square "
               "root. The two differ for small gradients.")
_NO_EPS = ("Your step has no eps: add the eps given to __init__ after the square root. Without "
           "it a zero gradient gives 0 / 0.")
_FIXED_EPS = ("Your eps is a fixed 1e-7; use the eps given to __init__ (self.eps), so that "
              "whoever builds the optimizer can set it.")

_SGD_SLIPS = [
    (_keyed("SGD.uphill"),
     "Your step goes up the gradient: step against it, so that the loss goes down."),
    (_keyed("SGD.no_lr"),
     "Your step ignores the learning rate: the step is the gradient scaled by lr."),
]
_MOMENTUM_SLIPS = [
    (_keyed("Momentum.forgets"), _FORGETS.format(what="velocity")),
    (_keyed("Momentum.shared"), _SHARED.format(what="velocity", attr="v")),
    (_keyed("Momentum.sign"),
     "Your velocity has the wrong sign: it adds the gradient, where it must subtract it (the "
     "velocity points downhill, and the parameter moves by it)."),
    (_keyed("Momentum.average"),
     "That is momentum as an average of the gradients, weighted by (1 - momentum); the "
     "course's Momentum adds the whole learning-rate step to the decayed velocity."),
]
_NESTEROV_SLIPS = [
    (_keyed("Nesterov.momentum"),
     "Those are Momentum's steps (the parameter moves by the new velocity). Nesterov looks "
     "ahead: its step uses the velocity both before and after this update, as the docstring's "
     "rule says."),
    (_keyed("Nesterov.new_velocity"),
     "Your step uses the new velocity where the rule needs the velocity from before this "
     "update (v_prev in the docstring)."),
    (_keyed("Nesterov.forgets"), _FORGETS.format(what="velocity")),
    (_keyed("Nesterov.shared"), _SHARED.format(what="velocity", attr="v")),
]
_ADAGRAD_SLIPS = [
    (_keyed("AdaGrad.latest"),
     "Your h holds only the latest squared gradient; AdaGrad adds them all up, so that the "
     "steps shrink as training goes on."),
    (_keyed("AdaGrad.eps_inside"), _EPS_INSIDE.format(x="h")),
    (_keyed("AdaGrad.fixed_eps"), _FIXED_EPS),
    (_keyed("AdaGrad.no_eps"), _NO_EPS),
    (_keyed("AdaGrad.no_root"),
     "You divide by h itself; divide by its square root."),
    (_keyed("AdaGrad.shared"), _SHARED.format(what="sum h", attr="h")),
]
_RMSPROP_SLIPS = [
    (_keyed("RMSprop.whole_square"),
     "Your h adds the whole squared gradient; RMSprop's is a moving average, whose new "
     "term is weighted by (1 - decay_rate)."),
    (_keyed("RMSprop.swapped"),
     "The weights of your average are swapped: the old h keeps decay_rate, the new squared "
     "gradient gets (1 - decay_rate)."),
    (_keyed("RMSprop.sum"),
     "That is AdaGrad's h, a sum that never forgets. RMSprop lets old gradients fade: a "
     "moving average with weights decay_rate and (1 - decay_rate)."),
    (_keyed("RMSprop.eps_inside"), _EPS_INSIDE.format(x="h")),
    (_keyed("RMSprop.fixed_eps"), _FIXED_EPS),
    (_keyed("RMSprop.no_eps"), _NO_EPS),
    (_keyed("RMSprop.shared"), _SHARED.format(what="average h", attr="h")),
]
_ADAM_SLIPS = [
    (_keyed("Adam.no_correction"),
     "Your steps have no bias correction. m and v start at 0, so early on they are far too "
     "small: the step uses each divided by (1 - beta**t) with its own beta, t the number of "
     "updates so far (1 on the first)."),
    (_keyed("Adam.eps_inside"), _EPS_INSIDE.format(x="v_hat")),
    (_keyed("Adam.no_eps"), _NO_EPS),
    (_keyed("Adam.efficient"),
     "That is Adam's \"efficient\" form (the bias correction folded into the learning rate, "
     "lr_t, with eps added to the root of the uncorrected v), which puts eps in another place: "
     "in effect eps * sqrt(1 - beta2**t). This exercise asks for the standard form: eps added "
     "to the root of the bias-corrected second moment."),
    (_keyed("Adam.t_per_key"),
     "Your step count t goes up once per key instead of once per update, so the bias "
     "correction is off as soon as params has more than one key: count updates (or keep one "
     "t per key)."),
    (_keyed("Adam.t_stays"),
     "Your step count t stays at 1: it must count the updates (1, 2, 3, ...), so that the bias "
     "correction fades away."),
    (_keyed("Adam.write_back"),
     "You store the bias-corrected values back into m and v. m_hat and v_hat are for this "
     "step only; m and v must keep their plain averages."),
    (_keyed("Adam.forgets"), _FORGETS.format(what="moment")),
    (_keyed("Adam.shared"), _SHARED.format(what="m and v", attr="m")),
]


# ---- cases --------------------------------------------------------------------------------------

def _hyper_text(hyper: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in hyper.items())


def _shapes_text(params: dict) -> str:
    return "{" + ", ".join(f"{k!r}: shape {np.shape(v)}" for k, v in params.items()) + "}"


def _updates(n: int) -> str:
    return "1 update" if n == 1 else f"{n} updates"


def _shown_case(name, hyper, params, grad_steps, judge, hint) -> Case:
    """A visible case small enough to show its numbers in the label."""
    grads = "; ".join(f"{{{', '.join(f'{k!r}: {v.tolist()}' for k, v in g.items())}}}"
                      for g in grad_steps)
    values = ", ".join(f"{k!r}: np.array({v.tolist()})" for k, v in params.items())
    label = (f"{name}({_hyper_text(hyper)}), {_updates(len(grad_steps))} of params {{{values}}} "
             f"with grads {grads}")
    return Case(label, (hyper, params, grad_steps), hint=hint, judge=judge, **FLOAT64)


def _random_case(name, hyper, shapes, steps, seed, judge, hint, *, hidden=False, what="",
                 dtype=np.float64, scales=None, zeros=0.0, copies=1) -> Case:
    """A case with N(0, 1) params and N(0, scale^2) gradients, `zeros` of them exactly 0."""
    rng = np.random.default_rng(seed)
    scales = scales or {}
    params = {k: rng.standard_normal(shape).astype(dtype) for k, shape in shapes.items()}
    grad_steps = []
    for _ in range(steps):
        grads = {k: scales.get(k, 1.0) * rng.standard_normal(shape) for k, shape in shapes.items()}
        grad_steps.append({k: np.where(rng.random(g.shape) < zeros, 0.0, g).astype(dtype)
                           for k, g in grads.items()})
    label = what or (f"{name}({_hyper_text(hyper)}), {_updates(steps)} of params "
                     f"{_shapes_text(params)}")
    args = (hyper, params, grad_steps) + ((copies,) if copies > 1 else ())
    tolerance = FLOAT32_STEPS if dtype == np.float32 else FLOAT64
    return Case(label, args, hint=hint, judge=judge, hidden=hidden, **tolerance)


# Hints name the idea, never the solution's code: they are shown for an unwritten stub too.
_STATE = ("kept per key (an array of the parameter's shape, zeros at first) from one update to "
          "the next")
_SGD_HINT = "SGD moves every parameter a step against its gradient, scaled by the learning rate."
_MOMENTUM_HINT = ("Momentum keeps a velocity, " + _STATE + ": each update decays it by momentum "
                  "and adds the learning-rate step down the gradient; the parameter moves by it.")
_NESTEROV_HINT = ("Nesterov keeps a velocity like Momentum, " + _STATE + ", and moves the "
                  "parameter by the look-ahead rule of the docstring, which uses the velocity "
                  "from before and after this update.")
_ADAGRAD_HINT = ("AdaGrad keeps the sum of the squared gradients, " + _STATE + ", and divides "
                 "each learning-rate step by its square root plus eps.")
_RMSPROP_HINT = ("RMSprop keeps a moving average of the squared gradients, " + _STATE + ", and "
                 "divides each learning-rate step by its square root plus eps.")
_ADAM_HINT = ("Adam keeps moving averages of the gradient and of its square, " + _STATE + ", "
              "and counts the updates. Both averages start at 0, so the step uses them "
              "bias-corrected (each divided by 1 - beta**t); eps is added after the square root.")

_TWO_STEPS = ({"w": np.array([1.0, -1.0, 2.0])},
              [{"w": np.array([0.5, 0.5, -1.0])}, {"w": np.array([0.5, 0.5, -1.0])}])


def _visible(name, hyper, judge, hint, seed, small=False, same_shape=False) -> list:
    """A two-update case with numbers in the label, then random ones with two keys."""
    params, grad_steps = copy.deepcopy(_TWO_STEPS)
    cases = [_shown_case(name, hyper, params, grad_steps, judge, hint),
             _random_case(name, hyper, {"W1": (2, 3), "b1": (3,)}, 3, seed, judge,
                          HINT_IN_PLACE + " " + hint)]
    if small:
        cases.append(_random_case(name, hyper, {"W": (3, 2), "b": (2,)}, 3, seed + 1, judge,
                                  hint, scales={"b": 1e-3},
                                  what=f"{name}({_hyper_text(hyper)}), 3 updates of params "
                                       "{'W': shape (3, 2), 'b': shape (2,)} whose gradients "
                                       "for 'b' are about 1e-3"))
    if same_shape:
        cases.append(_random_case(name, hyper, {"W1": (3, 3), "W2": (3, 3)}, 3, seed + 2, judge,
                                  hint, what=f"{name}({_hyper_text(hyper)}), 3 updates of params "
                                             "{'W1': shape (3, 3), 'W2': shape (3, 3)}, two keys "
                                             "of the same shape"))
    return cases


# What each check's cases are built from, its hidden cases too: name -> (hyper, judge, hint, seed).
SETUPS = {
    "SGD": ({"lr": 0.1}, judge_optimizer(_SGD_SLIPS), _SGD_HINT, _SEED),
    "Momentum": ({"lr": 0.1, "momentum": 0.9}, judge_optimizer(_MOMENTUM_SLIPS), _MOMENTUM_HINT,
                 _SEED + 100),
    "Nesterov": ({"lr": 0.1, "momentum": 0.9}, judge_optimizer(_NESTEROV_SLIPS), _NESTEROV_HINT,
                 _SEED + 200),
    "AdaGrad": ({"lr": 0.1, "eps": 1e-8}, judge_optimizer(_ADAGRAD_SLIPS), _ADAGRAD_HINT,
                _SEED + 300),
    "RMSprop": ({"lr": 0.01, "decay_rate": 0.9, "eps": 1e-8}, judge_optimizer(_RMSPROP_SLIPS),
                _RMSPROP_HINT, _SEED + 400),
    "Adam": ({"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, judge_optimizer(_ADAM_SLIPS),
             _ADAM_HINT, _SEED + 500),
}


def _optimizer_check(name, small=False, same_shape=False) -> DrivenCheck:
    hyper, judge, hint, seed = SETUPS[name]
    return DrivenCheck(
        name, None, lambda: _visible(name, hyper, judge, hint, seed, small, same_shape),
        driver=run_optimizer, kind="class")


# The references, the slips' rules and the hidden cases are in the answer key
# (coursekit_key.answers.optimizers, coursekit_key.hidden.optimizers).
SGD = _optimizer_check("SGD")
Momentum = _optimizer_check("Momentum", same_shape=True)
Nesterov = _optimizer_check("Nesterov", same_shape=True)
AdaGrad = _optimizer_check("AdaGrad", small=True)
RMSprop = _optimizer_check("RMSprop", small=True)
Adam = _optimizer_check("Adam", small=True)

register(globals())
