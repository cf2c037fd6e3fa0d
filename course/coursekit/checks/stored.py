"""The expected values of the visible cases, stored as data.

The student's install holds no reference answers, so where a check has none, a visible case's
expected value is read from `expected/<topic>.json` beside this module. The instructor writes
these files from the answer key with `python -m coursekit_key.expectations --write`, and a test
proves that they equal what the key computes (tests/test_expectations.py).

A file maps each check's name to one entry per visible case, in order:
{"label": the case's label, "expected": the value, evidence-encoded (see `evidence`)}; and under
"$slips", the values of the wrong formulas that only the key can compute (`KeyedSlip`) on the
visible cases' inputs: {slip name: {digest of the inputs: the value}}; under "$stand_ins", the
tables of the checks' stand-ins on their visible cases: {check name: {helper: table}} (see
`standins`).
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any, Optional

from . import evidence
from .core import CheckFailure

FOLDER = Path(__file__).with_name("expected")
MISSING = object()
SLIPS = "$slips"  # the key of the slips' values in a topic's file (no check has this name)
STAND_INS = "$stand_ins"  # the key of the stand-in tables


def path(suite: str) -> Path:
    """The file of the checks of module `suite` (coursekit.checks.<topic>)."""
    return FOLDER / f"{suite.rsplit('.', 1)[-1]}.json"


@functools.lru_cache(maxsize=None)
def _entries(suite: str) -> dict:
    try:
        with open(path(suite), encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def lookup(suite: str, name: str, index: int, label: str) -> Any:
    """The stored expected value of visible case `index` of check `name`, or MISSING.
    CheckFailure if the stored case is another one (data older than the code)."""
    entries = _entries(suite).get(name)
    if entries is None:
        return MISSING
    if index >= len(entries) or entries[index]["label"] != label:
        raise CheckFailure(f"{name}: the stored expected values do not match the visible tests "
                           f"(test {index + 1}, {label!r}); the instructor rewrites them with "
                           "`python -m coursekit_key.expectations --write`.")
    return evidence.decode(entries[index]["expected"])


def slip_value(suite: str, name: str, args: tuple, kwargs: dict) -> Any:
    """The stored value of the slip `name` on these inputs, or MISSING."""
    found = _entries(suite).get(SLIPS, {}).get(name, {}).get(digest(args, kwargs))
    return MISSING if found is None else evidence.decode(found)


def stand_in_table(suite: str, name: str, helper: str) -> Optional[dict]:
    """The stored table of check `name`'s stand-in `helper` on its visible cases, or None."""
    return _entries(suite).get(STAND_INS, {}).get(name, {}).get(helper)


def digest(args: tuple, kwargs: dict) -> str:
    """A short fingerprint of a call's inputs (their evidence encoding)."""
    text = json.dumps(evidence.encode([list(args), dict(kwargs)]), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def encode(names_to_values: dict, slips: Optional[dict] = None,
           stand_ins: Optional[dict] = None) -> str:
    """The text of one topic's file: {check name: [(label, expected value), ...]}, slips
    {slip name: {digest: value}} and stand-in tables {check name: {helper: table}}."""
    data = {name: [{"label": label, "expected": evidence.encode(value)} for label, value in pairs]
            for name, pairs in names_to_values.items()}
    if slips:
        data[SLIPS] = {name: {key: evidence.encode(value) for key, value in values.items()}
                       for name, values in slips.items()}
    if stand_ins:
        data[STAND_INS] = stand_ins
    return json.dumps(data, indent=1, allow_nan=False) + "\n"
