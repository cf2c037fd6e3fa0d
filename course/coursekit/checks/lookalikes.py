"""Judges that name the slip a wrong answer matches.

"returned 0.21 at index (1,); expected 0.19" says that something is wrong; "your output is softmax
of the right one: this network's output layer is the identity" says where to look. A *lookalike*
is a well-known wrong formula paired with that explanation. When the ordinary comparison fails,
`with_lookalikes` recomputes each wrong formula on the same inputs and, if the student's output
matches one, adds its explanation to the message. Recomputing reveals no hidden input.
"""
from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence, Tuple

import numpy as np

from . import hidden, stored
from .core import Case, Record, as_numeric, compare_arrays

Slip = Tuple[Callable, str]  # (wrong formula taking the case's arguments, explanation)
KEYED_SLIPS: list = []  # every KeyedSlip made, so a test can find each one's formula in the key


@dataclass(frozen=True)
class KeyedSlip:
    """A wrong formula that only the answer key can compute (the reference layer with a flipped
    filter, say), named "<check>.<slip>" in module `suite`: computed by the key's
    `SLIPS[name]` where the key is installed (the grader), else read from the values stored for
    the visible cases' inputs (coursekit.checks.stored). On other inputs it raises LookupError,
    and a slip that cannot be computed matches nothing."""

    suite: str
    name: str

    def __post_init__(self) -> None:
        KEYED_SLIPS.append(self)

    def __call__(self, *args, **kwargs):
        formula = hidden.slip(self.suite, self.name)
        if formula is not None:
            return formula(*args, **kwargs)
        value = stored.slip_value(self.suite, self.name, args, kwargs)
        if value is stored.MISSING:
            raise LookupError(f"{self.name}: no stored value for these inputs")
        return value


def compare_output(case: Case, record: Record, expected: Any) -> Optional[str]:
    """The default judge: `compare_arrays` on what the function returned."""
    return compare_arrays(case, record.output, expected)


def matches_slip(case: Case, output: Any, slip: Callable) -> bool:
    """Whether `output` equals (within the case's tolerance) `slip` applied to the case's inputs."""
    got = as_numeric(output)
    if got is None:
        return False
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            wrong = as_numeric(slip(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs)))
    except Exception:  # a slip that cannot even be computed on these inputs matches nothing
        return False
    return (wrong is not None and wrong.shape == got.shape
            and bool(np.allclose(got, wrong, rtol=case.rtol, atol=case.atol)))


def with_lookalikes(slips: Sequence[Slip], base=compare_output):
    """A judge: `base`'s verdict, plus the explanation of the first slip the output matches.

    A slip that gives the right answer on this case explains nothing, so it is skipped.
    """
    def judge(case: Case, record: Record, expected: Any) -> Optional[str]:
        problem = base(case, record, expected)
        if problem is None:
            return None
        explanation = next((text for slip, text in slips
                            if matches_slip(case, record.output, slip)
                            and not matches_slip(case, expected, slip)), None)
        return problem if explanation is None else f"{problem} {explanation}"
    return judge
