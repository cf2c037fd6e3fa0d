"""Hidden cases from the answer key (coursekit_key): found by the instructor's install, handed to
the grading kernel as data (coursekit.grading.handover), refused at a student's home; and, graded
for real, a day-4 submission that searches its kernel for the key finds neither the package nor
its files nor an expected value (and is flagged for the search), and one whose forward looks its
calls up in the handed-over stand-in tables finds none."""
from __future__ import annotations

import json

import numpy as np
import pytest

from coursekit.checks import evidence, forward, hidden
from coursekit.checks.core import CheckFailure
from coursekit.grading.sandbox import Sandbox

DAY = "day04_forward_pass"
needs_sandbox = pytest.mark.skipif(Sandbox().problem() is not None,
                                   reason=f"cannot sandbox here: {Sandbox().problem()}")


def test_the_instructors_install_finds_the_hidden_cases_in_the_key():
    cases = forward.forward.cases(hidden=True)
    assert len(cases) == 5 and all(case.hidden for case in cases)
    assert forward.forward.__module__ == "coursekit.checks.core"
    assert not hasattr(forward, "_forward_hidden")  # they left the student's package


def test_cases_survive_the_handover_as_data_without_judge_or_expected():
    cases = forward.predict.cases(hidden=True)
    data = json.loads(json.dumps(hidden.encode(cases)))
    assert not any("expected" in item or "judge" in item for item in data)
    back = hidden.decode(data)
    assert [c.label for c in back] == [c.label for c in cases]
    for before, after in zip(cases, back):
        assert after.hidden and after.judge is None and after.hint == before.hint
        assert (after.rtol, after.atol) == (before.rtol, before.atol)
        for a, b in zip(before.args[1:], after.args[1:]):
            assert np.asarray(b).dtype == np.asarray(a).dtype and np.array_equal(a, b)
        assert before.args[0].keys() == after.args[0].keys()


def test_without_the_key_a_student_is_told_hidden_tests_run_when_graded(monkeypatch):
    monkeypatch.setattr(hidden, "KEY_PACKAGE", "coursekit_key_absent.hidden")
    monkeypatch.delenv(evidence.GRADING_ENV, raising=False)
    with pytest.raises(CheckFailure, match="the hidden tests are not here: they run only when "
                                           "your work is graded"):
        forward.forward(lambda network, x: x, hidden=True)


def test_the_grading_kernel_records_handed_over_cases_and_leaves_judging_to_the_grader(
        monkeypatch, tmp_path):
    monkeypatch.setattr(hidden, "KEY_PACKAGE", "coursekit_key_absent.hidden")
    monkeypatch.setattr(hidden, "_handed_over", None)
    monkeypatch.setenv(evidence.GRADING_ENV, "1")
    monkeypatch.chdir(tmp_path)
    cases = forward.forward.hidden_cases
    assert cases is None
    from coursekit_key.hidden import forward as key

    (tmp_path / hidden.HANDOVER_FILE).write_text(
        json.dumps({"coursekit.checks.forward.forward": hidden.encode(key.CASES["forward"]())}))
    emitted = []
    monkeypatch.setattr(evidence, "emit", lambda check, hid, cs, records, names:
                        emitted.append((hid, [c.label for c in cs], records)))
    forward.forward(lambda network, x: np.zeros(3), hidden=True)  # wrong, but not judged here
    (hid, labels, records), = emitted
    assert hid and labels == [c.label for c in key.CASES["forward"]()]
    assert all(np.array_equal(r.output, np.zeros(3)) for r in records)


SEARCH = '''
import gc, importlib, json, os, sys
found = {"import": None, "files": [], "modules": [], "expected_in_handover": None}
try:
    importlib.import_module("coursekit_key")
    found["import"] = "imported"
except ImportError as exc:
    found["import"] = type(exc).__name__
for top in ["/work", "/root", "/tmp", sys.prefix, "/usr/lib", "/usr/local", "/opt", "/home"]:
    for folder, dirs, files in os.walk(top):
        found["files"] += [os.path.join(folder, n) for n in files
                           if n.endswith(".py") and os.path.basename(folder) == "coursekit_key"
                           or "hidden" in folder.split(os.sep) and "coursekit_key" in folder]
found["modules"] = [m for m in sys.modules if m.split(".")[0] == "coursekit_key"]
found["gc"] = sum(1 for o in gc.get_objects() if getattr(o, "__module__", "") and
                  str(getattr(o, "__module__", "")).startswith("coursekit_key"))
with open(".coursekit-hidden-cases.json") as f:
    found["expected_in_handover"] = "expected" in f.read()
print("SEARCH " + json.dumps(found))
'''


