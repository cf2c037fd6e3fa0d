"""Mini-batch (미니배치) training loop (the book's ``Trainer``) with a progress bar for terminal and notebook.

One step: take a mini-batch, ``grads = network.gradient(x, t)``,
``optimizer.update(params, grads)``.
Each epoch (에폭) visits the training set in a fresh, seeded random order, in ``N // batch_size`` full
mini-batches (the few left-over samples differ from epoch to epoch), then measures accuracy.
"""

import html
import numbers
import sys
import time
from functools import partial

import numpy as np


def _in_notebook():
    """True inside a Jupyter kernel (an IPython shell attached to a kernel)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return getattr(get_ipython(), "kernel", None) is not None


class _TerminalLine:
    """Redraws one line on a text stream with a carriage return."""

    def __init__(self, stream):
        self.stream = stream
        self.width = 0

    def show(self, text, fraction):
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self):
        self.stream.write("\n")
        self.stream.flush()


class _NotebookDisplay:
    """Updates one notebook output in place (IPython's ``display_id``): an HTML bar and text."""

    def __init__(self):
        from IPython import display

        self.display = display
        self.handle = None

    def show(self, text, fraction):
        bundle = {
            "text/plain": text,
            "text/html": f'<progress value="{fraction:.4f}" max="1" style="width: 20em"></progress>'
                         f" <code>{html.escape(text)}</code>",
        }
        if self.handle is None:
            self.handle = self.display.display(bundle, raw=True, display_id=True)
        else:
            self.handle.update(bundle, raw=True)

    def close(self):
        pass


class ProgressBar:
    """A progress bar over ``total`` steps that redraws itself in place.

    In a notebook it updates one output (IPython ``display_id``); elsewhere one '\\r' line on
    ``stream`` (stderr by default). Redraws at most every ``min_interval`` seconds, and always on
    the last step. ``enabled=False`` makes every call a no-op.
    """

    def __init__(self, total, enabled=True, stream=None, width=24, min_interval=0.1):
        self.total = max(int(total), 1)
        self.width = width
        self.min_interval = min_interval
        self.start = self.last_draw = time.perf_counter()
        self.view = None
        if enabled:
            self.view = (_NotebookDisplay() if _in_notebook()
                         else _TerminalLine(stream or sys.stderr))

    def update(self, done, message="", force=False):
        """Show ``done`` of ``total`` steps followed by ``message``."""
        if self.view is None:
            return
        now = time.perf_counter()
        if not (force or done >= self.total or now - self.last_draw >= self.min_interval):
            return
        self.last_draw = now
        fraction = min(done / self.total, 1.0)
        filled = int(round(fraction * self.width))
        bar = "#" * filled + "-" * (self.width - filled)
        self.view.show(f"[{bar}] {done}/{self.total} {now - self.start:5.1f}s {message}".rstrip(),
                       fraction)

    def close(self):
        """End the line (terminal); the notebook output stays as last drawn."""
        if self.view is not None:
            self.view.close()
            self.view = None


def _checked_pair(name_x, x, name_t, t):
    """x and t as arrays with the same, non-zero number of samples (first axis)."""
    x, t = np.asarray(x), np.asarray(t)
    if x.ndim == 0 or t.ndim == 0:
        raise ValueError(f"Trainer: {name_x} and {name_t} must be arrays of samples, "
                         f"got shapes {x.shape} and {t.shape}")
    if len(x) != len(t):
        raise ValueError(f"Trainer: {name_x} and {name_t} must have the same number of samples, "
                         f"got {np.shape(x)} and {np.shape(t)}")
    if len(x) == 0:
        raise ValueError(f"Trainer: {name_x} is empty")
    return x, t


def _descend(params, grads, lr):
    """Plain gradient descent (경사 하강법, day 6): params[key] -= lr * grads[key], in place."""
    for key in params:
        params[key] -= lr * grads[key]


def _update_rule(optimizer, optimizer_param):
    """The function update(params, grads) of one training step, for Trainer's arguments."""
    if isinstance(optimizer, str):
        if optimizer.lower() != "sgd":
            raise ValueError(f"Trainer: unknown optimizer {optimizer!r}. The one given by name is "
                             "'sgd' (plain gradient descent); pass any other as an object with "
                             "update(params, grads), such as your day-9 class: "
                             "optimizer=Adam(lr=0.001)")
        hyper = {"lr": 0.01} if optimizer_param is None else dict(optimizer_param)
        lr = hyper.pop("lr", 0.01)
        if hyper:
            raise ValueError(f"Trainer: 'sgd' takes only lr in optimizer_param, got {sorted(hyper)}")
        if not isinstance(lr, numbers.Real) or isinstance(lr, bool) or not 0 < lr < np.inf:
            raise ValueError(f"Trainer: the learning rate lr must be a number > 0, got {lr!r}")
        return partial(_descend, lr=lr)
    if not callable(getattr(optimizer, "update", None)):
        raise TypeError(f"Trainer: optimizer must be 'sgd' or have update(params, grads), "
                        f"got {type(optimizer).__name__}")
    if optimizer_param is not None:
        raise ValueError("Trainer: optimizer_param only applies to optimizer='sgd'; give an "
                         "optimizer object its hyper-parameters when you build it")
    return optimizer.update


def _check_count(name, value):
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"Trainer: {name} must be an integer >= 1, got {value!r}")


