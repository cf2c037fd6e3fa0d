"""Training speed of MultiLayerNet with SGD and Adam, against its own matrix products and PyTorch.

A 784-100-100-10 ReLU net in float32 takes STEPS steps on mini-batches of 100 random samples
(Trainer.train_step: forward, backward, update), once with SGD (lr 0.01) and once with Adam
(lr 0.001). Two baselines run in the same process, interleaved with it:

- matmul-only: exactly the matrix products of one such step on the same shapes and dtype, nothing
  else: forward x@W1, h1@W2, h2@W3; backward dW3, dW2, dW1 and dx of the two upper layers. Their
  time is a lower bound for a NumPy implementation, so the ratio net / matmul-only shows the
  overhead of everything else (activations, softmax, bias sums, the update, Python).
- PyTorch CPU, when it is installed (``pip install -e '.[torch]'``; skipped with a message
  otherwise): the same network (nn.Linear and ReLU, starting from the same weights), loss
  (CrossEntropyLoss), batches and optimizer (torch.optim.SGD / Adam with the same
  hyper-parameters and PyTorch's default implementation), one thread.

BLAS runs on one thread unless OPENBLAS_NUM_THREADS / OMP_NUM_THREADS say otherwise, and PyTorch
gets torch.set_num_threads(1): on a small shared machine, handing 100x100 products between
threads makes the timings swing, and one thread measures the arithmetic the loops differ in.
Each figure is the median over REPEATS rounds (the range over the rounds follows it); within a
round every variant runs once, in a rotating order, so all see the same machine load. A ratio is
taken within each round, then its median and range over the rounds are printed.

Run: .venv/bin/python bench/bench_training.py   (about 10 seconds)
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # must happen before NumPy loads its BLAS

import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from coursekit.network import MultiLayerNet  # noqa: E402
from coursekit.trainer import Trainer  # noqa: E402
from coursekit_key.answers.layers import LAYER_CLASSES  # noqa: E402
from coursekit_key.answers.optimizers import SGD, Adam  # noqa: E402

try:
    import torch  # noqa: E402
except ImportError:
    torch = None

SIZES = (784, 100, 100, 10)
BATCH = 100
STEPS = 50  # short runs, many rounds: a burst of load on the shared machine spoils few
REPEATS = 25
N_BATCHES = 10  # distinct mini-batches, cycled through
DTYPE = np.float32
OPTIMIZERS = {"sgd": {"lr": 0.01}, "adam": {"lr": 0.001}}  # Adam: beta 0.9, 0.999, eps 1e-8


def make_batches(rng):
    x = rng.random((N_BATCHES, BATCH, SIZES[0]), dtype=DTYPE)
    t = rng.integers(0, SIZES[-1], (N_BATCHES, BATCH))
    return x, t


def make_network():
    return MultiLayerNet(SIZES[0], list(SIZES[1:-1]), SIZES[-1], dtype=DTYPE, seed=0,
                         layer_classes=LAYER_CLASSES)


def network_steps(x, t, optimizer):
    """Seconds for STEPS training steps of a fresh network with the named reference optimizer."""
    net = make_network()
    update = {"sgd": SGD, "adam": Adam}[optimizer](**OPTIMIZERS[optimizer])
    trainer = Trainer(net, x[0], t[0], optimizer=update, verbose=False)
    start = time.process_time()
    for step in range(STEPS):
        trainer.train_step(x[step % N_BATCHES], t[step % N_BATCHES])
    elapsed = time.process_time() - start
    assert all(p.dtype == DTYPE for p in net.params.values())
    return elapsed


def matmul_steps(x, rng):
    """Seconds for the same matrix products, STEPS times."""
    W1, W2, W3 = (rng.standard_normal((m, n)).astype(DTYPE)
                  for m, n in zip(SIZES[:-1], SIZES[1:]))
    dy = rng.standard_normal((BATCH, SIZES[-1])).astype(DTYPE)
    start = time.process_time()
    for step in range(STEPS):
        xb = x[step % N_BATCHES]
        h1 = xb @ W1
        h2 = h1 @ W2
        h2 @ W3
        dW3 = h2.T @ dy  # noqa: F841  (kept only to match the net's work)
        dh2 = dy @ W3.T
        dW2 = h1.T @ dh2  # noqa: F841
        dh1 = dh2 @ W2.T
        dW1 = xb.T @ dh1  # noqa: F841
    return time.process_time() - start


def torch_model():
    """The same network in PyTorch, starting from MultiLayerNet's initial weights."""
    params, layers = make_network().params, []
    for k in range(1, len(SIZES)):
        linear = torch.nn.Linear(SIZES[k - 1], SIZES[k])
        with torch.no_grad():  # nn.Linear keeps W as (out, in) and computes x @ W.T + b
            linear.weight.copy_(torch.from_numpy(params[f"W{k}"].T.copy()))
            linear.bias.copy_(torch.from_numpy(params[f"b{k}"]))
        layers += [linear, torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


def torch_steps(x, t, optimizer):
    """Seconds for STEPS training steps of the PyTorch network with the same optimizer."""
    model = torch_model()
    update = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}[optimizer](
        model.parameters(), **OPTIMIZERS[optimizer])
    loss_fn = torch.nn.CrossEntropyLoss()
    x, t = torch.from_numpy(x), torch.from_numpy(t)
    start = time.process_time()
    for step in range(STEPS):
        update.zero_grad()
        loss = loss_fn(model(x[step % N_BATCHES]), t[step % N_BATCHES])
        loss.backward()
        update.step()
        loss.item()  # the float Trainer.train_step returns
    return time.process_time() - start


