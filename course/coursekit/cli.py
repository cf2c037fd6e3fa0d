"""The `coursekit` command: instructor tasks on the course folder.

    coursekit days                 the days in source/ with their exercises and points
    coursekit validate [day ...]   check source notebooks against the course conventions
    coursekit release [day ...]    make the student versions in release/ with nbgrader

A day is named in full ("day03_activations") or by a unique prefix ("day03"); no day means every
day in source/. Commands work from anywhere inside the course folder (the one holding
nbgrader_config.py, found from the current folder upward, or given with --root).

Adding a command: write `run_<name>(args, root) -> exit status`, and append a `Command` to
COMMANDS; its `arguments` function adds the command's options to its argparse sub-parser.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from . import notebooks

CONFIG_FILE = "nbgrader_config.py"
SOURCE, RELEASE = "source", "release"
# nbgrader's closing remarks after the real error, left out of the summary when that is there.
GENERIC_ERRORS = ("There was an error processing assignment", "Please see the the above traceback")
EXCEPTION_LINE = re.compile(r"[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b.*:")


class CourseError(Exception):
    """A problem with the course folder or the command line, shown to the user without a
    traceback."""


class NbgraderError(RuntimeError):
    """An nbgrader command failed; `command` is what ran, `output` its whole log."""

    def __init__(self, args: Sequence[str], returncode: int, output: str):
        self.command, self.returncode, self.output = ["nbgrader", *args], returncode, output
        errors = "; ".join(error_summary(output)) or "see its log"
        super().__init__(f"`nbgrader {' '.join(args)}` failed (exit {returncode}): {errors}")


# --- the course folder ---------------------------------------------------------------------------

def find_root(start: Optional[Path] = None) -> Path:
    """The course folder: `start` (default: the current folder) or the nearest folder above it
    that holds nbgrader_config.py."""
    start = Path(start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise CourseError(f"no {CONFIG_FILE} in {start} or any folder above it; run coursekit inside "
                      f"the course folder (the one that holds {CONFIG_FILE}).")


def select_days(root: Path, names: Sequence[str]) -> list:
    """The day folders meant by `names` (full names or unique prefixes); all days if none."""
    days = notebooks.course_days(root / SOURCE)
    if not names:
        return days
    chosen = []
    for name in names:
        matches = [day for day in days if day == name] or [day for day in days
                                                           if day.startswith(name)]
        if len(matches) != 1:
            what = "matches several days" if matches else "is not a day"
            raise CourseError(f"'{name}' {what} in {SOURCE}/; the days are: "
                              f"{', '.join(days) or 'none yet'}.")
        chosen += [day for day in matches if day not in chosen]
    return chosen


# --- running nbgrader ----------------------------------------------------------------------------

def tool_env(base: Optional[dict] = None) -> dict:
    """A copy of the environment (default os.environ) with this Python's bin folder first on PATH:
    nbgrader starts `alembic` and the kernel by name, and they must come from the same install."""
    env = dict(os.environ if base is None else base)
    env["PATH"] = os.pathsep.join(filter(None, [str(Path(sys.executable).parent),
                                                env.get("PATH", "")]))
    return env


def run_nbgrader(args: Sequence[str], root: Path, check: bool = True,
                 timeout: Optional[float] = None) -> subprocess.CompletedProcess:
    """Run `nbgrader <args>` from the course folder `root` with this Python; its log (stdout and
    stderr together) is in `.stdout`. NbgraderError if it fails and `check` is set."""
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root,
                            env=tool_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise NbgraderError(args, result.returncode, result.stdout)
    return result


def error_summary(log: str) -> list:
    """The ERROR entries of an nbgrader log, one line each (for a traceback, its last line)."""
    entries = []
    for line in log.splitlines():
        if line.startswith("[") and " | " in line.split("]")[0]:
            entries.append([line])
        elif entries and line.strip():
            entries[-1].append(line.strip())
    summary = []
    for entry in entries:
        if "| ERROR]" in entry[0]:
            message = entry[0].split("]", 1)[1].split(" Cell contents are:")[0].strip()
            line = _exception_line(entry) if message.startswith("Traceback") else message
            if line not in summary:
                summary.append(line)
    specific = [line for line in summary if not line.startswith(GENERIC_ERRORS)]
    return specific or summary


def _exception_line(traceback_lines: list) -> str:
    """The "SomeError: message" line of a traceback (the last one, for chained exceptions)."""
    raised = [line for line in traceback_lines if EXCEPTION_LINE.match(line)]
    return (raised or traceback_lines)[-1]


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


def day_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("days", nargs="*", metavar="day",
                        help="day folder names or unique prefixes (default: every day)")


@dataclass(frozen=True)
class Command:
    """A sub-command: its name, one-line help, the function that runs it (args, root) -> exit
    status, and the function that adds its arguments to its parser."""

    name: str
    help: str
    run: Callable[[argparse.Namespace, Path], int]
    arguments: Callable[[argparse.ArgumentParser], None] = day_arguments


COMMANDS = [
    Command("days", "list the days with their exercises and points", run_days),
    Command("validate", "check source notebooks against the course conventions", run_validate),
    Command("release", "generate release/ from source/ with nbgrader", run_release),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=None,
                        help=f"the course folder (default: the nearest folder holding "
                             f"{CONFIG_FILE}, from the current folder upward)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    from .grading.cli import commands as grading_commands  # here: it imports this module
    for command in COMMANDS + grading_commands():
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        command.arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args, find_root(args.root))
    except CourseError as err:
        print(f"coursekit: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
