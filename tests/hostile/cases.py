"""The hostile submissions, each with the score and integrity-report lines it must get.

Every case is a student of notebook.DAY. `build(root)` returns the submitted file's content (a
notebook dict, or raw bytes for broken files) given the course folder, so that cases which try to
read or write the instructor's files know where they are. `score` is the autograded score
(sigmoid_tests 3 + relu_tests 2); `report` the (exercise, status) lines of the integrity report
("*" for the whole submission, "-" for a flag that affects no test cell).
"""
from __future__ import annotations

import base64
import contextlib
import copy
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Union

import nbformat

from . import notebook as demo
from .notebook import (DAY, GOOD_RELU, GOOD_SIGMOID, OTHER_RELU, OTHER_SIGMOID, WRONG_SIGMOID,
                       cell, index_of, submission)

ALL_ZEROED = {("sigmoid_tests", "zeroed"), ("relu_tests", "zeroed")}
LEAK = "LEAKED:"


@dataclass
class Case:
    student: str
    what: str
    build: Callable[[Path], Union[dict, bytes]]
    score: float
    report: set = field(default_factory=set)
    filename: str = f"{DAY}.ipynb"


def _with_cell(nb: dict, source: str, before: str = None) -> dict:
    """nb with an extra student cell, before the cell `before` (default: at the end)."""
    position = index_of(nb, before) if before else len(nb["cells"])
    nb["cells"].insert(position, cell("code", source))
    return nb


def _append_to_answer(nb: dict, grade_id: str, code: str) -> dict:
    nb["cells"][index_of(nb, grade_id)]["source"] += "\n" + code
    return nb


def perfect_evidence(name: str) -> list:
    """The evidence bundles a perfect answer to check `name` records: what a forger would print."""
    import os

    from coursekit import functions as ref
    from coursekit.checks import activations, evidence

    shown = []
    saved_env, saved_publish = os.environ.get(evidence.GRADING_ENV), evidence._publish
    os.environ[evidence.GRADING_ENV], evidence._publish = "1", lambda data: shown.append(data)
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # "all 6 visible tests passed"
            for hidden in (False, True):
                getattr(activations, name)(getattr(ref, name), hidden=hidden)
    finally:
        evidence._publish = saved_publish
        if saved_env is None:
            del os.environ[evidence.GRADING_ENV]
        else:
            os.environ[evidence.GRADING_ENV] = saved_env
    return [data[evidence.MIME] for data in shown]


def _forged_print(root: Path) -> dict:
    # Nothing here names coursekit (the payload is base64, the MIME type assembled), so no
    # integrity flag: the printed evidence itself must count for nothing.
    payload = base64.b64encode(json.dumps(perfect_evidence("sigmoid")).encode()).decode()
    code = ("import base64, json\n"
            "_mime = 'application/vnd.' + 'course' + 'kit.evidence+json'\n"
            f"for _bundle in json.loads(base64.b64decode({payload!r})):\n"
            "    print(json.dumps({_mime: _bundle}))")
    return _append_to_answer(submission(sigmoid=WRONG_SIGMOID), "sigmoid", code)


def _forged_display(root: Path) -> dict:
    code = ("import json\n"
            f"for _bundle in json.loads({json.dumps(json.dumps(perfect_evidence('sigmoid')))}):\n"
            "    display({'application/vnd.coursekit.evidence+json': _bundle}, raw=True)")
    return _append_to_answer(submission(sigmoid=WRONG_SIGMOID), "sigmoid", code)


def _forged_by_check(root: Path) -> dict:
    """The answer swaps the check for one that checks the reference instead: genuine evidence,
    of the wrong function. Only the integrity report catches it."""
    code = ("_real_check = check.sigmoid\n"
            "def _checks_the_reference(fn, hidden=False):\n"
            "    return _real_check(ref.sigmoid, hidden)\n"
            "check.sigmoid = _checks_the_reference")
    return _append_to_answer(submission(sigmoid=WRONG_SIGMOID), "sigmoid", code)


def _edited_test(root: Path) -> dict:
    nb = submission()
    nb["cells"][index_of(nb, "sigmoid_tests")]["source"] = "pass  # no tests today"
    nb["cells"][index_of(nb, "relu_tests")]["metadata"]["nbgrader"]["points"] = 100
    return nb


def _deleted_test(root: Path) -> dict:
    nb = submission()
    del nb["cells"][index_of(nb, "sigmoid_tests")]
    return nb


def _duplicated_test(root: Path) -> dict:
    nb = submission()
    i = index_of(nb, "sigmoid_tests")
    nb["cells"].insert(i, copy.deepcopy(nb["cells"][i]))
    nb["cells"][i]["id"] = "copy-of-sigmoid-tests"
    return nb


def _invented_test(root: Path) -> dict:
    """A cell of the student's claims to be a test cell worth 100 points."""
    nb = submission(sigmoid=WRONG_SIGMOID)
    nb["cells"].append(cell("code", "pass", "bonus_tests", grade=True, locked=True, points=100))
    return nb


