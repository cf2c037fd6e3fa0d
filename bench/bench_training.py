"""Training speed of MultiLayerNet against its own matrix products alone.

A 784-100-100-10 ReLU net in float32 takes STEPS SGD steps on mini-batches of 100 random
samples (Trainer.train_step: forward, backward, update). The baseline performs exactly the
matrix products of one such step on the same shapes and dtype, nothing else: forward x@W1,
h1@W2, h2@W3; backward dW3, dW2, dW1 and dx of the two upper layers. Their time is a lower
bound for any NumPy implementation, so the ratio net / matmul-only shows the overhead of
everything else (activations, softmax, bias sums, the update, Python).

BLAS runs on one thread unless OPENBLAS_NUM_THREADS / OMP_NUM_THREADS say otherwise: on a small
shared machine, handing 100x100 products between threads makes the timings swing, and one
thread measures the arithmetic the two loops actually differ in.

Run: .venv/bin/python bench/bench_training.py   (about 5 seconds)
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # must happen before NumPy loads its BLAS

import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from coursekit.network import MultiLayerNet  # noqa: E402
from coursekit.trainer import Trainer  # noqa: E402

SIZES = (784, 100, 100, 10)
BATCH = 100
STEPS = 200
REPEATS = 7
N_BATCHES = 10  # distinct mini-batches, cycled through
DTYPE = np.float32


def make_batches(rng):
    x = rng.random((N_BATCHES, BATCH, SIZES[0]), dtype=DTYPE)
    t = rng.integers(0, SIZES[-1], (N_BATCHES, BATCH))
    return x, t


def network_steps(x, t):
    """Seconds for STEPS training steps of the network."""
    net = MultiLayerNet(SIZES[0], list(SIZES[1:-1]), SIZES[-1], dtype=DTYPE, seed=0)
    trainer = Trainer(net, x[0], t[0], optimizer="sgd", optimizer_param={"lr": 0.01},
                      verbose=False)
    start = time.perf_counter()
    for step in range(STEPS):
        trainer.train_step(x[step % N_BATCHES], t[step % N_BATCHES])
    elapsed = time.perf_counter() - start
    assert all(p.dtype == DTYPE for p in net.params.values())
    return elapsed


def matmul_steps(x, rng):
    """Seconds for the same matrix products, STEPS times."""
    W1, W2, W3 = (rng.standard_normal((m, n)).astype(DTYPE)
                  for m, n in zip(SIZES[:-1], SIZES[1:]))
    dy = rng.standard_normal((BATCH, SIZES[-1])).astype(DTYPE)
    start = time.perf_counter()
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
    return time.perf_counter() - start


def main():
    rng = np.random.default_rng(0)
    x, t = make_batches(rng)
    network_steps(x, t), matmul_steps(x, rng)  # warm up caches and BLAS threads
    net_times, matmul_times = [], []
    for _ in range(REPEATS):  # interleaved, so both see the same machine load
        net_times.append(network_steps(x, t))
        matmul_times.append(matmul_steps(x, rng))
    net, matmul = statistics.median(net_times), statistics.median(matmul_times)
    print(f"MultiLayerNet {'-'.join(map(str, SIZES))} ReLU, {np.dtype(DTYPE).name}, batch {BATCH}, "
          f"SGD, {STEPS} steps, median of {REPEATS}, "
          f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")
    print(f"  network (Trainer.train_step): {STEPS / net:8.1f} steps/s")
    print(f"  matmul-only lower bound:      {STEPS / matmul:8.1f} steps/s")
    print(f"  ratio net / matmul-only:      {net / matmul:8.2f}x")


if __name__ == "__main__":
    main()
