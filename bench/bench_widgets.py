"""Callback time of every explorer: how long the kernel is busy after one slider move.

Each move sets a control's value from Python, which runs the same observer a drag or an arrow key
runs in the browser: recompute, move the artists, draw, encode the PNG. The budget is 100 ms per
move (median over many moves). The baseline, measured in the same run on the same figure, is a
bare full ``figure.canvas.draw()``, what a naive explorer would pay before even encoding a
picture; it is taken in the explorer's starting state. Exits 1 when an explorer's median is over
budget. "full draws" counts the moves that also had to redraw the static background (axes,
ticks, labels); the others only restore it from a cache and draw the moving artists.

    .venv/bin/python bench/bench_widgets.py [--moves N]
"""

import argparse
import statistics
import sys
import time

import numpy as np

from coursekit.widgets import (activation_explorer, init_explorer, learning_rate_explorer,
                               optimizer_explorer, perceptron_explorer, xor_explorer)

# Stand-ins for a student's answers (the explorers of days 6, 9 and 10 run the student's own
# code), as in tests/test_widgets.py: the course's reference, in the exercises' signatures.
from coursekit import functions as F
from coursekit_key.answers.initialization import he_normal, xavier_normal
from coursekit_key.answers.gradient import gradient_descent as reference_descent
from coursekit_key.answers import optimizers
from coursekit_key.answers.initialization import layer_activations

OPTIMIZER_CLASSES = [optimizers.SGD, optimizers.Momentum, optimizers.Nesterov,
                     optimizers.AdaGrad, optimizers.RMSprop, optimizers.Adam]


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """Day 6's exercise: returns the final x only."""
    return reference_descent(f, init_x, lr=lr, step_num=step_num)


BUDGET_MS = 100.0


def sweep(low, high, n, log=False):
    """n values going up from low to high and back down, the way a student drags a slider."""
    up = np.geomspace(low, high, n // 2) if log else np.linspace(low, high, n // 2)
    return [float(v) for v in np.concatenate([up, up[::-1]])]


def int_sweep(low, high, n):
    """n integers stepping by 1 from low to high and back, repeated, so every move is a change."""
    cycle = list(range(low, high + 1)) + list(range(high - 1, low, -1))
    return [cycle[i % len(cycle)] for i in range(n)]


def scenarios(n):
    """(name, factory, [(control label, control getter, values), ...]) for each explorer."""
    return [
        ("activation_explorer", activation_explorer, [
            ("read-off x", lambda e: e.x0_slider, sweep(-4.5, 4.5, n)),
            ("Leaky slope", lambda e: e.alpha_slider, sweep(0.0, 0.5, n)),
            ("input range", lambda e: e.range_slider, sweep(1.0, 10.0, n)),
        ]),
        ("perceptron_explorer", perceptron_explorer, [
            ("w1", lambda e: e.w1_slider, sweep(-1.0, 1.0, n)),
            ("b", lambda e: e.b_slider, sweep(-1.0, 1.0, n)),
        ]),
        ("xor_explorer", xor_explorer, [
            ("h1 bias", lambda e: e.unit_sliders[0][2], sweep(-1.0, 1.0, n)),
            ("output w1", lambda e: e.unit_sliders[2][0], sweep(-1.0, 1.0, n)),
        ]),
        ("learning_rate_explorer", lambda: learning_rate_explorer(gradient_descent), [
            ("learning rate", lambda e: e.lr_slider, sweep(0.001, 1.1, n, log=True)),
            ("steps", lambda e: e.steps_slider, int_sweep(1, 100, n)),
        ]),
        ("optimizer_explorer", lambda: optimizer_explorer(OPTIMIZER_CLASSES, shown=(
            "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")), [
            ("learning rate", lambda e: e.lr_slider, sweep(0.01, 2.0, n, log=True)),
            ("β", lambda e: e.beta_slider, sweep(0.5, 0.99, n)),
            ("steps", lambda e: e.steps_slider, int_sweep(5, 100, n)),
        ]),
        ("init_explorer", lambda: init_explorer(layer_activations, xavier_normal, he_normal,
                                                activations=F), [
            ("weight std", lambda e: e.std_slider, sweep(0.01, 2.0, n, log=True)),
            ("layers", lambda e: e.depth_slider, int_sweep(1, 10, n)),
        ]),
    ]


def time_moves(control, values):
    """Milliseconds per value assignment (each runs the explorer's whole callback)."""
    times = []
    for value in values:
        start = time.perf_counter()
        control.value = value
        times.append((time.perf_counter() - start) * 1e3)
    return times


def time_full_draw(explorer, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        explorer.figure.canvas.draw()
        times.append((time.perf_counter() - start) * 1e3)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40, help="moves per control (default 40)")
    args = parser.parse_args()
    if args.moves < 2:
        parser.error("--moves must be at least 2")
    print(f"median callback per slider move; budget {BUDGET_MS:.0f} ms; baseline = a bare full "
          f"figure.canvas.draw() of the same figure")
    header = (f"{'explorer':<24}{'control':<15}{'median ms':>10}{'p90 ms':>9}{'full draws':>12}"
              f"{'baseline ms':>13}{'ratio':>7}")
    print(header)
    print("-" * len(header))
    over = []
    for name, factory, controls in scenarios(args.moves):
        explorer = factory()
        baseline = statistics.median(time_full_draw(explorer, 15))
        all_times = []
        for label, get_control, values in controls:
            before = explorer.full_draws
            times = time_moves(get_control(explorer), values)
            all_times += times
            print(f"{name:<24}{label:<15}{statistics.median(times):>10.1f}"
                  f"{np.percentile(times, 90):>9.1f}"
                  f"{f'{explorer.full_draws - before}/{len(values)}':>12}")
        median = statistics.median(all_times)
        verdict = "ok" if median <= BUDGET_MS else "OVER BUDGET"
        print(f"{name:<24}{'all moves':<15}{median:>10.1f}{np.percentile(all_times, 90):>9.1f}"
              f"{'':>12}{baseline:>13.1f}{median / baseline:>7.2f}  {verdict}")
        if median > BUDGET_MS:
            over.append(name)
        explorer.close()
    if over:
        print(f"over the {BUDGET_MS:.0f} ms budget: {', '.join(over)}")
        return 1
    print(f"every explorer within the {BUDGET_MS:.0f} ms budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
