"""TolerantNotebookExporter: every submission file becomes a notebook nbgrader can grade.

nbgrader reads a submission with nbformat and validates its nbgrader metadata. A file that is not
JSON, not UTF-8, empty, huge, or carries metadata of another schema version would stop that
student's grading with a traceback (and an outdated schema stops the whole run). This exporter
reads the file itself and, when it cannot be used, substitutes the assignment as released (every
answer empty), so the student is graded, scores zero, and the reason is recorded in the
notebook's metadata (`coursekit.submission_problem`) and shown at the top of their feedback.
Cells whose nbgrader metadata is invalid are upgraded when possible and otherwise lose it
(nbgrader then restores any test cell that went missing).
"""
from __future__ import annotations

import datetime
import json
import os
from typing import Any, Optional

import nbformat
from nbconvert.exporters import NotebookExporter
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.nbgraderformat import MetadataValidator
from traitlets import Integer

PROBLEM_KEY = "submission_problem"


class UnreadableSubmission(ValueError):
    """A submission file that cannot be graded as it is; the message says why."""


class TolerantNotebookExporter(NotebookExporter):
    """A NotebookExporter whose `from_filename` never fails on a student's file."""

    max_bytes = Integer(100 * 2**20, help="Largest submission file read, in bytes.").tag(config=True)

    def from_filename(self, filename: str, resources: Optional[dict] = None, **kw: Any) -> tuple:
        resources = resources if resources is not None else {}
        metadata = resources.setdefault("metadata", {})
        metadata["path"], basename = os.path.split(filename)
        metadata["name"] = os.path.splitext(basename)[0]
        metadata["modified_date"] = _modified(filename)
        try:
            nb = read_submission(filename, self.max_bytes)
            if os.environ.get("NBGRADER_EXECUTION") != "autograde":  # set while nbgrader's second
                # pass reads back its own sanitised copy, which needs no repair
                repair_metadata(nb, set(_stored_sources(resources.get("nbgrader", {}))))
        except UnreadableSubmission as exc:
            self.log.warning("Unreadable submission %s: %s", filename, exc)
            nb = self._released_version(resources, str(exc))
        return self.from_notebook_node(nb, resources=resources, **kw)

    def _released_version(self, resources: dict, problem: str) -> NotebookNode:
        """The assignment as released: the nbgrader cells of the source notebook, each with the
        source the gradebook stored for it (answers as their empty stubs), after a note."""
        info = resources.get("nbgrader", {})
        cells = [from_dict({"cell_type": "markdown", "metadata": {}, "id": "submission-problem",
                            "source": f"**Your submission could not be graded as it was:** "
                                      f"{problem}. Every exercise scores zero."})]
        source = _source_notebook(CourseDirectory(config=self.config), info)
        stored = _stored_sources(info)
        for cell in source.cells if source is not None else ():
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in stored:
                cell.source = stored[grade_id]
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
                cells.append(cell)
        nb = nbformat.v4.new_notebook(cells=cells)
        if source is not None:
            nb.metadata = source.metadata
        nb.metadata.setdefault("coursekit", {})[PROBLEM_KEY] = problem
        return nb


def read_submission(filename: str, max_bytes: int) -> NotebookNode:
    """The notebook in `filename` as nbformat 4; UnreadableSubmission if there is none."""
    try:
        size = os.path.getsize(filename)
        if size == 0:
            raise UnreadableSubmission("the file is empty")
        if size > max_bytes:
            raise UnreadableSubmission(f"the file is {size / 2**20:.0f} MB, more than the "
                                       f"{max_bytes / 2**20:.0f} MB limit")
        with open(filename, "rb") as f:
            text = f.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableSubmission(f"the file is not UTF-8 text ({exc.reason} at byte "
                                   f"{exc.start})") from None
    except OSError as exc:
        raise UnreadableSubmission(f"the file cannot be read ({exc.strerror})") from None
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises JSON, validation and conversion errors alike
        raise UnreadableSubmission(f"the file is not a notebook ({_short(exc)})") from None
    if not isinstance(nb.get("cells"), list) or not all(_is_cell(c) for c in nb.cells):
        raise UnreadableSubmission("the notebook's cells are malformed")
    return nb


def repair_metadata(nb: NotebookNode, known_ids: set) -> None:
    """Upgrade or drop nbgrader metadata that nbgrader's validator would reject or that names a
    cell the assignment does not have (`known_ids`; nbgrader would drop only the id and then
    reject the cell), and drop it from all but the last of cells sharing a grade_id (nbgrader's
    DeduplicateIds keeps the last one too, but leaves an empty nbgrader dict that its own
    OverwriteCells then trips over)."""
    validator = MetadataValidator()
    seen = set()
    for cell in reversed(nb.cells):
        if "nbgrader" not in cell.metadata:
            continue
        try:
            validator.upgrade_cell_metadata(cell)
            validator.validate_cell(cell)
            grade_id = cell.metadata["nbgrader"]["grade_id"]
        except Exception:  # any invalid metadata: the cell becomes an ordinary cell
            cell.metadata.pop("nbgrader", None)
            continue
        if grade_id in seen or (known_ids and grade_id not in known_ids):
            cell.metadata.pop("nbgrader")
        seen.add(grade_id)


def _is_cell(cell: Any) -> bool:
    return (isinstance(cell, dict) and cell.get("cell_type") in ("code", "markdown", "raw")
            and isinstance(cell.get("source"), str) and isinstance(cell.get("metadata"), dict))


def _short(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _modified(filename: str) -> str:
    try:
        stamp = os.path.getmtime(filename)
    except OSError:
        return ""
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.timezone.utc).strftime("%B %-d, %Y")


def _source_notebook(coursedir: CourseDirectory, info: dict) -> Optional[NotebookNode]:
    if not info:
        return None
    folder = coursedir.format_path(coursedir.source_directory, ".", info["assignment"])
    try:
        return nbformat.read(os.path.join(folder, f"{info['notebook']}.ipynb"), as_version=4)
    except (OSError, ValueError, json.JSONDecodeError):
        return None


def _stored_sources(info: dict) -> dict:
    if not info:
        return {}
    with Gradebook(info["db_url"]) as gb:
        try:
            stored = gb.find_notebook(info["notebook"], info["assignment"])
        except MissingEntry:
            return {}
        return {cell.name: cell.source for cell in stored.source_cells}
