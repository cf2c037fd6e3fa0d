"""Day 5: the loss of one sample as its prediction moves (손실 함수 탐색기).

One sample, one sigmoid output p = P(class 1) and its label t (0 or 1). Left: the student's own
binary_cross_entropy and mean_squared_error (day 5, exercises 3 and 1) of that one sample against
p, with the current p marked on both; with the exercise's guard, p = 0 or 1 costs at most
-log(1e-7) = 16.1 instead of infinity. Right: the slope of each exact loss with respect to the
score z behind p = sigmoid(z), the number training follows: p - t for cross-entropy,
2 (p - t) p (1 - p) for the squared error, which fades to 0 when p is confidently wrong (given
formulas, section 5 of the notebook). A loss not written yet is named in the readout.
"""

import ipywidgets as widgets
import numpy as np

from .base import Explorer, StudentCodeError, check_callable, slider, student_call

N_POINTS = 501
LOSS_TOP = 5.0  # the left panel's y range; cross-entropy goes on to 16.1 at the wrong end


# Curve name -> (what the student writes, for the readout) in the order of the plot.
EXERCISES = {"cross-entropy": "binary_cross_entropy (exercise 3)",
             "squared error": "mean_squared_error (exercise 1)"}


def one_sample_loss(name, loss, p, t):
    """loss(array([p]), array([t])) of the student's function as a float: the loss of one
    sample with prediction p and label t. StudentCodeError if it fails or is not a number."""
    value = student_call(f"your {EXERCISES[name].split()[0]}", EXERCISES[name], loss,
                         np.array([float(p)]), np.array([float(t)]))
    try:
        return float(value)
    except (TypeError, ValueError):
        raise StudentCodeError(f"your {EXERCISES[name].split()[0]} returned {value!r:.60}; "
                               "expected one number") from None


def loss_curve(name, loss, p_grid, t):
    """The student's loss of one sample at every p of p_grid (one call per point, since the
    exercise's function averages over what it is given) -> array shaped like p_grid."""
    return np.array([one_sample_loss(name, loss, p, t) for p in p_grid])


def slopes(p, t):
    """d/dz of both losses at p = sigmoid(z): (p - t, 2 (p - t) p (1 - p))."""
    return p - t, 2 * (p - t) * p * (1 - p)


