"""Runs inside a student's install (see `keyfree`): what of it could stand in for an answer.

    python -I keyprobe.py REQUEST.json RESULT.json

This file imports nothing of the instructor's install: it is run by the student environment's
interpreter, whose `coursekit` is the student distribution. The request lists every check of the
course by (suite, name) with its hidden cases as evidence-encoded data (labels, args, kwargs). The
probe imports every module of the installed `coursekit`, collects each function and class defined
there, and tries each one as the answer of every check that takes its kind (a class for class
checks, a function otherwise), through that check's own `prepare` in this install; it stops a
candidate at its first case that raises. Before that it runs the given cells a student runs
first (`given`: a recap cell registers its classes with the checks), and it holds the stand-in
tables of the hidden cases (`stand_ins`) as the grading kernel does. The result holds, per
(candidate, check) that ran every case, the records as evidence (judged by the instructor's
process, never here), the modules that failed to import, the given cells that failed, and, per
check this install has, the hidden cases it can produce itself.
"""
from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import signal
import sys
from typing import Any

CALL_SECONDS = 2  # a candidate slower than this on one case is not an answer anyone grades


def definitions() -> tuple:
    """({qualified name: function or class} defined in the installed coursekit, [import errors])."""
    import coursekit

    found, broken = {}, []
    for info in pkgutil.walk_packages(coursekit.__path__, "coursekit."):
        try:
            module = importlib.import_module(info.name)
        except Exception as exc:  # a module a student cannot import answers nothing
            broken.append(f"{info.name}: {type(exc).__name__}: {exc}")
            continue
        for name, value in vars(module).items():
            if (inspect.isfunction(value) or inspect.isclass(value)) and \
                    getattr(value, "__module__", None) == info.name:
                found[f"{info.name}.{name}"] = value
    return found, broken


def installed_check(suite: str, name: str) -> Any:
    """The check object of this install, or None."""
    try:
        return getattr(importlib.import_module(suite), name, None)
    except Exception:
        return None


def _timeout(signum, frame):
    raise TimeoutError(f"took longer than {CALL_SECONDS} s")


def try_candidate(check: Any, candidate: Any, cases: list) -> list:
    """The evidence records of `candidate` on every case, or [] if it cannot be prepared or a
    case raises (it is not an answer then)."""
    from coursekit.checks import evidence
    from coursekit.checks.core import Case, run_case

    try:
        fn = check.prepare(candidate, hidden=True)
    except Exception:
        return []
    records = []
    for index, raw in enumerate(cases):
        case = Case(raw["label"], tuple(evidence.decode(raw["args"])),
                    evidence.decode({"$dict": raw["kwargs"]}), hidden=True)
        signal.alarm(CALL_SECONDS)
        try:
            record = run_case(fn, case)
        except BaseException:  # SystemExit from a command's main, the alarm between cases
            return []
        finally:
            signal.alarm(0)
        if record.error:
            return []
        records.append(evidence.encode_record(index, case, record, []))
    return records


def run_given(sources: list) -> list:
    """Run each given cell's source as a notebook would (a fresh namespace each); the errors."""
    errors = []
    for source in sources:
        try:
            exec(compile(source, "<given cell>", "exec"), {"__name__": "__main__"})
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    return errors


def probe(request: dict) -> dict:
    from coursekit.checks import evidence, hidden

    hidden.hand_over({hidden.STAND_INS: request.get("stand_ins", {})})
    signal.signal(signal.SIGALRM, _timeout)
    candidates, broken = definitions()
    broken_given = run_given(request.get("given", []))
    tried, passing_runs, produced = 0, [], {}
    for entry in request["checks"]:
        check = installed_check(entry["suite"], entry["name"])
        if check is None or not hasattr(check, "prepare"):
            continue
        key = f"{entry['suite']}.{entry['name']}"
        try:
            own = [{"args": evidence.encode(list(c.args)), "kwargs": evidence.encode(c.kwargs)}
                   for c in check.cases(hidden=True)]
        except Exception:
            own = []
        produced[key] = own
        for qualname, candidate in candidates.items():
            if inspect.isclass(candidate) != (entry["kind"] == "class"):
                continue
            tried += 1
            records = try_candidate(check, candidate, entry["cases"])
            if records:
                passing_runs.append({"candidate": qualname, "check": key, "records": records})
    return {"candidates": sorted(candidates), "broken_modules": broken,
            "broken_given": broken_given, "tried": tried,
            "runs": passing_runs, "hidden_cases_produced": produced}


def main(argv: list) -> int:
    request_path, result_path = argv
    sys.argv = ["keyprobe"]  # a candidate that parses the command line sees no arguments
    with open(request_path, encoding="utf-8") as f:
        request = json.load(f)
    result = probe(request)
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
