"""Day 5: the loss of one sample as its prediction moves (손실 함수 탐색기).

One sample, one sigmoid output p = P(class 1) and its label t (0 or 1). Left: binary
cross-entropy and the squared error (p - t)^2 against p, with the current p marked on both. Right:
the slope of each loss with respect to the score z behind p = sigmoid(z), the number training
follows: p - t for cross-entropy, 2 (p - t) p (1 - p) for the squared error, which fades to 0
when p is confidently wrong. Cross-entropy uses the course's guard (coursekit.losses), so p = 0
or 1 costs at most -log(1e-7) = 16.1 instead of infinity.
"""

import ipywidgets as widgets
import numpy as np

from ..losses import probability_floor
from .base import Explorer, slider

N_POINTS = 501
LOSS_TOP = 5.0  # the left panel's y range; cross-entropy goes on to 16.1 at the wrong end


def cross_entropy_curve(p, t):
    """Binary cross-entropy -[t log p + (1 - t) log(1 - p)] elementwise, p clipped as in
    coursekit.losses. p: array of probabilities, t: 0 or 1 -> array shaped like p."""
    floor = probability_floor(np.float64)
    q = np.clip(p, floor, 1 - floor)
    return -(t * np.log(q) + (1 - t) * np.log(1 - q))


def squared_error_curve(p, t):
    """(p - t)^2 elementwise."""
    return (p - t) ** 2


def slopes(p, t):
    """d/dz of both losses at p = sigmoid(z): (p - t, 2 (p - t) p (1 - p))."""
    return p - t, 2 * (p - t) * p * (1 - p)


class LossExplorer(Explorer):
    """Cross-entropy and squared error of one sample against its predicted probability p.

    Controls: p (0 to 1) and the true label t (1 or 0). State for tests, set on every redraw:
    p_grid (N_POINTS,), curves {"cross-entropy", "squared error"} on the grid, slope_curves
    (the same keys), values and slope_values at the chosen p, readout_text.
    """

    NAMES = ("cross-entropy", "squared error")
    COLORS = ("tab:red", "tab:blue")

    def __init__(self, p=0.3, t=1):
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

    def update(self):
        p, t = self.p_slider.value, self.t_buttons.value
        self.curves = {"cross-entropy": cross_entropy_curve(self.p_grid, t),
                       "squared error": squared_error_curve(self.p_grid, t)}
        self.slope_curves = dict(zip(self.NAMES, slopes(self.p_grid, t)))
        self.values = {"cross-entropy": float(cross_entropy_curve(p, t)),
                       "squared error": float(squared_error_curve(p, t))}
        # + 0.0 turns -0.0 (p = t = 1) into 0.0, so the readout never shows "-0.000".
        self.slope_values = {name: float(s) + 0.0 for name, s in zip(self.NAMES, slopes(p, t))}
        for name in self.NAMES:
            self.lines[name].set_data(self.p_grid, self.curves[name])
            self.slope_lines[name].set_data(self.p_grid, self.slope_curves[name])
            # A loss above the axis (up to 16.1) is marked at the top edge.
            self.markers[name].set_data([p], [min(self.values[name], LOSS_TOP)])
            self.slope_markers[name].set_data([p], [self.slope_values[name]])
        ce, se = self.values["cross-entropy"], self.values["squared error"]
        ce_slope, se_slope = self.slope_values["cross-entropy"], self.slope_values["squared error"]
        self.readout_text = (f"p = {p:.3f}, t = {t}: cross-entropy {ce:.3f} "
                             f"(slope {ce_slope:+.3f}), squared error {se:.3f} "
                             f"(slope {se_slope:+.3f})")
        self.readout.value = f"<b>{self.readout_text}</b>"


def loss_explorer(p=0.3, t=1):
    """The loss of one sample against its predicted probability p, for label t (day 5).

    p: starting probability of class 1, 0 to 1; t: the true label, 1 or 0.
    Returns a LossExplorer widget.
    """
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)) \
            or not 0 <= p <= 1:
        raise ValueError(f"loss_explorer: p must be a probability in [0, 1], got {p!r}")
    if t not in (0, 1) or isinstance(t, bool):
        raise ValueError(f"loss_explorer: t must be the label 0 or 1, got {t!r}")
    return LossExplorer(float(p), int(t))
