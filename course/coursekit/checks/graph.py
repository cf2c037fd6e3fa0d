"""Checks for day 7: computational graphs (계산 그래프), the add and multiply nodes, and a small
graph's backward pass.

    from coursekit.checks import graph as check
    check.MulLayer(MulLayer)                             # the class itself
    check.AddLayer(AddLayer)
    check.buy_apples_and_oranges(buy_apples_and_oranges)

Policy (what passes):
- `MulLayer` and `AddLayer` are driven like any layer: built with no arguments, then
  `forward(x, y)` and `backward(dout) -> (dx, dy)`, and compared with the answer key's on
  Python numbers (floats and ints) and on arrays of one shape (float64 and float32). Any internal
  attribute names are fine. A layer used for two forward calls must answer backward for the
  latest one. backward must not write into dout (nor forward into x or y).
- `buy_apples_and_oranges(apple, apple_num, orange, orange_num, tax)` returns
  `(price, grads)`, grads a dict with the keys 'apple', 'apple_num', 'orange', 'orange_num' and
  'tax', for the graph price = (apple * apple_num + orange * orange_num) * tax. Its nodes'
  calls get the course's results (MulLayer and AddLayer are stand-ins, see `standins`: a node
  built and called as the key's graph does answers as the key's node did), so only the graph is
  graded; the inputs are numbers, or arrays of one shape (several shopping trips at once).
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from .classes import ClassCheck, Step, compare_value, where
from .core import FLOAT32, Case, FunctionCheck, register
from .lookalikes import KeyedSlip


# ---- the nodes ----------------------------------------------------------------------------------

_NODE_DATA = ("x", "y", "dout", "x_before", "y_before")
_NODE_SCENARIOS = {
    "main": (Step(None), Step("forward", ("x", "y"), returns="out"),
             Step("backward", ("dout",), returns=("dx", "dy"))),
    # The same node object used twice (as a training loop does): backward answers for the latest.
    "reuse": (Step(None), Step("forward", ("x_before", "y_before"), returns="out_before"),
              Step("forward", ("x", "y"), returns="out"),
              Step("backward", ("dout",), returns=("dx", "dy"))),
}

MUL_HINT = ("The multiply node swaps its inputs: for out = x * y, dx = dout * y and dy = dout * x. "
             "forward must keep x and y (e.g. self.x, self.y) for backward, and backward returns "
             "the pair (dx, dy).")
ADD_HINT = ("The add node passes the upstream gradient on unchanged: for out = x + y, dx = dout "
             "and dy = dout (each times the local derivative 1). backward returns the pair "
             "(dx, dy).")
_NEW_ARRAY_HINT = ("Compute dx and dy as new arrays (dout * self.y makes one); an in-place "
                   "update such as dout *= ... changes the caller's dout.")

MUL_SLIPS = [
    ("dx", lambda x, dout, **_: np.multiply(dout, x),
     "That is dout * x: the multiply node swaps the inputs, so dx = dout * y."),
    ("dy", lambda y, dout, **_: np.multiply(dout, y),
     "That is dout * y: the multiply node swaps the inputs, so dy = dout * x."),
    ("dx", lambda y, **_: y,
     "That is y alone: the chain rule multiplies the local derivative y by the upstream "
     "gradient dout."),
    ("dy", lambda x, **_: x,
     "That is x alone: the chain rule multiplies the local derivative x by the upstream "
     "gradient dout."),
]
ADD_SLIPS = [
    ("dx", lambda dout, **_: np.ones_like(np.asarray(dout, dtype=float)),
     "That is the local derivative 1 alone: multiply it by the upstream gradient dout."),
    ("dy", lambda dout, **_: np.ones_like(np.asarray(dout, dtype=float)),
     "That is the local derivative 1 alone: multiply it by the upstream gradient dout."),
    ("dx", lambda y, dout, **_: np.multiply(dout, y),
     "That is dout * y, the multiply node's rule; the add node passes dout on unchanged."),
    ("dy", lambda x, dout, **_: np.multiply(dout, x),
     "That is dout * x, the multiply node's rule; the add node passes dout on unchanged."),
    ("out", lambda x, y, **_: np.multiply(x, y),
     "That is x * y; the add node's forward is x + y."),
]


def node_case(check: ClassCheck, hint: str, slips, hidden: bool, label, x, y, dout,
              scenario="main", extra="", float32=False, **before) -> Case:
    """One case of either node: forward(x, y) then backward(dout), in `scenario`."""
    tolerance = FLOAT32 if float32 else {}
    return check.case(label, scenario=scenario, hint=f"{hint} {extra}".strip(), slips=slips,
                      hidden=hidden, x=x, y=y, dout=dout, **before, **tolerance)


def _node_visible(check: ClassCheck, hint: str, slips, shopping) -> list:
    """The node's calls in the shopping graph, (x, y, dout) each, and an array case."""
    grid = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.5]])
    return [
        *(node_case(check, hint, slips, False,
                    f"{check.name}(): forward({x!r}, {y!r}), then backward({dout!r})", x, y, dout)
          for x, y, dout in shopping),
        node_case(check, hint, slips, False,
                  f"{check.name}(): forward(x, y), then backward(dout), for x = {grid.tolist()}, "
                  f"y = {(grid[::-1] * 2).tolist()} and dout = {(grid + 1).tolist()}",
                  grid, grid[::-1] * 2, grid + 1, extra=_NEW_ARRAY_HINT),
    ]


