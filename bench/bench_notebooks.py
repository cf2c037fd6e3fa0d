"""How long each day's full solution takes to run top to bottom, against the 20 s budget.

Executes every source notebook (or the days named on the command line) with nbclient in a real
`python3` kernel, a few times each, and prints the median seconds per day, its ratio to a baseline
measured in the same run (a one-cell notebook: kernel start-up and shut-down only), and whether it
is under the budget. Exits 1 if a day is over budget or fails to run.

    python bench/bench_notebooks.py [day ...] [--repeat 3] [--budget 20]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from coursekit import cli, notebooks

KERNEL = notebooks.KERNEL_NAME


def run_once(nb: nbformat.NotebookNode, folder: Path) -> float:
    """Seconds to execute a copy of `nb` in a fresh kernel started in `folder`."""
    client = NotebookClient(nbformat.from_dict(nb), kernel_name=KERNEL, timeout=120,
                            resources={"metadata": {"path": str(folder)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def median_seconds(nb: nbformat.NotebookNode, folder: Path, repeat: int) -> float:
    return statistics.median(run_once(nb, folder) for _ in range(repeat))


def baseline_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    nb.metadata.kernelspec = {"name": KERNEL, "display_name": "Python 3 (ipykernel)",
                              "language": "python"}
    return nb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("days", nargs="*", help="day names or prefixes (default: every day)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per notebook (default 3)")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per day (default 20)")
    args = parser.parse_args(argv)

    root = cli.find_root(Path(__file__).parent)
    days = cli.select_days(root, args.days)
    baseline = median_seconds(baseline_notebook(), root, args.repeat)
    print(f"baseline (kernel start + one empty cell): {baseline:.2f} s, median of {args.repeat}")
    print(f"{'day':<24} {'median s':>9} {'x baseline':>11}  budget {args.budget:g} s")
    failed = 0
    for day in days:
        path = notebooks.day_notebook(root / cli.SOURCE / day)
        try:
            seconds = median_seconds(nbformat.read(path, as_version=4), path.parent, args.repeat)
        except CellExecutionError as err:
            failed += 1
            print(f"{day:<24} FAILED to run: {str(err).strip().splitlines()[-1]}")
            continue
        over = seconds > args.budget
        failed += over
        print(f"{day:<24} {seconds:9.2f} {seconds / baseline:11.1f}  {'OVER' if over else 'ok'}",
              flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
