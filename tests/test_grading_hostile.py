"""Hostile submissions graded through the real pipeline, among honest ones.

One course folder, one `coursekit grade --jobs 2` run (nbgrader's Autograde converter with the
course's nbgrader_config.py: sandboxed kernels, verdicts from evidence, integrity flags) over
every case of tests/hostile/cases.py. Each case must get its score and its integrity-report lines;
the honest students must score exactly what a separate, serial `nbgrader autograde` of them alone
gives; and nothing of the instructor's (source/, the gradebook's cells, other submissions) may
change. Time limits are tightened for the run (10 s per cell) so that the slow cases stay short.
"""
from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from coursekit import cli
from coursekit.grading.sandbox import Sandbox
from hostile.cases import CASES, HONEST, LEAK, VANDAL_TARGETS
from hostile.notebook import AUTOGRADED_POINTS, DAY, source_notebook

pytestmark = pytest.mark.skipif(Sandbox().problem() is not None,
                                reason=f"cannot sandbox here: {Sandbox().problem()}")

# The console script: `python -m coursekit.cli` would load coursekit.cli twice.
COURSEKIT = str(Path(sys.executable).parent / "coursekit")

TEST_LIMITS = """
# tightened for the hostile-submission tests
c.Execute.timeout = 10
c.Sandbox.cpu_seconds_per_cell = 10
c.Sandbox.memory_mb = 2048
c.Sandbox.wall_seconds_per_notebook = 120
"""


@dataclass
class Run:
    course: object
    log: str
    returncode: int
    seconds: float
    rows: list
    before: dict


def make_course(course_root_factory):
    course = course_root_factory()
    with open(course.path / cli.CONFIG_FILE, "a") as f:
        f.write(TEST_LIMITS)
    course.add_day(DAY, source_notebook())
    course.nbgrader("generate_assignment", DAY, "--force")
    return course


def submit(course, case) -> None:
    folder = course.path / "autograder" / "submitted" / case.student / DAY
    folder.mkdir(parents=True, exist_ok=True)
    content = case.build(course.path)
    data = content if isinstance(content, bytes) else json.dumps(content, indent=1).encode()
    (folder / case.filename).write_bytes(data)


def tree_digest(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def grade_cells(course) -> list:
    from nbgrader.api import Gradebook

    settings = course.config.CourseDirectory
    with Gradebook(settings.db_url, settings.course_id) as gb:
        nb = gb.find_notebook(DAY, DAY)
        return sorted((c.name, c.max_score, c.cell_type) for c in nb.grade_cells)


def autograded_score(grades: dict) -> float:
    return sum(g.score for name, g in grades.items() if name in AUTOGRADED_POINTS)


@pytest.fixture(scope="module")
def hostile_run(course_root_factory) -> Run:
    course = make_course(course_root_factory)
    for case in CASES:
        submit(course, case)
    before = {"source": tree_digest(course.path / "source"),
              "honest_a": tree_digest(course.path / "autograder" / "submitted" / "honest_a"),
              "cells": grade_cells(course)}
    started = time.monotonic()
    result = subprocess.run([COURSEKIT, "--root", str(course.path),
                             "grade", DAY, "--jobs", "2", "--no-feedback"],
                            capture_output=True, text=True, timeout=1200, env=cli.tool_env())
    seconds = time.monotonic() - started
    print(f"\nhostile suite: {len(CASES)} submissions graded in {seconds:.0f} s (--jobs 2)")
    report = course.path / "autograder" / "reports" / f"{DAY}_integrity.csv"
    with open(report, newline="") as f:
        rows = list(csv.DictReader(f))
    events = course.path / "autograder" / "reports" / DAY
    for path in events.glob("*/_submission.json"):
        rows += [{"student": path.parent.name, "exercise": "*", "status": e["event"]}
                 for e in json.loads(path.read_text())]
    return Run(course, result.stdout + result.stderr, result.returncode, seconds, rows, before)


@pytest.fixture(scope="module")
def honest_baseline(course_root_factory) -> dict:
    """The honest students graded alone, by plain serial `nbgrader autograde`."""
    course = make_course(course_root_factory)
    for case in CASES:
        if case.student in HONEST:
            submit(course, case)
    course.nbgrader("autograde", DAY)
    return {student: course.grades(student, DAY) for student in HONEST}


def test_every_submission_is_graded(hostile_run):
    assert hostile_run.returncode == 0, hostile_run.log[-4000:]
    ungraded = [c.student for c in CASES if not hostile_run.course.grades(c.student, DAY)]
    assert not ungraded, hostile_run.log[-4000:]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.student)
