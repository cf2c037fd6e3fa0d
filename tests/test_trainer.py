"""Tests for coursekit.trainer: mini-batch schedule, history, optimizers, progress output, and the
acceptance run (MultiLayerNet on the digits reaches 95% test accuracy)."""

from functools import partial

import numpy as np
import pytest

from coursekit import trainer as trainer_module
from coursekit.data import load_digits, spirals
from coursekit.network import MultiLayerNet
from coursekit.trainer import ProgressBar, Trainer
from coursekit_key.answers.batchnorm import BatchNormalization
from coursekit_key.answers.layers import LAYER_CLASSES
from coursekit_key.answers.optimizers import SGD, Adam

Net = partial(MultiLayerNet, layer_classes=LAYER_CLASSES)


class RecordingNet:
    """A book-style network (no loss_and_gradient) that records what the trainer feeds it.

    Its loss is the mean of the batch's first feature, its accuracy the evaluated set's size.
    """

    def __init__(self):
        self.params = {"w": np.zeros(1)}
        self.batches, self.evaluated = [], []

    def gradient(self, x, t):
        self.batches.append(x[:, 0].astype(int).copy())
        return {"w": np.ones(1)}

    def loss(self, x, t):
        return float(np.mean(x[:, 0]))

    def accuracy(self, x, t):
        self.evaluated.append(len(x))
        return len(x) / 1000


def index_data(n):
    """x whose first column is each sample's index, so batches reveal which samples they hold."""
    x = np.column_stack([np.arange(n), np.zeros(n)]).astype(float)
    return x, np.zeros(n, dtype=np.int64)


def quiet_trainer(net, x, t, **options):
    return Trainer(net, x, t, verbose=False, **options)


# --- schedule and history ----------------------------------------------------------------------

def test_each_epoch_is_a_fresh_permutation_of_full_batches():
    x, t = index_data(23)
    net = RecordingNet()
    quiet_trainer(net, x, t, epochs=3, batch_size=5, seed=0).train()
    assert len(net.batches) == 3 * 4  # 23 // 5 full batches per epoch
    epochs = [np.concatenate(net.batches[4 * e:4 * e + 4]) for e in range(3)]
    for seen in epochs:
        assert len(seen) == 20 and len(set(seen)) == 20  # no sample twice in an epoch
    assert not all(np.array_equal(epochs[0], other) for other in epochs[1:])


def test_history_has_a_loss_per_step_and_accuracies_per_epoch():
    x, t = index_data(30)
    net = RecordingNet()
    history = quiet_trainer(net, x, t, x_val=x[:7], t_val=t[:7], epochs=4, batch_size=10,
                            seed=1).train()
    assert len(history["train_loss"]) == 4 * 3
    assert history["train_acc"] == [30 / 1000] * 4
    assert history["val_acc"] == [7 / 1000] * 4
    # the recorded loss is the loss of the batch used for that step
    assert history["train_loss"][0] == pytest.approx(np.mean(net.batches[0]))


def test_history_is_kept_on_the_trainer_and_val_acc_empty_without_validation():
    x, t = index_data(10)
    trainer = quiet_trainer(RecordingNet(), x, t, epochs=2, batch_size=5)
    history = trainer.train()
    assert trainer.history is history
    assert history["val_acc"] == []


def test_evaluate_sample_num_uses_the_first_samples():
    x, t = index_data(50)
    net = RecordingNet()
    quiet_trainer(net, x, t, x_val=x, t_val=t, epochs=2, batch_size=10,
                  evaluate_sample_num_per_epoch=12).train()
    assert net.evaluated == [12, 12, 12, 12]


def test_batch_size_larger_than_the_data_uses_all_of_it():
    x, t = index_data(7)
    net = RecordingNet()
    quiet_trainer(net, x, t, epochs=2, batch_size=100).train()
    assert [sorted(b) for b in net.batches] == [list(range(7))] * 2


def test_same_seed_repeats_a_run_exactly_and_another_seed_does_not():
    x, t = spirals(30, seed=0)

    def run(seed):
        net = Net(2, [10], 3, seed=0)
        return quiet_trainer(net, x, t, epochs=2, batch_size=10, seed=seed,
                             optimizer_param={"lr": 0.1}).train()["train_loss"]

    assert run(5) == run(5)
    assert run(5) != run(6)


# --- optimizers --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["sgd", "SGD"])
def test_sgd_by_name_is_plain_gradient_descent_with_its_learning_rate(name):
    x, t = index_data(10)
    net = RecordingNet()
    quiet_trainer(net, x, t, optimizer=name, optimizer_param={"lr": 0.3}, epochs=1,
                  batch_size=5).train()
    np.testing.assert_allclose(net.params["w"], [-0.3 * 2])  # two steps of w -= 0.3 * 1


def test_default_optimizer_is_sgd_with_lr_001():
    x, t = index_data(10)
    net = RecordingNet()
    quiet_trainer(net, x, t, epochs=1, batch_size=5).train()
    np.testing.assert_allclose(net.params["w"], [-0.01 * 2])


def test_the_built_in_step_is_in_place_so_the_layers_see_it():
    x, t = spirals(20, seed=0)
    net = Net(2, [8], 3, seed=0)
    held = net.params["W1"]
    before = held.copy()
    quiet_trainer(net, x, t, epochs=1, batch_size=10, optimizer_param={"lr": 0.1}).train()
    assert net.params["W1"] is held and not np.array_equal(held, before)



def test_an_optimizer_instance_is_used_as_is():
    x, t = index_data(10)
    optimizer = SGD(lr=0.5)
    net = RecordingNet()
    quiet_trainer(net, x, t, optimizer=optimizer, epochs=1, batch_size=5).train()
    np.testing.assert_allclose(net.params["w"], [-0.5 * 2])  # two steps of w -= 0.5 * 1


