"""Stand-ins: what an answer sees in place of a helper of the same notebook that it calls.

Each exercise is judged on its own, so a wrong `forward` costs the forward exercise and not also
`predict`, which calls it. A check names such helpers in `stand_ins`; the answer-key function of
that name in the check's own topic (coursekit_key.answers.<topic>) is the helper's reference. Where the key is installed (the grader, `coursekit validate`) the
answer sees that reference. Elsewhere (a student's install, the grading kernel) the reference is
absent, and the answer sees a *replay* of it: a table of the reference's calls, keyed by their
arguments, recorded where the key is installed by running the dependent check's own reference on
its cases. The visible cases' tables are stored with their expected values (see `stored`), the
hidden cases' are handed to the grading kernel with the cases (see `hidden`).

A replayed call returns the recorded result and leaves its arguments as the reference left them
(an array filled in place, a dict given new entries, a generator advanced). A call the table does
not hold goes to the student's own helper of that name, exactly as it would without the check: an
answer that calls the helper as the reference does is judged as if its helper were right; one that
calls it otherwise is judged with its own helper. Neither the reference nor any table entry for
the helper's own hidden cases (see `record`) enters the kernel.

A table is plain data: {"signature": [[parameter, {"default": value} or None], ...],
"calls": {digest of the bound arguments: {"output": value, "after": {parameter: value}}}}, values
evidence-encoded; "after" holds only the arguments the reference changed.
"""
from __future__ import annotations

import copy
import inspect
import sys
from collections import ChainMap
from dataclasses import replace
from typing import Any, Callable, Optional

import numpy as np

from . import evidence, hidden, stored

EMPTY = {"signature": None, "calls": {}}


def reference(suite: str, name: str) -> Optional[Callable]:
    """The answer key's function `name` of the topic of module `suite`, or None if the key is
    not installed here."""
    module = hidden.key_module(hidden.ANSWERS_PACKAGE, suite)
    return None if module is None else getattr(module, name)


def own_globals(thing: Any) -> dict:
    """The globals in which the student's `thing` (a function or a class) looks names up."""
    if hasattr(thing, "__globals__"):
        return thing.__globals__
    module = sys.modules.get(getattr(thing, "__module__", None) or "")
    return vars(module) if module is not None else {}


def helpers(check: Any, thing: Any, hidden_cases: bool) -> dict:
    """{global name: what `thing` sees} for the check's stand-ins: the references where the key
    is installed, else replays of the tables for the visible or hidden cases."""
    found = {}
    for name in check.stand_ins:
        fn = reference(check.suite, name)
        if fn is None:
            table = (hidden.stand_in_table if hidden_cases else stored.stand_in_table)(
                check.suite, check.name, name)
            table = table or EMPTY
            fn = (replay_class if "methods" in table else replay)(name, table, own_globals(thing))
        found[name] = fn
    return found


# ---- the replay (runs anywhere) -----------------------------------------------------------------

def replay(name: str, table: dict, own: dict) -> Callable:
    """A function that answers the calls in `table` as the reference did and passes any other
    call to `own[name]`, the student's own helper (a NameError as Python's if there is none)."""
    signature = _signature(table["signature"])
    calls = table["calls"]

    def stand_in(*args, **kwargs):
        bound = _bind(signature, args, kwargs)
        entry = None if bound is None else calls.get(call_digest(bound.arguments))
        if entry is None:
            if name not in own:
                raise NameError(f"name {name!r} is not defined")
            return own[name](*args, **kwargs)
        for parameter, value in entry["after"].items():
            live, after = bound.arguments[parameter], evidence.decode(value)
            if _restorable(live, after):
                restore(live, after)
        return evidence.decode(entry["output"])

    stand_in.__name__ = stand_in.__qualname__ = name
    return stand_in


