"""Fixtures shared by the whole suite.

    repo_root            Path of this checkout's course folder (the one holding nbgrader_config.py)
    tool_env             os.environ with the venv's bin folder first on PATH, for subprocesses that
                         run nbgrader, jupyter or a kernel
    run_nbgrader         run_nbgrader(root, *args) runs the real `nbgrader` in a course folder and
                         fails the test with nbgrader's log if it fails
    course_root_factory  course_root_factory(days=()) -> CourseRoot: a throwaway course folder with
                         nbgrader_config.py and copies of the given days of source/; its release/
                         and autograder/ are its own, so the repo's are never touched
    day                  a test that takes `day` runs once per day folder in source/ (day 14 too,
                         as soon as its folder exists)
    demo_notebook        a small notebook (dict) that follows every course convention, for tests
                         to break one way at a time; CourseRoot.add_day(name, nb) turns it into a day

A CourseRoot has .path, .config (nbgrader's, as nbgrader loads it), .add_day(day[, notebook]),
.nbgrader(*args), .submit(student, day, notebook), .autograded(student, day) (the executed
notebook) and .grades(student, day) (grade_id -> CellGrade, from nbgrader's Gradebook API).
`write_notebook(nb, path)` and `make_demo_notebook()` can be imported from this module.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from unittest import mock

import pytest

from coursekit import cli, notebooks

REPO_ROOT = cli.find_root(Path(__file__).parent)


def pytest_generate_tests(metafunc):
    """Parametrise every test (and fixture) that uses `day` over the day folders in source/,
    at session scope so that a session-scoped fixture can do the expensive work once per day.
    A test that parametrises `day` itself keeps its own values."""
    own = {name.strip() for mark in metafunc.definition.iter_markers("parametrize")
           for name in (mark.args[0].split(",") if isinstance(mark.args[0], str)
                        else mark.args[0])}
    if "day" in metafunc.fixturenames and "day" not in own:
        days = notebooks.course_days(REPO_ROOT / cli.SOURCE)
        metafunc.parametrize("day", [pytest.param(d, marks=pytest.mark.xdist_group(d))
                                     for d in days], ids=str, scope="session")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def tool_env() -> dict:
    return cli.tool_env()


def nbgrader(root: Path, *args: str, check: bool = True, timeout: float = 900):
    """Run `nbgrader <args>` in the course folder `root`; on failure (with `check`) fail the test
    showing the command and the end of nbgrader's log. Returns the CompletedProcess."""
    try:
        return cli.run_nbgrader(list(args), root, check=check, timeout=timeout)
    except cli.NbgraderError as err:
        pytest.fail(f"{err}\n--- end of the log ---\n{_tail(err.output)}", pytrace=False)


def _tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="session")
def run_nbgrader():
    return nbgrader


@dataclass(frozen=True)
class CellGrade:
    """One graded cell of one submission, from the gradebook."""

    score: float
    max_score: float
    autograded: bool  # a test (code) cell; False for a written answer graded by hand


