"""coursekit.checks.classes: a class is driven through its scenario and judged on what each call
returned and left behind; in-place changes, errors, missing attributes and wrong kinds of result
are named with their step; hidden cases never show values; the grader reaches the same verdict
from the evidence; dependencies are rebound in every method, inherited ones included.
"""
from functools import partial

import numpy as np
import pytest

from coursekit_key.answers import layers
from coursekit_key.answers import graph
from coursekit.checks import evidence
from coursekit.checks.classes import ClassCheck, Step, class_with_globals, compare_value
from coursekit.checks.core import Case, CheckFailure, register
from coursekit.grading.layout import CheckCall
from coursekit.grading.verify import judge_bundle

import student

X = np.array([[-1.0, 2.0, 0.5], [3.0, -0.5, 1.0]])
DOUT = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])

MUL = {
    "main": (Step(None), Step("forward", ("x", "y"), returns="out"),
             Step("backward", ("dout",), returns=("dx", "dy"))),
    "reuse": (Step(None), Step("forward", ("y", "x"), returns="first"),
              Step("forward", ("x", "y"), returns="out"),
              Step("backward", ("dout",), returns=("dx", "dy"))),
}


def _mul_visible():
    return [mul.case("MulLayer on two arrays", x=X, y=2 * X, dout=DOUT),
            mul.case("MulLayer used twice", scenario="reuse", x=X, y=DOUT, dout=DOUT)]


def _mul_hidden():
    return [mul.case("float32 arrays", x=X.astype(np.float32), y=DOUT.astype(np.float32),
                     dout=DOUT.astype(np.float32), hidden=True, rtol=1e-4, atol=1e-6)]


mul = ClassCheck("MulLayer", graph.MulLayer, _mul_visible, _mul_hidden, data=("x", "y", "dout"),
                 scenarios=MUL)


def _affine_visible():
    return [affine.case("Affine, forward then backward", W=np.arange(6.0).reshape(3, 2),
                        b=np.array([1.0, -1.0]), x=X, dout=DOUT[:, :2],
                        slips=[("db", lambda dout, **_: dout.mean(axis=0),
                                "db is the mean of dout over the batch; it is the sum.")])]


affine = ClassCheck("Affine", layers.Affine, _affine_visible, data=("W", "b", "x", "dout"),
                    scenarios={"main": (Step(None, ("W", "b")),
                                        Step("forward", ("x",), returns="out"),
                                        Step("backward", ("dout",), returns="dx",
                                             reads=("dW", "db")))})
register(globals())


failure = partial(student.failure, hidden=False)  # the visible suite unless told


# ---- the reference passes; wrong classes fail with their step named ------------------------------

def test_the_reference_passes_and_the_suite_is_the_defining_module(capsys):
    mul(graph.MulLayer)
    mul(graph.MulLayer, hidden=True)
    affine(layers.Affine)
    assert "MulLayer: all 2 visible tests passed." in capsys.readouterr().out
    assert mul.suite == __name__ and affine.suite == __name__


class BookMul:
    def __init__(self):
        self.x = self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class NotSwapped(BookMul):
    def backward(self, dout):
        return dout * self.x, dout * self.y


class InPlace(BookMul):
    def backward(self, dout):
        dx = dout
        dx *= self.y
        return dx, dout * self.x


class FirstCallOnly(BookMul):
    def forward(self, x, y):
        if self.x is None:
            self.x, self.y = x, y
        return x * y


class OnePart(BookMul):
    def backward(self, dout):
        return dout * self.y


class Raises(BookMul):
    def backward(self, dout):
        raise ValueError("no")


class NotWritten(BookMul):
    def forward(self, x, y):
        raise NotImplementedError()


class NeedsArgument(BookMul):
    def __init__(self, scale):
        super().__init__()


class Returns(BookMul):
    def forward(self, x, y):
        return None


WRONG = {
    "not swapped": (NotSwapped, "MulLayer on two arrays: dx from backward(dout) is"),
    "writes into dout": (InPlace, "changed its input in place (dout)"),
    "keeps the first inputs": (FirstCallOnly, "MulLayer used twice: dx from backward(dout) is"),
    "returns one value": (OnePart, "backward(dout) returned a ndarray; expected the tuple "
                                   "(dx, dy), in that order."),
    "raises": (Raises, "MulLayer on two arrays: backward(dout) raised ValueError: no"),
    "not written": (NotWritten, "forward(x, y) is not written yet"),
    "constructor needs an argument": (NeedsArgument, "MulLayer() raised TypeError"),
    "no return": (Returns, "the output of forward(x, y) is None (did you forget `return`?)"),
}


