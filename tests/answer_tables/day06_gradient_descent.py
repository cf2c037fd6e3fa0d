"""Ways a class writes each exercise of day 6, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words. The notebook's first
cell imports numpy as np; `gradient_descent` may call the student's `numerical_gradient`."""

CORRECT = {
    "numerical_diff": {
        "divided by 2 and by h": '''def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / 2 / h
''',
        "h = 1e-5": '''def numerical_diff(f, x):
    h = 1e-5
    return (f(x + h) - f(x - h)) / (2 * h)
''',
        "h = 2e-4 as a default argument": '''def numerical_diff(f, x, h=2e-4):
    return (f(x + h) - f(x - h)) / (2 * h)
''',
        "0.5 * ... / h": '''def numerical_diff(f, x):
    h = 1e-4
    return 0.5 * (f(x + h) - f(x - h)) / h
''',
        "float(x) first": '''def numerical_diff(f, x):
    x = float(x)
    h = 1e-4
    forward_value, backward_value = f(x + h), f(x - h)
    return (forward_value - backward_value) / (2 * h)
''',
        "the average of forward and backward differences": '''def numerical_diff(f, x):
    h = 1e-4
    forward = (f(x + h) - f(x)) / h
    backward = (f(x) - f(x - h)) / h
    return (forward + backward) / 2
''',
        "the five-point stencil": '''def numerical_diff(f, x):
    h = 1e-3
    return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)
''',
    },
    "numerical_gradient": {
        "the book's np.nditer loop": '''def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
        it.iternext()
    return grad
''',
        "a copy per perturbation": '''def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        plus, minus = x.copy(), x.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (f(plus) - f(minus)) / (2 * h)
    return grad
''',
        "a flat index over a reshaped view": '''def numerical_gradient(f, x):
    h = 1e-4
    flat = x.reshape(-1)
    grad = np.zeros(x.size)
    for i in range(x.size):
        old = flat[i]
        flat[i] = old + h
        up = f(x)
        flat[i] = old - h
        down = f(x)
        flat[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad.reshape(x.shape)
''',
        "np.ndenumerate": '''def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x, dtype=float)
    for idx, value in np.ndenumerate(x):
        x[idx] = value + h
        f1 = f(x)
        x[idx] = value - h
        f2 = f(x)
        x[idx] = value
        grad[idx] = (f1 - f2) / (2 * h)
    return grad
''',
        "try / finally restores x": '''def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        saved = x[idx]
        try:
            x[idx] = saved + h
            fp = f(x)
            x[idx] = saved - h
            fm = f(x)
        finally:
            x[idx] = saved
        grad[idx] = (fp - fm) / (2 * h)
    return grad
''',
        "a float copy of x, unit vectors": '''def numerical_gradient(f, x):
    h = 1e-4
    x0 = np.array(x, dtype=float)
    grad = np.zeros_like(x0)
    for i in range(x0.size):
        e = np.zeros(x0.size)
        e[i] = h
        e = e.reshape(x0.shape)
        grad.flat[i] = (f(x0 + e) - f(x0 - e)) / (2 * h)
    return grad
''',
        "with the student's numerical_diff style, h = 1e-5": '''def numerical_gradient(f, x):
    h = 1e-5
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        x[idx] = original + h
        a = f(x)
        x[idx] = original - h
        b = f(x)
        x[idx] = original
        grad[idx] = (a - b) / (2 * h)
    return grad
''',
    },
    "gradient_descent": {
        "the book's loop on a float copy": '''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x.astype(float)
    for i in range(step_num):
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x
''',
        "x = init_x.astype(float), then x = x - ...": '''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x.astype(float)
    for _ in range(step_num):
        x = x - lr * numerical_gradient(f, x)
    return x
''',
        "np.copy, then x = x - ...": '''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.copy(init_x).astype(np.float64)
    for step in range(step_num):
        x = x - lr * numerical_gradient(f, x)
    return x
''',
        "a while loop": '''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    step = 0
    while step < step_num:
        x -= lr * numerical_gradient(f, x)
        step += 1
    return x
''',
        "a history kept, only x returned": '''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    history = []
    for i in range(step_num):
        history.append(x.copy())
        x -= lr * numerical_gradient(f, x)
    return x
''',
        "np.subtract with out=": '''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.asarray(init_x, dtype=float).copy()
    for _ in range(step_num):
        np.subtract(x, lr * numerical_gradient(f, x), out=x)
    return x
''',
    },
    "descent_predictions": {
        "in another order, with the rates as fractions": '''descent_predictions = {
    5 / 4: "diverges",
    1: "oscillates forever",
    3 / 4: "converges, flipping sides",
    1 / 2: "reaches the minimum in one step",
    1 / 20: "converges",
    10 ** -6: "barely moves",
}
''',
        "the rates as strings": '''descent_predictions = {
    "1e-06": "barely moves",
    "0.05": "converges",
    "0.5": "reaches the minimum in one step",
    "0.75": "converges, flipping sides",
    "1.0": "oscillates forever",
    "1.25": "diverges",
}
''',
        "capitals, extra spaces and full stops": '''descent_predictions = {
    1e-6: "Barely moves.",
    0.05: "Converges",
    0.5: "reaches the  minimum in one step",
    0.75: "converges,flipping sides",
    1.0: " oscillates forever ",
    1.25: "DIVERGES",
}
''',
        "filled into the given dict one by one": '''descent_predictions = {1e-6: None, 0.05: None, 0.5: None, 0.75: None, 1.0: None, 1.25: None}
descent_predictions[1e-6] = "barely moves"
descent_predictions[0.05] = "converges"
descent_predictions[0.5] = "reaches the minimum in one step"
descent_predictions[0.75] = "converges, flipping sides"
descent_predictions[1.0] = "oscillates forever"
descent_predictions[1.25] = "diverges"
''',
        "dict(zip(...)) of two lists": '''rates = [1e-6, 0.05, 0.5, 0.75, 1.0, 1.25]
guesses = ["barely moves", "converges", "reaches the minimum in one step",
           "converges, flipping sides", "oscillates forever", "diverges"]
descent_predictions = dict(zip(rates, guesses))
''',
    },
}

