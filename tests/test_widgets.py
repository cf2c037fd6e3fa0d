"""coursekit.widgets: each explorer plots the right numbers, redraws in place, and stays cheap.

No browser here (see test_browser.py): the tests set widget values from Python, which runs the
same observers a slider drag runs, and read back what was plotted.
"""

import gc
import io
import weakref

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
import pytest
from matplotlib.path import Path

from coursekit import functions as F
from coursekit import init
from coursekit_key.answers import optimizers
from coursekit_key.answers.initialization import he_normal, xavier_normal
from coursekit.gates import GATE_WEIGHTS, perceptron, truth_table
from coursekit_key.answers.gradient import descent_path as reference_path
from coursekit_key.answers.gradient import gradient_descent as reference_descent
from coursekit.widgets import (OptimizerExplorer, activation_explorer, init_explorer,
                               learning_rate_explorer, optimizer_explorer, perceptron_explorer,
                               xor_explorer)
from coursekit.widgets.activation import SATURATION_THRESHOLD, saturated_spans
from coursekit.widgets.descent import (ESCAPE, OPTIMIZER_SETUPS, bowl, descent_path,
                                       optimizer_path, valley_grad)
from coursekit.widgets.initialization import VALUE_RANGES
from coursekit.widgets.perceptron import (BOOLEAN_FUNCTIONS, BOX, INPUTS, clip_half_plane,
                                          gate_name, line_through_box)
from coursekit_key.answers.initialization import layer_activations

# Stand-ins for a student's answers (the explorers of days 5, 6, 9 and 10 run the student's
# own code): the course's reference, in the exercises' signatures.


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """Day 6's exercise: returns the final x only."""
    return reference_descent(f, init_x, lr=lr, step_num=step_num)


OPTIMIZER_CLASSES = [optimizers.SGD, optimizers.Momentum, optimizers.Nesterov,
                     optimizers.AdaGrad, optimizers.RMSprop, optimizers.Adam]


def not_written(*args, **kwargs):
    raise NotImplementedError()


def learning_rate(*args, **kwargs):
    return learning_rate_explorer(gradient_descent, *args, **kwargs)


def optimizer(*args, **kwargs):
    return optimizer_explorer(OPTIMIZER_CLASSES, *args, **kwargs)


def init_with(*args, **kwargs):
    return init_explorer(layer_activations, xavier_normal, he_normal, F, *args, **kwargs)


# (factory, a function moving one control of the explorer to the i-th of many values)
EXPLORERS = {
    "activation": (activation_explorer,
                   lambda e, i: setattr(e.x0_slider, "value", -4 + 0.1 * (i % 80))),
    "perceptron": (perceptron_explorer,
                   lambda e, i: setattr(e.w1_slider, "value", -1 + 0.05 * (i % 40))),
    "xor": (xor_explorer,
            lambda e, i: setattr(e.unit_sliders[0][2], "value", -1 + 0.05 * (i % 40))),
    "learning_rate": (learning_rate,
                      lambda e, i: setattr(e.lr_slider, "value", 10 ** (-2 + 0.05 * (i % 40)))),
    "optimizer": (optimizer,
                  lambda e, i: setattr(e.lr_slider, "value", 10 ** (-1 + 0.05 * (i % 40)))),
    "init": (init_with,
             lambda e, i: setattr(e.std_slider, "value", 10 ** (-2 + 0.1 * (i % 25)))),
}


def pixels(png):
    return np.asarray(PIL.Image.open(io.BytesIO(bytes(png))))


def set_values(explorer, pairs):
    """Set several controls at once, redrawing once."""
    with explorer.hold():
        for control, value in pairs:
            control.value = value


# --- every explorer ------------------------------------------------------------------------

@pytest.fixture(params=sorted(EXPLORERS))
def explorer_and_move(request):
    make, move = EXPLORERS[request.param]
    explorer = make()
    yield explorer, move
    explorer.close()


