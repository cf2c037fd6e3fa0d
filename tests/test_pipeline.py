"""The notebook pipeline end to end, for every day in source/, with the real nbgrader CLI and real
kernels:

- the source notebook passes `coursekit validate`;
- release/<day> is exactly what `nbgrader generate_assignment` makes from source/<day>;
- the source notebook, submitted as a student's work, earns full marks on every autograded cell
  and raises no error anywhere;
- the released notebook, submitted unchanged, runs through and earns no autograded point;
- each typical wrong answer in tests/wrong_answers/<day>.py loses exactly its exercise's points;
- the answer table tests/answer_tables/<day>.py (the ways a class writes each exercise): every
  correct variant keeps full marks, every wrong one loses exactly its exercise's points, with a
  failure message that contains the words the table gives.

Per day, one `coursekit release` (nbgrader generate_assignment, then session data stripped) and
one `nbgrader autograde` run, in a throwaway course folder, serve all of these. Its students are
"solution", "unchanged", one "wrong_<answer>" per typical wrong answer, and per k one "correct_<k>"
and one "mistaken_<k>" holding the k-th correct (wrong) variant of every exercise that has one, the
solution elsewhere: a check judges each exercise on its own, so one notebook grades many variants. The runs of all selected days start
together on a thread pool with one worker per core, so the cores stay busy while the first day's
results are checked. Under pytest-xdist, pass `--dist loadgroup` so that each day's tests share
one run (they are grouped by day).
"""
from __future__ import annotations

import copy
import difflib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import write_notebook
from coursekit import cli, notebooks

import student

SOLUTION, UNCHANGED, WRONG = "solution", "unchanged", "wrong_"
CORRECT_VARIANTS, WRONG_VARIANTS = "correct_", "mistaken_"  # + k, the round
# What an unwritten answer may raise in the released notebook: the stub's NotImplementedError,
# and the check that reports it. Anything else (NameError, ImportError, ...) is a notebook bug.
EXPECTED_RELEASE_ERRORS = {"NotImplementedError", "CheckFailure"}
CACHES = {".ipynb_checkpoints", "__pycache__"}  # made by opening release/ in Jupyter; git ignores


# --- one nbgrader run per day --------------------------------------------------------------------

@dataclass(repr=False)
class DayRun:
    """Everything one day's release + autograde run produced."""

    day: str
    course: object  # conftest.CourseRoot
    source: dict
    released: dict
    wrong_answers: dict
    table: tuple = ({}, {})  # (correct, wrong): answer grade_id -> [student.Variant]
    variants: dict = field(default_factory=dict)  # student -> answer grade_id -> Variant
    log: str = ""
    grades: dict = field(default_factory=dict)  # student -> grade_id -> CellGrade
    executed: dict = field(default_factory=dict)  # student -> autograded notebook (or None)

    def __repr__(self) -> str:
        return f"DayRun({self.day!r}, students={sorted(self.grades)})"


def with_answer(nb: dict, grade_id: str, source: str) -> dict:
    """A copy of `nb` whose answer cell `grade_id` holds `source` instead."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if notebooks.is_answer(cell) and notebooks.grader_meta(cell).get("grade_id") == grade_id:
            cell["source"] = source
            return nb
    raise KeyError(grade_id)


def submissions(run: DayRun) -> dict:
    """student -> notebook: the solution, the unchanged release, one per known wrong answer, and
    the answer table's variants (recorded in run.variants)."""
    answers = notebooks.tests_by_answer(run.source)
    students = {SOLUTION: run.source, UNCHANGED: run.released}
    students.update({WRONG + grade_id: with_answer(run.source, grade_id, code)
                     for grade_id, code in run.wrong_answers.items() if grade_id in answers})
    correct, wrong = run.table
    for prefix, table in ((CORRECT_VARIANTS, correct), (WRONG_VARIANTS, wrong)):
        for k, chosen in enumerate(variant_rounds(table, answers), 1):
            nb = run.source
            for answer, variant in chosen.items():
                nb = with_answer(nb, answer, variant.source)
            students[f"{prefix}{k}"] = nb
            run.variants[f"{prefix}{k}"] = chosen
    return students


