"""Plots for the course: activation functions, decision regions, training curves, histograms.

Every function draws into the Axes it is given (or a new figure) and returns what it drew on; none
calls ``plt.show()``, so notebooks and tests decide when and how to display.
"""

import matplotlib.pyplot as plt
import numpy as np

from .functions import ACTIVATIONS

DERIVATIVE_STEP = 1e-4  # central-difference step for functions without a known derivative
MAX_HISTOGRAM_PANELS = 20  # more is a mistake (an array's rows taken for layers), not a plot


def _new_axes(ax):
    return plt.subplots()[1] if ax is None else ax


def _known_derivative(fn):
    """The exact derivative of a function listed in ACTIVATIONS, else None."""
    return next((grad for f, grad in ACTIVATIONS.values() if f is fn), None)


def _central_difference(fn):
    h = DERIVATIVE_STEP
    return lambda x: (np.asarray(fn(x + h)) - np.asarray(fn(x - h))) / (2 * h)


def _resolve_activation(entry):
    """An entry -> (label, function, derivative): a name in ACTIVATIONS, a function, or a pair
    (function, derivative). A function of unknown derivative gets a central difference."""
    if isinstance(entry, str):
        if entry not in ACTIVATIONS:
            raise ValueError(f"plot_activations: unknown activation {entry!r}; "
                             f"choose from {sorted(ACTIVATIONS)}")
        return (entry, *ACTIVATIONS[entry])
    if isinstance(entry, tuple) and len(entry) == 2 and all(map(callable, entry)):
        return (entry[0].__name__, *entry)
    if callable(entry):
        return entry.__name__, entry, _known_derivative(entry) or _central_difference(entry)
    raise TypeError(f"plot_activations: expected a name, a function or a (function, derivative) "
                    f"pair, got {entry!r}")


def plot_activations(activations, x=None, derivatives=False, ax=None):
    """Plot activation functions (and, with ``derivatives=True``, their derivatives, dashed).

    activations: a name from ``functions.ACTIVATIONS`` ('sigmoid', 'relu', ...), a function, a
        (function, derivative) pair, or a list of these.
    x: 1-D grid of inputs, default 501 points on [-5, 5].
    Returns the Axes; each function is a line labelled by its name, its derivative "name'".
    """
    if isinstance(activations, (str, tuple)) or callable(activations):
        activations = [activations]
    x = np.linspace(-5.0, 5.0, 501) if x is None else np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"plot_activations: x must be a 1-D grid, got shape {x.shape}")
    ax = _new_axes(ax)
    for entry in activations:
        label, fn, grad = _resolve_activation(entry)
        (line,) = ax.plot(x, fn(x), label=label)
        if derivatives:
            ax.plot(x, grad(x), linestyle="--", color=line.get_color(), label=f"{label}'")
    ax.set_xlabel("x")
    ax.set_ylabel("output")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def _labels(t):
    """Labels (N,) from labels (N,) or one-hot (N, C)."""
    t = np.asarray(t)
    return np.argmax(t, axis=1) if t.ndim == 2 else t.reshape(-1)


def _predicted_classes(output):
    """predict_fn output -> class labels: argmax of (M, C) scores with C > 1; otherwise class 1
    where a single output per point (M,) or (M, 1) exceeds 0.5 (0/1 outputs or probabilities)."""
    output = np.asarray(output)
    if output.ndim == 2 and output.shape[1] > 1:
        return np.argmax(output, axis=1)
    return (output.reshape(-1) > 0.5).astype(np.int64)


def _grid(X, resolution, padding):
    """Mesh (xx, yy), each (resolution, resolution), over X's range widened by padding.

    Float X keeps its dtype (a float32 network sees float32 points); other X gives float64.
    """
    dtype = X.dtype if X.dtype.kind == "f" else np.float64
    low, high = X.min(axis=0) - padding, X.max(axis=0) + padding
    return np.meshgrid(np.linspace(low[0], high[0], resolution, dtype=dtype),
                       np.linspace(low[1], high[1], resolution, dtype=dtype))