def test_explorer_is_a_widget_showing_a_png(explorer_and_move):
    explorer, _ = explorer_and_move
    assert isinstance(explorer, widgets.VBox)
    assert explorer.image in explorer.children
    assert bytes(explorer.image.value).startswith(b"\x89PNG")
    width, height = explorer.figure.canvas.get_width_height()
    assert pixels(explorer.image.value).shape == (height, width, 3)


def test_a_move_redraws_once_and_changes_the_picture(explorer_and_move):
    explorer, move = explorer_and_move
    before, redraws = bytes(explorer.image.value), explorer.redraws
    move(explorer, 7)
    assert explorer.redraws == redraws + 1
    assert bytes(explorer.image.value) != before


def test_many_moves_create_no_pyplot_figures(explorer_and_move):
    explorer, move = explorer_and_move
    figures = plt.get_fignums()
    for i in range(60):
        move(explorer, i)
    assert plt.get_fignums() == figures
    assert explorer.redraws >= 40


def test_cached_background_gives_the_same_picture_as_a_full_redraw(explorer_and_move):
    explorer, move = explorer_and_move
    for i in (3, 11, 3, 25, 11):
        move(explorer, i)
    blitted = pixels(explorer.image.value)
    explorer.invalidate()
    explorer.refresh()
    np.testing.assert_array_equal(pixels(explorer.image.value), blitted)


def test_sliders_are_keyboard_focusable_and_update_while_dragging(explorer_and_move):
    explorer, _ = explorer_and_move
    sliders = [w for w in _walk(explorer) if isinstance(w, widgets.widgets.widget_int._Int)
               or isinstance(w, widgets.widgets.widget_float._Float)]
    assert sliders
    for s in sliders:
        # the activation explorer's range slider redraws on release (a full redraw per move)
        assert s.continuous_update or s.description == "input range ±"
        assert s.tabbable is not False


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_close_closes_the_controls_and_frees_the_figure():
    explorer = perceptron_explorer()
    figure = weakref.ref(explorer.figure)
    controls = list(_walk(explorer))
    explorer.close()
    assert all(w.comm is None for w in controls)
    del explorer, controls
    gc.collect()
    assert figure() is None


# --- activation explorer (day 3) -----------------------------------------------------------

def test_activation_curves_are_coursekit_functions_on_the_grid():
    e = activation_explorer(("sigmoid", "tanh", "relu"), x_range=5.0)
    np.testing.assert_array_equal(e.x, np.linspace(-5, 5, e.x.size))
    for name in ("sigmoid", "tanh", "relu"):
        x, y = e.lines[name].get_data()
        np.testing.assert_array_equal(x, e.x)
        np.testing.assert_array_equal(y, F.ACTIVATIONS[name][0](e.x))
        assert e.lines[name].get_visible()
    assert not e.lines["step"].get_visible()
    assert set(e.curves) == {"sigmoid", "tanh", "relu"}


def test_activation_leaky_slope_slider_changes_the_leaky_curve():
    e = activation_explorer(("leaky_relu",))
    e.alpha_slider.value = 0.2
    y = e.lines["leaky_relu"].get_ydata()
    np.testing.assert_array_equal(y, F.leaky_relu(e.x, alpha=0.2))
    assert y[0] == pytest.approx(-1.0)                     # 0.2 * -5
    e.alpha_slider.value = 0.05
    assert e.lines["leaky_relu"].get_ydata()[0] == pytest.approx(-0.25)
    assert "α=0.05" in e.readout_text


def test_activation_derivative_overlay():
    e = activation_explorer(("sigmoid", "tanh"))
    assert not e.derivative_lines["sigmoid"].get_visible()
    e.derivative_toggle.value = True
    for name in ("sigmoid", "tanh"):
        line = e.derivative_lines[name]
        assert line.get_visible()
        np.testing.assert_array_equal(line.get_ydata(), F.ACTIVATIONS[name][1](e.x))
    assert e.derivative_lines["sigmoid"].get_ydata().max() == pytest.approx(0.25, abs=1e-4)


