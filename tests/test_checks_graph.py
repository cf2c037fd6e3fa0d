"""coursekit.checks.graph (day 7): many right MulLayer / AddLayer classes and shopping graphs
pass, plausible wrong ones fail with a message that says what to fix, and garbage gets a
message, never a traceback from coursekit.

Student answers are source text run in a fresh namespace, the way a notebook cell defines them.
The namespace holds broken MulLayer and AddLayer classes, as a notebook with wrong earlier
answers would: the shopping graph must still be judged on its own.
"""
from functools import partial

import numpy as np
import pytest

from coursekit_key.answers import graph as layers
from coursekit.checks import graph as check
from coursekit.checks.core import CheckFailure
from coursekit_key.answers import graph as answers

from leaks import day_tests
import student
from student import failure, passes, wrong_answers


class BrokenNode:
    """A wrong earlier answer left in the notebook."""

    def forward(self, x, y):
        return 0.0

    def backward(self, dout):
        return 0.0, 0.0


define = partial(student.define, MulLayer=BrokenNode, AddLayer=BrokenNode, __name__="__main__")


# ------------------------------------------------------------------------------- the references

def test_the_shopping_reference_reproduces_the_worked_numbers():
    price, grads = answers.buy_apples_and_oranges(*check.WORKED)
    assert price == pytest.approx(check.WORKED_PRICE)
    assert grads == pytest.approx(check.WORKED_GRADS)
    apple_only = answers.buy_apples_and_oranges(100.0, 2.0, 0.0, 0.0, 1.1)
    assert apple_only[0] == pytest.approx(220.0)
    assert [apple_only[1][k] for k in ("apple", "apple_num", "tax")] == pytest.approx(
        [2.2, 110.0, 200.0])


def test_the_shopping_reference_matches_numerical_derivatives():
    args = np.array([130.0, 4.0, 170.0, 2.0, 1.08])
    _, grads = answers.buy_apples_and_oranges(*args)
    for i, key in enumerate(check.GRAD_KEYS):
        step = np.eye(5)[i] * 1e-4
        slope = (answers.buy_apples_and_oranges(*(args + step))[0]
                 - answers.buy_apples_and_oranges(*(args - step))[0]) / 2e-4
        assert grads[key] == pytest.approx(slope, rel=1e-7)


# ----------------------------------------------------------------------------------- MulLayer

BOOK_MUL = """
class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        out = x * y
        return out

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy
"""


def mul_variant(old, new):
    assert old in BOOK_MUL
    return BOOK_MUL.replace(old, new)


MUL_RIGHT = {
    "book style": BOOK_MUL,
    "no __init__": """
        class MulLayer:
            def forward(self, x, y):
                self.x, self.y = x, y
                return x * y
            def backward(self, dout):
                return dout * self.y, dout * self.x
        """,
    "inputs kept as a tuple": """
        class MulLayer:
            def forward(self, x, y):
                self.inputs = (x, y)
                return x * y
            def backward(self, dout):
                x, y = self.inputs
                return y * dout, x * dout
        """,
    "np.multiply": mul_variant("out = x * y", "out = np.multiply(x, y)").replace(
        "dx = dout * self.y", "dx = np.multiply(dout, self.y)"),
    "arrays of the inputs": mul_variant("self.x = x\n        self.y = y",
                                        "self.x = np.asarray(x)\n        self.y = np.asarray(y)"),
    "float64 copies": mul_variant("self.x = x\n        self.y = y",
                                  "self.x = np.array(x, dtype=float)\n"
                                  "        self.y = np.array(y, dtype=float)"),
    "returns a list": mul_variant("return dx, dy", "return [dx, dy]"),
    "keeps out as well": mul_variant("return out", "self.out = out\n        return out"),
    "slots": """
        class MulLayer:
            __slots__ = ("a", "b")
            def forward(self, x, y):
                self.a, self.b = x, y
                return self.a * self.b
            def backward(self, dout):
                return (dout * self.b, dout * self.a)
        """,
    "a base class with the protocol": """
        class Node:
            def __call__(self, *inputs):
                return self.forward(*inputs)
        class MulLayer(Node):
            def forward(self, x, y):
                self.saved = {"x": x, "y": y}
                return x * y
            def backward(self, dout):
                return dout * self.saved["y"], dout * self.saved["x"]
        """,
    "in-place on a new array": mul_variant(
        "dx = dout * self.y", "dx = np.array(dout, dtype=float)\n        dx *= self.y"),
}