def _retyped_test(root: Path) -> dict:
    nb = submission(sigmoid=WRONG_SIGMOID)
    for grade_id, kind in (("sigmoid_tests", "markdown"), ("relu_tests", "raw")):
        c = nb["cells"][index_of(nb, grade_id)]
        c["cell_type"] = kind
        c.pop("outputs", None)
        c.pop("execution_count", None)
    return nb


def _snoop(root: Path) -> dict:
    targets = [root / "source" / DAY / f"{DAY}.ipynb", root / "autograder" / "gradebook.db",
               root / "autograder" / "submitted" / "honest_a" / DAY / f"{DAY}.ipynb",
               root / "nbgrader_config.py", Path("/root/.bash_history"), Path("/etc/shadow"),
               Path(f"{DAY}.ipynb")]  # the notebook being graded, hidden tests restored
    code = ("for _path in %r:\n"
            "    try:\n"
            "        with open(_path, 'rb') as _f:\n"
            "            print(%r, _path, _f.read(40))\n"
            "    except OSError as _e:\n"
            "        print('blocked:', _path, type(_e).__name__)") % ([str(t) for t in targets], LEAK)
    return _with_cell(submission(), code, before="sigmoid_tests")


VANDAL_TARGETS = ["source/{day}/vandal.txt", "autograder/gradebook.db",
                  "autograder/submitted/honest_a/{day}/{day}.ipynb", "vandal_root.txt",
                  "autograder/autograded/honest_a/{day}/{day}.ipynb"]


def _vandal(root: Path) -> dict:
    targets = [str(root / t.format(day=DAY)) for t in VANDAL_TARGETS] + ["../../vandal_up.txt"]
    code = ("for _path in %r:\n"
            "    try:\n"
            "        with open(_path, 'a') as _f:\n"
            "            _f.write('vandalised')\n"
            "        print('WROTE', _path)\n"
            "    except OSError as _e:\n"
            "        print('blocked:', _path, type(_e).__name__)") % targets
    return _with_cell(submission(), code, before="sigmoid_tests")


def _network(root: Path) -> dict:
    code = ("import urllib.request\n"
            "for _url in ['http://1.1.1.1/', 'http://pypi.org/', 'http://127.0.0.1:8888/']:\n"
            "    try:\n"
            "        urllib.request.urlopen(_url, timeout=3)\n"
            f"        print({LEAK!r}, _url)\n"
            "    except OSError as _e:\n"
            "        print('no network:', _url, type(_e).__name__)")
    return _with_cell(submission(), code, before="sigmoid_tests")


def _fork_bomb(root: Path) -> dict:
    return _with_cell(submission(), "import os\nwhile True:\n    os.fork()")


def _nbformat3(root: Path) -> bytes:
    nb = nbformat.from_dict(submission())
    return nbformat.writes(nbformat.convert(nb, 3), version=3).encode()


