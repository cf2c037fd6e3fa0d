"""SandboxedExecute's own rules that the hostile suite does not time: each cell's timeout is the
smaller of Execute.timeout and what is left of the notebook's wall-clock budget."""
from __future__ import annotations

import time

import pytest

from coursekit.grading.execute import SandboxedExecute


@pytest.mark.parametrize("timeout, left, expected", [
    (60, 500.5, 60),    # plenty of budget left: the cell's own limit
    (60, 5.5, 5),       # the notebook's budget runs out first
    (None, 5.5, 5),     # no cell limit: the budget alone
    (-1, 30.5, 30),     # nbclient's "no timeout"
    (60, -3.0, 1),      # budget spent: a last second, never zero (zero means no limit)
])
def test_cell_timeout_is_the_cell_limit_within_the_notebook_budget(timeout, left, expected):
    execute = SandboxedExecute(timeout=timeout)
    execute._deadline = time.monotonic() + left
    assert execute.cell_timeout(None) == expected