@pytest.mark.parametrize("options, error, message", [
    ({"optimizer": "adadelta"}, ValueError, "adadelta"),
    ({"optimizer": "adam"}, ValueError, r"'adam'.*optimizer=Adam\(lr=0.001\)"),
    ({"optimizer_param": {"lr": 0.1, "momentum": 0.9}}, ValueError, r"only lr.*\['momentum'\]"),
    ({"optimizer_param": {"lr": -1}}, ValueError, "lr must be a number > 0"),
    ({"optimizer": object()}, TypeError, "optimizer"),
    ({"optimizer": SGD(), "optimizer_param": {"lr": 1.0}}, ValueError, "optimizer_param"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"batch_size": 2.5}, ValueError, "batch_size"),
    ({"x_val": np.zeros((3, 2))}, ValueError, "t_val"),
    ({"x_val": np.zeros((3, 2)), "t_val": np.zeros(4)}, ValueError, "x_val"),
])
def test_bad_arguments_are_rejected(options, error, message):
    x, t = index_data(10)
    with pytest.raises(error, match=message):
        quiet_trainer(RecordingNet(), x, t, **options)


def test_mismatched_training_data_is_rejected():
    with pytest.raises(ValueError, match=r"x_train and t_train .* \(5, 2\) and \(4,\)"):
        Trainer(RecordingNet(), np.zeros((5, 2)), np.zeros(4))
    with pytest.raises(ValueError, match=r"x_train and t_train must be arrays .* \(\) and \(4,\)"):
        Trainer(RecordingNet(), 3.0, np.zeros(4))
    with pytest.raises(ValueError, match="x_train is empty"):
        Trainer(RecordingNet(), np.zeros((0, 2)), np.zeros(0))


# --- training real networks --------------------------------------------------------------------

def test_training_lowers_the_loss_on_spirals():
    x, t = spirals(100, seed=0)
    net = Net(2, [50], 3, seed=0)
    history = quiet_trainer(net, x, t, epochs=30, batch_size=30, optimizer=Adam(lr=0.01),
                            seed=0).train()
    losses = history["train_loss"]
    assert np.mean(losses[-10:]) < 0.5 * np.mean(losses[:10])
    assert history["train_acc"][-1] > 0.9


def test_float32_network_stays_float32_through_training():
    x, t = spirals(20, seed=0)
    net = Net(2, [8], 3, use_batchnorm=BatchNormalization, dtype=np.float32, seed=0)
    quiet_trainer(net, x, t, epochs=2, batch_size=10, optimizer=Adam(lr=0.01)).train()
    assert {p.dtype for p in net.params.values()} == {np.dtype(np.float32)}


def test_acceptance_digits_reach_95_percent_test_accuracy():
    """The course's capstone target: a small MLP on the 8x8 digits, trained in about a second."""
    (x_train, t_train), (x_test, t_test) = load_digits()
    net = Net(64, [100, 100], 10, dtype=np.float32, seed=0)
    history = quiet_trainer(net, x_train, t_train, x_val=x_test, t_val=t_test, epochs=15,
                            batch_size=50, optimizer=Adam(lr=0.005), seed=0).train()
    assert net.accuracy(x_test, t_test) >= 0.95
    assert history["val_acc"][-1] == net.accuracy(x_test, t_test)


# --- progress output ---------------------------------------------------------------------------

def test_verbose_false_prints_nothing(capsys):
    x, t = index_data(20)
    quiet_trainer(RecordingNet(), x, t, epochs=2, batch_size=5).train()
    assert capsys.readouterr() == ("", "")


def test_terminal_progress_is_one_carriage_return_line_on_stderr(capsys, monkeypatch):
    monkeypatch.setattr(trainer_module, "_in_notebook", lambda: False)
    x, t = index_data(20)
    Trainer(RecordingNet(), x, t, x_val=x, t_val=t, epochs=2, batch_size=5).train()
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("\r") and err.endswith("\n") and err.count("\n") == 1
    last = err.rstrip("\n").split("\r")[-1]
    assert "8/8" in last and "epoch 2/2" in last and "val acc 0.020" in last


class FakeHandle:
    def __init__(self, calls):
        self.calls = calls

    def update(self, bundle, raw):
        self.calls.append(("update", bundle))


def test_notebook_progress_updates_one_display_in_place(capsys, monkeypatch):
    import IPython.display

    calls = []

    def fake_display(bundle, raw, display_id):
        assert raw and display_id is True
        calls.append(("display", bundle))
        return FakeHandle(calls)

    monkeypatch.setattr(trainer_module, "_in_notebook", lambda: True)
    monkeypatch.setattr(IPython.display, "display", fake_display)
    x, t = index_data(20)
    Trainer(RecordingNet(), x, t, epochs=2, batch_size=5).train()
    assert calls[0][0] == "display"
    assert [kind for kind, _ in calls[1:]] == ["update"] * (len(calls) - 1)
    final = calls[-1][1]
    assert "8/8" in final["text/plain"] and 'value="1.0000"' in final["text/html"]
    assert capsys.readouterr() == ("", "")


def test_progress_bar_redraws_at_most_every_min_interval(monkeypatch):
    monkeypatch.setattr(trainer_module, "_in_notebook", lambda: False)
    lines = []

    class Stream:
        def write(self, text):
            lines.append(text)

        def flush(self):
            pass

    bar = ProgressBar(100, stream=Stream(), min_interval=3600)
    for step in range(1, 101):
        bar.update(step, "working")
    bar.close()
    drawn = [s for s in lines if s.startswith("\r")]
    assert len(drawn) == 1 and "100/100" in drawn[0]
    assert "[" + "#" * 24 + "]" in drawn[0]
