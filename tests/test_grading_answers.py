"""`coursekit answers DAY`: the day's worked answers reach students only after its due date in the
gradebook, as a plain notebook whose visible tests pass in a real kernel and which holds no hidden
test."""
from __future__ import annotations

import datetime

import nbclient
import nbformat
import pytest

from coursekit import notebooks
from coursekit.course import CourseError
from coursekit.grading.answers import ANSWERS, release_answers

from test_grading_cli import coursekit

DAY = "day03_activations"
DUE = datetime.datetime(2026, 12, 1, 17, 0)


@pytest.fixture(scope="module")
def course(course_root_factory):
    course = course_root_factory([DAY])
    course.nbgrader("db", "assignment", "add", DAY, "--duedate", "2026-12-01 17:00:00 UTC")
    return course


def test_answers_wait_for_the_due_date(course):
    with pytest.raises(CourseError, match="due 2026-12-01 17:00 UTC"):
        release_answers(course.path, DAY, now=DUE - datetime.timedelta(minutes=1))
    assert not (course.path / ANSWERS).exists()


def test_a_day_without_a_due_date_needs_force(course_root_factory):
    course = course_root_factory(["day01_perceptron"])
    refused = coursekit(course.path, "answers", "day01", check=False)
    assert refused.returncode == 2 and "has no due date" in refused.stderr
    coursekit(course.path, "answers", "day01", "--force")
    assert notebooks.day_notebook(course.path / ANSWERS / "day01_perceptron").is_file()


def test_released_answers_run_and_keep_no_hidden_test(course):
    path = release_answers(course.path, DAY, now=DUE + datetime.timedelta(seconds=1))
    assert path == notebooks.day_notebook(course.path / ANSWERS / DAY)
    source = notebooks.load(notebooks.day_notebook(course.path / "source" / DAY))
    text = path.read_text()
    assert "hidden=True" not in text and "BEGIN" not in text
    assert "shifted = x - np.max(x, axis=-1, keepdims=True)" in text  # softmax's solution
    nb = nbformat.read(str(path), as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    printed = "\n".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                        if o.get("output_type") == "stream")
    for answer in notebooks.tests_by_answer(source):
        assert f"{answer}: all" in printed and "visible tests passed" in printed, answer
