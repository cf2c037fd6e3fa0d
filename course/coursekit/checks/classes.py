"""Checks for classes: drive a student's class through a scenario of calls, judge what it did.

A layer or an optimizer is not one function call. It is built, then its methods are called in
order (forward, then backward; or update three times), and what counts is what each call returns
and what it leaves behind in attributes such as dW and db. A `ClassCheck` turns the student's
class into a plain function of the case's data, the *driver*, and then runs that function exactly
as `FunctionCheck` runs a student's function: the same records, evidence for the grader, warning
and in-place-change detection, and messages. The driver returns a dict of plain data (arrays,
numbers, tuples, dicts), so the grader can judge it again in its own process, and the reference
answer is the same scenario run on the reference class.

    from coursekit.checks.classes import ClassCheck, Step
    from coursekit_key.answers import layers      # the reference classes, in the answer key

    LAYER = (Step(None),                                  # layer = Relu()
             Step("forward", ("x",), returns="out"),      # out = layer.forward(x)
             Step("backward", ("dout",), returns="dx"))   # dx = layer.backward(dout)

    def _visible():
        return [Relu.case("Relu on x = [[-1.0, 2.0]]", x=np.array([[-1.0, 2.0]]),
                          dout=np.array([[3.0, 4.0]]))]

    Relu = ClassCheck("Relu", layers.Relu, _visible, data=("x", "dout"),
                      scenarios={"main": LAYER})

    check.Relu(Relu)                # in a notebook: the class itself, not an instance

Data. `data` names the case's arguments in order (build cases with `ClassCheck.case`, which
takes them by name). The driver's parameters carry these names, so "changed its input in place
(dout)" names the very array a backward wrote into. Every array given to a constructor or method
is a case argument, so writing into it (the book's `Relu.backward` does `dout[mask] = 0`) is
caught like any in-place change. Data that the object is *meant* to change in place (the params
an optimizer updates) is listed in `copies`: the driver hands the object its own copy and records
the copy after each step that `reads` it.

Scenarios. A scenario is a tuple of `Step`s; a check may have several (say "main", and "reuse",
which calls forward twice before backward) and each case picks one by name. A step calls the
constructor, a method, or a harness function of the data (e.g. one that changes a parameter in
place between two calls). What a step returns is recorded under its `returns` name; a method that
returns a tuple names each part, e.g. ("dx", "dy").

Judging. The results are compared one by one in the order of the steps, each within the case's
rtol/atol, and the first difference is reported with what it was ("dx from backward(dout) is 0 at
index (1,); expected 3"). An error, a missing attribute or a result of the wrong kind is named
with the step it happened in. `slips` add an explanation when a result matches a known wrong
formula, and `adjust` accepts more than one right answer (e.g. any subgradient at a kink).
`dependencies` replace global names that the class's methods use (a recap function, another
exercise's class) by reference versions, so each class is judged on its own.

A `DrivenCheck` is the same idea with a driver written by hand, for what a scenario of steps
does not describe: an optimizer updated over several steps, or a function that takes objects
which are not data (a random generator, a function).
"""
from __future__ import annotations

import copy
import types
from dataclasses import dataclass, field
from functools import partial
from inspect import Parameter, Signature
from typing import Any, Callable, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from .core import (Case, CheckFailure, FunctionCheck, Record, _show, as_numeric, first_mismatch,
                   with_globals)

ERROR = "$error"      # driver output key: {"step": index, "label": ..., "error": "TypeError: ..."}
MISSING = "$missing"  # driver output key: the read keys of attributes the object did not have
DEFAULT_SCENARIO = "main"
_HEAP_TYPE = 1 << 9   # Py_TPFLAGS_HEAPTYPE: set on every class made by a class statement