def variant_rounds(table: dict, answers) -> list:
    """Round k: answer grade_id -> its k-th variant, for the answers (of `answers`) that have one."""
    table = {answer: variants for answer, variants in table.items() if answer in answers}
    rounds = max(map(len, table.values()), default=0)
    return [{answer: variants[k] for answer, variants in table.items() if k < len(variants)}
            for k in range(rounds)]


def run_day(course, day: str, wrong_answers: dict, table: tuple = ({}, {})) -> DayRun:
    """`coursekit release` the day in `course`, then submit every student and autograde them all
    in one nbgrader run."""
    try:
        cli.release_day(course.path, day)
    except cli.NbgraderError as err:
        pytest.fail(f"{err}\n--- end of the log ---\n{err.output[-3000:]}", pytrace=False)
    run = DayRun(day, course,
                 notebooks.load(notebooks.day_notebook(course.path / cli.SOURCE / day)),
                 notebooks.load(notebooks.day_notebook(course.path / cli.RELEASE / day)),
                 wrong_answers, table)
    students = submissions(run)
    for student, nb in students.items():
        course.submit(student, day, nb)
    run.log = course.nbgrader("autograde", day, "--force", check=False).stdout
    for student in students:
        run.grades[student] = course.grades(student, day)
        try:
            run.executed[student] = course.autograded(student, day)
        except notebooks.NotebookError:
            run.executed[student] = None
    return run


def selected_days(session) -> list:
    """The days whose pipeline runs this session's selected tests need, in test order."""
    days = []
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        if callspec and "day_run" in item.fixturenames and callspec.params.get("day") not in days:
            days.append(callspec.params["day"])
    return days


@pytest.fixture(scope="session")
def day_runs(request, course_root_factory):
    """day -> DayRun, computed on a thread pool. Outside pytest-xdist every selected day starts at
    the first request; inside a worker (which cannot see its share of the tests) each day starts
    when first asked for."""
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
    futures = {}

    def start(day):
        if day not in futures:
            course = course_root_factory([day])
            wrong = student.wrong_answers(day, missing_ok=True)
            futures[day] = pool.submit(run_day, course, day, wrong, student.answer_table(day))

    def get(day):
        if not os.environ.get("PYTEST_XDIST_WORKER"):
            for other in selected_days(request.session):
                start(other)
        start(day)
        return futures[day].result()

    yield get
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session")
def day_run(day_runs, day) -> DayRun:
    return day_runs(day)


# --- judging the results (pure functions, unit-tested below) -------------------------------------

def cell_label(nb: dict, index: int) -> str:
    cell = nb["cells"][index]
    grade_id = notebooks.grader_meta(cell).get("grade_id")
    return f"cell {index + 1}" + (f" ('{grade_id}')" if grade_id else "")


def notebook_differences(expected: dict, actual: dict, limit: int = 5) -> list:
    """Where `actual` differs from `expected`, cell by cell, as diff-like messages."""
    problems = [f"notebook {key}: expected {json.dumps(expected.get(key), sort_keys=True)}, got "
                f"{json.dumps(actual.get(key), sort_keys=True)}"
                for key in ("metadata", "nbformat", "nbformat_minor")
                if expected.get(key) != actual.get(key)]
    if len(expected["cells"]) != len(actual["cells"]):
        problems.append(f"{len(expected['cells'])} cells expected, {len(actual['cells'])} found")
    for i, (want, got) in enumerate(zip(expected["cells"], actual["cells"])):
        for key in sorted(set(want) | set(got)):
            if want.get(key) != got.get(key):
                problems.append(f"{cell_label(expected, i)}: {key} differs:\n"
                                + _diff(want.get(key), got.get(key)))
    return problems[:limit] + ([f"... and {len(problems) - limit} more"]
                               if len(problems) > limit else [])


def _diff(want, got) -> str:
    return "\n".join(difflib.unified_diff(_lines(want), _lines(got), "expected", "found",
                                          lineterm="", n=1))


def _lines(value) -> list:
    """A cell field as lines: source text as it reads, anything else as indented JSON."""
    if isinstance(value, str) or (isinstance(value, list)
                                  and all(isinstance(v, str) for v in value)):
        return notebooks.source_of({"source": value}).splitlines()
    return json.dumps(value, indent=1, sort_keys=True).splitlines()


