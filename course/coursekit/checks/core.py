"""The machinery every topic check uses.

A check runs a student's function on a list of `Case`s and turns each call into a `Record`: what
came back (or what was raised), the warnings it emitted, and whether it changed its inputs. A
record is plain data; `judge` compares it with the reference result and returns the first problem
in words a student can act on, or None. Running and judging are separate so that a grader can
judge the same records in its own process, away from the student's kernel: while grading, each
check call also displays its records as evidence (see `evidence`).
"""
from __future__ import annotations

import copy
import inspect
import types
import warnings
from collections import ChainMap
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence

import numpy as np

from . import evidence

# Bound at import: the grading kernel imports this module before any student code runs, so
# reassigning copy.deepcopy, warnings.catch_warnings or np.errstate later cannot hide a warning
# or an in-place change from the records.
_deepcopy, _catch_warnings, _simplefilter = copy.deepcopy, warnings.catch_warnings, warnings.simplefilter
_errstate, _array_equal, _asarray = np.errstate, np.array_equal, np.asarray

Judge = Callable[["Case", "Record", Any], Optional[str]]


# The tolerances of float32 cases, for every check. One float32 rounding is 6e-8 relative, so a
# layer's few dozen operations stay well inside FLOAT32. Outputs that add up many float32 terms (a
# convolution's sums, a loss's mean over a batch) need a looser atol, FLOAT32_SUMS, and an
# optimizer's state, rounded again at each of 25 updates, a looser rtol, FLOAT32_STEPS.
FLOAT32 = {"rtol": 1e-4, "atol": 1e-6}
FLOAT32_SUMS = {"rtol": 1e-4, "atol": 1e-5}
FLOAT32_STEPS = {"rtol": 1e-3, "atol": 1e-5}


@dataclass(frozen=True)
class Case:
    """One call of the student's function.

    label:  how the call reads to a student, e.g. "sigmoid(-1000.0)" (for a hidden case, a
            description such as "a float32 batch with |x| up to 1e4": hidden inputs are never shown).
    args, kwargs: the arguments; each call gets a deep copy, so cases can be reused.
    hint:   one sentence shown when this case fails.
    expected: the right answer when it is not the reference's (e.g. a truth table); else None.
    judge:  judge(case, record, expected) -> message or None, replacing the numeric comparison.
    rtol, atol: the numeric tolerance of the default comparison.
    """

    label: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    hint: str = ""
    expected: Any = None
    judge: Optional[Judge] = None
    rtol: float = 1e-5
    atol: float = 1e-8
    hidden: bool = False


@dataclass
class Record:
    """What one call did: `output` (None if it raised), `error` ("TypeError: ..."), the messages of
    the warnings it emitted, and the names of the arguments it modified in place. `after` holds
    the (args, kwargs) the function was given, as they were after the call."""

    label: str
    output: Any = None
    error: Optional[str] = None
    warnings: list = field(default_factory=list)
    mutated: list = field(default_factory=list)
    after: tuple = field(default=(), repr=False, compare=False)


class CheckFailure(AssertionError):
    """A student's function failed a check; the message says which case, what and why."""


def run_case(fn: Callable, case: Case) -> Record:
    """Call `fn` on a fresh copy of the case's arguments and record what happened."""
    args, kwargs = _deepcopy(case.args), _deepcopy(case.kwargs)
    record = Record(case.label, after=(args, kwargs))
    # errstate undoes a global np.seterr(all="ignore") that would hide an overflow; underflow
    # to 0 (exp(-1000)) is the right answer, not a problem, so it stays silent as by default.
    with _catch_warnings(record=True) as caught, \
            _errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
        _simplefilter("always")
        try:
            record.output = fn(*args, **kwargs)
        except NotImplementedError:
            record.error = "NotImplementedError"
        except Exception as exc:  # a student's bug of any kind is a finding, not a crash
            record.error = f"{type(exc).__name__}: {exc}"
    record.warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
    record.mutated = _mutated(fn, case, args, kwargs)
    return record


def _mutated(fn: Callable, case: Case, args: tuple, kwargs: dict) -> list:
    return changed_arguments(_parameter_names(fn, len(args)) + list(kwargs), case, args, kwargs)


def changed_arguments(names: list, case: Case, args: tuple, kwargs: dict) -> list:
    """Of `names` (one per positional, then keyword argument), those of the arguments that
    differ from the case's own after the call."""
    before = list(case.args) + list(case.kwargs.values())
    after = list(args) + list(kwargs.values())
    return [n for n, b, a in zip(names, before, after) if not _same(b, a)]


