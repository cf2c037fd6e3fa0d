"""Ways a class writes each exercise of day 7, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words. The notebook's first
cell imports numpy as np; `buy_apples_and_oranges` uses the student's `MulLayer` and
`AddLayer`."""


def _mul(init="self.x = None\n        self.y = None", forward="self.x, self.y = x, y\n"
         "        return x * y", backward="dx = dout * self.y\n        dy = dout * self.x\n"
         "        return dx, dy"):
    """A MulLayer with the given bodies (8 spaces of indentation after the first line)."""
    return f'''class MulLayer:
    def __init__(self):
        {init}

    def forward(self, x, y):
        {forward}

    def backward(self, dout):
        {backward}
'''


def _add(init="pass", forward="return x + y", backward="return dout * 1, dout * 1"):
    return f'''class AddLayer:
    def __init__(self):
        {init}

    def forward(self, x, y):
        {forward}

    def backward(self, dout):
        {backward}
'''


_SHOPPING = '''def buy_apples_and_oranges(apple, apple_num, orange, orange_num, tax):
    mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    apple_price = mul_apple.forward(apple, apple_num)
    orange_price = mul_orange.forward(orange, orange_num)
    total = add_fruit.forward(apple_price, orange_price)
    price = mul_tax.forward(total, tax)
    %(backward)s
    return %(result)s
'''
_BACKWARD = '''dtotal, dtax = mul_tax.backward(1)
    dapple_price, dorange_price = add_fruit.backward(dtotal)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)'''
_GRADS = ('{"apple": dapple, "apple_num": dapple_num, "orange": dorange, '
          '"orange_num": dorange_num, "tax": dtax}')


def _shopping(backward=_BACKWARD, result=f"price, {_GRADS}"):
    return _SHOPPING % {"backward": backward, "result": result}


CORRECT = {
    "mul_layer": {
        "other attribute names": _mul(init="self.a = None\n        self.b = None",
                                      forward="self.a = x\n        self.b = y\n"
                                              "        return x * y",
                                      backward="return dout * self.b, dout * self.a"),
        "nothing in __init__": _mul(init="pass"),
        "the inputs kept as a tuple": _mul(init="self.inputs = ()",
                                           forward="self.inputs = (x, y)\n        return x * y",
                                           backward="x, y = self.inputs\n"
                                                    "        return dout * y, dout * x"),
        "np.multiply": _mul(forward="self.x = x\n        self.y = y\n"
                                    "        return np.multiply(x, y)",
                            backward="return np.multiply(dout, self.y), "
                                     "np.multiply(dout, self.x)"),
        "copies of the inputs kept": _mul(forward="self.x, self.y = np.copy(x), np.copy(y)\n"
                                                  "        return x * y"),
        "out stored too, a list returned": _mul(forward="self.x, self.y = x, y\n"
                                                        "        self.out = x * y\n"
                                                        "        return self.out",
                                                backward="return [dout * self.y, dout * self.x]"),
    },
    "add_layer": {
        "dout, dout": _add(backward="return dout, dout"),
        "copies of dout": _add(backward="return np.copy(dout), np.copy(dout)"),
        "inputs stored though not needed": _add(init="self.x = self.y = None",
                                                forward="self.x, self.y = x, y\n"
                                                        "        return x + y"),
        "np.add and dout + 0": _add(forward="return np.add(x, y)",
                                    backward="dx = dout + 0\n        dy = dout + 0\n"
                                             "        return dx, dy"),
        "times ones_like": _add(backward="one = np.ones_like(dout)\n"
                                         "        return dout * one, dout * one"),
    },
    "buy_apples_and_oranges": {
        "oranges first on the way back, dprice = 1.0": _shopping(backward='''dprice = 1.0
    dtotal, dtax = mul_tax.backward(dprice)
    dapple_price, dorange_price = add_fruit.backward(dtotal)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    dapple, dapple_num = mul_apple.backward(dapple_price)'''),
        "dprice of the price's shape": _shopping(backward=_BACKWARD.replace(
            "mul_tax.backward(1)", "mul_tax.backward(np.ones_like(price))")),
        "the grads dict built with dict(zip(...))": _shopping(
            result='price, dict(zip(["apple", "apple_num", "orange", "orange_num", "tax"], '
                   '[dapple, dapple_num, dorange, dorange_num, dtax]))'),
        "chained calls, a tuple returned as a list": '''def buy_apples_and_oranges(apple, apple_num, orange, orange_num, tax):
    layers = {name: MulLayer() for name in ("apple", "orange", "tax")}
    fruit = AddLayer()
    price = layers["tax"].forward(fruit.forward(layers["apple"].forward(apple, apple_num),
                                                layers["orange"].forward(orange, orange_num)),
                                  tax)
    grads = {}
    dfruit, grads["tax"] = layers["tax"].backward(1.0)
    da, do = fruit.backward(dfruit)
    grads["apple"], grads["apple_num"] = layers["apple"].backward(da)
    grads["orange"], grads["orange_num"] = layers["orange"].backward(do)
    return [price, grads]
''',
        "the chain rule by hand, no nodes": '''def buy_apples_and_oranges(apple, apple_num, orange, orange_num, tax):
    total = apple * apple_num + orange * orange_num
    price = total * tax
    grads = {"apple": apple_num * tax, "apple_num": apple * tax, "orange": orange_num * tax,
             "orange_num": orange * tax, "tax": total}
    return price, grads
''',
    },
}

