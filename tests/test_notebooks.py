"""coursekit.notebooks: reading notebooks, the convention checks, points, and release clean-up.

Each convention test breaks the demo notebook (tests/conftest.py) in one way and expects exactly
one problem, naming the cell, so that a check neither misses its case nor fires on others.
"""
import json

import pytest

from conftest import write_notebook
from coursekit import notebooks

SQUARE, SQUARE_TESTS, CUBE, CUBE_TESTS, CUBE_HIDDEN, PROMPT, WRITTEN = 2, 3, 4, 5, 6, 7, 8


def problems_of(nb):
    return notebooks.check_notebook(nb)


def only_problem(nb):
    problems = problems_of(nb)
    assert len(problems) == 1, problems
    return problems[0]


def grader(nb, index):
    return nb["cells"][index]["metadata"]["nbgrader"]


# --- loading -------------------------------------------------------------------------------------

def test_load_reads_a_notebook(tmp_path, demo_notebook):
    path = tmp_path / "day.ipynb"
    write_notebook(demo_notebook, path)
    assert notebooks.load(path) == demo_notebook


@pytest.mark.parametrize("text, message", [
    ('{"cells": [', "not valid JSON (line 1, column 12"),
    ("[1, 2]", "not a Jupyter notebook"),
    ('{"cells": []}', "not a Jupyter notebook"),
    ('{"nbformat": 3, "worksheets": []}', "nbformat 3 is too old"),
    ('{"nbformat": "4", "cells": []}', "nbformat '4' is too old"),
    ('{"nbformat": 4, "cells": {}}', "without a list of cells"),
    ('{"nbformat": 4, "cells": [], "metadata": []}', "and a metadata dict"),
    ('{"nbformat": 4, "cells": [{"cell_type": "code"}]}', "cell 1 is malformed"),
    ('{"nbformat": 4, "cells": [{"cell_type": "code", "source": null}]}', "cell 1 is malformed"),
])
def test_load_names_the_file_and_the_trouble(tmp_path, text, message):
    path = tmp_path / "broken.ipynb"
    path.write_text(text)
    with pytest.raises(notebooks.NotebookError) as err:
        notebooks.load(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_load_rejects_a_missing_file_and_non_utf8_bytes(tmp_path):
    with pytest.raises(notebooks.NotebookError, match="missing.ipynb: cannot read it"):
        notebooks.load(tmp_path / "missing.ipynb")
    (tmp_path / "latin.ipynb").write_bytes(b'{"nbformat": 4, "cells": ["\xe9"]}')
    with pytest.raises(notebooks.NotebookError, match="latin.ipynb: not UTF-8"):
        notebooks.load(tmp_path / "latin.ipynb")


def test_validate_turns_an_unreadable_file_into_one_problem(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text("{")
    (problem,) = notebooks.validate(path)
    assert "broken.ipynb: not valid JSON" in problem


def test_save_writes_what_load_reads(tmp_path, demo_notebook):
    path = tmp_path / "day.ipynb"
    notebooks.save(demo_notebook, path)
    saved = notebooks.load(path)
    assert [notebooks.source_of(c) for c in saved["cells"]] == \
        [notebooks.source_of(c) for c in demo_notebook["cells"]]
    assert notebooks.check_notebook(saved) == []


# --- the conventions -----------------------------------------------------------------------------

def test_the_demo_notebook_follows_every_convention(tmp_path, demo_notebook):
    path = tmp_path / "day90_demo.ipynb"
    write_notebook(demo_notebook, path)
    assert notebooks.validate(path) == []


def test_validate_prefixes_each_problem_with_the_file_name(tmp_path, demo_notebook):
    del demo_notebook["metadata"]["kernelspec"]
    path = tmp_path / "day90_demo.ipynb"
    write_notebook(demo_notebook, path)
    (problem,) = notebooks.validate(path)
    assert problem.startswith("day90_demo.ipynb: metadata.kernelspec")


@pytest.mark.parametrize("kernelspec", [
    None, {}, {"name": "python3.11", "language": "python", "display_name": "Python 3.11"},
    {"name": "ir", "language": "R", "display_name": "R"}])
def test_kernelspec_must_be_python3(demo_notebook, kernelspec):
    demo_notebook["metadata"]["kernelspec"] = kernelspec
    assert "kernelspec must name the 'python3' kernel" in only_problem(demo_notebook)


def test_outputs_are_rejected(demo_notebook):
    demo_notebook["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout",
                                             "text": "hi"}]
    assert only_problem(demo_notebook).startswith("cell 2: has outputs or an execution count")


def test_execution_counts_are_rejected(demo_notebook):
    demo_notebook["cells"][SQUARE]["execution_count"] = 3
    assert only_problem(demo_notebook).startswith("cell 3 ('square'): has outputs")


def test_session_metadata_is_rejected(demo_notebook):
    demo_notebook["metadata"]["widgets"] = {"state": {}}
    demo_notebook["cells"][1]["metadata"]["execution"] = {"iopub.status.busy": "2024-01-01"}
    problems = problems_of(demo_notebook)
    assert len(problems) == 2
    assert problems[0].startswith("metadata.widgets records a session")
    assert problems[1].startswith("cell 2: metadata execution records a session")


@pytest.mark.parametrize("grade_id, message", [
    ("cell-3a9f0c2d1e4b5a6c", "is an id nbgrader made up"),
    ("cell-3a9f", "is an id nbgrader made up"),
    ("cell12", "is an id nbgrader made up"),
    ("Square Tests", "should be lowercase letters, digits and underscores"),
    ("square-tests", "should be lowercase letters, digits and underscores"),
    ("2square", "should be lowercase letters, digits and underscores"),
    ("", "nbgrader cell without a grade_id"),
    (None, "nbgrader cell without a grade_id"),
])
def test_grade_ids_must_be_descriptive(demo_notebook, grade_id, message):
    grader(demo_notebook, SQUARE_TESTS)["grade_id"] = grade_id
    problem = only_problem(demo_notebook)
    assert problem.startswith("cell 4") and message in problem


def test_a_descriptive_id_that_starts_with_cell_is_fine(demo_notebook):
    grader(demo_notebook, PROMPT)["grade_id"] = "cellular_automaton_prompt"
    assert problems_of(demo_notebook) == []


def test_grade_ids_must_be_unique(demo_notebook):
    grader(demo_notebook, CUBE_HIDDEN)["grade_id"] = "cube_tests"
    assert only_problem(demo_notebook) == (
        "cell 7 ('cube_tests'): grade_id 'cube_tests' is already used by cell 6; grade_ids must "
        "be unique.")


@pytest.mark.parametrize("points", [None, 0, -1, True, "2", [2]])
def test_graded_cells_need_positive_points(demo_notebook, points):
    grader(demo_notebook, CUBE_TESTS)["points"] = points
    if points is None:
        del grader(demo_notebook, CUBE_TESTS)["points"]
    assert "needs points > 0" in only_problem(demo_notebook)


def test_written_answers_need_points_too(demo_notebook):
    grader(demo_notebook, WRITTEN)["points"] = 0
    assert only_problem(demo_notebook).startswith("cell 9 ('written_square'): a graded cell needs")


def test_every_answer_needs_a_test_cell_after_it(demo_notebook):
    del demo_notebook["cells"][SQUARE_TESTS]
    assert only_problem(demo_notebook).startswith(
        "cell 3 ('square'): answer cell with no test cell after it")


def test_the_last_answer_needs_a_test_cell_too(demo_notebook):
    del demo_notebook["cells"][CUBE_TESTS:CUBE_HIDDEN + 1]
    assert "answer cell with no test cell after it" in only_problem(demo_notebook)


def test_a_test_cell_before_any_answer_is_rejected(demo_notebook):
    cells = demo_notebook["cells"]
    cells.insert(1, cells.pop(SQUARE_TESTS))
    # square_tests now checks nothing above it; square is still followed by no test (cube is next)
    problems = problems_of(demo_notebook)
    assert problems == [
        "cell 2 ('square_tests'): test cell before any answer cell; each test cell checks the "
        "answer cell above it.",
        "cell 4 ('square'): answer cell with no test cell after it (a graded code cell before the "
        "next answer cell)."]


def test_at_least_one_written_answer(demo_notebook):
    del demo_notebook["cells"][WRITTEN]
    assert only_problem(demo_notebook).startswith("no written answer")


@pytest.mark.parametrize("flags, message", [
    ({"task": True}, "task cells are not used"),
    ({"grade": True, "solution": True, "points": 1}, "both answer and grade is graded by hand"),
])
def test_code_cells_of_other_kinds_are_rejected(demo_notebook, flags, message):
    cell = demo_notebook["cells"][1]
    cell["metadata"]["nbgrader"] = {"grade": False, "solution": False, "locked": False,
                                    "task": False, "schema_version": 3, "grade_id": "setup",
                                    **flags}
    if flags.get("solution"):
        cell["source"] = "### BEGIN SOLUTION\nimport numpy as np\n### END SOLUTION"
    assert message in only_problem(demo_notebook)


def test_a_graded_markdown_cell_must_be_a_written_answer(demo_notebook):
    grader(demo_notebook, WRITTEN)["solution"] = False
    demo_notebook["cells"][WRITTEN]["source"] = "A product of two equal signs is positive."
    problems = problems_of(demo_notebook)
    assert any("must also be a solution cell" in p for p in problems)
    assert any(p.startswith("no written answer") for p in problems)


def test_answer_cells_need_solution_delimiters(demo_notebook):
    demo_notebook["cells"][SQUARE]["source"] = "def square(x):\n    return x ** 2"
    assert "no '### BEGIN SOLUTION' / '### END SOLUTION' block" in only_problem(demo_notebook)


def test_written_answers_need_solution_delimiters(demo_notebook):
    demo_notebook["cells"][WRITTEN]["source"] = "A product of two equal signs is positive."
    assert only_problem(demo_notebook).startswith("cell 9 ('written_square'): no '### BEGIN")


@pytest.mark.parametrize("source, message", [
    ("def square(x):\n    ### BEGIN SOLUTION\n    return x ** 2", "has no matching"),
    ("def square(x):\n    ### END SOLUTION\n    ### BEGIN SOLUTION\n    return x ** 2\n"
     "    ### END SOLUTION", "are not paired"),
    ("def square(x):\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    return x ** 2\n"
     "    ### END SOLUTION\n    ### END SOLUTION", "are not paired"),
])
def test_solution_delimiters_must_pair(demo_notebook, source, message):
    demo_notebook["cells"][SQUARE]["source"] = source
    assert message in only_problem(demo_notebook)


def test_solution_delimiters_outside_answer_cells_are_rejected(demo_notebook):
    demo_notebook["cells"][1]["source"] = "### BEGIN SOLUTION\nimport numpy as np\n### END SOLUTION"
    assert only_problem(demo_notebook).startswith(
        "cell 2: '### BEGIN SOLUTION' / '### END SOLUTION' belong only in solution")


@pytest.mark.parametrize("source, message", [
    ("assert cube(2) == 8\n### BEGIN HIDDEN TESTS\nassert cube(-1) == -1", "has no matching"),
    ("### END HIDDEN TESTS\nassert cube(2) == 8", "are not paired"),
    ("### BEGIN HIDDEN TESTS\n### BEGIN HIDDEN TESTS\nassert cube(2) == 8\n"
     "### END HIDDEN TESTS\n### END HIDDEN TESTS", "are not paired"),
])
def test_hidden_test_blocks_must_pair(demo_notebook, source, message):
    demo_notebook["cells"][CUBE_TESTS]["source"] = source
    problem = only_problem(demo_notebook)
    assert problem.startswith("cell 6 ('cube_tests')") and message in problem


def test_hidden_tests_outside_test_cells_are_rejected(demo_notebook):
    demo_notebook["cells"][1]["source"] = ("import numpy as np\n### BEGIN HIDDEN TESTS\n"
                                           "x = 1\n### END HIDDEN TESTS")
    assert "belong only in test cells" in only_problem(demo_notebook)


@pytest.mark.parametrize("block", [
    "```python\nx = np.zeros(3)\n```",
    "```py\nx = 1\n```",
    "```Python3\nx = 1\n```",
    "~~~ipython\nx = 1\n~~~",
    "```{python}\nx = 1\n```",
    "```\nfor i in range(3):\n    print(i)\n```",
    "  ```python\nx = 1",
])
def test_python_code_blocks_in_markdown_are_rejected(demo_notebook, block):
    demo_notebook["cells"][0]["source"] = f"# Demo\nLook:\n{block}\nThat is all."
    assert "Python code block in markdown" in only_problem(demo_notebook)


@pytest.mark.parametrize("text", [
    "```text\nx = 1\n```",
    "```bash\nmake test\n```",
    "```\ny = w · x + b  (greater than 0: output 1)\n```",
    "Inline `np.exp(-x)` code is fine.",
    "$$\\sigma(x) = \\frac{1}{1 + e^{-x}}$$",
])
def test_other_markdown_is_fine(demo_notebook, text):
    demo_notebook["cells"][0]["source"] = text
    assert problems_of(demo_notebook) == []


def test_fenced_blocks_finds_each_block_with_its_language():
    text = "a\n```python\nx = 1\n```\nb\n~~~\nplain\n~~~\n````text\n```\n````"
    assert notebooks.fenced_blocks(text) == [("python", "x = 1"), ("", "plain"), ("text", "```")]


# --- exercises and points ------------------------------------------------------------------------

def test_points_by_answer_sums_the_test_cells_after_each_answer(demo_notebook):
    assert notebooks.tests_by_answer(demo_notebook) == {
        "square": ["square_tests"], "cube": ["cube_tests", "cube_hidden_tests"]}
    assert notebooks.points_by_answer(demo_notebook) == {"square": 2, "cube": 3}
    assert notebooks.written_points(demo_notebook) == {"written_square": 1}
    assert notebooks.total_points(demo_notebook) == 6


def test_points_by_answer_reads_a_path(tmp_path, demo_notebook):
    path = tmp_path / "day.ipynb"
    write_notebook(demo_notebook, path)
    assert notebooks.points_by_answer(path) == {"square": 2, "cube": 3}


def test_a_test_after_a_written_answer_still_belongs_to_the_answer_above(demo_notebook):
    cells = demo_notebook["cells"]
    cells.insert(CUBE_HIDDEN, cells.pop(WRITTEN))
    assert notebooks.tests_by_answer(demo_notebook)["cube"] == ["cube_tests", "cube_hidden_tests"]
    assert notebooks.points_by_answer(demo_notebook) == {"square": 2, "cube": 3}


def test_cell_kinds(demo_notebook):
    cells = demo_notebook["cells"]
    assert [i for i, c in enumerate(cells) if notebooks.is_answer(c)] == [SQUARE, CUBE]
    assert [i for i, c in enumerate(cells) if notebooks.is_test(c)] == [SQUARE_TESTS, CUBE_TESTS,
                                                                         CUBE_HIDDEN]
    assert [i for i, c in enumerate(cells) if notebooks.is_written(c)] == [WRITTEN]


# --- release clean-up ----------------------------------------------------------------------------

def test_strip_run_specific_removes_outputs_and_session_data_only(demo_notebook):
    clean = json.loads(json.dumps(demo_notebook))
    demo_notebook["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    demo_notebook["cells"][1].update(execution_count=4, outputs=[
        {"output_type": "stream", "name": "stdout", "text": "hi"}])
    demo_notebook["cells"][1]["metadata"].update(execution={"shell.execute_reply": "now"},
                                                 scrolled=True)
    assert notebooks.strip_run_specific(demo_notebook) is True
    assert demo_notebook == clean
    assert notebooks.strip_run_specific(demo_notebook) is False


