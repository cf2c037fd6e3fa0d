"""Tests for the reference optimizers (coursekit_key.answers.optimizers): hand-computed steps,
convergence, in-place updates, errors."""

import numpy as np
import pytest

from coursekit_key.answers.optimizers import (
    SGD,
    Optimizer,
    AdaGrad,
    Adam,
    Momentum,
    Nesterov,
    RMSprop,
)

OPTIMIZERS = {cls.__name__.lower(): cls for cls in (SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam)}


def make_optimizer(name, **hyper):
    return OPTIMIZERS[name](**hyper)


def optimizer_id(value):
    """Test ids: an optimizer's class name; other parameters keep pytest's default id."""
    return type(value).__name__ if isinstance(value, Optimizer) else None


def run_steps(optimizer, grads, w0=1.0):
    """Apply updates with the given scalar gradients to w = [w0]; return w after each step."""
    params = {"w": np.array([w0])}
    history = []
    for g in grads:
        optimizer.update(params, {"w": np.array([g])})
        history.append(params["w"][0])
    return history


# Two steps from w = 1 with lr = 0.1, worked by hand (eps = 0 where the rule has one):
HAND_COMPUTED = [
    # w1 = 1 - 0.1*0.5 = 0.95; w2 = 0.95 - 0.05
    (SGD(lr=0.1), [0.5, 0.5], [0.95, 0.9]),
    # v1 = -0.05, w1 = 0.95; v2 = 0.9*(-0.05) - 0.05 = -0.095, w2 = 0.855
    (Momentum(lr=0.1, momentum=0.9), [0.5, 0.5], [0.95, 0.855]),
    # w1 = 1 - 0.9*0 + 1.9*(-0.05) = 0.905; w2 = 0.905 + 0.9*0.05 + 1.9*(-0.095) = 0.7695
    (Nesterov(lr=0.1, momentum=0.9), [0.5, 0.5], [0.905, 0.7695]),
    # h1 = 0.25, w1 = 1 - 0.1*0.5/0.5 = 0.9; h2 = 0.5, w2 = 0.9 - 0.05/sqrt(0.5)
    (AdaGrad(lr=0.1, eps=0.0), [0.5, 0.5], [0.9, 0.8292893218813453]),
    # h1 = 0.1*0.25 = 0.025, w1 = 1 - 0.05/sqrt(0.025) = 1 - 1/sqrt(10);
    # h2 = 0.9*0.025 + 0.025 = 0.0475, w2 = w1 - 0.05/sqrt(0.0475)
    (RMSprop(lr=0.1, decay_rate=0.9, eps=0.0), [0.5, 0.5], [0.683772233983162, 0.4543565001126002]),
    # m1 = 0.05, v1 = 0.00025, m_hat = 0.5, v_hat = 0.25: w1 = 1 - 0.1 = 0.9;
    # m2 = 0.07, v2 = 0.00031225, m_hat = 0.07/0.19, v_hat = 0.00031225/0.001999
    (Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=0.0), [0.5, 0.25], [0.9, 0.8067820361188597]),
]


@pytest.mark.parametrize(
    "optimizer, grads, expected", HAND_COMPUTED, ids=optimizer_id)
def test_first_steps_match_hand_computation(optimizer, grads, expected):
    np.testing.assert_allclose(run_steps(optimizer, grads), expected, rtol=1e-14)


def test_nesterov_follows_the_original_look_ahead_rule():
    # Sutskever et al. (2013): v = mu v - lr grad(w + mu v); w += v, the gradient taken at the
    # look-ahead point. The class only ever sees the gradient at its params, which are that
    # look-ahead point w + mu v, so both must trace the same path on the book's bowl.
    lr, mu = 0.1, 0.9
    w, v = np.array([-7.0, 2.0]), np.zeros(2)
    params = {"xy": w + mu * v}
    nesterov = Nesterov(lr=lr, momentum=mu)
    for _ in range(25):
        v = mu * v - lr * bowl_gradient(w + mu * v)
        w = w + v
        nesterov.update(params, {"xy": bowl_gradient(params["xy"])})
        np.testing.assert_allclose(params["xy"], w + mu * v, rtol=1e-12, atol=1e-15)


