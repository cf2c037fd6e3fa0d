"""Day 3: the activation explorer (활성화 함수 탐색기).

Pick any of the elementwise activations in ``coursekit.functions.ACTIVATIONS``, widen or narrow
the input range, set the Leaky ReLU slope, overlay the derivatives, and read f(x) and f'(x) at
one x. Where |f'(x)| < SATURATION_THRESHOLD the function is shaded as saturated: a gradient
that small barely moves the weights behind it (the vanishing-gradient problem).
"""

import functools

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex
from matplotlib.ticker import MaxNLocator

from ..functions import ACTIVATIONS
from .base import Explorer, slider

SATURATION_THRESHOLD = 0.01
N_POINTS = 401
MIN_RANGE, MAX_RANGE = 0.5, 20.0
# One fixed colour per function, so a curve keeps its colour whatever else is selected.
COLORS = dict(zip(ACTIVATIONS, map(to_hex, ("tab:gray", "tab:olive", "tab:blue", "tab:orange",
                                            "tab:green", "tab:red"))))


def _check_functions(functions):
    names = [functions] if isinstance(functions, str) else list(functions)
    unknown = [name for name in names if name not in ACTIVATIONS]
    if unknown:
        raise ValueError(f"activation_explorer: functions has unknown names {unknown}; "
                         f"choose from {list(ACTIVATIONS)}")
    return names


def _check_range(x_range):
    if isinstance(x_range, bool) or not isinstance(x_range, (int, float, np.floating, np.integer)):
        raise TypeError(f"activation_explorer: x_range must be a number, got {x_range!r}")
    if not MIN_RANGE <= x_range <= MAX_RANGE:
        raise ValueError(f"activation_explorer: x_range must be in [{MIN_RANGE:g}, "
                         f"{MAX_RANGE:g}], got {x_range!r}")
    return float(x_range)


def saturated_spans(x, mask):
    """Runs of True in mask as (start, end) x-intervals, each widened by half a grid step.

    x: (N,) increasing grid, mask: (N,) bool -> list of (x_start, x_end) floats.
    """
    if not mask.any():
        return []
    half = (x[1] - x[0]) / 2 if x.size > 1 else 0.0
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return [(max(x[s] - half, x[0]), min(x[e] + half, x[-1])) for s, e in zip(starts, ends)]


def _strip(span):
    """A full-height rectangle over an x-interval, in (data x, axes y) coordinates."""
    lo, hi = span
    return [(lo, 0), (lo, 1), (hi, 1), (hi, 0)]