@pytest.mark.parametrize("source", MUL_RIGHT.values(), ids=list(MUL_RIGHT))
def test_correct_mul_layer_variants_pass(source):
    passes(check.MulLayer, define(source, "MulLayer"))


MUL_WRONG = {
    "inputs not swapped": (mul_variant("dx = dout * self.y\n        dy = dout * self.x",
                                       "dx = dout * self.x\n        dy = dout * self.y"),
                           "That is dout * x: the multiply node swaps the inputs"),
    "dout forgotten": (mul_variant("dx = dout * self.y\n        dy = dout * self.x",
                                   "dx = self.y\n        dy = self.x"),
                       "That is y alone: the chain rule multiplies the local derivative y"),
    "dy wrong": (mul_variant("dy = dout * self.x", "dy = dout * self.y"),
                 "dy from backward(dout) is 2.2; expected 110"),
    "returns dx only": (mul_variant("return dx, dy", "return dx"),
                        "backward(dout) returned a float; expected the tuple (dx, dy)"),
    "writes into dout": (mul_variant("dx = dout * self.y", "dx = dout\n        dx *= self.y"),
                         "changed its input in place (dout)"),
    "keeps the first inputs only": (mul_variant(
        "self.x = x\n        self.y = y",
        "if self.x is None:\n            self.x, self.y = x, y"),
        "On a hidden test (one node, forward called twice before backward)"),
    "forward adds": (mul_variant("out = x * y", "out = x + y"),
                     "the output of forward(x, y) is 102; expected 200"),
    "forward returns nothing": (mul_variant("return out", "pass"),
                                "the output of forward(x, y) is None (did you forget `return`?)"),
    "not written": ("class MulLayer:\n    def __init__(self):\n        raise NotImplementedError()\n",
                    "MulLayer() is not written yet: it raises NotImplementedError."),
    "forward takes one argument": (mul_variant("def forward(self, x, y):",
                                               "def forward(self, xy):\n        x, y = xy"),
                                   "forward(x, y) raised TypeError"),
    "inputs not stored": ("""
        class MulLayer:
            def forward(self, x, y):
                return x * y
            def backward(self, dout):
                return dout * self.y, dout * self.x
        """, "backward(dout) raised AttributeError"),
}


@pytest.mark.parametrize("source, fragment", MUL_WRONG.values(), ids=list(MUL_WRONG))
def test_wrong_mul_layer_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.MulLayer, define(source, "MulLayer"))


def test_the_first_mul_case_shows_the_apple_numbers():
    message = failure(check.MulLayer, define(MUL_WRONG["inputs not swapped"][0], "MulLayer"))
    assert message.startswith("MulLayer: MulLayer(): forward(100.0, 2.0), then backward(1.1): "
                              "dx from backward(dout) is 110; expected 2.2.")


# ----------------------------------------------------------------------------------- AddLayer

BOOK_ADD = """
class AddLayer:
    def __init__(self):
        pass

    def forward(self, x, y):
        out = x + y
        return out

    def backward(self, dout):
        dx = dout * 1
        dy = dout * 1
        return dx, dy
"""


def add_variant(old, new):
    assert old in BOOK_ADD
    return BOOK_ADD.replace(old, new)


ADD_RIGHT = {
    "book style": BOOK_ADD,
    "dout itself": add_variant("dx = dout * 1\n        dy = dout * 1", "dx = dy = dout"),
    "copies": add_variant("dx = dout * 1\n        dy = dout * 1",
                          "dx = np.copy(dout)\n        dy = np.copy(dout)"),
    "np.add and a list": add_variant("out = x + y", "out = np.add(x, y)").replace(
        "return dx, dy", "return [dx, dy]"),
    "keeps shapes": add_variant("out = x + y", "self.shapes = np.shape(x), np.shape(y)\n"
                                               "        out = x + y"),
    "ones_like": add_variant("dx = dout * 1\n        dy = dout * 1",
                             "dx = np.ones_like(dout) * dout\n        dy = dx.copy()"),
    "no __init__, one line each": """
        class AddLayer:
            def forward(self, x, y): return x + y
            def backward(self, dout): return dout, dout
        """,
}


@pytest.mark.parametrize("source", ADD_RIGHT.values(), ids=list(ADD_RIGHT))
def test_correct_add_layer_variants_pass(source):
    passes(check.AddLayer, define(source, "AddLayer"))