def test_score(hostile_run, case):
    grades = hostile_run.course.grades(case.student, DAY)
    assert grades, f"{case.student} ({case.what}) is not in the gradebook:\n{hostile_run.log[-3000:]}"
    got = {name: grades[name].score for name in AUTOGRADED_POINTS}
    assert autograded_score(grades) == case.score, f"{case.student} ({case.what}): {got}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.student)
def test_report_lines(hostile_run, case):
    lines = {(r["exercise"], r["status"]) for r in hostile_run.rows if r["student"] == case.student}
    assert lines == case.report, f"{case.student} ({case.what})"


def test_honest_students_score_as_when_graded_alone(hostile_run, honest_baseline):
    for student in HONEST:
        alone = {k: g.score for k, g in honest_baseline[student].items()}
        among = {k: g.score for k, g in hostile_run.course.grades(student, DAY).items()}
        assert among == alone and autograded_score(honest_baseline[student]) == 5, student


def test_the_instructors_files_are_untouched(hostile_run):
    root = hostile_run.course.path
    assert tree_digest(root / "source") == hostile_run.before["source"]
    assert tree_digest(root / "autograder" / "submitted" / "honest_a") == hostile_run.before["honest_a"]
    assert grade_cells(hostile_run.course) == hostile_run.before["cells"]
    for target in VANDAL_TARGETS:
        path = root / target.format(day=DAY)
        assert not path.exists() or b"vandalised" not in path.read_bytes(), path
    assert not (root / "autograder" / "autograded" / "vandal_up.txt").exists()


def _outputs(run: Run, student: str) -> str:
    nb = run.course.autograded(student, DAY)
    return json.dumps([c.get("outputs", []) for c in nb["cells"]])


def test_nothing_leaks_out_of_the_sandbox(hostile_run):
    for student in ("snoop", "network"):
        text = _outputs(hostile_run, student)
        assert LEAK not in text.replace(f"print({LEAK!r}", ""), student
        assert "blocked" in text or "no network" in text


@pytest.mark.parametrize("student", ["big_output", "display_flood"])
def test_output_is_capped(hostile_run, student):
    path = hostile_run.course.path / "autograder" / "autograded" / student / DAY / f"{DAY}.ipynb"
    assert path.stat().st_size < 5 * 2**20
    if student == "big_output":
        assert "exceeded the output limit" in _outputs(hostile_run, student)
    else:  # the updates were dropped; the display keeps its first, small content
        assert "small" in _outputs(hostile_run, student)


def test_a_dead_kernel_is_reported_and_later_cells_not_run(hostile_run):
    nb = hostile_run.course.autograded("os_exit", DAY)
    errors = {c["metadata"].get("nbgrader", {}).get("grade_id"): o["ename"]
              for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"}
    assert errors.get("relu") == "KernelDied" and errors.get("relu_tests") == "NotRun"


def test_flagged_cells_tell_the_student_why(hostile_run):
    nb = hostile_run.course.autograded("reference_used", DAY)
    messages = [o.get("evalue", "") for c in nb["cells"] for o in c.get("outputs", [])
                if o.get("ename") == "IntegrityFlag"]
    assert len(messages) == 2 and "uses `ref` (coursekit.functions)" in messages[0]
