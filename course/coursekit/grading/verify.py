"""Verdicts decided in the grader's process, from the evidence the test cells recorded.

`VerifyEvidence` runs after the notebook has executed and before nbgrader saves grades. For every
graded test cell whose trusted source calls checks (see `layout`), it reads the evidence bundles
in the cell's outputs, rebuilds each check's cases from the check's name, recomputes the expected
values with the reference here, and judges with `coursekit.checks.core.judge`. The in-kernel
verdict is ignored: the cell passes only if every call it makes left exactly one well-formed,
complete bundle, every case passes, and the cell finished without an error. Otherwise the grader's
message becomes the cell's first output, an error, which nbgrader scores as zero.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Any, Optional

from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

from ..checks import evidence
from ..checks.core import Record, changed_arguments, failure_message, judge
from .layout import CheckCall, GradedCell, load_layout

GRADER_ERROR = "CheckFailure"  # what a failing check raises in the kernel, too


class Verdict:
    """Pass, or fail with a message for the student."""

    def __init__(self, problem: Optional[str] = None, summary: str = ""):
        self.problem, self.summary = problem, summary

    @property
    def passed(self) -> bool:
        return self.problem is None


class VerifyEvidence(NbGraderPreprocessor):
    """Replace each verifiable test cell's in-kernel verdict with the grader's own."""

    enabled = Bool(True, help="Decide test cells from their evidence.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple:
        if not self.enabled:
            return nb, resources
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            layout = load_layout(gb, CourseDirectory(config=self.config), info["assignment"],
                                 info["notebook"])
        seen = set()
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            test = layout.test_cells.get(grade_id)
            if test is None or not utils.is_grade(cell) or grade_id in seen:
                continue
            seen.add(grade_id)
            if cell.cell_type != "code" or test.calls is None:
                self.log.warning("Test cell %s calls no check it can verify; nbgrader's own verdict "
                                 "stands", grade_id)
                continue
            apply_verdict(cell, verify_cell(cell, test))
        return nb, resources


def verify_cell(cell: NotebookNode, test: GradedCell) -> Verdict:
    """The grader's verdict on one executed test cell."""
    bundles, malformed = [], 0
    for output in cell.get("outputs", []):
        if is_evidence(output):
            bundle = _plain(output.get("data", {}).get(evidence.MIME))
            if _well_formed(bundle):
                bundles.append(bundle)
            else:
                malformed += 1
    if malformed:
        return Verdict(f"The test results of this cell are malformed ({malformed} bundle(s)); "
                       "they were not written by the check.")
    expected = Counter(call.key for call in test.calls)
    found = Counter(_key(b) for b in bundles)
    unexpected = [k for k in found if k not in expected]
    if unexpected:
        return Verdict(f"This cell recorded results for {_describe(unexpected[0])}, which it does "
                       "not call.")
    duplicated = [k for k in found if found[k] > expected[k]]
    if duplicated:
        return Verdict(f"The results of {_describe(duplicated[0])} were recorded "
                       f"{found[duplicated[0]]} times; a test cell records each call once.")
    by_key = {}
    for bundle in bundles:
        by_key.setdefault(_key(bundle), []).append(bundle)
    total = 0
    for call in test.calls:
        queue = by_key.get(call.key, [])
        if not queue:
            return Verdict(f"The {call.describe()} did not run to the end, so nothing was "
                           "recorded for them (see the error above, e.g. a NameError or an "
                           "earlier failing check).")
        problem, count = judge_bundle(call, queue.pop(0))
        if problem:
            return Verdict(problem)
        total += count
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        return Verdict(f"The test cell did not finish cleanly ({errors[0].get('ename', 'error')}), "
                       "although its checks passed.")
    return Verdict(None, f"{total} tests")


def judge_bundle(call: CheckCall, bundle: dict) -> tuple:
    """(message of the first failing case or None, number of cases) for one evidence bundle."""
    check = call.check
    cases = _cases(call)
    records = bundle["records"]
    if len(records) != len(cases):
        return (f"{check.name}: the results cover {len(records)} of the {len(cases)} "
                f"{'hidden' if call.hidden else 'visible'} tests; every test must run."), len(cases)
    for index, (case, raw) in enumerate(zip(cases, records)):
        try:
            record = _record(case, index, raw)
        except (evidence.MalformedEvidence, KeyError, TypeError, ValueError) as exc:
            return f"{check.name}: the results of test {index + 1} are malformed ({exc}).", len(cases)
        try:
            problem = judge(case, record, _expected(call, index))
        except Exception as exc:  # an output the judge cannot handle is a failing output
            problem = f"{case.label if not case.hidden else 'a hidden test'}: the output could " \
                      f"not be checked ({type(exc).__name__})."
        if problem:
            return failure_message(check.name, case, problem), len(cases)
    return None, len(cases)