def test_activation_saturation_regions():
    e = activation_explorer(("sigmoid", "tanh", "relu", "identity"), x_range=8.0)
    x = e.x
    # sigmoid'(x) = 0.01 at |x| = 4.5951..., tanh'(x) = 0.01 at |x| = 2.9932...
    np.testing.assert_array_equal(e.saturated["sigmoid"], np.abs(x) > 4.5951)
    np.testing.assert_array_equal(e.saturated["tanh"], np.abs(x) > 2.9932)
    np.testing.assert_array_equal(e.saturated["relu"], x <= 0)
    assert not e.saturated["identity"].any()
    spans = saturated_spans(x, e.saturated["sigmoid"])
    assert len(spans) == 2 and spans[0][0] == -8.0 and spans[1][1] == 8.0
    assert len(e.shading["sigmoid"].get_paths()) == 2
    assert str(SATURATION_THRESHOLD) in e.ax.get_title()


def test_activation_readout_at_chosen_x():
    e = activation_explorer(("sigmoid", "relu"))
    e.x0_slider.value = 1.0
    assert e.readout_values["sigmoid"] == pytest.approx((0.7310585786, 0.1966119332))
    assert e.readout_values["relu"] == (1.0, 1.0)
    assert "sigmoid: f(1.00) = 0.7311, f'(1.00) = 0.1966" in e.readout_text
    e.x0_slider.value = -4.8
    assert "sigmoid" in e.readout_text and "(saturated)" in e.readout_text
    np.testing.assert_array_equal(e.x0_points.get_offsets()[:, 0], [-4.8, -4.8])


def test_activation_range_moves_the_grid_and_keeps_x0_inside():
    e = activation_explorer(x_range=5.0)
    e.x0_slider.value = 4.5
    redraws = e.redraws
    e.range_slider.value = 2.0
    assert e.redraws == redraws + 1
    assert (e.x0_slider.min, e.x0_slider.max) == (-2.0, 2.0)
    assert e.x0_slider.value == 2.0
    assert e.x[0] == -2.0 and e.x[-1] == 2.0 and e.ax.get_xlim() == (-2.0, 2.0)


def test_activation_selection_by_checkbox():
    e = activation_explorer(("sigmoid",))
    e.checkboxes["tanh"].value = True
    e.checkboxes["sigmoid"].value = False
    assert set(e.curves) == {"tanh"}
    assert e.lines["tanh"].get_visible() and not e.lines["sigmoid"].get_visible()
    e.checkboxes["tanh"].value = False
    assert e.readout_text == "" and "tick at least one" in e.readout.value


@pytest.mark.parametrize("functions, x_range, error", [
    (("sigmoid", "swish"), 5.0, ValueError),
    ("softmax", 5.0, ValueError),
    (("relu",), 0.2, ValueError),
    (("relu",), 50.0, ValueError),
    (("relu",), "5", TypeError),
])
def test_activation_bad_arguments(functions, x_range, error):
    with pytest.raises(error, match="activation_explorer"):
        activation_explorer(functions, x_range)


# --- perceptron explorer (day 1) -----------------------------------------------------------

@pytest.mark.parametrize("w1, w2, b, name", [
    (0.5, 0.5, -0.7, "AND"),
    (0.6, 0.6, -0.5, "OR"),
    (-0.5, -0.5, 0.7, "NAND"),
    (-0.5, -0.5, 0.2, "NOR"),
    (0.5, 0.0, -0.2, "x1"),
    (-0.5, 0.0, 0.2, "NOT x1"),
    (0.0, 0.0, -0.1, "constant 0"),
    (0.0, 0.0, 0.0, "constant 0"),         # w·x + b = 0 is not > 0
    (0.0, 0.0, 0.1, "constant 1"),
    (0.5, -0.5, -0.2, "x1 AND NOT x2"),
])
def test_perceptron_label_names_the_gate(w1, w2, b, name):
    e = perceptron_explorer()
    set_values(e, [(e.w1_slider, w1), (e.w2_slider, w2), (e.b_slider, b)])
    assert e.realised == name
    assert e.label_text.startswith(f"computes {name};")


