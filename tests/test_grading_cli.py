"""The instructor's workflow end to end with the real nbgrader CLI and `coursekit` commands:
release, students fetch and submit through the local exchange, an LMS zip collected too, collect,
grade (sandboxed, in parallel), feedback, export; refusing to grade without a sandbox unless
--unsafe; resuming; an override of an integrity flag; and a grading worker killed mid-grading
losing only its own student, who is graded again."""
from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
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

    # cat's notebook comes in an LMS download instead: <student>_<notebook>.ipynb in a zip
    lms = tmp_path / "lms"
    lms.mkdir()
    write_answers_from_release(course, lms / f"cat_{DAY}.ipynb")
    with zipfile.ZipFile(tmp_path / "download.zip", "w") as archive:
        archive.write(lms / f"cat_{DAY}.ipynb", f"cat_{DAY}.ipynb")
    coursekit(course.path, "collect", DAY, "--zip", str(tmp_path / "download.zip"))

    out = coursekit(course.path, "grade", DAY, "--jobs", "2").stdout
    assert "grading 3 submission(s)" in out and "3/3 graded" in out and "ETA 0:00" in out
    assert re.search(rf"autograde {DAY}:\n  students graded +3\n  failed +0\n  skipped +0\n", out)
    assert "3/3 given feedback" in out and "3/3 exported" in out
    assert autograded_scores(course) == {"ann": 5.0, "bob": 2.0, "cat": 5.0}
    for student in answers:
        assert (course.path / "autograder" / "feedback" / student / DAY / f"{DAY}.html").exists()
    with open(course.path / "autograder" / f"grades_{DAY}.csv", newline="") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    assert float(rows["ann"]["raw_score"]) == 5.0 and float(rows["bob"]["raw_score"]) == 2.0
    report = (course.path / "autograder" / "reports" / f"{DAY}_integrity.md").read_text()
    assert "Nothing flagged" in report

    again = coursekit(course.path, "grade", DAY, "--no-feedback").stdout
    assert "3 student(s) already graded and unchanged" in again and "grading" not in again

    alone = coursekit(course.path, "feedback", DAY).stdout
    assert re.search(rf"feedback {DAY}:\n  students given feedback +3\n  failed +0\n", alone)
    exported = coursekit(course.path, "export", DAY).stdout
    assert re.search(rf"export {DAY}:\n  students exported +3\n", exported)


@needs_sandbox
def test_the_instructor_can_allow_a_flagged_exercise(course_root_factory):
    course = make_course(course_root_factory)
    folder = course.path / "autograder" / "submitted" / "dan" / DAY
    folder.mkdir(parents=True)
    write_answers_from_release(course, folder / f"{DAY}.ipynb")
    write_answers(folder / f"{DAY}.ipynb", "return ref.sigmoid(x)", GOOD_RELU)
    out = coursekit(course.path, "grade", DAY, "--no-feedback").stdout
    assert autograded_scores(course) == {"dan": 0.0} and "see integrity report" in out
    (course.path / "autograder" / "integrity_overrides.csv").write_text(
        "student,assignment,exercise,decision,note\n"
        f"dan,{DAY},sigmoid,allow,explained in office hours\n")
    coursekit(course.path, "grade", DAY, "--no-feedback", "--force", "--student", "dan")
    assert autograded_scores(course) == {"dan": 3.0}  # sigmoid allowed; relu_tests still zeroed
    with open(course.path / "autograder" / "reports" / f"{DAY}_integrity.csv", newline="") as f:
        rows = {(r["exercise"], r["status"]) for r in csv.DictReader(f)}
    assert rows == {("sigmoid_tests", "allowed"), ("relu_tests", "zeroed")}


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
    start = parallel.command_workers([sys.executable, str(script)])
    outcomes = parallel.grade_students(["a", "crash1", "b", "c", "crash2", "d"], 2, start,
                                       on_outcome=seen.append)
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


def _workers_of(parent: int) -> list:
    """The pids of the children of process `parent` (`coursekit grade`: its grading workers),
    oldest first."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent:
            found.append(int(proc.name))
    return sorted(found)


@needs_sandbox
def test_killing_a_worker_mid_grading_loses_only_its_student(course_root_factory):
    course = make_course(course_root_factory)
    for student in ("a_slow", "b", "c"):
        folder = course.path / "autograder" / "submitted" / student / DAY
        folder.mkdir(parents=True)
        write_answers_from_release(course, folder / f"{DAY}.ipynb")
    slow = course.path / "autograder" / "submitted" / "a_slow" / DAY / f"{DAY}.ipynb"
    nb = json.loads(slow.read_text())
    nb["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                        "source": "import time\ntime.sleep(15)"})
    slow.write_text(json.dumps(nb))
    run = subprocess.Popen([COURSEKIT, "--root", str(course.path), "grade", DAY, "--jobs", "2",
                            "--no-feedback"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, env=cli.tool_env())
    deadline = time.monotonic() + 120
    while len(_workers_of(run.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(6)  # the first worker is grading a_slow (sorted first), well before it ends
    os.kill(_workers_of(run.pid)[0], signal.SIGKILL)
    out, _ = run.communicate(timeout=600)
    assert run.returncode == 0, out
    assert out.count("a_slow: ok") == 1 and out.count("b: ok") == 1 and out.count("c: ok") == 1
    assert autograded_scores(course) == {"a_slow": 5.0, "b": 5.0, "c": 5.0}
