"""The course's notebooks on disk: reading them, checking them against the course conventions,
and the points they carry.

A day is a folder `source/dayNN_topic/` holding one notebook `dayNN_topic.ipynb`. Its cells are of
four kinds, told apart by their nbgrader metadata:

    answer     code cell, solution (the student writes it; `### BEGIN SOLUTION` marks the key)
    test       code cell, grade, with points (checks the answer above it; may hold hidden tests)
    written    markdown cell, grade and solution, with points (graded by hand)
    plain      everything else (explanations, examples, read-only cells)

An exercise is one answer cell and the test cells that follow it up to the next answer cell.
Reading is plain JSON (fast, and errors name the file); writing goes through nbformat so that the
files look exactly like the ones nbgrader writes.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Union

KERNEL_NAME = "python3"
NOTEBOOK_SUFFIX = ".ipynb"
DAY_NAME = re.compile(r"day\d{2}_[a-z0-9_]+")
GRADE_ID = re.compile(r"[a-z][a-z0-9_]*")
# nbgrader invents ids such as "cell-3a9f0c2d1e4b5a6c"; they change whenever a cell is recreated.
INVENTED_ID = re.compile(r"cell[-_]?[0-9a-f]*")
# nbgrader finds its delimiters anywhere in a line (substring match), and so do these checks.
SOLUTION_MARKS = ("BEGIN SOLUTION", "END SOLUTION")
HIDDEN_TEST_MARKS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
PYTHON_FENCES = {"python", "python3", "py", "ipython", "ipython3", "pycon"}
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})\s*\{?\.?([^\s`{}]*)")
# Metadata recording one session rather than the notebook: widget state, execution timing.
RUN_SPECIFIC_NOTEBOOK_KEYS = ("widgets",)
RUN_SPECIFIC_CELL_KEYS = ("execution", "ExecuteTime", "scrolled")

Notebook = dict
PathOrNotebook = Union[str, Path, Notebook]


class NotebookError(ValueError):
    """A file that cannot be read as a course notebook; the message names the file."""


# --- reading and writing -------------------------------------------------------------------------

def load(path: Union[str, Path]) -> Notebook:
    """The notebook at `path` as a JSON dict; NotebookError if it is unreadable, not JSON, not a
    notebook, or older than nbformat 4."""
    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise NotebookError(f"{path}: cannot read it ({err.strerror or err}).") from err
    except UnicodeDecodeError as err:
        raise NotebookError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start}).") from err
    except json.JSONDecodeError as err:
        raise NotebookError(f"{path}: not valid JSON (line {err.lineno}, column {err.colno}: "
                            f"{err.msg}); the file is corrupt or was saved half-way.") from err
    if not isinstance(nb, dict) or "nbformat" not in nb:
        raise NotebookError(f"{path}: valid JSON but not a Jupyter notebook (no 'nbformat' field "
                            "at the top level).")
    if not isinstance(nb["nbformat"], int) or nb["nbformat"] < 4:
        raise NotebookError(f"{path}: nbformat {nb['nbformat']!r} is too old; the course needs "
                            "nbformat 4 (open and save it in JupyterLab, or run `jupyter nbconvert "
                            "--to notebook --inplace` on it).")
    if not isinstance(nb.get("cells"), list) or not isinstance(nb.get("metadata", {}), dict):
        raise NotebookError(f"{path}: nbformat 4 notebook without a list of cells and a "
                            "metadata dict.")
    for i, cell in enumerate(nb["cells"]):
        if not (isinstance(cell, dict) and isinstance(cell.get("cell_type"), str)
                and isinstance(cell.get("source"), (str, list))):
            raise NotebookError(f"{path}: cell {i + 1} is malformed (a cell needs a cell_type "
                                "and a source).")
    return nb


def save(nb: Notebook, path: Union[str, Path]) -> None:
    """Write `nb` as nbformat writes it (the layout nbgrader's own output has)."""
    import nbformat  # imported here: it takes about two seconds, and only writing needs it

    nbformat.write(nbformat.from_dict(nb), str(path))


def _as_notebook(nb: PathOrNotebook) -> Notebook:
    return load(nb) if isinstance(nb, (str, Path)) else nb


def source_of(cell: dict) -> str:
    """A cell's source as one string (nbformat stores it as a string or a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


# --- days on disk --------------------------------------------------------------------------------

def course_days(source_dir: Union[str, Path]) -> list:
    """Names of the day folders in `source_dir` (e.g. source/), sorted; hidden folders and
    caches (".ipynb_checkpoints", "__pycache__") are not days."""
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        return []
    return sorted(p.name for p in source_dir.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")))


def day_notebook(day_dir: Union[str, Path]) -> Path:
    """The notebook of a day folder: `<day>/<day>.ipynb` (it may not exist; see check_day)."""
    day_dir = Path(day_dir)
    return day_dir / (day_dir.name + NOTEBOOK_SUFFIX)


def check_day(day_dir: Union[str, Path]) -> list:
    """Problems with a day folder: its name, its single notebook named after it, and everything
    `validate` finds in that notebook."""
    day_dir = Path(day_dir)
    problems = []
    if not DAY_NAME.fullmatch(day_dir.name):
        problems.append(f"{day_dir}: name day folders 'dayNN_topic' (two digits, lowercase), "
                        f"e.g. 'day14_attention'; got '{day_dir.name}'.")
    expected = day_notebook(day_dir)
    others = sorted(p.name for p in day_dir.glob("*" + NOTEBOOK_SUFFIX) if p != expected)
    if others:
        problems.append(f"{day_dir}: one notebook per day, named {expected.name}; also found "
                        f"{', '.join(others)}.")
    if not expected.exists():
        return problems + [f"{day_dir}: no notebook {expected.name} in it."]
    return problems + validate(expected)


# --- cell kinds and exercises --------------------------------------------------------------------

def metadata(cell: dict) -> dict:
    """The cell's metadata ({} if it has none or it is malformed)."""
    meta = cell.get("metadata")
    return meta if isinstance(meta, dict) else {}


def grader_meta(cell: dict) -> dict:
    """The cell's nbgrader metadata ({} for a plain cell)."""
    meta = metadata(cell).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def is_answer(cell: dict) -> bool:
    """An autograded answer: a code cell the student writes (solution, not grade)."""
    meta = grader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("solution")) and not meta.get("grade")


