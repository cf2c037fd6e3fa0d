"""Checks that the notebooks' test cells call, one module per topic:

    from coursekit.checks import activations as check
    check.sigmoid(sigmoid)               # the visible tests
    check.sigmoid(sigmoid, hidden=True)  # the hidden tests, in a hidden block

A failing check raises `CheckFailure` (an AssertionError) whose message names the case, what was
expected, what came back, and a hint.
"""
from .core import Case, CheckFailure, FunctionCheck

__all__ = ["Case", "CheckFailure", "FunctionCheck"]