@pytest.mark.parametrize("cls, fragment", WRONG.values(), ids=list(WRONG))
def test_wrong_classes_fail_naming_the_step(cls, fragment):
    assert fragment in failure(mul, cls)


def test_book_style_class_passes():
    mul(BookMul)
    mul(BookMul, hidden=True)


def test_hidden_failures_show_no_values():
    message = failure(mul, NotSwapped, hidden=True)
    assert message.startswith("MulLayer: On a hidden test (float32 arrays): dx from")
    assert "expected" not in message and "is wrong at index" in message


def test_an_instance_is_refused_with_a_message():
    assert "Pass the class itself, not an instance" in failure(mul, BookMul())
    assert "expected a class, got None" in failure(mul, None)


def test_missing_attributes_and_slips_are_named():
    class NoDb(layers.Affine):
        def backward(self, dout):
            dx = super().backward(dout)
            del self.db
            return dx

    class MeanDb(layers.Affine):
        def backward(self, dout):
            dx = super().backward(dout)
            self.db = dout.mean(axis=0)
            return dx

    assert "after backward(dout), the object has no attribute 'db'" in failure(affine, NoDb)
    message = failure(affine, MeanDb)
    assert "self.db after backward(dout) is" in message and message.endswith("it is the sum.")


def test_writing_into_a_constructor_argument_is_caught():
    class ScalesW(layers.Affine):
        def backward(self, dout):
            self.W *= 1.0 + 1e-3
            return super().backward(dout)

    assert "changed its input in place (W)" in failure(affine, ScalesW)


# ---- copies, harness steps and adjust ------------------------------------------------------------

class Accumulator:
    """Adds its argument to an array it was given, in place (as an optimizer updates params)."""

    def __init__(self, total):
        self.running = total

    def add(self, value):
        self.running += value


def _accumulator_visible():
    return [accumulate.case("add twice", total=np.zeros(2), value=np.array([1.0, 2.0]))]


accumulate = ClassCheck(
    "Accumulator", Accumulator, _accumulator_visible, data=("total", "value"), copies=("total",),
    scenarios={"main": (Step(None, ("total",)), Step("add", ("value",), reads=("running",)),
                        Step(lambda total: total.fill(10.0), ("total",), label="total[:] = 10"),
                        Step("add", ("value",), reads=("running", "total")))})


def test_data_in_copies_may_change_and_is_recorded_after_each_step():
    accumulate(Accumulator)
    (case,) = accumulate.cases()
    output = accumulate.expected(case)
    assert np.array_equal(output["running@1"], [1.0, 2.0])
    assert np.array_equal(output["total@3"], [11.0, 12.0])
    assert np.array_equal(case.args[0], [0.0, 0.0])


def test_a_harness_step_shows_whether_the_object_kept_the_array():
    class KeepsACopy(Accumulator):
        def __init__(self, total):
            super().__init__(total.copy())

    message = failure(accumulate, KeepsACopy)
    assert "self.running after add(value) is 2 at index (0,); expected 11" in message


def test_the_same_name_may_be_read_after_several_steps_but_results_need_their_own_names():
    with pytest.raises(ValueError, match="two results under one name"):
        ClassCheck("Bad", layers.Relu, tuple, data=("x",),
                   scenarios={"main": (Step(None), Step("forward", ("x",), returns="out"),
                                       Step("forward", ("x",), returns="out"))})


def test_adjust_widens_what_counts_as_right():
    def either_sign(expected, output, data):
        got = output.get("out")
        if got is not None and np.allclose(np.abs(got), np.abs(expected["out"])):
            expected["out"] = got
        return expected

    check = ClassCheck("MulLayer", graph.MulLayer,
                       lambda: [check.case("signs", x=X, y=X, dout=DOUT, adjust=either_sign)],
                       data=("x", "y", "dout"), scenarios=MUL)

    class Negated(BookMul):
        def forward(self, x, y):
            return -super().forward(x, y)

    check(Negated)


def test_unknown_data_or_scenarios_are_refused_when_the_check_is_written():
    with pytest.raises(ValueError, match="not in data"):
        ClassCheck("Bad", layers.Relu, tuple, data=("x",),
                   scenarios={"main": (Step(None), Step("forward", ("z",)))})
    with pytest.raises(ValueError, match="unknown data"):
        mul.case("no such data", w=1.0)
    with pytest.raises(ValueError, match="scenario"):
        mul.case("no such scenario", scenario="other", x=1.0)


