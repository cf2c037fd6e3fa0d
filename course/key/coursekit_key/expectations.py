"""The instructor command that writes the visible cases' expected values from the answer key.

    python -m coursekit_key.expectations --write   # rewrite course/coursekit/checks/expected/
    python -m coursekit_key.expectations           # exit 1 and name the files that differ

A check whose reference is in the answer key (coursekit_key.answers) gets one entry per
visible case, each of the key's SLIPS the values of its wrong formula on the visible cases'
inputs, and each check with stand-ins their tables on its visible cases, so that the student's
install can judge and explain its visible cases without the reference (see
coursekit.checks.stored). Run it after changing a reference, a slip or a
visible case.
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import sys
from collections import defaultdict

import numpy as np

from coursekit.checks import course_checks, evidence, hidden, standins, stored


def texts() -> dict:
    """{path of a topic's file: its text} for every topic with a check or a slip that needs one."""
    checks = course_checks()
    topics = defaultdict(dict)
    for check in checks.values():
        if check.reference is not None or check.solution() is None:
            continue
        cases = check.cases()
        if all(case.expected is not None for case in cases):
            continue
        topics[check.suite][check.name] = [(case.label, check.computed(case)) for case in cases]
    slips = {suite: slip_values(suite, checks) for suite in {c.suite for c in checks.values()}}
    tables = defaultdict(dict)
    for check in checks.values():
        if check.stand_ins:
            tables[check.suite][check.name] = standins.record(check, check.cases())
    wanted = set(topics) | set(tables) | {suite for suite, values in slips.items() if values}
    return {stored.path(suite): stored.encode(topics[suite], slips[suite], tables.get(suite))
            for suite in wanted}


def slip_values(suite: str, checks: dict) -> dict:
    """{slip name: {digest of the inputs: value}}: the key's SLIPS of module `suite` (named
    "<check>.<slip>") on the visible cases of their checks, called as the judges call them."""
    values = {}
    for name, formula in hidden.key_table(hidden.ANSWERS_PACKAGE, "SLIPS", suite).items():
        check = checks[f"{suite}.{name.split('.')[0]}"]
        values[name] = {}
        for case in check.cases():
            args, kwargs = check.slip_arguments(case)
            try:
                value = formula(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            except Exception:  # as in a judge: a slip that cannot be computed matches nothing
                continue
            values[name][stored.digest(args, kwargs)] = value
    return values


def stale(wanted: dict) -> list:
    """The files that differ from `wanted`, and stored files no topic wants any more."""
    present = set(stored.FOLDER.glob("*.json")) if stored.FOLDER.is_dir() else set()
    differ = [p for p, text in wanted.items()
              if not p.is_file() or not same_data(p.read_text(encoding="utf-8"), text)]
    return sorted(differ + [p for p in present if p not in wanted])


def same_data(text: str, other: str) -> bool:
    """Whether two files' texts hold the same data, floats equal up to rounding (rtol 1e-12):
    another CPU's BLAS or exp may round a computed value's last bit otherwise."""
    return text == other or _close(json.loads(text), json.loads(other))


def _close(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_close, a, b))
    if not isinstance(a, dict):
        return a == b
    if a.keys() != b.keys():
        return False
    if "$ndarray" in a:
        x, y = evidence.decode(a), evidence.decode(b)
        return x.dtype == y.dtype and x.shape == y.shape and (
            np.array_equal(x, y, equal_nan=x.dtype.kind in "fc")
            or bool(np.allclose(x, y, rtol=1e-12, atol=1e-300, equal_nan=True)))
    return all(_close(a[k], b[k]) for k in a)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit_key.expectations",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the stored files")
    args = parser.parse_args(argv)
    wanted = texts()
    differ = stale(wanted)
    if not args.write:
        for p in differ:
            print(f"out of date: {p}")
        return 1 if differ else 0
    stored.FOLDER.mkdir(exist_ok=True)
    for p in differ:
        if p in wanted:
            p.write_text(wanted[p], encoding="utf-8")
        else:
            p.unlink()
        print(f"wrote {p}" if p in wanted else f"removed {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