def test_perceptron_marks_misclassified_points_against_the_target():
    e = perceptron_explorer("AND")
    set_values(e, [(e.w1_slider, 0.6), (e.w2_slider, 0.6), (e.b_slider, -0.5)])   # OR
    np.testing.assert_array_equal(e.misclassified, [False, True, True, False])
    np.testing.assert_array_equal(e.rings.get_offsets(), [[1, 0], [0, 1]])
    assert "2 of 4 correct" in e.label_text
    e.gate_menu.value = "OR"
    assert not e.misclassified.any() and "4 of 4 correct ✓" in e.label_text
    np.testing.assert_array_equal(e.targets, truth_table("OR")[1])


def test_perceptron_region_and_line_follow_the_weights():
    e = perceptron_explorer()
    (w1, w2), b = GATE_WEIGHTS["AND"]
    set_values(e, [(e.w1_slider, w1), (e.w2_slider, w2), (e.b_slider, b)])
    xs, ys = e.boundary.get_data()
    np.testing.assert_allclose(w1 * np.array(xs) + w2 * np.array(ys) + b, 0, atol=1e-12)
    region = Path(e.regions.get_paths()[0].vertices)
    assert [region.contains_point(p) for p in INPUTS] == [False, False, False, True]
    assert "0.50·x1 + 0.50·x2 − 0.70" in e.ax.get_title()


def test_xor_target_is_never_reached_by_one_perceptron():
    e = perceptron_explorer("XOR")
    rng = np.random.default_rng(1)
    for w1, w2, b in rng.uniform(-1.5, 1.5, size=(40, 3)):
        set_values(e, [(e.w1_slider, w1), (e.w2_slider, w2), (e.b_slider, b)])
        assert e.misclassified.any()
        assert e.realised not in ("XOR", "XNOR")


def test_boolean_function_table():
    assert len(BOOLEAN_FUNCTIONS) == 16
    assert gate_name([0, 0, 0, 1]) == "AND" and gate_name([1, 1, 1, 0]) == "NAND"
    assert gate_name([0, 1, 1, 0]) == "XOR" and gate_name([1, 0, 0, 1]) == "XNOR"
    assert gate_name([0, 1, 0, 1]) == "x1" and gate_name([1, 1, 0, 0]) == "NOT x2"
    # Random perceptrons realise 14 functions, each named by what it really computes.
    rng = np.random.default_rng(0)
    seen = {gate_name(perceptron(INPUTS, w, b))
            for w, b in zip(rng.uniform(-1, 1, (4000, 2)), rng.uniform(-1, 1, 4000))}
    assert seen == set(BOOLEAN_FUNCTIONS.values()) - {"XOR", "XNOR"}


def test_line_through_box_and_half_plane_clipping():
    xs, ys = line_through_box((0.0, 1.0), -0.5)
    assert ys == [0.5, 0.5]
    xs, ys = line_through_box((2.0, 0.0), -1.0)
    assert xs == [0.5, 0.5]
    assert line_through_box((0.0, 0.0), 1.0) == ([], [])
    upper = clip_half_plane(BOX, (0.0, 1.0), -0.5, 1)
    assert sorted(upper) == sorted([(-0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (-0.5, 1.5)])
    assert clip_half_plane(BOX, (0.0, 0.0), -1.0, 1) == []
    assert clip_half_plane(BOX, (0.0, 0.0), -1.0, 0) == BOX


@pytest.mark.parametrize("kwargs", [{"gate": "XNOR"}, {"w": (0.5,), "b": 0.0},
                                    {"w": (0.5, 2.0), "b": 0.0}, {"w": (0.5, 0.5), "b": (1, 2)}])
def test_perceptron_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="perceptron_explorer"):
        perceptron_explorer(**kwargs)


# --- XOR explorer (day 2) ------------------------------------------------------------------

def test_xor_default_is_the_notes_construction():
    e = xor_explorer()
    assert e.is_xor and e.realised == "XOR"
    # h1 = NAND, h2 = OR on inputs (0,0), (1,0), (0,1), (1,1)
    np.testing.assert_array_equal(e.hidden_outputs, [[1, 0], [1, 1], [1, 1], [0, 1]])
    np.testing.assert_array_equal(e.outputs, [0, 1, 1, 0])
    assert "4 of 4 correct ✓" in e.label_text