def replay_class(name: str, table: dict, own: dict) -> type:
    """A class whose instances answer the method calls in `table` as the reference's instances
    did, call by call (a call is known by the constructor's arguments and every earlier call on
    the instance, since a layer's backward depends on its forward), and take on the attributes
    the reference's instance had after each call (a layer's dW). At the first call the table does
    not hold, the instance becomes the student's own class `own[name]`: built with the same
    arguments, given the same earlier calls, and answering this and every later call."""
    methods = {method: _signature(data) for method, data in table["methods"].items()}
    calls = table["calls"]

    class StandIn:
        def __init__(self, *args, **kwargs):
            self.__dict__["_stand_in"] = {"history": [_part(methods, "__init__", args, kwargs)],
                                          "made": [], "made_with": (args, kwargs), "own": None}

        def __getattr__(self, attribute):
            own = self.__dict__.get("_stand_in", {}).get("own")
            if own is None:
                raise AttributeError(f"{name!r} object has no attribute {attribute!r}")
            return getattr(own, attribute)

        def _answer(self, method, args, kwargs):
            state = self.__dict__["_stand_in"]
            if state["own"] is None:
                history = state["history"] + [_part(methods, method, args, kwargs)]
                entry = calls.get(history_digest(history))
                if entry is not None:
                    state["history"] = history
                    state["made"].append((method, args, kwargs))
                    for attribute, value in entry["attributes"].items():
                        self.__dict__[attribute] = evidence.decode(value)
                    return evidence.decode(entry["output"])
                state["own"] = _become_own(self, name, own, state)
            return getattr(state["own"], method)(*args, **kwargs)

    for method in methods:
        if method != "__init__":
            setattr(StandIn, method, _answering(method))
    StandIn.__name__ = StandIn.__qualname__ = name
    return StandIn


def _answering(method: str) -> Callable:
    def answer(self, *args, **kwargs):
        return self._answer(method, args, kwargs)
    answer.__name__ = method
    return answer


def _become_own(stand_in: Any, name: str, own: dict, state: dict) -> Any:
    """The student's own instance of `name`, built and called as the stand-in was so far; the
    attributes the replay gave the stand-in are dropped, so the own instance's show."""
    if name not in own:
        raise NameError(f"name {name!r} is not defined")
    args, kwargs = state["made_with"]
    instance = own[name](*args, **kwargs)
    for method, method_args, method_kwargs in state["made"]:
        getattr(instance, method)(*method_args, **method_kwargs)
    for attribute in [a for a in stand_in.__dict__ if a != "_stand_in"]:
        del stand_in.__dict__[attribute]
    return instance


def _part(methods: dict, method: str, args: tuple, kwargs: dict) -> list:
    """One call of an instance as data: [method, its bound arguments made canonical] (the raw
    arguments if they do not bind: such a call is in no table)."""
    bound = _bind(methods.get(method), args, kwargs)
    arguments = bound.arguments if bound is not None else {"args": args, "kwargs": kwargs}
    return [method, {k: _canonical(v) for k, v in arguments.items()}]


def history_digest(history: list) -> str:
    """The fingerprint of an instance's calls so far, constructor first."""
    return stored.digest((), {"calls": history})


def _signature(data: Optional[list]) -> Optional[inspect.Signature]:
    if data is None:
        return None
    return inspect.Signature([
        inspect.Parameter(parameter, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                          default=(evidence.decode(default["default"]) if default
                                   else inspect.Parameter.empty))
        for parameter, default in data])


def _bind(signature: Optional[inspect.Signature], args: tuple, kwargs: dict):
    if signature is None:
        return None
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:  # not a call the reference was given; the student's helper says why
        return None
    bound.apply_defaults()
    return bound


def call_digest(arguments: dict) -> str:
    """The fingerprint of a call's bound arguments; a generator counts by its state."""
    return stored.digest((), {name: _canonical(value) for name, value in arguments.items()})


