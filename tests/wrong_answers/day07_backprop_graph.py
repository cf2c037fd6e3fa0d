"""One typical wrong answer per exercise of day 7, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_graph.py checks that each one fails its own check.
"""

WRONG_ANSWERS = {
    "mul_layer": '''class MulLayer:
    """Multiply node: out = x * y."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        dx = dout * self.x  # wrong: the multiply node swaps its inputs, dx = dout * y
        dy = dout * self.y
        return dx, dy
''',
    "add_layer": '''class AddLayer:
    """Add node: out = x + y."""

    def __init__(self):
        pass

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout / 2, dout / 2  # wrong: the add node copies dout to both inputs
''',
    "buy_apples_and_oranges": '''def buy_apples_and_oranges(apple, apple_num, orange, orange_num, tax):
    """price = (apple * apple_num + orange * orange_num) * tax, and its gradients."""
    mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    total = add_fruit.forward(mul_apple.forward(apple, apple_num),
                              mul_orange.forward(orange, orange_num))
    price = mul_tax.forward(total, tax)
    dtotal, dtax = mul_tax.backward(1.0)
    dapples, doranges = add_fruit.backward(1.0)  # wrong: restarts at 1 instead of passing dtotal
    dapple, dapple_num = mul_apple.backward(dapples)
    dorange, dorange_num = mul_orange.backward(doranges)
    return price, {"apple": dapple, "apple_num": dapple_num, "orange": dorange,
                   "orange_num": dorange_num, "tax": dtax}
''',
}
