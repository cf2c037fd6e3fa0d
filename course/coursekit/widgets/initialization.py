"""Day 10: activation histograms through depth for different weight initialisations.

The book's experiment: random inputs of 100 features pass through `depth` fully connected
layers of 100 units (no bias), each followed by the activation; one histogram per layer shows
where the activations sit. (The book uses 1000 inputs; 500 keep a move fast and the histograms
just as smooth.) With std 1 and sigmoid they pile up at 0 and 1 (saturated: vanishing
gradients), with std 0.01 they collapse onto 0.5 (every unit says the same thing), with Xavier
they stay spread out.

The explorer runs the student's day 10 answers: layer_activations (exercise 1) computes the
layers, xavier_normal and he_normal (exercises 2 and 3) draw the Xavier and He weights; the
fixed-std weights and the activation functions are given (the activations by the caller, e.g.
the notebook's recap of day 3). Until an answer is written, the readout says so.
"""

from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from .base import Explorer, StudentCodeError, check_callable, slider, student_call

N_SAMPLES, N_UNITS = 500, 100
MAX_DEPTH = 10
COLUMNS = 5
N_BINS = 30
SEED = 0
# One fixed histogram range per activation, the same for every layer, so that shrinking or
# exploding activations show as mass piling up at 0 or at the edges (values outside the range
# are counted in the edge bins; the table under the plot gives each layer's true std).
VALUE_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 2.0),
                "leaky_relu": (-0.5, 2.0), "identity": (-3.0, 3.0)}
ACTIVATION_NAMES = tuple(VALUE_RANGES)
Y_TOPS = (0.1, 0.2, 0.5, 1.05)
SCHEMES = (("fixed std (slider)", "std"), ("Xavier: std = √(2 / (n_in + n_out))", "xavier"),
           ("He: std = √(2 / n_in)", "he"))


EXERCISES = {"layer_activations": "layer_activations (exercise 1)",
             "xavier": "xavier_normal (exercise 2)", "he": "he_normal (exercise 3)"}


def activation_table(activations):
    """{name: function} for the names of ACTIVATION_NAMES that `activations` has: a mapping
    by name, or an object with those functions as attributes (a module such as the day 3
    recap). ValueError if it has none."""
    if isinstance(activations, Mapping):
        table = {name: activations[name] for name in ACTIVATION_NAMES if name in activations}
    else:
        table = {name: getattr(activations, name) for name in ACTIVATION_NAMES
                 if callable(getattr(activations, name, None))}
    if not table:
        raise ValueError(f"init_explorer: activations must give functions named some of "
                         f"{ACTIVATION_NAMES}, got {activations!r}")
    return table


def layer_weights(scheme, std, depth, initializers):
    """`depth` weight matrices (N_UNITS, N_UNITS), layer k drawn from the generator
    np.random.default_rng(SEED + 1 + k).

    scheme: 'std' (std * standard normals), 'xavier' or 'he': the student's function
    initializers[scheme](fan_in, fan_out, rng). StudentCodeError if that fails or does not
    give an (N_UNITS, N_UNITS) matrix.
    """
    def draw(rng):
        if scheme == "std":
            return std * rng.standard_normal((N_UNITS, N_UNITS))
        name = EXERCISES[scheme].split()[0]
        w = student_call(f"your {name}", EXERCISES[scheme], initializers[scheme], N_UNITS,
                         N_UNITS, rng)
        if np.shape(w) != (N_UNITS, N_UNITS):
            raise StudentCodeError(f"your {name}({N_UNITS}, {N_UNITS}, rng) returned shape "
                                   f"{np.shape(w)}; expected ({N_UNITS}, {N_UNITS}).")
        return np.asarray(w, dtype=np.float64)

    return [draw(np.random.default_rng(SEED + 1 + k)) for k in range(depth)]


def outputs_in_blocks(layer_activations, x, weights, activation, rows=25):
    """The student's layer_activations(x, weights, activation), run on 25 rows of x at a time
    and joined: list of (N, D) arrays, one per layer. Each sample's activations depend on that
    sample alone, so the blocks give the same numbers.

    Each block's products stay below OpenBLAS's size threshold for using several threads. Its
    worker threads keep spinning after a threaded product and, on a busy 2-core machine, made
    the rest of a slider callback 5 times slower (measured: 160 ms against 19 ms for 10 layers).
    """
    blocks = [student_call("your layer_activations", EXERCISES["layer_activations"],
                           layer_activations, x[i:i + rows], weights, activation)
              for i in range(0, len(x), rows)]
    if any(len(block) != len(weights) for block in blocks):
        raise StudentCodeError(f"your layer_activations returned {len(blocks[0])} arrays for "
                               f"{len(weights)} layers; expected one per layer.")
    try:
        return [np.concatenate(layer) for layer in zip(*blocks)]
    except (TypeError, ValueError) as exc:
        raise StudentCodeError(f"your layer_activations returned arrays that do not line up "
                               f"({exc}); expected one (N, {N_UNITS}) array per layer.") from None


