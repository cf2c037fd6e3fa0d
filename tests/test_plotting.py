"""Tests for coursekit.plotting with the Agg backend: the plotted data, not just that it runs."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from coursekit import functions, plotting  # noqa: E402
from coursekit.gates import truth_table  # noqa: E402


@pytest.fixture(autouse=True)
def no_show_and_close(monkeypatch):
    """plt.show must never be called by the library; close every figure after each test."""
    def refuse():
        raise AssertionError("plotting called plt.show()")

    monkeypatch.setattr(plt, "show", refuse)
    yield
    plt.close("all")


GRID = np.linspace(-3, 3, 61)


# --- plot_activations ------------------------------------------------------------------------

def test_activation_lines_are_the_functions_and_derivatives_on_the_grid():
    ax = plotting.plot_activations(["sigmoid", "relu"], x=GRID, derivatives=True)
    labels = [line.get_label() for line in ax.lines]
    assert labels == ["sigmoid", "sigmoid'", "relu", "relu'"]
    expected = [functions.sigmoid(GRID), functions.sigmoid_grad(GRID),
                functions.relu(GRID), functions.relu_grad(GRID)]
    for line, y in zip(ax.lines, expected):
        np.testing.assert_array_equal(line.get_xdata(), GRID)
        np.testing.assert_array_equal(line.get_ydata(), y)
    assert ax.lines[1].get_linestyle() == "--"
    assert ax.lines[0].get_color() == ax.lines[1].get_color()


def test_activation_plot_uses_the_given_axes_and_default_grid():
    fig, ax = plt.subplots()
    assert plotting.plot_activations("tanh", ax=ax) is ax
    (line,) = ax.lines
    np.testing.assert_array_equal(line.get_xdata(), np.linspace(-5, 5, 501))
    np.testing.assert_array_equal(line.get_ydata(), np.tanh(np.linspace(-5, 5, 501)))


def test_a_library_function_gets_its_exact_derivative():
    ax = plotting.plot_activations(functions.tanh, x=GRID, derivatives=True)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), functions.tanh_grad(GRID))


def test_a_new_function_gets_a_numerical_derivative_or_the_given_one():
    def square(x):
        return x ** 2

    ax = plotting.plot_activations([square, (np.sin, np.cos)], x=GRID, derivatives=True)
    assert [line.get_label() for line in ax.lines] == ["square", "square'", "sin", "sin'"]
    np.testing.assert_allclose(ax.lines[1].get_ydata(), 2 * GRID, atol=1e-8)
    np.testing.assert_array_equal(ax.lines[3].get_ydata(), np.cos(GRID))


def test_activation_plot_rejects_unknown_names_and_bad_grids():
    with pytest.raises(ValueError, match="swish"):
        plotting.plot_activations("swish")
    with pytest.raises(ValueError, match="1-D"):
        plotting.plot_activations("relu", x=np.zeros((2, 2)))
    with pytest.raises(TypeError, match="name"):
        plotting.plot_activations([42])


# --- plot_decision_boundary ------------------------------------------------------------------

def mesh_values(ax):
    (mesh,) = [c for c in ax.collections if isinstance(c, matplotlib.collections.QuadMesh)]
    return np.asarray(mesh.get_array()).ravel()


def test_decision_regions_are_the_argmax_of_the_scores_on_the_grid():
    X = np.array([[-1.0, 0.0], [1.0, 2.0], [0.5, -1.0]])
    t = np.array([0, 1, 1])

    def right_half_is_class_1(points):
        return np.column_stack([-points[:, 0], points[:, 0]])

    ax = plotting.plot_decision_boundary(right_half_is_class_1, X, t, resolution=21, padding=0.5)
    gx = np.linspace(-1.5, 1.5, 21)
    gy = np.linspace(-1.5, 2.5, 21)
    xx, _ = np.meshgrid(gx, gy)
    np.testing.assert_array_equal(mesh_values(ax), (xx.ravel() > 0).astype(int))
    (points,) = [c for c in ax.collections if isinstance(c, matplotlib.collections.PathCollection)]
    np.testing.assert_array_equal(points.get_offsets(), X)
    np.testing.assert_array_equal(points.get_array(), t)
    assert ax.get_xlim() == (-1.5, 1.5) and ax.get_ylim() == (-1.5, 2.5)


def test_decision_regions_of_a_0_1_gate_with_one_hot_labels():
    X, t = truth_table("AND")

    def and_gate(points):  # 0/1 outputs, one per point: thresholded at 0.5
        return (points @ np.array([0.5, 0.5]) - 0.7 > 0).astype(float)

    fig, ax = plt.subplots()
    assert plotting.plot_decision_boundary(and_gate, X, np.eye(2)[t], ax=ax, resolution=5,
                                           padding=0.0) is ax
    g = np.linspace(0, 1, 5)
    xx, yy = np.meshgrid(g, g)
    np.testing.assert_array_equal(mesh_values(ax), (0.5 * xx + 0.5 * yy > 0.7).ravel())


def test_decision_boundary_rejects_bad_shapes():
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        plotting.plot_decision_boundary(lambda p: p, np.zeros((4, 3)), np.zeros(4, dtype=int))
    with pytest.raises(ValueError, match="one label per row"):
        plotting.plot_decision_boundary(lambda p: p, np.zeros((4, 2)), np.zeros(3, dtype=int))


# --- plot_loss_curves ------------------------------------------------------------------------

HISTORY = {"train_loss": [2.3, 1.5, 1.1, 0.8, 0.7, 0.5], "train_acc": [0.6, 0.8, 0.9],
           "val_acc": [0.55, 0.7, 0.8]}


def test_loss_curves_plot_every_step_and_every_epoch():
    fig = plotting.plot_loss_curves(HISTORY)
    loss_ax, acc_ax = fig.axes
    (loss,) = loss_ax.lines
    np.testing.assert_array_equal(loss.get_xdata(), np.arange(1, 7))
    np.testing.assert_array_equal(loss.get_ydata(), HISTORY["train_loss"])
    train, val = acc_ax.lines
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(train.get_ydata(), HISTORY["train_acc"])
    np.testing.assert_array_equal(val.get_ydata(), HISTORY["val_acc"])
    assert [train.get_label(), val.get_label()] == ["train", "validation"]
    assert loss_ax.get_xlabel() == "step" and acc_ax.get_xlabel() == "epoch"


def test_loss_curves_use_given_axes_and_skip_missing_accuracies():
    fig, axes = plt.subplots(1, 2)
    assert plotting.plot_loss_curves({"train_loss": [1.0, 0.5], "val_acc": []}, ax=axes) is fig
    assert len(axes[0].lines) == 1 and len(axes[1].lines) == 0
    with pytest.raises(ValueError, match="two Axes"):
        plotting.plot_loss_curves(HISTORY, ax=[axes[0]])


# --- plot_activation_histograms --------------------------------------------------------------

def test_histograms_count_every_layer_over_a_shared_range():
    rng = np.random.default_rng(0)
    layers = {"layer 1": rng.random((100, 10)), "layer 2": 2 * rng.random(500)}
    fig = plotting.plot_activation_histograms(layers, bins=20)
    assert len(fig.axes) == 2
    low = min(a.min() for a in layers.values())
    high = max(a.max() for a in layers.values())
    for ax, (name, values) in zip(fig.axes, layers.items()):
        counts, edges = np.histogram(values, bins=20, range=(low, high))
        np.testing.assert_array_equal([p.get_height() for p in ax.patches], counts)
        np.testing.assert_allclose([p.get_x() for p in ax.patches], edges[:-1])
        assert ax.get_title() == name


def test_histograms_into_given_axes_with_a_fixed_range():
    fig, axes = plt.subplots(1, 2)
    out = plotting.plot_activation_histograms({"a": [0.1, 0.2], "b": [0.9]}, ax=axes, bins=2,
                                              value_range=(0, 1))
    assert out is fig
    assert [p.get_height() for p in axes[0].patches] == [2, 0]
    assert [p.get_height() for p in axes[1].patches] == [0, 1]
    with pytest.raises(ValueError, match="2 layers"):
        plotting.plot_activation_histograms({"a": [1], "b": [2]}, ax=[axes[0]])
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_activation_histograms({})
    rows = {f"layer {k}": row for k, row in enumerate(np.zeros((500, 3)), start=1)}
    with pytest.raises(ValueError, match="got 500 layers; it draws at most 20"):
        plotting.plot_activation_histograms(rows)
