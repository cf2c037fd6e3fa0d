"""Hidden cases of coursekit.checks.gradient (see coursekit.checks.hidden)."""
import numpy as np

from coursekit.checks.gradient import PREDICTED_RATES, prediction_case

START = np.array([-3.0, 4.0])


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


CASES = {"descent_predictions": _predictions_hidden}