WRONG = {
    "mul_layer": {
        "only the first forward kept": (_mul(forward="if self.x is None:\n"
                                                     "            self.x, self.y = x, y\n"
                                                     "        return x * y"), "latest"),
        "dout multiplied in place": (_mul(backward="dx = dout\n        dx *= self.y\n"
                                                   "        dy = dout * self.x\n"
                                                   "        return dx, dy"), "dout"),
        "the local derivatives without dout": (_mul(backward="return self.y, self.x"),
                                               "upstream gradient"),
        "dx only": (_mul(backward="return dout * self.y"), "pair"),
        "forward adds": (_mul(forward="self.x, self.y = x, y\n        return x + y"), "out"),
        "dy = dout * y": (_mul(backward="return dout * self.y, dout * self.y"), "swaps"),
        "x overwritten in forward": (_mul(forward="self.x, self.y = np.copy(x), y\n"
                                                  "        x *= y\n        return x"),
                                     "changed"),
    },
    "add_layer": {
        "the local derivative 1 alone": (_add(backward="return 1, 1"), "local derivative 1"),
        "the multiply node's rule": (_add(init="self.x = self.y = None",
                                          forward="self.x, self.y = x, y\n        return x + y",
                                          backward="return dout * self.y, dout * self.x"),
                                     "multiply node"),
        "forward multiplies": (_add(forward="return x * y"), "x + y"),
        "dout to one input only": (_add(backward="return dout, 0"), "dy"),
        "one value, not a pair": (_add(backward="return dout"), "pair"),
        "dout shared in proportion to the inputs": (_add(
            init="self.x = self.y = None",
            forward="self.x, self.y = x, y\n        return x + y",
            backward="share = self.x / (self.x + self.y)\n"
                     "        return dout * share, dout * (1 - share)"), "dx"),
    },
    "buy_apples_and_oranges": {
        "no tax on the price": (_shopping(result=f"total, {_GRADS}"), "before tax"),
        "prices and counts swapped": (_shopping(result='price, {"apple": dapple_num, '
                                                       '"apple_num": dapple, "orange": dorange_num, '
                                                       '"orange_num": dorange, "tax": dtax}'),
                                      "other's place"),
        "the pair the other way round": (_shopping(result=f"{_GRADS}, price"), "in that order"),
        "one node for both fruit": ('''def buy_apples_and_oranges(apple, apple_num, orange, orange_num, tax):
    mul_fruit, add_fruit, mul_tax = MulLayer(), AddLayer(), MulLayer()
    total = add_fruit.forward(mul_fruit.forward(apple, apple_num),
                              mul_fruit.forward(orange, orange_num))
    price = mul_tax.forward(total, tax)
    dtotal, dtax = mul_tax.backward(1.0)
    dapples, doranges = add_fruit.backward(dtotal)
    dapple, dapple_num = mul_fruit.backward(dapples)
    dorange, dorange_num = mul_fruit.backward(doranges)
    return price, {"apple": dapple, "apple_num": dapple_num, "orange": dorange,
                   "orange_num": dorange_num, "tax": dtax}
''', "its own node"),
        "a key misspelt": (_shopping(result='price, {"apple": dapple, "apple_num": dapple_num, '
                                            '"orange": dorange, "oranges_num": dorange_num, '
                                            '"tax": dtax}'), "orange_num"),
        "dtax taken as the tax itself": (_shopping(result='price, {"apple": dapple, '
                                                          '"apple_num": dapple_num, '
                                                          '"orange": dorange, '
                                                          '"orange_num": dorange_num, '
                                                          '"tax": tax}'), "tax"),
        "backward started at the price": (_shopping(backward=_BACKWARD.replace(
            "mul_tax.backward(1)", "mul_tax.backward(price)")), "dprice = 1"),
    },
}