def _canonical(value: Any) -> Any:
    """`value` as data: a generator becomes {"rng": its bit generator's state}, a real number
    a float, so that b = 0 and b = 0.0, or t[i] and int(t[i]), are one call, and a function
    {"function": where it is defined} (the checks' test functions f are passed as themselves)."""
    if isinstance(value, (bool, int, float, np.bool_, np.integer, np.floating)):
        return float(value)
    if isinstance(value, np.random.Generator):
        return {"rng": value.bit_generator.state}
    if isinstance(value, np.ufunc):
        return {"function": f"numpy.{value.__name__}"}
    if inspect.isfunction(value):
        return {"function": f"{value.__module__}.{value.__qualname__}:"
                            f"{value.__code__.co_firstlineno}"}
    if type(value) in (list, tuple):
        return type(value)(_canonical(v) for v in value)
    if type(value) is dict:
        return {k: _canonical(v) for k, v in value.items()}
    return value


def restore(live: Any, after: Any) -> None:
    """Make the argument `live` what the reference left it as, `after` (as `_canonical` gives
    it): arrays are written in place, dicts and lists get the reference's entries, a generator
    its state."""
    if isinstance(live, np.random.Generator):
        live.bit_generator.state = after["rng"]
    elif isinstance(live, np.ndarray):
        live[...] = after
    else:
        for key, value in (after.items() if type(after) is dict else enumerate(after)):
            if _restorable(live[key] if key in _keys(live) else None, value):
                restore(live[key], value)
            else:
                live[key] = value


def _keys(container: Any):
    return container if type(container) is dict else range(len(container))


def _restorable(live: Any, after: Any) -> bool:
    """Whether `restore` can make `live` into `after` in place."""
    if isinstance(live, np.random.Generator):
        return type(after) is dict and "rng" in after
    if isinstance(live, np.ndarray):
        return isinstance(after, np.ndarray) and live.shape == after.shape \
            and live.flags.writeable
    if type(live) is dict:
        return type(after) is dict
    return type(live) is list and type(after) is list and len(live) == len(after)


# ---- recording (where the key is installed) -----------------------------------------------------

def record(check: Any, cases: list) -> dict:
    """{global name: table} of the check's stand-ins on `cases`: the calls that the check's own
    reference (the key function of its name), and its slips in the key, make to each helper's
    reference. Each call is also
    made to the check's other helpers of the same signature, so that an answer that calls the
    wrong one of two (xavier_normal where the reference calls he_normal) gets that helper's
    reference result, not its own helper's, which might make up for the slip. Calls with the
    arguments of one of the helper's own hidden cases are left out, so that no table answers the
    helper's exercise."""
    references = {name: reference(check.suite, name) for name in check.stand_ins}
    tables = {name: _empty_table(fn) for name, fn in references.items()}
    seen = {name: [] for name in references}  # the arguments of each function helper's calls
    recorders = {name: _recorder(fn, tables[name]["calls"], seen[name])
                 for name, fn in references.items()}
    recording = replace(check, stand_ins=(), dependencies=ChainMap(recorders, check.dependencies))
    _run_cases(recording.prepare(reference(check.suite, check.name)), cases)
    _run_slips(check, cases, recorders)
    made = [(name, arguments) for name, calls in seen.items() for arguments in calls]
    for name, arguments in made:
        for other, recorder in recorders.items():
            if other != name and tables[other].get("signature") == tables[name]["signature"]:
                recorder(**copy.deepcopy(arguments))
    for name in references:
        for digest in _hidden_digests(check.suite, name):
            tables[name]["calls"].pop(digest, None)
    return tables


def _run_slips(check: Any, cases: list, recorders: dict) -> None:
    """Run the check's wrong formulas that the key computes (see `lookalikes.KeyedSlip`) on
    `cases`, with the key module's helpers recording: an answer that makes one of these slips
    (an ascent instead of a descent) calls its helper where the slip's formula did, gets the
    same results, and its message names the slip, whatever its own helper does."""
    slips = [formula for name, formula in
             hidden.key_table(hidden.ANSWERS_PACKAGE, "SLIPS", check.suite).items()
             if name.split(".")[0] == check.name]
    if not slips:
        return
    module = vars(hidden.key_module(hidden.ANSWERS_PACKAGE, check.suite))
    saved = {name: module[name] for name in recorders}
    module.update(recorders)
    try:
        for formula in slips:
            _run_cases(formula, [replace(case, args=args, kwargs=kwargs) for case in cases
                                 for args, kwargs in [check.slip_arguments(case)]])
    finally:
        module.update(saved)