def is_test(cell: dict) -> bool:
    """A test cell: a graded code cell that is not itself an answer."""
    meta = grader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_written(cell: dict) -> bool:
    """A written answer graded by hand: a markdown cell that is both grade and solution."""
    meta = grader_meta(cell)
    return (cell.get("cell_type") == "markdown" and bool(meta.get("grade"))
            and bool(meta.get("solution")))


def tests_by_answer(nb: PathOrNotebook) -> dict:
    """Answer grade_id -> grade_ids of the test cells after it, up to the next answer cell."""
    exercises = {}
    current = None
    for cell in _as_notebook(nb)["cells"]:
        if is_answer(cell):
            current = grader_meta(cell).get("grade_id")
            exercises[current] = []
        elif is_test(cell) and current is not None:
            exercises[current].append(grader_meta(cell).get("grade_id"))
    return exercises


def points_of(nb: PathOrNotebook) -> dict:
    """grade_id -> points of every graded cell (tests and written answers)."""
    return {grader_meta(c).get("grade_id"): _points(c) for c in _as_notebook(nb)["cells"]
            if grader_meta(c).get("grade")}


def points_by_answer(nb: PathOrNotebook) -> dict:
    """Answer grade_id -> the points of the test cells that check it (what a wrong answer costs)."""
    nb = _as_notebook(nb)
    points = points_of(nb)
    return {answer: sum(points[t] for t in tests) for answer, tests in tests_by_answer(nb).items()}


def written_points(nb: PathOrNotebook) -> dict:
    """grade_id -> points of each written (hand-graded) answer."""
    return {grader_meta(c).get("grade_id"): _points(c) for c in _as_notebook(nb)["cells"]
            if is_written(c)}


def total_points(nb: PathOrNotebook) -> float:
    """The notebook's total: the points of every graded cell."""
    return sum(points_of(nb).values())


def _points(cell: dict) -> float:
    points = grader_meta(cell).get("points", 0)
    return points if _is_number(points) else 0


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --- versions for students ----------------------------------------------------------------------

def strip_run_specific(nb: Notebook) -> bool:
    """Remove outputs, execution counts and session metadata from `nb` in place; True if any."""
    changed = False
    for key in RUN_SPECIFIC_NOTEBOOK_KEYS:
        changed |= nb.get("metadata", {}).pop(key, None) is not None
    for cell in nb["cells"]:
        for key in RUN_SPECIFIC_CELL_KEYS:
            changed |= metadata(cell).pop(key, None) is not None
        if cell.get("cell_type") == "code":
            changed |= bool(cell.get("outputs")) or cell.get("execution_count") is not None
            cell["outputs"], cell["execution_count"] = [], None
    return changed


def redact_regions(source: str, begin: str, end: str, note: str) -> str:
    """`source` with each region from a line containing `begin` to the next line containing `end`
    (both included) replaced by `note`, indented as the first line; an unclosed region runs to
    the end of the source."""
    lines, inside = [], False
    for line in source.split("\n"):
        if not inside and begin in line:
            inside = True
            lines.append(line[:len(line) - len(line.lstrip())] + note)
        elif inside:
            inside = end not in line
        else:
            lines.append(line)
    return "\n".join(lines)