class ActivationExplorer(Explorer):
    """Curves of the chosen activations (and derivatives), saturation shading, and a readout.

    State for tests, set on every redraw:
        x                (N_POINTS,) grid on [-range, range]
        curves[name]     f(x) plotted for each selected name; derivatives[name] = f'(x)
        saturated[name]  (N_POINTS,) bool, |f'(x)| < SATURATION_THRESHOLD
        readout_values[name] = (f(x0), f'(x0));  readout_text (plain text of the readout)
        lines[name], derivative_lines[name]: the Line2D artists
    """

    def __init__(self, functions=("sigmoid", "tanh", "relu"), x_range=5.0):
        selected = _check_functions(functions)
        x_range = _check_range(x_range)
        self.checkboxes = {name: widgets.Checkbox(value=name in selected, description=name,
                                                  indent=False,
                                                  layout=widgets.Layout(width="auto"))
                           for name in ACTIVATIONS}
        # A new range redraws the axes and tick labels in full (slower than any other move),
        # so a drag redraws once on release; arrow keys still redraw on every press.
        self.range_slider = slider(widgets.FloatSlider, "input range ±", value=x_range,
                                   min=MIN_RANGE, max=MAX_RANGE, step=0.5, continuous_update=False)
        self.alpha_slider = slider(widgets.FloatSlider, "Leaky ReLU slope α", value=0.01,
                                   min=0.0, max=0.5, step=0.01, readout_format=".2f")
        self.derivative_toggle = widgets.Checkbox(value=False, indent=False,
                                                  description="overlay derivatives f′(x)")
        self.x0_slider = slider(widgets.FloatSlider, "read off at x =", value=1.0,
                                min=-x_range, max=x_range, step=0.05, readout_format=".2f")
        self.readout = widgets.HTML()
        self.readout_text = ""
        self.readout_values = {}
        self.x = np.empty(0)
        self.curves, self.derivatives, self.saturated = {}, {}, {}
        controls = [
            widgets.HBox([widgets.Label("functions:"), *self.checkboxes.values()]),
            widgets.HBox([self.range_slider, self.alpha_slider]),
            widgets.HBox([self.x0_slider, self.derivative_toggle]),
        ]
        super().__init__((8.5, 4.2), controls, readout=self.readout)
        self._build_axes()
        self.watch(*self.checkboxes.values(), self.alpha_slider, self.derivative_toggle,
                   self.x0_slider)
        self.range_slider.observe(self._follow_range, names="value")
        self.refresh()

    def _build_axes(self):
        figure = self.figure
        self.ax = ax = figure.add_subplot()
        figure.subplots_adjust(left=0.08, right=0.98, bottom=0.12, top=0.92)
        # The key is one fixed title (the table under the plot names the colours): a matplotlib
        # legend would be redrawn on every move and costs more than the whole plot.
        ax.set_title(f"solid: f(x)    dashed: f′(x)    shaded: saturated, "
                     f"|f′(x)| < {SATURATION_THRESHOLD:g}", fontsize=9)
        ax.set_xlabel("x")
        ax.set_ylabel("f(x)")
        ax.grid(True, alpha=0.3)
        # Fewer tick labels: text is most of a full redraw, which every range change needs.
        ax.xaxis.set_major_locator(MaxNLocator(8))
        ax.yaxis.set_major_locator(MaxNLocator(6))
        ax.axhline(0, color="black", linewidth=0.6)
        self.lines, self.derivative_lines, self.shading = {}, {}, {}
        for name, color in COLORS.items():
            self.shading[name] = ax.add_collection(PolyCollection(
                [], facecolors=color, alpha=0.12, edgecolors="none",
                transform=ax.get_xaxis_transform()))
            (self.lines[name],) = ax.plot([], [], color=color, linewidth=2)
            (self.derivative_lines[name],) = ax.plot([], [], color=color, linewidth=1.5,
                                                     linestyle="--")
        self.x0_line = ax.axvline(0, color="black", linewidth=0.8, linestyle=":")
        self.x0_points = ax.scatter([], [], s=40, zorder=5, edgecolors="black")
        self.animate(*self.shading.values(), *self.lines.values(), *self.derivative_lines.values(),
                     self.x0_line, self.x0_points)

    def _follow_range(self, change):
        """New input range: keep the read-off x inside it, and redraw once."""
        with self.hold():
            self.x0_slider.max = change["new"]
            self.x0_slider.min = -change["new"]

    def selected(self):
        """Names of the ticked functions, in ACTIVATIONS order."""
        return [name for name, box in self.checkboxes.items() if box.value]

    def pair(self, name):
        """(f, f') for a name, with Leaky ReLU's slope taken from the slider."""
        f, grad = ACTIVATIONS[name]
        if name == "leaky_relu":
            alpha = self.alpha_slider.value
            return functools.partial(f, alpha=alpha), functools.partial(grad, alpha=alpha)
        return f, grad

    def display_name(self, name):
        """The name shown for a function; Leaky ReLU's includes its slope."""
        return f"leaky_relu (α={self.alpha_slider.value:.2f})" if name == "leaky_relu" else name

    def update(self):
        r = self.range_slider.value
        self.x = x = np.linspace(-r, r, N_POINTS)
        names = self.selected()
        show_grad = self.derivative_toggle.value
        self.curves, self.derivatives, self.saturated = {}, {}, {}
        for name in ACTIVATIONS:
            visible = name in names
            if visible:
                f, grad = self.pair(name)
                self.curves[name], self.derivatives[name] = f(x), grad(x)
                self.saturated[name] = np.abs(self.derivatives[name]) < SATURATION_THRESHOLD
                self.lines[name].set_data(x, self.curves[name])
                self.derivative_lines[name].set_data(x, self.derivatives[name])
                self.shading[name].set_verts(
                    [_strip(s) for s in saturated_spans(x, self.saturated[name])])
            self.lines[name].set_visible(visible)
            self.derivative_lines[name].set_visible(visible and show_grad)
            self.shading[name].set_visible(visible)
        self.ax.set_xlim(-r, r)
        self._set_ylim(show_grad)
        self._update_readout(names, show_grad)

    def _set_ylim(self, show_grad):
        arrays = list(self.curves.values()) + (list(self.derivatives.values()) if show_grad else [])
        if not arrays:
            self.ax.set_ylim(-1, 1)
            return
        lo = min(float(a.min()) for a in arrays)
        hi = max(float(a.max()) for a in arrays)
        pad = 0.05 * (hi - lo)
        # Limits snap outwards to halves, so that small moves keep the cached background.
        self.ax.set_ylim(np.floor(2 * (lo - pad)) / 2, np.ceil(2 * (hi + pad)) / 2)

    def _update_readout(self, names, show_grad):
        x0 = self.x0_slider.value
        self.x0_line.set_xdata([x0, x0])
        self.readout_values = {}
        rows, lines = [], []
        for name in names:
            f, grad = self.pair(name)
            value, slope = float(f(x0)), float(grad(x0))
            self.readout_values[name] = (value, slope)
            saturated = abs(slope) < SATURATION_THRESHOLD
            lines.append(f"{self.display_name(name)}: f({x0:.2f}) = {value:.4f}, "
                         f"f'({x0:.2f}) = {slope:.4f}" + (" (saturated)" if saturated else ""))
            rows.append(f"<tr><td><span style='color:{COLORS[name]}'>&#9644;</span> "
                        f"{self.display_name(name)}</td><td>{value:.4f}</td><td>{slope:.4f}</td>"
                        f"<td>{'yes: saturated' if saturated else 'no'}</td></tr>")
        self.readout_text = "\n".join(lines)
        header = (f"<tr><th>function</th><th>f({x0:.2f})</th><th>f′({x0:.2f})</th>"
                  f"<th>|f′| &lt; {SATURATION_THRESHOLD:g}?</th></tr>")
        self.readout.value = (f"<table style='font-family:monospace; border-spacing:12px 0'>"
                              f"{header}{''.join(rows)}</table>" if names
                              else "<i>tick at least one function</i>")
        self._mark_x0(names, x0, show_grad)

    def _mark_x0(self, names, x0, show_grad):
        """Dots at (x0, f(x0)), and at (x0, f'(x0)) when derivatives are shown."""
        values = [(x0, v) for v, _ in self.readout_values.values()]
        colors = [COLORS[name] for name in names]
        if show_grad:
            values += [(x0, s) for _, s in self.readout_values.values()]
            colors += colors
        self.x0_points.set_offsets(np.array(values, dtype=float).reshape(-1, 2))
        self.x0_points.set_facecolors(colors)


def activation_explorer(functions=("sigmoid", "tanh", "relu"), x_range=5.0):
    """Explore activation functions (day 3). Returns an ActivationExplorer widget.

    functions: names from coursekit.functions.ACTIVATIONS ticked at the start.
    x_range: the plot shows x in [-x_range, x_range], 0.5 <= x_range <= 20.
    """
    return ActivationExplorer(functions, x_range)