ADD_WRONG = {
    "local derivative only": (add_variant("dx = dout * 1\n        dy = dout * 1",
                                          "dx = 1\n        dy = 1"),
                              "That is the local derivative 1 alone"),
    "splits dout in half": (add_variant("dx = dout * 1\n        dy = dout * 1",
                                        "dx = dout / 2\n        dy = dout / 2"),
                            "dx from backward(dout) is 0.55; expected 1.1"),
    "returns dout only": (add_variant("return dx, dy", "return dx"),
                          "backward(dout) returned a float; expected the tuple (dx, dy)"),
    "multiply rule": ("""
        class AddLayer:
            def forward(self, x, y):
                self.x, self.y = x, y
                return x + y
            def backward(self, dout):
                return dout * self.y, dout * self.x
        """, "That is dout * y, the multiply node's rule"),
    "forward multiplies": (add_variant("out = x + y", "out = x * y"),
                           "That is x * y; the add node's forward is x + y."),
    "dy zero": (add_variant("dy = dout * 1", "dy = 0"),
                "dy from backward(dout) is 0; expected 1.1"),
    "not written": ("class AddLayer:\n    def forward(self, x, y):\n"
                    "        raise NotImplementedError()\n",
                    "forward(x, y) is not written yet"),
}


@pytest.mark.parametrize("source, fragment", ADD_WRONG.values(), ids=list(ADD_WRONG))
def test_wrong_add_layer_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.AddLayer, define(source, "AddLayer"))


# ---------------------------------------------------------------------- buy_apples_and_oranges

BOOK_SHOP = """
def buy_apples_and_oranges(apple, apple_num, orange, orange_num, tax):
    mul_apple_layer = MulLayer()
    mul_orange_layer = MulLayer()
    add_apple_orange_layer = AddLayer()
    mul_tax_layer = MulLayer()

    apple_price = mul_apple_layer.forward(apple, apple_num)
    orange_price = mul_orange_layer.forward(orange, orange_num)
    all_price = add_apple_orange_layer.forward(apple_price, orange_price)
    price = mul_tax_layer.forward(all_price, tax)

    dprice = 1
    dall_price, dtax = mul_tax_layer.backward(dprice)
    dapple_price, dorange_price = add_apple_orange_layer.backward(dall_price)
    dorange, dorange_num = mul_orange_layer.backward(dorange_price)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)

    grads = {"apple": dapple, "apple_num": dapple_num, "orange": dorange,
             "orange_num": dorange_num, "tax": dtax}
    return price, grads
"""


def shop_variant(old, new):
    assert old in BOOK_SHOP
    return BOOK_SHOP.replace(old, new)


S = "def buy_apples_and_oranges(apple, apple_num, orange, orange_num, tax):\n"

SHOP_RIGHT = {
    "book style": BOOK_SHOP,
    "by hand, no layers": S + """
    total = apple * apple_num + orange * orange_num
    grads = dict(apple=apple_num * tax, apple_num=apple * tax, orange=orange_num * tax,
                 orange_num=orange * tax, tax=total)
    return total * tax, grads
""",
    "a list of nodes": S + """
    nodes = {name: MulLayer() for name in ("apple", "orange", "tax")}
    add = AddLayer()
    total = add.forward(nodes["apple"].forward(apple, apple_num),
                        nodes["orange"].forward(orange, orange_num))
    price = nodes["tax"].forward(total, tax)
    dtotal, dtax = nodes["tax"].backward(1.0)
    da, do = add.backward(dtotal)
    g = {}
    g["apple"], g["apple_num"] = nodes["apple"].backward(da)
    g["orange"], g["orange_num"] = nodes["orange"].backward(do)
    g["tax"] = dtax
    return [price, g]
""",
    "dict(zip)": shop_variant(
        """    grads = {"apple": dapple, "apple_num": dapple_num, "orange": dorange,
             "orange_num": dorange_num, "tax": dtax}""",
        """    keys = ["apple", "apple_num", "orange", "orange_num", "tax"]
    grads = dict(zip(keys, [dapple, dapple_num, dorange, dorange_num, dtax]))"""),
    "float dprice and extra keys": shop_variant("dprice = 1", "dprice = 1.0").replace(
        '"tax": dtax}', '"tax": dtax, "price": price}'),
}


@pytest.mark.parametrize("source", SHOP_RIGHT.values(), ids=list(SHOP_RIGHT))
def test_correct_shopping_graphs_pass(source):
    passes(check.buy_apples_and_oranges, define(source, "buy_apples_and_oranges"))