# ---- dependencies --------------------------------------------------------------------------------

def broken(x):
    return x * 0


class Base:
    def helper(self, x):
        return broken(x)


class UsesBroken(Base):
    scale = staticmethod(lambda x: broken(x) + 1)

    def forward(self, x):
        return self.helper(x) + self.scale(x)

    @property
    def twice(self):
        return broken(2.0)


def test_class_with_globals_rebinds_methods_inherited_static_and_properties():
    fixed = class_with_globals(UsesBroken, {"broken": lambda x: x})
    assert fixed is not UsesBroken and issubclass(fixed, UsesBroken)
    assert fixed.__name__ == "UsesBroken"
    assert fixed().forward(3.0) == 3.0 + 4.0
    assert fixed().twice == 2.0
    assert UsesBroken().forward(3.0) == 1.0  # the student's class itself is untouched


def test_class_with_globals_returns_the_class_when_nothing_is_replaced():
    assert class_with_globals(BookMul, {"broken": abs}) is BookMul


# ---- compare_value -------------------------------------------------------------------------------

@pytest.mark.parametrize("got, want, fragment", [
    ({"W1": np.ones(2)}, {"W1": np.ones(2), "b1": np.ones(1)}, "has no key 'b1'"),
    ([1.0], {"W1": 1.0}, "is a list of length 1; expected a dict with the keys 'W1'"),
    ((1.0, 2.0, 3.0), (1.0, 2.0), "is a tuple of length 3; expected a tuple of 2 values"),
    ({"W1": np.zeros((2, 1))}, {"W1": np.zeros(2)}, "grads['W1'] has shape (2, 1)"),
    ("text", 1.0, "is a str; expected a number or a NumPy array"),
    (np.array([1.0, np.nan]), np.array([1.0, 2.0]), "is nan at index (1,); expected 2"),
])
def test_compare_value_names_what_differs(got, want, fragment):
    assert fragment in compare_value(Case("c"), "grads", got, want)


def test_compare_value_accepts_lists_and_tolerance():
    assert compare_value(Case("c"), "v", [1.0, 2.0 + 1e-9], np.array([1.0, 2.0])) is None
    assert compare_value(Case("c"), "v", {"a": 1.0, "extra": 2.0}, {"a": 1.0}) is None


# ---- the grader's verdict from evidence ----------------------------------------------------------

@pytest.fixture
def published(monkeypatch):
    shown = []
    monkeypatch.setenv(evidence.GRADING_ENV, "1")
    monkeypatch.setattr(evidence, "_publish", lambda data: shown.append(data))
    return shown


def _grader_verdict(published, cls, hidden=False):
    try:
        mul(cls, hidden=hidden)
    except CheckFailure:
        pass
    (data,) = published
    bundle = evidence.decode(evidence.encode(data[evidence.MIME]))
    return judge_bundle(CheckCall(mul, hidden), bundle)


@pytest.mark.parametrize("cls", [BookMul, graph.MulLayer])
def test_the_grader_passes_right_classes_from_their_evidence(published, cls):
    assert _grader_verdict(published, cls) == (None, 2)


@pytest.mark.parametrize("cls", [NotSwapped, InPlace, FirstCallOnly, Raises, OnePart])
def test_the_grader_gives_the_kernels_message(published, cls):
    problem, _ = _grader_verdict(published, cls)
    assert problem == failure(mul, cls)


def test_a_check_judges_the_class_with_its_dependencies():
    namespace = {"np": np, "relu_fn": broken}
    exec("class Relu:\n"
         "    def forward(self, x):\n        self.mask = x > 0\n        return relu_fn(x)\n"
         "    def backward(self, dout):\n        return dout * self.mask\n", namespace)
    steps = {"main": (Step(None), Step("forward", ("x",), returns="out"),
                      Step("backward", ("dout",), returns="dx"))}
    cases = lambda: [relu.case("relu", x=X, dout=DOUT)]  # noqa: E731
    relu = ClassCheck("Relu", layers.Relu, cases, data=("x", "dout"), scenarios=steps,
                      dependencies={"relu_fn": lambda x: np.maximum(x, 0)})
    relu(namespace["Relu"])
    assert namespace["relu_fn"] is broken
