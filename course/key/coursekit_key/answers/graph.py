"""Reference answers of coursekit.checks.graph (day 7): the add and multiply nodes, and the
shopping graph built from them (which calls them by name: they are its stand-ins)."""
import numpy as np

from coursekit.checks.graph import GRAD_KEYS
from coursekit.layers import _unbroadcast


class AddLayer:
    """Add node of a computational graph: out = x + y.

    forward(x, y) -> out        x, y: scalars or broadcastable arrays
    backward(dout) -> (dx, dy)  dx = dout, dy = dout (summed back to each input's shape)
    """

    def forward(self, x, y):
        self.x_shape, self.y_shape = np.shape(x), np.shape(y)
        return x + y

    def backward(self, dout):
        return _unbroadcast(dout * 1, self.x_shape), _unbroadcast(dout * 1, self.y_shape)


class MulLayer:
    """Multiply node of a computational graph: out = x * y.

    forward(x, y) -> out        x, y: scalars or broadcastable arrays
    backward(dout) -> (dx, dy)  dx = dout * y, dy = dout * x (the inputs swap places)
    """

    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        dx = _unbroadcast(dout * self.y, np.shape(self.x))
        dy = _unbroadcast(dout * self.x, np.shape(self.y))
        return dx, dy



def buy_apples_and_oranges(apple, apple_num, orange, orange_num, tax):
    """price = (apple * apple_num + orange * orange_num) * tax through MulLayer / AddLayer nodes.

    Returns (price, grads) with grads = {'apple', 'apple_num', 'orange', 'orange_num', 'tax'}:
    the derivative of the price with respect to each input, from one backward pass (dprice = 1).
    Inputs are numbers or arrays of one shape; every result has that shape.
    """
    return _shop(MulLayer(), MulLayer(), AddLayer(), MulLayer(),
                 apple, apple_num, orange, orange_num, tax)


def one_node_for_both_fruit(apple, apple_num, orange, orange_num, tax):
    """The shopping graph with one MulLayer for the apples and the oranges: its second forward
    call replaces the apple inputs, so both fruit get the orange gradients."""
    fruit_node = MulLayer()
    return _shop(fruit_node, fruit_node, AddLayer(), MulLayer(),
                 apple, apple_num, orange, orange_num, tax)


def _shop(apples, oranges, fruit, taxed, apple, apple_num, orange, orange_num, tax):
    """The forward and backward pass of the shopping graph through the nodes given. The callers
    build the nodes, by name, so that a stand-in's recording sees them."""
    total = fruit.forward(apples.forward(apple, apple_num), oranges.forward(orange, orange_num))
    price = taxed.forward(total, tax)
    dtotal, dtax = taxed.backward(1.0)
    dapples, doranges = fruit.backward(dtotal)
    dapple, dapple_num = apples.backward(dapples)
    dorange, dorange_num = oranges.backward(doranges)
    return price, dict(zip(GRAD_KEYS, (dapple, dapple_num, dorange, dorange_num, dtax)))


REFERENCES = {"MulLayer": MulLayer, "AddLayer": AddLayer,
              "buy_apples_and_oranges": buy_apples_and_oranges}

SLIPS = {"buy_apples_and_oranges.one_node": one_node_for_both_fruit}
