"""Grading a class: plain serial `nbgrader autograde` vs the hardened pipeline in parallel.

    python bench/bench_grading.py [--students 40] [--jobs 2 1] [--day day03_activations]

Throwaway course folders get the same day and the same honest submissions (the source
notebook, i.e. the full solution, submitted by every student). The baseline folder's
nbgrader_config.py is the course's without the hardened-autograder block, so `nbgrader autograde`
there is nbgrader as shipped: one process, one student after another, kernels unsandboxed,
verdicts decided in the student's kernel. One more folder for each N of --jobs is graded by
`coursekit grade --jobs N --no-feedback`: warm sandboxed kernels, verdicts from evidence,
integrity analysis, N workers, the report and the grades CSV.

All are measured here, on the same machine, in two halves ordered plain, --jobs 2, --jobs 1,
--jobs 1, --jobs 2, plain (each half grades half of the students, new ones each time), so that a
change in the machine's load during the run weighs on all alike; each pipeline pays its start-up
twice. The script prints the total wall-clock times, the ratios to plain nbgrader, the median
time per student inside a hardened worker and the kernels' peak resident memory (which counts
the pages a warm kernel shares with its fork server), and checks that every student got the same
autograded score from every run.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coursekit import cli

REPO = Path(__file__).resolve().parent.parent
# The console script: `python -m coursekit.cli` would load coursekit.cli twice.
COURSEKIT = str(Path(sys.executable).parent / "coursekit")

HARDENED_MARK = "# --- the hardened autograder"


def make_course(folder: Path, day: str, plain: bool, figures: bool = False) -> Path:
    folder.mkdir(parents=True)
    config = (REPO / cli.CONFIG_FILE).read_text()
    if plain:
        if HARDENED_MARK not in config:
            sys.exit(f"cannot find '{HARDENED_MARK}' in {cli.CONFIG_FILE} to make a plain copy")
        config = config.split(HARDENED_MARK)[0]
    elif figures:
        config += "\nc.Sandbox.render_figures = True\n"
    (folder / cli.CONFIG_FILE).write_text(config)
    shutil.copytree(REPO / cli.SOURCE / day, folder / cli.SOURCE / day,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    cli.run_nbgrader(["generate_assignment", day, "--force"], folder)
    return folder


def submit(folder: Path, day: str, students: range) -> None:
    """Each student submits the source notebook (the full solution)."""
    notebook = next((folder / cli.SOURCE / day).glob("*.ipynb"))
    for i in students:
        target = folder / "autograder" / "submitted" / f"student{i:03d}" / day
        target.mkdir(parents=True)
        shutil.copy2(notebook, target / notebook.name)


def autograded_scores(folder: Path, day: str) -> dict:
    from nbgrader.api import Gradebook

    from coursekit.grading.parallel import load_config

    settings = load_config(folder).CourseDirectory
    with Gradebook(settings.db_url, settings.course_id) as gb:
        return {s.student_id: sum(g.score for nb in s.notebooks for g in nb.grades
                                  if g.cell.cell_type == "code")
                for s in gb.assignment_submissions(day)}


def timed(command: list, cwd: Path) -> tuple:
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, env=cli.tool_env(), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return time.monotonic() - started, result.stdout


def per_student_seconds(log: str) -> list:
    """The "(12.3 s)" of each student line `coursekit grade` printed."""
    return [float(line.rsplit("(", 1)[1].split(" s)")[0]) for line in log.splitlines()
            if ": ok (" in line]


def kernel_peaks_mb(log: str) -> list:
    """The median and max of "kernel peak memory  median 160 MB, max 170 MB" in a summary."""
    for line in log.splitlines():
        if line.strip().startswith("kernel peak memory"):
            return [float(word) for word in line.replace(",", " ").split() if word.isdigit()]
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, nargs="+", default=[2, 1])
    parser.add_argument("--day", default="day03_activations")
    parser.add_argument("--figures", action="store_true",
                        help="hardened kernels draw figures too (Sandbox.render_figures)")
    args = parser.parse_args()
    half = args.students // 2
    halves = [range(0, half), range(half, args.students)]
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        plain = make_course(Path(tmp) / "plain", args.day, plain=True)
        hardened = {jobs: make_course(Path(tmp) / f"jobs{jobs}", args.day, plain=False,
                                      figures=args.figures) for jobs in args.jobs}
        order = [f"--jobs {j}" for j in args.jobs]
        print(f"{args.students} honest submissions of {args.day}, in two halves (plain, "
              f"{', '.join(order)}, {', '.join(reversed(order))}, plain); hardened kernels "
              f"{'draw' if args.figures else 'do not draw'} figures")
        runs = [(plain, [sys.executable, "-m", "nbgrader", "autograde", args.day], None)]
        runs += [(hardened[j], [COURSEKIT, "grade", args.day, "--jobs", str(j), "--no-feedback"],
                  j) for j in args.jobs]
        seconds = {jobs: 0.0 for _, _, jobs in runs}
        logs = {jobs: [] for _, _, jobs in runs}
        for students, ordered in [(halves[0], runs), (halves[1], runs[::-1])]:
            for folder, command, jobs in ordered:
                submit(folder, args.day, students)
                took, log = timed(command, folder)
                seconds[jobs] += took
                logs[jobs].append(log)
        print(f"plain nbgrader autograde, serial:   {seconds[None]:7.1f} s")
        same = True
        for jobs in args.jobs:
            per_student = per_student_seconds("\n".join(logs[jobs]))
            peaks = [kernel_peaks_mb(log) for log in logs[jobs]]
            memory = (f", kernel peak memory median {max(p[0] for p in peaks):.0f} MB, max "
                      f"{max(p[-1] for p in peaks):.0f} MB" if all(peaks) else "")
            aim = 3.0 if jobs >= 2 else 1.5
            print(f"coursekit grade --jobs {jobs}:          {seconds[jobs]:7.1f} s  "
                  f"(median {statistics.median(per_student):.1f} s per student in a worker"
                  f"{memory})")
            print(f"  ratio plain / --jobs {jobs}:           {seconds[None] / seconds[jobs]:7.2f}x "
                  f"(aim: at least {aim}x)")
            same = same and autograded_scores(plain, args.day) == \
                autograded_scores(hardened[jobs], args.day)
        print(f"same autograded scores in every run: {'yes' if same else 'NO'}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
