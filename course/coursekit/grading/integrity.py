"""The integrity report: student code that reaches for the answer key or for the grader.

`IntegrityCheck` reads every cell a student could have written (answer cells, cells they added,
unlocked cells; not the locked cells nbgrader restored) and flags code that

- uses coursekit, the course's reference implementations and checks: `import coursekit`,
  `from coursekit.functions import sigmoid`, `check.sigmoid.reference`, a string naming coursekit
  (the evidence MIME type included). Running a visible check again the way a test cell does,
  `check.sigmoid(sigmoid)`, is allowed, and so are the tools and data a notebook hands out
  (HARMLESS_COURSEKIT);
- changes what other code sees: assigning or deleting an attribute of an imported module
  (`np.allclose = ...`), rebinding a name the notebook imported (`np = ...`). This is only noted:
  it cannot change a verdict. Rebinding a coursekit name (`check = ...`) is flagged;
- runs code built at run time or looks behind Python's back: `exec`, `eval`, `compile`,
  `__import__`, importlib, builtins, `setattr`, dunder attributes (`f.__globals__`,
  `().__class__`), `globals()`, `getattr` with a computed name, sys.modules or frames, gc,
  inspect, ctypes;
- drives the kernel or other processes: `get_ipython()` (beyond timing magics), IPython,
  `display(..., raw=True)`, `_repr_*_` methods, threads, signals, subprocesses, sockets.

Verdicts come from evidence (see `verify`), and forging evidence needs one of these. The analysis
reads source code, so it is a tripwire, not a proof: see autograder/README.md for its limits.

Code can affect every cell that runs after it, so a flag (any rule but the noted one) in a cell
zeroes every test cell after that cell, unless the instructor overrides it in the overrides file (CSV: student, assignment,
exercise, decision, note; exercise is a test cell id, an answer cell id or *, decision `allow`).
Each notebook's findings go to <report_dir>/<assignment>/<student>/<notebook>.json; `report`
gathers them into a CSV and a Markdown table.
"""
from __future__ import annotations

import ast
import csv
import json
import os
from dataclasses import asdict, dataclass, field
from typing import Iterable, Optional

from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Unicode

from .layout import Layout, import_bindings, load_layout, python_source
from .reader import PROBLEM_KEY
from .verify import grader_error

FLAG_ERROR = "IntegrityFlag"
# Rules that zero what follows. Changing a module's attribute (np.allclose = ...) is only noted:
# verdicts are judged outside the kernel and the recorder holds its own references, so it cannot
# raise a score; patching coursekit, or builtins through the builtins module, is penalised.
PENALISED = {"coursekit", "dynamic", "kernel"}
# Tools and data a notebook hands out, no exercise's answer: plots, sliders, data sets, and the
# gate weights of day 1 that day 2 imports by name to build XOR from (day 1 imports the gates
# module, whose names stay flagged there).
HARMLESS_COURSEKIT = ("coursekit.widgets", "coursekit.plotting", "coursekit.data",
                      "coursekit.gates.GATE_WEIGHTS")
