"""Stand-ins for a student's notebook in the check tests.

    define(source, name, sigmoid=broken)   run an answer cell's source, return what it defines
    passes(check, answer)                  the visible and the hidden tests both pass
    failure(check, answer[, hidden])       the message of the first failing test
    wrong_answers(day)                     WRONG_ANSWERS of tests/wrong_answers/<day>.py
    answer_table(day)                      CORRECT and WRONG of tests/answer_tables/<day>.py
"""
from __future__ import annotations

import importlib.util
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import numpy as np
import pytest

from coursekit.checks.core import CheckFailure

WRONG_ANSWERS_DIR = Path(__file__).parent / "wrong_answers"
ANSWER_TABLES_DIR = Path(__file__).parent / "answer_tables"


def define(source: str, name: str, /, **namespace: Any) -> Any:
    """Run `source` like a notebook cell and return what it defines under `name`.

    The cell sees np and math, plus `namespace`: typically broken versions of earlier answers, so
    an answer that calls another exercise's function must be judged on its own to pass.
    """
    namespace = {"np": np, "math": math, **namespace}
    exec(textwrap.dedent(source), namespace)
    return namespace[name]


def passes(check, answer) -> None:
    check(answer)
    check(answer, hidden=True)


def failure(check, answer, hidden: Optional[bool] = None) -> str:
    """The message of the first failing test: visible tests then hidden ones (hidden=None), or
    only the visible (False) or hidden (True) suite. Fails the test if nothing fails."""
    suites = (False, True) if hidden is None else (hidden,)
    with pytest.raises(CheckFailure) as info:
        for suite in suites:
            check(answer, hidden=suite)
    return str(info.value)


def wrong_answers(day: str, missing_ok: bool = False) -> dict:
    """WRONG_ANSWERS (answer grade_id -> source) of tests/wrong_answers/<day>.py; {} for a day
    without that file if missing_ok."""
    module = _load(WRONG_ANSWERS_DIR / f"{day}.py", missing_ok)
    return dict(module.WRONG_ANSWERS) if module else {}


@dataclass(frozen=True)
class Variant:
    """One way a class writes an exercise: its name, the answer cell's full source, and (for a
    wrong one) words its failure message must contain."""

    answer: str
    name: str
    source: str
    says: str = ""


def answer_table(day: str) -> tuple:
    """(correct, wrong) of tests/answer_tables/<day>.py: answer grade_id -> list of `Variant`s,
    from its CORRECT and WRONG dicts (grade_id -> {name: source or (source, words)});
    ({}, {}) for a day without a table."""
    module = _load(ANSWER_TABLES_DIR / f"{day}.py", missing_ok=True)
    if module is None:
        return {}, {}
    return tuple({answer: [_variant(answer, name, entry) for name, entry in variants.items()]
                  for answer, variants in getattr(module, kind).items()}
                 for kind in ("CORRECT", "WRONG"))


def _variant(answer: str, name: str, entry: Any) -> Variant:
    source, says = (entry, "") if isinstance(entry, str) else entry
    return Variant(answer, name, source, says)


def _load(path: Path, missing_ok: bool):
    if missing_ok and not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