def folder_differences(expected: Path, actual: Path) -> list:
    """How folder `actual` differs from `expected`: missing or extra files, notebooks cell by
    cell (as JSON), other files byte for byte. Jupyter's and Python's caches are not files."""
    want, got = _files(expected), _files(actual)
    problems = [f"{name}: missing" for name in sorted(want - got)]
    problems += [f"{name}: not made from source/ (delete it)" for name in sorted(got - want)]
    for name in sorted(want & got):
        if name.endswith(notebooks.NOTEBOOK_SUFFIX):
            problems += [f"{name}: {p}" for p in notebook_differences(
                notebooks.load(expected / name), notebooks.load(actual / name))]
        elif (expected / name).read_bytes() != (actual / name).read_bytes():
            problems.append(f"{name}: contents differ")
    return problems


def _files(folder: Path) -> set:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and not CACHES & set(p.relative_to(folder).parts)}


def autograded_cells(grades: dict) -> dict:
    return {grade_id: g for grade_id, g in grades.items() if g.autograded}


def full_marks_problems(grades: dict) -> list:
    cells = autograded_cells(grades)
    if not cells:
        return ["no autograded cell was graded"]
    return [f"'{grade_id}' scored {g.score:g} of {g.max_score:g}"
            for grade_id, g in cells.items() if g.score != g.max_score]


def wrong_answer_problems(answer: str, grades: dict, tests: list, points: float) -> list:
    """Why a wrong `answer` did not lose exactly the points of its own `tests` ([] if it did)."""
    lost = {grade_id: g.max_score - g.score for grade_id, g in autograded_cells(grades).items()
            if g.score != g.max_score}
    problems = []
    kept = [t for t in tests if t not in lost]
    if kept:
        problems.append(f"wrong '{answer}' still passes {', '.join(kept)}: the check does not "
                        "catch this typical mistake")
    others = sorted(set(lost) - set(tests))
    if others:
        problems.append(f"wrong '{answer}' also loses points on {', '.join(others)}: those tests "
                        "must judge their own answer alone (give the check `dependencies`)")
    if not problems and sum(lost.values()) != points:
        problems.append(f"wrong '{answer}' lost {sum(lost.values()):g} points, expected {points:g}")
    return problems


def variant_problems(chosen: dict, grades: dict, tests: dict, messages: dict,
                     correct: bool) -> list:
    """Why a variant submission was misjudged ([] if it was not). chosen: answer -> Variant;
    tests: answer -> its test grade_ids; messages: test grade_id -> the cell's output text.
    A correct variant keeps every point; a wrong one scores 0 on each of its exercise's tests,
    with `says` in the message; the exercises left at the solution keep their points."""
    problems = []
    for answer, cells in tests.items():
        variant = chosen.get(answer)
        for grade_id in cells:
            g = grades.get(grade_id)
            if g is None:
                problems.append(f"'{grade_id}' was not graded")
            elif variant is None or correct:
                if g.score != g.max_score:
                    what = (f"correct '{answer}' variant '{variant.name}'" if variant else
                            f"the solution of '{answer}' (beside {_names(chosen)})")
                    problems.append(f"{what} scored {g.score:g} of {g.max_score:g} on "
                                    f"'{grade_id}': {_first_line(messages.get(grade_id, ''))}")
            elif g.score:
                problems.append(f"wrong '{answer}' variant '{variant.name}' kept {g.score:g} of "
                                f"{g.max_score:g} on '{grade_id}': the check misses this mistake")
        if variant is not None and not correct and variant.says and not any(
                variant.says.lower() in messages.get(t, "").lower() for t in cells):
            problems.append(f"wrong '{answer}' variant '{variant.name}' lost its points, but no "
                            f"message of {', '.join(cells)} says {variant.says!r}: "
                            f"{_first_line(' '.join(messages.get(t, '') for t in cells))}")
    return problems


def _names(chosen: dict) -> str:
    return ", ".join(f"'{a}' variant '{v.name}'" for a, v in chosen.items()) or "nothing"


def _first_line(text: str, limit: int = 300) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "(no message)"
    return line if len(line) <= limit else line[:limit] + "..."