def test_xor_moving_a_hidden_unit_breaks_it():
    e = xor_explorer()
    e.unit_sliders[0][2].value = -0.2           # h1 bias: NAND becomes constant 0
    assert not e.is_xor
    np.testing.assert_array_equal(e.hidden_outputs[:, 0], [0, 0, 0, 0])
    assert e.realised == "constant 0"
    assert len(e.rings.get_offsets()) == 2


def test_xor_regions_match_the_network_output():
    e = xor_explorer(hidden=(((1.0, -1.0), -0.5), ((-1.0, 1.0), -0.5)), output=((1.0, 1.0), -0.5))
    assert e.is_xor
    cells = [Path(np.array(v)) for v in (p.vertices for p in e.input_regions.get_paths())]
    rng = np.random.default_rng(0)
    points = rng.uniform(-0.5, 1.5, size=(300, 2))
    distances = np.abs(points @ e.hidden_w.T + e.hidden_b) / np.linalg.norm(e.hidden_w, axis=1)
    points = points[(distances > 0.02).all(axis=1)]          # keep clear of the lines
    inside = np.array([any(c.contains_point(p) for c in cells) for p in points])
    network = perceptron(e.hidden(points), e.output_w, e.output_b)
    np.testing.assert_array_equal(inside, network == 1)


def test_xor_hidden_plane_fans_out_points_on_one_corner():
    e = xor_explorer()
    offsets = e.hidden_points.get_offsets()
    # (1,0) and (0,1) both land on hidden corner (1, 1): drawn side by side, not on top.
    assert offsets[1][1] == offsets[2][1] == 1 and abs(offsets[1][0] - offsets[2][0]) > 0.1


def test_xor_bad_arguments():
    with pytest.raises(ValueError, match="hidden"):
        xor_explorer(hidden=(((0.5, 0.5), 0.0),))


# --- learning-rate explorer (day 6) --------------------------------------------------------

def test_learning_rate_path_is_the_students_gradient_descent_step_by_step():
    e = learning_rate(lr=0.1, steps=20)
    _, expected = reference_path(bowl, np.array([-3.0, 4.0]), lr=0.1, step_num=20)
    np.testing.assert_array_equal(e.path, expected)
    # closed form on x^2 + y^2: x_k = (1 - 2 lr)^k x_0
    np.testing.assert_allclose(e.path[-1], 0.8**20 * np.array([-3.0, 4.0]), rtol=1e-6)
    np.testing.assert_array_equal(e.path_line.get_xydata(), e.path)
    np.testing.assert_allclose(e.loss_line.get_ydata(), (e.path**2).sum(axis=1))


@pytest.mark.parametrize("lr, verdict", [(0.5, "converged"), (0.001, "still descending"),
                                         (0.9, "descending, but overshooting"),
                                         (1.0, "bouncing"), (1.12, "diverging")])
def test_learning_rate_verdicts(lr, verdict):
    e = learning_rate(lr=lr, steps=20)
    assert e.verdict.startswith(verdict)
    assert verdict in e.readout_text


def test_learning_rate_loss_axis_grows_only_for_diverging_runs():
    e = learning_rate(lr=0.1, steps=20)
    assert e.loss_ax.get_ylim() == (1e-17, 1e3)
    e.lr_slider.value = 1.12
    assert e.loss_ax.get_ylim() == (1e-17, 1e22) and e.f_values.max() > 1e3
    e.lr_slider.value = 0.5                 # lands on the minimum: f ~ 0 drawn at the floor
    assert e.f_values[1] < 1e-17 and e.loss_line.get_ydata()[1] == 1e-17


def test_learning_rate_step_slider():
    e = learning_rate(lr=0.1, steps=20)
    e.steps_slider.value = 5
    assert e.path.shape == (6, 2) and e.loss_ax.get_xlim() == (0, 10)
    e.steps_slider.value = 0
    assert e.path.shape == (1, 2) and e.verdict == "no steps taken"


