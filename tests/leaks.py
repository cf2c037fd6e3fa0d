"""No check message shows the solution (issue 10): a day's solution lines, and the two tests
every day runs over them.

    solution_lines(notebook)        the code between BEGIN and END SOLUTION of its answer cells
    assert_stub_sees_no_solution    an untouched released stub is told it is not written yet
    assert_wrong_sees_no_solution   no failure of the day's wrong answers shows solution code
    day_tests(day, checks, define)  both, as two parametrized tests for a day's check-test file

`code` lists fragments of the solution's code that no message may contain, beyond its lines.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable, Iterable

import pytest

from student import answer_table, failure, wrong_answers

MIN_LINE = 12  # shorter solution lines ("return x") also occur in honest messages


def answer_cells(path: Path) -> dict:
    """grade_id -> source of each answer cell of the notebook at `path`."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in cells
            if c["metadata"].get("nbgrader", {}).get("solution") and c["cell_type"] == "code"}


def solution_lines(notebook: Path) -> set:
    """The code lines (MIN_LINE characters or more, comments cut) between BEGIN and END SOLUTION
    of the notebook's answer cells."""
    lines = set()
    for source in answer_cells(notebook).values():
        for block in re.findall(r"### BEGIN SOLUTION(.*?)### END SOLUTION", source, re.S):
            lines |= {line.split("#")[0].strip() for line in block.splitlines()}
    return {line for line in lines if len(line) >= MIN_LINE}


def assert_no_solution(message: str, lines: Iterable[str], code: Iterable[str]) -> None:
    shown = [line for line in lines if line in message] + [c for c in code if c in message]
    assert not shown, f"the message shows solution code {shown}:\n{message}"


def _day_lines(root: Path, day: str) -> set:
    lines = solution_lines(root / f"source/{day}/{day}.ipynb")
    assert len(lines) >= 8, f"found only {len(lines)} solution lines in {day}"
    return lines


def assert_stub_sees_no_solution(root: Path, day: str, grade_id: str, check,
                                 define: Callable[[str], object], code: Iterable[str]) -> None:
    """The released stub of `grade_id`, made an answer by define(source), fails `check` visible
    and hidden with "not written yet", and neither message shows solution code."""
    stub = answer_cells(root / f"release/{day}/{day}.ipynb")[grade_id]
    lines = _day_lines(root, day)
    for hidden in (False, True):
        message = failure(check, define(stub), hidden=hidden)
        assert "not written yet" in message, message
        assert_no_solution(message, lines, code)


def assert_wrong_sees_no_solution(root: Path, day: str, grade_id: str, check,
                                  define: Callable[[str], object], code: Iterable[str]) -> None:
    """No failure of the answer table's wrong variants of `grade_id`, nor of its answer in
    tests/wrong_answers, shows solution code."""
    lines = _day_lines(root, day)
    _, wrong = answer_table(day)
    typical = wrong_answers(day).get(grade_id)
    sources = [v.source for v in wrong[grade_id]] + ([typical] if typical else [])
    for source in sources:
        assert_no_solution(failure(check, define(source)), lines, code)


def day_tests(day: str, checks: dict, define: Callable[[str, str], object],
              code: Iterable[str] = ()) -> tuple:
    """The two tests above for every answer of `day`, as (stub test, wrong-answers test) to bind
    to test_ names in the day's check-test file; `checks` maps an answer cell's grade_id to
    (check, the name its cell defines), and define(source, name) runs a cell."""
    code = tuple(code)

    @pytest.mark.parametrize("grade_id", sorted(checks))
    def stub_test(repo_root, grade_id):
        check, name = checks[grade_id]
        assert_stub_sees_no_solution(repo_root, day, grade_id, check,
                                     lambda source: define(source, name), code)

    @pytest.mark.parametrize("grade_id", sorted(checks))
    def wrong_test(repo_root, grade_id):
        check, name = checks[grade_id]
        assert_wrong_sees_no_solution(repo_root, day, grade_id, check,
                                      lambda source: define(source, name), code)

    return stub_test, wrong_test
