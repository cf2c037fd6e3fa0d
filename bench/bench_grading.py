"""Grading a class: plain serial `nbgrader autograde` vs the hardened pipeline in parallel.

    python bench/bench_grading.py [--students 40] [--jobs 2] [--day day03_activations]

Two throwaway course folders get the same day and the same honest submissions (the source
notebook, i.e. the full solution, submitted by every student). The baseline folder's
nbgrader_config.py is the course's without the hardened-autograder block, so `nbgrader autograde`
there is nbgrader as shipped: one process, one student after another, kernels unsandboxed,
verdicts decided in the student's kernel. The other folder is graded by
`coursekit grade --jobs N --no-feedback`: sandboxed kernels, verdicts from evidence, integrity
analysis, N workers, the report and the grades CSV.

Both are measured here, on the same machine, in two halves ordered plain, hardened, hardened,
plain (each half grades half of the students, new ones each time), so that a change in the
machine's load during the run weighs on both alike; each pipeline pays its start-up twice. The
script prints both total wall-clock times, their ratio, the median time per student inside a
hardened worker, and checks that every student got the same autograded score from both.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--day", default="day03_activations")
    parser.add_argument("--figures", action="store_true",
                        help="hardened kernels draw figures too (Sandbox.render_figures)")
    args = parser.parse_args()
    half = args.students // 2
    halves = [range(0, half), range(half, args.students)]
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        plain = make_course(Path(tmp) / "plain", args.day, plain=True)
        hardened = make_course(Path(tmp) / "hardened", args.day, plain=False, figures=args.figures)
        print(f"{args.students} honest submissions of {args.day}, in two halves "
              "(plain, hardened, hardened, plain); hardened kernels "
              f"{'draw' if args.figures else 'do not draw'} figures")
        plain_cmd = [sys.executable, "-m", "nbgrader", "autograde", args.day]
        hard_cmd = [COURSEKIT, "grade", args.day,
                    "--jobs", str(args.jobs), "--no-feedback"]
        plain_s = hard_s = 0.0
        logs = []
        for folder, command, students in [(plain, plain_cmd, halves[0]),
                                          (hardened, hard_cmd, halves[0]),
                                          (hardened, hard_cmd, halves[1]),
                                          (plain, plain_cmd, halves[1])]:
            submit(folder, args.day, students)
            seconds, log = timed(command, folder)
            if folder == plain:
                plain_s += seconds
            else:
                hard_s += seconds
                logs.append(log)
        per_student = per_student_seconds("\n".join(logs))
        print(f"plain nbgrader autograde, serial:        {plain_s:7.1f} s")
        print(f"hardened coursekit grade --jobs {args.jobs}:       {hard_s:7.1f} s  "
              f"(median {statistics.median(per_student):.1f} s per student in a worker)")
        print(f"ratio plain / hardened:                  {plain_s / hard_s:7.2f}x "
              "(aim: at least 1.5x)")
        same = autograded_scores(plain, args.day) == autograded_scores(hardened, args.day)
        print(f"same autograded scores in both runs:     {'yes' if same else 'NO'}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