SAFE_MAGICS = {"timeit", "time", "matplotlib", "precision", "who", "whos", "pprint"}
SAFE_DUNDERS = {"__init__", "__name__", "__doc__", "__len__", "__call__", "__repr__", "__str__"}
FORBIDDEN_MODULES = {
    "importlib": "imports code dynamically", "runpy": "runs code dynamically",
    "builtins": "changes Python's builtins", "__builtin__": "changes Python's builtins",
    "gc": "reaches objects through the garbage collector", "inspect": "inspects live code",
    "ctypes": "edits memory", "cffi": "edits memory", "marshal": "loads code objects",
    "pickle": "loads objects that run code", "dill": "loads objects that run code",
    "IPython": "drives the kernel", "ipykernel": "drives the kernel",
    "jupyter_client": "drives the kernel", "zmq": "talks to the kernel's sockets",
    "threading": "runs code in the background", "_thread": "runs code in the background",
    "multiprocessing": "starts processes", "concurrent": "runs code in the background",
    "asyncio": "schedules code in the kernel's event loop", "signal": "handles signals",
    "subprocess": "starts processes", "socket": "opens network connections",
    "atexit": "runs code at exit", "sched": "schedules code", "types": "builds code objects",
    "unittest": "patches objects (mock)",
}
FORBIDDEN_CALLS = {
    "exec": "runs a string as code", "eval": "runs a string as code",
    "compile": "builds code at run time", "__import__": "imports by a computed name",
    "globals": "reaches the notebook's namespace", "vars": "reaches a namespace",
    "locals": "reaches a namespace", "setattr": "changes an attribute by name",
    "delattr": "deletes an attribute by name", "get_ipython": "drives the kernel",
    "breakpoint": "starts a debugger",
}
FORBIDDEN_SYS = {"modules", "_getframe", "settrace", "setprofile", "meta_path", "path_hooks",
                 "addaudithook", "displayhook", "excepthook", "stdout", "stderr", "__stdout__"}
FORBIDDEN_OS = {"system", "popen", "fork", "forkpty", "kill", "killpg", "execv", "execve",
                "execl", "execlp", "execvp", "spawnl", "spawnv", "posix_spawn", "setsid"}


@dataclass
class Finding:
    """One flagged construct in one student cell."""

    cell: int                 # index in the submitted notebook
    where: str                # "answer cell sigmoid, line 3" / "added cell 7, line 1"
    rule: str                 # coursekit / monkeypatch / dynamic / kernel
    message: str
    code: str
    exercises: list = field(default_factory=list)   # test cell ids that run after it


# --- the analysis --------------------------------------------------------------------------------