SHOP_WRONG = {
    "backward restarted at 1 below the tax": (
        shop_variant("add_apple_orange_layer.backward(dall_price)",
                     "add_apple_orange_layer.backward(dprice)"),
        "Those are the gradients below the tax node computed as if dout were 1 there"),
    "price and count swapped": (
        shop_variant("dapple, dapple_num = mul_apple_layer.backward(dapple_price)",
                     "dapple_num, dapple = mul_apple_layer.backward(dapple_price)")
        .replace("dorange, dorange_num = mul", "dorange_num, dorange = mul"),
        "Each price and count gradient is in the other's place"),
    "price before tax": (shop_variant("return price, grads", "return all_price, grads"),
                         "That is the price before tax"),
    "grads as a tuple": (shop_variant("return price, grads",
                                      "return price, (dapple, dapple_num, dorange, dorange_num, "
                                      "dtax)"),
                         "grads is a tuple of length 5; expected a dict with the keys 'apple'"),
    "the book's d-names as keys": (
        shop_variant('{"apple": dapple, "apple_num": dapple_num, "orange": dorange,\n'
                     '             "orange_num": dorange_num, "tax": dtax}',
                     '{"dapple": dapple, "dapple_num": dapple_num, "dorange": dorange,\n'
                     '             "dorange_num": dorange_num, "dtax": dtax}'),
        "grads has no key 'apple'"),
    "grads only": (shop_variant("return price, grads", "return grads"),
                   "the function returned a dict; expected the pair (price, grads)"),
    "backward before forward": (S + """
    layer = MulLayer()
    dapple, dapple_num = layer.backward(1.0)
    return layer.forward(apple, apple_num), {}
""", "raised AttributeError"),
    "tax gradient from the wrong input": (
        shop_variant('"tax": dtax}', '"tax": dall_price}'),
        "grads['tax'] is 1.1; expected 650"),
    "the pair the other way round": (shop_variant("return price, grads", "return grads, price"),
                                     "returned (grads, price); the pair is (price, grads)"),
    "backward started from the price": (
        shop_variant("mul_tax_layer.backward(dprice)", "mul_tax_layer.backward(price)"),
        "grads['apple'] is 1573; expected 2.2. Those are the gradients times the price"),
    "one MulLayer for both fruit": (
        shop_variant("mul_orange_layer = MulLayer()", "mul_orange_layer = mul_apple_layer"),
        "grads['apple'] is 3.3; expected 2.2. The apple gradients are the orange ones: one "
        "MulLayer served both fruit"),
    "no return": (shop_variant("    return price, grads", "    print(price, grads)"),
                  "the function returned None (did you forget `return`?)"),
}


@pytest.mark.parametrize("source, fragment", SHOP_WRONG.values(), ids=list(SHOP_WRONG))
def test_wrong_shopping_graphs_fail_with_a_message(source, fragment):
    assert fragment in failure(check.buy_apples_and_oranges,
                               define(source, "buy_apples_and_oranges"))


def test_a_graph_with_broken_own_layers_is_judged_with_the_course_layers():
    namespace_fn = define(BOOK_SHOP, "buy_apples_and_oranges")
    assert namespace_fn.__globals__["MulLayer"] is BrokenNode
    passes(check.buy_apples_and_oranges, namespace_fn)


def test_hidden_shopping_failures_do_not_reveal_inputs_or_values():
    def right_on_numbers_only(*args):
        price, grads = answers.buy_apples_and_oranges(*args)
        if np.ndim(args[0]):
            grads = dict(grads, tax=grads["tax"] + 1)
        return price, grads

    check.buy_apples_and_oranges(right_on_numbers_only)
    message = failure(check.buy_apples_and_oranges, right_on_numbers_only)
    assert message.startswith("buy_apples_and_oranges: On a hidden test (six shopping trips")
    assert "expected" not in message.split("Hint:")[0]


# ------------------------------------------------------------ shared: references, garbage, hiding

NODE_CHECKS = {"MulLayer": (check.MulLayer, layers.MulLayer),
               "AddLayer": (check.AddLayer, layers.AddLayer)}


@pytest.mark.parametrize("name", NODE_CHECKS)
def test_the_node_references_pass_and_hidden_cases_are_hidden(name, capsys):
    chk, reference = NODE_CHECKS[name]
    passes(chk, reference)
    assert f"{name}: all {len(chk.cases())} visible tests passed." in capsys.readouterr().out
    assert all(case.hidden for case in chk.cases(hidden=True)) and chk.cases(hidden=True)
    assert not any(case.hidden for case in chk.cases())


