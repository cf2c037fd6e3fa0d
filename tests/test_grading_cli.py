"""The instructor's workflow end to end with the real nbgrader CLI and `coursekit` commands:
release, students fetch and submit through the local exchange, collect, grade (sandboxed, in
parallel), feedback, export; refusing to grade without a sandbox unless --unsafe; resuming; and
a grading worker that dies losing only its own student."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coursekit import cli
from coursekit.grading import parallel
from coursekit.grading.sandbox import Sandbox
from hostile.notebook import DAY, GOOD_RELU, GOOD_SIGMOID, RELU_DEF, SIGMOID_DEF, WRONG_SIGMOID, answer
from test_grading_hostile import COURSEKIT, make_course

needs_sandbox = pytest.mark.skipif(Sandbox().problem() is not None,
                                   reason=f"cannot sandbox here: {Sandbox().problem()}")


def coursekit(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([COURSEKIT, "--root", str(root), *args],
                            capture_output=True, text=True, env=cli.tool_env(), timeout=900)
    if check and result.returncode != 0:
        pytest.fail(f"coursekit {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def nbgrader_as_student(home: Path, *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=home,
                            capture_output=True, text=True, env=cli.tool_env(), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def write_answers(path: Path, sigmoid: str, relu: str) -> None:
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id == "sigmoid":
            cell["source"] = answer(SIGMOID_DEF, sigmoid, solution=False)
        elif grade_id == "relu":
            cell["source"] = answer(RELU_DEF, relu, solution=False)
    path.write_text(json.dumps(nb))


def autograded_scores(course) -> dict:
    from nbgrader.api import Gradebook

    settings = course.config.CourseDirectory
    with Gradebook(settings.db_url, settings.course_id) as gb:
        return {s.student_id: sum(g.score for nb in s.notebooks for g in nb.grades
                                  if g.cell.cell_type == "code")
                for s in gb.assignment_submissions(DAY)}


@needs_sandbox
def test_release_fetch_submit_collect_grade_feedback_export(course_root_factory, tmp_path):
    course = make_course(course_root_factory)
    exchange = course.path / "autograder" / "exchange"
    course.nbgrader("release_assignment", DAY, "--force")
    answers = {"ann": (GOOD_SIGMOID, GOOD_RELU), "bob": (WRONG_SIGMOID, GOOD_RELU)}
    for student, (sigmoid, relu) in answers.items():
        home = tmp_path / student
        home.mkdir()
        (home / "nbgrader_config.py").write_text(textwrap.dedent(f"""\
            c = get_config()
            c.Exchange.root = {str(exchange)!r}
            c.CourseDirectory.course_id = "dlfs"
        """))
        nbgrader_as_student(home, "fetch_assignment", DAY, "--course", "dlfs")
        write_answers(home / DAY / f"{DAY}.ipynb", sigmoid, relu)
        nbgrader_as_student(home, "submit", DAY, "--course", "dlfs", "--student", student)

    out = coursekit(course.path, "grade", DAY, "--jobs", "2").stdout
    assert "grading 2 submission(s)" in out and "2/2 graded" in out
    assert autograded_scores(course) == {"ann": 5.0, "bob": 2.0}
    for student in answers:
        assert (course.path / "autograder" / "feedback" / student / DAY / f"{DAY}.html").exists()
    with open(course.path / "autograder" / f"grades_{DAY}.csv", newline="") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    assert float(rows["ann"]["raw_score"]) == 5.0 and float(rows["bob"]["raw_score"]) == 2.0
    report = (course.path / "autograder" / "reports" / f"{DAY}_integrity.md").read_text()
    assert "Nothing flagged" in report

    again = coursekit(course.path, "grade", DAY, "--no-feedback").stdout
    assert "2 student(s) already graded and unchanged" in again and "grading" not in again


@needs_sandbox
def test_grading_refuses_to_run_unsandboxed_unless_told(course_root_factory):
    course = make_course(course_root_factory)
    with open(course.path / cli.CONFIG_FILE, "a") as f:
        f.write("c.Sandbox.bwrap = '/nonexistent/bwrap'\n")
    folder = course.path / "autograder" / "submitted" / "ann" / DAY
    folder.mkdir(parents=True)
    write_answers_from_release(course, folder / f"{DAY}.ipynb")

    refused = coursekit(course.path, "grade", DAY, "--no-feedback", check=False)
    assert refused.returncode == 2 and "cannot sandbox grading kernels" in refused.stderr, \
        refused.stdout + refused.stderr
    plain = course.nbgrader("autograde", DAY, check=False)
    assert plain.returncode != 0 and "cannot sandbox grading kernels" in plain.stdout
    assert autograded_scores(course).get("ann") in (None, 0)

    allowed = coursekit(course.path, "grade", DAY, "--no-feedback", "--unsafe").stdout
    assert "WITHOUT the sandbox" in allowed
    assert autograded_scores(course) == {"ann": 5.0}


def write_answers_from_release(course, target: Path) -> None:
    target.write_bytes((course.path / "release" / DAY / f"{DAY}.ipynb").read_bytes())
    write_answers(target, GOOD_SIGMOID, GOOD_RELU)


FAKE_WORKER = """
import json, os, sys
for line in sys.stdin:
    student = json.loads(line)["student"]
    if student.startswith("crash"):
        os._exit(9)
    print(json.dumps({"student": student, "ok": True}), flush=True)
"""


def test_a_dying_worker_loses_only_its_student(tmp_path):
    script = tmp_path / "worker.py"
    script.write_text(FAKE_WORKER)
    seen = []
    outcomes = parallel.grade_students(["a", "crash1", "b", "c", "crash2", "d"], 2,
                                       [sys.executable, str(script)], on_outcome=seen.append)
    by_student = {o.student: o for o in outcomes}
    assert [o.student for o in outcomes] == ["a", "crash1", "b", "c", "crash2", "d"]
    assert all(by_student[s].ok for s in "abcd")
    assert not by_student["crash1"].ok and "worker died (exit status 9)" in by_student["crash1"].error
    assert sorted(o.student for o in seen) == sorted(by_student)


def test_the_journal_resumes_only_unfinished_or_changed_students(tmp_path):
    submission = tmp_path / "submitted" / "ann"
    submission.mkdir(parents=True)
    (submission / "nb.ipynb").write_text("{}")
    journal = parallel.Journal(tmp_path / "runs")
    before = parallel.fingerprint(submission)
    assert not journal.is_done("ann", before)
    journal.mark_done("ann", before)
    assert journal.is_done("ann", parallel.fingerprint(submission))
    (submission / "nb.ipynb").write_text('{"changed": 1}')
    assert not journal.is_done("ann", parallel.fingerprint(submission))