def test_adam_matches_algorithm_1_of_the_paper_written_out():
    # Kingma & Ba (2015), Algorithm 1, with its bias-corrected m_hat and v_hat, step by step.
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    w, m, v = np.array([-7.0, 2.0]), np.zeros(2), np.zeros(2)
    params = {"xy": w.copy()}
    adam = Adam(lr=lr, beta1=b1, beta2=b2, eps=eps)
    for t in range(1, 31):
        g = bowl_gradient(w)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g ** 2
        w = w - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
        adam.update(params, {"xy": bowl_gradient(params["xy"])})
        np.testing.assert_allclose(params["xy"], w, rtol=1e-12)


def test_defaults_are_the_usual_ones():
    assert SGD().lr == 0.01
    assert (Momentum().lr, Momentum().momentum) == (0.01, 0.9)
    assert (Nesterov().lr, Nesterov().momentum) == (0.01, 0.9)
    assert (AdaGrad().lr, AdaGrad().eps) == (0.01, 1e-8)
    assert (RMSprop().lr, RMSprop().decay_rate, RMSprop().eps) == (0.01, 0.99, 1e-8)
    adam = Adam()
    assert (adam.lr, adam.beta1, adam.beta2, adam.eps) == (0.001, 0.9, 0.999, 1e-8)


def test_adam_first_step_is_lr_times_sign_whatever_the_magnitude():
    # Bias correction makes m_hat = g and v_hat = g**2 on step 1.
    params = {"w": np.zeros(4)}
    Adam(lr=0.01, eps=0.0).update(params, {"w": np.array([1e-6, -3.0, 250.0, -1e4])})
    np.testing.assert_allclose(params["w"], [-0.01, 0.01, -0.01, 0.01], rtol=1e-14)


def test_adam_counts_steps_per_key():
    adam = Adam(lr=0.1, eps=0.0)
    params = {"a": np.array([1.0]), "b": np.array([1.0])}
    adam.update(params, {"a": np.array([0.5]), "b": np.array([0.5])})
    adam.update({"a": params["a"]}, {"a": np.array([0.25])})
    adam.update({"b": params["b"]}, {"b": np.array([0.25])})
    # b's second step is its own step 2, with the same numbers as a's
    assert params["a"][0] == params["b"][0] == pytest.approx(0.8067820361188597, rel=1e-14)
    assert adam.t == {"a": 2, "b": 2}


@pytest.mark.parametrize("optimizer", [AdaGrad(), RMSprop(), Adam()], ids=optimizer_id)
def test_eps_keeps_a_zero_gradient_finite(optimizer):
    params = {"w": np.array([1.0, -2.0])}
    optimizer.update(params, {"w": np.zeros(2)})
    np.testing.assert_array_equal(params["w"], [1.0, -2.0])


@pytest.mark.parametrize("optimizer, root", [
    (AdaGrad(lr=1.0, eps=0.5), 2.0),                   # sqrt(h) = sqrt(4)
    (RMSprop(lr=1.0, decay_rate=0.75, eps=0.5), 1.0),  # sqrt(h) = sqrt(0.25 * 4)
    (Adam(lr=1.0, eps=0.5), 2.0),                      # sqrt(v_hat) = sqrt(4)
], ids=optimizer_id)
def test_eps_is_added_after_the_square_root(optimizer, root):
    # g = 2: the step is lr * 2 / (root + eps); with eps under the root: 2 / sqrt(root**2 + eps)
    assert run_steps(optimizer, [2.0], w0=0.0) == [pytest.approx(-2.0 / (root + 0.5), rel=1e-14)]


# The book's bowl f(x, y) = x**2 / 20 + y**2: 20x flatter along x than along y.
def bowl_gradient(p):
    return np.array([p[0] / 10, 2 * p[1]])


@pytest.mark.parametrize("optimizer", [
    SGD(lr=0.95), Momentum(lr=0.1), Nesterov(lr=0.1),
    AdaGrad(lr=1.5), RMSprop(lr=0.1), Adam(lr=0.3),
], ids=optimizer_id)
def test_every_optimizer_reaches_the_bowl_minimum(optimizer):
    params = {"xy": np.array([-7.0, 2.0])}
    for _ in range(300):
        optimizer.update(params, {"xy": bowl_gradient(params["xy"])})
    np.testing.assert_allclose(params["xy"], [0.0, 0.0], atol=1e-5)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_update_is_in_place_and_keeps_the_array(name):
    W = np.ones((2, 3))
    params = {"W": W}
    make_optimizer(name, lr=0.1).update(params, {"W": np.full((2, 3), 0.5)})
    assert params["W"] is W
    assert np.all(W < 1.0)