def _huge(root: Path) -> dict:
    nb = submission()
    setup = nb["cells"][index_of(nb, "setup")]
    setup["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "y" * 50_000_000}]
    return nb


def _non_utf8(root: Path) -> bytes:
    text = json.dumps(submission(), indent=1).encode()
    return text.replace(b"Logistic sigmoid", b"Logistic sigmoid \xff\xfe\xc3", 1)


def _raises(exception: str, where: str) -> Callable[[Path], dict]:
    body = f"raise {exception}()"
    return lambda root: submission(**{where: body})


CASES = [
    Case("honest_a", "a correct submission", lambda root: submission(), 5),
    Case("honest_b", "another correct submission, other formulas",
         lambda root: submission(OTHER_SIGMOID, OTHER_RELU), 5),
    Case("wrong_sigmoid", "an overflowing sigmoid", lambda root: submission(WRONG_SIGMOID), 2),
    Case("numpy_patched", "wrong sigmoid; numpy's comparisons and warnings patched",
         lambda root: _append_to_answer(submission(WRONG_SIGMOID), "sigmoid",
                                        "import warnings\n"
                                        "np.allclose = lambda *a, **k: True\n"
                                        "np.isclose = lambda a, b, **k: np.ones(np.shape(b), bool)\n"
                                        "np.testing.assert_allclose = lambda *a, **k: None\n"
                                        "warnings.simplefilter = lambda *a, **k: None"),
         2, {("-", "noted")}),
    Case("builtins_shadowed", "wrong sigmoid; builtins shadowed in the notebook",
         lambda root: _append_to_answer(submission(WRONG_SIGMOID), "sigmoid",
                                        "AssertionError = Exception\n"
                                        "isinstance = lambda *a: True\nlen = lambda x: 0"), 2),
    Case("builtins_module", "wrong sigmoid; the builtins module patched",
         lambda root: _append_to_answer(submission(WRONG_SIGMOID), "sigmoid",
                                        "import builtins\nbuiltins.AssertionError = Exception"),
         0, ALL_ZEROED | {("-", "noted")}),
    Case("coursekit_patched", "wrong sigmoid; the check replaced by a no-op",
         lambda root: _append_to_answer(submission(WRONG_SIGMOID), "sigmoid",
                                        "check.sigmoid = lambda fn, hidden=False: None"),
         0, ALL_ZEROED | {("-", "noted")}),
    Case("judge_patched", "wrong sigmoid; coursekit's judge patched",
         lambda root: _append_to_answer(submission(WRONG_SIGMOID), "sigmoid",
                                        "import coursekit.checks.core as _core\n"
                                        "_core.judge = lambda *a: None\n"
                                        "_core.compare_arrays = lambda *a: None"),
         0, ALL_ZEROED | {("-", "noted")}),
    Case("forged_print", "wrong sigmoid; perfect evidence printed by the answer",
         _forged_print, 2),
    Case("forged_display", "wrong sigmoid; perfect evidence displayed by the answer",
         _forged_display, 0, ALL_ZEROED),
    Case("forged_by_check", "wrong sigmoid; the check made to check the reference",
         _forged_by_check, 0, ALL_ZEROED | {("-", "noted")}),
    Case("hooked", "wrong sigmoid; a post-run hook in the kernel",
         lambda root: _append_to_answer(submission(WRONG_SIGMOID), "sigmoid",
                                        "get_ipython().events.register('post_run_cell', "
                                        "lambda *a: None)"),
         0, ALL_ZEROED),
    Case("reference_used", "sigmoid written as a call of the reference",
         lambda root: submission(sigmoid="return ref.sigmoid(x)"), 0, ALL_ZEROED),
    Case("reference_imported", "relu imported from coursekit",
         lambda root: submission(relu="from coursekit.functions import relu as r\nreturn r(x)"),
         3, {("relu_tests", "zeroed")}),
    Case("edited_test", "a test cell emptied, another one's points raised", _edited_test, 5),
    Case("deleted_test", "a test cell deleted", _deleted_test, 5),
    Case("duplicated_test", "a test cell duplicated", _duplicated_test, 5),
    Case("retyped_test", "wrong sigmoid; test cells turned into markdown and raw cells",
         _retyped_test, 2),
    Case("invented_test", "wrong sigmoid; a test cell of the student's own, worth 100 points",
         _invented_test, 2),
    Case("sys_exit", "the relu answer cell calls sys.exit",
         lambda root: _append_to_answer(submission(), "relu", "import sys\nsys.exit(3)"), 5),
    Case("os_exit", "the relu answer cell calls os._exit",
         lambda root: _append_to_answer(submission(), "relu", "import os\nos._exit(0)"), 3),
    Case("keyboard_interrupt", "sigmoid raises KeyboardInterrupt",
         _raises("KeyboardInterrupt", "sigmoid"), 2),
    Case("system_exit", "relu raises SystemExit", _raises("SystemExit", "relu"), 3),
    Case("infinite_loop", "relu never returns",
         lambda root: submission(relu="while True:\n    pass"), 3),
    Case("stubborn_loop", "a loop that ignores interrupts, before relu's tests",
         lambda root: _with_cell(submission(), "import signal\n"
                                               "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                                               "while True:\n    pass",
                                 before="relu_tests"), 3, {("relu_tests", "zeroed")}),
    Case("memory_bomb", "the relu answer cell allocates without end",
         lambda root: _append_to_answer(submission(), "relu",
                                        "def _bomb():\n    blocks = []\n    while True:\n"
                                        "        blocks.append(np.ones(10**7))\n_bomb()"), 5),
    Case("fork_bomb", "a fork bomb after the tests", _fork_bomb, 5, {("-", "flagged")}),
    Case("big_output", "100 MB of output",
         lambda root: _with_cell(submission(), "for _ in range(100):\n    print('x' * 10**6)",
                                 before="relu_tests"), 5),
    Case("display_flood", "after the tests, a display updated 40 times with 3 MB each, by its "
         "display id",
         lambda root: _with_cell(submission(), "_h = display({'text/html': 'small'}, raw=True, "
                                               "display_id=True)\n"
                                               "for _ in range(40):\n"
                                               "    _h.update({'text/html': 'y' * 3 * 10**6}, "
                                               "raw=True)"),
         5, {("-", "flagged")}),
    Case("snoop", "reads source/, the gradebook and another student's submission", _snoop, 5),
    Case("vandal", "writes outside its working copy", _vandal, 5),
    Case("network", "opens network connections", _network, 5),
    Case("corrupt_json", "a truncated JSON file",
         lambda root: json.dumps(submission()).encode()[:-100], 0, {("*", "unreadable")}),
    Case("empty_file", "an empty file", lambda root: b"", 0, {("*", "unreadable")}),
    Case("nbformat3", "a correct submission saved as nbformat 3", _nbformat3, 5),
    Case("renamed", "a correct submission under another name", lambda root: submission(), 5,
         {("*", "renamed")}, filename=f"{DAY} (1).ipynb"),
    Case("missing", "no notebook at all", lambda root: b"see attachment", 0,
         {("*", "missing")}, filename="notes.txt"),
    Case("non_utf8", "a correct submission with bytes that are not UTF-8", _non_utf8, 0,
         {("*", "unreadable")}),
    Case("huge", "a correct submission of 50 MB", _huge, 5),
]

HONEST = ["honest_a", "honest_b"]
