"""A small assignment graded with the real day-3 checks, and the honest answers to it.

DAY has two exercises, `sigmoid` (test cell worth 3 points, visible and hidden cases of
coursekit.checks.activations.sigmoid) and `relu` (2 points), and a written answer (1 point, graded
by hand). Its setup cell imports the reference functions as `ref`, as day 3 does, so that a
submission can reach for them the way a real one could.
"""
from __future__ import annotations

import copy
import hashlib

DAY = "day90_hostile"
AUTOGRADED_POINTS = {"sigmoid_tests": 3.0, "relu_tests": 2.0}
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

SETUP = ("import numpy as np\n\n"
         "from coursekit import functions as ref   # the reference versions, as on day 3\n"
         "from coursekit.checks import activations as check")

SIGMOID_DEF = 'def sigmoid(x):\n    """Logistic sigmoid, elementwise; x: any shape."""\n'
RELU_DEF = 'def relu(x):\n    """max(0, x), elementwise; x: any shape."""\n'

GOOD_SIGMOID = ("x = np.asarray(x, dtype=float)\n"
                "e = np.exp(-np.abs(x))\n"
                "return np.where(x >= 0, 1 / (1 + e), e / (1 + e))")
GOOD_RELU = "return np.maximum(0.0, x)"
OTHER_SIGMOID = ("x = np.asarray(x, dtype=float)\n"
                 "return np.exp(-np.logaddexp(0.0, -x))")
OTHER_RELU = ("x = np.asarray(x, dtype=float)\n"
              "return np.where(x > 0, x, 0.0)")
WRONG_SIGMOID = "return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))  # overflows"


def _indent(body: str) -> str:
    return "".join(f"    {line}\n" for line in body.splitlines())


def answer(definition: str, body: str, solution: bool = True) -> str:
    """An answer cell's source: the signature, then the body inside the solution markers (in the
    source notebook) or as the student wrote it (in a submission)."""
    if solution:
        return definition + "    ### BEGIN SOLUTION\n" + _indent(body) + "    ### END SOLUTION"
    return definition + _indent(body).rstrip("\n")


def cell(kind: str, source: str, grade_id: str = "", **flags) -> dict:
    meta = {}
    if grade_id:
        meta["nbgrader"] = {"grade": False, "solution": False, "locked": False, "task": False,
                            "schema_version": 3, "grade_id": grade_id, **flags}
    result = {"cell_type": kind, "metadata": meta, "source": source,
              "id": grade_id.replace("_", "-") or "c" + hashlib.md5(source.encode()).hexdigest()[:8]}
    if kind == "code":
        result.update(outputs=[], execution_count=None)
    return result


def tests_source(name: str) -> str:
    return (f"check.{name}({name})\n### BEGIN HIDDEN TESTS\n"
            f"check.{name}({name}, hidden=True)\n### END HIDDEN TESTS")


def source_notebook() -> dict:
    """The instructor's notebook of DAY."""
    cells = [
        cell("markdown", "# A small assignment for the hostile-submission tests"),
        cell("code", SETUP, "setup", locked=True),
        cell("code", answer(SIGMOID_DEF, GOOD_SIGMOID), "sigmoid", solution=True),
        cell("code", tests_source("sigmoid"), "sigmoid_tests", grade=True, locked=True,
             points=3),
        cell("code", answer(RELU_DEF, GOOD_RELU), "relu", solution=True),
        cell("code", tests_source("relu"), "relu_tests", grade=True, locked=True, points=2),
        cell("markdown", "Why must an activation function be nonlinear?", "written_prompt",
             locked=True),
        cell("markdown", "### BEGIN SOLUTION\nStacked linear maps collapse into one.\n"
                         "### END SOLUTION", "written_why", grade=True, solution=True, points=1),
    ]
    return {"cells": cells, "metadata": {"kernelspec": dict(KERNELSPEC),
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def submission(sigmoid: str = GOOD_SIGMOID, relu: str = GOOD_RELU) -> dict:
    """A student's notebook: the released notebook with these answer bodies written in."""
    nb = copy.deepcopy(source_notebook())
    for c in nb["cells"]:
        grade_id = c["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id == "sigmoid":
            c["source"] = answer(SIGMOID_DEF, sigmoid, solution=False)
        elif grade_id == "relu":
            c["source"] = answer(RELU_DEF, relu, solution=False)
        elif grade_id == "sigmoid_tests" or grade_id == "relu_tests":
            c["source"] = c["source"].split("### BEGIN HIDDEN TESTS")[0].rstrip("\n")
        elif grade_id == "written_why":
            c["source"] = "A composition of affine maps is affine."
    return nb


def index_of(nb: dict, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb["cells"])
                if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