ANSWERS_HIDDEN_NOTE = "# (the hidden tests ran here when your work was graded)"


def answer_key(nb: PathOrNotebook) -> Notebook:
    """The day as students may read it after the deadline: a copy of the source notebook with
    every solution in place (the BEGIN / END SOLUTION lines dropped), each hidden-test region
    replaced by a comment, and no nbgrader metadata, outputs or session data: a plain notebook
    whose visible tests still run."""
    nb = json.loads(json.dumps(_as_notebook(nb)))
    for cell in nb["cells"]:
        source = redact_regions(source_of(cell), *HIDDEN_TEST_MARKS, ANSWERS_HIDDEN_NOTE)
        cell["source"] = "\n".join(line for line in source.split("\n")
                                   if not any(mark in line for mark in SOLUTION_MARKS))
        metadata(cell).pop("nbgrader", None)
    strip_run_specific(nb)
    return nb


# --- validation ----------------------------------------------------------------------------------

def validate(path: Union[str, Path]) -> list:
    """Every way the notebook at `path` breaks the course conventions, as messages naming the
    cell; [] for a good notebook. An unreadable file gives a single problem."""
    try:
        nb = load(path)
    except NotebookError as err:
        return [str(err)]
    return [f"{Path(path).name}: {problem}" for problem in check_notebook(nb)]


def check_notebook(nb: Notebook) -> list:
    """The problems of a loaded notebook (see `validate`)."""
    checks = (_check_kernel, _check_clean, _check_grade_ids, _check_kinds, _check_points,
              _check_delimiters, _check_exercises, _check_written, _check_fences)
    return [problem for check in checks for problem in check(nb)]


def _where(index: int, cell: dict) -> str:
    grade_id = grader_meta(cell).get("grade_id")
    return f"cell {index + 1}" + (f" ('{grade_id}')" if grade_id else "")


def _check_kernel(nb: Notebook) -> list:
    spec = nb.get("metadata", {}).get("kernelspec") or {}
    if spec.get("name") != KERNEL_NAME or spec.get("language") != "python":
        return [f"metadata.kernelspec must name the '{KERNEL_NAME}' kernel with language "
                f"'python'; found {spec or 'none'}."]
    return []


def _check_clean(nb: Notebook) -> list:
    problems = [f"metadata.{key} records a session (e.g. widget state); remove it."
                for key in RUN_SPECIFIC_NOTEBOOK_KEYS if key in nb.get("metadata", {})]
    for i, cell in enumerate(nb["cells"]):
        if cell.get("outputs") or cell.get("execution_count") is not None:
            problems.append(f"{_where(i, cell)}: has outputs or an execution count; notebooks are "
                            "stored cleared (Edit > Clear Outputs of All Cells, then save).")
        stale = [key for key in RUN_SPECIFIC_CELL_KEYS if key in metadata(cell)]
        if stale:
            problems.append(f"{_where(i, cell)}: metadata {', '.join(stale)} records a session; "
                            "remove it.")
    return problems


def _check_grade_ids(nb: Notebook) -> list:
    problems, seen = [], {}
    for i, cell in enumerate(nb["cells"]):
        meta = grader_meta(cell)
        if not any(meta.get(flag) for flag in ("grade", "solution", "locked", "task")):
            continue
        grade_id = meta.get("grade_id")
        if not isinstance(grade_id, str) or not grade_id:
            problems.append(f"{_where(i, cell)}: nbgrader cell without a grade_id.")
        elif INVENTED_ID.fullmatch(grade_id):
            problems.append(f"{_where(i, cell)}: grade_id '{grade_id}' is an id nbgrader made up; "
                            "name it for what it grades, e.g. 'sigmoid' / 'sigmoid_tests'.")
        elif not GRADE_ID.fullmatch(grade_id):
            problems.append(f"{_where(i, cell)}: grade_id '{grade_id}' should be lowercase "
                            "letters, digits and underscores, e.g. 'sigmoid_tests'.")
        elif grade_id in seen:
            problems.append(f"{_where(i, cell)}: grade_id '{grade_id}' is already used by cell "
                            f"{seen[grade_id] + 1}; grade_ids must be unique.")
        seen.setdefault(grade_id, i)
    return problems


