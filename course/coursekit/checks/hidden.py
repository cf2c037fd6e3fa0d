"""Where a check's hidden cases and reference come from when its own module does not define them.

Both belong to the instructor. They live in the `coursekit_key` package (course/key/), which the
student's install does not contain and the grading kernel cannot import: the hidden cases as
`coursekit_key.hidden.<topic>.CASES[check name]()`, the references as
`coursekit_key.answers.<topic>.REFERENCES[check name]` (what the check's `reference` would
hold), with `SLIPS["<check>.<slip>"]`, the wrong formulas that need a reference to compute (see
`lookalikes.KeyedSlip`). There are three places a check runs:

- the instructor's install (the grader's process, `coursekit validate`): the cases from the key,
  judged with the reference;
- the grading kernel: the cases the grader handed over as data in `HANDOVER_FILE`, in the
  kernel's working folder (inputs, labels and hints: no expected value, no judge). The kernel only
  records what the student's code returns; the grader judges the evidence with its own cases;
- anywhere else (a student at home): none; the check says hidden tests run when work is graded.

A handed-over case is plain data, {"label", "args", "kwargs", "hint", "rtol", "atol"}, with args
and kwargs evidence-encoded (see `evidence`). Under STAND_INS the file also holds, per check,
the tables of its stand-ins on the hidden cases (see `standins`).
"""
from __future__ import annotations

import importlib
import json
import os
from types import ModuleType
from typing import Any, Callable, Optional

from . import evidence
from .core import Case, CheckFailure

KEY_PACKAGE = "coursekit_key.hidden"
ANSWERS_PACKAGE = "coursekit_key.answers"
HANDOVER_FILE = ".coursekit-hidden-cases.json"
STAND_INS = "$stand_ins"  # the key of the stand-in tables in the handover file (no check's)

_handed_over: Optional[dict] = None


def key_module(package: str, suite: str) -> Optional[ModuleType]:
    """`<package>.<topic>` of the answer key for the checks of module `suite`, or None if the
    key is not installed here."""
    topic = suite.rsplit(".", 1)[-1]
    try:
        return importlib.import_module(f"{package}.{topic}")
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == package or exc.name.startswith("coursekit_key")):
            return None
        raise


def key_table(package: str, table: str, suite: str) -> dict:
    """`<package>.<topic>.<table>` of the answer key for the checks of module `suite`, or {} if
    the key is not installed here or has no such table."""
    return getattr(key_module(package, suite), table, {})


def _from_key(package: str, table: str, suite: str, name: str) -> Any:
    return key_table(package, table, suite).get(name)


def key(suite: str, name: str) -> Optional[list]:
    """The hidden cases of check `name` of module `suite` from the answer key, or None."""
    builder = _from_key(KEY_PACKAGE, "CASES", suite, name)
    return None if builder is None else list(builder())


def reference(suite: str, name: str) -> Optional[Callable]:
    """The reference of check `name` of module `suite` from the answer key, or None."""
    return _from_key(ANSWERS_PACKAGE, "REFERENCES", suite, name)


def slip(suite: str, name: str) -> Optional[Callable]:
    """The wrong formula `name` ("<check>.<slip>") of module `suite` from the key, or None."""
    return _from_key(ANSWERS_PACKAGE, "SLIPS", suite, name)


def encode(cases: list) -> list:
    """Cases as the data the grader hands to the kernel."""
    return [{"label": case.label, "args": evidence.encode(list(case.args)),
             "kwargs": evidence.encode(dict(case.kwargs))["$dict"], "hint": case.hint,
             "rtol": case.rtol, "atol": case.atol} for case in cases]


def decode(data: list) -> list:
    """The cases of `encode`'s data (hidden, with no judge: the kernel does not judge them)."""
    return [Case(item["label"], tuple(evidence.decode(item["args"])),
                 evidence.decode({"$dict": item["kwargs"]}), hint=item["hint"],
                 rtol=item["rtol"], atol=item["atol"], hidden=True) for item in data]


def hand_over(data: dict) -> None:
    """Hold `data` as what the grader handed over, as if read from HANDOVER_FILE (for a process
    that plays the grading kernel's part, such as coursekit.grading.keyprobe)."""
    global _handed_over
    _handed_over = data


def _handover() -> dict:
    """What the grader handed over: in the grading kernel, HANDOVER_FILE (read once); {} anywhere
    else, unless `hand_over` was called."""
    global _handed_over
    if _handed_over is None:
        if not evidence.grading():
            return {}
        try:
            with open(HANDOVER_FILE, encoding="utf-8") as f:
                _handed_over = json.load(f)
        except (OSError, ValueError):
            _handed_over = {}
    return _handed_over


def handed_over(suite: str, name: str) -> Optional[list]:
    """In the grading kernel, the cases the grader handed over for this check, or None."""
    data = _handover().get(f"{suite}.{name}")
    return None if data is None else decode(data)


def stand_in_table(suite: str, name: str, helper: str) -> Optional[dict]:
    """In the grading kernel, the handed-over table of check `name`'s stand-in `helper` on its
    hidden cases, or None."""
    tables = _handover().get(STAND_INS)
    found = tables.get(f"{suite}.{name}", {}) if type(tables) is dict else {}
    return found.get(helper) if type(found) is dict else None


def cases(suite: str, name: str) -> tuple:
    """(the hidden cases, whether they may be judged here): from the key if it is installed,
    else as handed over in the grading kernel; CheckFailure anywhere else."""
    found = key(suite, name)
    if found is not None:
        return found, True
    found = handed_over(suite, name)
    if found is not None:
        return found, False
    where = ("the grader did not hand them to this kernel" if evidence.grading() else
             "they run only when your work is graded")
    raise CheckFailure(f"{name}: the hidden tests are not here: {where}.")


def handover_file(folder: str) -> str:
    return os.path.join(folder, HANDOVER_FILE)