def _record(case, index: int, raw: Any) -> Record:
    if type(raw) is not dict or raw.get("index") != index or raw.get("label") != case.label:
        raise evidence.MalformedEvidence("wrong or repeated test")
    error, warnings = raw.get("error"), raw.get("warnings")
    if error is not None and type(error) is not str:
        raise evidence.MalformedEvidence("bad error")
    if type(warnings) is not list or not all(type(w) is str for w in warnings):
        raise evidence.MalformedEvidence("bad warnings")
    args = evidence.decode(raw["args_after"])
    kwargs = evidence.decode({"$dict": raw["kwargs_after"]})
    if type(args) is not list or len(args) != len(case.args) or set(kwargs) != set(case.kwargs):
        raise evidence.MalformedEvidence("arguments do not match the test")
    kwargs = {k: kwargs[k] for k in case.kwargs}
    names = raw.get("arg_names")
    if type(names) is not list or len(names) != len(args) or not all(
            type(n) is str and n.isidentifier() for n in names):
        names = [f"argument {i + 1}" for i in range(len(args))]
    return Record(case.label, evidence.decode(raw["output"]), error, list(warnings),
                  changed_arguments(names + list(kwargs), case, tuple(args), kwargs))


_CASES: dict = {}
_EXPECTED: dict = {}


def _cases(call: CheckCall) -> list:
    key = (id(call.check), call.hidden)
    if key not in _CASES:
        _CASES[key] = call.check.cases(call.hidden)
    return _CASES[key]


def expected_values(call: CheckCall) -> list:
    """The reference's answers to every case of a call (computed once per grading process)."""
    return [_expected(call, i) for i in range(len(_cases(call)))]


def _expected(call: CheckCall, index: int) -> Any:
    """The reference's answer for one case, computed once per grading process."""
    key = (id(call.check), call.hidden, index)
    if key not in _EXPECTED:
        _EXPECTED[key] = call.check.expected(_cases(call)[index], index)
    return _EXPECTED[key]


def _plain(data: Any) -> Any:
    """JSON data as plain dicts and lists (nbformat hands over NotebookNode subclasses)."""
    try:
        return json.loads(json.dumps(data, allow_nan=False))
    except (TypeError, ValueError):
        return None


def is_evidence(output: Any) -> bool:
    data = output.get("data") if isinstance(output, dict) else None
    return isinstance(data, dict) and evidence.MIME in data


def _well_formed(bundle: Any) -> bool:
    return (isinstance(bundle, dict) and bundle.get("version") == evidence.VERSION
            and type(bundle.get("suite")) is str and type(bundle.get("check")) is str
            and type(bundle.get("hidden")) is bool and type(bundle.get("records")) is list)


def _key(bundle: dict) -> tuple:
    return (bundle["suite"], bundle["check"], bundle["hidden"])


def _describe(key: tuple) -> str:
    return f"{key[1]} ({'hidden' if key[2] else 'visible'} tests)"


def apply_verdict(cell: NotebookNode, verdict: Verdict) -> None:
    """Make nbgrader score the cell as the grader decided: full points when it passed, zero
    otherwise (an error output first; nbgrader gives zero to a cell with an error)."""
    outputs = [o for o in cell.get("outputs", []) if not is_evidence(o)
               and o.get("output_type") != "execute_result"]
    if verdict.passed:
        for output in outputs:
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                output["name"] = "stdout"
        outputs.append(from_dict({"output_type": "stream", "name": "stdout",
                                  "text": f"Grader: passed ({verdict.summary}, judged outside "
                                          "your kernel).\n"}))
    else:
        outputs.insert(0, grader_error(GRADER_ERROR, verdict.problem))
    cell.outputs = outputs


def grader_error(ename: str, message: str) -> NotebookNode:
    """An error output carrying the grader's message."""
    return from_dict({"output_type": "error", "ename": ename, "evalue": message,
                      "traceback": [f"{ename}: {line}" for line in message.splitlines()]})