def histogram(values, value_range):
    """Fraction of the values in each of N_BINS equal bins over value_range; values outside it
    count in the first or last bin.

    values: array of any shape -> ((N_BINS,) fractions summing to 1, (N_BINS + 1,) edges).
    """
    lo, hi = value_range
    edges = np.linspace(lo, hi, N_BINS + 1)
    counts, _ = np.histogram(np.clip(values, lo, hi), bins=edges)
    return counts / values.size, edges


class InitExplorer(Explorer):
    """One histogram per layer of the activations, for a chosen init, depth and activation.

    Each panel shows the fraction of the N_SAMPLES x N_UNITS activations per bin; a table under
    the plot gives each layer's std and the share that is saturated (sigmoid and tanh:
    f' < 0.01) or exactly zero (ReLU). State for tests: inputs (N_SAMPLES, N_UNITS), weights
    (list of (N_UNITS, N_UNITS)), layer_outputs (list per layer), histograms (list of
    (fractions, edges)), problem (why nothing is drawn, or None), readout_text.
    """

    def __init__(self, layer_activations, xavier_normal, he_normal, activations,
                 activation="sigmoid", scheme="std", std=1.0, depth=5):
        for name, fn in (("layer_activations", layer_activations),
                         ("xavier_normal", xavier_normal), ("he_normal", he_normal)):
            check_callable("init_explorer", name, fn)
        self.layer_activations = layer_activations
        self.initializers = {"xavier": xavier_normal, "he": he_normal}
        self.activations = activation_table(activations)
        if activation not in self.activations:
            raise ValueError(f"init_explorer: activation must be one of "
                             f"{tuple(self.activations)}, got {activation!r}")
        if scheme not in dict(SCHEMES).values():
            raise ValueError(f"init_explorer: scheme must be 'std', 'xavier' or 'he', "
                             f"got {scheme!r}")
        if not (isinstance(depth, (int, np.integer)) and 1 <= depth <= MAX_DEPTH):
            raise ValueError(f"init_explorer: depth must be an integer in [1, {MAX_DEPTH}], "
                             f"got {depth!r}")
        self.activation_menu = widgets.Dropdown(options=tuple(self.activations), value=activation,
                                                description="activation")
        self.scheme_menu = widgets.Dropdown(options=SCHEMES, value=scheme,
                                            description="weights", style={"description_width":
                                                                          "initial"},
                                            layout=widgets.Layout(width="330px"))
        self.std_slider = slider(widgets.FloatLogSlider, "weight std", value=std, base=10,
                                 min=-3, max=1, step=0.05, readout_format=".3g")
        self.depth_slider = slider(widgets.IntSlider, "layers", value=depth, min=1,
                                   max=MAX_DEPTH)
        self.inputs = np.random.default_rng(SEED).standard_normal((N_SAMPLES, N_UNITS))
        controls = [widgets.HBox([self.activation_menu, self.scheme_menu]),
                    widgets.HBox([self.std_slider, self.depth_slider])]
        self.readout = widgets.HTML()
        super().__init__((11.0, 4.6), controls, readout=self.readout)
        self._build_axes()
        self.watch(self.activation_menu, self.scheme_menu, self.std_slider, self.depth_slider)
        self.refresh()

    def _build_axes(self):
        """All MAX_DEPTH panels always stay in place, so changing the depth only changes what
        is drawn inside them (the cached background still fits)."""
        grid = self.figure.subplots(MAX_DEPTH // COLUMNS, COLUMNS, sharey=True)
        self.figure.subplots_adjust(left=0.06, right=0.99, bottom=0.08, top=0.93, hspace=0.45,
                                    wspace=0.1)
        self.axes = list(grid.ravel())
        self.steps, self.unused = [], []
        for k, ax in enumerate(self.axes):
            ax.xaxis.set_major_locator(MaxNLocator(3))
            ax.tick_params(labelsize=8)
            ax.set_title(f"layer {k + 1}", fontsize=9)
            self.steps.append(ax.stairs(np.zeros(N_BINS), np.arange(N_BINS + 1.0), fill=True,
                                        color="tab:blue"))
            self.unused.append(ax.text(0.5, 0.5, "not in the network", transform=ax.transAxes,
                                       ha="center", va="center", color="0.6", fontsize=8))
        for ax in grid[:, 0]:
            ax.set_ylabel("fraction of values")
        self.animate(*self.steps, *self.unused)

    def update(self):
        name, depth = self.activation_menu.value, self.depth_slider.value
        scheme = self.scheme_menu.value
        self.std_slider.disabled = scheme != "std"
        try:
            self.weights = layer_weights(scheme, self.std_slider.value, depth, self.initializers)
            self.layer_outputs = outputs_in_blocks(self.layer_activations, self.inputs,
                                                   self.weights, self.activations[name])
            self.histograms = [histogram(np.asarray(a, dtype=np.float64), VALUE_RANGES[name])
                               for a in self.layer_outputs]
            self.problem = None
        except StudentCodeError as exc:
            self.weights, self.layer_outputs, self.histograms = [], [], []
            self.problem = str(exc)
        drawn = len(self.histograms)
        for k, ax in enumerate(self.axes):
            ax.set_xlim(*VALUE_RANGES[name])
            self.steps[k].set_visible(k < drawn)
            self.unused[k].set_visible(k >= depth)
            if k < drawn:
                self.steps[k].set_data(*self.histograms[k])
        top = 1.05 * max((fractions.max() for fractions, _ in self.histograms), default=0.0)
        # A few fixed heights, so that most moves keep one of the cached backgrounds.
        self.axes[0].set_ylim(0, next(h for h in Y_TOPS if h >= min(top, Y_TOPS[-1])))
        if self.problem:
            self.readout_text = self.problem
            self.readout.value = f"<b>{self.problem}</b>"
        else:
            self._update_readout(name)

    def _update_readout(self, name):
        """A table of each layer's std and extreme share (HTML costs no drawing time)."""
        stds = [f"{a.std():.3g}" for a in self.layer_outputs]
        shares = [self._extreme_share(name, a) for a in self.layer_outputs]
        share_label = {"relu": "exactly 0", "sigmoid": "saturated (f′ < 0.01)",
                       "tanh": "saturated (f′ < 0.01)"}.get(name)
        lines = ["layer: " + "  ".join(str(k + 1) for k in range(len(stds))),
                 "std: " + "  ".join(stds)]
        cells = lambda row: "".join(f"<td>{v}</td>" for v in row)
        rows = [f"<tr><th>layer</th>{cells(range(1, len(stds) + 1))}</tr>",
                f"<tr><th>std of activations</th>{cells(stds)}</tr>"]
        if share_label:
            lines.append(f"{share_label}: " + "  ".join(shares))
            rows.append(f"<tr><th>{share_label}</th>{cells(shares)}</tr>")
        self.readout_text = "\n".join(lines)
        self.readout.value = ("<table style='font-family:monospace; border-spacing:10px 0'>"
                              + "".join(rows) + "</table>")

    @staticmethod
    def _extreme_share(name, a):
        """The share of activations that pass (almost) no gradient back, as '12%'."""
        if name == "relu":
            return f"{np.mean(a == 0):.0%}"
        if name in ("sigmoid", "tanh"):
            # f' from the output: sigmoid' = a (1 - a), tanh' = 1 - a^2.
            slope = a * (1 - a) if name == "sigmoid" else 1 - a * a
            return f"{np.mean(slope < 0.01):.0%}"
        return ""


def init_explorer(layer_activations, xavier_normal, he_normal, activations,
                  activation="sigmoid", scheme="std", std=1.0, depth=5):
    """Activation histograms through `depth` layers for a weight init (day 10), computed by
    your layer_activations with weights from your xavier_normal and he_normal.

    activations: the activation functions offered, by name (a dict, or an object such as a
    module with functions named like ACTIVATION_NAMES); activation: the one chosen first;
    scheme: 'std' (use `std`), 'xavier' or 'he'; std: 0.001 to 10; depth: 1 to 10 layers.
    Returns an InitExplorer widget.
    """
    return InitExplorer(layer_activations, xavier_normal, he_normal, activations, activation,
                        scheme, std, depth)