# The apple graph's nodes: 100 won x 2 apples = 200, then 200 x tax 1.1 = 220; the add node of
# the apples-and-oranges graph: 200 + 450 = 650, with 1.1 coming back from the tax node.
# Their references and hidden cases, and the shopping graph's, are in the answer key
# (coursekit_key.answers.graph, coursekit_key.hidden.graph).
MulLayer = ClassCheck(
    "MulLayer", None,
    lambda: _node_visible(MulLayer, MUL_HINT, MUL_SLIPS,
                          shopping=((100.0, 2.0, 1.1), (200.0, 1.1, 1.0))),
    None, data=_NODE_DATA, scenarios=_NODE_SCENARIOS)

AddLayer = ClassCheck(
    "AddLayer", None,
    lambda: _node_visible(AddLayer, ADD_HINT, ADD_SLIPS,
                          shopping=((200.0, 450.0, 1.1), (-3.0, 5.0, 2.0))),
    None, data=_NODE_DATA, scenarios=_NODE_SCENARIOS)


# ---- the shopping graph -------------------------------------------------------------------------

GRAD_KEYS = ("apple", "apple_num", "orange", "orange_num", "tax")
WORKED = (100.0, 2.0, 150.0, 3.0, 1.1)  # apple price, count, orange price, count, tax
WORKED_PRICE = 715.0
WORKED_GRADS = {"apple": 2.2, "apple_num": 110.0, "orange": 3.3, "orange_num": 165.0,
                "tax": 650.0}


def _untaxed(apple, apple_num, orange, orange_num, tax):
    """The gradients of the fruit subtotal: backward started below the tax node (as if dout
    were 1 there), each of the inputs' shape."""
    subtotal = np.asarray(apple) * apple_num + np.asarray(orange) * orange_num
    like = np.ones_like(subtotal)
    return {"apple": like * apple_num, "apple_num": like * apple, "orange": like * orange_num,
            "orange_num": like * orange, "tax": subtotal}


