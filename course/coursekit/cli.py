"""The `coursekit` command: instructor tasks on the course folder.

    coursekit days                 the days in source/ with their exercises and points
    coursekit validate [day ...]   check source notebooks against the course conventions
    coursekit release [day ...]    make the student versions in release/ with nbgrader
    coursekit answers day          after the due date, the day's worked answers for students

A day is named in full ("day03_activations") or by a unique prefix ("day03"); no day means every
day in source/. Commands work from anywhere inside the course folder (the one holding
nbgrader_config.py, found from the current folder upward, or given with --root).

Adding a command: write `run_<name>(args, root) -> exit status`, and append a `Command` (from
coursekit.course) to COMMANDS; its `arguments` function adds the command's options to its
argparse sub-parser.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import notebooks
from .course import (CONFIG_FILE, RELEASE, SOURCE, Command, CourseError, NbgraderError,
                     find_root, run_nbgrader, select_days)
from .grading import answers
from .grading.cli import commands as grading_commands
# Read as cli.<name> by tests that other work has open; they move to coursekit.course next.
from .course import error_summary, tool_env  # noqa: F401

# --- commands ------------------------------------------------------------------------------------

def describe(nb_path: Path) -> str:
    """One line: the exercises, written answers and points of a notebook."""
    nb = notebooks.load(nb_path)
    answers, written = notebooks.points_by_answer(nb), notebooks.written_points(nb)
    return (f"{_count(len(answers), 'exercise')} ({_count(sum(answers.values()), 'point')}), "
            f"{_count(len(written), 'written answer')} ({_count(sum(written.values()), 'point')}),"
            f" {_count(notebooks.total_points(nb), 'point')} in all")


def _count(n: float, noun: str) -> str:
    return f"{n:g} {noun}{'' if n == 1 else 's'}"


def run_days(args: argparse.Namespace, root: Path) -> int:
    days = select_days(root, args.days)
    if not days:
        print(f"no days in {SOURCE}/ yet")
    for day in days:
        try:
            line = describe(notebooks.day_notebook(root / SOURCE / day))
        except notebooks.NotebookError as err:
            line = f"cannot read: {err}"
        print(f"{day:<26} {line}")
    return 0


def run_validate(args: argparse.Namespace, root: Path) -> int:
    days = select_days(root, args.days)
    if not days:
        print(f"no days in {SOURCE}/ yet")
    failed = 0
    for day in days:
        problems = notebooks.check_day(root / SOURCE / day)
        if problems:
            failed += 1
            print(f"{day}: {_count(len(problems), 'problem')}")
            print("\n".join(f"  - {problem}" for problem in problems))
        else:
            print(f"{day}: ok, {describe(notebooks.day_notebook(root / SOURCE / day))}")
    if failed:
        print(f"{failed} of {len(days)} days have problems")
    return 1 if failed else 0


def release_day(root: Path, day: str) -> str:
    """Generate release/<day> with nbgrader, then strip session data from its notebooks so that
    the same source always gives the same files. Returns what was done, in one line."""
    run_nbgrader(["generate_assignment", day, "--force"], root)
    released = sorted((root / RELEASE / day).glob("*" + notebooks.NOTEBOOK_SUFFIX))
    stripped = 0
    for path in released:
        nb = notebooks.load(path)
        if notebooks.strip_run_specific(nb):
            notebooks.save(nb, path)
            stripped += 1
    note = f"; removed outputs/session data from {stripped}" if stripped else ""
    return (f"{day}: released {', '.join(p.relative_to(root).as_posix() for p in released)}"
            f"{note}")


def remove_stale_releases(root: Path) -> list:
    """Delete release/ folders whose day is no longer in source/; returns their names."""
    days = set(notebooks.course_days(root / SOURCE))
    stale = [p for p in sorted((root / RELEASE).glob("*")) if p.is_dir() and p.name not in days]
    for path in stale:
        shutil.rmtree(path)
    return [p.name for p in stale]


def run_release(args: argparse.Namespace, root: Path) -> int:
    days = select_days(root, args.days)
    if not days:
        print(f"no days in {SOURCE}/ yet")
    failed = 0
    for day in days:
        try:
            print(release_day(root, day), flush=True)
        except (NbgraderError, notebooks.NotebookError) as err:
            failed += 1
            print(f"{day}: FAILED: {err}", flush=True)
    if not args.days:
        for name in remove_stale_releases(root):
            print(f"{name}: removed {RELEASE}/{name} (no such day in {SOURCE}/)")
    if failed:
        print(f"{failed} of {len(days)} days failed; run `nbgrader generate_assignment <day> "
              "--force` in the course folder for the full log")
    return 1 if failed else 0


COMMANDS = [
    Command("days", "list the days with their exercises and points", run_days),
    Command("validate", "check source notebooks against the course conventions", run_validate),
    Command("release", "generate release/ from source/ with nbgrader", run_release),
    Command("answers", "after the due date, write the day's worked answers for students",
            answers.run_answers, answers.arguments),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=None,
                        help=f"the course folder (default: the nearest folder holding "
                             f"{CONFIG_FILE}, from the current folder upward)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    for command in COMMANDS + grading_commands():
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        command.arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    _skip_iri_grammars()
    args = build_parser().parse_args(argv)
    try:
        return args.run(args, find_root(args.root))
    except CourseError as err:
        print(f"coursekit: {err}", file=sys.stderr)
        return 2


def _skip_iri_grammars() -> None:
    """When rfc3987-syntax is installed (jupyter-events asks for it), importing jsonschema, which
    nbformat does, compiles some forty grammars for the "iri" string format: 1.5 s of every
    command's start. No notebook or nbgrader schema uses that format, so commands go without."""
    sys.modules.setdefault("rfc3987_syntax", None)


if __name__ == "__main__":
    sys.exit(main())