@dataclass(frozen=True)
class Step:
    """One call in a scenario.

    call:    a method name ("forward"); None for the constructor; or a function of the data that
             the driver calls itself (a harness action, e.g. changing W in place), with `label`.
    args:    names of the data passed by position; kwargs: keyword -> name of the data passed.
    returns: the name the result is recorded under; a tuple of names when the call returns a
             tuple, e.g. ("dx", "dy"); None to ignore the result.
    reads:   names recorded after the call: attributes of the object ("dW", "db"), or data listed
             in the check's `copies` (its working copy as the object left it). They are recorded
             under `read_key(index, name)`, so several steps may read the same name.
    label:   how the call reads in messages; by default "forward(x)" or "Relu()".
    """

    call: Union[str, Callable, None]
    args: Tuple[str, ...] = ()
    kwargs: Mapping[str, str] = field(default_factory=dict)
    returns: Union[str, Tuple[str, ...], None] = None
    reads: Tuple[str, ...] = ()
    label: str = ""

    def describe(self, class_name: str) -> str:
        if self.label:
            return self.label
        arguments = ", ".join([*self.args, *(f"{k}={v}" for k, v in self.kwargs.items())])
        if self.call is None:
            return f"{class_name}({arguments})"
        return f"{getattr(self.call, '__name__', self.call)}({arguments})"

    @property
    def result_key(self) -> Optional[str]:
        """Where the driver records the returned value: "out", or "dx, dy" for a tuple."""
        return ", ".join(self.returns) if isinstance(self.returns, tuple) else self.returns


Slip = Tuple[str, Callable, str]  # (result name, wrong formula of the data by name, explanation)


# ---- the driver ---------------------------------------------------------------------------------

def run_scenario(cls: type, steps: Sequence[Step], data: Mapping[str, Any],
                 copies: Sequence[str] = (), class_name: str = "") -> dict:
    """Run `steps` on a new instance of `cls`; return {result name: snapshot}.

    class_name names the class in step labels ("Relu()"); by default cls.__name__. A step that
    raises ends the run with output[ERROR] = {"step": its index, "label": ..., "error": "..."};
    the read keys of attributes the object lacks are listed in output[MISSING]. Results are deep
    copies taken at once, so a later call cannot change what an earlier one returned.
    """
    values = dict(data)
    for name in copies:
        values[name] = copy.deepcopy(values[name])
    output, instance = {}, None
    for index, step in enumerate(steps):
        args = [values[name] for name in step.args]
        kwargs = {key: values[name] for key, name in step.kwargs.items()}
        try:
            if step.call is None:
                instance, result = cls(*args, **kwargs), None
            elif callable(step.call):
                result = step.call(*args, **kwargs)
            else:
                result = getattr(instance, step.call)(*args, **kwargs)
        except Exception as exc:  # the student's bug, reported with the step it happened in
            output[ERROR] = {"step": index, "label": step.describe(class_name or cls.__name__),
                             "error": f"{type(exc).__name__}: {exc}".rstrip(": ")}
            return output
        if step.result_key is not None:
            output[step.result_key] = _snapshot(result)
        for name in step.reads:
            key = read_key(index, name)
            if name in copies:
                output[key] = _snapshot(values[name])
                continue
            try:
                output[key] = _snapshot(getattr(instance, name))
            except Exception:  # no such attribute, or a property that raises
                output.setdefault(MISSING, []).append(key)
    return output


def read_key(index: int, name: str) -> str:
    """Where the driver records `name` as read after step `index`, e.g. "dW@2"."""
    return f"{name}@{index}"