def _judge_shopping(case: Case, record: Any, expected: Any) -> Optional[str]:
    output, (price, grads) = record.output, expected
    if not isinstance(output, (tuple, list)) or len(output) != 2:
        kind = "None (did you forget `return`?)" if output is None else \
            f"a {type(output).__name__}" + (f" of length {len(output)}"
                                             if isinstance(output, (tuple, list)) else "")
        return (f"{where(case)}: the function returned {kind}; expected the pair "
                "(price, grads).")
    if isinstance(output[0], dict) and not isinstance(output[1], dict):
        return (f"{where(case)}: the function returned (grads, price); the pair is (price, "
                "grads), in that order.")
    problem = compare_value(case, "price", output[0], price)
    if problem:
        untaxed = np.asarray(case.args[0]) * case.args[1] + np.asarray(case.args[2]) * case.args[3]
        if _close(case, output[0], untaxed):
            problem += " That is the price before tax: multiply the fruit total by tax."
        return problem
    problem = compare_value(case, "grads", output[1], grads)
    if problem and isinstance(output[1], dict):
        if _all_close(case, output[1], _untaxed(*case.args)):
            problem += (" Those are the gradients below the tax node computed as if dout were 1 "
                        "there: pass each node's dx down as the next node's dout (chain rule).")
        elif _all_close(case, output[1], {k: _swap(k, grads) for k in GRAD_KEYS}):
            problem += (" Each price and count gradient is in the other's place: backward returns "
                        "(dx, dy) in the order of forward(x, y).")
        elif _all_close(case, output[1], {k: np.multiply(price, g) for k, g in grads.items()}):
            problem += (" Those are the gradients times the price: backward starts from "
                        "dprice = 1, the derivative of the price with respect to itself.")
        elif _is_slip(ONE_NODE, case, output[1]):
            problem += (" The apple gradients are the orange ones: one MulLayer served both "
                        "fruit, so its second forward call replaced the apple inputs it had "
                        "stored. Each multiplication needs its own node.")
    return problem


# One MulLayer for both fruit, computed by the key: its second forward call replaces the apple
# inputs. Its node calls are in the stand-in tables, so the slip is named on wrong own nodes too.
ONE_NODE = KeyedSlip(__name__, "buy_apples_and_oranges.one_node")


def _is_slip(slip: KeyedSlip, case: Case, got: dict) -> bool:
    """Whether the grads `got` are those of the slip on the case (False where it cannot be
    computed: the student's install on other inputs than the visible ones)."""
    try:
        _, want = slip(*case.args)
    except LookupError:
        return False
    return _all_close(case, got, want)


def _swap(key: str, grads: dict) -> Any:
    pairs = {"apple": "apple_num", "apple_num": "apple", "orange": "orange_num",
             "orange_num": "orange", "tax": "tax"}
    return grads[pairs[key]]


def _close(case: Case, got: Any, want: Any) -> bool:
    try:
        got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=case.rtol,
                                                        atol=case.atol))


def _all_close(case: Case, got: dict, want: dict) -> bool:
    return all(k in got and _close(case, got[k], want[k]) for k in want)


_SHOPPING_HINT = ("Build the graph from nodes: two MulLayer for the fruit, an AddLayer for the "
                  "total and a MulLayer for the tax. Run forward left to right, then backward "
                  "right to left starting from dprice = 1, passing each node's gradient to the "
                  "node before it.")


def _shopping_case(label, args, hidden=False, float32=False) -> Case:
    tolerance = FLOAT32 if float32 else {}
    return Case(label, tuple(args), hint=_SHOPPING_HINT, judge=_judge_shopping, hidden=hidden,
                **tolerance)


def _shopping_visible():
    return [
        _shopping_case("buy_apples_and_oranges(100.0, 2.0, 150.0, 3.0, 1.1)", WORKED),
        _shopping_case("buy_apples_and_oranges(250.0, 4.0, 80.0, 5.0, 1.05)",
                       (250.0, 4.0, 80.0, 5.0, 1.05)),
    ]


buy_apples_and_oranges = FunctionCheck("buy_apples_and_oranges", None, _shopping_visible,
                                       stand_ins=("MulLayer", "AddLayer"))

register(globals())