def _parameter_names(fn: Callable, count: int) -> list:
    """The names of the first `count` positional parameters of `fn` ("w", "x"), or "argument 1"
    and so on where the signature does not tell."""
    try:
        params = [p.name for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"argument {i + 1}" for i in range(count)]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return _array_equal(_asarray(a), _asarray(b), equal_nan=True)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def judge(case: Case, record: Record, expected: Any) -> Optional[str]:
    """The first problem with `record`, as a message for the student, or None if it passes."""
    if record.error == "NotImplementedError":
        return f"{subject(case)} is not written yet: it raises NotImplementedError."
    if record.error:
        return f"{subject(case)} raised {record.error}"
    if record.warnings:
        return (f"{subject(case)} emitted a warning ({record.warnings[0]}). The numbers may look "
                "right, but a warning means the computation overflowed or divided by zero on the way.")
    if record.mutated:
        return (f"{subject(case)} changed its input in place ({', '.join(record.mutated)}). "
                "Work on a new array (e.g. x.copy() or an expression that makes one) so the "
                "caller's data stays as it was.")
    if case.judge is not None:
        return case.judge(case, record, expected)
    return compare_arrays(case, record.output, expected)


def compare_arrays(case: Case, actual: Any, expected: Any) -> Optional[str]:
    """Numeric comparison: same shape, finite where expected is finite, close within tolerance."""
    got = as_numeric(actual)
    if got is None:
        return f"{subject(case)} returned {_type_name(actual)}; expected a number or a NumPy array."
    want = np.asarray(expected, dtype=np.float64)
    if got.shape != want.shape:
        return (f"{subject(case)} returned an array of shape {got.shape}; expected shape "
                f"{want.shape}.")
    miss = first_mismatch(case, got, want)
    if miss is None:
        return None
    where = f" at index {miss.index}" if got.ndim else ""
    if case.hidden:
        what = miss.nonfinite or "a wrong value"
        return f"{subject(case)} returned {what}{where} ({miss.count} of {miss.size} values wrong)."
    return (f"{subject(case)} returned {_show(miss.actual)}{where}; expected {_show(miss.expected)}"
            + (f" ({miss.count} of {miss.size} values differ)." if got.ndim else "."))


@dataclass(frozen=True)
class Mismatch:
    """Where two same-shaped arrays first disagree: its index, the values there, and how many of
    the `size` values disagree."""

    index: tuple
    actual: float
    expected: float
    count: int
    size: int

    @property
    def nonfinite(self) -> Optional[str]:
        """"nan" or "inf" when the wrong value is one (a hidden test may say so), else None."""
        return "nan" if np.isnan(self.actual) else ("inf" if np.isinf(self.actual) else None)


def first_mismatch(case: Case, got: np.ndarray, want: np.ndarray) -> Optional[Mismatch]:
    """The first element of `got` outside the case's tolerance of `want` (nan matches nan), or
    None if all agree. got, want: float64 arrays of one shape."""
    bad = ~np.isclose(got, want, rtol=case.rtol, atol=case.atol, equal_nan=True)
    if not bad.any():
        return None
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    return Mismatch(index, got[index], want[index], int(bad.sum()), bad.size)