# --- optimizer explorer (day 9) ------------------------------------------------------------

def _by_hand(cls, steps, **settings):
    opt = cls(**settings)
    params = {"xy": np.array([-7.0, 2.0])}
    path = [params["xy"].copy()]
    for _ in range(steps):
        x, y = params["xy"]
        opt.update(params, {"xy": np.array([x / 10, 2 * y])})
        path.append(params["xy"].copy())
    return np.array(path)


def test_optimizer_paths_equal_running_coursekit_optimizers_by_hand():
    e = optimizer(shown=tuple(OPTIMIZER_SETUPS), steps=30)
    expected = {
        "SGD": _by_hand(optimizers.SGD, 30, lr=0.95),
        "Momentum": _by_hand(optimizers.Momentum, 30, lr=0.1, momentum=0.9),
        "Nesterov": _by_hand(optimizers.Nesterov, 30, lr=0.1, momentum=0.9),
        "AdaGrad": _by_hand(optimizers.AdaGrad, 30, lr=1.5),
        "RMSprop": _by_hand(optimizers.RMSprop, 30, lr=0.1, decay_rate=0.99),
        "Adam": _by_hand(optimizers.Adam, 30, lr=0.3, beta1=0.9),
    }
    assert set(e.paths) == set(expected)
    for name, path in expected.items():
        np.testing.assert_array_equal(e.paths[name], path, err_msg=name)
        np.testing.assert_array_equal(e.lines[name].get_xydata(), path)


def test_optimizer_sliders_tune_the_chosen_optimizer_only():
    e = optimizer(shown=("Momentum", "Adam"))
    e.tune_menu.value = "Adam"
    assert e.lr_slider.value == 0.3 and e.beta_slider.description == "β1"
    e.lr_slider.value = 0.1
    e.beta_slider.value = 0.5
    assert e.settings["Adam"] == {"lr": 0.1, "beta1": 0.5}
    np.testing.assert_array_equal(e.paths["Adam"],
                                  _by_hand(optimizers.Adam, 30, lr=0.1, beta1=0.5))
    e.tune_menu.value = "Momentum"          # loading Momentum's settings must not overwrite them
    assert e.settings["Momentum"] == {"lr": 0.1, "momentum": 0.9}
    assert e.settings["Adam"] == {"lr": 0.1, "beta1": 0.5}
    assert e.beta_slider.value == 0.9 and e.beta_slider.description == "momentum μ"
    e.tune_menu.value = "SGD"
    assert e.beta_slider.disabled
    e.beta_slider.value = 0.3
    assert e.settings["SGD"] == {"lr": 0.95}


def test_optimizer_divergence_stops_at_the_escape_box():
    e = optimizer(shown=("SGD",), steps=100)
    e.lr_slider.value = 10.0
    path = e.paths["SGD"]
    assert len(path) < 101 and np.abs(path[-1]).max() >= ESCAPE
    assert np.isfinite(path).all() and "diverged" in e.readout_text


def test_optimizer_checkboxes_and_steps():
    e = optimizer(shown=("SGD",), steps=30)
    e.checkboxes["RMSprop"].value = True
    e.steps_slider.value = 10
    assert set(e.paths) == {"SGD", "RMSprop"} and e.paths["RMSprop"].shape == (11, 2)
    assert not e.lines["Adam"].get_visible()
    np.testing.assert_array_equal(optimizer_path(optimizers.SGD(lr=0.95), (-7.0, 2.0), 10),
                                  e.paths["SGD"])
    np.testing.assert_array_equal(valley_grad(np.array([-7.0, 2.0])), [-0.7, 4.0])


# --- init explorer (day 10) ----------------------------------------------------------------

def test_init_weights_come_from_coursekit_init_and_layers_chain():
    e = init_with("tanh", "xavier", depth=3)
    assert len(e.weights) == len(e.layer_outputs) == 3
    np.testing.assert_array_equal(e.weights[0], init.xavier_normal((100, 100), rng=1))
    np.testing.assert_array_equal(e.weights[2], init.xavier_normal((100, 100), rng=3))
    a = e.inputs
    for w, out in zip(e.weights, e.layer_outputs):
        a = np.tanh(a @ w)
        np.testing.assert_allclose(out, a, rtol=1e-10, atol=1e-14)
    assert e.std_slider.disabled