class LossExplorer(Explorer):
    """The student's cross-entropy and squared error of one sample against its predicted
    probability p.

    Controls: p (0 to 1) and the true label t (1 or 0). State for tests, set on every redraw:
    p_grid (N_POINTS,), curves {"cross-entropy", "squared error"} on the grid (for the losses
    that ran), slope_curves (both keys), values at the chosen p (the same keys as curves),
    slope_values, problems {name: why that loss is not drawn}, readout_text.
    """

    NAMES = ("cross-entropy", "squared error")
    COLORS = ("tab:red", "tab:blue")

    def __init__(self, binary_cross_entropy, mean_squared_error, p=0.3, t=1):
        check_callable("loss_explorer", "binary_cross_entropy", binary_cross_entropy)
        check_callable("loss_explorer", "mean_squared_error", mean_squared_error)
        self.losses = {"cross-entropy": binary_cross_entropy,
                       "squared error": mean_squared_error}
        self._curve_cache = {}  # t -> (curves, problems): the curves depend on t alone
        self.p_slider = slider(widgets.FloatSlider, "predicted probability p of class 1",
                               value=p, min=0.0, max=1.0, step=0.005, readout_format=".3f")
        self.t_buttons = widgets.ToggleButtons(options=[("t = 1", 1), ("t = 0", 0)], value=t,
                                               description="true label")
        self.readout = widgets.HTML()
        super().__init__((9.6, 4.2), [widgets.HBox([self.p_slider, self.t_buttons])],
                         readout=self.readout)
        self.p_grid = np.linspace(0.0, 1.0, N_POINTS)
        self._build_axes()
        self.watch(self.p_slider, self.t_buttons)
        self.refresh()

    def _build_axes(self):
        self.loss_ax, self.slope_ax = self.figure.subplots(1, 2)
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.9, wspace=0.25)
        self.loss_ax.set_xlim(0, 1)
        self.loss_ax.set_ylim(0, LOSS_TOP)
        self.loss_ax.set_xlabel("predicted probability p")
        self.loss_ax.set_title("loss of one sample", fontsize=10)
        self.slope_ax.set_xlim(0, 1)
        self.slope_ax.set_ylim(-1.05, 1.05)
        self.slope_ax.axhline(0, color="0.6", linewidth=0.8)
        self.slope_ax.set_xlabel("predicted probability p")
        self.slope_ax.set_title("slope d loss / d z, with p = sigmoid(z)", fontsize=10)
        for ax in (self.loss_ax, self.slope_ax):
            ax.grid(True, alpha=0.3)
        self.lines, self.slope_lines, self.markers, self.slope_markers = {}, {}, {}, {}
        for name, color in zip(self.NAMES, self.COLORS):
            (self.lines[name],) = self.loss_ax.plot([], [], color=color, label=name)
            (self.slope_lines[name],) = self.slope_ax.plot([], [], color=color)
            (self.markers[name],) = self.loss_ax.plot([], [], "o", color=color, markersize=7)
            (self.slope_markers[name],) = self.slope_ax.plot([], [], "o", color=color,
                                                             markersize=7)
        self.loss_ax.legend(loc="upper center", fontsize=9)
        self.animate(*self.lines.values(), *self.slope_lines.values(), *self.markers.values(),
                     *self.slope_markers.values())

    def _curves(self, t):
        """({name: curve on p_grid}, {name: problem}) for label t, computed once per label."""
        if t not in self._curve_cache:
            curves, problems = {}, {}
            for name, loss in self.losses.items():
                try:
                    curves[name] = loss_curve(name, loss, self.p_grid, t)
                except StudentCodeError as exc:
                    problems[name] = str(exc)
            self._curve_cache[t] = curves, problems
        return self._curve_cache[t]

    def update(self):
        p, t = self.p_slider.value, self.t_buttons.value
        curves, self.problems = self._curves(t)
        self.curves = dict(curves)
        self.slope_curves = dict(zip(self.NAMES, slopes(self.p_grid, t)))
        self.values = {name: one_sample_loss(name, self.losses[name], p, t) for name in curves}
        # + 0.0 turns -0.0 (p = t = 1) into 0.0, so the readout never shows "-0.000".
        self.slope_values = {name: float(s) + 0.0 for name, s in zip(self.NAMES, slopes(p, t))}
        parts, missing = [], []
        for name in self.NAMES:
            drawn = name in self.curves
            for artist in (self.lines[name], self.markers[name]):
                artist.set_visible(drawn)
            self.slope_lines[name].set_data(self.p_grid, self.slope_curves[name])
            self.slope_markers[name].set_data([p], [self.slope_values[name]])
            if not drawn:
                missing.append(f"No {name} curve: {self.problems[name]}")
                continue
            self.lines[name].set_data(self.p_grid, self.curves[name])
            # A loss above the axis (up to 16.1, or inf without a guard) is marked at the top.
            self.markers[name].set_data([p], [min(self.values[name], LOSS_TOP)])
            parts.append(f"{name} {self.values[name]:.3f} "
                         f"(slope {self.slope_values[name]:+.3f})")
        shown = [f"p = {p:.3f}, t = {t}: " + ", ".join(parts)] if parts else []
        self.readout_text = " ".join(shown + missing)
        self.readout.value = f"<b>{self.readout_text}</b>"


def loss_explorer(binary_cross_entropy, mean_squared_error, p=0.3, t=1):
    """Your losses of one sample against its predicted probability p, for label t (day 5).

    binary_cross_entropy, mean_squared_error: your functions of exercises 3 and 1, each
    called with one sample, loss(np.array([p]), np.array([t])).
    p: starting probability of class 1, 0 to 1; t: the true label, 1 or 0.
    Returns a LossExplorer widget.
    """
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)) \
            or not 0 <= p <= 1:
        raise ValueError(f"loss_explorer: p must be a probability in [0, 1], got {p!r}")
    if t not in (0, 1) or isinstance(t, bool):
        raise ValueError(f"loss_explorer: t must be the label 0 or 1, got {t!r}")
    return LossExplorer(binary_cross_entropy, mean_squared_error, float(p), int(t))