def variants(x, t, rng):
    """name -> function of no arguments returning the seconds of one timed run."""
    runs = {"matmul": lambda: matmul_steps(x, rng)}
    for name in OPTIMIZERS:
        runs[f"net {name}"] = lambda name=name: network_steps(x, t, name)
        if torch is not None:
            runs[f"torch {name}"] = lambda name=name: torch_steps(x, t, name)
    return runs


def measure(runs):
    """Seconds per variant per round: {name: [REPEATS floats]}, rounds interleaved."""
    names = list(runs)
    for name in names:  # warm up caches, BLAS and PyTorch's first-call set-up
        runs[name]()
    times = {name: [] for name in names}
    for r in range(REPEATS):
        for name in names[r % len(names):] + names[:r % len(names)]:
            times[name].append(runs[name]())
    return times


def median_and_range(values, fmt):
    return (f"{fmt.format(statistics.median(values))} "
            f"({fmt.format(min(values)).strip()}-{fmt.format(max(values)).strip()})")


def report(times):
    def rate(name):
        return median_and_range([STEPS / s for s in times[name]], "{:.0f}") + " steps/s"

    def ratio(numerator, denominator):
        return median_and_range([a / b for a, b in zip(times[numerator], times[denominator])],
                                "{:.2f}") + "x"

    def line(label, text):
        print(f"  {label:<36s}{text}")

    print(f"MultiLayerNet {'-'.join(map(str, SIZES))} ReLU, {np.dtype(DTYPE).name}, batch {BATCH}, "
          f"{STEPS} steps, median (range) of {REPEATS} interleaved rounds, "
          f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")
    line("matmul-only lower bound:", rate("matmul"))
    for name in OPTIMIZERS:
        line(f"{name} network (Trainer.train_step):", rate(f"net {name}"))
        line(f"{name} ratio net / matmul-only:", ratio(f"net {name}", "matmul"))
        if torch is not None:
            line(f"{name} PyTorch {torch.__version__}, 1 thread:", rate(f"torch {name}"))
            line(f"{name} speed net / PyTorch:", ratio(f"torch {name}", f"net {name}"))
    if torch is None:
        print("  PyTorch is not installed, so no comparison with it (pip install -e '.[torch]')")


def main():
    if torch is not None:
        torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    x, t = make_batches(rng)
    report(measure(variants(x, t, rng)))


if __name__ == "__main__":
    main()
