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
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(GRADING, "gradebook.db")
c.Exchange.root = os.path.join(GRADING, "exchange")

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.Execute.timeout = 60
