"""coursekit.widgets.loss: the loss explorer plots the student's own losses (here the course's,
standing in for a student's correct answers, and some wrong ones) and the slopes, and redraws in
place. No browser: the tests set widget values from Python, which runs the same
observers a slider drag runs, and read back what was plotted."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from coursekit import functions as F
from coursekit_key.answers.gradient import numerical_diff
from coursekit.widgets.loss import LOSS_TOP, loss_explorer
from coursekit_key.answers.losses import binary_cross_entropy, mean_squared_error


@pytest.fixture
def explorer():
    e = loss_explorer(binary_cross_entropy, mean_squared_error)
    yield e
    e.close()


def test_curves_are_the_students_losses(explorer):
    for t in (1, 0):
        explorer.t_buttons.value = t
        p = explorer.p_grid[1:-1]
        labels = np.full(p.shape, float(t))
        for i in (0, 100, 250, p.size - 1):
            assert explorer.curves["cross-entropy"][1:-1][i] == pytest.approx(
                float(binary_cross_entropy(p[i:i + 1], labels[i:i + 1])), rel=1e-12)
            assert explorer.curves["squared error"][1:-1][i] == pytest.approx(
                float(mean_squared_error(p[i:i + 1], labels[i:i + 1])), rel=1e-12)


def test_the_readout_at_the_chosen_p(explorer):
    explorer.p_slider.value = 0.3
    assert explorer.values["cross-entropy"] == pytest.approx(-np.log(0.3))
    assert explorer.values["squared error"] == pytest.approx(0.49)
    assert "p = 0.300, t = 1: cross-entropy 1.204" in explorer.readout_text
    assert explorer.markers["cross-entropy"].get_data()[0] == [0.3]


@pytest.mark.parametrize("t", [0, 1])
@pytest.mark.parametrize("p", [0.05, 0.3, 0.5, 0.8, 0.97])
def test_slopes_are_derivatives_with_respect_to_the_score(explorer, p, t):
    """d/dz of each loss at z = logit(p), by central differences through coursekit's sigmoid."""
    explorer.p_slider.value, explorer.t_buttons.value = p, t
    z = np.log(p / (1 - p))
    ce = numerical_diff(lambda s: float(binary_cross_entropy(F.sigmoid(np.array([s])),
                                                               np.array([t]))), z, 1e-5)
    se = numerical_diff(lambda s: float((F.sigmoid(s) - t) ** 2), z, 1e-5)
    assert explorer.slope_values["cross-entropy"] == pytest.approx(ce, rel=1e-6)
    assert explorer.slope_values["squared error"] == pytest.approx(se, rel=1e-6, abs=1e-10)


def test_confidently_wrong_predictions_cost_the_guarded_maximum_and_mse_stops_learning(explorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.t_buttons.value = 1
        explorer.p_slider.value = 0.0
    assert explorer.values["cross-entropy"] == pytest.approx(-np.log(1e-7))
    assert explorer.slope_values["cross-entropy"] == -1.0
    assert explorer.slope_values["squared error"] == 0.0
    assert explorer.markers["cross-entropy"].get_data()[1] == [LOSS_TOP]
    assert np.all(np.isfinite(explorer.curves["cross-entropy"]))


def test_right_and_certain_costs_nothing_and_shows_no_negative_zero(explorer):
    explorer.p_slider.value = 1.0
    assert explorer.values["cross-entropy"] == pytest.approx(0.0, abs=1e-6)
    assert "-0.000" not in explorer.readout_text


def test_each_move_redraws_once_without_pyplot_figures(explorer):
    before, figures = explorer.redraws, plt.get_fignums()
    picture = bytes(explorer.image.value)
    explorer.p_slider.value = 0.8
    assert explorer.redraws == before + 1 and bytes(explorer.image.value) != picture
    explorer.t_buttons.value = 0
    assert explorer.redraws == before + 2 and explorer.full_draws == 1
    assert plt.get_fignums() == figures


@pytest.mark.parametrize("kwargs", [{"p": 1.5}, {"p": -0.1}, {"p": "0.3"}, {"p": True},
                                    {"t": 2}, {"t": 0.5}, {"t": True}])
def test_bad_arguments_are_named(kwargs):
    with pytest.raises(ValueError, match="loss_explorer: " + next(iter(kwargs))):
        loss_explorer(binary_cross_entropy, mean_squared_error, **kwargs)


def not_written(y, t):
    raise NotImplementedError()


def test_a_students_own_slips_are_what_is_drawn():
    def unguarded(p, t):        # no clipping: log(0) at the wrong end
        return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))

    def doubled(y, t):          # a slip: twice the mean
        return 2 * np.mean((y - t) ** 2)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # log(0) at the ends of the grid
        e = loss_explorer(unguarded, doubled, p=0.5, t=1)
        e.p_slider.value = 0.0
    np.testing.assert_allclose(e.curves["squared error"], 2 * (e.p_grid - 1) ** 2)
    assert e.values["squared error"] == pytest.approx(2.0)
    assert e.values["cross-entropy"] == np.inf and e.curves["cross-entropy"][0] == np.inf
    assert "cross-entropy inf" in e.readout_text
    assert e.markers["cross-entropy"].get_data()[1] == [LOSS_TOP]


def test_an_unwritten_loss_is_named_and_the_other_still_drawn():
    e = loss_explorer(not_written, mean_squared_error)
    assert set(e.curves) == {"squared error"} and not e.lines["cross-entropy"].get_visible()
    assert "No cross-entropy curve: Write binary_cross_entropy (exercise 3) first" \
        in e.readout_text
    assert "squared error 0.490" in e.readout_text
    e.t_buttons.value = 0       # a move: still no traceback
    e = loss_explorer(not_written, not_written)
    assert e.curves == {} and "Write mean_squared_error (exercise 1) first" in e.readout_text


def test_a_loss_that_breaks_or_returns_no_number_is_named():
    e = loss_explorer(lambda p, t: p[3], lambda y, t: None)
    assert "your binary_cross_entropy raised IndexError" in e.readout_text
    assert "your mean_squared_error returned None; expected one number" in e.readout_text
    with pytest.raises(ValueError, match="loss_explorer: binary_cross_entropy"):
        loss_explorer(binary_cross_entropy(np.array([0.5]), np.array([1])),
                      mean_squared_error)