class _Visitor(ast.NodeVisitor):
    """Collects (rule, message, node) for one cell's syntax tree."""

    def __init__(self, protected: dict, coursekit: dict, modules: set):
        self.protected, self.coursekit, self.modules = protected, coursekit, modules
        self.hits: list = []
        self.allowed_nodes: set = set()

    def hit(self, rule: str, message: str, node: ast.AST) -> None:
        self.hits.append((rule, message, node))

    def visit_Module(self, node: ast.Module) -> None:
        for stmt in node.body:  # re-running a visible check, as a test cell does, is fine
            if isinstance(stmt, ast.Expr) and self._is_check_call(stmt.value):
                self.allowed_nodes.add(id(stmt.value.func.value))
        self.generic_visit(node)

    def _is_check_call(self, call: ast.expr) -> bool:
        return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name)
                and self.coursekit.get(call.func.value.id, "").startswith("coursekit.checks")
                and len(call.args) <= 2 and all(isinstance(a, (ast.Name, ast.Constant))
                                                for a in call.args)
                and all(k.arg == "hidden" and isinstance(k.value, ast.Constant)
                        for k in call.keywords))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._module(alias.name, node)
            bound = alias.asname or alias.name.split(".")[0]
            if bound in self.protected and self.protected[bound] != (
                    alias.name if alias.asname else alias.name.split(".")[0], None):
                self._rebinds(bound, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self._module(node.module or "", node)
        for alias in node.names:
            bound = alias.asname or alias.name
            if bound in self.protected and self.protected[bound] != (node.module, alias.name):
                self._rebinds(bound, node)

    def _module(self, name: str, node: ast.AST) -> None:
        root = name.split(".")[0]
        if root == "coursekit":
            self.hit("coursekit", f"imports {name}, the course's reference code and checks", node)
        elif root in FORBIDDEN_MODULES:
            self.hit("dynamic", f"imports {root}, which {FORBIDDEN_MODULES[root]}", node)

    def visit_Name(self, node: ast.Name) -> None:
        if id(node) in self.allowed_nodes:
            return
        module = self.coursekit.get(node.id)
        if module and not module.startswith(HARMLESS_COURSEKIT):
            self.hit("coursekit", f"uses `{node.id}` ({module}) other than to re-run a check", node)
        if node.id == "__builtins__":
            self.hit("dynamic", "reaches Python's builtins", node)
        if isinstance(node.ctx, (ast.Store, ast.Del)) and node.id in self.protected:
            self._rebinds(node.id, node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        root = _root_name(node)
        if isinstance(node.ctx, (ast.Store, ast.Del)) and root in self.modules:
            self.hit("monkeypatch", f"changes `{_dotted(node)}`, an attribute of an imported "
                                    "module", node)
        if node.attr.startswith("__") and node.attr.endswith("__") and node.attr not in SAFE_DUNDERS:
            self.hit("dynamic", f"reaches `{node.attr}`, behind Python's back", node)
        if root == "os" and node.attr in FORBIDDEN_OS:
            self.hit("kernel", f"calls os.{node.attr}", node)
        if root == "sys" and node.attr in FORBIDDEN_SYS:
            self.hit("dynamic", f"reaches sys.{node.attr}, the interpreter's internals", node)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if (isinstance(node.ctx, (ast.Store, ast.Del)) and _root_name(node) in self.modules
                and not _dotted(node.value).endswith("rcParams")):
            self.hit("monkeypatch", f"changes an item of `{_dotted(node.value)}`, part of an "
                                    "imported module", node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name == "get_ipython" and _is_safe_magic(node, self._parent_call):
            pass
        elif name in FORBIDDEN_CALLS:
            self.hit("kernel" if name == "get_ipython" else "dynamic",
                     f"calls {name}(), which {FORBIDDEN_CALLS[name]}", node)
        if name == "getattr" and not (len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)):
            self.hit("dynamic", "calls getattr() with a computed name", node)
        if any(k.arg == "raw" for k in node.keywords) or (
                name in ("display", "publish_display_data")
                and (name != "display" or any(k.arg is None for k in node.keywords))):
            self.hit("kernel", "publishes raw display data", node)
        previous, self._parent_call = getattr(self, "_parent_call", None), node
        self.generic_visit(node)
        self._parent_call = previous

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.name.startswith("_repr_") and node.name.endswith("_"):
            self.hit("kernel", f"defines {node.name}, which publishes display data", node)
        if node.name in self.protected:
            self._rebinds(node.name, node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if node.name in self.protected:
            self._rebinds(node.name, node)
        self.generic_visit(node)

    def _rebinds(self, name: str, node: ast.AST) -> None:
        rule = "coursekit" if name in self.coursekit else "monkeypatch"
        self.hit(rule, f"rebinds `{name}`, which the notebook imported", node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and "coursekit" in node.value.lower():
            self.hit("coursekit", "names coursekit in a string", node)


def _is_safe_magic(call: ast.Call, parent: Optional[ast.Call]) -> bool:
    """get_ipython() as the receiver of run_line_magic / run_cell_magic of a timing magic."""
    return (parent is not None and isinstance(parent.func, ast.Attribute)
            and parent.func.value is call
            and parent.func.attr in ("run_line_magic", "run_cell_magic")
            and parent.args and isinstance(parent.args[0], ast.Constant)
            and parent.args[0].value in SAFE_MAGICS)


def _root_name(node: ast.AST) -> Optional[str]:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:
        return type(node).__name__


def analyse_source(source: str, protected: dict, coursekit: dict, modules: set) -> list:
    """(rule, message, line, code) for each flagged construct in one cell's source."""
    python = python_source(source)
    try:
        tree = ast.parse(python)
    except (SyntaxError, ValueError):
        return []
    visitor = _Visitor(protected, coursekit, modules)
    visitor._parent_call = None
    visitor.visit(tree)
    lines = python.splitlines()
    found, seen = [], set()
    for rule, message, node in visitor.hits:
        line = getattr(node, "lineno", 1)
        if (rule, message, line) not in seen:
            seen.add((rule, message, line))
            found.append((rule, message, line, lines[line - 1].strip()[:160] if lines else ""))
    return found


def analyse(nb: NotebookNode, layout: Layout) -> list:
    """The findings in a submitted notebook's student-written cells."""
    protected = import_bindings(layout.instructor_code)
    student = [(i, cell) for i, cell in enumerate(nb.cells)
               if cell.cell_type == "code" and not _is_trusted(cell, layout)]
    modules = set(protected) | set(import_bindings(c.source for _, c in student))
    tests_after = _tests_after(nb, layout)
    findings = []
    for index, cell in student:
        for rule, message, line, code in analyse_source(cell.source, protected,
                                                        layout.coursekit_names, modules):
            findings.append(Finding(index, f"{_cell_label(cell, index)}, line {line}", rule,
                                    message, code, tests_after[index]))
    return findings


def _is_trusted(cell: NotebookNode, layout: Layout) -> bool:
    """An instructor's cell as the instructor wrote it: a locked cell nbgrader restored (or
    re-added after its note), an unchanged plain cell, or an unchanged copy of either."""
    meta = cell.metadata.get("nbgrader", {})
    stored = layout.trusted_sources.get(meta.get("grade_id"))
    if stored is not None and not meta.get("solution") and cell.source.endswith(stored):
        return True
    return cell.source in layout.instructor_code


def _tests_after(nb: NotebookNode, layout: Layout) -> list:
    """For each cell index, the ids of the test cells at or after it."""
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") if utils.is_grade(c) else None
           for c in nb.cells]
    after, seen = [], []
    for grade_id in reversed(ids):
        if grade_id in layout.test_cells and grade_id not in seen:
            seen.insert(0, grade_id)
        after.insert(0, list(seen))
    return after


def _cell_label(cell: NotebookNode, index: int) -> str:
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("solution"):
        return f"answer cell {meta.get('grade_id', index)}"
    return f"cell {index + 1} (student's)"


# --- overrides, zeroing and the report -----------------------------------------------------------

def load_overrides(path: str) -> set:
    """(student, assignment, exercise) triples the instructor allowed."""
    if not os.path.exists(path):
        return set()
    with open(path, newline="", encoding="utf-8") as f:
        return {(row["student"].strip(), row["assignment"].strip(), row["exercise"].strip())
                for row in csv.DictReader(f)
                if row.get("decision", "").strip().lower() == "allow"}


def is_allowed(overrides: set, student: str, assignment: str, test: str, layout: Layout) -> bool:
    names = {test, "*", *layout.test_cells[test].answer_ids}
    return any((student, assignment, name) in overrides for name in names)


class IntegrityCheck(NbGraderPreprocessor):
    """Flag student code that reaches for the reference or the grader; zero what it affects."""

    enabled = Bool(True).tag(config=True)
    report_dir = Unicode("autograder/reports", help="Folder of the integrity reports, relative "
                                                    "to the course root.").tag(config=True)
    overrides_file = Unicode("autograder/integrity_overrides.csv",
                             help="The instructor's overrides, relative to the course root.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple:
        if not self.enabled:
            return nb, resources
        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        with Gradebook(info["db_url"]) as gb:
            layout = load_layout(gb, coursedir, info["assignment"], info["notebook"])
        findings = analyse(nb, layout)
        overrides = load_overrides(os.path.join(coursedir.root, self.overrides_file))
        flagged = {t: f for f in reversed(findings) if f.rule in PENALISED for t in f.exercises}
        zeroed, allowed = [], []
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id not in flagged or not utils.is_grade(cell) or cell.cell_type != "code":
                continue
            if is_allowed(overrides, info["student"], info["assignment"], grade_id, layout):
                allowed.append(grade_id)
                continue
            first = flagged.pop(grade_id)
            cell.outputs.insert(0, grader_error(FLAG_ERROR, (
                f"This exercise scores zero: {first.where} {first.message} ({first.code}). "
                "Your instructor will review it.")))
            zeroed.append(grade_id)
        self._write_report(coursedir, info, nb, layout, findings, zeroed, allowed)
        return nb, resources

    def _write_report(self, coursedir, info, nb, layout, findings, zeroed, allowed) -> None:
        folder = os.path.join(coursedir.root, self.report_dir, info["assignment"], info["student"])
        os.makedirs(folder, exist_ok=True)
        report = {
            "student": info["student"], "assignment": info["assignment"],
            "notebook": info["notebook"],
            "problem": nb.metadata.get("coursekit", {}).get(PROBLEM_KEY),
            "findings": [asdict(f) for f in findings],
            "zeroed": zeroed, "allowed": allowed,
            "answers": {t: layout.test_cells[t].answer_ids for t in layout.test_cells},
        }
        path = os.path.join(folder, f"{info['notebook']}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
        os.replace(path + ".tmp", path)


def collect_reports(report_root: str, assignment: str) -> list:
    """Every per-notebook report of an assignment, sorted by student."""
    reports = []
    folder = os.path.join(report_root, assignment)
    for student in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
        for name in sorted(os.listdir(os.path.join(folder, student))):
            if name.endswith(".json") and not name.startswith("_"):
                with open(os.path.join(folder, student, name), encoding="utf-8") as f:
                    reports.append(json.load(f))
    return reports


REPORT_COLUMNS = ["student", "assignment", "notebook", "exercise", "answer_cells", "status",
                  "rule", "where", "message", "code"]


def report_rows(reports: Iterable[dict]) -> list:
    """One row per student and flagged exercise, and one per unreadable submission."""
    rows = []
    for report in reports:
        base = {k: report[k] for k in ("student", "assignment", "notebook")}
        if report.get("problem"):
            rows.append({**base, "exercise": "*", "answer_cells": "", "status": "unreadable",
                         "rule": "submission", "where": "", "message": report["problem"], "code": ""})
        first = {}
        for finding in report["findings"]:
            penalised = finding["rule"] in PENALISED
            for test in (finding["exercises"] if penalised else []) or ["-"]:
                first.setdefault((test, penalised), finding)
        for (test, penalised), finding in first.items():
            status = "zeroed" if test in report["zeroed"] else (
                "allowed" if test in report["allowed"] else "flagged" if penalised else "noted")
            rows.append({**base, "exercise": test,
                         "answer_cells": " ".join(report["answers"].get(test, [])),
                         "status": status, "rule": finding["rule"], "where": finding["where"],
                         "message": finding["message"], "code": finding["code"]})
    return rows


def write_report(report_root: str, assignment: str) -> tuple:
    """Write <report_root>/<assignment>_integrity.csv and .md; return their paths and the rows."""
    rows = report_rows(collect_reports(report_root, assignment))
    os.makedirs(report_root, exist_ok=True)
    csv_path = os.path.join(report_root, f"{assignment}_integrity.csv")
    md_path = os.path.join(report_root, f"{assignment}_integrity.md")
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=REPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    with open(md_path, "w", encoding="utf-8") as f:
        f.write(f"# Integrity report: {assignment}\n\n")
        if not rows:
            f.write("Nothing flagged.\n")
        else:
            f.write("| " + " | ".join(REPORT_COLUMNS) + " |\n")
            f.write("|" + "---|" * len(REPORT_COLUMNS) + "\n")
            for row in rows:
                cells = [str(row[c]).replace("|", "\\|").replace("\n", " ") for c in REPORT_COLUMNS]
                f.write("| " + " | ".join(cells) + " |\n")
            f.write("\nTo accept a flagged exercise, add a line `student,assignment,exercise,allow,"
                    "note` to autograder/integrity_overrides.csv and grade again.\n")
    return csv_path, md_path, rows