def _snapshot(value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except Exception:  # not copyable: keep it; the evidence records its type name
        return value


def class_with_globals(cls: type, replacements: Mapping[str, Any]) -> type:
    """A subclass of `cls` whose methods see `replacements` instead of the module globals of the
    same names (see core.with_globals); `cls` itself if no method uses any of them.

    Methods inherited from the student's own base classes are rebound too (the subclass defines
    its own copy); Python's built-in bases (object, Exception, ...) are left alone. A method
    reached through an explicit super() call still runs with its original globals.
    """
    seen, rebound = set(), {}
    for klass in cls.__mro__:  # the first definition of a name in the MRO is the one used
        if not klass.__flags__ & _HEAP_TYPE:  # object, Exception, ...: written in C
            continue
        for name, attribute in vars(klass).items():
            if name not in seen:
                seen.add(name)
                new = _rebind(attribute, replacements)
                if new is not None:
                    rebound[name] = new
    if not rebound:
        return cls
    try:
        return type(cls.__name__, (cls,), {**rebound, "__qualname__": cls.__qualname__,
                                            "__module__": cls.__module__})
    except Exception:  # an exotic metaclass: judge the class as it is
        return cls


def _rebind(attribute: Any, replacements: Mapping[str, Any]) -> Any:
    """The attribute with rebound globals, or None if it uses none of the replaced names."""
    for wrapper in (staticmethod, classmethod):
        if isinstance(attribute, wrapper):
            inner = _rebind(attribute.__func__, replacements)
            return None if inner is None else wrapper(inner)
    if isinstance(attribute, property):
        parts = [_rebind(f, replacements) if f is not None else None
                 for f in (attribute.fget, attribute.fset, attribute.fdel)]
        if not any(parts):
            return None
        return property(*(new or old for new, old in
                          zip(parts, (attribute.fget, attribute.fset, attribute.fdel))),
                        doc=attribute.__doc__)
    if isinstance(attribute, types.FunctionType):
        new = with_globals(attribute, replacements)
        return None if new is attribute else new
    return None


# ---- judging ------------------------------------------------------------------------------------

def where(case: Case) -> str:
    """The start of a message: the visible case's label, or a hidden test without its input."""
    return f"On a hidden test ({case.label})" if case.hidden else case.label


def compare_value(case: Case, what: str, got: Any, want: Any) -> Optional[str]:
    """How `got` differs from `want`, as "<where>: <what> ..."; None if they agree.

    want may be a number or array (compared within the case's rtol/atol, shapes exact), a dict
    (same keys, each value compared) or a tuple (same length, each part compared). Hidden cases
    say where a value is wrong but never what it should be.
    """
    if isinstance(want, dict):
        return _compare_dict(case, what, got, want)
    if isinstance(want, tuple):
        return _compare_tuple(case, what, got, want)
    actual = as_numeric(got)
    if actual is None:
        return f"{where(case)}: {what} is {kind_of(got)}; expected a number or a NumPy array."
    expected = np.asarray(want, dtype=np.float64)
    if actual.shape != expected.shape:
        return (f"{where(case)}: {what} has shape {actual.shape}; expected shape "
                f"{expected.shape}.")
    miss = first_mismatch(case, actual, expected)
    if miss is None:
        return None
    at = f" at index {miss.index}" if actual.ndim else ""
    count = f" ({miss.count} of {miss.size} values differ)" if actual.ndim else ""
    if case.hidden:
        return f"{where(case)}: {what} is {miss.nonfinite or 'wrong'}{at}{count}."
    return (f"{where(case)}: {what} is {_show(miss.actual)}{at}; expected "
            f"{_show(miss.expected)}{count}.")


def kind_of(value: Any) -> str:
    """What a wrong value is, for a message: "None (did you forget `return`?)", "a list of
    length 3", "a float"."""
    if value is None:
        return "None (did you forget `return`?)"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"a {type(value).__name__}"


def _compare_dict(case: Case, what: str, got: Any, want: dict) -> Optional[str]:
    if not isinstance(got, dict):
        return (f"{where(case)}: {what} is {kind_of(got)}; expected a dict with the keys "
                f"{', '.join(map(repr, want))}.")
    for key, value in want.items():
        if key not in got:
            return (f"{where(case)}: {what} has no key {key!r} (its keys: "
                    f"{sorted(map(str, got))}); expected the keys {', '.join(map(repr, want))}.")
        problem = compare_value(case, f"{what}[{key!r}]", got[key], value)
        if problem:
            return problem
    return None


def _compare_tuple(case: Case, what: str, got: Any, want: tuple) -> Optional[str]:
    if not isinstance(got, (tuple, list)) or len(got) != len(want):
        return f"{where(case)}: {what} is {kind_of(got)}; expected a tuple of {len(want)} values."
    for i, (part, value) in enumerate(zip(got, want)):
        problem = compare_value(case, f"{what}[{i}]", part, value)
        if problem:
            return problem
    return None


def case_data(names: Sequence[str], case: Case) -> dict:
    """A class check's case as {data name: value}."""
    return dict(zip(names, case.args))


def judge_steps(check_name: str, steps: Sequence[Step], names: Sequence[str],
                copies: Sequence[str], slips: Sequence[Slip], adjust: Optional[Callable],
                case: Case, record: Record, expected: Any) -> Optional[str]:
    """The first difference between the driver's output and the reference's, step by step.

    Bound by `ClassCheck.case` as the case's judge; `names` are the check's data names.
    """
    output = record.output
    if not isinstance(output, dict) or not isinstance(expected, dict):
        return f"{where(case)}: the class could not be run (no results were recorded)."
    data = case_data(names, case)
    if adjust is not None:
        expected = adjust(dict(expected), output, data)
    failed = output.get(ERROR)
    for index, step in enumerate(steps):
        label = step.describe(check_name)
        if isinstance(failed, dict) and failed.get("step") == index:
            return _error_message(case, label, str(failed.get("error", "")))
        problem = _tuple_problem(case, step, label, output) or _step_results(
            case, step, index, label, output, expected, copies, slips, data)
        if problem:
            return problem
    if failed is not None:  # an error recorded for no step of this scenario: not a clean run
        return f"{where(case)}: the run stopped with an error ({failed!r})."
    return None


def _step_results(case: Case, step: Step, index: int, label: str, output: dict, expected: dict,
                  copies: Sequence[str], slips: Sequence[Slip], data: dict) -> Optional[str]:
    """The first wrong result of one step: what it returned, then what it left behind."""
    for name, what, got, want in _results(step, label, output, expected):
        problem = compare_value(case, what, got, want)
        if problem:
            return problem + _slip_explanation(case, slips, name, got, want, data)
    for name in step.reads:
        key = read_key(index, name)
        if key in output.get(MISSING, ()) or key not in output:
            return (f"{where(case)}: after {label}, the object has no attribute {name!r}. "
                    f"Store it on self (self.{name} = ...), under exactly that name.")
        what = f"{name} after {label}" if name in copies else f"self.{name} after {label}"
        problem = compare_value(case, what, output[key], expected[key])
        if problem:
            return problem + _slip_explanation(case, slips, name, output[key], expected[key],
                                               data)
    return None


def _results(step: Step, label: str, output: dict, expected: dict):
    """(name, description, got, want) for what the step returned, part by part."""
    key = step.result_key
    if key is None:
        return []
    got, want = output.get(key), expected[key]
    if not isinstance(step.returns, tuple):
        return [(key, f"the output of {label}", got, want)]
    return [(name, f"{name} from {label}", part, value)
            for name, part, value in zip(step.returns, got, want)]


def _tuple_problem(case: Case, step: Step, label: str, output: dict) -> Optional[str]:
    """A message if a step meant to return a tuple returned something else."""
    if not isinstance(step.returns, tuple):
        return None
    got = output.get(step.result_key)
    if isinstance(got, (tuple, list)) and len(got) == len(step.returns):
        return None
    names = ", ".join(step.returns)
    return (f"{where(case)}: {label} returned {kind_of(got)}; expected the tuple ({names}), "
            "in that order.")


def _error_message(case: Case, label: str, error: str) -> str:
    if error.startswith("NotImplementedError"):
        return f"{where(case)}: {label} is not written yet: it raises NotImplementedError."
    return f"{where(case)}: {label} raised {error}"


def _slip_explanation(case: Case, slips: Sequence[Slip], name: str, got: Any, want: Any,
                      data: dict) -> str:
    """" <explanation>" of the first slip for `name` that `got` matches (and `want` does not)."""
    for slip_name, formula, explanation in slips:
        if slip_name == name and _matches(case, got, formula, data) \
                and not _matches(case, want, formula, data):
            return f" {explanation}"
    return ""


def _matches(case: Case, value: Any, formula: Callable, data: dict) -> bool:
    got = as_numeric(value)
    if got is None:
        return False
    try:
        with np.errstate(all="ignore"):
            wrong = as_numeric(formula(**copy.deepcopy(data)))
    except Exception:  # a slip that cannot be computed on these inputs matches nothing
        return False
    return (wrong is not None and wrong.shape == got.shape
            and bool(np.allclose(got, wrong, rtol=case.rtol, atol=case.atol)))


# ---- the check ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClassCheck(FunctionCheck):
    """A check of a class: `reference` is the reference class, `data` the names of each case's
    arguments, `scenarios` maps a name to a tuple of Steps, and `copies` lists the data the
    object may change in place (see the module docstring).

    `check(StudentClass)` runs the visible cases, `check(StudentClass, hidden=True)` the hidden
    ones. `dependencies` are rebound in the class's methods (see `class_with_globals`).
    """

    data: Tuple[str, ...] = ()
    scenarios: Mapping[str, Tuple[Step, ...]] = field(default_factory=dict)
    copies: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        known = set(self.data)
        for scenario, steps in self.scenarios.items():
            used = {name for step in steps for name in (*step.args, *step.kwargs.values())}
            if not used | set(self.copies) <= known:
                raise ValueError(f"{self.name}: scenario {scenario!r} uses data "
                                 f"{sorted(used | set(self.copies) - known)} not in "
                                 f"data={self.data}")
            returned = [step.result_key for step in steps if step.result_key is not None]
            if len(set(returned)) != len(returned):
                raise ValueError(f"{self.name}: scenario {scenario!r} records two results under "
                                 f"one name: {returned}")

    def case(self, label: str, scenario: str = DEFAULT_SCENARIO, hint: str = "",
             hidden: bool = False, rtol: float = 1e-5, atol: float = 1e-8,
             slips: Sequence[Slip] = (), adjust: Optional[Callable] = None, **data: Any) -> Case:
        """A case running `scenario` on `data` given by name (unused names may be left out).

        adjust(expected, output, data) -> expected may widen what counts as right for this case.
        """
        unknown = set(data) - set(self.data)
        if unknown or scenario not in self.scenarios:
            raise ValueError(f"{self.name}: unknown data {sorted(unknown)} or scenario "
                             f"{scenario!r}")
        judge = partial(judge_steps, self.name, self.scenarios[scenario], self.data,
                        self.copies, tuple(slips), adjust)
        return Case(label, tuple(data.get(name) for name in self.data), {"scenario": scenario},
                    hint=hint, judge=judge, rtol=rtol, atol=atol, hidden=hidden)

    def driver(self, cls: type) -> Callable:
        """A function of the data (named as in `data`) that runs a case's scenario on `cls`."""
        scenarios, names, copies, class_name = self.scenarios, self.data, self.copies, self.name

        def drive(*values, scenario=DEFAULT_SCENARIO):
            return run_scenario(cls, scenarios[scenario], dict(zip(names, values)), copies,
                                class_name)

        drive.__signature__ = Signature(
            [Parameter(name, Parameter.POSITIONAL_OR_KEYWORD) for name in names]
            + [Parameter("scenario", Parameter.KEYWORD_ONLY, default=DEFAULT_SCENARIO)])
        drive.__name__ = drive.__qualname__ = cls.__name__
        return drive

    def computed(self, case: Case) -> Any:
        return self.driver(self.solution())(*copy.deepcopy(case.args),
                                            **copy.deepcopy(case.kwargs))

    def slip_arguments(self, case: Case) -> tuple:
        """A slip of a class check takes the case's data by name (see judge_steps)."""
        return (), case_data(self.data, case)

    def prepare(self, cls: Any, hidden: bool = False) -> Callable:
        """The driver of the student's class, rebound to the dependencies (and stand-ins)."""
        if not isinstance(cls, type):
            kind = "None" if cls is None else f"a {type(cls).__name__}"
            raise CheckFailure(f"{self.name}: expected a class, got {kind}. Pass the class "
                               f"itself, not an instance: check.{self.name}({self.name}), not "
                               f"check.{self.name}({self.name}()).")
        return self.driver(class_with_globals(cls, self.scope(cls, hidden)))


# ---- a check with a hand-written driver ---------------------------------------------------------

@dataclass(frozen=True)
class DrivenCheck(FunctionCheck):
    """A FunctionCheck for what a test cannot call with the case's arguments alone: a class to
    instantiate and drive, or a function that takes objects which are not data (a random
    generator, a function).

    `driver(thing, *case.args)` runs the student's `thing` on one case and returns plain data
    (arrays, numbers, lists, dicts), recorded and judged like a function's output; `reference`
    is the driver applied to the course's version. Objects that are not data (an optimizer, a
    generator made from a seed) are built inside the driver, so every case stays plain data the
    grader can rebuild. `dependencies` apply to a plain function `thing` as in FunctionCheck.
    """

    driver: Optional[Callable] = None
    kind: str = "function"  # what the test cell passes, for the message when it is not callable

    def prepare(self, thing: Any, hidden: bool = False) -> Callable:
        """The hand-written driver bound to the student's `thing` (rebound to the dependencies
        and stand-ins)."""
        if not callable(thing):
            shown = "None" if thing is None else f"a {type(thing).__name__}"
            raise CheckFailure(f"{self.name}: expected a {self.kind}, got {shown}. Pass the "
                               f"{self.kind} itself: check.{self.name}({self.name}).")
        return partial(self.driver, with_globals(thing, self.scope(thing, hidden)))