def test_init_histograms_are_fractions_over_the_fixed_range():
    e = init_with("sigmoid", "std", std=1.0, depth=5)
    for (fractions, edges), a in zip(e.histograms, e.layer_outputs):
        assert fractions.sum() == pytest.approx(1.0)
        np.testing.assert_array_equal(edges, np.linspace(0, 1, 31))
        counts, _ = np.histogram(a, bins=edges)
        np.testing.assert_allclose(fractions, counts / a.size)
    np.testing.assert_array_equal(e.steps[0].get_data().values, e.histograms[0][0])
    # std 1 with sigmoid: most activations sit at 0 or 1 (the book's first experiment)
    assert e.histograms[4][0][[0, -1]].sum() > 0.4
    assert "saturated" in e.readout_text


def test_init_small_std_collapses_and_he_keeps_relu_alive():
    e = init_with("relu", "std", std=0.01, depth=5)
    assert e.layer_outputs[4].std() < 1e-5
    e.scheme_menu.value = "he"
    stds = [a.std() for a in e.layer_outputs]
    assert 0.3 < min(stds) and max(stds) < 3
    e.activation_menu.value = "relu"
    assert e.histograms[0][1][-1] == VALUE_RANGES["relu"][1]


def test_init_depth_slider_shows_one_panel_per_layer():
    e = init_with(depth=5)
    full_draws = e.full_draws
    e.depth_slider.value = 7
    assert [s.get_visible() for s in e.steps] == [True] * 7 + [False] * 3
    assert [t.get_visible() for t in e.unused] == [False] * 7 + [True] * 3
    assert e.full_draws == full_draws          # the panels stay put: the background is reused
    assert len(e.histograms) == 7 and e.readout_text.startswith("layer: 1  2  3  4  5  6  7")


@pytest.mark.parametrize("kwargs", [{"activation": "step"}, {"scheme": "lecun"},
                                    {"depth": 11}, {"depth": 2.5}])
def test_init_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="init_explorer"):
        init_with(**kwargs)


# --- the explorers of days 6, 9 and 10 run the student's own answers -----------------------

def test_learning_rate_explorer_draws_the_students_own_steps():
    def half_steps(f, init_x, lr=0.01, step_num=100):   # a slip: half the step it should take
        return gradient_descent(f, init_x, lr=lr / 2, step_num=step_num)

    e = learning_rate_explorer(half_steps, lr=0.1, steps=10)
    np.testing.assert_allclose(e.path[-1], 0.9**10 * np.array([-3.0, 4.0]), rtol=1e-6)
    np.testing.assert_array_equal(e.path, descent_path(half_steps, (-3.0, 4.0), 0.1, 10))


def test_learning_rate_explorer_waits_for_an_unwritten_gradient_descent():
    e = learning_rate_explorer(not_written, lr=0.1, steps=20)
    assert e.readout_text.startswith("Write gradient_descent (exercise 3)")
    np.testing.assert_array_equal(e.path, [[-3.0, 4.0]])
    e.lr_slider.value = 0.5                  # still no traceback on a move
    assert "Write gradient_descent" in e.verdict and e.redraws == 2


def test_learning_rate_explorer_names_a_result_of_the_wrong_kind():
    e = learning_rate_explorer(lambda f, x, lr, step_num: (x, [x]), steps=3)
    assert "should return the final x" in e.readout_text and len(e.path) == 1
    e = learning_rate_explorer(lambda f, x, lr, step_num: x[5], steps=3)
    assert e.readout_text.startswith("your gradient_descent raised IndexError")


class Halving:
    """A student's 'SGD' that moves half way to the origin, whatever the gradient."""

    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        params["xy"] *= 0.5


Halving.__name__ = "SGD"