# --- day folders ---------------------------------------------------------------------------------

def test_course_days_lists_day_folders_only(tmp_path):
    for name in ("day02_xor_mlp", "day01_perceptron", ".ipynb_checkpoints", "__pycache__"):
        (tmp_path / name).mkdir()
    (tmp_path / "README.md").write_text("notes")
    assert notebooks.course_days(tmp_path) == ["day01_perceptron", "day02_xor_mlp"]
    assert notebooks.course_days(tmp_path / "missing") == []


def test_check_day_accepts_a_good_day(tmp_path, demo_notebook):
    day = tmp_path / "day14_attention"
    day.mkdir()
    write_notebook(demo_notebook, notebooks.day_notebook(day))
    assert notebooks.check_day(day) == []


def test_check_day_reports_the_folder_layout(tmp_path, demo_notebook):
    day = tmp_path / "Day14-Attention"
    day.mkdir()
    write_notebook(demo_notebook, day / "scratch.ipynb")
    problems = notebooks.check_day(day)
    assert len(problems) == 3
    assert "name day folders 'dayNN_topic'" in problems[0]
    assert "one notebook per day, named Day14-Attention.ipynb; also found scratch.ipynb" \
        in problems[1]
    assert "no notebook Day14-Attention.ipynb" in problems[2]