def test_the_shopping_reference_passes():
    passes(check.buy_apples_and_oranges, answers.buy_apples_and_oranges)


GARBAGE_CLASSES = {
    "methods return None": "class G:\n    def forward(self, x, y): pass\n"
                           "    def backward(self, dout): pass\n",
    "methods return strings": "class G:\n    def forward(self, x, y): return 'out'\n"
                              "    def backward(self, dout): return 'dx', 'dy'\n",
    "no methods": "class G:\n    pass\n",
    "constructor raises": "class G:\n    def __init__(self): raise ValueError('no')\n",
    "backward returns a generator": "class G:\n    def forward(self, x, y): return x * y\n"
                                    "    def backward(self, dout): return (d for d in [dout])\n",
    "backward returns nan": "class G:\n    def forward(self, x, y): return x * y\n"
                            "    def backward(self, dout): return float('nan'), float('nan')\n",
    "forward returns an object": "class G:\n    def forward(self, x, y): return object()\n",
}


@pytest.mark.parametrize("name", NODE_CHECKS)
@pytest.mark.parametrize("source", GARBAGE_CLASSES.values(), ids=list(GARBAGE_CLASSES))
def test_garbage_classes_get_a_check_failure_not_a_traceback(name, source):
    chk, _ = NODE_CHECKS[name]
    garbage = define(source, "G")
    with pytest.raises(CheckFailure, match=rf"^{name}: "):
        chk(garbage)
    with pytest.raises(CheckFailure, match=rf"^{name}: On a hidden test"):
        chk(garbage, hidden=True)


@pytest.mark.parametrize("name", NODE_CHECKS)
@pytest.mark.parametrize("not_a_class", [None, 3.0, BrokenNode(), print])
def test_anything_but_a_class_is_refused_with_a_message(name, not_a_class):
    with pytest.raises(CheckFailure, match="expected a class"):
        NODE_CHECKS[name][0](not_a_class)


SHOP_GARBAGE = {
    "None": lambda *a: None,
    "a string": lambda *a: "715",
    "a pair of garbage": lambda *a: (None, None),
    "a dict of strings": lambda *a: (715.0, {k: "x" for k in check.GRAD_KEYS}),
    "raises": lambda *a: {}["apple"],
    "nan": lambda *a: (float("nan"), {k: float("nan") for k in check.GRAD_KEYS}),
    "an object": lambda *a: object(),
}


@pytest.mark.parametrize("garbage", SHOP_GARBAGE.values(), ids=list(SHOP_GARBAGE))
def test_garbage_shopping_answers_get_a_check_failure(garbage):
    with pytest.raises(CheckFailure, match=r"^buy_apples_and_oranges: "):
        check.buy_apples_and_oranges(garbage)
    with pytest.raises(CheckFailure, match=r"^buy_apples_and_oranges: On a hidden test"):
        check.buy_apples_and_oranges(garbage, hidden=True)


@pytest.mark.parametrize("name", NODE_CHECKS)
def test_hidden_node_failures_do_not_reveal_values(name):
    chk, reference = NODE_CHECKS[name]

    class OffOnArrays(reference):
        def backward(self, dout):
            dx, dy = super().backward(dout)
            return (dx + 1, dy) if np.ndim(dout) == 3 else (dx, dy)

    chk(OffOnArrays)
    message = failure(chk, OffOnArrays)
    assert "On a hidden test" in message and "expected" not in message.split("Hint:")[0]


# ------------------------------------------------------ tests/wrong_answers/day07_backprop_graph


ALL_CHECKS = {"MulLayer": check.MulLayer, "AddLayer": check.AddLayer,
              "buy_apples_and_oranges": check.buy_apples_and_oranges}
GRADE_IDS = {"mul_layer": "MulLayer", "add_layer": "AddLayer",
             "buy_apples_and_oranges": "buy_apples_and_oranges"}


@pytest.mark.parametrize("grade_id", GRADE_IDS)
def test_each_exercise_has_a_typical_wrong_answer_that_its_check_rejects(grade_id):
    assert set(wrong_answers("day07_backprop_graph")) == set(GRADE_IDS)
    name = GRADE_IDS[grade_id]
    failure(ALL_CHECKS[name], define(wrong_answers("day07_backprop_graph")[grade_id], name))


# ---- hints and messages never show the solution --------------------------------------------------

ANSWER_CHECKS = {grade_id: (ALL_CHECKS[name], name) for grade_id, name in GRADE_IDS.items()}
(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    "day07_backprop_graph", ANSWER_CHECKS, define)