class Trainer:
    """Train ``network`` with mini-batch gradient descent.

    network: has ``params`` (dict), ``gradient(x, t) -> grads``, ``loss(x, t)`` and
        ``accuracy(x, t)``; ``loss_and_gradient(x, t) -> (loss, grads)`` is used when present to
        save a forward pass.
    x_train: (N, ...), t_train: (N,) labels or (N, C) one-hot; x_val, t_val likewise (optional).
    optimizer: an object with ``update(params, grads)``, such as your day-9 ``Adam(lr=0.001)``,
        or 'sgd': plain gradient descent (day 6), with ``optimizer_param`` {'lr': ...}
        (default {'lr': 0.01}).
    evaluate_sample_num_per_epoch: measure accuracy on only the first k samples of each set.
    seed: seeds the mini-batch order, so a run can be repeated exactly.
    """

    def __init__(self, network, x_train, t_train, x_val=None, t_val=None, epochs=20,
                 batch_size=100, optimizer="sgd", optimizer_param=None,
                 evaluate_sample_num_per_epoch=None, verbose=True, seed=None):
        x_train, t_train = _checked_pair("x_train", x_train, "t_train", t_train)
        if (x_val is None) != (t_val is None):
            raise ValueError("Trainer: give both x_val and t_val, or neither")
        if x_val is not None:
            x_val, t_val = _checked_pair("x_val", x_val, "t_val", t_val)
        _check_count("epochs", epochs)
        _check_count("batch_size", batch_size)
        if evaluate_sample_num_per_epoch is not None:
            _check_count("evaluate_sample_num_per_epoch", evaluate_sample_num_per_epoch)
        self.network = network
        self.x_train, self.t_train = x_train, t_train
        self.x_val, self.t_val = x_val, t_val
        self.epochs = epochs
        self.batch_size = min(batch_size, len(x_train))
        self.steps_per_epoch = len(x_train) // self.batch_size
        self.optimizer = optimizer
        self.update = _update_rule(optimizer, optimizer_param)
        self.evaluate_sample_num = evaluate_sample_num_per_epoch
        self.verbose = verbose
        self.rng = np.random.default_rng(seed)
        self.history = {"train_loss": [], "train_acc": [], "val_acc": []}

    def train_step(self, x_batch, t_batch):
        """One update on a mini-batch; returns the batch loss before the update (a float)."""
        if hasattr(self.network, "loss_and_gradient"):
            loss, grads = self.network.loss_and_gradient(x_batch, t_batch)
        else:
            grads = self.network.gradient(x_batch, t_batch)
            loss = self.network.loss(x_batch, t_batch)
        self.update(self.network.params, grads)
        return float(loss)

    def _accuracy(self, x, t):
        k = self.evaluate_sample_num
        return float(self.network.accuracy(x[:k], t[:k]))

    def _evaluate(self):
        self.history["train_acc"].append(self._accuracy(self.x_train, self.t_train))
        if self.x_val is not None:
            self.history["val_acc"].append(self._accuracy(self.x_val, self.t_val))

    def _epoch_message(self, epoch):
        parts = [f"epoch {epoch}/{self.epochs}", f"loss {self.history['train_loss'][-1]:.4f}"]
        if self.history["train_acc"]:
            parts.append(f"train acc {self.history['train_acc'][-1]:.3f}")
        if self.history["val_acc"]:
            parts.append(f"val acc {self.history['val_acc'][-1]:.3f}")
        return "  ".join(parts)

    def train(self):
        """Run all epochs; return (and keep in ``self.history``) a dict of lists:

        train_loss: one float per step (epochs * steps_per_epoch), the batch loss before its update
        train_acc, val_acc: one float per epoch, measured after it (val_acc empty without x_val)
        """
        self.history = {"train_loss": [], "train_acc": [], "val_acc": []}
        bar = ProgressBar(self.epochs * self.steps_per_epoch, enabled=self.verbose)
        n, size = len(self.x_train), self.batch_size
        step = 0
        for epoch in range(1, self.epochs + 1):
            order = self.rng.permutation(n)
            for i in range(self.steps_per_epoch):
                batch = order[i * size:(i + 1) * size]
                self.history["train_loss"].append(
                    self.train_step(self.x_train[batch], self.t_train[batch]))
                step += 1
                bar.update(step, self._epoch_message(epoch))
            self._evaluate()
            bar.update(step, self._epoch_message(epoch), force=True)
        bar.close()
        return self.history
