"""What the instructor's version of a notebook asks for, read from trusted sources only.

The grader never believes the submission about what a test cell does. The source of every locked
and graded cell comes from the gradebook (nbgrader stored it at `generate_assignment`; it is also
what `OverwriteCells` put back into the submission), and the import lines that say which module
`check` names come from those cells and from the source notebook in `source/`. From them, a
`Layout` lists for each graded test cell the check calls it makes: `check.sigmoid(sigmoid)` and
`check.sigmoid(sigmoid, hidden=True)` become two `CheckCall`s. It also knows which answer cell
each test cell grades, for the integrity report.
"""
from __future__ import annotations

import ast
import importlib
import os
from dataclasses import dataclass, field
from typing import Iterable, Optional

import nbformat

from ..checks.core import FunctionCheck


@dataclass(frozen=True)
class CheckCall:
    """One top-level call of a FunctionCheck in a test cell."""

    check: FunctionCheck
    hidden: bool

    @property
    def key(self) -> tuple:
        return (self.check.suite, self.check.name, self.hidden)

    def describe(self) -> str:
        return f"{self.check.name} ({'hidden' if self.hidden else 'visible'} tests)"


@dataclass
class GradedCell:
    """A graded code cell: its id, points, trusted source and check calls.

    calls is None when the cell cannot be verified from evidence (it calls no check, or calls one
    inside a loop or a condition, so the number of calls is not known in advance).
    """

    grade_id: str
    points: float
    source: str
    calls: Optional[list]
    answer_ids: list = field(default_factory=list)


@dataclass
class Layout:
    """The trusted picture of one notebook of an assignment."""

    test_cells: dict          # grade_id -> GradedCell, in notebook order
    trusted_sources: dict     # grade_id -> source of every locked or graded cell
    answer_ids: list          # grade_ids of the answer (solution) cells, in notebook order
    coursekit_names: dict     # name bound by a trusted import -> the coursekit module it comes from
    instructor_code: set = field(default_factory=set)  # every non-answer code cell's source


