"""Feedback HTML shows no hidden test and no solution line (nbgrader issue #1363, fixed for this
course by coursekit.grading.feedback.RedactFeedback): through plain `nbgrader generate_feedback`
from the course root and through `coursekit feedback`, for a class graded by the real nbgrader."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from coursekit import cli, notebooks
from coursekit.grading.feedback import HIDDEN_NOTE, RedactFeedback
from nbformat import from_dict

from test_grading_cli import coursekit
from test_pipeline import with_answer

DAY = "day03_activations"
WRONG_SIGMOID = "def sigmoid(x):\n    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))\n"


def region_lines(nb: dict, marks: tuple) -> set:
    """The code lines inside every `marks` region of the notebook (delimiters excluded)."""
    lines = set()
    for cell in nb["cells"]:
        inside = False
        for line in notebooks.source_of(cell).splitlines():
            if marks[0] in line:
                inside = True
            elif marks[1] in line:
                inside = False
            elif inside and line.strip():
                lines.add(line.strip())
    return lines


def page_text(path: Path) -> str:
    """What a reader of the HTML sees: tags dropped, entities decoded (highlighted code reads
    as the code it is)."""
    text = re.sub(r"<style.*?</style>|<script.*?</script>", "", path.read_text(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.fixture(scope="module")
def graded_class(course_root_factory):
    """A day-3 class graded by nbgrader: the release unchanged, and one wrong sigmoid."""
    course = course_root_factory([DAY])
    cli.release_day(course.path, DAY)
    release = notebooks.load(notebooks.day_notebook(course.path / cli.RELEASE / DAY))
    source = notebooks.load(notebooks.day_notebook(course.path / cli.SOURCE / DAY))
    course.submit("untouched", DAY, release)
    course.submit("slipped", DAY, with_answer(source, "sigmoid", WRONG_SIGMOID))
    course.nbgrader("autograde", DAY, "--force")
    return course, source, release


def feedback_pages(course) -> dict:
    folder = course.path / course.config.CourseDirectory.feedback_directory
    return {student: page_text(folder / student / DAY / f"{DAY}.html")
            for student in ("untouched", "slipped")}


def secret_lines(source: dict, release: dict) -> set:
    """Hidden test lines and solution lines that the released notebook does not show anyway
    (its text gives tips such as `x = np.asarray(x, dtype=float)`)."""
    shown = "\n".join(notebooks.source_of(cell) for cell in release["cells"])
    secrets = region_lines(source, notebooks.HIDDEN_TEST_MARKS) | region_lines(
        source, notebooks.SOLUTION_MARKS)
    return {line for line in secrets if len(line) > 3 and line not in shown}


@pytest.mark.parametrize("command", ["nbgrader", "coursekit"])
def test_feedback_shows_no_hidden_test_and_no_solution(graded_class, command):
    course, source, release = graded_class
    if command == "nbgrader":
        course.nbgrader("generate_feedback", DAY, "--force")
    else:
        coursekit(course.path, "feedback", DAY)
    secrets = secret_lines(source, release)
    assert "check.sigmoid(sigmoid, hidden=True)" in secrets  # what the test must not find
    for student, text in feedback_pages(course).items():
        leaked = sorted(line for line in secrets if line in text)
        assert not leaked, f"{command}: the feedback of {student} shows {leaked[:5]}"
        assert HIDDEN_NOTE in text
    slipped = feedback_pages(course)["slipped"]
    assert "sigmoid(-1000.0) emitted a warning" in slipped  # the verdict itself stays
    assert "Traceback" not in slipped


def cell(cell_type, source, grade, outputs=()):
    meta = {"nbgrader": {"grade": grade, "grade_id": "c", "solution": False, "points": 1,
                         "locked": True, "schema_version": 3}}
    data = {"cell_type": cell_type, "source": source, "metadata": meta}
    if cell_type == "code":
        data.update(outputs=list(outputs), execution_count=None)
    return from_dict(data)


def test_redact_feedback_keeps_the_message_and_drops_the_traceback():
    error = {"output_type": "error", "ename": "CheckFailure", "evalue": "sigmoid: wrong",
             "traceback": ["----> 3 check.sigmoid(sigmoid, hidden=True)", "CheckFailure"]}
    test = cell("code", "check.sigmoid(sigmoid)\n### BEGIN HIDDEN TESTS\ncheck.sigmoid(sigmoid, "
                "hidden=True)\n### END HIDDEN TESTS\nprint('done')", True, [error])
    redacted, _ = RedactFeedback().preprocess_cell(test, {}, 0)
    assert redacted.source == f"check.sigmoid(sigmoid)\n# {HIDDEN_NOTE}\nprint('done')"
    assert redacted.outputs[0].traceback == ["CheckFailure: sigmoid: wrong"]
    assert redacted.outputs[0].evalue == "sigmoid: wrong"


def test_redact_feedback_leaves_ungraded_tracebacks_and_notes_markdown_as_text():
    error = {"output_type": "error", "ename": "NameError", "evalue": "x",
             "traceback": ["----> 1 x"]}
    answer = cell("code", "x", False, [error])
    assert RedactFeedback().preprocess_cell(answer, {}, 0)[0].outputs[0].traceback == ["----> 1 x"]
    written = cell("markdown", "Mine.\n### BEGIN SOLUTION\nThe model answer.\n### END SOLUTION",
                   True)
    assert RedactFeedback().preprocess_cell(written, {}, 0)[0].source == \
        "Mine.\n*(the model solution is not part of the feedback)*"