def cell_messages(nb: dict) -> dict:
    """grade_id -> the text a student reads under that graded cell: errors, then printed text."""
    messages = {}
    for cell in nb["cells"]:
        grade_id = notebooks.grader_meta(cell).get("grade_id")
        outputs = cell.get("outputs", [])
        errors = [o.get("evalue", "") for o in outputs if o.get("output_type") == "error"]
        printed = [notebooks.source_of({"source": o.get("text", "")}) for o in outputs
                   if o.get("output_type") == "stream"]
        if grade_id:
            messages[grade_id] = "\n".join(errors + printed)
    return messages


def error_outputs(nb: dict) -> list:
    """(cell label, exception name, message) of every error output in an executed notebook."""
    return [(cell_label(nb, i), out.get("ename", ""), out.get("evalue", ""))
            for i, cell in enumerate(nb["cells"]) for out in cell.get("outputs", [])
            if out.get("output_type") == "error"]


def graded_or_fail(run: DayRun, student: str) -> dict:
    """The student's grades; fail with nbgrader's errors if the run did not grade the submission."""
    grades = run.grades.get(student)
    if not grades or run.executed.get(student) is None:
        errors = "\n".join(cli.error_summary(run.log)) or run.log[-3000:]
        pytest.fail(f"{run.day}: nbgrader autograde did not grade '{student}' (the notebook "
                    f"crashed or timed out):\n{errors}", pytrace=False)
    return grades


# --- the tests -----------------------------------------------------------------------------------

def test_source_notebook_is_valid(repo_root, day):
    problems = notebooks.check_day(repo_root / cli.SOURCE / day)
    assert not problems, f"{day} breaks the notebook conventions:\n" + "\n".join(problems)


def test_release_is_generated_from_source(repo_root, day_run):
    generated = day_run.course.path / cli.RELEASE / day_run.day
    problems = folder_differences(generated, repo_root / cli.RELEASE / day_run.day)
    assert not problems, (f"release/{day_run.day} is not what `coursekit release` makes from "
                          f"source/{day_run.day} (run `make release` and commit release/):\n"
                          + "\n".join(problems))


def test_solution_earns_full_marks(day_run):
    grades = graded_or_fail(day_run, SOLUTION)
    errors = [f"{where}: {name}: {message}"
              for where, name, message in error_outputs(day_run.executed[SOLUTION])]
    problems = full_marks_problems(grades) + errors
    assert not problems, (f"{day_run.day}: the source notebook, graded as a submission, does not "
                          "earn full marks cleanly:\n" + "\n".join(problems))


def test_unchanged_release_earns_nothing(day_run):
    grades = graded_or_fail(day_run, UNCHANGED)
    scored = [f"'{grade_id}' gave {g.score:g} points for nothing"
              for grade_id, g in autograded_cells(grades).items() if g.score]
    unexpected = [f"{where}: {name}: {message}"
                  for where, name, message in error_outputs(day_run.executed[UNCHANGED])
                  if name not in EXPECTED_RELEASE_ERRORS]
    problems = scored + unexpected
    assert not problems, (f"{day_run.day}: the released notebook, submitted unchanged, should run "
                          "through, fail only on the unwritten answers, and earn 0 points:\n"
                          + "\n".join(problems))


def test_every_exercise_has_one_wrong_answer(repo_root, day):
    source = notebooks.load(notebooks.day_notebook(repo_root / cli.SOURCE / day))
    answers = set(notebooks.tests_by_answer(source))
    wrong = student.wrong_answers(day, missing_ok=True)
    missing, unknown = sorted(answers - set(wrong)), sorted(set(wrong) - answers)
    assert not missing and not unknown, (
        f"tests/wrong_answers/{day}.py: WRONG_ANSWERS needs one entry per answer cell; missing "
        f"{missing or 'none'}; not answer cells of the notebook: {unknown or 'none'}")


def test_wrong_answers_lose_exactly_their_points(day_run):
    by_answer = notebooks.tests_by_answer(day_run.source)
    points = notebooks.points_by_answer(day_run.source)
    problems = []
    for answer in sorted(set(day_run.wrong_answers) & set(by_answer)):
        grades = graded_or_fail(day_run, WRONG + answer)
        problems += wrong_answer_problems(answer, grades, by_answer[answer], points[answer])
    assert not problems, f"{day_run.day}:\n" + "\n".join(problems)