def python_source(cell_source: str) -> str:
    """A cell's source as plain Python (IPython magics and `!` lines turned into calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(cell_source)


def parse(cell_source: str) -> Optional[ast.Module]:
    try:
        return ast.parse(python_source(cell_source))
    except (SyntaxError, ValueError):
        return None


def import_bindings(sources: Iterable[str]) -> dict:
    """Names bound by import statements: name -> (module, attribute or None)."""
    bound = {}
    for source in sources:
        tree = parse(source)
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        bound[alias.asname] = (alias.name, None)
                    else:
                        top = alias.name.split(".")[0]
                        bound[top] = (top, None)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    bound[alias.asname or alias.name] = (node.module, alias.name)
    return bound


def resolve(binding: tuple):
    """The object an import binding names, or None if it cannot be imported here."""
    module, attr = binding
    try:
        if attr is None:
            return importlib.import_module(module)
        try:
            return importlib.import_module(f"{module}.{attr}")
        except ImportError:
            return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return None


def check_calls(source: str, bindings: dict) -> Optional[list]:
    """The FunctionCheck calls a test cell makes, in order; None if it makes none or if one of them
    is not a plain top-level statement."""
    tree = parse(source)
    if tree is None:
        return None
    top_level = {id(stmt.value) for stmt in tree.body
                 if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)}
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        check = _called_check(node.func, bindings)
        if check is None:
            continue
        hidden = _hidden_flag(node)
        if id(node) not in top_level or hidden is None:
            return None
        calls.append(CheckCall(check, hidden))
    return calls or None


def _called_check(func: ast.expr, bindings: dict) -> Optional[FunctionCheck]:
    if isinstance(func, ast.Name) and func.id in bindings:
        target = resolve(bindings[func.id])
    elif (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
          and func.value.id in bindings):
        target = getattr(resolve(bindings[func.value.id]), func.attr, None)
    else:
        return None
    return target if isinstance(target, FunctionCheck) else None


def _hidden_flag(call: ast.Call) -> Optional[bool]:
    """The constant value of `hidden` in a check call (False if absent), None if not a constant."""
    values = [kw.value for kw in call.keywords if kw.arg == "hidden"] + call.args[1:2]
    if not values:
        return False
    if len(values) == 1 and isinstance(values[0], ast.Constant):
        return bool(values[0].value)
    return None


_LAYOUTS: dict = {}


def load_layout(gradebook, coursedir, assignment: str, notebook: str) -> Layout:
    """The layout of `notebook` in `assignment`, from the gradebook and the source notebook
    (computed once per grading process, and again if the source notebook changes)."""
    path = _source_path(coursedir, assignment, notebook)
    key = (str(gradebook.engine.url), assignment, notebook, path,
           os.path.getmtime(path) if os.path.exists(path) else None)
    if key not in _LAYOUTS:
        _LAYOUTS[key] = _load_layout(gradebook, coursedir, assignment, notebook)
    return _LAYOUTS[key]


def _load_layout(gradebook, coursedir, assignment: str, notebook: str) -> Layout:
    stored = gradebook.find_notebook(notebook, assignment)
    trusted = {cell.name: cell.source for cell in stored.source_cells}
    source_nb = _read_source_notebook(coursedir, assignment, notebook)
    code = [c.source for c in source_nb.cells if c.cell_type == "code"
            and not c.metadata.get("nbgrader", {}).get("solution")] if source_nb else []
    bindings = import_bindings(list(trusted.values()) + code)
    order = _cell_order(source_nb, stored)
    grade_cells = {cell.name: cell for cell in stored.grade_cells}
    answers = [name for name in order if name in {c.name for c in stored.solution_cells}]
    tests = {}
    for name in order:
        cell = grade_cells.get(name)
        if cell is None or cell.cell_type != "code" or name in answers:
            continue
        tests[name] = GradedCell(name, float(cell.max_score), trusted[name],
                               check_calls(trusted[name], bindings))
    _link_answers(tests, answers, order, trusted)
    coursekit = {name: b[0] if b[1] is None else f"{b[0]}.{b[1]}"
                 for name, b in bindings.items() if b[0].split(".")[0] == "coursekit"}
    instructor = set(code) | {src for name, src in trusted.items() if name not in answers}
    return Layout(tests, trusted, answers, coursekit, instructor)


def _source_path(coursedir, assignment: str, notebook: str) -> str:
    return os.path.join(coursedir.format_path(coursedir.source_directory, ".", assignment),
                        f"{notebook}.ipynb")


def _read_source_notebook(coursedir, assignment: str, notebook: str):
    try:
        return nbformat.read(_source_path(coursedir, assignment, notebook), as_version=4)
    except (OSError, ValueError):
        return None


def _cell_order(source_nb, stored) -> list:
    """grade_ids in notebook order (the source notebook's; the gradebook's if it is missing)."""
    if source_nb is not None:
        ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in source_nb.cells]
        return [i for i in ids if i]
    return [cell.name for cell in stored.source_cells]


def _link_answers(tests: dict, answers: list, order: list, trusted: dict) -> None:
    """Each test cell grades the answer cells that define a function it passes to a check, or
    else the nearest answer cell above it."""
    defined = {}
    for name in answers:
        tree = parse(trusted.get(name, ""))
        for node in tree.body if tree is not None else ():
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                defined.setdefault(node.name, name)
    for test in tests.values():
        tree = parse(test.source)
        passed = {arg.id for node in (ast.walk(tree) if tree is not None else ())
                  if isinstance(node, ast.Call) for arg in node.args[:1] if isinstance(arg, ast.Name)}
        linked = sorted({defined[n] for n in passed if n in defined}, key=order.index)
        if not linked:
            above = [a for a in answers if order.index(a) < order.index(test.grade_id)]
            linked = above[-1:]
        test.answer_ids = linked
