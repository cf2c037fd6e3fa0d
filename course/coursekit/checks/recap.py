"""What a notebook's recap cell hands to its checks: the definitions of earlier days that answers
build on (day 2's gates, day 13's layers and Adam).

A recap cell is locked given code, restored by nbgrader before grading, and it ends by
registering its definitions, `check.use_recap(AND=AND, ...)`, which is `Recap.register` of the
check module's recap. A check runs an answer that builds
on the recap with those very objects (a `Recap` mapping among its dependencies), so a recap name
redefined in a later cell, or a slip in one, costs only its own exercise, and the package holds
no copy of an earlier day's answer to stand in for them.
"""
from __future__ import annotations

from collections.abc import Mapping

from .core import CheckFailure

_registered: dict = {}   # suite -> {name: what the recap cell defines under that name}


class Recap(Mapping):
    """The recap definitions `names` of module `suite`, as its recap cell registered them, looked
    up when a check runs; a check run before the recap cell fails with a message that says so."""

    def __init__(self, suite: str, names) -> None:
        self.suite, self.names = suite, tuple(names)

    def __iter__(self):
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, name) -> bool:  # without looking the definition up
        return name in self.names

    def register(self, **given) -> None:
        """Store the recap cell's definitions `given`, exactly `names`, all callable; the recap
        cell ends with this call, as `check.use_recap(...)`."""
        missing = [name for name in self.names if name not in given]
        unknown = sorted(set(given) - set(self.names))
        if missing or unknown:
            raise TypeError(f"use_recap takes {', '.join(self.names)} by name; "
                            f"missing: {', '.join(missing) or 'none'}; "
                            f"unknown: {', '.join(unknown) or 'none'}")
        not_callable = [name for name, value in given.items() if not callable(value)]
        if not_callable:
            raise TypeError(f"use_recap: {', '.join(not_callable)} must be a class or a function")
        _registered[self.suite] = dict(given)

    def __getitem__(self, name: str):
        if name not in self.names:
            raise KeyError(name)
        given = _registered.get(self.suite, {})
        if name not in given:
            raise CheckFailure(f"The checks of this notebook run your answers with what the recap "
                               f"cell defines ({', '.join(self.names)}). Run the recap cell "
                               "first, then this cell again.")
        return given[name]
