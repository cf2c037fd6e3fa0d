"""Checks that the notebooks' test cells call, one module per topic:

    from coursekit.checks import activations as check
    check.sigmoid(sigmoid)               # the visible tests
    check.sigmoid(sigmoid, hidden=True)  # the hidden tests, in a hidden block

A failing check raises `CheckFailure` (an AssertionError) whose message names the case, what was
expected, what came back, and a hint.
"""
import importlib
import pkgutil

from .core import REGISTRY, Case, CheckFailure, FunctionCheck

__all__ = ["Case", "CheckFailure", "FunctionCheck", "course_checks"]


def course_checks() -> dict:
    """Every check of the course, {"suite.name": check} in registration order: each topic module
    is imported, and checks that other modules (tests) registered are left out."""
    for info in pkgutil.iter_modules(__path__, __name__ + "."):
        importlib.import_module(info.name)
    return {key: check for key, check in REGISTRY.items() if check.suite.startswith(__name__ + ".")}