class CourseRoot:
    """A throwaway course folder: nbgrader_config.py, source/<day>/ folders, and the release/ and
    autograder/ that nbgrader makes in it."""

    def __init__(self, path: Path, gradebook: Path = None):
        """`gradebook`: an empty gradebook to start from (nbgrader spends seconds making one)."""
        self.path = path
        shutil.copy2(REPO_ROOT / cli.CONFIG_FILE, path / cli.CONFIG_FILE)
        (path / cli.SOURCE).mkdir()
        if gradebook is not None:
            shutil.copy2(gradebook, self.gradebook_path)

    def add_day(self, day: str, notebook: dict = None) -> Path:
        """Copy source/<day>/ from the repo, or, given `notebook`, write it as <day>/<day>.ipynb."""
        target = self.path / cli.SOURCE / day
        if notebook is None:
            shutil.copytree(REPO_ROOT / cli.SOURCE / day, target,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        else:
            target.mkdir()
            write_notebook(notebook, notebooks.day_notebook(target))
        return target

    def nbgrader(self, *args: str, check: bool = True, timeout: float = 900):
        return nbgrader(self.path, *args, check=check, timeout=timeout)

    @cached_property
    def config(self):
        """The course's nbgrader configuration, as nbgrader itself loads it."""
        from traitlets.config.loader import PyFileConfigLoader

        return PyFileConfigLoader(cli.CONFIG_FILE, path=str(self.path)).load_config()

    @property
    def gradebook_path(self) -> Path:
        return Path(self.config.CourseDirectory.db_url.removeprefix("sqlite:///"))

    def make_gradebook(self) -> Path:
        """Create the (empty) gradebook as nbgrader does; returns its path."""
        from nbgrader.api import Gradebook

        with mock.patch.dict(os.environ, {"PATH": cli.tool_env()["PATH"]}):  # runs `alembic`
            Gradebook(self.config.CourseDirectory.db_url,
                      self.config.CourseDirectory.course_id).close()
        return self.gradebook_path

    def _student_path(self, step: str, student: str, day: str) -> Path:
        return self.path / self.config.CourseDirectory[step] / student / day / f"{day}.ipynb"

    def submit(self, student: str, day: str, notebook: dict) -> Path:
        """Place `notebook` as `student`'s submission of `day`, where `nbgrader autograde` looks."""
        path = self._student_path("submitted_directory", student, day)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_notebook(notebook, path)
        return path

    def autograded(self, student: str, day: str) -> dict:
        """The notebook that `nbgrader autograde` executed for `student` (with its outputs)."""
        return notebooks.load(self._student_path("autograded_directory", student, day))

    def grades(self, student: str, day: str) -> dict:
        """grade_id -> CellGrade of `student`'s graded `day`, read from the gradebook;
        {} if the submission was never graded."""
        from nbgrader.api import Gradebook, MissingEntry

        settings = self.config.CourseDirectory
        with Gradebook(settings.db_url, settings.course_id) as gradebook:
            try:
                submission = gradebook.find_submission_notebook(day, day, student)
            except MissingEntry:
                return {}
            return {g.name: CellGrade(g.score, g.max_score, g.cell.cell_type == "code")
                    for g in submission.grades}


def write_notebook(notebook: dict, path: Path) -> None:
    """Write a notebook dict as JSON (nbformat-compatible; nbgrader reads it with nbformat)."""
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def course_root_factory(tmp_path_factory):
    template = []  # an empty gradebook, made once (nbgrader runs `alembic` to make one)

    def make(days=()) -> CourseRoot:
        if not template:
            template.append(CourseRoot(tmp_path_factory.mktemp("gradebook")).make_gradebook())
        course = CourseRoot(tmp_path_factory.mktemp("course"), gradebook=template[0])
        for day in days:
            course.add_day(day)
        return course
    return make


# --- a demo day ----------------------------------------------------------------------------------

def _cell(cell_type: str, source: str, index: int, **grader) -> dict:
    cell = {"cell_type": cell_type, "id": f"demo-{index}", "metadata": {}, "source": source}
    if grader:
        cell["metadata"]["nbgrader"] = {"grade": False, "solution": False, "locked": False,
                                        "task": False, "schema_version": 3, **grader}
    if cell_type == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


DEMO_CELLS = [
    ("markdown", "# Demo day\nPowers of an array.", {}),
    ("code", "import numpy as np", {}),
    ("code", 'def square(x):\n    """x: any shape -> x**2, same shape."""\n'
             "    ### BEGIN SOLUTION\n    return np.asarray(x) ** 2\n    ### END SOLUTION",
     {"solution": True, "grade_id": "square"}),
    ("code", "assert square(3) == 9\n### BEGIN HIDDEN TESTS\n"
             "assert np.array_equal(square(np.array([-2, 0])), [4, 0])\n### END HIDDEN TESTS",
     {"grade": True, "locked": True, "grade_id": "square_tests", "points": 2}),
    ("code", 'def cube(x):\n    """x: any shape -> x**3, same shape."""\n'
             "    ### BEGIN SOLUTION\n    return np.asarray(x) ** 3\n    ### END SOLUTION",
     {"solution": True, "grade_id": "cube"}),
    ("code", "assert cube(2) == 8", {"grade": True, "locked": True, "grade_id": "cube_tests",
                                     "points": 1}),
    ("code", "### BEGIN HIDDEN TESTS\nassert cube(-1) == -1\n### END HIDDEN TESTS",
     {"grade": True, "locked": True, "grade_id": "cube_hidden_tests", "points": 2}),
    ("markdown", "Why is a square never negative?",
     {"locked": True, "grade_id": "written_square_prompt"}),
    ("markdown", "### BEGIN SOLUTION\nA product of two equal signs is positive.\n"
                 "Rubric: 1 point for the sign argument.\n### END SOLUTION",
     {"grade": True, "solution": True, "grade_id": "written_square", "points": 1}),
]


def make_demo_notebook() -> dict:
    """A fresh copy of the demo day: two exercises (square: 2 points; cube: 1 + 2 points in two
    test cells) and one written answer (1 point)."""
    return {
        "cells": [_cell(kind, source, i, **grader)
                  for i, (kind, source, grader) in enumerate(DEMO_CELLS)],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                    "language": "python"},
                     "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@pytest.fixture
def demo_notebook() -> dict:
    return make_demo_notebook()