@pytest.mark.parametrize("name", OPTIMIZERS)
@pytest.mark.parametrize("grad_dtype", [np.float32, np.float64])
def test_float32_parameters_stay_float32(name, grad_dtype):
    optimizer = make_optimizer(name, lr=0.1)
    params = {"W": np.ones(3, dtype=np.float32)}
    for _ in range(3):
        optimizer.update(params, {"W": np.full(3, 0.5, dtype=grad_dtype)})
    assert params["W"].dtype == np.float32
    assert np.all(params["W"] < 1.0)


@pytest.mark.parametrize("name", ["momentum", "nesterov", "adagrad", "rmsprop", "adam"])
def test_state_is_kept_per_key(name):
    # Two keys with the same history must follow the same path, whatever the other key did.
    optimizer = make_optimizer(name, lr=0.1)
    params = {"a": np.array([1.0]), "b": np.array([1.0]), "c": np.array([1.0])}
    optimizer.update(params, {"a": np.array([0.5]), "b": np.array([0.5]), "c": np.array([-3.0])})
    optimizer.update(params, {"a": np.array([0.2]), "b": np.array([0.2]), "c": np.array([9.0])})
    fresh = run_steps(make_optimizer(name, lr=0.1), [0.5, 0.2])
    assert params["a"][0] == params["b"][0] == pytest.approx(fresh[-1], rel=1e-14)
    assert params["c"][0] != params["a"][0]


def test_state_is_created_lazily_on_first_update():
    momentum = Momentum()
    assert momentum.v == {}
    momentum.update({"W": np.ones(2)}, {"W": np.ones(2)})
    assert list(momentum.v) == ["W"]


def test_extra_gradients_are_ignored():
    params = {"W": np.ones(2)}
    SGD(lr=0.5).update(params, {"W": np.ones(2), "frozen": np.ones(7)})
    np.testing.assert_array_equal(params["W"], [0.5, 0.5])


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_missing_gradient_is_a_clear_error(name):
    with pytest.raises(ValueError, match=r"grads has no entry for params\['b1'\]"):
        make_optimizer(name).update({"W1": np.ones(2), "b1": np.ones(2)}, {"W1": np.ones(2)})


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_shape_mismatch_is_a_clear_error(name):
    with pytest.raises(ValueError, match=r"grads\['W1'\] has shape \(3, 2\).*\(2, 3\)"):
        make_optimizer(name).update({"W1": np.ones((2, 3))}, {"W1": np.ones((3, 2))})


@pytest.mark.parametrize("params, grads, message", [
    ([np.ones(2)], {"W": np.ones(2)}, "params must be a dict"),
    ({"W": np.ones(2)}, (np.ones(2),), "grads must be a dict"),
])
def test_update_needs_dicts(params, grads, message):
    with pytest.raises(TypeError, match=rf"^SGD.update: {message}.*got (list|tuple)"):
        SGD().update(params, grads)


def test_parameters_must_be_float_arrays():
    with pytest.raises(TypeError, match=r"params\['W'\].*float ndarray"):
        SGD().update({"W": [1.0, 2.0]}, {"W": np.ones(2)})
    with pytest.raises(TypeError, match=r"params\['W'\].*int"):
        SGD().update({"W": np.ones(2, dtype=int)}, {"W": np.ones(2)})


@pytest.mark.parametrize("make, message", [
    (lambda: SGD(lr=0), "lr"),
    (lambda: SGD(lr=-0.1), "lr"),
    (lambda: Momentum(momentum=1.0), "momentum"),
    (lambda: Nesterov(momentum=-0.1), "momentum"),
    (lambda: AdaGrad(eps=-1e-8), "eps"),
    (lambda: RMSprop(decay_rate=1.0), "decay_rate"),
    (lambda: Adam(beta1=1.0), "beta1"),
    (lambda: Adam(beta2=1.5), "beta2"),
])
def test_bad_hyper_parameters_are_rejected(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("make", [lambda: SGD(lr="0.1"), lambda: Adam(beta1=None),
                                  lambda: RMSprop(decay_rate=True)])
def test_hyper_parameters_must_be_numbers(make):
    with pytest.raises(TypeError, match="must be a real number"):
        make()