def test_answer_table_names_answer_cells(repo_root, day):
    source = notebooks.load(notebooks.day_notebook(repo_root / cli.SOURCE / day))
    answers = set(notebooks.tests_by_answer(source))
    correct, wrong = student.answer_table(day)
    unknown = sorted((set(correct) | set(wrong)) - answers)
    assert not unknown, (f"tests/answer_tables/{day}.py: not answer cells of the notebook: "
                         f"{unknown}")


@pytest.mark.parametrize("kind", ["correct", "wrong"])
def test_answer_table_variants_are_judged_right(day_run, kind):
    tests = notebooks.tests_by_answer(day_run.source)
    prefix = CORRECT_VARIANTS if kind == "correct" else WRONG_VARIANTS
    problems = []
    for name, chosen in day_run.variants.items():
        if not name.startswith(prefix) or not name[len(prefix):].isdigit():
            continue
        grades = graded_or_fail(day_run, name)
        messages = cell_messages(day_run.executed[name])
        problems += variant_problems(chosen, grades, tests, messages, correct=kind == "correct")
    assert not problems, f"{day_run.day}, tests/answer_tables/{day_run.day}.py:\n" + \
        "\n".join(problems)


# --- the judging functions themselves (no nbgrader) ----------------------------------------------

def grades_of(**scores):
    """grade_id=(score, max) -> grades as the gradebook gives them; a name starting with
    'written' is a hand-graded cell."""
    return {name: SimpleNamespace(score=s, max_score=m, autograded=not name.startswith("written"))
            for name, (s, m) in scores.items()}


def test_full_marks_problems_name_the_cell_that_lost_points():
    assert full_marks_problems(grades_of(a_tests=(2, 2), written=(0, 1))) == []
    assert full_marks_problems(grades_of(a_tests=(0, 2))) == ["'a_tests' scored 0 of 2"]
    assert full_marks_problems(grades_of(written=(0, 1))) == ["no autograded cell was graded"]


def test_wrong_answer_problems_accept_exactly_its_own_loss():
    grades = grades_of(a_tests=(0, 2), a_more=(0, 1), b_tests=(3, 3), written=(0, 1))
    assert wrong_answer_problems("a", grades, ["a_tests", "a_more"], 3) == []


def test_wrong_answer_problems_report_a_mistake_the_check_misses():
    grades = grades_of(a_tests=(2, 2), b_tests=(3, 3))
    assert wrong_answer_problems("a", grades, ["a_tests"], 2) == [
        "wrong 'a' still passes a_tests: the check does not catch this typical mistake"]


def test_wrong_answer_problems_report_a_loss_on_another_exercise():
    grades = grades_of(a_tests=(0, 2), b_tests=(0, 3))
    (problem,) = wrong_answer_problems("a", grades, ["a_tests"], 2)
    assert "also loses points on b_tests" in problem


def test_notebook_differences_name_the_changed_cell(demo_notebook):
    edited = copy.deepcopy(demo_notebook)
    edited["cells"][3]["source"] = "assert square(3) == 9"
    (problem,) = notebook_differences(demo_notebook, edited)
    assert problem.startswith("cell 4 ('square_tests'): source differs")
    assert "-### BEGIN HIDDEN TESTS" in problem
    assert notebook_differences(demo_notebook, copy.deepcopy(demo_notebook)) == []


def test_notebook_differences_report_a_missing_cell(demo_notebook):
    shorter = copy.deepcopy(demo_notebook)
    del shorter["cells"][-1]
    assert notebook_differences(demo_notebook, shorter) == ["9 cells expected, 8 found"]


def test_with_answer_replaces_only_that_answer(demo_notebook):
    changed = with_answer(demo_notebook, "cube", "def cube(x):\n    return x * x")
    differing = [i for i, (a, b) in enumerate(zip(demo_notebook["cells"], changed["cells"]))
                 if a != b]
    assert differing == [4]
    with pytest.raises(KeyError):
        with_answer(demo_notebook, "square_tests", "")