def as_numeric(value: Any) -> Optional[np.ndarray]:
    """`value` as a float64 array, or None if it is not numeric data."""
    if isinstance(value, (str, bytes, dict)) or value is None:
        return None
    try:
        array = np.asarray(value)
    except Exception:
        return None
    if array.dtype == object or np.iscomplexobj(array) or not (
            np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        return None
    return array.astype(np.float64)


def failure_message(name: str, case: Case, problem: str) -> str:
    """The text of the AssertionError a student sees."""
    lines = [f"{name}: {problem}"]
    if case.hint:
        lines.append(f"Hint: {case.hint}")
    return "\n".join(lines)


def subject(case: Case) -> str:
    """Who a message is about: the visible call, or a hidden test described without its input."""
    return f"On a hidden test ({case.label}), your function" if case.hidden else case.label


def _show(value: Any) -> str:
    return np.format_float_positional(float(value), precision=8, trim="-") \
        if np.isfinite(value) else str(float(value))


def _type_name(value: Any) -> str:
    return "None (did you forget `return`?)" if value is None else f"a {type(value).__name__}"


@dataclass(frozen=True)
class FunctionCheck:
    """A named check: the reference function and the visible and hidden cases for it.

    Calling it, `check(student_fn)` runs the visible cases and `check(student_fn, hidden=True)`
    the hidden ones; the first failing case raises `CheckFailure` with a message that names it.
    `reference` None means the answer key holds it (see `hidden`), or that the cases' judges need
    none; the visible cases are then judged with the stored expected values (see `stored`).
    `dependencies` maps global names (e.g. "sigmoid") to reference functions that the student's
    function sees instead of the student's own, so each exercise is judged on its own: a wrong
    `sigmoid` costs the sigmoid exercise, not also `sigmoid_grad` that calls it. `stand_ins`
    does the same for helpers whose reference is in the answer key: the global names, each that of
    a key function, replayed from recorded calls where the key is absent (see `standins`).
    """

    name: str
    reference: Optional[Callable]  # None: in the answer key, or not needed
    visible: Callable[[], Sequence[Case]]
    hidden_cases: Optional[Callable[[], Sequence[Case]]] = None  # None: in the answer key
    dependencies: dict = field(default_factory=dict)
    stand_ins: tuple = ()
    suite: str = field(default="", compare=False)  # the defining module, set by `register`

    def cases(self, hidden: bool = False) -> list:
        return self._cases(hidden)[0]

    def _cases(self, hidden: bool) -> tuple:
        """(cases, whether this process may judge them: not hidden cases handed to the grading
        kernel as data, which the grader judges; see `hidden`)."""
        if not hidden:
            return list(self.visible()), True
        if self.hidden_cases is not None:
            return list(self.hidden_cases()), True
        from . import hidden as key

        return key.cases(self.suite, self.name)

    def solution(self) -> Optional[Callable]:
        """The reference: this check's own, else the answer key's if it is installed here."""
        if self.reference is not None:
            return self.reference
        from . import hidden as key

        return key.reference(self.suite, self.name)

    def expected(self, case: Case, index: Optional[int] = None) -> Any:
        """The right answer to `case` (visible case number `index` when given): the case's own,
        the stored one of a visible case, else the reference's."""
        if case.expected is not None:
            return case.expected
        if index is not None and not case.hidden:
            from . import stored

            value = stored.lookup(self.suite, self.name, index, case.label)
            if value is not stored.MISSING:
                return value
        return self.computed(case)

    def computed(self, case: Case) -> Any:
        """The reference's answer to `case`, or None for a check without one (its judge needs
        no expected value)."""
        reference = self.solution()
        if reference is None:
            return None
        return reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))

    def slip_arguments(self, case: Case) -> tuple:
        """(args, kwargs) with which this check's judges call a slip on `case`: its own."""
        return case.args, case.kwargs

    def prepare(self, thing: Any, hidden: bool = False) -> Callable:
        """What a case calls: the student's `thing` (here a function, rebound to the
        dependencies and the stand-ins of the visible or hidden cases) as a function of the
        case's arguments; CheckFailure if it cannot be."""
        if not callable(thing):
            raise CheckFailure(f"{self.name}: expected a function, got {_type_name(thing)}. Pass "
                               "the function itself, without calling it: check(f), not "
                               "check(f(x)).")
        return with_globals(thing, self.scope(thing, hidden))

    def scope(self, thing: Any, hidden: bool = False) -> Mapping:
        """The global names that the student's `thing` sees replaced: the dependencies, and the
        stand-ins for the visible or hidden cases."""
        if not self.stand_ins:
            return self.dependencies
        from . import standins

        return ChainMap(standins.helpers(self, thing, hidden), self.dependencies)

    def __call__(self, thing: Any, hidden: bool = False) -> None:
        fn = self.prepare(thing, hidden)
        cases, judged_here = self._cases(hidden)
        records = (run_case(fn, case) for case in cases)
        if evidence.grading():  # run every case, so the grader sees them all
            records = list(records)
            evidence.emit(self, hidden, cases, records,
                          [_parameter_names(fn, len(case.args)) for case in cases])
        if not judged_here:
            return
        for index, (case, record) in enumerate(zip(cases, records)):
            problem = judge(case, record, self.expected(case, index))
            if problem:
                raise CheckFailure(failure_message(self.name, case, problem))
        if not hidden:
            print(f"{self.name}: all {len(self.cases())} visible tests passed.")


REGISTRY: dict = {}  # "suite.name" -> check, for every check of a registered module


def register(namespace: dict) -> None:
    """Give every check that the module `namespace` defines that module as its suite, and list it
    in REGISTRY; called at the end of each topic module with its globals(). A check the module
    imported from another keeps the suite it got there."""
    suite = namespace["__name__"]
    for value in list(namespace.values()):
        if isinstance(value, FunctionCheck) and not value.suite:
            object.__setattr__(value, "suite", suite)
            REGISTRY[f"{suite}.{value.name}"] = value


def with_globals(fn: Callable, replacements: dict) -> Callable:
    """A copy of the plain function `fn` that sees `replacements` instead of the module globals of
    the same names it uses; `fn` itself if it uses none of them or is not a plain function."""
    if not isinstance(fn, types.FunctionType):
        return fn
    names = _names_used(fn.__code__)
    used = {name: replacements[name] for name in names if name in replacements}
    if not used:
        return fn
    rebound = types.FunctionType(fn.__code__, {**fn.__globals__, **used}, fn.__name__,
                                 fn.__defaults__, fn.__closure__)
    rebound.__kwdefaults__ = fn.__kwdefaults__
    return rebound


def _names_used(code: types.CodeType) -> set:
    """The global names `code` uses, with those of the lambdas, comprehensions and functions
    nested in it (they run with the enclosing function's globals)."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names_used(const)
    return names
