"""Reference answers of coursekit.checks.graph (day 7) that are not coursekit.layers' own."""
from coursekit import layers
from coursekit.checks.graph import GRAD_KEYS


def buy_apples_and_oranges(apple, apple_num, orange, orange_num, tax):
    """price = (apple * apple_num + orange * orange_num) * tax through MulLayer / AddLayer nodes.

    Returns (price, grads) with grads = {'apple', 'apple_num', 'orange', 'orange_num', 'tax'}:
    the derivative of the price with respect to each input, from one backward pass (dprice = 1).
    Inputs are numbers or arrays of one shape; every result has that shape.
    """
    apples, oranges = layers.MulLayer(), layers.MulLayer()
    fruit, taxed = layers.AddLayer(), layers.MulLayer()
    total = fruit.forward(apples.forward(apple, apple_num), oranges.forward(orange, orange_num))
    price = taxed.forward(total, tax)
    dtotal, dtax = taxed.backward(1.0)
    dapples, doranges = fruit.backward(dtotal)
    dapple, dapple_num = apples.backward(dapples)
    dorange, dorange_num = oranges.backward(doranges)
    return price, dict(zip(GRAD_KEYS, (dapple, dapple_num, dorange, dorange_num, dtax)))


REFERENCES = {"buy_apples_and_oranges": buy_apples_and_oranges}