@needs_sandbox
def test_a_submission_searching_its_kernel_finds_no_key(course_root_factory):
    from coursekit import notebooks

    course = course_root_factory([DAY])
    course.nbgrader("generate_assignment", DAY, "--force")
    nb = notebooks.load(notebooks.day_notebook(course.path / "source" / DAY))
    nb["cells"].insert(1, {"cell_type": "code", "id": "search", "metadata": {},
                                "source": SEARCH, "outputs": [], "execution_count": None})
    course.submit("eve", DAY, nb)
    course.nbgrader("autograde", DAY, "--force")
    executed = course.autograded("eve", DAY)
    text = "".join("".join(out.get("text", "")) for cell in executed["cells"] if cell.get("id") == "search"
                   for out in cell.get("outputs", []))
    found = json.loads(text.split("SEARCH ", 1)[1])
    assert found == {"import": "ModuleNotFoundError", "files": [], "modules": [], "gc": 0,
                     "expected_in_handover": False}
    # The integrity report still flags the search itself (the course's reference answers are
    # still in the student's install, so reaching objects through gc still means something).
    flags = [out["evalue"] for cell in executed["cells"] for out in cell.get("outputs", [])
             if out.get("ename") == "IntegrityFlag"]
    assert flags and all("imports gc" in flag for flag in flags)
    left = list((course.path / "autograder" / "autograded").rglob(hidden.HANDOVER_FILE))
    assert left == []


PEEK = '''
import json
from coursekit.checks import standins
with open(".coursekit-hidden-cases.json") as f:
    _tables = json.load(f).get("$stand_ins", {})
PEEK = {"entries": sum(len(t["calls"]) for ts in _tables.values() for t in ts.values()),
        "calls": 0, "hits": 0}
_right = forward

def forward(network, x):
    """The right forward pass, after looking every call up in the handed-over tables."""
    PEEK["calls"] += 1
    digest = standins.call_digest({"network": network, "x": x})
    PEEK["hits"] += sum(digest in t["calls"] for ts in _tables.values() for t in ts.values())
    return _right(network, x)
'''


@needs_sandbox
def test_a_forward_that_looks_itself_up_in_the_stand_in_tables_finds_nothing(
        course_root_factory):
    """Graded for real, day 4's handover holds predict's replay of forward; a forward that looks
    each of its calls up there finds none of them. (That the recording drops a call with the
    arguments of forward's own hidden cases, should predict's cases ever share them, is
    tests/test_standins.py's test_no_table_answers_the_helpers_own_hidden_cases.)"""
    from coursekit import notebooks

    course = course_root_factory([DAY])
    course.nbgrader("generate_assignment", DAY, "--force")
    nb = notebooks.load(notebooks.day_notebook(course.path / "source" / DAY))
    index = next(i for i, c in enumerate(nb["cells"])
                 if notebooks.grader_meta(c).get("grade_id") == "forward")
    nb["cells"][index]["source"] = notebooks.source_of(nb["cells"][index]) + "\n" + PEEK
    nb["cells"].append({"cell_type": "code", "id": "peek", "metadata": {}, "outputs": [],
                        "source": "print('PEEK ' + json.dumps(PEEK))", "execution_count": None})
    course.submit("mallory", DAY, nb)
    course.nbgrader("autograde", DAY, "--force")
    executed = course.autograded("mallory", DAY)
    text = "".join("".join(out.get("text", "")) for cell in executed["cells"]
                   if cell.get("id") == "peek" for out in cell.get("outputs", []))
    peek = json.loads(text.split("PEEK ", 1)[1])
    assert peek["entries"] > 0 and peek["calls"] >= 8  # 3 visible and 5 hidden forward cases
    assert peek["hits"] == 0


def test_an_answer_key_installed_in_the_venv_is_covered_by_an_empty_folder(monkeypatch, tmp_path):
    import importlib.util

    from coursekit.grading import sandbox

    venv, elsewhere = tmp_path / "venv", tmp_path / "course" / "key"
    package = venv / "lib" / "site-packages" / "coursekit_key"
    package.mkdir(parents=True)
    spec = importlib.util.spec_from_file_location("coursekit_key", package / "__init__.py",
                                                  submodule_search_locations=[str(package)])
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    assert sandbox._answer_key_paths([str(venv)]) == [str(package)]
    assert sandbox._answer_key_paths([str(elsewhere)]) == []