def test_optimizer_explorer_runs_the_students_classes():
    e = optimizer_explorer([Halving, optimizers.Adam], shown=("SGD", "Adam"), steps=4)
    assert list(e.checkboxes) == ["SGD", "Adam"] and list(e.tune_menu.options) == ["SGD", "Adam"]
    np.testing.assert_array_equal(e.paths["SGD"][-1], [-7.0 / 16, 2.0 / 16])
    np.testing.assert_array_equal(e.paths["Adam"],
                                  _by_hand(optimizers.Adam, 4, lr=0.3, beta1=0.9))


def test_optimizer_explorer_names_unwritten_classes_and_draws_the_others():
    class Adam:
        def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
            raise NotImplementedError()

    class Momentum:
        def __init__(self, lr=0.01, momentum=0.9):
            self.lr, self.momentum = lr, momentum

        def update(self, params, grads):
            raise NotImplementedError()

    e = optimizer_explorer([optimizers.SGD, Momentum, Adam], shown=("SGD", "Momentum", "Adam"))
    assert set(e.paths) == {"SGD"} and e.lines["SGD"].get_visible()
    assert not e.lines["Momentum"].get_visible() and not e.lines["Adam"].get_visible()
    assert "Momentum (lr = 0.1, momentum = 0.9): Write the update of your Momentum first" \
        in e.readout_text
    assert "Adam (lr = 0.3, beta1 = 0.9): Write your Adam class first" in e.readout_text


@pytest.mark.parametrize("classes, shown, words", [
    ([], (), "at least one"), ([dict], (), "named SGD"), ([optimizers.SGD], ("Adam",),
                                                        "not among the classes given")])
def test_optimizer_explorer_bad_classes(classes, shown, words):
    with pytest.raises(ValueError, match=words):
        OptimizerExplorer(classes, shown)


def test_init_explorer_runs_the_students_layers_and_initialisers():
    def doubled_xavier(fan_in, fan_out, rng):           # a slip: twice Glorot's std
        return 2 * xavier_normal(fan_in, fan_out, rng)

    e = init_explorer(layer_activations, doubled_xavier, he_normal, F, "identity", "xavier",
                      depth=2)
    np.testing.assert_array_equal(e.weights[0], 2 * init.xavier_normal((100, 100), rng=1))
    np.testing.assert_allclose(e.layer_outputs[1], e.inputs @ e.weights[0] @ e.weights[1],
                               rtol=1e-10, atol=1e-12)
    e = init_explorer(lambda x, ws, act: [act(x @ ws[0])] * len(ws), xavier_normal, he_normal,
                      {"relu": F.relu}, "relu", depth=3)   # a slip: the first layer, repeated
    assert list(e.activation_menu.options) == ["relu"]
    np.testing.assert_array_equal(e.layer_outputs[2], e.layer_outputs[0])


def test_init_explorer_waits_for_each_unwritten_answer():
    e = init_explorer(not_written, xavier_normal, not_written, F, depth=4)
    assert e.readout_text.startswith("Write layer_activations (exercise 1)")
    assert e.histograms == [] and not any(s.get_visible() for s in e.steps)
    e = init_explorer(layer_activations, not_written, not_written, F, depth=4)
    assert e.problem is None and "saturated" in e.readout_text   # fixed std: no init needed
    e.scheme_menu.value = "he"
    assert e.readout_text.startswith("Write he_normal (exercise 3)")
    e.scheme_menu.value = "std"
    assert len(e.histograms) == 4 and e.problem is None
    e = init_explorer(layer_activations, lambda i, o, rng: np.zeros(3), he_normal, F,
                      scheme="xavier")
    assert "returned shape (3,)" in e.readout_text


def test_explorers_refuse_a_called_answer():
    with pytest.raises(ValueError, match="learning_rate_explorer: gradient_descent"):
        learning_rate_explorer(None)
    with pytest.raises(ValueError, match="init_explorer: he_normal"):
        init_explorer(layer_activations, xavier_normal, 3, F)
    with pytest.raises(ValueError, match="init_explorer: activations"):
        init_explorer(layer_activations, xavier_normal, he_normal, {"step": F.step})
