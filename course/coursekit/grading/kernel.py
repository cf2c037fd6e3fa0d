"""The grading kernel: an IPython kernel with resource limits and the evidence recorder armed.

    python -m coursekit.grading.kernel --memory-mb=2048 --cpu-cell=60 --cpu-notebook=300 \
        --processes=64 --file-mb=64 -f connection.json [ipykernel options]

Runs inside the sandbox (see `sandbox`). Before any student code, it sets the limits, imports
the check machinery so that the recorder binds the functions it uses, and binds the display
publisher the evidence goes through. Before each cell it lowers the soft CPU limit to what the
kernel has used so far plus one cell's budget, so one cell cannot take the whole notebook's share;
the hard limit is the notebook's. Past a soft limit the kernel receives SIGXCPU and dies, and the
grader reports it.
"""
from __future__ import annotations

import argparse
import resource
import sys

MIB = 2**20


def parse(argv: list) -> tuple:
    parser = argparse.ArgumentParser(prog="coursekit.grading.kernel", add_help=False)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-cell", type=int, required=True)
    parser.add_argument("--cpu-notebook", type=int, required=True)
    parser.add_argument("--processes", type=int, required=True)
    parser.add_argument("--file-mb", type=int, required=True)
    return parser.parse_known_args(argv)


def set_limits(limits: argparse.Namespace) -> None:
    for name, value in [("RLIMIT_AS", limits.memory_mb * MIB),
                        ("RLIMIT_CPU", limits.cpu_notebook),
                        ("RLIMIT_NPROC", limits.processes),
                        ("RLIMIT_FSIZE", limits.file_mb * MIB),
                        ("RLIMIT_CORE", 0)]:
        which = getattr(resource, name)
        _, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, value))


def cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cell_budget(seconds: int):
    """A pre_run_cell hook: the next cell may use `seconds` more CPU seconds."""
    def before_cell(*_):
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        soft = int(cpu_used()) + seconds + 1
        resource.setrlimit(resource.RLIMIT_CPU, (min(soft, hard), hard))
    return before_cell


def main(argv: list) -> None:
    limits, rest = parse(argv)
    set_limits(limits)
    from ..checks import core, evidence  # noqa: F401 (bind the recorder before student code)
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(rest)
    evidence.arm()
    app.shell.events.register("pre_run_cell", cell_budget(limits.cpu_cell))
    app.start()


if __name__ == "__main__":
    main(sys.argv[1:])