def test_check_day_includes_the_notebook_problems(tmp_path, demo_notebook):
    day = tmp_path / "day14_attention"
    day.mkdir()
    demo_notebook["cells"][SQUARE]["execution_count"] = 1
    write_notebook(demo_notebook, notebooks.day_notebook(day))
    (problem,) = notebooks.check_day(day)
    assert problem.startswith("day14_attention.ipynb: cell 3 ('square'): has outputs")


def test_redact_regions_replace_each_region_and_an_unclosed_one_to_the_end():
    source = "a\n    ### BEGIN X\n    b\n    ### END X\nc\n### BEGIN X\nd"
    assert notebooks.redact_regions(source, "BEGIN X", "END X", "# gone") == \
        "a\n    # gone\nc\n# gone"
    assert notebooks.redact_regions("a\nb", "BEGIN X", "END X", "# gone") == "a\nb"


def test_answer_key_keeps_solutions_drops_hidden_tests_and_nbgrader_metadata(demo_notebook):
    demo_notebook["cells"][3]["outputs"] = [{"output_type": "stream", "name": "stdout",
                                            "text": "ok"}]
    key = notebooks.answer_key(demo_notebook)
    sources = [notebooks.source_of(c) for c in key["cells"]]
    text = "\n".join(sources)
    assert "BEGIN" not in text and "END SOLUTION" not in text
    assert all("nbgrader" not in c["metadata"] for c in key["cells"])
    assert all(c.get("outputs", []) == [] for c in key["cells"])
    for original, kept in zip(demo_notebook["cells"], sources):
        body = notebooks.source_of(original)
        if notebooks.is_answer(original):  # the solution's own lines stay, unmarked
            solution = [line for line in body.splitlines() if "SOLUTION" not in line]
            assert kept.splitlines() == solution
        if notebooks.HIDDEN_TEST_MARKS[0] in body:
            assert notebooks.ANSWERS_HIDDEN_NOTE in kept
    assert notebooks.grader_meta(demo_notebook["cells"][3])  # the source is left as it was