WRONG = {
    "numerical_diff": {
        "the backward difference": ('''def numerical_diff(f, x):
    h = 1e-4
    return (f(x) - f(x - h)) / h
''', "backward difference"),
        "the 2 missing": ('''def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / h
''', "twice"),
        "a tiny h, 1e-50": ('''def numerical_diff(f, x):
    h = 1e-50
    return (f(x + h) - f(x - h)) / (2 * h)
''', "1e-50"),
        "precedence: / 2 * h": ('''def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / 2 * h
''', "in brackets"),
        "a large h, 0.1": ('''def numerical_diff(f, x):
    h = 0.1
    return (f(x + h) - f(x - h)) / (2 * h)
''', "expected"),
        "h = 1e-4 spelt 10e-4": ('''def numerical_diff(f, x):
    h = 10e-4
    return (f(x + h) - f(x - h)) / (2 * h)
''', "10e-4"),
    },
    "numerical_gradient": {
        "the forward difference": ('''def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        fx = f(x)
        x[idx] = tmp + h
        grad[idx] = (f(x) - fx) / h
        x[idx] = tmp
    return grad
''', "forward difference"),
        "the 2 missing": ('''def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        x[idx] = tmp + h
        fp = f(x)
        x[idx] = tmp - h
        fm = f(x)
        x[idx] = tmp
        grad[idx] = (fp - fm) / h
    return grad
''', "twice"),
        "range(x.size): 1-D only": ('''def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for i in range(x.size):
        tmp = x[i]
        x[i] = tmp + h
        fp = f(x)
        x[i] = tmp - h
        fm = f(x)
        x[i] = tmp
        grad[i] = (fp - fm) / (2 * h)
    return grad
''', "ndindex"),
        "restored by adding h back": ('''def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += h
        fp = f(x)
        x[idx] -= 2 * h
        fm = f(x)
        x[idx] += h
        grad[idx] = (fp - fm) / (2 * h)
    return grad
''', "changed its input"),
        "a tiny h, 1e-50": ('''def numerical_gradient(f, x):
    h = 1e-50
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        x[idx] = tmp + h
        fp = f(x)
        x[idx] = tmp - h
        fm = f(x)
        x[idx] = tmp
        grad[idx] = (fp - fm) / (2 * h)
    return grad
''', "1e-50"),
        "a flat gradient returned": ('''def numerical_gradient(f, x):
    h = 1e-4
    grad = []
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        x[idx] = tmp + h
        fp = f(x)
        x[idx] = tmp - h
        fm = f(x)
        x[idx] = tmp
        grad.append((fp - fm) / (2 * h))
    return np.array(grad)
''', "shape of x"),
        "every element moved at once": ('''def numerical_gradient(f, x):
    h = 1e-4
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))
''', "one element"),
        "the perturbation left behind on a copy made once": ('''def numerical_gradient(f, x):
    h = 1e-4
    xc = x.copy()
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xc[idx] += h
        fp = f(xc)
        xc[idx] -= 2 * h
        fm = f(xc)
        grad[idx] = (fp - fm) / (2 * h)
    return grad
''', "expected"),
    },
    "gradient_descent": {
        "ascent: x += lr * grad": ('''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    for i in range(step_num):
        x += lr * numerical_gradient(f, x)
    return x
''', "climbs"),
        "one step too few": ('''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    for i in range(1, step_num):
        x -= lr * numerical_gradient(f, x)
    return x
''', "one step too few"),
        "one step too many": ('''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    for i in range(step_num + 1):
        x -= lr * numerical_gradient(f, x)
    return x
''', "one step too many"),
        "lr fixed at 0.01": ('''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    for i in range(step_num):
        x -= 0.01 * numerical_gradient(f, x)
    return x
''', "lr argument"),
        "x and its history returned": ('''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    history = []
    for i in range(step_num):
        history.append(x.copy())
        x -= lr * numerical_gradient(f, x)
    return x, np.array(history)
''', "pair"),
        "an integer copy": ('''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x.copy()
    for i in range(step_num):
        x -= lr * numerical_gradient(f, x)
    return x
''', "raised"),
        "the gradient at the start, every step": ('''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    grad = numerical_gradient(f, x)
    for i in range(step_num):
        x -= lr * grad
    return x
''', "inside the loop"),
        "no float copy: an integer init_x reaches numerical_gradient": ('''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    for _ in range(step_num):
        x = x - lr * numerical_gradient(f, x)
    return x
''', "float"),
        "init_x returned": ('''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = np.array(init_x, dtype=float)
    for i in range(step_num):
        step = x - lr * numerical_gradient(f, x)
    return x
''', "init_x unchanged"),
    },
    "descent_predictions": {
        "0.5 only converges": ('''descent_predictions = {
    1e-06: "barely moves",
    0.05: "converges",
    0.5: "converges",
    0.75: "converges, flipping sides",
    1.0: "oscillates forever",
    1.25: "diverges",
}
''', "is not what 100 steps with lr = 0.5 do"),
        "1.0 diverges": ('''descent_predictions = {
    1e-06: "barely moves",
    0.05: "converges",
    0.5: "reaches the minimum in one step",
    0.75: "converges, flipping sides",
    1.0: "diverges",
    1.25: "diverges",
}
''', "is not what 100 steps with lr = 1 do"),
        "crossing sides taken for diverging": ('''descent_predictions = {
    1e-06: "barely moves",
    0.05: "converges",
    0.5: "reaches the minimum in one step",
    0.75: "diverges",
    1.0: "oscillates forever",
    1.25: "diverges",
}
''', "lr = 0.75"),
        "1.25 oscillates forever": ('''descent_predictions = {
    1e-06: "barely moves",
    0.05: "converges",
    0.5: "reaches the minimum in one step",
    0.75: "converges, flipping sides",
    1.0: "oscillates forever",
    1.25: "oscillates forever",
}
''', "lr = 1.25"),
        "a tiny rate converges": ('''descent_predictions = {
    1e-06: "converges",
    0.05: "converges",
    0.5: "reaches the minimum in one step",
    0.75: "converges, flipping sides",
    1.0: "oscillates forever",
    1.25: "diverges",
}
''', "lr = 1e-06"),
        "0.05 barely moves": ('''descent_predictions = {
    1e-06: "barely moves",
    0.05: "barely moves",
    0.5: "reaches the minimum in one step",
    0.75: "converges, flipping sides",
    1.0: "oscillates forever",
    1.25: "diverges",
}
''', "lr = 0.05"),
        "everything converges": ('''descent_predictions = {
    1e-06: "converges",
    0.05: "converges",
    0.5: "converges",
    0.75: "converges",
    1.0: "converges",
    1.25: "converges",
}
''', "is not what 100 steps"),
        "a None left": ('''descent_predictions = {
    1e-06: "barely moves",
    0.05: "converges",
    0.5: "reaches the minimum in one step",
    0.75: "converges, flipping sides",
    1.0: "oscillates forever",
    1.25: None,
}
''', "missing or None"),
        "a rate left out": ('''descent_predictions = {
    1e-06: "barely moves",
    0.05: "converges",
    0.5: "reaches the minimum in one step",
    1.0: "oscillates forever",
    1.25: "diverges",
}
''', "descent_predictions[0.75] is missing"),
        "a phrase not among the choices": ('''descent_predictions = {
    1e-06: "barely moves",
    0.05: "goes to the minimum",
    0.5: "reaches the minimum in one step",
    0.75: "converges, flipping sides",
    1.0: "oscillates forever",
    1.25: "diverges",
}
''', "not one of the choices"),
        "a list instead of a dict": ('''descent_predictions = ["barely moves", "converges", "reaches the minimum in one step",
                       "converges, flipping sides", "oscillates forever", "diverges"]
''', "expected a dict"),
    },
}
