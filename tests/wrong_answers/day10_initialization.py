"""One typical wrong answer per exercise of day 10, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_initialization.py checks that each one fails its own check.
"""

WRONG_ANSWERS = {
    "layer_activations": '''def layer_activations(x, weights, activation):
    """The outputs of every layer of a fully connected net without biases."""
    return [activation(x @ W) for W in weights]  # wrong: every layer is fed x, not the layer before
''',
    "xavier_normal": '''def xavier_normal(fan_in, fan_out, rng):
    """Xavier (Glorot) weights: shape (fan_in, fan_out), N(0, 2 / (fan_in + fan_out))."""
    std = 1 / np.sqrt(fan_in)  # wrong: the book's simplified rule, not Glorot's
    return rng.normal(0.0, std, size=(fan_in, fan_out))
''',
    "he_normal": '''def he_normal(fan_in, fan_out, rng):
    """He weights for ReLU layers: shape (fan_in, fan_out), N(0, 2 / fan_in)."""
    return rng.normal(0.0, 2.0 / fan_in, size=(fan_in, fan_out))  # wrong: the variance as scale
''',
    "init_params": '''def init_params(layer_sizes, activation, rng):
    """Initial parameters of a fully connected net with the given layer sizes."""
    params = {}
    for k in range(1, len(layer_sizes)):
        # wrong: He weights whatever the activation
        params[f"W{k}"] = he_normal(layer_sizes[k - 1], layer_sizes[k], rng)
        params[f"b{k}"] = np.zeros(layer_sizes[k])
    return params
''',
}
