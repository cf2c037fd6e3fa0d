"""The course folder and the nbgrader it runs: what every `coursekit` command (coursekit.cli,
coursekit.grading.cli) builds on.

    find_root, select_days     the course folder (the one holding nbgrader_config.py) and its days
    tool_env, run_nbgrader     running the real nbgrader from this install
    error_summary              the ERROR lines of an nbgrader log
    Command, day_arguments     how a sub-command is declared
"""
from __future__ import annotations

import argparse
import os
import re
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