def test_error_outputs_list_every_error(demo_notebook):
    demo_notebook["cells"][3]["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": "ok"},
        {"output_type": "error", "ename": "CheckFailure", "evalue": "square: wrong", "traceback": []}]
    assert error_outputs(demo_notebook) == [("cell 4 ('square_tests')", "CheckFailure",
                                             "square: wrong")]


def test_folder_differences_report_files_and_cells(tmp_path, demo_notebook):
    expected, actual = tmp_path / "generated", tmp_path / "release"
    for folder in (expected, actual):
        (folder / ".ipynb_checkpoints").mkdir(parents=True)
        write_notebook(demo_notebook, folder / "day.ipynb")
    (expected / "data.csv").write_text("x\n1\n")
    (actual / "notes.txt").write_text("hand-made")
    (actual / ".ipynb_checkpoints" / "day-checkpoint.ipynb").write_text("{}")
    assert folder_differences(expected, actual) == ["data.csv: missing",
                                                    "notes.txt: not made from source/ (delete it)"]
    demo_notebook["cells"][0]["source"] = "# Demo day, edited by hand"
    write_notebook(demo_notebook, actual / "day.ipynb")
    (problem,) = folder_differences(expected, actual)[2:]
    assert problem.startswith("day.ipynb: cell 1: source differs:\n--- expected\n+++ found")


def variant(answer, name, says=""):
    return student.Variant(answer, name, "", says)


def test_variant_rounds_take_the_kth_variant_of_each_answer():
    a1, a2, b1 = variant("a", "a1"), variant("a", "a2"), variant("b", "b1")
    rounds = variant_rounds({"a": [a1, a2], "b": [b1], "gone": [variant("gone", "x")]}, ["a", "b"])
    assert rounds == [{"a": a1, "b": b1}, {"a": a2}]
    assert variant_rounds({}, ["a"]) == []


def test_variant_problems_accept_correct_variants_with_full_marks():
    grades = grades_of(a_tests=(2, 2), b_tests=(3, 3))
    tests = {"a": ["a_tests"], "b": ["b_tests"]}
    assert variant_problems({"a": variant("a", "fused")}, grades, tests, {}, correct=True) == []


def test_variant_problems_name_a_correct_variant_that_lost_points():
    grades = grades_of(a_tests=(0, 2), b_tests=(1, 3))
    tests = {"a": ["a_tests"], "b": ["b_tests"]}
    problems = variant_problems({"a": variant("a", "fused")}, grades, tests,
                                {"a_tests": "a: wrong\nHint: ...", "b_tests": "b: odd"},
                                correct=True)
    assert problems == [
        "correct 'a' variant 'fused' scored 0 of 2 on 'a_tests': a: wrong",
        "the solution of 'b' (beside 'a' variant 'fused') scored 1 of 3 on 'b_tests': b: odd"]


def test_variant_problems_want_a_wrong_variant_at_zero_saying_its_words():
    tests = {"a": ["a_tests", "a_more"], "b": ["b_tests"]}
    chosen = {"a": variant("a", "sum", says="mean over the batch")}
    zero = grades_of(a_tests=(0, 2), a_more=(0, 1), b_tests=(3, 3))
    assert variant_problems(chosen, zero, tests, {"a_more": "Use the MEAN over the batch."},
                            correct=False) == []
    (silent,) = variant_problems(chosen, zero, tests, {"a_tests": "a: wrong"}, correct=False)
    assert "no message of a_tests, a_more says 'mean over the batch'" in silent
    partial = grades_of(a_tests=(0, 2), a_more=(1, 1), b_tests=(3, 3))
    problems = variant_problems(chosen, partial, tests, {"a_tests": "mean over the batch"},
                                correct=False)
    assert problems == ["wrong 'a' variant 'sum' kept 1 of 1 on 'a_more': the check misses this "
                        "mistake"]


def test_cell_messages_join_errors_and_printed_text(demo_notebook):
    demo_notebook["cells"][3]["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": ["square: all ", "3 passed"]},
        {"output_type": "error", "ename": "CheckFailure", "evalue": "square: wrong",
         "traceback": []}]
    assert cell_messages(demo_notebook)["square_tests"] == "square: wrong\nsquare: all 3 passed"
