"""nbgrader configuration for the course, read by every `nbgrader` command run from this folder.

Source notebooks live in `source/`, student versions in `release/`; everything a grading run
creates (submissions, autograded copies, feedback, the gradebook, the exchange) lives under
`autograder/`, which git ignores.
"""
import os

c = get_config()  # noqa: F821 (provided by nbgrader's config loader)

ROOT = os.path.dirname(os.path.abspath(__file__))
GRADING = os.path.join(ROOT, "autograder")
# sqlite cannot create the gradebook's folder; a fresh course copy may not have it yet.
os.makedirs(GRADING, exist_ok=True)

c.CourseDirectory.course_id = "dlfs"
c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "autograder/submitted"
c.CourseDirectory.autograded_directory = "autograder/autograded"
c.CourseDirectory.feedback_directory = "autograder/feedback"
c.CourseDirectory.solution_directory = "autograder/solution"
# The gradebook: SQLite in autograder/ unless COURSEKIT_DB_URL names another database, e.g.
# postgresql://grader@dbhost/dlfs (autograder/README.md, "A PostgreSQL gradebook").
c.CourseDirectory.db_url = (os.environ.get("COURSEKIT_DB_URL")
                            or "sqlite:///" + os.path.join(GRADING, "gradebook.db"))
c.Exchange.root = os.path.join(GRADING, "exchange")

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.Execute.timeout = 60

# --- the hardened autograder (coursekit.grading; autograder/README.md explains it) --------------
# Students' notebooks are untrusted code. `nbgrader autograde` therefore runs each one in a
# sandboxed kernel (no network, its own files only, memory/CPU/process/output limits), decides
# every check-based test cell from the evidence it recorded, in this process rather than in the
# student's kernel, and flags answers that reach for the reference code or the grader.
from nbconvert.preprocessors import (  # noqa: E402
    ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor)
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties, CheckCellMetadata, GetGrades, IgnorePattern, LimitOutput, SaveAutoGrades)

from coursekit.grading.execute import SandboxedExecute  # noqa: E402
from coursekit.grading.feedback import RedactFeedback  # noqa: E402
from coursekit.grading.handover import HandOverHiddenCases, TakeBackHiddenCases  # noqa: E402
from coursekit.grading.integrity import IntegrityCheck  # noqa: E402
from coursekit.grading.reader import TolerantNotebookExporter  # noqa: E402
from coursekit.grading.verify import VerifyEvidence  # noqa: E402

c.Autograde.exporter_class = TolerantNotebookExporter  # unreadable files score zero, not crash
c.OverwriteCells.add_missing_cells = True  # a deleted test cell is put back and graded
# The kernel gets the hidden cases as data (it cannot import the answer key) and returns outputs.
c.Autograde.autograde_preprocessors = [
    HandOverHiddenCases, SandboxedExecute, TakeBackHiddenCases, IgnorePattern,
    ClearMetadataPreprocessor, LimitOutput, VerifyEvidence, IntegrityCheck, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
]
# Feedback shows no hidden test and no solution line, and no traceback quoting them (nbgrader
# issue #1363): the same for `nbgrader generate_feedback` and `coursekit feedback`.
c.GenerateFeedback.preprocessors = [GetGrades, RedactFeedback, CSSHTMLHeaderPreprocessor]
c.Sandbox.memory_mb = 2048
c.Sandbox.cpu_seconds_per_cell = 60
c.Sandbox.cpu_seconds_per_notebook = 300
c.Sandbox.wall_seconds_per_notebook = 600
c.Sandbox.max_processes = 64