def _check_kinds(nb: Notebook) -> list:
    problems = []
    for i, cell in enumerate(nb["cells"]):
        meta = grader_meta(cell)
        if meta.get("task"):
            problems.append(f"{_where(i, cell)}: nbgrader task cells are not used in this course.")
        elif cell.get("cell_type") == "code" and meta.get("grade") and meta.get("solution"):
            problems.append(f"{_where(i, cell)}: a code cell that is both answer and grade is "
                            "graded by hand; make it an answer cell followed by a test cell.")
        elif cell.get("cell_type") == "markdown" and meta.get("grade") and not meta.get("solution"):
            problems.append(f"{_where(i, cell)}: a graded markdown cell must also be a solution "
                            "cell (a written answer).")
    return problems


def _check_points(nb: Notebook) -> list:
    problems = []
    for i, cell in enumerate(nb["cells"]):
        meta = grader_meta(cell)
        if not meta.get("grade"):
            continue
        points = meta.get("points")
        if not _is_number(points) or points <= 0:
            problems.append(f"{_where(i, cell)}: a graded cell needs points > 0 in its nbgrader "
                            f"metadata; found {points!r}.")
    return problems


def _check_delimiters(nb: Notebook) -> list:
    problems = []
    for i, cell in enumerate(nb["cells"]):
        source = source_of(cell)
        solution = bool(grader_meta(cell).get("solution"))
        problems += _check_pairs(i, cell, source, SOLUTION_MARKS, allowed=solution,
                                 required=solution, role="solution (answer) cells")
        problems += _check_pairs(i, cell, source, HIDDEN_TEST_MARKS, allowed=is_test(cell),
                                 required=False, role="test cells")
    return problems


def _check_pairs(index: int, cell: dict, source: str, marks: tuple, allowed: bool,
                 required: bool, role: str) -> list:
    begin, end = marks
    where = _where(index, cell)
    events = [(begin if begin in line else end) for line in source.splitlines()
              if begin in line or end in line]
    if events and not allowed:
        return [f"{where}: '### {begin}' / '### {end}' belong only in {role}; nbgrader would "
                "refuse (or leak) this block."]
    if required and not events:
        return [f"{where}: no '### {begin}' / '### {end}' block, so nbgrader would blank the "
                "whole cell; keep the def line and docstring outside the block."]
    depth = 0
    for event in events:
        depth += 1 if event == begin else -1
        if depth not in (0, 1):
            return [f"{where}: '### {begin}' / '### {end}' are not paired (nested, or an end "
                    "without a begin)."]
    if depth:
        return [f"{where}: '### {begin}' has no matching '### {end}'."]
    return []


def _check_exercises(nb: Notebook) -> list:
    problems, answered = [], False
    for i, cell in enumerate(nb["cells"]):
        answered |= is_answer(cell)
        if is_test(cell) and not answered:
            problems.append(f"{_where(i, cell)}: test cell before any answer cell; each test "
                            "cell checks the answer cell above it.")
    return problems + [f"{_where(i, nb['cells'][i])}: answer cell with no test cell after it (a "
                       "graded code cell before the next answer cell)."
                       for i in _untested_answers(nb)]


def _untested_answers(nb: Notebook) -> list:
    untested, current = [], None
    for i, cell in enumerate(nb["cells"]):
        if is_answer(cell):
            if current is not None:
                untested.append(current)
            current = i
        elif is_test(cell):
            current = None
    return untested + ([current] if current is not None else [])


def _check_written(nb: Notebook) -> list:
    if any(is_written(cell) for cell in nb["cells"]):
        return []
    return ["no written answer: add at least one markdown cell with grade and solution set, its "
            "model answer and rubric inside '### BEGIN SOLUTION' / '### END SOLUTION'."]


def _check_fences(nb: Notebook) -> list:
    problems = []
    for i, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "markdown":
            continue
        for language, code in fenced_blocks(source_of(cell)):
            if language.lower() in PYTHON_FENCES or (not language and _reads_as_python(code)):
                problems.append(f"{_where(i, cell)}: Python code block in markdown; put the code "
                                "in a code cell so the tests run it (label a block that is not "
                                "code, e.g. ```text).")
    return problems


def fenced_blocks(markdown: str) -> list:
    """(language, content) of each fenced code block (``` or ~~~) in a markdown text."""
    blocks, opening, language, lines = [], None, "", []
    for line in markdown.splitlines():
        match = FENCE.match(line)
        if opening is None and match:
            opening, language, lines = match.group(1), match.group(2), []
        elif opening is not None and match and line.strip().startswith(opening) \
                and not match.group(2):
            blocks.append((language, "\n".join(lines)))
            opening = None
        elif opening is not None:
            lines.append(line)
    if opening is not None:
        blocks.append((language, "\n".join(lines)))
    return blocks


def _reads_as_python(code: str) -> bool:
    if not code.strip():
        return False
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    return True