def plot_decision_boundary(predict_fn, X, t, ax=None, resolution=200, padding=0.5,
                           cmap="viridis"):
    """Draw the decision boundary (결정 경계): colour the plane by the class ``predict_fn`` assigns,
    and scatter the points on top.

    predict_fn: (M, 2) points -> (M, C) scores, or (M,) / (M, 1) outputs thresholded at 0.5.
    X: (N, 2) points; t: (N,) labels or (N, C) one-hot.
    resolution: grid points per axis over the data's range widened by ``padding``.
    Returns the Axes: a QuadMesh of predicted classes, then a scatter of X coloured by t.
    """
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary: X must have shape (N, 2), got {X.shape}")
    labels = _labels(t)
    if labels.shape[0] != X.shape[0]:
        raise ValueError(f"plot_decision_boundary: t must give one label per row of X "
                         f"{X.shape}, got shape {np.shape(t)}")
    xx, yy = _grid(X, resolution, padding)
    regions = _predicted_classes(predict_fn(np.column_stack([xx.ravel(), yy.ravel()])))
    n_classes = int(max(labels.max(), regions.max())) + 1
    ax = _new_axes(ax)
    ax.pcolormesh(xx, yy, regions.reshape(xx.shape), shading="nearest", cmap=cmap, alpha=0.3,
                  vmin=0, vmax=max(n_classes - 1, 1))
    ax.scatter(X[:, 0], X[:, 1], c=labels, cmap=cmap, vmin=0, vmax=max(n_classes - 1, 1),
               edgecolors="k", linewidths=0.5, s=20)
    ax.set_xlim(xx[0, 0], xx[0, -1])
    ax.set_ylim(yy[0, 0], yy[-1, 0])
    return ax


def _axes_pair(ax):
    if ax is None:
        return plt.subplots(1, 2, figsize=(10, 4))[1]
    if len(ax) != 2:
        raise ValueError(f"plot_loss_curves: ax must be two Axes (loss, accuracy), got {len(ax)}")
    return ax


def plot_loss_curves(history, ax=None):
    """Plot a ``Trainer`` history as loss curves (손실 곡선): the loss per step, and train / validation accuracy per epoch.

    history: dict with 'train_loss' (one value per step) and optionally 'train_acc', 'val_acc'
        (one value per epoch, drawn at epochs 1, 2, ...).
    ax: None (a new figure with two panels) or two Axes (loss panel, accuracy panel).
    Returns the Figure.
    """
    loss_ax, acc_ax = _axes_pair(ax)
    loss = np.asarray(history["train_loss"])
    loss_ax.plot(np.arange(1, loss.size + 1), loss, label="train loss")
    loss_ax.set_xlabel("step")
    loss_ax.set_ylabel("loss")
    for key, label in (("train_acc", "train"), ("val_acc", "validation")):
        values = np.asarray(history.get(key, []))
        if values.size:
            acc_ax.plot(np.arange(1, values.size + 1), values, marker="o", label=label)
    acc_ax.set_xlabel("epoch")
    acc_ax.set_ylabel("accuracy")
    for a in (loss_ax, acc_ax):
        a.grid(True, alpha=0.3)
        if a.lines:
            a.legend()
    return loss_ax.figure


def plot_activation_histograms(activations, ax=None, bins=30, value_range=None):
    """One histogram per layer of activation values, side by side (the book's init experiment).

    activations: dict {layer name: array of any shape}, in layer order.
    ax: None (a new figure, one panel per layer) or one Axes per layer.
    value_range: (low, high) shared by all panels; default the min and max over all layers.
    Returns the Figure.
    """
    if not activations:
        raise ValueError("plot_activation_histograms: activations is empty")
    if len(activations) > MAX_HISTOGRAM_PANELS:
        raise ValueError(f"plot_activation_histograms: got {len(activations)} layers; it draws "
                         f"at most {MAX_HISTOGRAM_PANELS} (were one array's rows taken for "
                         "layers?)")
    values = {name: np.asarray(a).ravel() for name, a in activations.items()}
    if value_range is None:
        value_range = (min(v.min() for v in values.values()), max(v.max() for v in values.values()))
    if ax is None:
        ax = plt.subplots(1, len(values), figsize=(3 * len(values), 3), sharey=True,
                          squeeze=False)[1][0]
    if len(ax) != len(values):
        raise ValueError(f"plot_activation_histograms: got {len(ax)} Axes for "
                         f"{len(values)} layers")
    for a, (name, v) in zip(ax, values.items()):
        a.hist(v, bins=bins, range=value_range)
        a.set_title(str(name))
        a.set_xlabel("activation")
    ax[0].set_ylabel("count")
    return ax[0].figure
