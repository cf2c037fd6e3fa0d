"""The student's install, built from this repository and installed into a fresh virtual
environment, tried as every exercise's answer (coursekit.grading.keyfree): what it holds of the
answer key is exactly what tests/known_leaks.py lists, no more (a new leak fails) and no less (a
leak closed must leave the list, so the list only shrinks)."""
from __future__ import annotations

import subprocess
import textwrap

import numpy as np
import pytest

from coursekit.checks import activations, course_checks, evidence
from coursekit.checks.core import run_case
from coursekit.grading import keyfree
from coursekit.grading.layout import CheckCall
from coursekit.grading.verify import judge_bundle
from known_leaks import ANSWERS, HIDDEN_CASES


@pytest.fixture(scope="module")
def student(repo_root, tmp_path_factory):
    """(python, folder) of a fresh virtual environment holding the student install alone."""
    workdir = tmp_path_factory.mktemp("student-install")
    return keyfree.build_student_install(repo_root, workdir), workdir


@pytest.fixture(scope="module")
def audit(student, repo_root):
    return keyfree.audit(*student, keyfree.given_cells(repo_root))


def test_the_probe_imports_every_module_and_tries_them_all(audit):
    assert audit.broken_modules == [] and audit.broken_given == []
    assert audit.candidates > 100 and audit.tried > 10 * audit.candidates


def test_the_answers_in_the_student_install_are_the_known_ones(audit):
    found = {(leak.check, leak.candidate) for leak in audit.leaks}
    known = {(check, candidate) for check, candidates in ANSWERS.items() for candidate in candidates}
    new = sorted(found - known)
    closed = sorted(known - found)
    assert not new, "the student install answers more exercises than before:\n" + "\n".join(
        f"  {candidate} passes the hidden checks of {check}" for check, candidate in new)
    assert not closed, "leaks closed (delete them from tests/known_leaks.py):\n" + "\n".join(
        f"  {candidate} -> {check}" for check, candidate in closed)


def test_the_hidden_cases_the_student_install_produces_are_the_known_ones(audit):
    found, known = set(audit.hidden_reproduced), set(HIDDEN_CASES)
    assert not found - known, f"new hidden cases in the student install: {sorted(found - known)}"
    assert not known - found, ("hidden cases no longer in the student install (delete them from "
                               f"tests/known_leaks.py): {sorted(known - found)}")


def test_a_leak_is_judged_by_the_instructors_checks_not_the_probes():
    """The probe only runs candidates; a wrong candidate's records fail the instructor's judge."""

    check = course_checks()["coursekit.checks.activations.sigmoid"]
    assert check is activations.sigmoid
    cases = check.cases(hidden=True)

    def records(fn):
        return {"records": [evidence.encode_record(i, case, run_case(fn, case), [])
                            for i, case in enumerate(cases)]}

    exact = lambda x: 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=float)))
    clipped = lambda x: 1 / (1 + np.exp(-np.clip(np.asarray(x, dtype=float), -10, 10)))
    assert judge_bundle(CheckCall(check, True), records(exact))[0] is None
    problem, count = judge_bundle(CheckCall(check, True), records(clipped))
    assert count == len(cases) and "hidden test" in problem


STUDENT_AT_HOME = """
import importlib.util
import numpy as np
from coursekit.checks import regularization as check

assert importlib.util.find_spec("coursekit_key") is None
assert check.weight_decay_loss.solution() is None

def weight_decay_loss(params, lam):
    return lam / 2 * sum(np.sum(w * w) for name, w in params.items() if name[0] == "W")

check.weight_decay_loss(weight_decay_loss)
try:
    check.weight_decay_loss(lambda params, lam: 2 * weight_decay_loss(params, lam))
except AssertionError as failure:
    print(failure)
"""


def at_home(student, script: str) -> str:
    """What `script` prints when run in the student's install (a fresh venv without the key)."""
    python, workdir = student
    result = subprocess.run([str(python), "-c", textwrap.dedent(script)], cwd=workdir,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_visible_check_whose_reference_is_in_the_key_runs_from_the_student_install(student):
    """The reference of weight_decay_loss is in the answer key only: the student's visible check
    judges with the stored expected values, as specifically as with the reference."""
    out = at_home(student, STUDENT_AT_HOME)
    passed, failed = out.splitlines()[:2]
    assert passed == "weight_decay_loss: all 3 visible tests passed."
    assert failed.startswith("weight_decay_loss: weight_decay_loss({'W1': [[1.0, 2.0], [3.0, 4.0]]")
    assert failed.endswith("returned 3.05; expected 1.525. The factor 0.5 is missing: the penalty "
                           "is 0.5 * lam * sum(W ** 2), whose gradient is then exactly lam * W.")


FLIPPED_AT_HOME = """
from coursekit.checks import conv as check
from coursekit.conv import im2col

def conv_output_size(size, filter_size, stride=1, pad=0):
    return (size + 2 * pad - filter_size) // stride + 1

class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        W = self.W[:, :, ::-1, ::-1]
        fn, _, fh, fw = W.shape
        n, _, h, w = x.shape
        oh = conv_output_size(h, fh, self.stride, self.pad)
        ow = conv_output_size(w, fw, self.stride, self.pad)
        out = im2col(x, fh, fw, self.stride, self.pad) @ W.reshape(fn, -1).T + self.b
        return out.reshape(n, oh, ow, fn).transpose(0, 3, 1, 2)

    def backward(self, dout):
        raise NotImplementedError

try:
    check.Convolution(Convolution)
except AssertionError as failure:
    print(failure)
"""


def test_a_slip_that_needs_the_key_is_named_from_the_student_install(student):
    """Day 14's true convolution is the reference layer with the filter turned: the student's
    install has neither, and names the slip from the values stored for the visible inputs."""
    out = at_home(student, FLIPPED_AT_HOME)
    assert "That is a true convolution, with the filter turned by 180 degrees." in out


ADAM_AT_HOME = """
import numpy as np
from coursekit.checks import optimizers as check

class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, efficient=False):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t, self.efficient = {}, {}, 0, efficient

    def update(self, params, grads):
        self.t += 1
        for key, g in grads.items():
            m = self.m[key] = self.beta1 * self.m.get(key, 0) + (1 - self.beta1) * g
            v = self.v[key] = self.beta2 * self.v.get(key, 0) + (1 - self.beta2) * g ** 2
            if self.efficient:
                lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
                params[key] -= lr_t * m / (np.sqrt(v) + self.eps)
            else:
                v_hat = v / (1 - self.beta2 ** self.t)
                params[key] -= self.lr / (1 - self.beta1 ** self.t) * m / (v_hat ** 0.5 + self.eps)

class EfficientAdam(Adam):
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr, beta1, beta2, eps, efficient=True)

for answer in (Adam, EfficientAdam):
    try:
        check.Adam(answer)
    except AssertionError as failure:
        print(failure)
"""


def test_the_optimizer_checks_judge_and_name_slips_from_the_student_install(student):
    """Day 9's references and wrong rules are in the answer key only: a correct Adam passes the
    visible check, and Adam's "efficient" form is named, from the stored runs alone."""
    out = at_home(student, ADAM_AT_HOME)
    passed, failed = out.split("\n", 1)
    assert passed == "Adam: all 3 visible tests passed."
    assert failed.startswith("Adam: Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-08), 3 updates "
                             "of params {'W1': shape (2, 3), 'b1': shape (3,)}: after update 1")
    assert "That is Adam's \"efficient\" form" in failed
