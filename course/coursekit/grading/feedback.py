"""What the feedback HTML a student receives may show.

`nbgrader generate_feedback` renders the autograded notebook, whose test cells hold the
instructor's full source again, hidden tests included (nbgrader issue #1363), and whose error
outputs carry tracebacks that quote those lines. `RedactFeedback`, one of GenerateFeedback's
preprocessors (nbgrader_config.py), makes the feedback safe to hand out:

- every hidden-test region (### BEGIN HIDDEN TESTS ... ### END HIDDEN TESTS) is replaced by one
  comment line, and so is any solution region (### BEGIN SOLUTION ... ### END SOLUTION) left in a
  cell, whatever its type;
- an error output of a graded cell keeps only its name and message (the checks write messages
  that describe hidden cases without their inputs); the traceback, which quotes the cell's code,
  goes.

The scores, the grader's verdicts and the student's own code stay as they are.
"""
from __future__ import annotations

from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

from ..notebooks import HIDDEN_TEST_MARKS, SOLUTION_MARKS, redact_regions

HIDDEN_NOTE = "(hidden tests ran here: their inputs stay with the grader; the results are below)"
SOLUTION_NOTE = "(the model solution is not part of the feedback)"
COMMENT = {"code": "# {}", "markdown": "*{}*"}  # how a note reads in each kind of cell


class RedactFeedback(NbGraderPreprocessor):
    """Remove hidden tests, solution regions and graded cells' tracebacks from the feedback."""

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int) -> tuple:
        comment = COMMENT.get(cell.cell_type, "{}")
        source = redact_regions(cell.get("source", ""), *HIDDEN_TEST_MARKS,
                                comment.format(HIDDEN_NOTE))
        cell.source = redact_regions(source, *SOLUTION_MARKS, comment.format(SOLUTION_NOTE))
        if utils.is_grade(cell):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output.traceback = [f"{output.get('ename', 'Error')}: "
                                        f"{output.get('evalue', '')}"]
        return cell, resources

