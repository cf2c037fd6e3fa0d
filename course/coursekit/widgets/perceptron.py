"""Days 1 and 2: a perceptron's decision line over a truth table, and a 2-layer net for XOR.

Both explorers name the two-input Boolean function that the current weights compute, by
evaluating the perceptron(s) on the four inputs and looking the outputs up in BOOLEAN_FUNCTIONS.
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.patches import FancyArrowPatch

from ..gates import GATE_NAMES, GATE_WEIGHTS, perceptron, truth_table
from .base import Explorer, slider

# The 16 Boolean functions of two inputs, each written from its logic. Only XOR and XNOR are
# not linearly separable, so every single perceptron computes one of the other 14.
_LOGIC = {
    "constant 0": lambda a, b: 0 * a,
    "AND": lambda a, b: a & b,
    "x1 AND NOT x2": lambda a, b: a & (1 - b),
    "x1": lambda a, b: a,
    "NOT x1 AND x2": lambda a, b: (1 - a) & b,
    "x2": lambda a, b: b,
    "XOR": lambda a, b: a ^ b,
    "OR": lambda a, b: a | b,
    "NOR": lambda a, b: 1 - (a | b),
    "XNOR": lambda a, b: 1 - (a ^ b),
    "NOT x2": lambda a, b: 1 - b,
    "x1 OR NOT x2": lambda a, b: a | (1 - b),
    "NOT x1": lambda a, b: 1 - a,
    "NOT x1 OR x2": lambda a, b: (1 - a) | b,
    "NAND": lambda a, b: 1 - (a & b),
    "constant 1": lambda a, b: 1 + 0 * a,
}
INPUTS = truth_table("AND")[0]                    # (4, 2): (0,0), (1,0), (0,1), (1,1)
_BITS = INPUTS.astype(np.int64)
BOOLEAN_FUNCTIONS = {tuple(int(v) for v in f(_BITS[:, 0], _BITS[:, 1])): name
                     for name, f in _LOGIC.items()}

LIMITS = (-0.5, 1.5)                              # both axes of every plane shown
BOX = [(LIMITS[0], LIMITS[0]), (LIMITS[1], LIMITS[0]), (LIMITS[1], LIMITS[1]),
       (LIMITS[0], LIMITS[1])]
CLASS_COLORS = ("#1f77b4", "#ff7f0e")             # output / target 0, 1
REGION_COLORS = ("#d6e6f4", "#ffe3c8")            # light versions of the same two colours
WEIGHT_RANGE = 1.5
KEY = ("Point colour: the target (blue 0, orange 1). Shading: the output (blue 0, orange 1). "
       "Red ring: the output is wrong.")


def gate_name(outputs):
    """Name of the Boolean function with these outputs on INPUTS: (4,) of 0/1 -> str."""
    return BOOLEAN_FUNCTIONS[tuple(int(v) for v in outputs)]


def _weight_sliders(prefix, w, b):
    """Sliders for (w1, w2, b) of one unit, labelled e.g. 'h1: w1'."""
    return [slider(widgets.FloatSlider, f"{prefix}{name}", value=float(value),
                   min=-WEIGHT_RANGE, max=WEIGHT_RANGE, step=0.05, readout_format=".2f",
                   layout=widgets.Layout(width="300px"))
            for name, value in zip(("w1", "w2", "b"), (*w, b))]


def _check_unit(name, unit):
    """unit must be ((w1, w2), b) with every number in [-WEIGHT_RANGE, WEIGHT_RANGE]."""
    if len(unit) != 2 or np.shape(unit[0]) != (2,) or np.ndim(unit[1]) != 0:
        raise ValueError(f"{name} must be ((w1, w2), b), got {unit!r}")
    w, b = unit
    if max(abs(float(w[0])), abs(float(w[1])), abs(float(b))) > WEIGHT_RANGE:
        raise ValueError(f"{name}: weights and bias must lie in [-{WEIGHT_RANGE}, {WEIGHT_RANGE}], "
                         f"got {unit!r}")
    return unit


def line_through_box(w, b):
    """End points of the line w1*x1 + w2*x2 + b = 0 across the LIMITS box, as (xs, ys).

    Returns two empty lists when w = (0, 0), where there is no line.
    """
    w1, w2 = w
    lo, hi = LIMITS
    if abs(w2) >= abs(w1) and w2 != 0:
        return [lo, hi], [-(w1 * lo + b) / w2, -(w1 * hi + b) / w2]
    if w1 != 0:
        return [-(w2 * lo + b) / w1, -(w2 * hi + b) / w1], [lo, hi]
    return [], []


def _style_plane(ax, xlabel, ylabel):
    ax.set_xlim(*LIMITS)
    ax.set_ylim(*LIMITS)
    ax.set_aspect("equal")
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def clip_half_plane(polygon, w, b, side):
    """The part of a convex polygon where the unit outputs `side`: w·p + b > 0 for side 1,
    w·p + b <= 0 for side 0 (Sutherland-Hodgman against one line; points on the line are kept
    on both sides, which changes no area).

    polygon: list of (x, y) vertices in order -> list of (x, y), empty if nothing is left.
    """
    sign = 1.0 if side else -1.0
    clipped = []
    for p, q in zip(polygon, polygon[1:] + polygon[:1]):
        fp = sign * (w[0] * p[0] + w[1] * p[1] + b)
        fq = sign * (w[0] * q[0] + w[1] * q[1] + b)
        if fp >= 0:
            clipped.append(p)
        if (fp >= 0) != (fq >= 0):
            t = fp / (fp - fq)
            clipped.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return clipped


def _nonempty(polygons):
    """Drop empty polygons (a half-plane that misses the box), which matplotlib rejects."""
    return [polygon for polygon in polygons if polygon]


def _region_patches(ax):
    """Light blue for output 0 (the axes background), light orange polygons for output 1."""
    ax.set_facecolor(REGION_COLORS[0])
    return ax.add_collection(PolyCollection([], facecolors=REGION_COLORS[1], edgecolors="none",
                                            zorder=0))


def _equation(w, b):
    """'0.50·x1 − 0.50·x2 + 0.70' for w = (0.5, -0.5), b = 0.7."""
    text = f"{w[0]:.2f}·x1"
    for value, term in ((w[1], "·x2"), (b, "")):
        text += f" {'−' if value < 0 else '+'} {abs(value):.2f}{term}"
    return text.replace("-", "−")


def _score_label(realised, target, correct):
    mark = "✓" if correct.all() else "✗"
    return f"computes {realised}; target {target}: {int(correct.sum())} of 4 correct {mark}"


class PerceptronExplorer(Explorer):
    """w1, w2 and b sliders moving a perceptron's decision line over a gate's truth table.

    Output 1 where w1*x1 + w2*x2 + b > 0 (shaded orange), 0 elsewhere (blue); the points are
    coloured by the target gate's output and ringed in red when the perceptron gets them wrong.
    State for tests: w (2,), b, outputs (4,), targets (4,), misclassified (4,) bool,
    realised (name of the function computed, see BOOLEAN_FUNCTIONS), label_text.
    """

    def __init__(self, gate="AND", w=(0.5, 0.5), b=0.0):
        if str(gate).upper() not in GATE_NAMES:
            raise ValueError(f"perceptron_explorer: gate must be one of {list(GATE_NAMES)}, "
                             f"got {gate!r}")
        _check_unit("perceptron_explorer: (w, b)", (w, b))
        self.gate_menu = widgets.Dropdown(options=list(GATE_NAMES), value=str(gate).upper(),
                                          description="target gate")
        self.w1_slider, self.w2_slider, self.b_slider = _weight_sliders("", w, b)
        self.label = widgets.HTML()
        controls = [widgets.HBox([self.w1_slider, self.w2_slider, self.b_slider]),
                    widgets.HBox([self.gate_menu, self.label])]
        super().__init__((5.2, 4.6), controls, readout=widgets.HTML(f"<small>{KEY}</small>"))
        self._build_axes()
        self.watch(self.gate_menu, self.w1_slider, self.w2_slider, self.b_slider)
        self.refresh()

    def _build_axes(self):
        self.ax = ax = self.figure.add_subplot()
        self.figure.subplots_adjust(left=0.12, right=0.97, bottom=0.1, top=0.9)
        _style_plane(ax, "x1", "x2")
        self.regions = _region_patches(ax)
        (self.boundary,) = ax.plot([], [], color="black", linewidth=2)
        self.points = ax.scatter(INPUTS[:, 0], INPUTS[:, 1], s=160, edgecolors="black", zorder=3)
        self.rings = ax.scatter([], [], s=520, facecolors="none", edgecolors="red",
                                linewidths=2.5, zorder=4)
        self.animate(self.regions, self.boundary, self.points, self.rings, ax.title)

    def update(self):
        self.w = np.array([self.w1_slider.value, self.w2_slider.value])
        self.b = float(self.b_slider.value)
        self.targets = truth_table(self.gate_menu.value)[1]
        self.outputs = perceptron(INPUTS, self.w, self.b)
        self.misclassified = self.outputs != self.targets
        self.realised = gate_name(self.outputs)
        self.regions.set_verts(_nonempty([clip_half_plane(BOX, self.w, self.b, 1)]))
        self.boundary.set_data(*line_through_box(self.w, self.b))
        self.points.set_facecolors([CLASS_COLORS[t] for t in self.targets])
        self.rings.set_offsets(INPUTS[self.misclassified].reshape(-1, 2))
        self.ax.set_title(f"output 1 where {_equation(self.w, self.b)} > 0", fontsize=10)
        self.label_text = _score_label(self.realised, self.gate_menu.value, ~self.misclassified)
        self.label.value = f"<b>{self.label_text}</b>"


def perceptron_explorer(gate="AND", w=(0.5, 0.5), b=0.0):
    """Move a perceptron's decision line over a gate's truth table (day 1).

    gate: the target, one of 'AND', 'OR', 'NAND', 'XOR' (also a menu in the widget).
    w, b: starting weights and bias, each in [-1.5, 1.5]. Returns a PerceptronExplorer widget.
    """
    return PerceptronExplorer(gate, w, b)


# The notes' construction XOR = AND(NAND(x1, x2), OR(x1, x2)) as (hidden units, output unit).
XOR_HIDDEN = (GATE_WEIGHTS["NAND"], GATE_WEIGHTS["OR"])
XOR_OUTPUT = GATE_WEIGHTS["AND"]
HIDDEN_COLORS = ("#9467bd", "#2ca02c")


class XorExplorer(Explorer):
    """A 2-layer perceptron on two inputs: hidden units h1, h2 and one output unit y.

    Left: the input plane shaded by the network's output, with each hidden unit's line and an
    arrow pointing to the side where that unit outputs 1. Right: the hidden plane (h1, h2), where
    the four inputs land, with the output unit's line; XOR is solvable exactly when the hidden
    layer moves the points so that one line separates them.
    State for tests: hidden_w (2, 2) rows per unit, hidden_b (2,), output_w (2,), output_b,
    hidden_outputs (4, 2), outputs (4,), realised, is_xor, label_text.
    """

    def __init__(self, hidden=XOR_HIDDEN, output=XOR_OUTPUT):
        if len(hidden) != 2:
            raise ValueError(f"xor_explorer: hidden must hold two units ((w1, w2), b), "
                             f"got {len(hidden)}")
        units = [_check_unit(f"xor_explorer: hidden[{i}]", u) for i, u in enumerate(hidden)]
        _check_unit("xor_explorer: output", output)
        self.unit_sliders = [_weight_sliders(f"{name}: ", *unit)
                             for name, unit in zip(("h1", "h2", "y"), (*units, output))]
        self.label = widgets.HTML()
        titles = ("hidden unit h1 (purple line)", "hidden unit h2 (green line)",
                  "output unit y = step(w1·h1 + w2·h2 + b)")
        columns = [widgets.VBox([widgets.HTML(f"<b>{title}</b>"), *sliders])
                   for title, sliders in zip(titles, self.unit_sliders)]
        super().__init__((9.6, 4.6), [widgets.HBox(columns), self.label],
                         readout=widgets.HTML(f"<small>{KEY} Arrows point to the side where a "
                                              f"hidden unit outputs 1.</small>"))
        self._build_axes()
        self.watch(*(s for sliders in self.unit_sliders for s in sliders))
        self.refresh()

    def _build_axes(self):
        self.input_ax, self.hidden_ax = self.figure.subplots(1, 2)
        self.figure.subplots_adjust(left=0.06, right=0.98, bottom=0.1, top=0.9, wspace=0.2)
        _style_plane(self.input_ax, "x1", "x2")
        _style_plane(self.hidden_ax, "h1", "h2")
        self.input_ax.set_title("input plane: network output", fontsize=10)
        self.hidden_ax.set_title("hidden plane: where the inputs land", fontsize=10)
        self.input_regions = _region_patches(self.input_ax)
        self.hidden_regions = _region_patches(self.hidden_ax)
        self.hidden_lines, self.arrows = [], []
        for color in HIDDEN_COLORS:
            (line,) = self.input_ax.plot([], [], color=color, linewidth=2)
            arrow = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=14,
                                    color=color, linewidth=1.5)
            self.input_ax.add_patch(arrow)
            self.hidden_lines.append(line)
            self.arrows.append(arrow)
        (self.output_line,) = self.hidden_ax.plot([], [], color="black", linewidth=2)
        targets = truth_table("XOR")[1]
        colors = [CLASS_COLORS[t] for t in targets]
        self.input_points = self.input_ax.scatter(INPUTS[:, 0], INPUTS[:, 1], s=160, c=colors,
                                                  edgecolors="black", zorder=3)
        self.hidden_points = self.hidden_ax.scatter(INPUTS[:, 0], INPUTS[:, 1], s=110, c=colors,
                                                    edgecolors="black", zorder=3)
        self.rings = self.input_ax.scatter([], [], s=520, facecolors="none", edgecolors="red",
                                           linewidths=2.5, zorder=4)
        self.point_labels = [self.hidden_ax.text(0, 0, f"({x1:.0f},{x2:.0f})", fontsize=7,
                                                 ha="center", va="center", zorder=5)
                             for x1, x2 in INPUTS]
        self.animate(self.input_regions, self.hidden_regions, *self.hidden_lines, *self.arrows,
                     self.output_line, self.input_points, self.hidden_points, self.rings,
                     *self.point_labels)

    def _unit(self, sliders):
        w1, w2, b = (s.value for s in sliders)
        return np.array([w1, w2]), float(b)

    def update(self):
        (w_h1, b_h1), (w_h2, b_h2), (self.output_w, self.output_b) = map(self._unit,
                                                                          self.unit_sliders)
        self.hidden_w = np.stack([w_h1, w_h2])
        self.hidden_b = np.array([b_h1, b_h2])
        self.hidden_outputs = self.hidden(INPUTS)
        self.outputs = perceptron(self.hidden_outputs, self.output_w, self.output_b)
        self.realised = gate_name(self.outputs)
        self.is_xor = self.realised == "XOR"
        self.input_regions.set_verts(self._input_cells_with_output_1())
        self.hidden_regions.set_verts(
            _nonempty([clip_half_plane(BOX, self.output_w, self.output_b, 1)]))
        for unit, (line, arrow) in enumerate(zip(self.hidden_lines, self.arrows)):
            line.set_data(*line_through_box(self.hidden_w[unit], self.hidden_b[unit]))
            arrow.set_positions(*_normal_arrow(self.hidden_w[unit], self.hidden_b[unit]))
        self.output_line.set_data(*line_through_box(self.output_w, self.output_b))
        self._place_hidden_points()
        wrong = self.outputs != truth_table("XOR")[1]
        self.rings.set_offsets(INPUTS[wrong].reshape(-1, 2))
        self.label_text = _score_label(self.realised, "XOR", ~wrong)
        self.label.value = f"<b>The network {self.label_text}</b>"

    def _input_cells_with_output_1(self):
        """The two hidden lines cut the input box into cells, one per hidden code (h1, h2);
        returns the cells whose code the output unit maps to 1."""
        cells = []
        for h1, h2 in ((0, 0), (1, 0), (0, 1), (1, 1)):
            if perceptron([h1, h2], self.output_w, self.output_b):
                cell = clip_half_plane(BOX, self.hidden_w[0], self.hidden_b[0], h1)
                cells.append(clip_half_plane(cell, self.hidden_w[1], self.hidden_b[1], h2))
        return _nonempty(cells)

    def hidden(self, x):
        """Hidden-layer outputs: x (N, 2) -> (N, 2) of 0/1, column k from hidden unit k."""
        return np.column_stack([perceptron(x, w, b) for w, b in zip(self.hidden_w, self.hidden_b)])

    def _place_hidden_points(self):
        """Inputs that land on the same hidden corner are fanned out so all stay visible."""
        offsets = self.hidden_outputs.astype(float)
        for corner in np.unique(self.hidden_outputs, axis=0):
            same = np.flatnonzero((self.hidden_outputs == corner).all(axis=1))
            offsets[same, 0] += 0.2 * (np.arange(same.size) - (same.size - 1) / 2)
        self.hidden_points.set_offsets(offsets)
        # Labels alternate above and below their points so neighbours' labels never touch.
        for i, (text, (x, y)) in enumerate(zip(self.point_labels, offsets)):
            text.set_position((x, y + (0.1 if i % 2 == 0 else -0.1)))


def _normal_arrow(w, b):
    """A short arrow from the point of the line w·x + b = 0 nearest the box centre, along w
    (towards the side where the unit outputs 1). Both ends at the centre when w = (0, 0)."""
    centre = np.full(2, np.mean(LIMITS))
    norm = float(np.hypot(*w))
    if norm == 0:
        return tuple(centre), tuple(centre)
    foot = centre - (w @ centre + b) * w / norm**2
    return tuple(foot), tuple(foot + 0.3 * w / norm)


def xor_explorer(hidden=XOR_HIDDEN, output=XOR_OUTPUT):
    """A 2-layer perceptron for XOR with sliders for both hidden units and the output (day 2).

    hidden: two hidden units ((w1, w2), b); output: the output unit ((w1, w2), b); all values in
    [-1.5, 1.5]. The default is the notes' AND(NAND, OR) construction. Returns an XorExplorer.
    """
    return XorExplorer(hidden, output)
