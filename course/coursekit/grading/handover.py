"""Hidden cases handed to the grading kernel as data, and taken back after it ran.

The grading kernel cannot import the answer key (`coursekit_key`; the sandbox does not show it),
so before the notebook executes, `HandOverHiddenCases` writes the hidden cases of every check the
notebook's trusted test cells call into `coursekit.checks.hidden.HANDOVER_FILE` in its working
folder: labels, hints and inputs, never an expected value. The kernel runs the student's code on
them and records the outputs as evidence; `VerifyEvidence` judges them here with the grader's own
cases, so a kernel that edits the file only spoils its own records. `TakeBackHiddenCases` deletes
the file once the notebook has run, so it is in no autograded folder or feedback.
"""
from __future__ import annotations

import json
import os

from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from ..checks import hidden, standins
from .layout import load_layout


def handed_over_cases(layout) -> dict:
    """{"suite.name": encoded hidden cases} of the key's checks that the layout's cells call,
    and under hidden.STAND_INS {"suite.name": tables} of their stand-ins on those cases."""
    cases, tables = {}, {}
    for test in layout.test_cells.values():
        for call in test.calls or ():
            check = call.check
            if call.hidden and check.hidden_cases is None:
                found = hidden.key(check.suite, check.name)
                if found is not None:
                    cases[f"{check.suite}.{check.name}"] = hidden.encode(found)
                    if check.stand_ins:
                        tables[f"{check.suite}.{check.name}"] = standins.record(check, found)
    return {**cases, hidden.STAND_INS: tables} if tables else cases


class HandOverHiddenCases(NbGraderPreprocessor):
    """Write the notebook's hidden cases, as data, where its kernel will run."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple:
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            layout = load_layout(gb, CourseDirectory(config=self.config), info["assignment"],
                                 info["notebook"])
        path = hidden.handover_file(resources["metadata"]["path"])
        with open(path, "w", encoding="utf-8") as f:
            json.dump(handed_over_cases(layout), f)
        return nb, resources


class TakeBackHiddenCases(NbGraderPreprocessor):
    """Delete the handed-over cases once the notebook has run."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple:
        path = hidden.handover_file(resources["metadata"]["path"])
        if os.path.lexists(path):
            os.remove(path)
        return nb, resources
