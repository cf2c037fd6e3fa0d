"""Hidden cases of coursekit.checks.gradient (see coursekit.checks.hidden)."""
import numpy as np

from coursekit.checks.gradient import (
    PREDICTED_RATES,
    Case,
    _DESCENT_HINT,
    _DIFF_HINT,
    _RESTORE_HINT,
    _SEED,
    _SHAPE_HINT,
    _descent_case,
    _descent_judge,
    _diff_judge,
    _function_case,
    _gradient_judge,
    prediction_case,
)

START = np.array([-3.0, 4.0])


def _diff_hidden():
    return [
        _function_case("numerical_diff", "steep_exp", 0.1, _DIFF_HINT, _diff_judge, hidden=True,
                       label="a steeply curved function"),
        _function_case("numerical_diff", "cube", -3, "x may be a Python int.", _diff_judge,
                       hidden=True, label="an integer x"),
        _function_case("numerical_diff", "sin", np.float64(-2.5), _DIFF_HINT, _diff_judge,
                       hidden=True, label="a negative x given as a NumPy number"),
        _function_case("numerical_diff", "book_quadratic", 0.0, _DIFF_HINT, _diff_judge,
                       hidden=True, label="another point of the book's function"),
    ]


def _gradient_hidden():
    rng = np.random.default_rng(_SEED)
    return [
        _function_case("numerical_gradient", "quartic", rng.standard_normal((2, 2, 3)),
                       _SHAPE_HINT, _gradient_judge, hidden=True,
                       label="a 3-D x of shape (2, 2, 3)"),
        _function_case("numerical_gradient", "coupled", rng.standard_normal(3), _RESTORE_HINT,
                       _gradient_judge, hidden=True,
                       label="a function whose partial derivatives depend on other elements"),
        _function_case("numerical_gradient", "softmax_loss", 0.5 * rng.standard_normal((2, 3)),
                       _SHAPE_HINT, _gradient_judge, hidden=True,
                       label="a loss of a (2, 3) weight matrix"),
        _function_case("numerical_gradient", "quartic", rng.standard_normal((4, 1)), _SHAPE_HINT,
                       _gradient_judge, hidden=True, label="a column of shape (4, 1)"),
        _function_case("numerical_gradient", "bowl", np.array([7.5]), _SHAPE_HINT,
                       _gradient_judge, hidden=True, label="a single element, shape (1,)"),
        _function_case("numerical_gradient", "bowl", 10 * rng.standard_normal(8), _RESTORE_HINT,
                       _gradient_judge, hidden=True, label="8 random elements"),
    ]


def _descent_hidden():
    rng = np.random.default_rng(_SEED + 1)
    return [
        _descent_case("bowl", np.array([-3.0, 4.0]), _DESCENT_HINT, hidden=True,
                      label="a long run of 100 steps", lr=0.1,
                      step_num=100),
        _descent_case("shifted_bowl", np.zeros((2, 2)), "init_x may have any shape.",
                      hidden=True, label="a 2 x 2 starting point", lr=0.2, step_num=30),
        _descent_case("quartic", 0.5 * rng.standard_normal(3), _DESCENT_HINT, hidden=True,
                      label="a non-quadratic function", lr=0.05, step_num=40),
        _descent_case("bowl", np.array([-3.0, 4.0]),
                      "The defaults are lr=0.01 and step_num=100.", hidden=True,
                      label="the default lr and step_num"),
        _descent_case("bowl", np.array([-3, 4]),
                      "init_x may be an integer array: work on a float copy of "
                      "it.", hidden=True,
                      label="an integer starting point", lr=0.1, step_num=5),
        _descent_case("bowl", np.array([2.0, -1.0]),
                      "With a learning rate above 1, each step on the bowl multiplies x by "
                      "1 - 2 lr < -1, so x grows; follow exactly the same updates.",
                      hidden=True, label="a learning rate that is too large", lr=1.1,
                      step_num=10),
    ]


def _positional_descent_case():
    """lr and step_num passed by position, as gradient_descent(f, init_x, 0.3, 7)."""
    return Case("lr and step_num given by position", ("bowl", np.array([1.0, 2.0]), 0.3, 7),
                hint="The parameters are, in order, f, init_x, lr, step_num.",
                judge=_descent_judge, hidden=True, rtol=1e-6, atol=1e-10)


def outcome_on_bowl(lr: float, steps: int = 100) -> str:
    """What `steps` steps of x <- x - lr * 2x (gradient descent on sum of x², exact gradient)
    do from (-3, 4), read off the path: its distances to the minimum and its sides."""
    path = [START]
    for _ in range(steps):
        path.append(path[-1] - lr * 2 * path[-1])
    size = [float(np.linalg.norm(x)) for x in path]
    flips = any(float(a @ b) < 0 for a, b in zip(path, path[1:]))
    if size[1] <= 1e-12 * size[0]:
        return "reaches the minimum in one step"
    if size[-1] > size[0] * (1 + 1e-9):
        return "diverges"
    if flips and abs(size[-1] - size[0]) <= 1e-9 * size[0]:
        return "oscillates forever"
    if flips:
        return "converges, flipping sides"
    return "barely moves" if size[-1] > 0.999 * size[0] else "converges"


def _predictions_hidden():
    return [prediction_case(lr, expected=outcome_on_bowl(lr), hidden=True)
            for lr in PREDICTED_RATES]


CASES = {
    "numerical_diff": _diff_hidden,
    "numerical_gradient": _gradient_hidden,
    "gradient_descent": lambda: _descent_hidden() + [_positional_descent_case()],
    "descent_predictions": _predictions_hidden,
}
