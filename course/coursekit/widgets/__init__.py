"""Interactive explorers for the day notebooks; each call returns an ipywidgets widget.

    from coursekit.widgets import activation_explorer
    activation_explorer()          # as a cell's last expression, it renders itself

Every explorer redraws one matplotlib figure in place (see ``base``) and keeps what it plotted
as attributes, so tests can check the numbers without a browser.
"""

from .activation import ActivationExplorer, activation_explorer
from .descent import (LearningRateExplorer, OptimizerExplorer, learning_rate_explorer,
                      optimizer_explorer)
from .initialization import InitExplorer, init_explorer
from .loss import LossExplorer, loss_explorer
from .perceptron import PerceptronExplorer, XorExplorer, perceptron_explorer, xor_explorer

__all__ = [
    "ActivationExplorer", "activation_explorer",
    "PerceptronExplorer", "perceptron_explorer",
    "XorExplorer", "xor_explorer",
    "LearningRateExplorer", "learning_rate_explorer",
    "OptimizerExplorer", "optimizer_explorer",
    "InitExplorer", "init_explorer",
    "LossExplorer", "loss_explorer",
]
