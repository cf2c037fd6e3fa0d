"""Days 6 and 9: gradient descent on a bowl, and the optimizers' paths on a long valley.

Both run the student's own answers. learning_rate_explorer(gradient_descent) runs the day 6
exercise's gradient_descent (with the numerical_gradient it calls) on f(x0, x1) = x0^2 + x1^2
from the book's start (-3, 4), one step per call, so that every point of the path is drawn.
optimizer_explorer([SGD, Momentum, ...]) runs the day 9 classes on f(x, y) = x^2 / 20 + y^2
from (-7, 2), the book's comparison: the valley is 20 times steeper across y than along x,
which makes SGD zig-zag. Until an answer is written, the readout says so.
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

from .base import Explorer, StudentCodeError, check_callable, slider, student_call


def bowl(x):
    """f(x) = x0^2 + x1^2 for x of shape (2,) -> float."""
    return float(np.sum(x**2))


def _contours(ax, f, limits, levels):
    """Contour lines of f(x, y) over a square box, drawn once as the static background."""
    grid = np.linspace(*limits, 201)
    gx, gy = np.meshgrid(grid, grid)
    ax.contour(gx, gy, f(gx, gy), levels=levels, colors="0.7", linewidths=0.8)
    ax.plot(0, 0, marker="*", color="black", markersize=10)
    ax.set_xlim(*limits)
    ax.set_ylim(*limits)
    ax.set_aspect("equal")


def descent_verdict(path, f_values):
    """One phrase for how a run went.

    path: (steps + 1, 2) points visited; f_values: (steps + 1,) f at those points.
    """
    first, last = f_values[0], f_values[-1]
    if f_values.size == 1:
        return "no steps taken"
    if last > first:
        return "diverging: f grows every step (learning rate too large)"
    if last >= 0.999 * first:
        jump = np.linalg.norm(path[1] - path[0]) / max(np.linalg.norm(path[0]), 1e-12)
        return ("bouncing across the bowl: f does not drop (learning rate on the edge)" if jump > 1
                else "stuck: f barely changes (learning rate too small)")
    if last < 1e-6:
        return "converged to the minimum"
    if overshoots(path):
        return "descending, but overshooting: each step jumps across the minimum"
    return "still descending: more steps or a larger learning rate would help"


def overshoots(path):
    """True when every step reverses the previous one's direction (a zig-zag across the bowl).
    path: (k + 1, 2) points, k >= 2 steps."""
    steps = np.diff(path, axis=0)
    return len(steps) >= 2 and bool(np.all(np.sum(steps[1:] * steps[:-1], axis=1) < 0))


GD_EXERCISE = "gradient_descent (exercise 3) and the numerical_gradient it calls"


def descent_path(gradient_descent, start, lr, steps, f=bowl):
    """The points the student's gradient_descent visits on f, one step per call:
    x_{k+1} = gradient_descent(f, x_k, lr=lr, step_num=1).

    start: (2,). Returns (steps + 1, 2), start first; StudentCodeError if a call fails or
    returns something that is not a point shaped like the start.
    """
    x = np.array(start, dtype=np.float64)
    path = [x]
    for _ in range(steps):
        result = student_call("your gradient_descent", GD_EXERCISE, gradient_descent, f,
                              x.copy(), lr=lr, step_num=1)
        try:
            x = np.array(result, dtype=np.float64)
        except (TypeError, ValueError):
            x = np.array(None)
        if x.shape != (2,):
            raise StudentCodeError(f"your gradient_descent returned {type(result).__name__} "
                                   f"{result!r:.60}; it should return the final x, an array "
                                   "shaped like init_x, here (2,).")
        path.append(x)
    return np.array(path)


class LearningRateExplorer(Explorer):
    """The student's gradient descent x <- x - lr * grad f(x) on f = x0^2 + x1^2, with lr and
    step sliders.

    Left: the path over the contour lines; right: f at each step on a log scale.
    State for tests: path (steps + 1, 2) from descent_path (just the start while
    gradient_descent fails), f_values (steps + 1,), verdict, problem (the failure or None),
    readout_text.
    """

    START = (-3.0, 4.0)
    LIMITS = (-5.0, 5.0)
    STEP_AXES = (10, 20, 50, 100)
    # The f axis has two fixed ranges: one while f does not grow, one for diverging runs (up to
    # about 1e20 at lr 1.12 after 100 steps). Smaller f, down to 0 (lr = 0.5 lands on the
    # minimum in one step, up to rounding), is drawn on the F_FLOOR.
    F_FLOOR = 1e-17
    F_TOPS = (1e3, 1e22)

    def __init__(self, gradient_descent, lr=0.1, steps=20):
        check_callable("learning_rate_explorer", "gradient_descent", gradient_descent)
        self.gradient_descent = gradient_descent
        self.lr_slider = slider(widgets.FloatLogSlider, "learning rate lr", value=lr, base=10,
                                min=-3, max=0.05, step=0.05, readout_format=".3g")
        self.steps_slider = slider(widgets.IntSlider, "steps", value=steps, min=0, max=100)
        self.readout = widgets.HTML()
        super().__init__((9.6, 4.4), [widgets.HBox([self.lr_slider, self.steps_slider])],
                         readout=self.readout)
        self.path_ax, self.loss_ax = self.figure.subplots(1, 2)
        self.figure.subplots_adjust(left=0.06, right=0.97, bottom=0.12, top=0.9, wspace=0.25)
        _contours(self.path_ax, lambda x, y: x**2 + y**2, self.LIMITS, [1, 4, 9, 16, 25])
        self.path_ax.set_xlabel("x0")
        self.path_ax.set_ylabel("x1")
        self.path_ax.set_title("f(x0, x1) = x0² + x1²: the path", fontsize=10)
        self.loss_ax.set_yscale("log")
        self.loss_ax.yaxis.set_major_locator(LogLocator(numticks=8))
        self.loss_ax.yaxis.set_minor_locator(NullLocator())
        self.loss_ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.loss_ax.set_xlabel("step")
        self.loss_ax.set_ylabel("f (log scale)")
        self.loss_ax.set_title("f after each step", fontsize=10)
        self.loss_ax.grid(True, alpha=0.3)
        (self.path_line,) = self.path_ax.plot([], [], "o-", color="tab:red", markersize=3,
                                              linewidth=1.2)
        (self.loss_line,) = self.loss_ax.plot([], [], "o-", color="tab:red", markersize=3)
        self.animate(self.path_line, self.loss_line)
        self.watch(self.lr_slider, self.steps_slider)
        self.refresh()

    def update(self):
        lr, steps = self.lr_slider.value, self.steps_slider.value
        try:
            self.path, self.problem = descent_path(self.gradient_descent, self.START, lr,
                                                   steps), None
        except StudentCodeError as exc:
            self.path, self.problem = np.array([self.START]), str(exc)
        self.f_values = np.sum(self.path**2, axis=1)
        self.verdict = self.problem or descent_verdict(self.path, self.f_values)
        self.path_line.set_data(self.path[:, 0], self.path[:, 1])
        self.loss_line.set_data(np.arange(len(self.path)), np.maximum(self.f_values, self.F_FLOOR))
        self._fit_loss_axis(steps)
        x_end = self.path[-1]
        self.readout_text = (self.problem or f"lr = {lr:.3g}, {steps} steps: x = ({x_end[0]:.4g}, "
                             f"{x_end[1]:.4g}), f = {self.f_values[-1]:.3g}; {self.verdict}")
        self.readout.value = f"<b>{self.readout_text}</b>"


    def _fit_loss_axis(self, steps):
        """Limits snap to STEP_AXES and F_TOPS, so that most moves keep a cached background."""
        self.loss_ax.set_xlim(0, next(n for n in self.STEP_AXES if n >= steps))
        top = next(t for t in self.F_TOPS if t >= self.f_values.max() or t == self.F_TOPS[-1])
        self.loss_ax.set_ylim(self.F_FLOOR, top)


def learning_rate_explorer(gradient_descent, lr=0.1, steps=20):
    """Your gradient descent on the bowl x0^2 + x1^2 with learning-rate and step sliders (day 6).

    gradient_descent: your function gradient_descent(f, init_x, lr, step_num) -> final x.
    lr: starting learning rate (the slider spans 0.001 to about 1.12; above 1 it diverges).
    steps: starting number of steps, 0 to 100. Returns a LearningRateExplorer widget.
    """
    return LearningRateExplorer(gradient_descent, lr, steps)


def valley(x, y):
    """f(x, y) = x^2 / 20 + y^2, elementwise."""
    return x**2 / 20 + y**2


def valley_grad(xy):
    """Gradient of valley at xy (2,) -> (2,): (x / 10, 2y)."""
    return np.array([xy[0] / 10, 2 * xy[1]])


# Class name -> (starting settings, the keyword the beta slider sets or None, how the beta
# slider is labelled), for the day 9 classes. Learning rates follow the book's comparison
# (SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3); Nesterov and RMSprop are ours.
OPTIMIZER_SETUPS = {
    "SGD": ({"lr": 0.95}, None, "β (SGD has none)"),
    "Momentum": ({"lr": 0.1, "momentum": 0.9}, "momentum", "momentum μ"),
    "Nesterov": ({"lr": 0.1, "momentum": 0.9}, "momentum", "momentum μ"),
    "AdaGrad": ({"lr": 1.5}, None, "β (AdaGrad has none)"),
    "RMSprop": ({"lr": 0.1, "decay_rate": 0.99}, "decay_rate", "decay ρ"),
    "Adam": ({"lr": 0.3, "beta1": 0.9}, "beta1", "β1"),
}
OPTIMIZER_COLORS = dict(zip(OPTIMIZER_SETUPS, ("tab:blue", "tab:orange", "tab:purple",
                                               "tab:green", "tab:brown", "tab:red")))
# A path that leaves this box has diverged; stop it there, long before anything overflows.
ESCAPE = 1e6


def optimizer_path(optimizer, start, steps, grad=valley_grad):
    """Run optimizer.update on params {'xy': start} for `steps` steps (stopping early if the
    point leaves the ESCAPE box). Returns the points visited, (k + 1, 2), start first;
    StudentCodeError if an update fails."""
    name = type(optimizer).__name__
    params = {"xy": np.array(start, dtype=np.float64)}
    path = [params["xy"].copy()]
    for _ in range(steps):
        student_call(f"{name}.update", f"the update of your {name}", optimizer.update, params,
                     {"xy": grad(params["xy"])})
        path.append(params["xy"].copy())
        if not np.all(np.abs(params["xy"]) < ESCAPE):
            break
    return np.array(path)


def optimizer_classes(optimizers):
    """{class name: class} in OPTIMIZER_SETUPS order from the student's classes (a sequence of
    classes named like the day 9 exercises); ValueError naming what is wrong."""
    classes = {}
    for cls in optimizers:
        name = getattr(cls, "__name__", None)
        if not isinstance(cls, type) or name not in OPTIMIZER_SETUPS:
            raise ValueError(f"optimizer_explorer: expected your optimizer classes, named "
                             f"{', '.join(OPTIMIZER_SETUPS)}; got {cls!r}")
        classes[name] = cls
    if not classes:
        raise ValueError("optimizer_explorer: give it at least one of your optimizer classes")
    return {name: classes[name] for name in OPTIMIZER_SETUPS if name in classes}


class OptimizerExplorer(Explorer):
    """Paths of the student's SGD, Momentum, Nesterov, AdaGrad, RMSprop and Adam classes (those
    given) on f = x^2/20 + y^2.

    Tick which optimizers to show; choose one in "tune" to set its learning rate and its β
    (momentum μ, RMSprop's decay ρ or Adam's β1) with the sliders; every optimizer keeps its own
    settings. State for tests: classes[name], settings[name] (keyword arguments of the class),
    paths[name] ((k + 1, 2) points for each shown optimizer that ran), problems[name] (why a
    shown optimizer did not run), readout_text.
    """

    START = (-7.0, 2.0)
    XLIM, YLIM = (-10.0, 10.0), (-5.0, 5.0)

    def __init__(self, optimizers, shown=("SGD", "Momentum", "AdaGrad", "Adam"), steps=30):
        self.classes = optimizer_classes(optimizers)
        unknown = [name for name in shown if name not in self.classes]
        if unknown:
            raise ValueError(f"optimizer_explorer: shown names {unknown} that are not among "
                             f"the classes given, {list(self.classes)}")
        self.settings = {name: dict(OPTIMIZER_SETUPS[name][0]) for name in self.classes}
        self.checkboxes = {name: widgets.Checkbox(value=name in shown, description=name,
                                                  indent=False, layout=widgets.Layout(width="auto"))
                           for name in self.classes}
        self.tune_menu = widgets.Dropdown(options=list(self.classes), value=shown[0] if shown
                                          else next(iter(self.classes)), description="tune")
        self.lr_slider = slider(widgets.FloatLogSlider, "learning rate lr", base=10, min=-3,
                                max=1, step=0.05, readout_format=".3g")
        self.beta_slider = slider(widgets.FloatSlider, "β", min=0.0, max=0.99, step=0.01,
                                  readout_format=".2f")
        self.steps_slider = slider(widgets.IntSlider, "steps", value=steps, min=1, max=100)
        self.readout = widgets.HTML()
        controls = [widgets.HBox([widgets.Label("show:"), *self.checkboxes.values()]),
                    widgets.HBox([self.tune_menu, self.steps_slider]),
                    widgets.HBox([self.lr_slider, self.beta_slider])]
        super().__init__((9.0, 4.8), controls, readout=self.readout)
        self._build_axes()
        self._show_settings(self.tune_menu.value)
        self.watch(*self.checkboxes.values(), self.steps_slider)
        self.lr_slider.observe(self._store_setting, names="value")
        self.beta_slider.observe(self._store_setting, names="value")
        self.tune_menu.observe(self._tune, names="value")
        self.refresh()

    def _build_axes(self):
        self.ax = ax = self.figure.add_subplot()
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.1, top=0.92)
        grid_x, grid_y = np.linspace(*self.XLIM, 201), np.linspace(*self.YLIM, 101)
        gx, gy = np.meshgrid(grid_x, grid_y)
        ax.contour(gx, gy, valley(gx, gy), levels=[0.25, 1, 2.5, 5, 10, 20], colors="0.7",
                   linewidths=0.8)
        ax.plot(0, 0, marker="*", color="black", markersize=10)
        ax.plot(*self.START, marker="s", color="black", markersize=6)
        ax.set_xlim(*self.XLIM)
        ax.set_ylim(*self.YLIM)
        ax.set_aspect("equal")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.set_title(f"f(x, y) = x²/20 + y², start {self.START}, minimum at ★", fontsize=10)
        self.lines = {name: ax.plot([], [], "o-", color=OPTIMIZER_COLORS[name], markersize=3,
                                    linewidth=1.2)[0] for name in self.classes}
        self.animate(*self.lines.values())

    def _show_settings(self, name):
        """Put an optimizer's settings on the lr and β sliders."""
        _, beta_key, beta_label = OPTIMIZER_SETUPS[name]
        self.lr_slider.value = self.settings[name]["lr"]
        self.beta_slider.description = beta_label
        self.beta_slider.disabled = beta_key is None
        if beta_key is not None:
            self.beta_slider.value = self.settings[name][beta_key]

    def _tune(self, change):
        with self.hold():
            self._show_settings(change["new"])

    def _store_setting(self, change):
        """A slider moved: keep its value in the tuned optimizer's settings, then redraw."""
        name = self.tune_menu.value
        key = "lr" if change["owner"] is self.lr_slider else OPTIMIZER_SETUPS[name][1]
        if key is not None:
            self.settings[name][key] = change["new"]
        self._on_change(change)

    def make(self, name):
        """A fresh instance of the student's class `name`, with its current settings."""
        return student_call(f"{name}(...)", f"your {name} class", self.classes[name],
                            **self.settings[name])

    def update(self):
        steps = self.steps_slider.value
        self.paths, self.problems = {}, {}
        for name, box in self.checkboxes.items():
            if box.value:
                try:
                    self.paths[name] = optimizer_path(self.make(name), self.START, steps)
                except StudentCodeError as exc:
                    self.problems[name] = str(exc)
        rows, lines = [], []
        for name, line in self.lines.items():
            path = self.paths.get(name)
            line.set_visible(path is not None)
            if path is None and name not in self.problems:
                continue
            if path is not None:
                line.set_data(path[:, 0], path[:, 1])
            outcome = self.problems.get(name) or self._outcome(path)
            setting = ", ".join(f"{k} = {v:.3g}" for k, v in self.settings[name].items())
            lines.append(f"{name} ({setting}): {outcome}")
            rows.append(f"<tr><td><span style='color:{OPTIMIZER_COLORS[name]}'>&#9644;</span> "
                        f"<b>{name}</b></td><td>{setting}</td><td>{outcome}</td></tr>")
        self.readout_text = "\n".join(lines)
        self.readout.value = (f"<table style='border-spacing:12px 0'>{''.join(rows)}</table>"
                              if rows else "<i>tick at least one optimizer</i>")

    @staticmethod
    def _outcome(path):
        end = path[-1]
        if np.any(np.abs(end) >= ESCAPE) or not np.all(np.isfinite(end)):
            return f"diverged (|x| or |y| passed {ESCAPE:g} at step {len(path) - 1})"
        return f"ends at ({end[0]:.3g}, {end[1]:.3g}), f = {valley(*end):.3g}"


def optimizer_explorer(optimizers, shown=("SGD", "Momentum", "AdaGrad", "Adam"), steps=30):
    """Compare your optimizers' paths on f = x^2/20 + y^2 with lr and β sliders (day 9).

    optimizers: your classes, e.g. [SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam] (any of
    them); each is built with the keyword arguments of OPTIMIZER_SETUPS. shown: the names
    ticked at the start (those not given are skipped). steps: 1 to 100.
    Returns an OptimizerExplorer widget.
    """
    classes = optimizer_classes(optimizers)
    return OptimizerExplorer(list(classes.values()),
                             tuple(name for name in shown if name in classes), steps)