def _run_cases(run: Callable, cases: list) -> None:
    for case in cases:
        try:
            run(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        except Exception:  # a case the reference rejects on purpose calls no helper worth keeping
            pass


def _empty_table(fn: Any) -> dict:
    if inspect.isclass(fn):
        return {"methods": {name: _parameters_data(signature)
                            for name, signature in _methods(fn).items()}, "calls": {}}
    return {"signature": _signature_data(fn), "calls": {}}


def _methods(cls: type) -> dict:
    """{name: signature without self} of the class's constructor and public methods (not its
    static methods, which take no self: a layer's activation function)."""
    found = {name: getattr(cls, name) for name in dir(cls)
             if not name.startswith("_") and inspect.isfunction(inspect.getattr_static(cls, name))}
    init = cls.__init__
    found["__init__"] = init if inspect.isfunction(init) else (lambda self: None)
    return {name: _without_self(inspect.signature(fn)) for name, fn in found.items()}


def _without_self(signature: inspect.Signature) -> inspect.Signature:
    return signature.replace(parameters=list(signature.parameters.values())[1:])


def _signature_data(fn: Callable) -> list:
    return _parameters_data(inspect.signature(fn))


def _parameters_data(signature: inspect.Signature) -> list:
    return [[p.name, None if p.default is p.empty else {"default": evidence.encode(p.default)}]
            for p in signature.parameters.values()]


def _recorder(fn: Callable, calls: dict, seen: Optional[list] = None) -> Callable:
    """`fn`, recording each call into `calls` (and a copy of its arguments into `seen`); for a
    class, a subclass recording its instances' calls (see `_class_recorder`)."""
    if inspect.isclass(fn):
        return _class_recorder(fn, calls)
    signature = inspect.signature(fn)

    def recording(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        if seen is not None:
            seen.append(copy.deepcopy(bound.arguments))
        digest = call_digest(bound.arguments)
        before = _encoded(bound.arguments)
        output = fn(*bound.args, **bound.kwargs)
        changed = {name: value for name, value in _encoded(bound.arguments).items()
                   if value != before[name]}
        calls[digest] = {"output": evidence.encode(output), "after": changed}
        return output

    return recording


def _class_recorder(cls: type, calls: dict) -> type:
    """A subclass of `cls` whose instances record every public method call into `calls`, keyed
    by the instance's history (see `replay_class`), with the result and the public attributes
    the instance has after it."""
    methods = _methods(cls)

    def __init__(self, *args, **kwargs):
        self._stand_in_history = [_part(methods, "__init__", args, kwargs)]
        cls.__init__(self, *args, **kwargs)

    def recording(method):
        def call(self, *args, **kwargs):
            history = self._stand_in_history + [_part(methods, method, args, kwargs)]
            output = getattr(cls, method)(self, *args, **kwargs)
            attributes = {k: evidence.encode(v) for k, v in vars(self).items()
                          if not k.startswith("_")}
            calls[history_digest(history)] = {"output": evidence.encode(output),
                                              "attributes": attributes}
            self._stand_in_history = history
            return output
        return call

    namespace = {"__init__": __init__}
    namespace.update({method: recording(method) for method in methods if method != "__init__"})
    return type(cls.__name__, (cls,), namespace)


def _encoded(arguments: dict) -> dict:
    return {name: evidence.encode(_canonical(value)) for name, value in arguments.items()}


def _hidden_digests(suite: str, key_name: str) -> set:
    """The digests of the calls that check `key_name` of `suite` (the helper's own exercise)
    makes to its reference on its hidden cases."""
    from .core import REGISTRY

    check, calls = REGISTRY.get(f"{suite}.{key_name}"), {}
    if check is None:
        return set()
    run = replace(check, stand_ins=()).prepare(_recorder(reference(suite, key_name), calls))
    _run_cases(run, hidden.key(suite, key_name) or [])
    return set(calls)
